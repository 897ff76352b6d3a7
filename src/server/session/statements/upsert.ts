/**
 * INSERT … ON CONFLICT. Keys are the table's PRIMARY KEY and UNIQUE indexes (the conflict target must be one
 * of them). Each proposed row whose key already exists — in the table, or earlier in the same statement — is
 * skipped (DO NOTHING) or turns into an update of the existing row (DO UPDATE SET … [WHERE …]), which is
 * written copy-on-write: only files holding updated rows are rewritten. As in PostgreSQL, DO UPDATE may not
 * touch the same row twice in one statement (21000), and NULL keys never conflict. On a table with the change
 * data feed, the rows inserted and updated are recorded too (change-data.ts).
 */
import {
  concatBatches, Decimal, getValue, SqlError, SqlState, takeBatch, type Batch,
} from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import { evalExprs, type ExecContext } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import type { BoundOnConflict } from '../../../sql/index.ts';
import type { StatementContext } from '../statement-context.ts';
import { writeRows } from './insert.ts';
import { withGeneratedColumns } from './constraints/enforce.ts';
import { ChangeData } from './change-data.ts';
import { UniqueCheck } from './constraints/unique-check.ts';

export interface UpsertResult {
  /** Rows written by this statement (inserted, then updated), for RETURNING. */
  readonly written: Batch[];
  readonly count: number;
}

/** The table's unique keys as column-index lists: the primary key, then UNIQUE indexes. */
function uniqueKeys(ctx: StatementContext, table: TableDef): number[][] {
  const idx = (name: string) => table.columns.findIndex((c) => c.name === name);
  const keys: number[][] = [];
  if (table.primaryKey.length > 0) keys.push(table.primaryKey.map(idx));
  for (const i of ctx.view.indexes(ctx.database, undefined, table.oid)) if (i.unique) keys.push(i.columns.map(idx));
  return keys.filter((k) => k.every((c) => c >= 0));
}

const sameSet = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x) => b.includes(x));

/** A row's key as a string, or null when any key column is NULL (NULLs never conflict). */
function keyOf(b: Batch, row: number, cols: readonly number[]): string | null {
  const parts: string[] = [];
  for (const c of cols) {
    const v = getValue(b.columns[c]!, row);
    if (v === null) return null;
    parts.push(v instanceof Decimal ? v.hashKey() : typeof v === 'object' ? JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}` : x)) : String(v));
  }
  return parts.join('\u0001');
}

const affectedTwice = () => new SqlError(SqlState.cardinalityViolation, 'ON CONFLICT DO UPDATE command cannot affect row a second time', {
  hint: 'Ensure that no rows proposed for insertion within the same command have duplicate constrained values.',
});

export async function upsert(ctx: StatementContext, table: TableDef, oc: BoundOnConflict, proposed: readonly Batch[], exec: ExecContext): Promise<UpsertResult> {
  const all = table.columns.map((_, i) => i);
  const unique = uniqueKeys(ctx, table);
  let keys: number[][];
  if (oc.target !== null) {
    if (!unique.some((k) => sameSet(k, oc.target!))) {
      throw new SqlError(SqlState.invalidColumnReference, 'there is no unique or exclusion constraint matching the ON CONFLICT specification');
    }
    keys = [[...oc.target]];
  } else {
    keys = unique;
  }
  const types = table.columns.map((c) => c.type);
  const rows = concatBatches(types, proposed);

  // Existing keys → (file, row within the file).
  const snap = await ctx.tx.snapshot(table.location);
  const existing = keys.map(() => new Map<string, { file: string; row: number }>());
  if (keys.length > 0) {
    for (const file of snap.files) {
      let offset = 0;
      for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: all, files: [file], batchSize: exec.batchSize })) {
        exec.checkCancel();
        for (let i = 0; i < b.length; i++) {
          keys.forEach((k, j) => {
            const key = keyOf(b, i, k);
            if (key !== null) existing[j]!.set(key, { file: file.path, row: offset + i });
          });
        }
        offset += b.length;
      }
    }
  }

  const inserts: number[] = [];
  const proposedKeys = keys.map(() => new Set<string>());
  const updates = new Map<string, Map<number, number>>(); // file → row in file → proposed row
  for (let i = 0; i < rows.length; i++) {
    const ks = keys.map((k) => keyOf(rows, i, k));
    let hit: { file: string; row: number } | 'proposed' | undefined;
    for (let j = 0; j < keys.length && hit === undefined; j++) {
      const k = ks[j];
      if (k === null || k === undefined) continue;
      hit = existing[j]!.get(k) ?? (proposedKeys[j]!.has(k) ? 'proposed' : undefined);
    }
    if (hit === undefined) {
      inserts.push(i);
      ks.forEach((k, j) => { if (k !== null) proposedKeys[j]!.add(k); });
      continue;
    }
    if (oc.action === 'nothing') continue;
    if (hit === 'proposed') throw affectedTwice();
    let m = updates.get(hit.file);
    if (m === undefined) updates.set(hit.file, m = new Map());
    if (m.has(hit.row)) throw affectedTwice();
    m.set(hit.row, i);
  }

  const written: Batch[] = [];
  let count = 0;
  const changes = await ChangeData.start(ctx, table);
  // Keys other than the arbiters' still conflict (23505), and so may the keys DO UPDATE sets.
  const check = await UniqueCheck.start(ctx, table, true);
  if (inserts.length > 0) {
    const ins = takeBatch(rows, inserts);
    const before = written.length;
    count += await writeRows(ctx, table, one(ins), 'WRITE', written, check);
    for (const b of written.slice(before)) changes?.inserted(b);
  }
  for (const [file, targets] of updates) {
    const parts: Batch[] = [];
    for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: all, files: [snap.files.find((f) => f.path === file)!], batchSize: exec.batchSize })) parts.push(b);
    const current = concatBatches(types, parts);
    const at = [...targets.keys()];
    const old = takeBatch(current, at);
    const excluded = takeBatch(rows, at.map((r) => targets.get(r)!));
    const combined: Batch = { columns: [...old.columns, ...excluded.columns], length: at.length };
    let pass = at.map((_, k) => k);
    if (oc.where !== null) {
      const [ok] = await evalExprs([oc.where], combined, exec);
      pass = pass.filter((k) => ok!.values[k] === 1 && (ok!.nulls === null || ok!.nulls[k] === 0));
    }
    if (pass.length === 0) continue;
    const chosen = takeBatch(combined, pass);
    const exprs: Expr[] = oc.set.map((e, j) => e ?? { kind: 'column', index: j, type: types[j]!, name: table.columns[j]!.name });
    // Generated columns follow the updated row (RETURNING sees them; writeRows computes the same).
    const updated = await withGeneratedColumns(ctx, table, { columns: await evalExprs(exprs, chosen, exec), length: pass.length }, exec);
    const changedRows = new Set(pass.map((k) => at[k]!));
    const keep = Array.from({ length: current.length }, (_, r) => r).filter((r) => !changedRows.has(r));
    await ctx.tx.removeFiles(table.location, [file], { operation: 'MERGE', user: ctx.user });
    const content = keep.length > 0 ? [takeBatch(current, keep), updated] : [updated];
    await writeRows(ctx, table, many(content), 'MERGE');
    changes?.updated(takeBatch(old, pass), updated);
    check?.updated(takeBatch(old, pass), updated);
    count += pass.length;
    written.push(updated);
  }
  await check?.finish();
  await changes?.finish();
  return { written, count };
}

async function* one(b: Batch): AsyncGenerator<Batch> { yield b; }
async function* many(bs: Batch[]): AsyncGenerator<Batch> { yield* bs; }

