import { escapeHtml } from "../text/escape-html.js";
import type { Enclosure } from "../types.js";
import { formatClockDuration, formatIsoDuration } from "./page-dates.js";
import { isLinkable } from "./page-parts.js";

/** Short names people know; any other type is shown as its MIME type. */
const FORMAT_NAMES: Readonly<Record<string, string>> = {
  "audio/mpeg": "MP3",
  "audio/mp3": "MP3",
  "audio/mp4": "M4A",
  "audio/x-m4a": "M4A",
  "audio/aac": "AAC",
  "audio/ogg": "Ogg",
  "audio/opus": "Opus",
  "audio/flac": "FLAC",
  "audio/wav": "WAV",
  "audio/x-wav": "WAV",
  "video/mp4": "MP4",
  "video/webm": "WebM",
  "video/quicktime": "QuickTime",
};

/** Bytes in SI units, one decimal: `12.3 MB`. Computed by hand so no locale shapes it. */
export function formatByteSize(bytes: number): string {
  const units = ["kB", "MB", "GB", "TB"];
  if (bytes < 1000) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  let value = bytes;
  let unit = "bytes";
  for (const next of units) {
    if (value < 1000) break;
    value /= 1000;
    unit = next;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/**
 * A player for a podcast episode plus a plain download link, with format, size and duration.
 * `preload="none"` so opening the page does not start fetching a large media file.
 */
export function renderEpisode(enclosure: Enclosure): string {
  if (!isLinkable(enclosure.url)) return "";
  const url = escapeHtml(enclosure.url);
  const type = escapeHtml(enclosure.type);
  const element = enclosure.type.startsWith("video/") ? "video" : "audio";
  const facts = [FORMAT_NAMES[enclosure.type.toLowerCase()] ?? enclosure.type];
  if (enclosure.length !== undefined && enclosure.length > 0) {
    facts.push(formatByteSize(enclosure.length));
  }
  const details = facts.map(escapeHtml);
  if (enclosure.duration !== undefined && enclosure.duration > 0) {
    details.push(
      `<time datetime="${formatIsoDuration(enclosure.duration)}">${formatClockDuration(enclosure.duration)}</time>`,
    );
  }
  const download = `<a href="${url}" type="${type}" download>Download the episode</a>`;
  return [
    '<figure class="episode">',
    `<${element} controls preload="none" src="${url}">`,
    `<p>Your browser cannot play this file here. ${download}</p>`,
    `</${element}>`,
    `<figcaption>${download} (${details.join(", ")})</figcaption>`,
    "</figure>",
  ].join("\n");
}
