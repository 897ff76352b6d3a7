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
import { getValue, SqlError, SqlState, type Batch, type DataFile, type TableSnapshot, type TextOptions } from '../../../../common/index.ts';
import type { TableDef } from '../../../../catalog/index.ts';
import { indexable, valueComparator } from '../../../../kernels/index.ts';
import type { TableStorage } from '../../../../storage/index.ts';
import type { StatementContext } from '../../statement-context.ts';
import { duplicatedKey, duplicateKey, keyDescription, keyOf, keyRows, uniqueKeysOf, type KeyRows, type UniqueKey } from './unique-keys.ts';

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

  /** Rows updated: old[i] became next[i]. */
  updated(old: Batch, next: Batch): void {
    if (old.length > 0) this.events.push({ kind: 'update', old: keyRows(old, this.keys), rows: keyRows(next, this.keys) });
  }

  deleted(old: Batch): void {
    if (old.length > 0) this.events.push({ kind: 'delete', rows: keyRows(old, this.keys) });
  }

  /** Check the statement's rows (23505 on the first row whose key is taken). */
  async finish(): Promise<void> {
    const exec = this.ctx.execContext();
    const written = this.events.map((e) => e.rows);
    const live: Map<unknown, number>[] = [];
    for (const key of this.keys) {
      exec.checkCancel();
      const probes = new Set<unknown>();
      for (const rows of written) {
        for (let i = 0; i < rows.length; i++) {
          const k = keyOf(rows, i, key);
          if (k !== null) probes.add(k);
        }
      }
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
    const add = (rows: KeyRows, i: number): void => {
      this.keys.forEach((key, j) => {
        const k = keyOf(rows, i, key);
        if (k === null) return;
        const n = live[j]!.get(k) ?? 0;
        if (n > 0) throw duplicateKey(this.table, key, rows, i, opts);
        live[j]!.set(k, n + 1);
      });
    };
    for (const e of this.events) {
      exec.checkCancel();
      for (let i = 0; i < e.rows.length; i++) {
        if (e.kind === 'delete') remove(e.rows, i);
        else if (e.kind === 'insert') add(e.rows, i);
        else {
          remove(e.old, i);
          add(e.rows, i);
        }
      }
    }
  }
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
  // Per key column, the distinct values written, sorted: a file may hold a key only if, for every key column,
  // one of them lies between the file's min and max.
  const ranges = key.columns.map((c) => {
    const type = table.columns[c]!.type;
    let cmp: (a: unknown, b: unknown) => number;
    try {
      cmp = valueComparator(type);
    } catch {
      return undefined;
    }
    const seen = new Set<unknown>();
    for (const rows of written) {
      const v = rows.columns[c]!;
      for (let i = 0; i < rows.length; i++) {
        const x = getValue(v, i);
        if (x !== null) seen.add(x);
      }
    }
    return { name: table.columns[c]!.name, values: [...seen].sort(cmp), cmp, type };
  });
  const candidates = files.filter((f) => ranges.every((r) => r === undefined || mayHold(f, r.name, r.values, r.cmp)));
  if (candidates.length === 0) return counts;
  const columns = scanColumns(table, snapshot, key);
  const first = ranges[0];
  const lookup = key.columns.length === 1 && first !== undefined && indexable(first.type) ? { column: 0, keys: first.values } : undefined;
  const tableKey: UniqueKey = { name: key.name, columns: key.columns.map((_, i) => i) };
  for await (const b of storage.scan(table.location, { snapshot, columns, files: candidates, batchSize, ...(lookup === undefined ? {} : { lookup }) })) {
    for (let i = 0; i < b.length; i++) {
      const k = keyOf(b, i, tableKey);
      if (k !== null && probes.has(k)) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return counts;
}

/** Whether a file's stats allow a value of `values` (sorted) in column `name`. */
function mayHold(f: DataFile, name: string, values: readonly unknown[], cmp: (a: unknown, b: unknown) => number): boolean {
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
      const cols: KeyRows['columns'][number][] = new Array(table.columns.length);
      all.forEach((c, i) => { cols[c] = b.columns[i]; });
      ours.push({ columns: cols, length: b.length });
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
      if (seen.has(k)) {
        const rows: KeyRows['columns'][number][] = new Array(table.columns.length);
        key.columns.forEach((c, j) => { rows[c] = b.columns[j]; });
        throw duplicatedKey(table, key, { columns: rows, length: b.length }, i, exec.textOptions);
      }
      seen.add(k);
    }
  }
}
