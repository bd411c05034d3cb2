import {
  describeValue,
  type FieldRead,
  fieldProblem,
  fieldValue,
  ownField,
} from "../parse/read-field.js";
import type { EpisodeMeta, Person, Transcript } from "../types.js";
import { resolveHttpUrl } from "./resolve-http-url.js";

type Data = Readonly<Record<string, unknown>>;

/** The front matter fields of an episode, each read by `normalizeEpisode`. */
export const EPISODE_KEYS = [
  "explicit",
  "season",
  "episode",
  "episodeType",
  "transcript",
  "chapters",
  "person",
  "persons",
] as const;

const EPISODE_TYPES = ["full", "trailer", "bonus"] as const;

/** Transcript types by extension, as the Podcasting 2.0 transcript tag names them. */
const TRANSCRIPT_TYPES: Readonly<Record<string, string>> = {
  vtt: "text/vtt",
  srt: "application/x-subrip",
  json: "application/json",
  html: "text/html",
  htm: "text/html",
  txt: "text/plain",
};

/** The transcript type of a file, from its extension; undefined when feedmill cannot tell. */
export function transcriptType(url: string): string | undefined {
  const match = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname);
  return match?.[1] === undefined ? undefined : TRANSCRIPT_TYPES[match[1].toLowerCase()];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const listOf = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;

/**
 * An episode's podcast fields (Apple's `itunes:` and Podcasting 2.0's `podcast:` item tags).
 * Relative URLs resolve against the article's folder, as the enclosure's do. A value Apple or
 * the namespace would refuse (`explicit: maybe`) is an error naming the field, not a guess.
 */
export function normalizeEpisode(data: Data, mediaBase: string): FieldRead<EpisodeMeta> {
  const explicit = readExplicit(ownField(data, "explicit"));
  if (!explicit.ok) return explicit;
  const season = readNumbered("season", ownField(data, "season"), "name", true);
  if (!season.ok) return season;
  const episode = readNumbered("episode", ownField(data, "episode"), "display", false);
  if (!episode.ok) return episode;
  const type = ownField(data, "episodeType");
  if (type !== undefined && !EPISODE_TYPES.includes(type as (typeof EPISODE_TYPES)[number])) {
    return fieldProblem(
      `The field "episodeType" should be full, trailer or bonus, not ${describeValue(type)}.`,
    );
  }
  const transcripts = readTranscripts(ownField(data, "transcript"), mediaBase);
  if (!transcripts.ok) return transcripts;
  const chapters = readChapters(ownField(data, "chapters"), mediaBase);
  if (!chapters.ok) return chapters;
  const persons = readPersons([ownField(data, "person"), ownField(data, "persons")], mediaBase);
  if (!persons.ok) return persons;
  return fieldValue(
    Object.freeze({
      ...(explicit.value === undefined ? {} : { explicit: explicit.value }),
      ...(season.value === undefined ? {} : { season: season.value }),
      ...(episode.value === undefined ? {} : { episode: episodeNumber(episode.value) }),
      ...(type === undefined ? {} : { episodeType: type as EpisodeMeta["episodeType"] }),
      transcripts: transcripts.value,
      ...(chapters.value === undefined ? {} : { chapters: chapters.value }),
      persons: persons.value,
    }),
  );
}

function episodeNumber({ number, name }: { number: number; name?: string }) {
  return name === undefined ? { number } : { number, display: name };
}

/** Apple accepts `true` and `false` only (its older `yes`/`clean` are gone). */
function readExplicit(value: unknown): FieldRead<boolean | undefined> {
  if (value === undefined || typeof value === "boolean") return fieldValue(value);
  if (value === "true" || value === "false") return fieldValue(value === "true");
  return fieldProblem(
    `The field "explicit" should be true or false, as Apple Podcasts requires, not ${describeValue(value)}.`,
  );
}

/** `season: 2`, `season: {number: 2, name: …}`; episode numbers may be decimal, seasons not. */
function readNumbered(
  key: string,
  value: unknown,
  label: string,
  whole: boolean,
): FieldRead<{ number: number; name?: string } | undefined> {
  if (value === undefined || value === null) return fieldValue(undefined);
  const fields = isRecord(value) ? value : { number: value };
  const raw = typeof fields.number === "string" ? Number(fields.number) : fields.number;
  const ok = typeof raw === "number" && Number.isFinite(raw) && raw >= 0;
  if (!ok || (whole && !Number.isInteger(raw))) {
    return fieldProblem(
      `The field "${key}" should be a ${whole ? "whole " : ""}number, or {number, ${label}}, not ${describeValue(value)}.`,
    );
  }
  const name = text(fields[label]);
  return fieldValue({ number: raw, ...(name === undefined ? {} : { name }) });
}

function readTranscripts(value: unknown, mediaBase: string): FieldRead<readonly Transcript[]> {
  const transcripts: Transcript[] = [];
  for (const entry of listOf(value)) {
    const fields = isRecord(entry) ? entry : { url: entry };
    const url = typeof fields.url === "string" ? resolveHttpUrl(fields.url, mediaBase) : undefined;
    if (url === undefined) return fieldProblem(`The field "transcript" has no usable http(s) url.`);
    const type = text(fields.type) ?? transcriptType(url);
    if (type === undefined) {
      return fieldProblem(`The type of the transcript ${url} is unknown; give it a "type".`);
    }
    const language = text(fields.language);
    const rel = text(fields.rel);
    transcripts.push(
      Object.freeze({
        url,
        type,
        ...(language === undefined ? {} : { language }),
        ...(rel === undefined ? {} : { rel }),
      }),
    );
  }
  return fieldValue(Object.freeze(transcripts));
}

function readChapters(value: unknown, mediaBase: string): FieldRead<string | undefined> {
  if (value === undefined || value === null) return fieldValue(undefined);
  const ref = isRecord(value) ? value.url : value;
  const url = typeof ref === "string" ? resolveHttpUrl(ref, mediaBase) : undefined;
  return url === undefined
    ? fieldProblem(`The field "chapters" should be the URL of a JSON chapters file.`)
    : fieldValue(url);
}

function readPersons(values: readonly unknown[], mediaBase: string): FieldRead<readonly Person[]> {
  const persons: Person[] = [];
  for (const entry of values.flatMap(listOf)) {
    const fields = isRecord(entry) ? entry : { name: entry };
    const name = text(fields.name);
    if (name === undefined) return fieldProblem(`Each "person" needs a name.`);
    const optional: Record<string, string> = {};
    for (const key of ["role", "group"] as const) {
      const value = text(fields[key]);
      if (value !== undefined) optional[key] = value;
    }
    for (const key of ["img", "href"] as const) {
      const ref = text(fields[key]);
      const url = ref === undefined ? undefined : resolveHttpUrl(ref, mediaBase);
      if (url !== undefined) optional[key] = url;
    }
    persons.push(Object.freeze({ name, ...optional }));
  }
  return fieldValue(Object.freeze(persons));
}
