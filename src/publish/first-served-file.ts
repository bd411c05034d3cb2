import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Logger } from "../log.js";
import { createFirstServed, type FirstServed, type FirstServedRecord } from "./first-served.js";

const FILE_NAME = "last-modified.jsonl";
const HEADER = "feedmill-last-modified";
const VERSION = 1;

interface Restored {
  readonly records: FirstServedRecord[];
  readonly floor: number;
}

/** Read the log: a header line, then one `[slot, etag, at]` per line, the last one winning. */
export function readFirstServedFile(path: string): Restored | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n");
  const header = parseLine(lines[0] ?? "") as { format?: string; version?: number; floor?: number };
  if (header?.format !== HEADER || header.version !== VERSION) return null;
  let floor = typeof header.floor === "number" ? header.floor : 0;
  const bySlot = new Map<string, FirstServedRecord>();
  for (const line of lines.slice(1)) {
    const entry = parseLine(line);
    // A torn last line (a write cut short) is only a record lost: its slot restarts later.
    if (!Array.isArray(entry) || entry.length < 3) continue;
    const [slot, etag, at, recordFloor] = entry as [unknown, unknown, unknown, unknown];
    if (typeof slot !== "string" || typeof etag !== "string" || typeof at !== "number") continue;
    bySlot.set(slot, { slot, etag, at });
    if (typeof recordFloor === "number") floor = Math.max(floor, recordFloor);
  }
  return { records: [...bySlot.values()], floor };
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}

function recordLine(record: FirstServedRecord, floor?: number): string {
  const fields: unknown[] = [record.slot, record.etag, record.at];
  if (floor !== undefined) fields.push(floor);
  return `${JSON.stringify(fields)}\n`;
}

/** What the log file is rewritten from: the registry it persists. */
type Registry = ReturnType<typeof createFirstServed>;

/** The open log: where it is, its append descriptor (null once given up) and its line count. */
interface LogFile {
  readonly stateDir: string;
  readonly path: string;
  readonly logger: Logger;
  fd: number | null;
  lines: number;
}

/**
 * The first-served registry kept in `stateDir`: every new record is appended before the
 * document it stamps is sent, so even a crash never leaves an older time for bytes replaced
 * since (that would answer 304 to a client holding the newer ones). The file is rewritten whole
 * (temp name, then rename) at start and when it holds twice as many lines as slots. A write
 * that fails removes the file and goes on in memory: the next start then stamps at its own time.
 */
export function keepFirstServed(
  stateDir: string,
  logger: Logger,
  now: () => number,
): FirstServed & { close(): void } {
  const file: LogFile = { stateDir, path: join(stateDir, FILE_NAME), logger, fd: null, lines: 0 };
  const restored = readFirstServedFile(file.path);
  const registry: Registry = createFirstServed({
    now,
    ...(restored ? { restored } : {}),
    onRecord: (record, floor) =>
      append(file, registry, recordLine(record, floor > 0 ? floor : undefined)),
  });
  try {
    rewrite(file, registry);
    if (restored)
      logger.debug(
        { stateDir, documents: restored.records.length },
        "Last-Modified times restored",
      );
  } catch (error) {
    fail(file, error);
  }
  return {
    stamp: registry.stamp,
    close() {
      if (file.fd !== null) closeSync(file.fd);
      file.fd = null;
    },
  };
}

/** Write the whole registry under a temp name, rename it over the log and append from there. */
function rewrite(file: LogFile, registry: Registry): void {
  mkdirSync(file.stateDir, { recursive: true });
  const temp = join(file.stateDir, `${FILE_NAME}.${process.pid}.tmp`);
  const parts = [
    `${JSON.stringify({ format: HEADER, version: VERSION, floor: registry.floor })}\n`,
  ];
  for (const record of registry.records()) parts.push(recordLine(record));
  writeFileSync(temp, parts.join(""));
  renameSync(temp, file.path);
  if (file.fd !== null) closeSync(file.fd);
  file.fd = openSync(file.path, "a");
  file.lines = parts.length;
}

/** Append every record to the log now at the path, keeping the lines already there. */
function rejoin(file: LogFile, registry: Registry): void {
  if (file.fd !== null) closeSync(file.fd);
  file.fd = openSync(file.path, "a");
  const parts: string[] = [];
  for (const record of registry.records()) parts.push(recordLine(record));
  writeSync(file.fd, parts.join(""));
  file.lines += parts.length;
}

function append(file: LogFile, registry: Registry, line: string): void {
  if (file.fd === null) return;
  try {
    // Replaced or removed by someone else since (another process on the same folder): add
    // this instance's records to the file now there, keeping that process's records too.
    const current = statSync(file.path, { throwIfNoEntry: false });
    if (!current) rewrite(file, registry);
    else if (current.ino !== fstatSync(file.fd).ino) rejoin(file, registry);
    writeSync(file.fd, line);
    file.lines += 1;
    if (file.lines > 2 * registry.size + 1000) rewrite(file, registry);
  } catch (error) {
    fail(file, error);
  }
}

/** Stop saving: remove the log, so the next start stamps at its own time. */
function fail(file: LogFile, error: unknown): void {
  file.logger.warn(
    { err: error, stateDir: file.stateDir },
    "saving Last-Modified times failed; they restart at the next start",
  );
  try {
    if (file.fd !== null) closeSync(file.fd);
    rmSync(file.path, { force: true });
  } catch {
    // Nothing more to do: a file left behind is at worst older than this run's records.
  }
  file.fd = null;
}
