import { SqlError } from './errors.ts';
import { SqlState } from './sqlstate.ts';
import type { Interval } from './types.ts';

/**
 * Calendar arithmetic, time zones and PostgreSQL's date/time text forms (ISO DateStyle, IntervalStyle
 * postgres). Representations (see types.ts): date = days since 1970-01-01 (int32; ±infinity are
 * DATE_NEG_INFINITY / DATE_POS_INFINITY, PostgreSQL's DATEVAL_NOBEGIN/NOEND); timestamp/timestamptz = µs since
 * 1970-01-01 00:00 UTC as a double (±infinity are ±Infinity; exact to the µs only within ±2^53 µs, about
 * years 1685..2255 — outside that the value is the nearest double); time = µs since midnight.
 * Years are astronomical internally (0 = 1 BC, -1 = 2 BC) and printed with ' BC' as PostgreSQL does.
 */
export const DATE_NEG_INFINITY = -2147483648;
export const DATE_POS_INFINITY = 2147483647;
export const USECS_PER_DAY = 86_400_000_000;
const USECS_PER_SEC = 1_000_000;


// --- civil calendar (proleptic Gregorian), after H. Hinnant's days_from_civil -----------------------------

export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Ymd { year: number; month: number; day: number }

export function civilFromDays(z: number): Ymd {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: era * 400 + yoe + (month <= 2 ? 1 : 0), month, day };
}

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number => (m === 2 && isLeapYear(y) ? 29 : MDAYS[m - 1]!);

/** PostgreSQL's range: dates 4713-11-24 BC (Julian day 0) .. 5874897-12-31; timestamps .. 294276-12-31. */
const FIRST_DAY = daysFromCivil(-4713, 11, 24);
const LAST_DATE = daysFromCivil(5874897, 12, 31);
const LAST_TS_DAY = daysFromCivil(294276, 12, 31);

export interface TimestampFields extends Ymd { hour: number; minute: number; second: number; micro: number }

/** Split µs since the epoch into calendar fields (no time zone applied). */
export function fieldsFromMicros(us: number): TimestampFields {
  const days = Math.floor(us / USECS_PER_DAY);
  let rest = us - days * USECS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / 3_600_000_000); rest -= hour * 3_600_000_000;
  const minute = Math.floor(rest / 60_000_000); rest -= minute * 60_000_000;
  const second = Math.floor(rest / USECS_PER_SEC);
  return { year, month, day, hour, minute, second, micro: Math.round(rest - second * USECS_PER_SEC) };
}

export const microsFromFields = (f: TimestampFields): number =>
  daysFromCivil(f.year, f.month, f.day) * USECS_PER_DAY
  + ((f.hour * 60 + f.minute) * 60 + f.second) * USECS_PER_SEC + f.micro;

// --- output --------------------------------------------------------------------------------------------------

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const yearText = (y: number): string => (y > 0 ? pad(y, 4) : pad(1 - y, 4));
const bc = (y: number): string => (y > 0 ? '' : ' BC');

export function formatDate(days: number): string {
  if (days === DATE_NEG_INFINITY) return '-infinity';
  if (days === DATE_POS_INFINITY) return 'infinity';
  const { year, month, day } = civilFromDays(days);
  return `${yearText(year)}-${pad(month, 2)}-${pad(day, 2)}${bc(year)}`;
}

/** "HH:MM:SS" plus ".ffffff" with trailing zeros dropped. */
export function formatTimeOfDay(us: number): string {
  const h = Math.floor(us / 3_600_000_000);
  const m = Math.floor(us / 60_000_000) % 60;
  const s = Math.floor(us / USECS_PER_SEC) % 60;
  const f = us % USECS_PER_SEC;
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${fraction(f)}`;
}
const fraction = (f: number): string => (f === 0 ? '' : `.${pad(f, 6).replace(/0+$/, '')}`);

export function formatTimestamp(us: number): string {
  if (us === -Infinity) return '-infinity';
  if (us === Infinity) return 'infinity';
  const days = Math.floor(us / USECS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  return `${yearText(year)}-${pad(month, 2)}-${pad(day, 2)} ${formatTimeOfDay(us - days * USECS_PER_DAY)}${bc(year)}`;
}

/** An offset east of UTC in seconds as PostgreSQL prints it: +00, +05:30, -04:56:02. */
export function formatOffset(sec: number): string {
  const a = Math.abs(sec);
  const h = Math.floor(a / 3600), m = Math.floor(a / 60) % 60, s = a % 60;
  return `${sec < 0 ? '-' : '+'}${pad(h, 2)}${m !== 0 || s !== 0 ? `:${pad(m, 2)}` : ''}${s !== 0 ? `:${pad(s, 2)}` : ''}`;
}

export function formatTimestamptz(us: number, zone: string): string {
  if (!Number.isFinite(us)) return us > 0 ? 'infinity' : '-infinity';
  const off = zoneOffset(zone, us);
  const local = us + off * USECS_PER_SEC;
  const days = Math.floor(local / USECS_PER_DAY);
  const { year, month, day } = civilFromDays(days);
  return `${yearText(year)}-${pad(month, 2)}-${pad(day, 2)} ${formatTimeOfDay(local - days * USECS_PER_DAY)}${formatOffset(off)}${bc(year)}`;
}

// --- time zones ----------------------------------------------------------------------------------------------

/** A zone: a fixed offset east of UTC (seconds) or an IANA name. */
type Zone = { fixed: number } | { iana: string; fmt: Intl.DateTimeFormat; cache: Map<number, number> };
const ZONES = new Map<string, Zone>();

/** PostgreSQL's default abbreviations that are most used in input (offsets east, seconds). */
const ABBREVS: Record<string, number> = {
  utc: 0, gmt: 0, z: 0, zulu: 0, ut: 0, est: -18000, edt: -14400, cst: -21600, cdt: -18000, mst: -25200,
  mdt: -21600, pst: -28800, pdt: -25200, akst: -32400, akdt: -28800, hst: -36000, cet: 3600, cest: 7200,
  met: 3600, mest: 7200, eet: 7200, eest: 10800, wet: 0, west: 3600, bst: 3600, msk: 10800, jst: 32400,
  aest: 36000, aedt: 39600, nzst: 43200, nzdt: 46800,
};

function zoneNotRecognized(name: string): SqlError {
  return new SqlError(SqlState.invalidParameterValue, `time zone "${name}" not recognized`);
}

/**
 * Resolve a TimeZone setting or a zone in input. Accepts IANA names (any case), 'UTC'-like abbreviations,
 * ISO offsets ('+05', '-03:30', east positive) and POSIX 'UTC+5' / 'UTC-3' (west positive, as PostgreSQL).
 * Returns undefined when unknown.
 */
function lookupZone(name: string): Zone | undefined {
  const key = name.toLowerCase();
  let z = ZONES.get(key);
  if (z !== undefined) return z;
  const abbrev = ABBREVS[key];
  const iso = /^([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?$/.exec(key);
  const posix = /^(?:utc|gmt)([+-])(\d{1,2})(?::(\d{2}))?$/.exec(key);
  if (abbrev !== undefined) z = { fixed: abbrev };
  else if (iso !== null) z = { fixed: (iso[1] === '-' ? -1 : 1) * (Number(iso[2]) * 3600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0)) };
  else if (posix !== null) z = { fixed: (posix[1] === '-' ? 1 : -1) * (Number(posix[2]) * 3600 + Number(posix[3] ?? 0) * 60) };
  else {
    try {
      const fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
      z = { iana: fmt.resolvedOptions().timeZone, fmt, cache: new Map() };
    } catch {
      return undefined;
    }
  }
  ZONES.set(key, z);
  return z;
}

/** Throws 22023 `time zone "x" not recognized` for an unknown zone. */
export function checkTimeZone(name: string): void {
  if (lookupZone(name) === undefined) throw zoneNotRecognized(name);
}

const CLAMP_LOW_SEC = daysFromCivil(1800, 1, 1) * 86400; // tzdata has only LMT before this
const CLAMP_HIGH_SEC = daysFromCivil(200000, 1, 1) * 86400;

/** Offset east of UTC, in seconds, of `zone` at the UTC instant `utcMicros`. */
export function zoneOffset(zone: string, utcMicros: number): number {
  const z = lookupZone(zone);
  if (z === undefined) throw zoneNotRecognized(zone);
  if ('fixed' in z) return z.fixed;
  let sec = Math.floor(utcMicros / USECS_PER_SEC);
  sec = Math.min(Math.max(sec, CLAMP_LOW_SEC), CLAMP_HIGH_SEC);
  const hit = z.cache.get(sec);
  if (hit !== undefined) return hit;
  const parts = z.fmt.formatToParts(new Date(sec * 1000));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = daysFromCivil(get('year'), get('month'), get('day')) * 86400 + get('hour') * 3600 + get('minute') * 60 + get('second');
  const off = local - sec;
  if (z.cache.size > 50_000) z.cache.clear();
  z.cache.set(sec, off);
  return off;
}

/**
 * Local wall-clock µs in `zone` → UTC µs, resolving DST as PostgreSQL does (DetermineTimeZoneOffset): a time in
 * a spring-forward gap uses the offset from before the transition, an ambiguous fall-back time the one after.
 */
export function localToUtc(localMicros: number, zone: string): number {
  const day = 86400 * USECS_PER_SEC;
  const before = zoneOffset(zone, localMicros - day) * USECS_PER_SEC;
  const after = zoneOffset(zone, localMicros + day) * USECS_PER_SEC;
  if (before === after) {
    const u = localMicros - before;
    if (zoneOffset(zone, u) * USECS_PER_SEC === before) return u;
    const o = zoneOffset(zone, u) * USECS_PER_SEC; // a transition inside the window that came back
    return localMicros - o;
  }
  const uAfter = localMicros - after;
  if (zoneOffset(zone, uAfter) * USECS_PER_SEC === after) return uAfter; // valid, or the later of two
  return localMicros - before; // valid only before, or in the gap
}

// --- input ---------------------------------------------------------------------------------------------------

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

/** What a date/time string said; `zone` is undefined when it named none. */
interface Parsed {
  special?: 'infinity' | '-infinity' | 'epoch' | 'now' | 'today' | 'tomorrow' | 'yesterday' | 'allballs';
  year?: number; month?: number; day?: number;
  hour?: number; minute?: number; second?: number; micro?: number;
  zone?: { fixed: number } | { name: string };
}

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11,
  november: 11, dec: 12, december: 12,
};
const WEEKDAYS = new Set(['sun', 'sunday', 'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'wednesday', 'thu',
  'thur', 'thurs', 'thursday', 'fri', 'friday', 'sat', 'saturday']);

class BadFormat extends Error {}
class FieldOverflow extends Error { constructor(readonly hint?: string) { super(); } }

/** Two-digit years as PostgreSQL reads them: 70..99 → 19xx, 00..69 → 20xx. */
const adjustYear = (text: string, y: number): number => (text.length <= 2 ? (y < 70 ? y + 2000 : y + 1900) : y);

function parseFraction(digits: string): number {
  if (digits === '') return 0;
  return Math.round(Number(`0.${digits}`) * 1e6);
}

/** Tokenise and decode the ISO-DateStyle forms of date, time and timestamp input (a subset of DecodeDateTime). */
function decodeDateTime(input: string, order: DateOrder): Parsed {
  const s = input.trim().toLowerCase();
  const p: Parsed = {};
  if (s === '') throw new BadFormat();
  let i = 0;
  let bcFlag = false;
  let ampm: 'am' | 'pm' | undefined;
  let haveDate = false;
  const setDate = (y: number, m: number, d: number): void => {
    if (haveDate) throw new BadFormat();
    haveDate = true; p.year = y; p.month = m; p.day = d;
  };
  const setTime = (t: string): void => {
    const m = /^(\d+):(\d+)(?::(\d+)(?:\.(\d*))?)?$/.exec(t) ?? /^(\d+):(\d+)\.(\d*)$/.exec(t);
    if (m === null || p.hour !== undefined) throw new BadFormat();
    p.hour = Number(m[1]); p.minute = Number(m[2]);
    if (m.length === 5) { p.second = Number(m[3] ?? 0); p.micro = parseFraction(m[4] ?? ''); }
    else { p.second = 0; p.micro = parseFraction(m[3] ?? ''); }
  };
  const pendingNumbers: string[] = [];
  while (i < s.length) {
    const c = s[i]!;
    if (c === ' ' || c === ',' || c === '\t' || c === '\n') { i++; continue; }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < s.length && /[0-9]/.test(s[j]!)) j++;
      const next = s[j];
      if (next === ':') {
        let k = j;
        while (k < s.length && /[0-9:.]/.test(s[k]!)) k++;
        setTime(s.slice(i, k));
        i = k;
      } else if (next === '-' || next === '/' || next === '.') {
        let k = j;
        while (k < s.length && /[0-9a-z\-/.]/.test(s[k]!)) k++;
        let tok = s.slice(i, k);
        // ISO 'T' separator: 2024-01-31t12:00
        const t = /^(\d+-\d+-\d+)t(\d.*)?$/.exec(tok);
        if (t !== null) {
          tok = t[1]!;
          k = i + tok.length + 1;
        }
        if (next === '.' && /^\d+\.\d*$/.test(tok) && !haveDate) throw new BadFormat();
        decodeDateToken(tok, order, setDate);
        i = k;
      } else {
        pendingNumbers.push(s.slice(i, j));
        i = j;
        if (s[i] === 't' && /\d/.test(s[i + 1] ?? '')) i++; // 20240131T120000 style separator
      }
    } else if (c === '+' || c === '-') {
      const m = /^[+-](\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?(?![\d:])/.exec(s.slice(i));
      if (m !== null && (haveDate || p.hour !== undefined || pendingNumbers.length > 0)) {
        if (p.zone !== undefined) throw new BadFormat();
        const sec = Number(m[1]) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
        if (Number(m[1]) > 15 || Number(m[2] ?? 0) > 59 || Number(m[3] ?? 0) > 59) throw new FieldOverflow();
        p.zone = { fixed: c === '-' ? -sec : sec };
        i += m[0].length;
        continue;
      }
      const w = /^[+-](infinity|inf)\b/.exec(s.slice(i));
      if (w !== null && c === '-') { p.special = '-infinity'; i += w[0].length; continue; }
      if (w !== null) { p.special = 'infinity'; i += w[0].length; continue; }
      throw new BadFormat();
    } else if (/[a-z]/.test(c)) {
      let j = i;
      while (j < s.length && /[a-z_]/.test(s[j]!)) j++;
      let word = s.slice(i, j);
      if (s[j] === '/' || (s[j] === '_')) { // an IANA zone name
        while (j < s.length && /[a-z0-9_/+\-]/.test(s[j]!)) j++;
        word = s.slice(i, j);
        if (p.zone !== undefined || lookupZone(input.trim().slice(i, j)) === undefined) throw new BadFormat();
        p.zone = { name: input.trim().slice(i, j) };
        i = j;
        continue;
      }
      if (s[j] === '-' && MONTHS[word] !== undefined && /\d/.test(s[j + 1] ?? '')) { // jan-08-1999
        let k = j;
        while (k < s.length && /[0-9a-z\-/.]/.test(s[k]!)) k++;
        decodeDateToken(s.slice(i, k), order, setDate);
        i = k;
        continue;
      }
      i = j;
      const month = MONTHS[word];
      if (month !== undefined && p.month === undefined && !haveDate) { p.month = month; continue; }
      if (WEEKDAYS.has(word)) continue;
      if (word === 'am' || word === 'pm') { ampm = word; continue; }
      if (word === 'bc') { bcFlag = true; continue; }
      if (word === 'ad') continue;
      if (word === 't' || word === 'at' || word === 'on') continue;
      if (word === 'epoch' || word === 'infinity' || word === 'now' || word === 'today' || word === 'tomorrow'
        || word === 'yesterday' || word === 'allballs') {
        if (p.special !== undefined) throw new BadFormat();
        p.special = word; continue;
      }
      if (word === 'inf') { p.special = 'infinity'; continue; }
      // A zone abbreviation, optionally with an offset (utc+5 is not accepted in input)
      const abbrev = ABBREVS[word];
      if (abbrev !== undefined) {
        if (p.zone !== undefined) throw new BadFormat();
        p.zone = { fixed: abbrev };
        continue;
      }
      const named = lookupZone(input.trim().slice(i - word.length, i));
      if (named !== undefined && 'iana' in named && word.length > 3) { p.zone = { name: word }; continue; }
      throw new BadFormat();
    } else {
      throw new BadFormat();
    }
  }
  // Plain numbers: 20240131, or day/year around a month name
  for (const n of pendingNumbers) {
    if (!haveDate && p.month === undefined && n.length === 8) { setDate(Number(n.slice(0, 4)), Number(n.slice(4, 6)), Number(n.slice(6))); continue; }
    if (!haveDate && p.month === undefined && n.length === 6 && p.hour === undefined) { setDate(adjustYear(n.slice(0, 2), Number(n.slice(0, 2))), Number(n.slice(2, 4)), Number(n.slice(4))); continue; }
    if (haveDate && n.length === 6 && p.hour === undefined) { p.hour = Number(n.slice(0, 2)); p.minute = Number(n.slice(2, 4)); p.second = Number(n.slice(4)); p.micro = 0; continue; }
    if (p.month !== undefined && !haveDate) {
      if (p.day === undefined && n.length <= 2) { p.day = Number(n); continue; }
      if (p.year === undefined) { p.year = adjustYear(n, Number(n)); continue; }
      if (p.day === undefined) { p.day = Number(n); continue; }
    }
    throw new BadFormat();
  }
  if (p.month !== undefined && !haveDate) {
    if (p.day === undefined || p.year === undefined) throw new BadFormat();
    haveDate = true;
  }
  if (bcFlag) {
    if (p.year === undefined || p.year <= 0) throw new BadFormat();
    p.year = 1 - p.year;
  }
  if (ampm !== undefined) {
    if (p.hour === undefined || p.hour > 12 || p.hour < 0) throw new FieldOverflow();
    if (ampm === 'am' && p.hour === 12) p.hour = 0;
    else if (ampm === 'pm' && p.hour !== 12) p.hour += 12;
  }
  if (p.special !== undefined && (haveDate || (p.special !== 'today' && p.special !== 'tomorrow' && p.special !== 'yesterday' && p.hour !== undefined))) {
    throw new BadFormat();
  }
  if (haveDate) {
    if (p.year === 0 && !bcFlag) throw new FieldOverflow();
    if (p.month! < 1 || p.month! > 12) throw new FieldOverflow(order === 'MDY' && p.day! >= 1 && p.day! <= 12 ? 'datestyle' : undefined);
    if (p.day! < 1 || p.day! > daysInMonth(p.year!, p.month!)) throw new FieldOverflow();
  }
  if (p.hour !== undefined) {
    const { hour, minute = 0, second = 0, micro = 0 } = p;
    if (hour < 0 || hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0 || micro > 0))) {
      throw new FieldOverflow();
    }
  }
  return p;
}

function decodeDateToken(tok: string, order: DateOrder, setDate: (y: number, m: number, d: number) => void): void {
  const parts = tok.split(/[-/.]/);
  if (parts.length !== 3 || parts.some((x) => x === '')) throw new BadFormat();
  const monthIdx = parts.findIndex((x) => /[a-z]/.test(x));
  if (monthIdx >= 0) {
    const m = MONTHS[parts[monthIdx]!];
    if (m === undefined) throw new BadFormat();
    const nums = parts.filter((_, k) => k !== monthIdx);
    if (nums.some((x) => !/^\d+$/.test(x))) throw new BadFormat();
    const [a, b] = nums as [string, string];
    if (monthIdx === 1 && a.length >= 3) return setDate(Number(a), m, Number(b)); // 1999-jan-08
    if (monthIdx === 1) return setDate(adjustYear(b, Number(b)), m, Number(a)); // 08-jan-1999
    return setDate(adjustYear(b, Number(b)), m, Number(a)); // jan-08-1999
  }
  if (parts.some((x) => !/^\d+$/.test(x))) throw new BadFormat();
  const [a, b, c] = parts as [string, string, string];
  if (a.length >= 3 || order === 'YMD') return setDate(adjustYear(a, Number(a)), Number(b), Number(c));
  if (order === 'DMY') return setDate(adjustYear(c, Number(c)), Number(b), Number(a));
  return setDate(adjustYear(c, Number(c)), Number(a), Number(b));
}

function syntaxError(type: string, input: string): SqlError {
  return new SqlError(SqlState.invalidDatetimeFormat, `invalid input syntax for type ${type}: "${input}"`);
}
function wrapDecode(type: string, input: string, order: DateOrder): Parsed {
  try {
    return decodeDateTime(input, order);
  } catch (e) {
    if (e instanceof FieldOverflow) {
      return fieldOverflow(input, e.hint);
    }
    if (e instanceof BadFormat) throw syntaxError(type, input);
    throw e;
  }
}
function fieldOverflow(input: string, hint?: string): never {
  throw new SqlError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${input}"`,
    hint === undefined ? {} : { hint: 'Perhaps you need a different "datestyle" setting.' });
}

/** Reference time and settings that input of 'now', 'today' and zone-less timestamptz needs. */
export interface DateTimeContext {
  readonly timeZone: string;
  readonly dateOrder: DateOrder;
  /** The transaction's start time, µs since the epoch (UTC); defaults to the wall clock. */
  readonly now?: number;
}

const nowMicros = (ctx: DateTimeContext): number => ctx.now ?? Date.now() * 1000;

/** Today's local date in the context's zone, in days since the epoch. */
function localToday(ctx: DateTimeContext): number {
  const now = nowMicros(ctx);
  return Math.floor((now + zoneOffset(ctx.timeZone, now) * USECS_PER_SEC) / USECS_PER_DAY);
}

/** Digit value of char code c, or -1. */
const digitAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * The common ISO form `YYYY-MM-DD` (what COPY and dumps carry), without the general decoder: the days, or
 * undefined for anything else (other forms, invalid days of the month), which the decoder then handles.
 */
function isoDate(s: string): number | undefined {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return undefined;
  const y0 = digitAt(s, 0), y1 = digitAt(s, 1), y2 = digitAt(s, 2), y3 = digitAt(s, 3);
  const m0 = digitAt(s, 5), m1 = digitAt(s, 6), d0 = digitAt(s, 8), d1 = digitAt(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, m = m0 * 10 + m1, d = d0 * 10 + d1;
  if (y === 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return daysFromCivil(y, m, d);
}

/** date_in. */
export function parseDate(input: string, ctx: DateTimeContext): number {
  const fast = isoDate(input);
  if (fast !== undefined) return fast;
  const p = wrapDecode('date', input, ctx.dateOrder);
  switch (p.special) {
    case 'infinity': return DATE_POS_INFINITY;
    case '-infinity': return DATE_NEG_INFINITY;
    case 'epoch': return 0;
    case 'now': case 'today': return localToday(ctx);
    case 'tomorrow': return localToday(ctx) + 1;
    case 'yesterday': return localToday(ctx) - 1;
    case 'allballs': throw syntaxError('date', input);
    default: break;
  }
  if (p.year === undefined) throw syntaxError('date', input);
  const days = daysFromCivil(p.year, p.month!, p.day!);
  if (days < FIRST_DAY || days > LAST_DATE) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `date out of range: "${input}"`);
  }
  return days;
}

/** timestamp_in (withZone = false) and timestamptz_in (withZone = true). */
export function parseTimestamp(input: string, withZone: boolean, ctx: DateTimeContext): number {
  const type = withZone ? 'timestamp with time zone' : 'timestamp without time zone';
  const p = wrapDecode(type, input, ctx.dateOrder);
  const tod = p.hour === undefined ? 0 : ((p.hour * 60 + p.minute!) * 60 + p.second!) * USECS_PER_SEC + p.micro!;
  let local: number;
  switch (p.special) {
    case 'infinity': return Infinity;
    case '-infinity': return -Infinity;
    case 'epoch': return 0;
    case 'now': {
      const now = nowMicros(ctx);
      return withZone ? now : now + zoneOffset(ctx.timeZone, now) * USECS_PER_SEC;
    }
    case 'today': case 'tomorrow': case 'yesterday': {
      const d = localToday(ctx) + (p.special === 'tomorrow' ? 1 : p.special === 'yesterday' ? -1 : 0);
      local = d * USECS_PER_DAY + tod;
      break;
    }
    case 'allballs': throw syntaxError(type, input);
    default:
      if (p.year === undefined) throw syntaxError(type, input);
      local = daysFromCivil(p.year, p.month!, p.day!) * USECS_PER_DAY + tod;
  }
  if (local < FIRST_DAY * USECS_PER_DAY || local >= (LAST_TS_DAY + 1) * USECS_PER_DAY) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `timestamp out of range: "${input}"`);
  }
  if (!withZone) return local;
  if (p.zone === undefined) return localToUtc(local, ctx.timeZone);
  if ('fixed' in p.zone) return local - p.zone.fixed * USECS_PER_SEC;
  return localToUtc(local, p.zone.name);
}

/** time_in: µs since midnight (a date part is accepted and ignored, a zone rejected as PostgreSQL's is ignored). */
export function parseTime(input: string, ctx: DateTimeContext): number {
  const type = 'time without time zone';
  const p = wrapDecode(type, input, ctx.dateOrder);
  if (p.special === 'allballs') return 0;
  if (p.special === 'now') {
    const now = nowMicros(ctx) + zoneOffset(ctx.timeZone, nowMicros(ctx)) * USECS_PER_SEC;
    return now - Math.floor(now / USECS_PER_DAY) * USECS_PER_DAY;
  }
  if (p.special !== undefined || p.hour === undefined) throw syntaxError(type, input);
  return ((p.hour * 60 + p.minute!) * 60 + p.second!) * USECS_PER_SEC + p.micro!;
}

// --- interval ------------------------------------------------------------------------------------------------

type IUnit = 'us' | 'ms' | 's' | 'min' | 'h' | 'd' | 'w' | 'mon' | 'y' | 'dec' | 'c' | 'mil';
/** deltatktbl; words are looked up truncated to 10 characters as PostgreSQL does (TOKMAXLEN). */
const IUNITS: Record<string, IUnit> = {
  microsecon: 'us', us: 'us', usec: 'us', usecs: 'us', usecond: 'us', useconds: 'us',
  millisecon: 'ms', ms: 'ms', msec: 'ms', msecs: 'ms', msecond: 'ms', mseconds: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'min', min: 'min', mins: 'min', minute: 'min', minutes: 'min',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd', w: 'w', week: 'w', weeks: 'w',
  mon: 'mon', mons: 'mon', month: 'mon', months: 'mon',
  y: 'y', yr: 'y', yrs: 'y', year: 'y', years: 'y',
  dec: 'dec', decs: 'dec', decade: 'dec', decades: 'dec',
  c: 'c', cent: 'c', century: 'c', centuries: 'c',
  mil: 'mil', mils: 'mil', millennia: 'mil', millennium: 'mil', millenniu: 'mil',
};
const MICROS_OF: Partial<Record<IUnit, number>> = { us: 1, ms: 1000, s: 1e6, min: 6e7, h: 3.6e9 };
const YEARS_OF: Partial<Record<IUnit, number>> = { y: 1, dec: 10, c: 100, mil: 1000 };

class IntervalAcc { months = 0; days = 0; micros = 0; }

/** AdjustFractMicroseconds: truncate, then round only a remainder beyond one half. */
function addFractMicros(acc: IntervalAcc, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  let us = Math.trunc(frac);
  frac -= us;
  if (frac > 0.5) us++; else if (frac < -0.5) us--;
  acc.micros += us;
}
function addFractDays(acc: IntervalAcc, frac: number, scale: number): void {
  if (frac === 0) return;
  frac *= scale;
  const d = Math.trunc(frac);
  acc.days += d;
  addFractMicros(acc, frac - d, USECS_PER_DAY);
}
const rint = (x: number): number => {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r; // half to even
};

function addUnit(acc: IntervalAcc, unit: IUnit, val: number, fval: number): void {
  const us = MICROS_OF[unit];
  if (us !== undefined) { acc.micros += val * us; addFractMicros(acc, fval, us); return; }
  const y = YEARS_OF[unit];
  if (y !== undefined) { acc.months += val * 12 * y; acc.months += rint(fval * y * 12); return; }
  if (unit === 'd') { acc.days += val; addFractMicros(acc, fval, USECS_PER_DAY); return; }
  if (unit === 'w') { acc.days += val * 7; addFractDays(acc, fval, 7); return; }
  acc.months += val; addFractDays(acc, fval, 30); // mon
}

/** "h:m", "h:m:s[.f]" or "m:s.f" → µs (unsigned). */
function intervalTime(t: string): number {
  const m = /^(\d+):(\d+)(?::(\d+))?(?:\.(\d*))?$/.exec(t);
  if (m === null) throw new BadFormat();
  const a = Number(m[1]), b = Number(m[2]);
  const frac = parseFraction(m[4] ?? '');
  if (m[3] === undefined && m[4] !== undefined) { // mm:ss.fff
    if (b > 59) throw new FieldOverflow();
    return (a * 60 + b) * USECS_PER_SEC + frac;
  }
  const sec = Number(m[3] ?? 0);
  if (b > 59 || sec > 59) throw new FieldOverflow();
  return ((a * 60 + b) * 60 + sec) * USECS_PER_SEC + frac;
}

/** PostgreSQL's split of a signed decimal into integer part and same-signed fraction. */
function splitNumber(text: string): [number, number] {
  const v = Number(text);
  if (!Number.isFinite(v)) throw new BadFormat();
  const i = Math.trunc(v);
  const dot = text.indexOf('.');
  const f = dot < 0 ? 0 : Number(`${text[0] === '-' ? '-' : ''}0${text.slice(dot)}`);
  return [i === 0 ? 0 : i, f];
}

function decodeIso8601(s: string, acc: IntervalAcc): void {
  // alternative format: P0001-02-03T04:05:06
  const alt = /^p(\d+)-(\d+)-(\d+)(?:t(\d+):(\d+):(\d+(?:\.\d*)?))?$/.exec(s);
  if (alt !== null) {
    acc.months += Number(alt[1]) * 12 + Number(alt[2]);
    acc.days += Number(alt[3]);
    if (alt[4] !== undefined) {
      const [sv, sf] = splitNumber(alt[6]!);
      acc.micros += (Number(alt[4]) * 60 + Number(alt[5])) * 6e7 + sv * 1e6;
      addFractMicros(acc, sf, 1e6);
    }
    return;
  }
  let rest = s.slice(1);
  if (rest === '') throw new BadFormat();
  let timePart = false;
  const re = /^(-?\d+(?:\.\d*)?|-?\.\d+)([ymwdhs])/;
  while (rest !== '') {
    if (rest[0] === 't') {
      if (timePart) throw new BadFormat();
      timePart = true; rest = rest.slice(1); continue;
    }
    const m = re.exec(rest);
    if (m === null) throw new BadFormat();
    const [val, fval] = splitNumber(m[1]!);
    const d = m[2]!;
    let unit: IUnit;
    if (!timePart) unit = d === 'y' ? 'y' : d === 'm' ? 'mon' : d === 'w' ? 'w' : d === 'd' ? 'd' : (() => { throw new BadFormat(); })();
    else unit = d === 'h' ? 'h' : d === 'm' ? 'min' : d === 's' ? 's' : (() => { throw new BadFormat(); })();
    addUnit(acc, unit, val, fval);
    rest = rest.slice(m[0].length);
  }
}

interface ITok { kind: 'num' | 'time' | 'ym' | 'word'; text: string }

function decodeInterval(input: string): IntervalAcc {
  const s = input.trim().toLowerCase();
  const acc = new IntervalAcc();
  if (s === '') throw new BadFormat();
  if (s[0] === 'p') { decodeIso8601(s, acc); return acc; }
  const toks: ITok[] = [];
  const re = /\s*(?:([+-]?\d+:\d+(?::\d+)?(?:\.\d*)?)|([+-]?\d+-\d+)(?![\d:])|([+-]?(?:\d+(?:\.\d*)?|\.\d+))|([a-z@]+))\s*/y;
  let i = 0;
  while (i < s.length) {
    re.lastIndex = i;
    const m = re.exec(s);
    if (m === null || m[0] === '') throw new BadFormat();
    if (m[1] !== undefined) toks.push({ kind: 'time', text: m[1] });
    else if (m[2] !== undefined) toks.push({ kind: 'ym', text: m[2] });
    else if (m[3] !== undefined) toks.push({ kind: 'num', text: m[3] });
    else toks.push({ kind: 'word', text: m[4]! });
    i = re.lastIndex;
  }
  let ago = false;
  let haveTime = false;
  let unit: IUnit | undefined;
  let sawValue = false;
  for (let k = toks.length - 1; k >= 0; k--) {
    const t = toks[k]!;
    if (t.kind === 'word') {
      if (t.text === '@') continue;
      if (t.text === 'ago') { if (ago || k !== toks.length - 1) throw new BadFormat(); ago = true; continue; }
      const u = IUNITS[t.text.slice(0, 10)];
      if (u === undefined) throw new BadFormat();
      unit = u;
      continue;
    }
    sawValue = true;
    if (t.kind === 'time') {
      if (haveTime) throw new BadFormat();
      haveTime = true;
      const neg = t.text[0] === '-';
      const us = intervalTime(t.text.replace(/^[+-]/, ''));
      acc.micros += neg ? -us : us;
      unit = 'd';
      continue;
    }
    if (t.kind === 'ym') {
      const neg = t.text[0] === '-';
      const [y, m] = t.text.replace(/^[+-]/, '').split('-').map(Number) as [number, number];
      if (m > 11) throw new FieldOverflow();
      acc.months += (neg ? -1 : 1) * (y * 12 + m);
      unit = 'mon';
      continue;
    }
    const [val, fval] = splitNumber(t.text);
    addUnit(acc, unit ?? 's', val, fval);
  }
  if (!sawValue) throw new BadFormat();
  if (ago) { acc.months = -acc.months; acc.days = -acc.days; acc.micros = -acc.micros; }
  return acc;
}

/** interval_in (IntervalStyle postgres input, SQL year-month / day-time forms and ISO 8601). */
export function parseInterval(input: string): Interval {
  let acc: IntervalAcc;
  try {
    acc = decodeInterval(input);
  } catch (e) {
    if (e instanceof FieldOverflow) {
      throw new SqlError(SqlState.intervalFieldOverflow, `interval field value out of range: "${input}"`);
    }
    if (e instanceof BadFormat) throw syntaxError('interval', input);
    throw e;
  }
  const { months, days, micros } = acc;
  if (Math.abs(months) > 2147483647 || Math.abs(days) > 2147483647 || !Number.isSafeInteger(micros)) {
    throw new SqlError(SqlState.datetimeFieldOverflow, `interval out of range`);
  }
  return { months: months + 0, days: days + 0, micros: micros + 0 };
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n !== 1 ? 's' : ''}`;

/** EncodeInterval, IntervalStyle postgres: '1 year 2 mons 3 days 04:05:06.5', '-1 days +02:00:00'. */
export function formatInterval(iv: Interval): string {
  const years = Math.trunc(iv.months / 12), mons = iv.months % 12;
  const out: string[] = [];
  let isBefore = false;
  for (const [v, u] of [[years, 'year'], [mons, 'mon'], [iv.days, 'day']] as [number, string][]) {
    if (v === 0) continue;
    out.push(`${isBefore && v > 0 ? '+' : ''}${plural(v, u)}`);
    isBefore = v < 0;
  }
  const t = iv.micros;
  if (out.length === 0 || t !== 0) {
    const a = Math.abs(t);
    const h = Math.floor(a / 3.6e9), m = Math.floor(a / 6e7) % 60, sec = Math.floor(a / 1e6) % 60, f = a % 1e6;
    out.push(`${t < 0 ? '-' : isBefore ? '+' : ''}${pad(h, 2)}:${pad(m, 2)}:${pad(sec, 2)}${fraction(f)}`);
  }
  return out.join(' ');
}
