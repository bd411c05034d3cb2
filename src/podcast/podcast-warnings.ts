import type { Snapshot } from "../catalogue/snapshot.js";
import type { Config } from "../config.js";
import type { PodcastProblem } from "../core/podcast/lint-podcast.js";
import { checkPodcast } from "./check-podcast.js";

/** `/healthz` warnings: Apple's rules checked once per snapshot, never making the status degraded. */
export function createPodcastWarnings(
  config: Config,
): (snapshot: Snapshot) => Promise<readonly PodcastProblem[]> {
  const checked = new WeakMap<Snapshot, Promise<readonly PodcastProblem[]>>();
  return (snapshot) => {
    let problems = checked.get(snapshot);
    if (problems === undefined) {
      problems = checkPodcast(config, snapshot.articles).catch(() => []);
      checked.set(snapshot, problems);
    }
    return problems;
  };
}
