import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The programs the benchmark runs, and the Debian package of each. */
const TOOLS = [
  { command: "hugo", debian: "hugo", why: "the static-generator reference" },
  { command: "nginx", debian: "nginx-light", why: "the static-file serving reference" },
  { command: "wrk", debian: "wrk", why: "the C load generator" },
  { command: "/usr/bin/time", debian: "time", why: "peak RSS of child processes" },
] as const;

function installed(command: string): boolean {
  const candidates = command.includes("/")
    ? [command]
    : (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, command));
  return candidates.some((path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Make sure every reference program is there before an hour of measuring starts: install the
 * missing ones from Debian when running as root, else stop with the command that would.
 */
export function ensureTools(log: (line: string) => void): void {
  const missing = TOOLS.filter((tool) => !installed(tool.command));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debian);
  const install = ["apt-get", "install", "-y", "--no-install-recommends", ...packages];
  const list = missing.map((tool) => `${tool.command} (${tool.why})`).join(", ");
  const canInstall = process.getuid?.() === 0 && installed("apt-get");
  if (!canInstall) {
    throw new Error(`missing ${list}; install them with: sudo ${install.join(" ")}`);
  }
  log(`installing ${packages.join(", ")} for ${list}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["apt-get", "update", "-qq"], install]) {
    const [command, ...rest] = args as [string, ...string[]];
    const result = spawnSync(command, rest, { env, stdio: ["ignore", "ignore", "inherit"] });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed (exit ${result.status})`);
  }
  const still = missing.filter((tool) => !installed(tool.command));
  if (still.length > 0)
    throw new Error(`still missing after install: ${still.map((t) => t.command)}`);
}
