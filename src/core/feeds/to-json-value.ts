/**
 * A deep, frozen, JSON-serialisable copy of a front matter value: YAML dates become ISO strings,
 * `!!binary` becomes base64, non-finite numbers become null. Input is already size-bounded by
 * `measureYamlValue`, so the recursion is bounded too.
 */
export function toJsonValue(value: unknown): unknown {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value.toISOString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return Object.freeze(value.map(toJsonValue));
  if (typeof value === "object" && value !== null) {
    // fromEntries defines own properties, so a `__proto__` key stays a plain key.
    return Object.freeze(
      Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toJsonValue(inner)])),
    );
  }
  return value;
}
