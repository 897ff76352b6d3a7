/**
 * to_char for numbers: PostgreSQL's NUM templates (formatting.c's NUMDesc_prepare and NUM_processor) in the C
 * locale — digits 9 and 0, `.`/D, `,`/G, S, MI, PL, SG, PR, FM, TH, V, RN, EEEE, L (a blank in C), B — with
 * '#' in every digit position when the integer part does not fit.
 */
import { Decimal, SqlError, SqlState } from '../../../common/index.ts';

type Id = ',' | '.' | '0' | '9' | 'B' | 'C' | 'D' | 'E' | 'FM' | 'G' | 'L' | 'MI' | 'PL' | 'PR' | 'RN' | 'rn' | 'SG' | 'SP' | 'S' | 'TH' | 'th' | 'V';
type Node = { readonly kind: 'action'; readonly id: Id } | { readonly kind: 'char'; readonly text: string };

const KEYWORDS: readonly [string, Id][] = [
  [',', ','], ['.', '.'], ['0', '0'], ['9', '9'], ['B', 'B'], ['C', 'C'], ['D', 'D'], ['EEEE', 'E'], ['FM', 'FM'],
  ['G', 'G'], ['L', 'L'], ['MI', 'MI'], ['PL', 'PL'], ['PR', 'PR'], ['RN', 'RN'], ['SG', 'SG'], ['SP', 'SP'], ['S', 'S'],
  ['TH', 'TH'], ['V', 'V'], ['b', 'B'], ['c', 'C'], ['d', 'D'], ['eeee', 'E'], ['fm', 'FM'], ['g', 'G'], ['l', 'L'],
  ['mi', 'MI'], ['pl', 'PL'], ['pr', 'PR'], ['rn', 'rn'], ['sg', 'SG'], ['sp', 'SP'], ['s', 'S'], ['th', 'th'], ['v', 'V'],
];

/** NUMDesc: what the template asks for. */
interface NumDesc {
  pre: number; post: number; multi: number; zeroStart: number; zeroEnd: number; preLsignNum: number;
  lsign: 'none' | 'pre' | 'post';
  decimal: boolean; zero: boolean; fill: boolean; bracket: boolean; minus: boolean; plus: boolean;
  roman: boolean; eeee: boolean; blank: boolean;
}

interface Template { readonly nodes: readonly Node[]; readonly desc: Readonly<NumDesc> }

const syntax = (msg: string, detail?: string): SqlError => new SqlError(SqlState.syntaxError, msg, detail === undefined ? undefined : { detail });

function prepare(d: NumDesc, id: Id): void {
  if (d.eeee && id !== 'E') throw syntax('"EEEE" must be the last pattern used');
  switch (id) {
    case '9':
      if (d.bracket) throw syntax('"9" must be ahead of "PR"');
      if (d.multi > 0 || multiFlag.has(d)) { d.multi++; break; }
      if (d.decimal) d.post++; else d.pre++;
      break;
    case '0':
      if (d.bracket) throw syntax('"0" must be ahead of "PR"');
      if (!d.zero && !d.decimal) { d.zero = true; d.zeroStart = d.pre + 1; }
      if (!d.decimal) d.pre++; else d.post++;
      d.zeroEnd = d.pre + d.post;
      break;
    case 'B': if (d.pre === 0 && d.post === 0 && !d.zero) d.blank = true; break;
    case 'D': case '.':
      if (d.decimal) throw syntax('multiple decimal points');
      if (multiFlag.has(d)) throw syntax('cannot use "V" and decimal point together');
      d.decimal = true;
      break;
    case 'FM': d.fill = true; break;
    case 'S':
      if (d.lsign !== 'none') throw syntax('cannot use "S" twice');
      if (d.plus || d.minus || d.bracket) throw syntax('cannot use "S" and "PL"/"MI"/"SG"/"PR" together');
      if (!d.decimal) { d.lsign = 'pre'; d.preLsignNum = d.pre; } else if (d.lsign === 'none') d.lsign = 'post';
      break;
    case 'MI': if (d.lsign !== 'none') throw syntax('cannot use "S" and "MI" together'); d.minus = true; break;
    case 'PL': if (d.lsign !== 'none') throw syntax('cannot use "S" and "PL" together'); d.plus = true; break;
    case 'SG': if (d.lsign !== 'none') throw syntax('cannot use "S" and "SG" together'); d.minus = true; d.plus = true; break;
    case 'PR':
      if (d.lsign !== 'none' || d.plus || d.minus) throw syntax('cannot use "PR" and "S"/"PL"/"MI"/"SG" together');
      d.bracket = true;
      break;
    case 'RN': case 'rn': d.roman = true; break;
    case 'V':
      if (d.decimal) throw syntax('cannot use "V" and decimal point together');
      multiFlag.add(d);
      break;
    case 'E':
      if (d.eeee) throw syntax('cannot use "EEEE" twice');
      if (d.blank || d.fill || d.lsign !== 'none' || d.bracket || d.minus || d.plus || d.roman || multiFlag.has(d)) {
        throw syntax('"EEEE" is incompatible with other formats', '"EEEE" may only be used together with digit and decimal point patterns.');
      }
      d.eeee = true;
      break;
    default: break;
  }
}
/** NUM_F_MULTI: set by V; kept apart so `multi` stays the count of 9s after it. */
const multiFlag = new WeakSet<NumDesc>();

const cache = new Map<string, Template & { readonly v: boolean }>();

function parse(fmt: string): Template & { readonly v: boolean } {
  const hit = cache.get(fmt);
  if (hit !== undefined) return hit;
  const d: NumDesc = {
    pre: 0, post: 0, multi: 0, zeroStart: 0, zeroEnd: 0, preLsignNum: 0, lsign: 'none', decimal: false, zero: false,
    fill: false, bracket: false, minus: false, plus: false, roman: false, eeee: false, blank: false,
  };
  const nodes: Node[] = [];
  let i = 0;
  while (i < fmt.length) {
    const k = KEYWORDS.find(([name]) => fmt.startsWith(name, i));
    if (k !== undefined) {
      nodes.push({ kind: 'action', id: k[1] });
      prepare(d, k[1]);
      i += k[0].length;
      continue;
    }
    if (fmt[i] === '"') {
      i++;
      while (i < fmt.length && fmt[i] !== '"') {
        if (fmt[i] === '\\' && i + 1 < fmt.length) i++;
        nodes.push({ kind: 'char', text: fmt[i]! });
        i++;
      }
      i++;
      continue;
    }
    if (fmt[i] === '\\' && fmt[i + 1] === '"') i++;
    const ch = String.fromCodePoint(fmt.codePointAt(i)!);
    nodes.push({ kind: 'char', text: ch });
    i += ch.length;
  }
  const t = { nodes, desc: d, v: multiFlag.has(d) };
  if (cache.size > 256) cache.clear();
  cache.set(fmt, t);
  return t;
}

// ---- the number as digits --------------------------------------------------------------------------------

/** Exact decimal digits of a finite double's magnitude: [integer digits, fraction digits]. */
function exactDigits(x: number): [string, string] {
  const a = Math.abs(x);
  if (a >= 1e21) return [BigInt(a).toString(), ''];
  const s = a.toFixed(100);
  const dot = s.indexOf('.');
  return [s.slice(0, dot), s.slice(dot + 1).replace(/0+$/, '')];
}

/** Round a digit string (integer part `ip`, fraction `fp`) to `f` fraction digits, ties to even (C's printf). */
function roundDigits(ip: string, fp: string, f: number): [string, string] {
  if (fp.length <= f) return [ip, fp.padEnd(f, '0')];
  const keep = ip + fp.slice(0, f), rest = fp.slice(f);
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || Number(keep[keep.length - 1] ?? '0') % 2 === 1));
  let digits = keep;
  if (up) digits = (BigInt(keep || '0') + 1n).toString().padStart(keep.length, '0');
  const intLen = digits.length - f;
  return [digits.slice(0, intLen).replace(/^0+(?=\d)/, '') || '0', digits.slice(intLen)];
}

/** sprintf("%.*f", f, x) for a finite double. */
export function cFixed(x: number, f: number): string {
  const [ip, fp] = exactDigits(x);
  const [i, r] = roundDigits(ip, fp, f);
  const s = f > 0 ? `${i}.${r}` : i;
  return x < 0 || Object.is(x, -0) ? '-' + s : s;
}

/** sprintf("%+.*e", f, x) for a finite double: sign, one digit, f digits, e±dd. */
export function cExp(x: number, f: number): string {
  const [ip, fp] = exactDigits(x);
  const all = (ip === '0' ? '' : ip) + fp;
  const first = all.search(/[1-9]/);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '+';
  if (first < 0) return `${sign}${f > 0 ? '0.' + '0'.repeat(f) : '0'}e+00`;
  let exp = (ip === '0' ? -(first + 1) : ip.length - 1 - first);
  const sig = all.slice(first);
  let [i, r] = roundDigits(sig[0]!, sig.slice(1), f);
  if (i.length > 1) { exp++; r = (i.slice(1) + r).slice(0, f); i = i[0]!; }
  return `${sign}${i}${f > 0 ? '.' + r : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** numeric_out_sci: the Decimal in scientific notation with f fraction digits (no '+' for positives). */
function decimalExp(d: Decimal, f: number): string {
  const s = d.abs().toString();
  const [ip, fp = ''] = s.split('.');
  const all = (ip === '0' ? '' : ip!) + fp;
  const first = all.search(/[1-9]/);
  const sign = d.sign() < 0 ? '-' : '';
  if (first < 0) return `${f > 0 ? '0.' + '0'.repeat(f) : '0'}e+00`;
  let exp = ip === '0' ? -(first + 1) : ip!.length - 1 - first;
  const sig = all.slice(first);
  // numeric rounds half away from zero
  let digits = sig.slice(0, f + 1).padEnd(f + 1, '0');
  if ((sig[f + 1] ?? '0') >= '5') digits = (BigInt(digits) + 1n).toString();
  if (digits.length > f + 1) { exp++; digits = digits.slice(0, f + 1); }
  return `${sign}${digits[0]}${f > 0 ? '.' + digits.slice(1) : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

const ROMAN: readonly [number, string][] = [
  [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
];
function intToRoman(n: number): string {
  if (n > 3999 || n < 1) return '#'.repeat(15);
  let s = '';
  for (const [v, r] of ROMAN) while (n >= v) { s += r; n -= v; }
  return s;
}

/** What every to_char variant hands the processor: the digits (no sign), the sign and the leading blanks. */
interface Prepared { numstr: string; sign: '+' | '-'; outPreSpaces: number }

/** The overflow form: '#' for every digit position, a '.' where the point goes. */
const hashes = (d: NumDesc): string => '#'.repeat(d.pre) + '.' + '#'.repeat(d.post);

function fromIntegerText(text: string, d: NumDesc): Prepared {
  const neg = text.startsWith('-');
  const digits = neg ? text.slice(1) : text;
  const numstr = d.post > 0 ? `${digits}.${'0'.repeat(d.post)}` : digits;
  return fit(numstr, digits.length, neg ? '-' : '+', d);
}

function fit(numstr: string, preLen: number, sign: '+' | '-', d: NumDesc): Prepared {
  if (preLen < d.pre) return { numstr, sign, outPreSpaces: d.pre - preLen };
  if (preLen > d.pre) return { numstr: hashes(d), sign, outPreSpaces: 0 };
  return { numstr, sign, outPreSpaces: 0 };
}

/** Digits left of the point in a plain number string. */
const preLength = (s: string): number => (s.indexOf('.') < 0 ? s.length : s.indexOf('.'));

export type NumberValue = { kind: 'int'; value: bigint } | { kind: 'float'; value: number; single: boolean } | { kind: 'numeric'; value: Decimal };

/** to_char(number, template). */
export function formatNumber(value: NumberValue, fmt: string): string {
  if (fmt.length === 0) return '';
  const t = parse(fmt);
  const d: NumDesc = { ...t.desc };
  let p: Prepared;
  if (d.roman) {
    let n: number;
    if (value.kind === 'int') n = value.value > 2147483647n || value.value < -2147483648n ? 2147483647 : Number(value.value);
    else if (value.kind === 'float') { const r = Math.round(value.value); n = Number.isFinite(r) && Math.abs(r) < 2147483648 ? r : 2147483647; }
    else { const r = value.value.round(0); n = r.isInteger() && r.abs().cmp(Decimal.fromInt(2147483647)) <= 0 ? Number(r.toString()) : 2147483647; }
    p = { numstr: intToRoman(n), sign: '+', outPreSpaces: 0 };
  } else if (d.eeee) {
    let s: string;
    if (value.kind === 'float' && !Number.isFinite(value.value)) {
      s = ' ' + '#'.repeat(d.pre) + '.' + '#'.repeat(d.post + 4);
    } else if (value.kind === 'float') {
      s = cExp(value.single ? Math.fround(value.value) : value.value, d.post);
      if (s.startsWith('+')) s = ' ' + s.slice(1);
    } else {
      const dec = value.kind === 'int' ? Decimal.fromInt(value.value) : value.value;
      if (/^-?[A-Za-z]/.test(dec.toString())) { // NaN, ±Infinity
        s = ' ' + '#'.repeat(d.pre) + '.' + '#'.repeat(d.post + 4);
      } else {
        s = decimalExp(dec, d.post);
        if (!s.startsWith('-')) s = ' ' + s;
      }
    }
    return s;
  } else if (value.kind === 'int') {
    let v = value.value;
    if (t.v) { v *= 10n ** BigInt(d.multi); d.pre += d.multi; }
    p = fromIntegerText(v.toString(), d);
  } else if (value.kind === 'numeric') {
    let v = value.value;
    if (t.v) { v = v.mul(Decimal.parse('1' + '0'.repeat(d.multi))); d.pre += d.multi; }
    const s = v.round(d.post).toString();
    const neg = s.startsWith('-');
    const numstr = neg ? s.slice(1) : s;
    p = fit(numstr, preLength(numstr), neg ? '-' : '+', d);
  } else {
    let v = value.value;
    const maxDigits = value.single ? 6 : 15;
    if (t.v) { v = value.single ? Math.fround(v * 10 ** d.multi) : v * 10 ** d.multi; d.pre += d.multi; }
    if (!Number.isFinite(v)) {
      p = { numstr: hashes(d), sign: v < 0 ? '-' : '+', outPreSpaces: 0 };
    } else {
      const preLen = cFixed(Math.abs(v), 0).length;
      if (preLen >= maxDigits) d.post = 0;
      else if (preLen + d.post > maxDigits) d.post = maxDigits - preLen;
      const s = cFixed(v, d.post);
      const neg = s.startsWith('-');
      const numstr = neg ? s.slice(1) : s;
      p = fit(numstr, preLength(numstr), neg ? '-' : '+', d);
    }
  }
  return process(t.nodes, d, p);
}

/** get_last_relevant_decnum: the last non-zero fraction digit (or the point itself), or -1 without a point. */
function lastRelevant(num: string): number {
  const dot = num.indexOf('.');
  if (dot < 0) return -1;
  let r = dot;
  for (let i = dot + 1; i < num.length; i++) if (num[i] !== '0') r = i;
  return r;
}

const ordinal = (digits: string, upper: boolean): string => {
  const last2 = Number(digits.slice(-2)) % 100, last = last2 % 10;
  const s = last2 >= 11 && last2 <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return upper ? s.toUpperCase() : s;
};

/** NUM_processor in TO_CHAR direction. */
function process(nodes: readonly Node[], d: NumDesc, p: Prepared): string {
  const number = p.numstr, sign = p.sign, outPreSpaces = p.outPreSpaces;
  if (d.zeroStart) d.zeroStart--;
  let signWrote: boolean;
  let bracket = d.bracket;
  if (d.plus || d.minus) {
    signWrote = !(d.plus && !d.minus);
  } else {
    if (sign !== '-' && d.fill) bracket = false;
    signWrote = sign === '+' && d.fill && d.lsign === 'none';
    if (d.lsign === 'pre' && d.pre === d.preLsignNum) d.lsign = 'post';
  }
  let numCount = d.post + d.pre - 1;
  let last = -1;
  if (d.fill && d.decimal) {
    last = lastRelevant(number);
    if (last >= 0 && d.zeroEnd > outPreSpaces) {
      const lastZero = Math.min(number.length - 1, d.zeroEnd - outPreSpaces);
      if (last < lastZero) last = lastZero;
    }
  }
  if (!signWrote && outPreSpaces === 0) numCount++;
  let numIn = false, numCurr = 0, np = 0;
  let out = '';
  const at = (i: number): string => number[i] ?? '';
  const predecSpace = (): boolean => !d.zero && np === 0 && number[0] === '0' && d.post !== 0;

  const numpart = (id: Id): void => {
    if (d.roman) return;
    numIn = false;
    if (!signWrote && (numCurr >= outPreSpaces || (d.zero && d.zeroStart === numCurr))
      && (!predecSpace() || (last >= 0 && number[last] === '.'))) {
      if (d.lsign !== 'none') {
        if (d.lsign === 'pre') { out += sign === '-' ? '-' : '+'; signWrote = true; }
      } else if (bracket) {
        out += sign === '+' ? ' ' : '<';
        signWrote = true;
      } else if (sign === '+') {
        if (!d.fill) out += ' ';
        signWrote = true;
      } else {
        out += '-';
        signWrote = true;
      }
    }
    if (numCurr < outPreSpaces && (d.zeroStart > numCurr || !d.zero)) {
      if (!d.fill) out += ' ';
    } else if (d.zero && numCurr < outPreSpaces && d.zeroStart <= numCurr) {
      out += '0';
      numIn = true;
    } else {
      if (at(np) === '.') {
        if (last < 0 || number[last] !== '.') out += '.';
        else if (d.fill && last >= 0 && number[last] === '.') out += '.';
      } else if (last >= 0 && np > last && id !== '0') {
        // trailing zero dropped by FM
      } else if (predecSpace()) {
        if (!d.fill) out += ' ';
        else if (last >= 0 && number[last] === '.') out += '0';
      } else {
        out += at(np);
        numIn = true;
      }
      if (np < number.length) np++;
    }
    let end = numCount + (outPreSpaces ? 1 : 0) + (d.decimal ? 1 : 0);
    if (last >= 0 && last === np) end = numCurr;
    if (numCurr + 1 === end) {
      if (signWrote && bracket) out += sign === '+' ? ' ' : '>';
      else if (d.lsign === 'post') out += sign === '-' ? '-' : '+';
    }
    numCurr++;
  };

  for (const n of nodes) {
    if (n.kind === 'char') { out += n.text; continue; }
    switch (n.id) {
      case '9': case '0': case '.': case 'D':
        numpart(n.id);
        break;
      case ',': case 'G':
        if (!numIn) { if (!d.fill) out += ' '; } else out += ',';
        break;
      case 'L': out += ' '; break;
      case 'RN': case 'rn': {
        const r = n.id === 'rn' ? number.toLowerCase() : number;
        out += d.fill ? r : r.padStart(15);
        break;
      }
      case 'TH': case 'th':
        if (d.roman || number[0] === '#' || sign === '-' || d.decimal) break;
        out += ordinal(number, n.id === 'TH');
        break;
      case 'MI':
        if (sign === '-') out += '-'; else if (!d.fill) out += ' ';
        break;
      case 'PL':
        if (sign === '+') out += '+'; else if (!d.fill) out += ' ';
        break;
      case 'SG': out += sign; break;
      default: break;
    }
  }
  return out;
}
