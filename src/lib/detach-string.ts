/**
 * A copy of `text` that shares no memory with the string it was cut from. V8 keeps a whole
 * source string alive while any slice of 13 or more of its characters lives ("sliced strings"):
 * a title sliced from a file's YAML would keep all of that YAML in memory for as long as the
 * catalogue holds the article, and the catalogue holds every article for months.
 */
export function detachString(text: string): string {
  // Concatenation then slicing makes V8 flatten into a new string of just these characters.
  return text.length < 13 ? text : ` ${text}`.slice(1);
}

/** `detachString` applied to every string in a parsed YAML value, in place (bounded input). */
export function detachStrings(value: unknown): unknown {
  if (typeof value === "string") return detachString(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = detachStrings(value[i]);
    return value;
  }
  if (typeof value === "object" && value !== null && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = detachStrings(record[key]);
  }
  return value;
}
