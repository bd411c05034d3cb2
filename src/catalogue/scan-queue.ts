import type { ScanReport } from "./refresh.js";

/** Runs one scan: of the whole folder, or only of `paths` when given. */
export type RunScan = (trigger: string, paths?: ReadonlySet<string>) => Promise<ScanReport>;

export interface ScanQueue {
  /**
   * Rescan the whole folder. A call while a full scan runs shares it; one while a scan of named
   * files runs waits for it.
   */
  rescan(trigger: string): Promise<ScanReport>;
  /** Scan the named files after the scan in progress; batches meanwhile merge into one scan. */
  files(trigger: string, paths: Iterable<string>): Promise<ScanReport>;
}

interface Job {
  kind: "folder" | "files";
  trigger: string;
  readonly paths: Set<string>;
  readonly promise: Promise<ScanReport>;
  readonly settle: (run: Promise<ScanReport>) => void;
}

/**
 * Scans run one at a time. At most one more waits behind the running one: named files gather
 * into it, and a full rescan asked for meanwhile takes it over (it covers them).
 */
export function createScanQueue(run: RunScan): ScanQueue {
  let running: { kind: Job["kind"]; promise: Promise<ScanReport> } | null = null;
  let waiting: Job | null = null;

  function enqueue(kind: Job["kind"], trigger: string, paths: Iterable<string> = []): Job {
    if (waiting) {
      if (kind === "folder") Object.assign(waiting, { kind, trigger });
      for (const path of paths) waiting.paths.add(path);
      return waiting;
    }
    let settle!: Job["settle"];
    const promise = new Promise<ScanReport>((resolve, reject) => {
      settle = (scan) => scan.then(resolve, reject);
    });
    const job: Job = { kind, trigger, paths: new Set(paths), promise, settle };
    waiting = job;
    pump();
    return job;
  }

  function pump(): void {
    if (running || !waiting) return;
    const job = waiting;
    waiting = null;
    const promise = run(job.trigger, job.kind === "files" ? job.paths : undefined);
    running = { kind: job.kind, promise: job.promise };
    job.settle(promise);
    promise
      .catch(() => {})
      .finally(() => {
        running = null;
        pump();
      });
  }

  return {
    rescan(trigger) {
      if (running?.kind === "folder" && !waiting) return running.promise;
      return enqueue("folder", trigger).promise;
    },
    files: (trigger, paths) => enqueue("files", trigger, paths).promise,
  };
}
