/**
 * Date/time templates of to_char, to_date and to_timestamp (PostgreSQL's formatting.c, "DCH"): the template
 * text parsed into keyword nodes and literal characters, with the FM/TM prefixes and TH/th/SP suffixes.
 */

/** A keyword: `id` keeps case where the output depends on it (Day/DAY/day), `digit` marks numeric fields. */
export interface Keyword { readonly name: string; readonly id: string; readonly digit: boolean }

export type TemplateNode =
  | { readonly kind: 'action'; readonly key: Keyword; readonly fm: boolean; readonly tm: boolean; readonly th: 'TH' | 'th' | null }
  | { readonly kind: 'separator' | 'space' | 'char'; readonly text: string };

// PostgreSQL's DCH_keywords, in its order: the first keyword that prefixes the text wins, so longer first.
const UPPER = [
  'A.D.', 'A.M.', 'AD', 'AM', 'B.C.', 'BC', 'CC', 'DAY', 'DDD', 'DD', 'DY', 'Day', 'Dy', 'D',
  'FF1', 'FF2', 'FF3', 'FF4', 'FF5', 'FF6', 'FX', 'HH24', 'HH12', 'HH', 'IDDD', 'ID', 'IW', 'IYYY', 'IYY', 'IY',
  'I', 'J', 'MI', 'MM', 'MONTH', 'MON', 'MS', 'Month', 'Mon', 'OF', 'P.M.', 'PM', 'Q', 'RM', 'SSSSS', 'SSSS',
  'SS', 'TZH', 'TZM', 'TZ', 'US', 'WW', 'W', 'Y,YYY', 'YYYY', 'YYY', 'YY', 'Y',
];
const LOWER = [
  'a.d.', 'a.m.', 'ad', 'am', 'b.c.', 'bc', 'cc', 'day', 'ddd', 'dd', 'dy', 'd', 'ff1', 'ff2', 'ff3', 'ff4',
  'ff5', 'ff6', 'fx', 'hh24', 'hh12', 'hh', 'iddd', 'id', 'iw', 'iyyy', 'iyy', 'iy', 'i', 'j', 'mi', 'mm',
  'month', 'mon', 'ms', 'of', 'p.m.', 'pm', 'q', 'rm', 'sssss', 'ssss', 'ss', 'tzh', 'tzm', 'tz', 'us', 'ww', 'w',
  'y,yyy', 'yyyy', 'yyy', 'yy', 'y',
];
/** Lower-case keywords whose output differs from the upper-case one keep their own id. */
const OWN_LOWER = new Set(['a.d.', 'a.m.', 'ad', 'am', 'b.c.', 'bc', 'day', 'dy', 'month', 'mon', 'p.m.', 'pm', 'rm', 'tz']);
const TEXT_FIELDS = new Set(['A.D.', 'A.M.', 'AD', 'AM', 'B.C.', 'BC', 'DAY', 'DY', 'FX', 'MONTH', 'MON', 'OF', 'P.M.', 'PM', 'RM', 'TZH', 'TZ']);

const KEYWORDS: readonly Keyword[] = [
  ...UPPER.map((name) => ({ name, id: name, digit: !TEXT_FIELDS.has(name.toUpperCase()) })),
  ...LOWER.map((name) => ({ name, id: OWN_LOWER.has(name) ? name : name.toUpperCase(), digit: !TEXT_FIELDS.has(name.toUpperCase()) })),
];

const isSeparator = (c: string): boolean => {
  const x = c.charCodeAt(0);
  return x > 0x20 && x < 0x7f && !/[A-Za-z0-9]/.test(c);
};

const cache = new Map<string, readonly TemplateNode[]>();

/** parse_format for DCH templates (cached: a column of values usually shares one template). */
export function parseTemplate(fmt: string): readonly TemplateNode[] {
  const hit = cache.get(fmt);
  if (hit !== undefined) return hit;
  const out: TemplateNode[] = [];
  let i = 0;
  while (i < fmt.length) {
    let fm = false, tm = false;
    for (;;) { // prefixes (PostgreSQL takes one; FMTM / TMFM are rare but harmless to accept)
      const p = fmt.slice(i, i + 2);
      if (p === 'FM' || p === 'fm') { fm = true; i += 2; } else if (p === 'TM' || p === 'tm') { tm = true; i += 2; } else break;
    }
    const key = KEYWORDS.find((k) => fmt.startsWith(k.name, i));
    if (key !== undefined) {
      i += key.name.length;
      let th: 'TH' | 'th' | null = null;
      const s = fmt.slice(i, i + 2);
      if (s === 'TH' || s === 'th') { th = s; i += 2; } else if (s === 'SP' || s === 'sp') i += 2;
      out.push({ kind: 'action', key, fm, tm, th });
      continue;
    }
    if (i >= fmt.length) break;
    const c = fmt[i]!;
    if (c === '"') {
      i++;
      while (i < fmt.length && fmt[i] !== '"') {
        if (fmt[i] === '\\' && i + 1 < fmt.length) i++;
        out.push({ kind: 'char', text: fmt[i]! });
        i++;
      }
      i++;
      continue;
    }
    if (c === '\\' && fmt[i + 1] === '"') i++;
    const ch = String.fromCodePoint(fmt.codePointAt(i)!);
    out.push({ kind: isSeparator(ch) ? 'separator' : /\s/.test(ch) ? 'space' : 'char', text: ch });
    i += ch.length;
  }
  if (cache.size > 256) cache.clear();
  cache.set(fmt, out);
  return out;
}
