import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";

const SETPRIV = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] as const;

/**
 * How to run a child where file modes bite. Root reads every file whatever its mode, so under
 * root the child runs as `nobody` (util-linux `setpriv`); any other user already can't.
 * `skip` says why that is impossible here: no setpriv, or `nobody` cannot run Node or enter
 * the temp folder, where the tests put the content and a copy of the built service.
 */
export function unprivilegedRunner(): {
  readonly prefix?: readonly string[];
  readonly skip?: string;
} {
  if (process.getuid?.() !== 0) return {};
  const [command, ...args] = SETPRIV;
  const probe = spawnSync(command, [...args, "true"]);
  if (probe.status !== 0) return { skip: "root, and setpriv cannot switch to nobody" };
  const script = "require('node:fs').accessSync(process.argv[1], 5)";
  const reach = spawnSync(command, [...args, process.execPath, "-e", script, tmpdir()]);
  if (reach.status !== 0) {
    return { skip: `nobody cannot run ${process.execPath} or enter ${tmpdir()}` };
  }
  return { prefix: SETPRIV };
}
