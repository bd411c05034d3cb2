/** Media types of podcast and video files by extension (RSS `enclosure@type` must be set). */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  aac: "audio/aac",
  flac: "audio/flac",
  // RFC 4337 registers audio/mp4; Apple's own docs say audio/x-m4a but Apple Podcasts and every
  // other app accept both, and feed validators warn on the unregistered x- type.
  m4a: "audio/mp4",
  m4b: "audio/mp4",
  mp3: "audio/mpeg",
  oga: "audio/ogg",
  ogg: "audio/ogg",
  // Opus in podcasts is always in an Ogg container (RFC 7845 §9); audio/opus is the RTP type.
  opus: "audio/ogg",
  wav: "audio/wav",
  weba: "audio/webm",
  m4v: "video/x-m4v",
  mov: "video/quicktime",
  mp4: "video/mp4",
  webm: "video/webm",
  pdf: "application/pdf",
  epub: "application/epub+zip",
};

/** The media type for a URL or file name from its extension; `undefined` when unknown. */
export function guessMediaType(url: string): string | undefined {
  const path = url.replace(/[?#].*$/s, "");
  const dot = path.lastIndexOf(".");
  if (dot === -1 || dot < path.lastIndexOf("/")) return undefined;
  return MEDIA_TYPES[path.slice(dot + 1).toLowerCase()];
}
