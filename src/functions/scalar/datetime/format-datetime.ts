/**
 * DCH_to_char: a timestamp's (or an interval's) fields printed through a parsed template, as PostgreSQL's
 * to_char does it (C locale names; numbers as C's "%0*d", so a negative value's sign counts in the width).
 */
import { SqlError, SqlState, civilFromDays, daysFromCivil, formatOffset, type Interval } from '../../../common/index.ts';
import { dayOfWeek, isoWeek, julianDay } from './calendar.ts';
import type { TemplateNode } from './template.ts';

/** PostgreSQL's struct pg_tm plus fsec, for one value. */
export interface Tm {
  readonly year: number; readonly mon: number; readonly mday: number;
  readonly hour: number; readonly min: number; readonly sec: number; readonly fsec: number;
  readonly yday: number; readonly wday: number;
  /** Offset east of UTC (s) and zone abbreviation; null abbreviation for timestamp without time zone. */
  readonly gmtoff: number; readonly tzn: string | null;
  readonly interval: boolean;
}

const USECS_PER_DAY = 86_400_000_000;

/** Fields of a local wall-clock timestamp (µs). */
export function tmFromLocal(local: number, gmtoff: number, tzn: string | null): Tm {
  const days = Math.floor(local / USECS_PER_DAY);
  let rest = local - days * USECS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const hour = Math.floor(rest / 3_600_000_000); rest -= hour * 3_600_000_000;
  const min = Math.floor(rest / 60_000_000); rest -= min * 60_000_000;
  const sec = Math.floor(rest / 1_000_000);
  return {
    year, mon: month, mday: day, hour, min, sec, fsec: Math.round(rest - sec * 1_000_000),
    yday: days - daysFromCivil(year, 1, 1) + 1, wday: dayOfWeek(days), gmtoff, tzn, interval: false,
  };
}

/** interval2tm: C-style truncating division, so every field keeps the interval's sign. */
export function tmFromInterval(iv: Interval): Tm {
  const year = Math.trunc(iv.months / 12), mon = iv.months % 12 + 0;
  let t = iv.micros;
  const hour = Math.trunc(t / 3_600_000_000); t -= hour * 3_600_000_000;
  const min = Math.trunc(t / 60_000_000); t -= min * 60_000_000;
  const sec = Math.trunc(t / 1_000_000); t -= sec * 1_000_000;
  return {
    year, mon, mday: iv.days, hour, min, sec, fsec: t + 0, yday: (year * 12 + mon) * 30 + iv.days, wday: 0,
    gmtoff: 0, tzn: null, interval: true,
  };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];

/** C's sprintf("%0*d", w, n): zero-padded to w characters including a leading '-'. */
export function zpad(n: number, w: number): string {
  const s = String(Math.abs(n));
  return n < 0 ? '-' + s.padStart(w - 1, '0') : s.padStart(w, '0');
}

/** get_th: English ordinal suffix of the number's last digits. */
export function ordinal(digits: string, upper: boolean): string {
  const last2 = Number(digits.slice(-2)) % 100, last = last2 % 10;
  const s = last2 >= 11 && last2 <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
}

const invalidForInterval = (): SqlError => new SqlError(SqlState.invalidDatetimeFormat,
  'invalid format specification for an interval value', { hint: 'Intervals are not tied to specific calendar dates.' });

/** ADJUST_YEAR: BC years print as positive numbers (astronomical 0 → 1 BC), interval years as they are. */
const adjustYear = (tm: Tm): number => (tm.interval ? tm.year : tm.year <= 0 ? 1 - tm.year : tm.year);

const caseOf = (id: string, s: string): string =>
  id === id.toUpperCase() ? s.toUpperCase() : id === id.toLowerCase() ? s.toLowerCase() : s;

export function formatDatetime(nodes: readonly TemplateNode[], tm: Tm): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind !== 'action') { out += n.text; continue; }
    const { id } = n.key;
    const fm = n.fm;
    const w = (width: number, x: number): number => (fm ? 0 : x >= 0 ? width : width + 1);
    const num = (s: string): void => { out += n.th === null ? s : s + ordinal(s, n.th === 'TH'); };
    const noInterval = (): void => { if (tm.interval) throw invalidForInterval(); };
    const ymd = (): number => daysFromCivil(tm.year, tm.mon, tm.mday);
    switch (id) {
      case 'A.D.': case 'a.d.': case 'AD': case 'ad': case 'B.C.': case 'b.c.': case 'BC': case 'bc': {
        noInterval();
        const dots = id.includes('.');
        const s = tm.year <= 0 ? (dots ? 'B.C.' : 'BC') : (dots ? 'A.D.' : 'AD');
        out += id === id.toLowerCase() ? s.toLowerCase() : s;
        break;
      }
      case 'A.M.': case 'a.m.': case 'AM': case 'am': case 'P.M.': case 'p.m.': case 'PM': case 'pm': {
        const dots = id.includes('.');
        const s = tm.hour % 24 >= 12 ? (dots ? 'P.M.' : 'PM') : (dots ? 'A.M.' : 'AM');
        out += id === id.toLowerCase() ? s.toLowerCase() : s;
        break;
      }
      case 'HH': case 'HH12': {
        const h = tm.hour % 12 === 0 ? 12 : tm.hour % 12;
        num(zpad(h, fm ? 0 : tm.hour >= 0 ? 2 : 3));
        break;
      }
      case 'HH24': num(zpad(tm.hour, w(2, tm.hour))); break;
      case 'MI': num(zpad(tm.min, w(2, tm.min))); break;
      case 'SS': num(zpad(tm.sec, w(2, tm.sec))); break;
      case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': {
        const d = Number(id[2]);
        num(zpad(Math.trunc(tm.fsec / 10 ** (6 - d)), d));
        break;
      }
      case 'MS': num(zpad(Math.trunc(tm.fsec / 1000), 3)); break;
      case 'US': num(zpad(tm.fsec, 6)); break;
      case 'SSSS': case 'SSSSS': num(String(tm.hour * 3600 + tm.min * 60 + tm.sec)); break;
      case 'tz': case 'TZ':
        noInterval();
        if (tm.tzn !== null) out += id === 'tz' ? tm.tzn.toLowerCase() : tm.tzn.toUpperCase();
        break;
      case 'TZH':
        noInterval();
        out += `${tm.gmtoff >= 0 ? '+' : '-'}${zpad(Math.floor(Math.abs(tm.gmtoff) / 3600), 2)}`;
        break;
      case 'TZM':
        noInterval();
        num(zpad(Math.floor((Math.abs(tm.gmtoff) % 3600) / 60), 2));
        break;
      case 'OF': {
        noInterval();
        const a = Math.abs(tm.gmtoff);
        out += `${tm.gmtoff >= 0 ? '+' : '-'}${zpad(Math.floor(a / 3600), fm ? 0 : 2)}`;
        if (a % 3600 !== 0) out += `:${zpad(Math.floor((a % 3600) / 60), 2)}`;
        break;
      }
      case 'MONTH': case 'Month': case 'month': case 'MON': case 'Mon': case 'mon': {
        noInterval();
        if (tm.mon === 0) break;
        const full = id.length > 3;
        const name = caseOf(id, full ? MONTHS[tm.mon - 1]! : MONTHS[tm.mon - 1]!.slice(0, 3));
        out += full && !fm && !n.tm ? name.padEnd(9) : name;
        break;
      }
      case 'MM': num(zpad(tm.mon, w(2, tm.mon))); break;
      case 'DAY': case 'Day': case 'day': case 'DY': case 'Dy': case 'dy': {
        noInterval();
        const full = id.length > 2;
        const name = caseOf(id, full ? DAYS[tm.wday]! : DAYS[tm.wday]!.slice(0, 3));
        out += full && !fm && !n.tm ? name.padEnd(9) : name;
        break;
      }
      case 'DDD': num(zpad(tm.yday, fm ? 0 : 3)); break;
      case 'IDDD': {
        const days = ymd(), { isoyear } = isoWeek(days);
        const jan4 = daysFromCivil(isoyear, 1, 4), start = jan4 - ((dayOfWeek(jan4) + 6) % 7);
        num(zpad(days - start + 1, fm ? 0 : 3));
        break;
      }
      case 'DD': num(zpad(tm.mday, fm ? 0 : 2)); break;
      case 'D': noInterval(); num(String(tm.wday + 1)); break;
      case 'ID': noInterval(); num(String(tm.wday === 0 ? 7 : tm.wday)); break;
      case 'WW': num(zpad(Math.trunc((tm.yday - 1) / 7) + 1, fm ? 0 : 2)); break;
      case 'IW': num(zpad(isoWeek(ymd()).week, fm ? 0 : 2)); break;
      case 'Q': if (tm.mon !== 0) num(String(Math.trunc((tm.mon - 1) / 3) + 1)); break;
      case 'CC': {
        const c = tm.interval ? Math.trunc(tm.year / 100) : tm.year > 0 ? Math.trunc((tm.year - 1) / 100) + 1 : Math.trunc(tm.year / 100) - 1;
        num(c <= 99 && c >= -99 ? zpad(c, w(2, c)) : String(c));
        break;
      }
      case 'Y,YYY': {
        const y = adjustYear(tm), k = Math.trunc(y / 1000);
        num(`${k},${zpad(y - k * 1000, 3)}`);
        break;
      }
      case 'YYYY': case 'IYYY': {
        const y = id === 'IYYY' ? isoYear(tm) : adjustYear(tm);
        num(zpad(y, w(4, y)));
        break;
      }
      case 'YYY': case 'IYY': {
        const y = id === 'IYY' ? isoYear(tm) : adjustYear(tm);
        num(zpad(y % 1000, w(3, y)));
        break;
      }
      case 'YY': case 'IY': {
        const y = id === 'IY' ? isoYear(tm) : adjustYear(tm);
        num(zpad(y % 100, w(2, y)));
        break;
      }
      case 'Y': case 'I': num(String((id === 'I' ? isoYear(tm) : adjustYear(tm)) % 10)); break;
      case 'RM': case 'rm': {
        if (tm.mon === 0 && tm.year === 0) break;
        // interval months count back from December when negative (−1 → XII); whole years print XII (or I)
        const m = tm.mon > 0 ? tm.mon : tm.mon < 0 ? 13 + tm.mon : tm.year >= 0 ? 12 : 1;
        const r = ROMAN[m - 1]!;
        out += (id === 'rm' ? r.toLowerCase() : r).padEnd(fm ? 0 : 4);
        break;
      }
      case 'W': num(String(Math.trunc((tm.mday - 1) / 7) + 1)); break;
      case 'J': num(String(julianDay(ymd()))); break;
      case 'FX': break;
      default: break;
    }
  }
  return out;
}

const isoYear = (tm: Tm): number => isoWeek(daysFromCivil(tm.year, tm.mon, tm.mday)).isoyear;

/** The zone abbreviation to_char's TZ prints: tzdata's where Intl knows one, else the numeric offset. */
export function zoneAbbrev(zone: string, utcMicros: number, gmtoff: number): string {
  try {
    for (const locale of ['en-US', 'en-GB']) {
      const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }).formatToParts(new Date(utcMicros / 1000));
      const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
      if (/^[A-Z]{2,5}$/.test(name)) return name === 'GMT' && gmtoff === 0 && /^utc$|^etc\/utc$|^z$/i.test(zone) ? 'UTC' : name;
    }
  } catch { /* a fixed offset that Intl does not take */ }
  return formatOffset(gmtoff).replace(':', '');
}
