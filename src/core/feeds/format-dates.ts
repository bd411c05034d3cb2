/** Date formats the feed formats require. Both print whole seconds, in UTC. */

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Dates carry fractional milliseconds; every format prints the whole second they fall in. */
function wholeSecond(epochMs: number): Date {
  return new Date(Math.floor(epochMs / 1000) * 1000);
}

/** RSS 2.0 date, RFC 822 §5 with RFC 1123's four-digit year: `Tue, 14 Nov 2023 22:13:20 +0000`. */
export function formatRfc822(epochMs: number): string {
  const date = wholeSecond(epochMs);
  const day = `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())}`;
  const month = `${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCFullYear(), 4)}`;
  const time = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map((n) => pad(n));
  return `${day} ${month} ${time.join(":")} +0000`;
}

/** Atom / JSON Feed date: RFC 3339 §5.6 in UTC, whole seconds, `2023-11-14T22:13:20Z`. */
export function formatRfc3339(epochMs: number): string {
  return `${wholeSecond(epochMs).toISOString().slice(0, 19)}Z`;
}
