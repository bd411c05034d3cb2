import type { Health, Service } from "../catalogue/service.js";
import type { Snapshot } from "../catalogue/snapshot.js";
import type { PodcastProblem } from "../core/podcast/lint-podcast.js";
import type { Site } from "../publish/create-site.js";
import type { Post } from "./to-serving-thread.js";

/**
 * Health as sent to the serving thread, with warnings the scan's own health does not know of:
 * Apple's rules, checked before a snapshot goes live, and bodies cut by the cleaning budget.
 */
export class EngineHealth {
  readonly #post: Post;
  readonly #site: Site;
  readonly #podcastProblems = new WeakMap<Snapshot, readonly PodcastProblem[]>();
  #service: Service | undefined;

  constructor(post: Post, site: Site) {
    this.#post = post;
    this.#site = site;
  }

  /** Until the first scan is done there is no service, and nothing is added. */
  attach(service: Service): void {
    this.#service = service;
  }

  podcastChecked(snapshot: Snapshot, problems: readonly PodcastProblem[]): void {
    this.#podcastProblems.set(snapshot, problems);
  }

  send(health: Health): void {
    this.#post({ type: "health", health: this.#withWarnings(health) });
  }

  /** Send the service's health again: a render found a new warning. */
  resend(): void {
    if (this.#service) this.send(this.#service.health());
  }

  #withWarnings(health: Health): Health {
    const snapshot = this.#service?.current();
    if (!snapshot) return health;
    const more = [
      ...(this.#podcastProblems.get(snapshot) ?? []),
      ...this.#site.truncatedBodies(snapshot),
    ];
    return more.length === 0 ? health : { ...health, warnings: [...health.warnings, ...more] };
  }
}
