/**
 * Cut one-line text to at most `max` characters at a word boundary, ending with `…`. A cut never
 * splits a surrogate pair, and trailing punctuation that would dangle before the `…` goes.
 */
export function truncateAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max); // the `…` takes the place of the space we cut at
  const space = room.lastIndexOf(" ");
  // A single very long word (a URL) is cut hard rather than dropped entirely.
  let cut = space >= max * 0.6 ? room.slice(0, space) : room.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, "")}…`;
}
