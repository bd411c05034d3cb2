/** Numbers at or above this are epoch milliseconds; below, epoch seconds (year 5138 in seconds). */
const MS_THRESHOLD = 1e11;

const NUMERIC = /^[+-]?\d+(?:\.\d+)?$/;

// ISO 8601 / RFC 3339 as people write it: date only, `T` or space, optional seconds, fraction
// and offset. No offset means UTC so the same file gives the same instant on every server.
const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

// RFC 2822 (`Wed, 21 Oct 2020 14:00:00 +0000`), as found in scraped content. A zone is required.
const RFC_2822_DATE =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(GMT|UTC|UT|Z|[+-]\d{4})$/;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const FILE_NAME_DATE = /^(\d{4})-(\d{2})-(\d{2})-/;

/**
 * Epoch milliseconds from a front matter date: epoch seconds or milliseconds (number or numeric
 * string, fraction kept), ISO 8601, RFC 2822, or a `Date` from a YAML timestamp. `undefined` when
 * the value is not a date.
 */
export function parseDate(value: unknown): number | undefined {
  const ms = parseAnyDate(value);
  return ms !== undefined && ms >= FIRST_PRINTABLE && ms <= LAST_PRINTABLE ? ms : undefined;
}

// Feeds print dates as RFC 3339 / RFC 822, which have four-digit years: a date outside
// 0001–9999 cannot be written, so it is refused as unparseable rather than breaking a render.
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z. */
const FIRST_PRINTABLE = -62135596800000;
const LAST_PRINTABLE = 253402300799999;

function parseAnyDate(value: unknown): number | undefined {
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value === "number") return fromEpochNumber(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (NUMERIC.test(text)) return fromEpochNumber(Number(text), text);
  return parseIsoDate(text) ?? parseRfc2822Date(text);
}

/** Epoch milliseconds of a `YYYY-MM-DD-` prefix of the file name (UTC midnight), if any. */
export function parseFileNameDate(path: string): number | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const match = FILE_NAME_DATE.exec(name);
  if (match === null) return undefined;
  return utcMs(Number(match[1]), Number(match[2]), Number(match[3]), 0, 0, 0);
}

function fromEpochNumber(value: number, text = String(value)): number | undefined {
  if (!Number.isFinite(value)) return undefined;
  // `date: 2021` is a year, not 33 minutes past midnight on 1 January 1970: refuse to guess.
  if (Number.isInteger(value) && value >= 1000 && value <= 9999) return undefined;
  if (Math.abs(value) >= MS_THRESHOLD) return value;
  return shiftDecimal(text) ?? value * 1000;
}

/**
 * Seconds → milliseconds by moving the decimal point in the digits, not by multiplying: the
 * product rounds twice (1603328389.1629581 * 1000 = …162.9583, the digits say …162.9581).
 */
function shiftDecimal(text: string): number | undefined {
  const match = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) return undefined;
  const fraction = match[3] ?? "";
  const whole = `${match[2]}${fraction.slice(0, 3).padEnd(3, "0")}`;
  const rest = fraction.slice(3);
  return Number(`${match[1]}${whole}${rest === "" ? "" : `.${rest}`}`);
}

function parseIsoDate(text: string): number | undefined {
  const match = ISO_DATE.exec(text);
  if (match === null) return undefined;
  const [, year, month, day, hour = "0", minute = "0", second = "0", fraction, zone] = match;
  const base = utcMs(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset = zoneOffsetMinutes(zone);
  if (base === undefined || offset === undefined) return undefined;
  const subSecond = fraction === undefined ? 0 : (shiftDecimal(`0.${fraction}`) ?? 0);
  return base + subSecond - offset * 60_000;
}

function parseRfc2822Date(text: string): number | undefined {
  const match = RFC_2822_DATE.exec(text);
  if (match === null) return undefined;
  const [, day, monthName = "", year, hour, minute, second = "0", zone] = match;
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  if (month === 0) return undefined;
  const base = utcMs(
    Number(year),
    month,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset = zoneOffsetMinutes(zone === "GMT" || zone === "UTC" || zone === "UT" ? "Z" : zone);
  if (base === undefined || offset === undefined) return undefined;
  return base - offset * 60_000;
}

/** Minutes east of UTC for `Z`, `+hh`, `+hhmm`, `+hh:mm`; absent means UTC. */
function zoneOffsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? "0");
  if (hours > 23 || minutes > 59) return undefined;
  return (match[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** Checked calendar fields → epoch ms; `undefined` for 2021-02-30 and friends. */
function utcMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) {
    return undefined;
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}
