import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { stripIllegalXmlChars } from "../../src/core/feeds/xml/xml-chars.js";

/** What a validator said about one document: `ok`, or the messages explaining why not. */
export interface Verdict {
  readonly ok: boolean;
  readonly errors: readonly string[];
}

const SCHEMAS = resolve(fileURLToPath(import.meta.url), "../../schemas");
const ATOM_RNC = join(SCHEMAS, "atom.rnc");

const VALID: Verdict = { ok: true, errors: [] };

function verdict(errors: readonly string[]): Verdict {
  return errors.length === 0 ? VALID : { ok: false, errors };
}

/**
 * Characters that must not appear in a feed. Checked on the JS string: a lone surrogate would be
 * encoded as U+FFFD on its way to xmllint and slip past it.
 */
function illegalCharErrors(text: string): string[] {
  return stripIllegalXmlChars(text) === text ? [] : ["contains characters XML 1.0 forbids"];
}

/** Run `command` on each document written to a temporary file; the callback reads its output. */
function withTempFiles<T>(
  documents: readonly string[],
  extension: string,
  run: (paths: readonly string[]) => T,
): T {
  const dir = mkdtempSync(join(tmpdir(), "feedmill-validate-"));
  try {
    const paths = documents.map((document, index) => {
      const path = join(dir, `doc-${index}.${extension}`);
      writeFileSync(path, document, "utf8");
      return path;
    });
    return run(paths);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Split a validator's output into per-file messages, matched by the file path each line names. */
function messagesPerFile(output: string, paths: readonly string[]): string[][] {
  const lines = output.split("\n").filter((line) => line.trim() !== "");
  return paths.map((path) => lines.filter((line) => line.includes(path)));
}

function runTool(command: string, args: readonly string[], input?: string) {
  const result = spawnSync(command, args, { input, encoding: "utf8", maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  // jing prints classpath warnings about optional jars it does not need.
  const stderr = result.stderr
    .split("\n")
    .filter((line) => !line.startsWith("[warning]"))
    .join("\n");
  return { status: result.status, output: `${result.stdout}\n${stderr}`.trim() };
}

/** XML 1.0 well-formedness, judged by libxml2 (`xmllint --noout -`, document on stdin). */
export function checkWellFormedXml(xml: string): Verdict {
  const illegal = illegalCharErrors(xml);
  if (illegal.length > 0) return verdict(illegal);
  const { status, output } = runTool("xmllint", ["--noout", "--nonet", "-"], xml);
  return status === 0 ? VALID : verdict([output || `xmllint exited with ${status}`]);
}

/** Well-formedness of many documents in one xmllint run; one verdict per document. */
export function checkWellFormedXmlBatch(documents: readonly string[]): Verdict[] {
  if (documents.length === 0) return [];
  return withTempFiles(documents, "xml", (paths) => {
    const { status, output } = runTool("xmllint", ["--noout", "--nonet", ...paths]);
    const perFile = messagesPerFile(output, paths);
    return documents.map((document, index) => {
      const errors = [...illegalCharErrors(document), ...(perFile[index] ?? [])];
      if (status !== 0 && errors.length === 0 && perFile.every((m) => m.length === 0)) {
        errors.push(output || `xmllint exited with ${status}`);
      }
      return verdict(errors);
    });
  });
}

/** Atom documents against the RFC 4287 Appendix B RELAX NG schema, with jing (one JVM run). */
export function validateAtomBatch(documents: readonly string[]): Verdict[] {
  if (documents.length === 0) return [];
  return withTempFiles(documents, "xml", (paths) => {
    const { status, output } = runTool("jing", ["-c", ATOM_RNC, ...paths]);
    const perFile = messagesPerFile(output, paths);
    if (status !== 0 && perFile.every((messages) => messages.length === 0)) {
      // jing failed without naming a document (e.g. the schema itself is broken).
      return documents.map(() => verdict([output || `jing exited with ${status}`]));
    }
    return perFile.map((messages) => verdict(messages));
  });
}

/** One Atom document against the RFC 4287 schema. */
export function validateAtom(xml: string): Verdict {
  const [result] = validateAtomBatch([xml]);
  return result ?? verdict(["jing returned no verdict"]);
}

// ajv-formats is CommonJS with an `exports.default`; under NodeNext the plugin is that property.
const addFormats = addFormatsModule.default;

let jsonFeedValidator: ValidateFunction | undefined;

function compileJsonFeedSchema(): ValidateFunction {
  const schema: unknown = JSON.parse(
    readFileSync(join(SCHEMAS, "json-feed-1.1.schema.json"), "utf8"),
  );
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(schema as object);
}

function illegalStringsIn(value: unknown, path: string): string[] {
  if (typeof value === "string") {
    return stripIllegalXmlChars(value) === value ? [] : [`${path}: forbidden characters`];
  }
  if (Array.isArray(value))
    return value.flatMap((inner, i) => illegalStringsIn(inner, `${path}/${i}`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) =>
      illegalStringsIn(inner, `${path}/${key}`),
    );
  }
  return [];
}

/** JSON Feed 1.1: parses, matches the schema, and holds no lone surrogate or control character. */
export function validateJsonFeed(json: string): Verdict {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return verdict([`not JSON: ${(error as Error).message}`]);
  }
  jsonFeedValidator ??= compileJsonFeedSchema();
  const errors = jsonFeedValidator(value)
    ? []
    : (jsonFeedValidator.errors ?? []).map(
        (error) => `${error.instancePath || "/"} ${error.message ?? error.keyword}`,
      );
  return verdict([...errors, ...illegalStringsIn(value, "")]);
}
