import { validate as validateCron } from "node-cron";
import { z } from "zod";
import { findInvalidSelectors } from "../core/clean/junk-selectors.js";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const authorSchema = z.strictObject({
  name: z.string().min(1),
  email: z.string().email().optional(),
  url: z.string().url().optional(),
});

const nullableString = z.string().min(1).nullable().default(null);

const personSchema = z.strictObject({
  name: z.string().min(1),
  role: z.string().min(1).optional(),
  group: z.string().min(1).optional(),
  img: z.string().url().optional(),
  href: z.string().url().optional(),
});

const SWITCH_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  on: true,
  off: false,
  yes: true,
  no: false,
};

/** A boolean that the environment can set as `true`/`false`, `1`/`0`, `on`/`off` or `yes`/`no`. */
const switchSchema = z.preprocess(
  (value) =>
    typeof value === "string" ? (SWITCH_WORDS[value.trim().toLowerCase()] ?? value) : value,
  z.boolean({ error: "must be true or false" }),
);

/** The shape of `config/default.json` merged with `CONFIG_FILE` and the environment. */
export const configSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  baseUrl: z.string().url().nullable(),
  contentDir: z.string().min(1),
  stateDir: z.string().min(1).nullable(),
  scanCron: z.string().refine((value) => validateCron(value), "not a valid cron expression"),
  watch: switchSchema,
  allowEmpty: switchSchema,
  feedLimit: z.coerce.number().int().min(1).max(1000),
  adminToken: z
    .string()
    .min(16, "must be at least 16 characters (it guards POST /admin/rescan)")
    .nullable(),
  logLevel: z.enum(LOG_LEVELS),
  cacheControl: z.string().min(1),
  maxFileBytes: z.coerce.number().int().min(1),
  maxTagsPerArticle: z.coerce.number().int().min(0),
  maxTagFeeds: z.coerce.number().int().min(0),
  readConcurrency: z.coerce.number().int().min(0).max(1024),
  site: z.strictObject({
    title: z.string().min(1),
    description: z.string(),
    language: z.string().min(2),
    author: authorSchema.nullable().default(null),
    copyright: nullableString,
    icon: nullableString,
    logo: nullableString,
    favicon: nullableString,
    idPrefix: nullableString,
  }),
  podcast: z
    .strictObject({
      category: z.string().min(1),
      subcategory: nullableString,
      explicit: z.boolean(),
      ownerName: z.string().min(1),
      ownerEmail: z.string().email(),
      image: z.string().min(1),
      type: z.enum(["episodic", "serial"]),
      // Podcasting 2.0 and feed moves; every one optional.
      guid: z
        .string()
        .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID")
        .nullable()
        .default(null),
      locked: z.boolean().nullable().default(null),
      funding: z
        .array(z.strictObject({ url: z.string().url(), text: z.string().min(1) }))
        .default([]),
      persons: z.array(personSchema).default([]),
      newFeedUrl: z.string().url().nullable().default(null),
    })
    .nullable(),
  media: z.strictObject({
    extensions: z.array(z.string().regex(/^\.[a-z0-9]+$/, "each extension is like '.mp3'")),
    cacheControl: z.string().min(1),
  }),
  clean: z.strictObject({
    junkSelectors: z.array(z.string().min(1)).superRefine((selectors, ctx) => {
      for (const selector of findInvalidSelectors(selectors)) {
        ctx.addIssue({ code: "custom", message: `not a valid CSS selector: ${selector}` });
      }
    }),
  }),
  websub: z.strictObject({
    hub: z.string().url().nullable(),
  }),
  server: z
    .strictObject({
      maxConnections: z.coerce.number().int().min(1),
      maxConnectionsPerSource: z.coerce.number().int().min(0),
      headersTimeout: z.coerce.number().int().min(1),
      requestTimeout: z.coerce.number().int().min(1),
      keepAliveTimeout: z.coerce.number().int().min(1),
    })
    .refine((server) => server.headersTimeout <= server.requestTimeout, {
      message: "headersTimeout must not exceed requestTimeout",
      path: ["headersTimeout"],
    }),
  podping: z
    .strictObject({
      endpoint: z.string().url().nullable().default(null),
      token: z.string().min(1).nullable().default(null),
    })
    .default({ endpoint: null, token: null }),
  // Old path → new path or URL, answered with 301 (feeds moved here from another layout).
  moved: z
    .record(
      z.string().regex(/^\/[^?#]*$/, "each old path starts with / and has no query"),
      z.string().regex(/^(?:\/|https?:\/\/)/, "a path starting with / or an http(s) URL"),
    )
    .default({}),
});

export type RawConfig = z.infer<typeof configSchema>;
