import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { createPollMetrics, type PollMetrics } from "./poll-metrics.js";

/** The service's Prometheus metrics, on a registry of its own (so tests can create many). */
export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"route" | "status">;
  readonly scanDuration: Histogram;
  readonly articles: Gauge;
  readonly fileErrors: Gauge;
  readonly scans: Counter<"result">;
  /** Feed polling by client family (src/metrics/poll-metrics.ts). */
  readonly polls: PollMetrics;
}

/**
 * `feedmill_http_requests_total{route,status}` counts every response; the 304 share is
 * `sum(rate(feedmill_http_requests_total{status="304"}[5m])) / sum(rate(feedmill_http_requests_total[5m]))`.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  // Node's process metrics (CPU, memory, heap, event loop lag, GC), on this registry only.
  collectDefaultMetrics({ register: registry });
  return {
    polls: createPollMetrics(registry),
    registry,
    requests: new Counter({
      name: "feedmill_http_requests_total",
      help: "HTTP responses by route and status",
      labelNames: ["route", "status"],
      registers: [registry],
    }),
    scanDuration: new Histogram({
      name: "feedmill_scan_duration_seconds",
      help: "Duration of content folder scans",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    articles: new Gauge({
      name: "feedmill_articles",
      help: "Articles live in the feeds",
      registers: [registry],
    }),
    fileErrors: new Gauge({
      name: "feedmill_file_errors",
      help: "Content files with errors (their last good version is served)",
      registers: [registry],
    }),
    scans: new Counter({
      name: "feedmill_scans_total",
      help: "Scans by result (changed, unchanged, failed)",
      labelNames: ["result"],
      registers: [registry],
    }),
  };
}
