/** Dates and durations as the HTML pages show them to people. */

// A fixed table rather than Intl/toLocaleDateString: output must be byte-identical on every
// machine, whatever its locale, ICU data or time zone.
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** The calendar day in UTC for people to read: `21 October 2020`. */
export function formatHumanDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ""} ${date.getUTCFullYear()}`;
}

/** A duration in seconds as a clock reading: `45:07`, `1:02:03`. */
export function formatClockDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** The same duration as an HTML valid duration string for `<time datetime>`: `PT1H2M3S`. */
export function formatIsoDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `PT${h > 0 ? `${h}H` : ""}${h > 0 || m > 0 ? `${m}M` : ""}${s}S`;
}
