/**
 * PRIMARY KEY and UNIQUE enforcement for one statement's writes to one table (23505).
 *
 * The statement reports what it does to rows, in the order it does it: rows inserted, rows updated (old and
 * new), rows deleted. At its end (finish), before anything commits, the keys are checked the way PostgreSQL's
 * non-deferrable unique indexes check them, row by row in that order: an updated row's old key is gone before
 * its new key goes in, so `SET id = id - 1` over 1, 2, 3 succeeds and `SET id = id + 1` fails on the first row
 * (PostgreSQL visits rows in heap order, Basin in file order; both are insertion order for rows never updated).
 *
 * Tables have no indexes, so the existing keys are read once per statement, and only those that can matter: the
 * keys the statement writes are gathered first; files whose stats (min/max per key column) hold none of them
 * are skipped; the others' key columns come from the column cache, through its equality index where the key is
 * one integer or text column. Memory is bounded by the statement's own rows.
 *
 * Other transactions' commits are not seen here (snapshot isolation): commitCheck re-checks the keys the
 * transaction added against the files that commits made since it read the table, at commit.
 */
import { getValue, SqlError, SqlState, take, type Batch, type DataFile, type TableSnapshot, type TextOptions } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import { indexable, IntHashChains, IntKeyPacker, valueComparator } from '../../../../kernels/index.ts';
import type { TableStorage } from '../../../../storage/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { duplicatedKey, duplicateKey, isRawKeyType, keyDescription, keyOf, keysOf, keyRows, uniqueKeysOf, type KeyRows, type UniqueKey } from './unique-keys.ts';

type RowEvent =
  | { readonly kind: 'insert'; readonly rows: KeyRows }
  | { readonly kind: 'delete'; readonly rows: KeyRows }
  | { readonly kind: 'update'; readonly old: KeyRows; readonly rows: KeyRows };

export class UniqueCheck {
  private readonly events: RowEvent[] = [];

  private constructor(
    private readonly ctx: StatementContext,
    private readonly table: TableDef,
    private readonly keys: readonly UniqueKey[],
    /** The table as the statement found it (this transaction's earlier writes included). */
    private readonly base: TableSnapshot,
  ) {}

  /**
   * The check of a statement about to write `table` (undefined when the table has no unique key). Call it before
   * the statement changes the table. `upsert`: INSERT … ON CONFLICT, whose keys a concurrent commit makes a
   * serialization failure (retrying it takes the other path) rather than a duplicate.
   */
  static async start(ctx: StatementContext, table: TableDef, upsert = false): Promise<UniqueCheck | undefined> {
    const keys = uniqueKeysOf(ctx, table);
    if (keys.length === 0) return undefined;
    const base = await ctx.tx.snapshot(table.location);
    ctx.tx.checkAtCommit(table.location, commitCheck(ctx.services.storage, table, keys, ctx.execContext().textOptions, upsert));
    return new UniqueCheck(ctx, table, keys, base);
  }

  inserted(b: Batch): void {
    if (b.length > 0) this.events.push({ kind: 'insert', rows: keyRows(b, this.keys) });
  }

  /**
   * Rows updated: old[i] became next[i]. Rows whose keys did not change are left out: no earlier row can have
   * taken a key such a row still held, so checking it changes nothing (UPDATEs of other columns cost nothing).
   */
  updated(old: Batch, next: Batch): void {
    if (old.length === 0) return;
    const before = keyRows(old, this.keys), after = keyRows(next, this.keys);
    const moved: number[] = [];
    const changed = this.keys.map((k) => {
      const a = keysOf(before, k), b = keysOf(after, k);
      return (i: number) => !(a[i] === b[i] || (a[i] !== a[i] && b[i] !== b[i]));
    });
    for (let i = 0; i < old.length; i++) if (changed.some((f) => f(i))) moved.push(i);
    if (moved.length === 0) return;
    const pick = (r: KeyRows): KeyRows => (moved.length === r.length ? r
      : { columns: r.columns.map((v) => (v === undefined ? undefined : take(v, moved))), length: moved.length });
    this.events.push({ kind: 'update', old: pick(before), rows: pick(after) });
  }

  deleted(old: Batch): void {
    if (old.length > 0) this.events.push({ kind: 'delete', rows: keyRows(old, this.keys) });
  }

  /** Check the statement's rows (23505 on the first row whose key is taken). */
  async finish(): Promise<void> {
    if (this.events.every((e) => e.kind === 'insert')) return this.finishInserts();
    const exec = this.ctx.execContext();
    const written = this.events.filter((e) => e.kind !== 'delete').map((e) => e.rows);
    // Per key, the keys of the rows written (by event; none for deletes), and how many live rows hold each.
    const fresh: unknown[][][] = [];
    const live: Map<unknown, number>[] = [];
    for (const key of this.keys) {
      exec.checkCancel();
      const keys = this.events.map((e) => (e.kind === 'delete' ? [] : keysOf(e.rows, key)));
      const probes = new Set<unknown>();
      for (const ks of keys) for (const k of ks) if (k !== null) probes.add(k);
      fresh.push(keys);
      live.push(probes.size === 0 ? new Map() : await countKeys(this.ctx.services.storage, this.table, this.base, this.base.files, key, probes, written, exec.batchSize));
    }
    const opts = exec.textOptions;
    const remove = (rows: KeyRows, i: number): void => {
      this.keys.forEach((key, j) => {
        const k = keyOf(rows, i, key);
        const n = k === null ? undefined : live[j]!.get(k);
        if (n !== undefined) live[j]!.set(k, n - 1);
      });
    };
    const add = (e: number, rows: KeyRows, i: number): void => {
      for (let j = 0; j < this.keys.length; j++) {
        const k = fresh[j]![e]![i];
        if (k === null) continue;
        const counts = live[j]!;
        const n = counts.get(k) ?? 0;
        if (n > 0) throw duplicateKey(this.table, this.keys[j]!, rows, i, opts);
        counts.set(k, n + 1);
      }
    };
    this.events.forEach((ev, e) => {
      exec.checkCancel();
      for (let i = 0; i < ev.rows.length; i++) {
        if (ev.kind === 'delete') remove(ev.rows, i);
        else if (ev.kind === 'insert') add(e, ev.rows, i);
        else {
          remove(ev.old, i);
          add(e, ev.rows, i);
        }
      }
    });
  }

  /**
   * Only rows inserted: a row fails a key when an existing row or an earlier new row holds its key, so each key
   * is checked on its own, and the first failing row (in key order where one row fails several) is reported.
   */
  private async finishInserts(): Promise<void> {
    const exec = this.ctx.execContext();
    const written = this.events.map((e) => e.rows);
    let first: { row: number; key: number } | undefined;
    for (const [j, key] of this.keys.entries()) {
      exec.checkCancel();
      const r = await firstTaken(this.ctx.services.storage, this.table, this.base, key, written, exec.batchSize);
      if (r !== undefined && (first === undefined || r < first.row)) first = { row: r, key: j };
    }
    if (first === undefined) return;
    let row = first.row;
    for (const rows of written) {
      if (row < rows.length) throw duplicateKey(this.table, this.keys[first.key]!, rows, row, exec.textOptions);
      row -= rows.length;
    }
  }
}

/**
 * The first of the rows `written` (counted across them) whose key under `key` is already held, by a row of the
 * table's files or an earlier row of `written`; undefined when none is.
 */
async function firstTaken(storage: TableStorage, table: TableDef, snapshot: TableSnapshot, key: UniqueKey, written: readonly KeyRows[],
  batchSize: number): Promise<number | undefined> {
  const ints = intKeys(written, key);
  if (ints !== undefined) return firstTakenInt(storage, table, snapshot, key, ints, batchSize);
  const probes = new Map<unknown, number>(); // key → its first row
  let first: number | undefined;
  let row = 0;
  for (const rows of written) {
    for (const k of keysOf(rows, key)) {
      if (k !== null) {
        if (!probes.has(k)) probes.set(k, row);
        else first ??= row;
      }
      row++;
    }
  }
  if (probes.size === 0) return first;
  const taken = await countKeys(storage, table, snapshot, snapshot.files, key, new Set(probes.keys()), written, batchSize);
  for (const k of taken.keys()) {
    const r = probes.get(k)!;
    if (first === undefined || r < first) first = r;
  }
  return first;
}

/**
 * A single integer column's keys of every row written, as doubles (NaN: NULL); undefined when not such a key,
 * or when an int8 is beyond ±2^53 (`beyond`: such a value is NaN instead, as for rows that match no safe key).
 */
function intKeys(written: readonly KeyRows[], key: UniqueKey, beyond = false): Float64Array | undefined {
  if (key.columns.length !== 1) return undefined;
  const c = key.columns[0]!;
  let n = 0;
  for (const rows of written) {
    const v = rows.columns[c]!;
    if (!IntKeyPacker.accepts([v]) || v.type.scaled !== undefined || v.type.id === 'bool') return undefined;
    n += rows.length;
  }
  const out = new Float64Array(n);
  let off = 0;
  for (const rows of written) {
    const v = rows.columns[c]!, m = v.nulls;
    if (v.values instanceof BigInt64Array) {
      const a = v.values;
      for (let i = 0; i < rows.length; i++) {
        if (m !== null && m[i] === 1) { out[off + i] = NaN; continue; }
        const x = Number(a[i]!);
        if (!Number.isSafeInteger(x)) {
          if (!beyond) return undefined;
          out[off + i] = NaN;
        } else out[off + i] = x;
      }
    } else {
      const a = v.values as Float64Array;
      for (let i = 0; i < rows.length; i++) out[off + i] = m !== null && m[i] === 1 ? NaN : a[i]!;
    }
    off += rows.length;
  }
  return out;
}

/** firstTaken for a single integer column: hash chains over the new keys instead of Maps. */
async function firstTakenInt(storage: TableStorage, table: TableDef, snapshot: TableSnapshot, key: UniqueKey, keys: Float64Array,
  batchSize: number): Promise<number | undefined> {
  const n = keys.length;
  const chains = new IntHashChains(keys, n);
  // A row whose key an earlier row has: the second of two equal keys is the `next` of the first.
  let first: number | undefined;
  for (let i = 0; i < n; i++) {
    const r = chains.next[i]!;
    if (r >= 0 && (first === undefined || r < first)) first = r;
  }
  if (snapshot.files.length === 0) return first;
  const name = table.columns[key.columns[0]!]!.name;
  let lo = Infinity, hi = -Infinity, distinct = 0;
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    if (k !== k) continue;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
    if (chains.find(k) === i) distinct++;
  }
  if (distinct === 0) return first;
  // Sparse keys (up to 64 Ki of them): each file is judged by whether one lies in its range; more: by the range.
  let sorted: Float64Array | undefined;
  if (distinct <= 1 << 16) {
    sorted = new Float64Array(distinct);
    let j = 0;
    for (let i = 0; i < n; i++) if (keys[i] === keys[i] && chains.find(keys[i]!) === i) sorted[j++] = keys[i]!;
    sorted.sort();
  }
  // Stats hold int8 bounds as bigints.
  const cmp = (a: unknown, b: unknown): number => Number(a) - Number(b);
  const candidates = snapshot.files.filter((f) => (sorted !== undefined ? mayHold(f, name, sorted, cmp) : mayMeet(f, name, lo, hi, cmp)));
  if (candidates.length === 0) return first;
  const columns = scanColumns(table, snapshot, key);
  // The column cache's equality index answers a few keys; many are matched against the whole column here.
  const lookup = sorted !== undefined && indexable(table.columns[key.columns[0]!]!.type) ? { column: 0, keys: Array.from(sorted) } : undefined;
  for await (const b of storage.scan(table.location, { snapshot, columns, files: candidates, batchSize, ...(lookup === undefined ? {} : { lookup }) })) {
    const found = intKeys([b], { name: key.name, columns: [0] }, true)!;
    const rows = chains.findAll(found, b.length);
    for (const r of rows) if (r >= 0 && (first === undefined || r < first)) first = r;
  }
  return first;
}

/** Key columns read from storage (`cols[j]` is table column `columns[j]`) as rows of the table's width. */
function tableRows(table: TableDef, columns: readonly number[], cols: Batch['columns'], length: number): KeyRows {
  const out: KeyRows['columns'][number][] = new Array(table.columns.length);
  columns.forEach((c, j) => { out[c] = cols[j]; });
  return { columns: out, length };
}

/** Schema indexes (in `snapshot`) of the key's columns. */
function scanColumns(table: TableDef, snapshot: TableSnapshot, key: UniqueKey): number[] {
  return key.columns.map((c) => {
    const name = table.columns[c]!.name;
    const i = snapshot.schema.findIndex((s) => s.name === name);
    if (i < 0) throw new SqlError(SqlState.internalError, `column "${name}" is missing from the Delta table at "${table.location}"`);
    return i;
  });
}

/**
 * How many rows of `files` hold each key of `probes` (keys of `key` found in `written`; other keys are not
 * counted). Files whose stats rule out every probe are not read.
 */
async function countKeys(storage: TableStorage, table: TableDef, snapshot: TableSnapshot, files: readonly DataFile[], key: UniqueKey,
  probes: ReadonlySet<unknown>, written: readonly KeyRows[], batchSize: number): Promise<Map<unknown, number>> {
  const counts = new Map<unknown, number>();
  if (files.length === 0) return counts;
  // Per key column, the distinct values written: a file may hold a key only if, for every key column, one of
  // them lies between the file's min and max. Up to 64 Ki values are sorted (sparse keys skip more files); past
  // that only their range is compared.
  const ranges = key.columns.map((c) => {
    const type = table.columns[c]!.type;
    let cmp: (a: unknown, b: unknown) => number;
    try {
      cmp = valueComparator(type);
    } catch {
      return undefined;
    }
    const name = table.columns[c]!.name;
    let values: unknown[];
    if (key.columns.length === 1 && isRawKeyType(type)) values = [...probes];
    else {
      const seen = new Set<unknown>();
      for (const rows of written) {
        const v = rows.columns[c]!;
        for (let i = 0; i < rows.length; i++) {
          const x = getValue(v, i);
          if (x !== null) seen.add(x);
        }
      }
      values = [...seen];
    }
    let sorted: unknown[] | undefined, lo: unknown, hi: unknown;
    if (values.length <= 1 << 16) sorted = [...values].sort(cmp);
    else {
      lo = hi = values[0];
      for (const x of values) {
        if (cmp(x, lo) < 0) lo = x;
        if (cmp(x, hi) > 0) hi = x;
      }
    }
    const may = (f: DataFile): boolean => (sorted !== undefined ? mayHold(f, name, sorted, cmp) : mayMeet(f, name, lo, hi, cmp));
    return { values, may, type };
  });
  const candidates = files.filter((f) => ranges.every((r) => r === undefined || r.may(f)));
  if (candidates.length === 0) return counts;
  const columns = scanColumns(table, snapshot, key);
  const first = ranges[0];
  const lookup = key.columns.length === 1 && first !== undefined && indexable(first.type) ? { column: 0, keys: first.values } : undefined;
  const tableKey: UniqueKey = { name: key.name, columns: key.columns.map((_, i) => i) };
  for await (const b of storage.scan(table.location, { snapshot, columns, files: candidates, batchSize, ...(lookup === undefined ? {} : { lookup }) })) {
    for (const k of keysOf(b, tableKey)) {
      if (k !== null && probes.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

/** Whether a file's stats allow a value of `values` (sorted) in column `name`. */
function mayHold(f: DataFile, name: string, values: ArrayLike<unknown>, cmp: (a: unknown, b: unknown) => number): boolean {
  const s = f.stats;
  if (s === undefined) return true;
  if (s.nullCount[name] !== undefined && s.nullCount[name] === s.numRecords) return false;
  const min = s.minValues[name], max = s.maxValues[name];
  let lo = 0;
  if (min !== undefined && min !== null) {
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(values[mid], min) < 0) lo = mid + 1;
      else hi = mid;
    }
  }
  if (lo >= values.length) return false;
  return max === undefined || max === null || cmp(values[lo], max) <= 0;
}

/** Whether a file's stats allow a value between lo and hi in column `name`. */
function mayMeet(f: DataFile, name: string, lo: unknown, hi: unknown, cmp: (a: unknown, b: unknown) => number): boolean {
  const s = f.stats;
  if (s === undefined) return true;
  if (s.nullCount[name] !== undefined && s.nullCount[name] === s.numRecords) return false;
  const min = s.minValues[name], max = s.maxValues[name];
  return (max === undefined || max === null || cmp(lo, max) <= 0) && (min === undefined || min === null || cmp(hi, min) >= 0);
}

/**
 * The commit-time check of a transaction that wrote `table`: `winners` are the files other transactions added
 * since it read the table, `added` the files it adds. A key in both is a duplicate that neither transaction could
 * see: 23505 (40001 for INSERT … ON CONFLICT, which a retry resolves).
 */
export function commitCheck(storage: TableStorage, table: TableDef, keys: readonly UniqueKey[], opts: TextOptions, upsert: boolean) {
  return async (latest: TableSnapshot, winners: readonly DataFile[], added: readonly DataFile[]): Promise<void> => {
    if (winners.length === 0 || added.length === 0) return;
    const ours: KeyRows[] = [];
    const all = keys.flatMap((k) => k.columns).filter((c, i, a) => a.indexOf(c) === i);
    const columns = scanColumns(table, latest, { name: '', columns: all });
    for await (const b of storage.scan(table.location, { snapshot: latest, columns, files: added, batchSize: 1 << 16 })) {
      ours.push(tableRows(table, all, b.columns, b.length));
    }
    for (const key of keys) {
      const probes = new Set<unknown>();
      for (const rows of ours) for (let i = 0; i < rows.length; i++) {
        const k = keyOf(rows, i, key);
        if (k !== null) probes.add(k);
      }
      if (probes.size === 0) continue;
      const taken = await countKeys(storage, table, latest, winners, key, probes, ours, 1 << 16);
      if (taken.size === 0) continue;
      for (const rows of ours) for (let i = 0; i < rows.length; i++) {
        const k = keyOf(rows, i, key);
        if (k === null || !taken.has(k)) continue;
        if (upsert) {
          throw new SqlError(SqlState.serializationFailure, 'could not serialize access due to concurrent update', {
            detail: `A concurrent transaction committed the key ${keyDescription(table, key, rows, i, opts)} meanwhile.`,
            hint: 'Retry the transaction.',
          });
        }
        throw duplicateKey(table, key, rows, i, opts);
      }
    }
  };
}


/**
 * A unique index about to be built over the rows `table` holds (ALTER TABLE ADD PRIMARY KEY / UNIQUE, CREATE
 * UNIQUE INDEX): 23505 `could not create unique index` naming a duplicated key, if there is one.
 */
export async function checkBuildable(ctx: StatementContext, table: TableDef, key: UniqueKey): Promise<void> {
  const snapshot = await ctx.tx.snapshot(table.location);
  const exec = ctx.execContext();
  const columns = scanColumns(table, snapshot, key);
  const scanned: UniqueKey = { name: key.name, columns: key.columns.map((_, i) => i) };
  const seen = new Set<unknown>();
  for await (const b of ctx.tx.storage.scan(table.location, { snapshot, columns, batchSize: exec.batchSize })) {
    exec.checkCancel();
    for (let i = 0; i < b.length; i++) {
      const k = keyOf(b, i, scanned);
      if (k === null) continue;
      if (seen.has(k)) throw duplicatedKey(table, key, tableRows(table, key.columns, b.columns, b.length), i, exec.textOptions);
      seen.add(k);
    }
  }
}
