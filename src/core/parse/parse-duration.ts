const SECONDS = /^\d+(?:\.\d+)?$/;
const CLOCK = /^(\d+):([0-5]?\d)(?::([0-5]?\d(?:\.\d+)?))?$/;
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/**
 * Whole seconds from a podcast duration: seconds (number or numeric string), `mm:ss`,
 * `hh:mm:ss` or ISO 8601 `PT1H2M3S`. `undefined` when it is none of these.
 *
 * YAML 1.1 already reads an unquoted `45:30` as the base-60 integer 2730, which is the same
 * number of seconds; a quoted or zero-padded `01:02:03` stays a string and is read here.
 */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === "number") {
    return Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (SECONDS.test(text)) return Math.round(Number(text));
  const clock = CLOCK.exec(text);
  if (clock !== null) {
    const [, first = "0", second = "0", third] = clock;
    // Two parts are mm:ss, three are hh:mm:ss.
    const total =
      third === undefined
        ? Number(first) * 60 + Number(second)
        : Number(first) * 3600 + Number(second) * 60 + Number(third);
    return Math.round(total);
  }
  const iso = ISO_DURATION.exec(text);
  if (iso !== null && text.length > 1 && !text.endsWith("T") && !text.endsWith("t")) {
    const [, days = "0", hours = "0", minutes = "0", seconds = "0"] = iso;
    return Math.round(
      Number(days) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds),
    );
  }
  return undefined;
}
