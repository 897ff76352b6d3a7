/**
 * Group ids for GROUP BY rows: each key column's values get dense codes (an open-addressing table for
 * integer columns, a Map over rowKeys' keys for others, one code for NULL), and several columns' codes fold
 * pairwise into one id through integer tables; key columns that follow the integer ones are compared with
 * the first row of their group instead of coded (see GroupIds). Rows are equal here exactly when rowKeys'
 * keys say so.
 */
import { SqlError, SqlState, type Vector } from '../../../common/index.ts';
import { IntIds, orderClass, rowKeys, type Key } from '../../../kernels/index.ts';

const PAIR = 2 ** 26;
const MAX = Number.MAX_SAFE_INTEGER;

/** Codes for one column's values. */
class ColumnCodes {
  private readonly ints = new IntIds();
  private readonly map = new Map<Key | null, number>();
  /** The first values and their codes (see FEW); NaN is never found here (NaN !== NaN) but in the map. */
  private readonly few: (Key | null)[] = [];
  private readonly fewIds: number[] = [];
  private nullCode = -1;
  count = 0;

  codes(v: Vector, n: number, out: Int32Array): void {
    const m = v.nulls;
    const a = intValues(v, n);
    if (a !== undefined) {
      for (let i = 0; i < n; i++) {
        if (m !== null && m[i] === 1) { out[i] = this.nullCode >= 0 ? this.nullCode : (this.nullCode = this.count++); continue; }
        const id = this.ints.idOf(a[i]!, this.count);
        if (id === this.count) this.count++;
        out[i] = id;
      }
      return;
    }
    const keys = rowKeys([v], n, true);
    let i = 0;
    // While the column has few values (flags, statuses), a row finds its code by comparing with each, which
    // for the strings the Parquet reader interns is a pointer test, not a hash.
    const few = this.few;
    for (; i < n && this.map.size <= FEW; i++) {
      const k = keys[i]!;
      let j = 0;
      while (j < few.length && few[j] !== k) j++;
      if (j < few.length) { out[i] = this.fewIds[j]!; continue; }
      let id = this.map.get(k);
      if (id === undefined) {
        this.map.set(k, id = this.count++);
        few.push(k);
        this.fewIds.push(id);
      }
      out[i] = id;
    }
    for (; i < n; i++) {
      const k = keys[i]!;
      let id = this.map.get(k);
      if (id === undefined) this.map.set(k, id = this.count++);
      out[i] = id;
    }
  }

  /** The codes the values have, -1 for a value without one; nothing is added. */
  find(v: Vector, n: number, out: Int32Array): void {
    const m = v.nulls;
    const a = intValues(v, n);
    if (a !== undefined) {
      for (let i = 0; i < n; i++) out[i] = m !== null && m[i] === 1 ? this.nullCode : this.ints.find(a[i]!);
      return;
    }
    const keys = rowKeys([v], n, true);
    for (let i = 0; i < n; i++) out[i] = this.map.get(keys[i]!) ?? -1;
  }
}

/** Up to this many distinct values, ColumnCodes compares a key with each before hashing it. */
const FEW = 8;

/**
 * A column's values as numbers when it is coded through the integer table (integer-like types, and int8 when
 * every value is within ±(2^53 − 1)); undefined when its values are coded by their rowKeys keys.
 */
function intValues(v: Vector, n: number): ArrayLike<number> | undefined {
  const c = orderClass(v.type);
  if (c === 'int' || c === 'bool') return v.values as ArrayLike<number>;
  if (c !== 'int8') return undefined;
  const a = v.values as BigInt64Array;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Number(a[i]!);
    if (x > MAX || x < -MAX) return undefined;
    out[i] = x;
  }
  return out;
}

/** Dense ids for combinations of several columns' codes, folded pairwise through integer tables. */
class ComboIds {
  private readonly columns: ColumnCodes[];
  private readonly pairs: IntIds[];
  private readonly pairCounts: number[];
  count = 0;

  constructor(width: number) {
    this.columns = Array.from({ length: width }, () => new ColumnCodes());
    this.pairs = Array.from({ length: Math.max(0, width - 1) }, () => new IntIds());
    this.pairCounts = this.pairs.map(() => 0);
  }

  assign(cols: readonly Vector[], n: number, ids: Int32Array): void {
    this.columns[0]!.codes(cols[0]!, n, ids);
    if (cols.length === 1) {
      this.count = this.columns[0]!.count;
      return;
    }
    const codes = new Int32Array(n);
    for (let j = 1; j < cols.length; j++) {
      const col = this.columns[j]!;
      col.codes(cols[j]!, n, codes);
      if (col.count > PAIR || this.pairCounts[j - 1]! > PAIR || (j === 1 && this.columns[0]!.count > PAIR)) {
        throw new SqlError(SqlState.programLimitExceeded, `GROUP BY over more than ${PAIR} distinct values of a column`);
      }
      const pair = this.pairs[j - 1]!;
      let next = this.pairCounts[j - 1]!;
      for (let i = 0; i < n; i++) {
        const id = pair.idOf(ids[i]! * PAIR + codes[i]!, next);
        if (id === next) next++;
        ids[i] = id;
      }
      this.pairCounts[j - 1] = next;
    }
    this.count = this.pairCounts[cols.length - 2]!;
  }

  /** The ids the rows' combinations have, -1 for one without; nothing is added. */
  find(cols: readonly Vector[], n: number, ids: Int32Array): void {
    this.columns[0]!.find(cols[0]!, n, ids);
    if (cols.length === 1) return;
    const codes = new Int32Array(n);
    for (let j = 1; j < cols.length; j++) {
      this.columns[j]!.find(cols[j]!, n, codes);
      const pair = this.pairs[j - 1]!;
      for (let i = 0; i < n; i++) ids[i] = ids[i]! < 0 || codes[i]! < 0 ? -1 : pair.find(ids[i]! * PAIR + codes[i]!);
    }
  }
}

const cheapClass = (v: Vector): boolean => {
  const c = orderClass(v.type);
  return c === 'int' || c === 'bool' || c === 'int8';
};

/** A string that identifies a rowKeys key (which may be a number, bigint, string or null), unambiguously in a sequence. */
const keyText = (k: Key | null): string =>
  (k === null ? '\0' : typeof k === 'string' ? `s${k.length}:${k}` : typeof k === 'bigint' ? `b${k}` : `x${k};`);

/**
 * GROUP BY rows to dense group ids, in order of first appearance.
 *
 * Key columns of integer-like types ("lead" columns) get codes through integer tables. The other key columns
 * usually follow them (`GROUP BY c_custkey, c_name, c_address`: a name and address per customer), so instead
 * of coding their values, which means hashing every string, each lead combination remembers the keys of the
 * row that started it, and a row whose keys are the same (`===`) joins that group. A row that differs goes to
 * a Map keyed by its lead id and its other keys, which the remembered row seeds. Keys are rowKeys' keys of
 * single columns, so rows are equal here exactly when rowKeys says so, as without the shortcut.
 */
export class GroupIds {
  /** Groups so far. */
  count = 0;
  private lead: number[] = [];
  private rest: number[] = [];
  private leadIds: ComboIds | undefined;
  private leadCount = 0;
  private leadScratch = new Int32Array(0);
  /** Per rest column, per lead id: the remembered row's key (null for NULL). */
  private repKeys: (Key | null)[][] = [];
  /** Per lead id: the group of the remembered row's keys, and whether that row is in `others`. */
  private firstGid = new Int32Array(16);
  private seeded: Uint8Array = new Uint8Array(16);
  private readonly others = new Map<string, number>();

  /** Each row's group id into `gids`; `onNew(row, gid)` for the rows that start a group, in row order. */
  assign(cols: readonly Vector[], n: number, gids: Int32Array, onNew: (row: number, gid: number) => void): void {
    const before = this.count;
    if (this.leadIds === undefined) this.plan(cols, n);
    if (this.rest.length === 0) {
      this.leadIds!.assign(cols, n, gids);
      this.count = this.leadIds!.count;
    } else {
      this.assignWithRest(cols, n, gids);
    }
    // Ids are handed out in row order, so a new group's first row is where its id first appears.
    let expect = before;
    for (let i = 0; i < n && expect < this.count; i++) if (gids[i] === expect) { onNew(i, expect); expect++; }
  }

  /** Each row's group id into `gids`, -1 for a row of no group so far; no group is added. */
  find(cols: readonly Vector[], n: number, gids: Int32Array): void {
    if (this.leadIds === undefined) { gids.fill(-1, 0, n); return; }
    if (this.rest.length === 0) { this.leadIds.find(cols, n, gids); return; }
    const leadIds = new Int32Array(n);
    this.leadIds.find(this.lead.map((j) => cols[j]!), n, leadIds);
    const keys = this.rest.map((j) => rowKeys([cols[j]!], n, true));
    const width = keys.length, repKeys = this.repKeys, firstGid = this.firstGid;
    for (let i = 0; i < n; i++) {
      const l = leadIds[i]!;
      if (l < 0) { gids[i] = -1; continue; }
      let same = true;
      for (let j = 0; j < width && same; j++) same = repKeys[j]![l] === keys[j]![i];
      if (same) { gids[i] = firstGid[l]!; continue; }
      let k = `${l}`;
      for (let j = 0; j < width; j++) k += keyText(keys[j]![i]!);
      if (this.seeded[l] === 1) { gids[i] = this.others.get(k) ?? -1; continue; }
      // Only the first combination under this lead id so far: is this it after all (a NaN is not === itself)?
      let rep = `${l}`;
      for (let j = 0; j < width; j++) rep += keyText(repKeys[j]![l]!);
      gids[i] = rep === k ? firstGid[l]! : -1;
    }
  }

  private plan(cols: readonly Vector[], n: number): void {
    cols.forEach((c, j) => (cheapClass(c) ? this.lead : this.rest).push(j));
    // Without lead columns, or when the first batch shows the others do not follow them, code every column.
    if (this.lead.length === 0 || (this.rest.length > 0 && !this.restFollows(cols, n))) {
      this.lead = cols.map((_, j) => j);
      this.rest = [];
    }
    this.leadIds = new ComboIds(this.lead.length);
    this.repKeys = this.rest.map(() => []);
  }

  /** Whether most rows of this batch have the other columns' keys of the first row with their lead values. */
  private restFollows(cols: readonly Vector[], n: number): boolean {
    const ids = new Int32Array(n);
    const trial = new ComboIds(this.lead.length);
    trial.assign(this.lead.map((j) => cols[j]!), n, ids);
    const keys = this.rest.map((j) => rowKeys([cols[j]!], n, true));
    const firstRow = new Int32Array(trial.count).fill(-1);
    let differ = 0;
    for (let i = 0; i < n; i++) {
      const f = firstRow[ids[i]!]!;
      if (f < 0) { firstRow[ids[i]!] = i; continue; }
      for (const k of keys) if (k[f] !== k[i]) { differ++; break; }
    }
    return differ * 8 <= n;
  }

  private assignWithRest(cols: readonly Vector[], n: number, gids: Int32Array): void {
    if (this.leadScratch.length < n) this.leadScratch = new Int32Array(n);
    const leadIds = this.leadScratch;
    this.leadIds!.assign(this.lead.map((j) => cols[j]!), n, leadIds);
    this.growLeads(this.leadIds!.count);
    const keys = this.rest.map((j) => rowKeys([cols[j]!], n, true));
    const width = keys.length, repKeys = this.repKeys, firstGid = this.firstGid;
    for (let i = 0; i < n; i++) {
      const l = leadIds[i]!;
      if (l === this.leadCount) {
        for (let j = 0; j < width; j++) repKeys[j]![l] = keys[j]![i]!;
        firstGid[l] = this.count++;
        this.leadCount++;
        gids[i] = firstGid[l]!;
        continue;
      }
      let same = true;
      for (let j = 0; j < width && same; j++) same = repKeys[j]![l] === keys[j]![i];
      if (same) { gids[i] = firstGid[l]!; continue; }
      // Another combination under this lead id (or a NaN, which is not === itself).
      if (this.seeded[l] === 0) {
        let rep = `${l}`;
        for (let j = 0; j < width; j++) rep += keyText(repKeys[j]![l]!);
        this.others.set(rep, firstGid[l]!);
        this.seeded[l] = 1;
      }
      let k = `${l}`;
      for (let j = 0; j < width; j++) k += keyText(keys[j]![i]!);
      let g = this.others.get(k);
      if (g === undefined) this.others.set(k, g = this.count++);
      gids[i] = g;
    }
  }

  private growLeads(count: number): void {
    if (count <= this.firstGid.length) return;
    const size = Math.max(count, this.firstGid.length * 2);
    const g = new Int32Array(size);
    g.set(this.firstGid);
    this.firstGid = g;
    const seeded = new Uint8Array(size);
    seeded.set(this.seeded);
    this.seeded = seeded;
  }
}
