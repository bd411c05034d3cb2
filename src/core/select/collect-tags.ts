const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Merge tag sources in order (`keywords`, `tags`, `categories`): a string is split on commas, a
 * list gives one tag per string or number entry. Tags are trimmed with inner whitespace folded,
 * empties dropped, and de-duplicated case-insensitively keeping the first spelling.
 */
export function collectTags(sources: readonly unknown[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  const add = (raw: string): void => {
    // Printable ASCII (nearly every tag, once trimmed) needs neither NFKC nor folding unless it
    // has a double space; `trim` removes exactly the whitespace `\s` matches.
    const trimmed = raw.trim();
    const ascii = PRINTABLE_ASCII.test(trimmed);
    const tag = ascii && !trimmed.includes("  ") ? trimmed : trimmed.replace(/\s{2,}|[^\S ]/g, " ");
    // NFKC as in `tagSlug`, so full-width and ligature spellings count as the same tag.
    const key = (ascii ? tag : tag.normalize("NFKC")).toLowerCase();
    if (tag === "" || seen.has(key)) return;
    seen.add(key);
    tags.push(tag);
  };
  for (const source of sources) {
    if (typeof source === "string") {
      for (const part of source.split(",")) add(part);
    } else if (Array.isArray(source)) {
      // A list entry is one tag even if it has a comma: the author chose the split.
      for (const entry of source) {
        if (typeof entry === "string") add(entry);
        else if (typeof entry === "number" && Number.isFinite(entry)) add(String(entry));
      }
    } else if (typeof source === "number" && Number.isFinite(source)) {
      add(String(source));
    }
  }
  return tags;
}
