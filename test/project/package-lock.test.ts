import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface LockEntry {
  readonly optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(
  readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8"),
) as {
  readonly packages: Record<string, LockEntry>;
};

/** Where npm looks for `name` from the package at `from`: its own node_modules, then each parent's. */
function resolves(from: string, name: string): boolean {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return true;
    if (!base) return false;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

describe("package-lock.json", () => {
  // A lock written from one platform's node_modules can lose the other platforms' optional
  // packages; `npm ci` (the Dockerfile's install) then refuses the whole lock.
  it("lists every optional dependency, for every platform, so `npm ci` accepts it", () => {
    const missing = Object.entries(lock.packages).flatMap(([path, entry]) =>
      Object.keys(entry.optionalDependencies ?? {})
        .filter((name) => !resolves(path, name))
        .map((name) => `${path || "(root)"} → ${name}`),
    );
    expect(missing).toEqual([]);
  });
});
