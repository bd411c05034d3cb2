/** The outcome of reading one front matter field: a value, or why it cannot be used. */
export type FieldRead<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/** A successful read. */
export function fieldValue<T>(value: T): FieldRead<T> {
  return { ok: true, value };
}

/** A failed read; `reason` is a sentence naming the field. */
export function fieldProblem<T>(reason: string): FieldRead<T> {
  return { ok: false, reason };
}

/** A field's own value: never one inherited through the prototype (`constructor`, …). */
export function ownField(data: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

/** The first of `keys` that is set (not missing, null or blank), with its key. */
export function findField(
  data: Readonly<Record<string, unknown>>,
  keys: readonly string[],
): { readonly key: string; readonly value: unknown } | undefined {
  for (const key of keys) {
    const value = ownField(data, key);
    if (value === null || value === undefined) continue;
    if (typeof value === "string" && value.trim() === "") continue;
    return { key, value };
  }
  return undefined;
}

/** Describe a value's YAML shape for an error message: "a list", "a mapping", "true". */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (typeof value === "object" && value !== null) return "a mapping";
  return JSON.stringify(value) ?? String(value);
}

/**
 * A scalar as text: strings as written, numbers and booleans spelled out (`title: 1984`), YAML
 * dates as ISO. Lists and mappings are not text.
 */
export function readText(key: string, value: unknown): FieldRead<string> {
  if (typeof value === "string") return fieldValue(value);
  if (typeof value === "number" || typeof value === "boolean") return fieldValue(String(value));
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return fieldValue(value.toISOString());
  }
  return fieldProblem(`The field "${key}" should be text, not ${describeValue(value)}.`);
}
