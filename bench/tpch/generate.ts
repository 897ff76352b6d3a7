/**
 * TPC-H data generation from the specification's population rules (clause 4.2.3), deterministic for a scale
 * factor: the same SF always writes the same files. Each table is streamed to `<table>.tbl` in `dir`.
 *
 * Where the specification leaves a choice open: text and v-strings draw uniformly from their lists
 * (text.ts); at scale factors so small that SF * 5 would round to no rows, one supplier still gets a
 * "Customer … Complaints" and one a "Customer … Recommends" comment, so query 16 has something to exclude.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { COLORS, CONTAINER_SYLLABLES, INSTRUCTIONS, NATIONS, PRIORITIES, REGIONS, SEGMENTS, SHIP_MODES, TYPE_SYLLABLES } from './lists.ts';
import { Stream } from './random.ts';
import { cents, pad9, TblWriter } from './tbl-writer.ts';
import { TextColumn, VStringColumn } from './text.ts';

export const TABLES = ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem'] as const;
export type TableName = (typeof TABLES)[number];

export interface GenerateOptions {
  readonly sf: number;
  readonly dir: string;
  /** End every row with `|` as dbgen does (default true). */
  readonly trailingDelimiter?: boolean;
  /** Called after each table with its row count. */
  readonly onTable?: (table: TableName, rows: number, seconds: number) => void;
}

/** Row counts by table for a scale factor (the specification's base cardinalities times SF). */
export function cardinalities(sf: number): { suppliers: number; parts: number; customers: number; orders: number } {
  return {
    suppliers: Math.max(1, Math.floor(10_000 * sf)),
    parts: Math.max(1, Math.floor(200_000 * sf)),
    customers: Math.max(1, Math.floor(150_000 * sf)),
    orders: Math.max(1, Math.floor(1_500_000 * sf)),
  };
}

const DAY_MS = 86_400_000;
const START = Date.UTC(1992, 0, 1);
const dayOf = (y: number, m: number, d: number): number => (Date.UTC(y, m - 1, d) - START) / DAY_MS;
const CURRENT_DAY = dayOf(1995, 6, 17);
const END_DAY = dayOf(1998, 12, 31);
/** "YYYY-MM-DD" by days since STARTDATE, computed once. */
const DATES: string[] = Array.from({ length: END_DAY + 1 }, (_, d) => new Date(START + d * DAY_MS).toISOString().slice(0, 10));

/** The price of a part in hundredths, a function of its key (so LINEITEM can price a part it did not read). */
export const retailPriceCents = (partkey: number): number => 90_000 + (Math.floor(partkey / 10) % 20_001) + 100 * (partkey % 1_000);

/** The i-th (0..3) supplier of a part, as PARTSUPP and LINEITEM both define it. */
export function partSupplier(partkey: number, i: number, suppliers: number): number {
  return ((partkey + i * (Math.floor(suppliers / 4) + Math.floor((partkey - 1) / suppliers))) % suppliers) + 1;
}

/** Phone numbers (clause 4.2.2.9): country code from the nation key, then three random groups. */
class PhoneColumn {
  private readonly r: Stream;
  constructor(column: string) {
    this.r = new Stream(column);
  }
  next(nationkey: number): string {
    return `${nationkey + 10}-${this.r.int(100, 999)}-${this.r.int(100, 999)}-${this.r.int(1000, 9999)}`;
  }
}

function region(o: GenerateOptions, w: TblWriter): void {
  const comment = new TextColumn('r_comment', 31, 115);
  REGIONS.forEach((name, key) => w.row(`${key}|${name}|${comment.next()}`));
}

function nation(o: GenerateOptions, w: TblWriter): void {
  const comment = new TextColumn('n_comment', 31, 114);
  NATIONS.forEach(([name, regionkey], key) => w.row(`${key}|${name}|${regionkey}|${comment.next()}`));
}

/** Distinct keys in [1, n] picked at random: `count` for each of `labels`, no key in two of them. */
function pickDistinct(r: Stream, n: number, count: number, labels: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let label = 0; label < labels; label++) {
    for (let k = 0; k < count && out.size < n; k++) {
      let key: number;
      do key = r.int(1, n); while (out.has(key));
      out.set(key, label);
    }
  }
  return out;
}

/** Overwrite part of a comment with "Customer…<word>", keeping its length (the comment is at least 25 long). */
function plantComplaint(comment: string, word: string, r: Stream): string {
  const fixed = 'Customer'.length + word.length;
  const gap = r.int(0, comment.length - fixed);
  const at = r.int(0, comment.length - fixed - gap);
  const middle = comment.slice(at + 8, at + 8 + gap);
  return `${comment.slice(0, at)}Customer${middle}${word}${comment.slice(at + fixed + gap)}`;
}

function supplier(o: GenerateOptions, w: TblWriter): void {
  const { suppliers } = cardinalities(o.sf);
  const address = new VStringColumn('s_address', 10, 40);
  const nationkey = new Stream('s_nationkey');
  const phone = new PhoneColumn('s_phone');
  const acctbal = new Stream('s_acctbal');
  const comment = new TextColumn('s_comment', 25, 100);
  const plant = new Stream('s_comment.bbb');
  const planted = pickDistinct(plant, suppliers, Math.max(1, Math.round(o.sf * 5)), 2);
  for (let key = 1; key <= suppliers; key++) {
    const nk = nationkey.int(0, 24);
    let c = comment.next();
    const label = planted.get(key);
    if (label !== undefined) c = plantComplaint(c, label === 0 ? 'Complaints' : 'Recommends', plant);
    w.row(`${key}|Supplier#${pad9(key)}|${address.next()}|${nk}|${phone.next(nk)}|${cents(acctbal.int(-99_999, 999_999))}|${c}`);
  }
}

function part(o: GenerateOptions, w: TblWriter): void {
  const { parts } = cardinalities(o.sf);
  const name = new Stream('p_name');
  const mfgr = new Stream('p_mfgr');
  const brand = new Stream('p_brand');
  const type = new Stream('p_type');
  const size = new Stream('p_size');
  const container = new Stream('p_container');
  const comment = new TextColumn('p_comment', 5, 22);
  const words: number[] = [];
  for (let key = 1; key <= parts; key++) {
    words.length = 0;
    while (words.length < 5) {
      const i = name.int(0, COLORS.length - 1);
      if (!words.includes(i)) words.push(i);
    }
    const m = mfgr.int(1, 5);
    const t = `${type.pick(TYPE_SYLLABLES[0])} ${type.pick(TYPE_SYLLABLES[1])} ${type.pick(TYPE_SYLLABLES[2])}`;
    const c = `${container.pick(CONTAINER_SYLLABLES[0])} ${container.pick(CONTAINER_SYLLABLES[1])}`;
    w.row(`${key}|${words.map((i) => COLORS[i]).join(' ')}|Manufacturer#${m}|Brand#${m}${brand.int(1, 5)}|${t}|${size.int(1, 50)}|${c}|${cents(retailPriceCents(key))}|${comment.next()}`);
  }
}

function partsupp(o: GenerateOptions, w: TblWriter): void {
  const { parts, suppliers } = cardinalities(o.sf);
  const availqty = new Stream('ps_availqty');
  const supplycost = new Stream('ps_supplycost');
  const comment = new TextColumn('ps_comment', 49, 198);
  for (let key = 1; key <= parts; key++) {
    for (let i = 0; i < 4; i++) {
      w.row(`${key}|${partSupplier(key, i, suppliers)}|${availqty.int(1, 9_999)}|${cents(supplycost.int(100, 100_000))}|${comment.next()}`);
    }
  }
}

function customer(o: GenerateOptions, w: TblWriter): void {
  const { customers } = cardinalities(o.sf);
  const address = new VStringColumn('c_address', 10, 40);
  const nationkey = new Stream('c_nationkey');
  const phone = new PhoneColumn('c_phone');
  const acctbal = new Stream('c_acctbal');
  const segment = new Stream('c_mktsegment');
  const comment = new TextColumn('c_comment', 29, 116);
  for (let key = 1; key <= customers; key++) {
    const nk = nationkey.int(0, 24);
    w.row(`${key}|Customer#${pad9(key)}|${address.next()}|${nk}|${phone.next(nk)}|${cents(acctbal.int(-99_999, 999_999))}|${segment.pick(SEGMENTS)}|${comment.next()}`);
  }
}

/** ORDERS and LINEITEM together: an order's status and total price come from its lines. */
function ordersAndLineitem(o: GenerateOptions, ow: TblWriter, lw: TblWriter): void {
  const { orders, customers, parts, suppliers } = cardinalities(o.sf);
  const clerks = Math.max(1, Math.floor(1_000 * o.sf));
  const custkey = new Stream('o_custkey');
  const orderdate = new Stream('o_orderdate');
  const priority = new Stream('o_orderpriority');
  const clerk = new Stream('o_clerk');
  const ocomment = new TextColumn('o_comment', 19, 78);
  const lines = new Stream('l_linecount');
  const partkey = new Stream('l_partkey');
  const suppIndex = new Stream('l_suppkey');
  const quantity = new Stream('l_quantity');
  const discount = new Stream('l_discount');
  const tax = new Stream('l_tax');
  const shipdate = new Stream('l_shipdate');
  const commitdate = new Stream('l_commitdate');
  const receiptdate = new Stream('l_receiptdate');
  const returnflag = new Stream('l_returnflag');
  const instruct = new Stream('l_shipinstruct');
  const mode = new Stream('l_shipmode');
  const lcomment = new TextColumn('l_comment', 10, 43);
  const lastOrderDay = END_DAY - 151;

  for (let i = 0; i < orders; i++) {
    // Keys are sparse: the first 8 of every 32 (clause 4.2.3, O_ORDERKEY).
    const orderkey = Math.floor(i / 8) * 32 + (i % 8) + 1;
    let ck: number;
    do ck = custkey.int(1, customers); while (ck % 3 === 0 && customers >= 3);
    const od = orderdate.int(0, lastOrderDay);
    const n = lines.int(1, 7);
    let total = 0;
    let shipped = 0;
    for (let ln = 1; ln <= n; ln++) {
      const pk = partkey.int(1, parts);
      const sk = partSupplier(pk, suppIndex.int(0, 3), suppliers);
      const q = quantity.int(1, 50);
      const d = discount.int(0, 10);
      const t = tax.int(0, 8);
      const ship = od + shipdate.int(1, 121);
      const commit = od + commitdate.int(30, 90);
      const receipt = ship + receiptdate.int(1, 30);
      const flag = receipt <= CURRENT_DAY ? (returnflag.int(0, 1) === 0 ? 'R' : 'A') : 'N';
      const status = ship > CURRENT_DAY ? 'O' : 'F';
      if (status === 'F') shipped++;
      const extended = q * retailPriceCents(pk);
      // Hundredths of a cent times a whole number of percent, twice: exact, then rounded once per line.
      total += Math.round((extended * (100 + t) * (100 - d)) / 10_000);
      lw.row(`${orderkey}|${pk}|${sk}|${ln}|${q}.00|${cents(extended)}|0.${d < 10 ? '0' : ''}${d}|0.0${t}|${flag}|${status}|${DATES[ship]}|${DATES[commit]}|${DATES[receipt]}|${instruct.pick(INSTRUCTIONS)}|${mode.pick(SHIP_MODES)}|${lcomment.next()}`);
    }
    const ostatus = shipped === n ? 'F' : shipped === 0 ? 'O' : 'P';
    ow.row(`${orderkey}|${ck}|${ostatus}|${cents(total)}|${DATES[od]}|${priority.pick(PRIORITIES)}|Clerk#${pad9(clerk.int(1, clerks))}|0|${ocomment.next()}`);
  }
}

/** Write all eight tables into `o.dir` (created if missing). */
export function generate(o: GenerateOptions): void {
  mkdirSync(o.dir, { recursive: true, mode: 0o755 });
  const trailing = o.trailingDelimiter ?? true;
  const open = (t: TableName): TblWriter => new TblWriter(path.join(o.dir, `${t}.tbl`), trailing);
  const single: [TableName, (o: GenerateOptions, w: TblWriter) => void][] = [
    ['region', region], ['nation', nation], ['supplier', supplier], ['part', part], ['partsupp', partsupp], ['customer', customer],
  ];
  for (const [name, fn] of single) {
    const t0 = performance.now();
    const w = open(name);
    fn(o, w);
    w.close();
    o.onTable?.(name, w.rows, (performance.now() - t0) / 1000);
  }
  const t0 = performance.now();
  const ow = open('orders');
  const lw = open('lineitem');
  ordersAndLineitem(o, ow, lw);
  ow.close();
  lw.close();
  const s = (performance.now() - t0) / 1000;
  o.onTable?.('orders', ow.rows, s);
  o.onTable?.('lineitem', lw.rows, s);
}
