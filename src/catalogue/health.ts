import type { PodcastProblem } from "../core/podcast/lint-podcast.js";
import type { ContentError, ContentWarning } from "../core/types.js";
import { limitWarnings } from "./limit-warnings.js";
import type { ScanReport } from "./refresh.js";
import type { Snapshot } from "./snapshot.js";

/** What `/healthz` reports. */
export interface Health {
  readonly status: "ok" | "degraded";
  readonly articles: number;
  readonly lastScan: ScanReport | null;
  /** Why the last scan failed as a whole (e.g. the folder vanished), if it did. */
  readonly scanError: string | null;
  readonly errors: readonly Pick<ContentError, "path" | "code" | "reason">[];
  /** What was left out to stay within a limit, and Apple's rules' findings; not degraded. */
  readonly warnings: readonly (ContentWarning | PodcastProblem)[];
}

/** What the health is made of: the snapshot served and how the last scan went. */
export interface HealthInputs {
  readonly snapshot: Snapshot | null;
  readonly lastScan: ScanReport | null;
  readonly scanError: string | null;
}

/** Degraded while a file has an error or the last scan failed as a whole. */
export function healthOf({ snapshot, lastScan, scanError }: HealthInputs): Health {
  const errors = snapshot?.errors ?? [];
  return {
    status: errors.length > 0 || scanError !== null ? "degraded" : "ok",
    articles: snapshot?.articles.length ?? 0,
    lastScan,
    scanError,
    errors: errors.map(({ path, code, reason }) => ({ path, code, reason })),
    warnings: snapshot ? limitWarnings(snapshot) : [],
  };
}
