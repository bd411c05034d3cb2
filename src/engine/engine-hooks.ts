import { write, writeSync } from "node:fs";
import type { PackDisk } from "../content/source-pack.js";
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

/** Node's `fs` writes, failing as a full disk does while `flag[0]` is 1 (tests). */
export function failingWhen(flag: Int32Array): PackDisk {
  const full = () =>
    Atomics.load(flag, 0) === 1
      ? Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" })
      : null;
  return {
    writeSync(fd, bytes, offset, length, position) {
      const error = full();
      if (error) throw error;
      return writeSync(fd, bytes, offset, length, position);
    },
    write(fd, bytes, offset, length, position, done) {
      const error = full();
      if (error) setImmediate(() => done(error, 0));
      else write(fd, bytes, offset, length, position, done);
    },
  };
}
