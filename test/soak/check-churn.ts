import type { ChurnEvent, ChurnSummary } from "../../bench/churn.js";

/** A churn event and when it happened (Date.now()). */
export type TimedEvent = ChurnEvent & { readonly at: number };

/** What the feeds hold after the final rescan: item URL → title, over every archive. */
export type Served = ReadonlyMap<string, string>;

/**
 * A good version must have been on disk this long before it broke for the service to have
 * surely read it (scans run every second; one may take a while under load).
 */
export const SURELY_SEEN_MS = 3000;

const GOOD_WRITES = new Set(["add", "edit", "edit-atomic", "truncate", "repair", "rename"]);
const TITLE = /^Churn article (\d+) rev (\d+)$/;

/** The item URL of a content file: the slug is its path without the extension. */
export function itemUrl(baseUrl: string, path: string): string {
  const slug = path.replace(/\.[^./]+$/, "");
  return `${baseUrl}/articles/${slug.split("/").map(encodeURIComponent).join("/")}`;
}

/** When the good version titled `title` was written at `path`, and when it first broke after. */
function goodWindow(events: readonly TimedEvent[], path: string, title: string) {
  let wrote: number | undefined;
  let broke: number | undefined;
  for (const event of events) {
    if (event.path !== path) continue;
    if (GOOD_WRITES.has(event.action) && event.title === title) {
      wrote = event.at;
      broke = undefined;
    } else if (wrote !== undefined && broke === undefined && event.action.startsWith("break")) {
      broke = event.at;
    }
  }
  return { wrote, broke };
}

/** An earlier good revision of the same article: what the service saw last before it broke. */
function isEarlierRevision(served: string, lastGood: string): boolean {
  const a = TITLE.exec(served);
  const b = TITLE.exec(lastGood);
  return a !== null && b !== null && a[1] === b[1] && Number(a[2]) <= Number(b[2]);
}

/**
 * Compare the feeds with what churn left on disk: every live article served with its current
 * title, no deleted one, a broken file's last good version still served (exactly when the
 * service surely read it, else an earlier revision or nothing), a never-good one absent.
 * Returns the number of checks and the failures.
 */
export function checkChurnOutcome(
  summary: ChurnSummary,
  events: readonly TimedEvent[],
  served: Served,
  baseUrl: string,
  reported: readonly ReportedError[],
): { checks: number; failures: string[]; strictBroken: number; lenientBroken: number } {
  const errorOf = (path: string) => {
    const error = reported.find((e) => e.path === path);
    return error ? ` (/healthz: ${error.code}: ${error.reason})` : "";
  };
  const failures: string[] = [];
  let checks = 0;
  let strictBroken = 0;
  let lenientBroken = 0;
  for (const [path, { title }] of summary.live) {
    checks += 1;
    const got = served.get(itemUrl(baseUrl, path));
    if (got !== title)
      failures.push(`live ${path}: served ${JSON.stringify(got)}, want "${title}"`);
  }
  for (const path of summary.deleted) {
    checks += 1;
    const got = served.get(itemUrl(baseUrl, path));
    if (got !== undefined) {
      failures.push(`deleted ${path} is still served as "${got}"${errorOf(path)}`);
    }
  }
  for (const [path, { lastGoodTitle }] of summary.broken) {
    checks += 1;
    const got = served.get(itemUrl(baseUrl, path));
    if (lastGoodTitle === undefined) {
      if (got !== undefined) failures.push(`never-good ${path} is served as "${got}"`);
      continue;
    }
    const { wrote, broke } = goodWindow(events, path, lastGoodTitle);
    const surelySeen =
      wrote !== undefined && broke !== undefined && broke - wrote >= SURELY_SEEN_MS;
    if (surelySeen) {
      strictBroken += 1;
      if (got !== lastGoodTitle) {
        failures.push(
          `broken ${path}: served ${JSON.stringify(got)}, last good "${lastGoodTitle}"`,
        );
      }
    } else {
      lenientBroken += 1;
      if (got !== undefined && !isEarlierRevision(got, lastGoodTitle)) {
        failures.push(`broken ${path}: served "${got}", not a revision up to "${lastGoodTitle}"`);
      }
    }
  }
  return { checks, failures, strictBroken, lenientBroken };
}

/** A file `/healthz` lists under `errors`. */
export interface ReportedError {
  readonly path: string;
  readonly code: string;
  readonly reason: string;
}

/** `/healthz` lists every broken churn file, no live one, and no file churn removed. */
export function checkReportedErrors(
  summary: ChurnSummary,
  errors: readonly ReportedError[],
): { checks: number; failures: string[] } {
  const failures: string[] = [];
  const reported = new Set(errors.map((e) => e.path));
  for (const path of summary.broken.keys()) {
    if (!reported.has(path)) failures.push(`broken ${path} is not in /healthz errors`);
  }
  for (const path of summary.live.keys()) {
    if (reported.has(path)) failures.push(`live ${path} is reported in /healthz errors`);
  }
  for (const error of errors) {
    if (
      summary.deleted.has(error.path) &&
      !summary.broken.has(error.path) &&
      !summary.live.has(error.path)
    ) {
      failures.push(`deleted ${error.path} is still reported: ${error.code}: ${error.reason}`);
    }
  }
  return { checks: summary.broken.size + summary.live.size + errors.length, failures };
}
