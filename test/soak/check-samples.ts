import { createHash } from "node:crypto";
import { XMLValidator } from "fast-xml-parser";
import { checkWellFormedXmlBatch, validateJsonFeed } from "../helpers/validate-feed.js";
import type { Sample } from "./load.js";

/** The strong validator the service computes for a body (`createRenderedDocument`). */
export function etagOf(body: Buffer): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 32)}"`;
}

export interface SampleChecks {
  /** Check one sampled 200 response now (cheap checks); parsing waits for `finish`. */
  check(sample: Sample): string[];
  /** Parse the kept feed bodies (XMLValidator, JSON Feed schema, xmllint on a few). */
  finish(): string[];
  readonly counts: {
    etag: number;
    html: number;
    xml: number;
    json: number;
    xmllint: number;
  };
}

export interface SampleLimits {
  /** Feed bodies kept for parsing after the load, per format (a uniform sample of the run). */
  readonly keepPerFormat: number;
  /** How many of the kept XML bodies xmllint reads too. */
  readonly xmllint: number;
  readonly random?: () => number;
}

/**
 * The full checks of a sampled response. The ETag must be the hash of exactly these bytes: a body
 * of one snapshot sent with the headers of another (a torn read) would fail it. Parsing a 200 KB
 * feed takes tens of milliseconds, which would stall the load loop (and the churn timer beside
 * it), so feed bodies are kept in a reservoir and parsed once the load is over.
 */
export function createSampleChecks(limits: SampleLimits): SampleChecks {
  const random = limits.random ?? Math.random;
  const kept = { xml: [] as Sample[], json: [] as Sample[] };
  const offered = { xml: 0, json: 0 };
  const counts = { etag: 0, html: 0, xml: 0, json: 0, xmllint: 0 };
  const keep = (kind: "xml" | "json", sample: Sample) => {
    offered[kind] += 1;
    const reservoir = kept[kind];
    if (reservoir.length < limits.keepPerFormat) reservoir.push(sample);
    else {
      const slot = Math.floor(random() * offered[kind]);
      if (slot < reservoir.length) reservoir[slot] = sample;
    }
  };
  return {
    counts,
    check(sample) {
      const { target, etag, body } = sample;
      const failures: string[] = [];
      const expected = etagOf(body);
      if (etag !== expected)
        failures.push(`${target.path}: ETag ${etag} but body hashes to ${expected}`);
      counts.etag += 1;
      if (target.kind === "html") {
        const text = body.toString("utf8");
        if (!/^<!doctype html>/i.test(text) || !text.trimEnd().endsWith("</html>")) {
          failures.push(`${target.path}: not a whole HTML page`);
        }
        counts.html += 1;
      } else {
        keep(target.kind, sample);
      }
      return failures;
    },
    finish() {
      const failures: string[] = [];
      for (const { target, body } of kept.xml) {
        const verdict = XMLValidator.validate(body.toString("utf8"));
        if (verdict !== true) failures.push(`${target.path}: not well-formed: ${verdict.err.msg}`);
        counts.xml += 1;
      }
      for (const { target, body } of kept.json) {
        const verdict = validateJsonFeed(body.toString("utf8"));
        if (!verdict.ok) failures.push(`${target.path}: ${verdict.errors.slice(0, 3).join("; ")}`);
        counts.json += 1;
      }
      const few = kept.xml.slice(0, limits.xmllint);
      const verdicts = checkWellFormedXmlBatch(few.map((s) => s.body.toString("utf8")));
      counts.xmllint = verdicts.length;
      verdicts.forEach((verdict, i) => {
        if (!verdict.ok) {
          failures.push(
            `${few[i]?.target.path}: xmllint: ${verdict.errors.join("; ").slice(0, 300)}`,
          );
        }
      });
      return failures;
    },
  };
}
