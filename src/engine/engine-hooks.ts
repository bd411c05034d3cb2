import { writeSync } from "node:fs";
import type { PackOptions } from "../content/source-store.js";
import type { EngineHooks } from "./engine-messages.js";

/** Block this thread at `at` while the test's gate is shut, once `armed` (see `EngineHooks`). */
export function holdFor(hooks: EngineHooks | undefined, armed: () => boolean) {
  return (at: "prepare" | "render"): void => {
    const gate = hooks?.hold?.at === at ? hooks.hold.gate : undefined;
    if (!gate || !armed()) return;
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    Atomics.wait(gate, 0, 0);
    Atomics.store(gate, 1, 0);
  };
}

/** A pack writer that fails as a full disk does while `flag[0]` is 1 (tests). */
export function failingWhen(flag: Int32Array): NonNullable<PackOptions["writeSync"]> {
  return (fd, bytes, offset, length, position) => {
    if (Atomics.load(flag, 0) === 1) {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    }
    return writeSync(fd, bytes, offset, length, position);
  };
}
