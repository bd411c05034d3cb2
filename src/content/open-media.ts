import { constants, existsSync, type Stats } from "node:fs";
import { type FileHandle, open, readlink, realpath, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** Why a media path was refused, for `/healthz` and the status sent. */
export type MediaRefusal =
  | "permission-denied"
  | "not-a-regular-file"
  | "outside-folder"
  | "not-media"
  | "symlink-loop"
  | "link-changed"
  | "read-failed";

export type OpenedMedia =
  | { readonly ok: true; readonly handle: FileHandle; readonly stats: Stats }
  | { readonly ok: false; readonly missing: true }
  | { readonly ok: false; readonly missing: false; readonly reason: MediaRefusal };

// O_NONBLOCK: opening a FIFO (or a device) must never wait in libuv's pool for a writer.
// O_NOFOLLOW: the name opened is already resolved; a link put there since is refused (ELOOP).
const OPEN_FLAGS =
  constants.O_RDONLY |
  (constants.O_NONBLOCK ?? 0) |
  (constants.O_NOCTTY ?? 0) |
  (constants.O_NOFOLLOW ?? 0);
const PROC_FD = existsSync("/proc/self/fd");

const MISSING = { ok: false, missing: true } as const;
const refuse = (reason: MediaRefusal) => ({ ok: false, missing: false, reason }) as const;

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel !== "" && rel !== ".." && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function refusalOf(error: unknown, onLoop: MediaRefusal): OpenedMedia {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR" || code === "ENAMETOOLONG") return MISSING;
  if (code === "EACCES" || code === "EPERM") return refuse("permission-denied");
  if (code === "ELOOP") return refuse(onLoop);
  if (code === "ENXIO" || code === "EISDIR") return refuse("not-a-regular-file");
  return refuse("read-failed");
}

/**
 * Where the open descriptor really is: /proc on Linux (immune to a link swapped after the open),
 * elsewhere the path resolved again, which `sameFile` then holds to the file opened.
 */
async function locate(handle: FileHandle, path: string): Promise<string> {
  return PROC_FD ? readlink(`/proc/self/fd/${handle.fd}`) : realpath(path);
}

const sameFile = (a: Stats, b: Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Open `rel` under `root` once and check the open descriptor, not the path: a regular file
 * whose real location is inside the real folder (symlinks inside it are fine). The caller
 * serves from the handle it gets, and must close it.
 */
export async function openMedia(
  root: string,
  rel: string,
  accept: (realRel: string) => boolean,
): Promise<OpenedMedia> {
  let realRoot: string;
  let handle: FileHandle;
  try {
    realRoot = await realpath(root);
    // A first look by name, so that nothing outside, and no device or FIFO, is even opened in
    // the usual case; the descriptor is checked again below, since the name may change.
    const real = await realpath(resolve(root, rel));
    if (!isInside(realRoot, real)) return refuse("outside-folder");
    // A link to an article source or a hidden file is no more servable than the file itself.
    if (!accept(relative(realRoot, real))) return refuse("not-media");
    if (!(await stat(real)).isFile()) return refuse("not-a-regular-file");
    handle = await open(real, OPEN_FLAGS);
  } catch (error) {
    return refusalOf(error, "symlink-loop");
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw refuse("not-a-regular-file");
    const located = await locate(handle, resolve(root, rel));
    if (!isInside(realRoot, located)) throw refuse("outside-folder");
    if (!accept(relative(realRoot, located))) throw refuse("not-media");
    // The path checked must lead to the file opened (a rename or swap in between fails here).
    if (!sameFile(await stat(located), stats)) throw refuse("link-changed");
    return { ok: true, handle, stats };
  } catch (error) {
    await handle.close().catch(() => {});
    if (typeof error === "object" && error !== null && "ok" in error) return error as OpenedMedia;
    return refusalOf(error, "link-changed");
  }
}
