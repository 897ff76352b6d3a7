/**
 * DCH_from_char and do_to_timestamp: the fields of to_date / to_timestamp input read through a template.
 * Outside FX mode blanks before a field are skipped and a template separator matches one separator (or none);
 * a numeric field followed by another numeric field takes exactly its width, otherwise as many digits as there.
 */
import { SqlError, SqlState, daysFromCivil, daysInMonth } from '../../../common/index.ts';
import type { TemplateNode } from './template.ts';

/** What the input said: a local wall-clock time, and the offset east (s) when TZH/TZM gave one. */
export interface ParsedDatetime { readonly days: number; readonly micros: number; readonly tzOffset: number | undefined }

interface Fields {
  hh: number; pm: number; mi: number; ss: number; ssss: number; dd: number; ddd: number; mm: number; year: number;
  bc: number; ww: number; w: number; cc: number; j: number; fsec: number; yysz: number; clock12: boolean;
  tzsign: number; tzh: number; tzm: number; iso: boolean; id: number;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const ROMAN = ['xii', 'xi', 'x', 'ix', 'viii', 'vii', 'vi', 'v', 'iv', 'iii', 'ii', 'i'];

const bad = (message: string, detail?: string, hint?: string): SqlError =>
  new SqlError(SqlState.invalidDatetimeFormat, message, { detail, hint });
const FM_HINT = 'If your source string is not fixed-width, try using the "FM" modifier.';

const isSep = (c: string | undefined): boolean => c !== undefined && c.charCodeAt(0) > 0x20 && c.charCodeAt(0) < 0x7f && !/[A-Za-z0-9]/.test(c);
const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

/** adjust_partial_year_to_2020. */
function adjustYear(y: number): number {
  if (y < 70) return y + 2000;
  if (y < 100) return y + 1900;
  if (y < 520) return y + 2000;
  if (y < 1000) return y + 1000;
  return y;
}

export function parseDatetime(input: string, nodes: readonly TemplateNode[]): ParsedDatetime {
  const f: Fields = {
    hh: 0, pm: 0, mi: 0, ss: 0, ssss: 0, dd: 0, ddd: 0, mm: 0, year: 0, bc: 0, ww: 0, w: 0, cc: 0, j: 0, fsec: 0, yysz: 0,
    clock12: false, tzsign: 0, tzh: 0, tzm: 0, iso: false, id: 0,
  };
  let s = 0, fx = false, extraSkip = 0;
  let fsecSet = false;

  const set = (field: keyof Fields, value: number, name: string): void => {
    const cur = f[field] as number;
    if (cur !== 0 && cur !== value) {
      throw bad(`conflicting values for "${name}" field in formatting string`, 'This value contradicts a previous setting for the same field type.');
    }
    (f as unknown as Record<string, number>)[field] = value;
  };

  const nextIsSeparator = (i: number): boolean => {
    const n = nodes[i]!;
    if (n.kind === 'action' && n.th !== null) return true;
    const next = nodes[i + 1];
    if (next === undefined) return true;
    if (next.kind === 'action') return !next.key.digit;
    return !/^\d$/.test(next.text);
  };

  /** from_char_parse_int_len: returns [value, characters consumed]. */
  const readInt = (i: number, len: number, name: string, fm: boolean): [number, number] => {
    while (isSpace(input[s])) s++;
    const init = s;
    let text: string;
    if (fm || nextIsSeparator(i)) {
      const m = /^\s*[+-]?\d+/.exec(input.slice(s));
      if (m === null) throw bad(`invalid value "${input.slice(s, s + len)}" for "${name}"`, 'Value must be an integer.');
      text = m[0];
    } else {
      const copy = input.slice(s, s + len);
      if ([...copy].length < len) {
        throw bad(`source string too short for "${name}" formatting field`,
          `Field requires ${len} characters, but only ${[...copy].length} remain.`, FM_HINT);
      }
      const m = /^\s*[+-]?\d+/.exec(copy);
      if (m !== null && m[0].length < len) {
        throw bad(`invalid value "${copy}" for "${name}"`, `Field requires ${len} characters, but only ${m[0].length} could be parsed.`, FM_HINT);
      }
      if (m === null) throw bad(`invalid value "${copy}" for "${name}"`, 'Value must be an integer.');
      text = m[0];
    }
    const v = Number(text);
    if (v < -2147483648 || v > 2147483647) {
      throw bad(`value for "${name}" in source string is out of range`, 'Value must be in the range -2147483648 to 2147483647.');
    }
    s += text.length;
    return [v, s - init];
  };

  /** from_char_seq_search: the longest name in `names` the input starts with, case-insensitively. */
  const readWord = (names: readonly string[], name: string): number => {
    const rest = input.slice(s).toLowerCase();
    let best = -1;
    for (let k = 0; k < names.length; k++) if (rest.startsWith(names[k]!) && (best < 0 || names[k]!.length > names[best]!.length)) best = k;
    if (best < 0) {
      throw bad(`invalid value "${/^\S*/.exec(input.slice(s))![0]}" for "${name}"`,
        'The given value did not match any of the allowed values for this field.');
    }
    s += names[best]!.length;
    return best;
  };

  for (let i = 0; i < nodes.length && s < input.length; i++) {
    const n = nodes[i]!;
    if (!fx && !(n.kind === 'action' && n.key.id === 'FX') && (n.kind === 'action' || i === 0)) {
      while (isSpace(input[s])) { s++; extraSkip++; }
    }
    if (n.kind !== 'action') {
      if (n.kind === 'char') { // a literal consumes one input character, matching or not
        if (!fx && extraSkip > 0) extraSkip--;
        else s++;
      } else if (!fx) {
        extraSkip--;
        if (isSpace(input[s]) || isSep(input[s])) { s++; extraSkip++; }
      } else {
        s++;
      }
      continue;
    }
    const name = n.key.name, fm = n.fm;
    const int = (len: number): [number, number] => readInt(i, len, name, fm);
    const fraction = (digits: number): void => {
      const [v, used] = int(digits);
      if (fsecSet) throw bad(`conflicting values for "${name}" field in formatting string`, 'This value contradicts a previous setting for the same field type.');
      f.fsec = v * 10 ** (6 - Math.min(used, digits));
      fsecSet = true;
    };
    switch (n.key.id) {
      case 'FX': fx = true; break;
      case 'A.M.': case 'a.m.': case 'P.M.': case 'p.m.':
        set('pm', readWord(['a.m.', 'p.m.'], name) + 1, name); f.clock12 = true; break;
      case 'AM': case 'am': case 'PM': case 'pm':
        set('pm', readWord(['am', 'pm'], name) + 1, name); f.clock12 = true; break;
      case 'A.D.': case 'a.d.': case 'B.C.': case 'b.c.':
        set('bc', readWord(['a.d.', 'b.c.'], name) + 1, name); break;
      case 'AD': case 'ad': case 'BC': case 'bc':
        set('bc', readWord(['ad', 'bc'], name) + 1, name); break;
      case 'HH': case 'HH12': set('hh', int(2)[0], name); f.clock12 = true; break;
      case 'HH24': set('hh', int(2)[0], name); break;
      case 'MI': set('mi', int(2)[0], name); break;
      case 'SS': set('ss', int(2)[0], name); break;
      case 'MS': fraction(3); break;
      case 'US': fraction(6); break;
      case 'FF1': case 'FF2': case 'FF3': case 'FF4': case 'FF5': case 'FF6': fraction(Number(n.key.id[2])); break;
      case 'SSSS': case 'SSSSS': set('ssss', int(n.key.id.length)[0], name); break;
      case 'TZ': case 'tz': case 'OF':
        throw new SqlError(SqlState.featureNotSupported, `formatting field "${name}" is only supported in to_char`);
      case 'TZH': {
        const c = input[s];
        if (c === '+' || c === '-' || c === ' ') { f.tzsign = c === '-' ? -1 : 1; s++; } else f.tzsign = extraSkip > 0 && input[s - 1] === '-' ? -1 : 1;
        set('tzh', int(2)[0], name);
        break;
      }
      case 'TZM': if (f.tzsign === 0) f.tzsign = 1; set('tzm', int(2)[0], name); break;
      case 'MONTH': case 'Month': case 'month': set('mm', readWord(MONTHS, name) + 1, name); break;
      case 'MON': case 'Mon': case 'mon': set('mm', readWord(MONTHS.map((m) => m.slice(0, 3)), name) + 1, name); break;
      case 'MM': set('mm', int(2)[0], name); break;
      case 'DAY': case 'Day': case 'day': readWord(DAYS, name); break;
      case 'DY': case 'Dy': case 'dy': readWord(DAYS.map((d) => d.slice(0, 3)), name); break;
      case 'DDD': set('ddd', int(3)[0], name); break;
      case 'IDDD': set('ddd', int(4)[0], name); f.iso = true; break;
      case 'DD': set('dd', int(2)[0], name); break;
      case 'D': int(1); break; // the day of the week only checks the input
      case 'ID': set('id', int(1)[0], name); f.iso = true; break;
      case 'WW': set('ww', int(2)[0], name); break;
      case 'IW': set('ww', int(2)[0], name); f.iso = true; break;
      case 'Q': int(1); break; // PostgreSQL reads and ignores the quarter
      case 'CC': set('cc', int(2)[0], name); break;
      case 'Y,YYY': {
        const m = /^(-?\d+),(\d{3})/.exec(input.slice(s));
        if (m === null) throw bad(`invalid input string for "Y,YYY"`);
        set('year', Number(m[1]) * 1000 + Number(m[2]), name);
        f.yysz = 4;
        s += m[0].length;
        break;
      }
      case 'YYYY': case 'IYYY': set('year', int(4)[0], name); f.yysz = 4; if (n.key.id === 'IYYY') f.iso = true; break;
      case 'YYY': case 'IYY': case 'YY': case 'IY': case 'Y': case 'I': {
        const width = n.key.id.length;
        const [v, used] = int(width);
        set('year', used < 4 ? adjustYear(v) : v, name);
        f.yysz = width;
        if (n.key.id.startsWith('I')) f.iso = true;
        break;
      }
      case 'RM': case 'rm': set('mm', 12 - readWord(ROMAN, name), name); break;
      case 'W': set('w', int(1)[0], name); break;
      case 'J': set('j', int(1)[0], name); break;
      default: break;
    }
  }
  return assemble(f, input);
}

function outOfRange(input: string): SqlError {
  return new SqlError(SqlState.datetimeFieldOverflow, `date/time field value out of range: "${input}"`);
}

/** do_to_timestamp: fields → a local date and time of day. */
function assemble(f: Fields, input: string): ParsedDatetime {
  let hour = f.hh, min = f.mi, sec = f.ss;
  if (f.ssss !== 0) { hour = Math.trunc(f.ssss / 3600); min = Math.trunc(f.ssss / 60) % 60; sec = f.ssss % 60; }
  if (f.clock12) {
    if (hour < 1 || hour > 12) {
      throw bad(`hour "${hour}" is invalid for the 12-hour clock`, undefined, 'Use the 24-hour clock, or give an hour between 1 and 12.');
    }
    if (f.pm === 2 && hour < 12) hour += 12;
    else if (f.pm !== 2 && hour === 12) hour = 0;
  }
  let year = 0, mon = 1, mday = 1;
  if (f.year !== 0) {
    if (f.cc !== 0 && f.yysz <= 2) {
      const y = f.year % 100;
      year = y !== 0 ? (f.cc >= 0 ? (f.cc - 1) * 100 + y : (f.cc + 1) * 100 - y + 1) : f.cc * 100 + (f.cc >= 0 ? 0 : 1);
      if (f.bc === 2) year = -year;
      if (year < 0) year++;
    } else {
      year = f.bc === 2 ? -f.year : f.year;
      if (year < 0) year++;
    }
  } else if (f.cc !== 0) {
    year = f.cc >= 0 ? (f.cc - 1) * 100 + 1 : f.cc * 100 + 1;
    if (f.bc === 2) year = -year;
    if (year < 0) year++;
  }
  let days: number | undefined;
  if (f.j !== 0) days = f.j - 2440588;
  let dd = f.dd, ddd = f.ddd;
  if (f.ww !== 0 && days === undefined) {
    if (f.iso) {
      const jan4 = daysFromCivil(year, 1, 4);
      const week1 = jan4 - ((((jan4 + 3) % 7) + 7) % 7); // Monday of ISO week 1
      days = week1 + (f.ww - 1) * 7 + (f.id !== 0 ? f.id - 1 : ddd !== 0 ? ddd - 1 : 0);
      ddd = 0;
    } else if (ddd === 0) {
      ddd = (f.ww - 1) * 7 + 1;
    }
  }
  if (f.w !== 0 && dd === 0) dd = (f.w - 1) * 7 + 1;
  if (days === undefined) {
    if (f.mm !== 0) mon = f.mm;
    if (dd !== 0) mday = dd;
    if (ddd !== 0 && f.mm === 0 && dd === 0) {
      days = daysFromCivil(year, 1, 1) + ddd - 1;
    } else {
      if (mon < 1 || mon > 12 || mday < 1 || mday > daysInMonth(year, mon)) throw outOfRange(input);
      days = daysFromCivil(year, mon, mday);
    }
  }
  if (hour < 0 || hour > 24 || min < 0 || min > 59 || sec < 0 || sec > 60 || (hour === 24 && (min > 0 || sec > 0 || f.fsec > 0))) {
    throw outOfRange(input);
  }
  const micros = ((hour * 60 + min) * 60 + sec) * 1_000_000 + f.fsec;
  const tzOffset = f.tzsign === 0 ? undefined : f.tzsign * (f.tzh * 3600 + f.tzm * 60);
  return { days, micros, tzOffset };
}
