/**
 * Dealer-local calendar dates and hours of instants, for a time zone (WIB,
 * WITA, WIT). Formatters are made once per zone: imports and summaries ask for
 * thousands of dates.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local date (`YYYY-MM-DD`) and hour (17.5 = 17:30) of an instant. */
export function localClock(instant: Date, timeZone: string): { date: string; hour: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour) + Number(parts.minute) / 60,
  };
}

export function localDate(instant: Date, timeZone: string): string {
  return localClock(instant, timeZone).date;
}

/** An Odoo UTC datetime text (`YYYY-MM-DD HH:MM:SS`) as epoch milliseconds. */
export function instantOfOdooDatetime(value: string): number {
  return Date.parse(`${value.replace(' ', 'T')}Z`);
}

/** The same, for a value Odoo may leave empty: null stays null. */
export function instantOfOptionalOdooDatetime(value: string | null | undefined): number | null {
  return value ? instantOfOdooDatetime(value) : null;
}

/** Epoch milliseconds as Odoo writes a UTC datetime (`YYYY-MM-DD HH:MM:SS`, to the second). */
export function odooDatetimeOfInstant(at: number): string {
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/** An Odoo datetime text moved by some seconds (a watermark's overlap, a day's last second). */
export function shiftOdooDatetime(value: string, seconds: number): string {
  return odooDatetimeOfInstant(instantOfOdooDatetime(value) + seconds * 1000);
}

/** An Odoo UTC datetime text (`YYYY-MM-DD HH:MM:SS`) as a local date. */
export function localDateOfOdooDatetime(value: string, timeZone: string): string {
  return localDate(new Date(instantOfOdooDatetime(value)), timeZone);
}

/**
 * A local wall-clock hour on a date as Odoo stores datetimes (UTC, `YYYY-MM-DD HH:MM:SS`):
 * 09:00 in Asia/Jakarta is 02:00 UTC, in Asia/Makassar 01:00. (Indonesia keeps no daylight
 * saving; elsewhere an hour a clock change skips comes out an hour late.)
 */
export function odooDatetimeOfLocal(date: string, hour: number, timeZone: string): string {
  const asUtc = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  const seen = localClock(new Date(asUtc), timeZone);
  const seenAt = Date.parse(`${seen.date}T00:00:00Z`) + seen.hour * 3_600_000;
  const instant = new Date(asUtc - (seenAt - asUtc));
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}
