/**
 * MERGE INTO, copy-on-write like UPDATE and DELETE. The source is read once and joined to the target one data
 * file at a time (merge-join.ts); a file whose stats rule out any match is not even read, unless a WHEN NOT
 * MATCHED BY SOURCE clause needs every target row. For each matching (target, source) pair the first WHEN
 * MATCHED clause whose condition holds acts; target rows no source row matches go through the WHEN NOT MATCHED
 * BY SOURCE clauses. A file in which a row is updated or deleted is replaced by one holding its other rows and
 * the updated ones; files without such a row stay as they are. Source rows that match no target row go through
 * the WHEN NOT MATCHED clauses, and the rows they insert are written as new files. Updating or deleting a target
 * row a second time (two source rows match it) is PostgreSQL's and Databricks' error 21000. Every row written
 * goes through writeRows, so the table's constraints hold for MERGE as for INSERT. On a table with the change
 * data feed, every row inserted, updated or deleted is recorded too (change-data.ts).
 */
import { constantVector, SqlError, SqlState, T, take, takeBatch, type Batch, type SqlType, type Vector } from '../../../common/index.ts';
import { collectInput, evalExprs, type ExecContext } from '../../../exec/index.ts';
import type { Expr } from '../../../plan/index.ts';
import { bindMerge, preloadRelations, type Ast, type BoundMerge, type BoundMergeClause, type MergeMatch } from '../../../sql/index.ts';
import type { CommitOperation } from '../../../storage/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { generateColumns, writeRules, type WriteRules } from './constraints/enforce.ts';
import { checkInsertValues, checkUpdateValues } from './constraints/explicit-values.ts';
import type { TableRules } from './constraints/table-rules.ts';
import { columnDefaults, prepareDefaults, tableDef, targetTable, writeRows } from './insert.ts';
import { MergeJoin } from './merge-join.ts';
import { binderState, optimizePlan } from './query.ts';
import { ChangeData } from './change-data.ts';
import { UniqueCheck } from './constraints/unique-check.ts';

const affectedTwice = () => new SqlError(SqlState.cardinalityViolation, 'MERGE command cannot affect row a second time', {
  hint: 'Ensure that not more than one source row matches any one target row.',
});

/**
 * MERGE WITH SCHEMA EVOLUTION: the source columns the target lacks are added to it (nullable, at the end, in
 * the source's order) before the MERGE is bound, so that UPDATE SET * and INSERT * carry them over. Old files
 * read the new columns as NULL; under Delta column mapping they get fresh physical names.
 */
async function evolveTargetSchema(n: Ast, ctx: StatementContext): Promise<void> {
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const def = targetTable(ctx, state, n);
  if (def === undefined) return; // the binder reports what the target is
  const bound = bindMerge(n, state, () => null, ctx.mergeStar);
  const names = new Set(def.columns.map((c) => c.name));
  const added: TableDef['columns'][number][] = [];
  for (const c of bound.sourceColumns) {
    if (names.has(c.name)) continue;
    names.add(c.name);
    added.push({ name: c.name, type: c.type.id === 'unknown' ? T.text : c.type, nullable: true, defaultExpr: null });
  }
  if (added.length === 0) return;
  const snap = await ctx.tx.snapshot(def.location);
  const op = { operation: 'MERGE', user: ctx.user };
  await ctx.tx.setSchema(def.location, [...snap.schema, ...added.map((c) => ({ name: c.name, type: c.type, nullable: true }))], op);
  ctx.view.put({ ...def, columns: [...def.columns, ...added] });
}

/** What one target batch became: its rows to keep (unchanged or updated) and how many it changed. */
interface TargetResult { readonly rows: Batch[]; readonly changed: number }

export async function runMerge(n: Ast, ctx: StatementContext): Promise<Outcome> {
  if (ctx.mergeEvolution?.has(n.relation.location) === true) await evolveTargetSchema(n, ctx);
  const state = binderState(ctx);
  await preloadRelations(n, state);
  const def = targetTable(ctx, state, n);
  const prepared = await prepareDefaults(ctx, def);
  const defaults = columnDefaults(def, state, prepared);
  // Columns that take no explicit value, which UPDATE SET * / INSERT * leave out.
  const computed = (i: number): boolean =>
    prepared !== undefined && (prepared.rules.generated.has(i) || prepared.rules.identity.get(i)?.allowExplicitInsert === false);
  const bound = bindMerge(n, state, defaults, ctx.mergeStar, computed);
  const table = def ?? tableDef(ctx, bound.table.oid);
  const rules = await writeRules(ctx, table);
  const clauses = prepared === undefined ? bound.clauses : bound.clauses.map((c) => withColumnRules(c, table, prepared.rules, defaults));
  const exec = ctx.execContext();
  const width = table.columns.length;
  const sourcePlan = optimizePlan(bound.source, ctx);
  const source = await collectInput(sourcePlan, exec);
  const join = await MergeJoin.build(bound.on, width, source, table.columns, exec);
  const op = mergeOperation(bound, ctx.user);
  const of = (m: MergeMatch) => clauses.filter((c) => c.match === m);
  const matched = of('matched'), bySource = of('not_matched_by_source'), byTarget = of('not_matched_by_target');
  // RETURNING rows: the target row (new, or old for DELETE), the source row, the action.
  const returned: Batch[] | null = bound.returning === null ? null : [];
  const sourceMatched = new Uint8Array(source.length);
  let count = 0;

  const changes = await ChangeData.start(ctx, table);
  const unique = await UniqueCheck.start(ctx, table);
  const merge = new TargetMerge(width, source, matched, bySource, returned, rules, exec, changes, unique);
  const snap = await ctx.tx.snapshot(table.location);
  const all = table.columns.map((_, i) => i);
  const files = bySource.length > 0 ? snap.files : snap.files.filter((f) => join.mayMatch(f));
  // The scans record what this MERGE read, for conflict checks at commit; where stats ruled out every file the
  // table was still read (a concurrent change that adds a matching row must conflict).
  if (files.length === 0) await ctx.tx.noteTableRead(table.location);
  for (const file of files) {
    const rows: Batch[] = [];
    let changed = 0;
    for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: all, files: [file], batchSize: exec.batchSize })) {
      exec.checkCancel();
      const pairs = await join.pairs(b, exec);
      for (let k = 0; k < pairs.length; k++) sourceMatched[pairs.source[k]!] = 1;
      const r = await merge.batch(b, pairs.target, pairs.source, pairs.length);
      rows.push(...r.rows);
      changed += r.changed;
    }
    if (changed === 0) continue;
    count += changed;
    changes?.rewrote(rows.reduce((n, b) => n + b.length, 0));
    await ctx.tx.removeFiles(table.location, [file.path], op);
    await writeRows(ctx, table, toAsync(rows), 'MERGE');
  }

  const inserted = byTarget.length === 0 ? [] : await insertRows(width, table.columns.map((c) => c.type), source, sourceMatched, byTarget, returned, rules, exec);
  if (inserted.length > 0) {
    const written: Batch[] = [];
    count += await writeRows(ctx, table, toAsync(inserted), 'MERGE', written, unique);
    for (const b of written) changes?.inserted(b);
    await ctx.tx.setOperation(table.location, op);
  }
  await unique?.finish();
  await changes?.finish();

  const tag = `MERGE ${count}`;
  if (bound.returning === null || returned === null) return { fields: null, tag: () => tag };
  const returning = bound.returning;
  async function* rows(): AsyncGenerator<Batch> {
    for (const b of returned!) yield { columns: await evalExprs(returning.map((r) => r.expr), b, exec), length: b.length };
  }
  return { fields: returning.map((r) => ({ name: r.name, type: r.expr.type, tableOid: 0, columnAttr: 0 })), rows: rows(), tag: () => tag };
}

/** The WHEN MATCHED and WHEN NOT MATCHED BY SOURCE clauses applied to target batches. */
class TargetMerge {
  private readonly sourceTypes: readonly SqlType[];

  constructor(
    private readonly width: number,
    private readonly source: Batch,
    private readonly matched: readonly BoundMergeClause[],
    private readonly bySource: readonly BoundMergeClause[],
    private readonly returned: Batch[] | null,
    private readonly rules: WriteRules,
    private readonly exec: ExecContext,
    private readonly changes: ChangeData | undefined,
    private readonly unique: UniqueCheck | undefined,
  ) {
    this.sourceTypes = source.columns.map((v) => v.type);
  }

  /** Apply the clauses to target batch `b`, whose row pt[k] the source row ps[k] matches (k < np). */
  async batch(b: Batch, pt: Int32Array, ps: Int32Array, np: number): Promise<TargetResult> {
    const fate = new Uint8Array(b.length); // 1: updated or deleted
    const updated: Batch[] = [];
    let changed = 0;
    if (this.matched.length > 0 && np > 0) {
      const row: Batch = { columns: [...b.columns.map((v) => take(v, pt, np)), ...this.source.columns.map((v) => take(v, ps, np))], length: np };
      const choice = await choose(this.matched, row, this.exec);
      for (let k = 0; k < np; k++) {
        const c = choice[k]!;
        if (c < 0 || this.matched[c]!.action === 'nothing') continue;
        const t = pt[k]!;
        if (fate[t] === 1) throw affectedTwice();
        fate[t] = 1;
        changed++;
      }
      await this.act(this.matched, choice, row, updated);
    }
    if (this.bySource.length > 0) {
      const hit = new Uint8Array(b.length);
      for (let k = 0; k < np; k++) hit[pt[k]!] = 1;
      const idx: number[] = [];
      for (let i = 0; i < b.length; i++) if (hit[i] === 0) idx.push(i);
      if (idx.length > 0) {
        const row: Batch = { columns: [...takeBatch(b, idx).columns, ...this.sourceTypes.map((t) => constantVector(t, null, idx.length))], length: idx.length };
        const choice = await choose(this.bySource, row, this.exec);
        idx.forEach((i, k) => {
          const c = choice[k]!;
          if (c >= 0 && this.bySource[c]!.action !== 'nothing') { fate[i] = 1; changed++; }
        });
        await this.act(this.bySource, choice, row, updated);
      }
    }
    if (changed === 0) return { rows: [b], changed };
    const keep: number[] = [];
    for (let i = 0; i < b.length; i++) if (fate[i] === 0) keep.push(i);
    return { rows: keep.length > 0 ? [takeBatch(b, keep), ...updated] : updated, changed };
  }

  /** Evaluate each chosen UPDATE's new rows (into `updated`) and record RETURNING rows of updates and deletes. */
  private async act(clauses: readonly BoundMergeClause[], choice: Int32Array, row: Batch, updated: Batch[]): Promise<void> {
    for (const [c, rows] of byClause(choice)) {
      const clause = clauses[c]!;
      if (clause.action === 'nothing') continue;
      const sub = takeBatch(row, rows);
      if (clause.action === 'update') {
        const exprs = clause.values.map((e, i): Expr => e ?? { kind: 'column', index: i, type: row.columns[i]!.type, name: `column${i + 1}` });
        // Generated columns follow the new row here already, so that RETURNING shows them.
        const next = await generateColumns(this.rules, { columns: await evalExprs(exprs, sub, this.exec), length: sub.length }, this.exec);
        updated.push(next);
        this.returned?.push(returnRow(next.columns, sub, this.width, 'UPDATE'));
        this.changes?.updated({ columns: sub.columns.slice(0, this.width), length: sub.length }, next);
        this.unique?.updated({ columns: sub.columns.slice(0, this.width), length: sub.length }, next);
      } else {
        this.returned?.push(returnRow(sub.columns.slice(0, this.width), sub, this.width, 'DELETE'));
        this.changes?.deleted({ columns: sub.columns.slice(0, this.width), length: sub.length });
        this.unique?.deleted({ columns: sub.columns.slice(0, this.width), length: sub.length });
      }
    }
  }
}

/** WHEN NOT MATCHED [BY TARGET]: the rows that source rows matching no target row insert. */
async function insertRows(width: number, types: readonly SqlType[], source: Batch, sourceMatched: Uint8Array,
  clauses: readonly BoundMergeClause[], returned: Batch[] | null, rules: WriteRules, exec: ExecContext): Promise<Batch[]> {
  const idx: number[] = [];
  for (let j = 0; j < source.length; j++) if (sourceMatched[j] === 0) idx.push(j);
  if (idx.length === 0) return [];
  const row: Batch = { columns: [...types.map((t) => constantVector(t, null, idx.length)), ...takeBatch(source, idx).columns], length: idx.length };
  const choice = await choose(clauses, row, exec);
  const out: Batch[] = [];
  for (const [c, rows] of byClause(choice)) {
    const clause = clauses[c]!;
    if (clause.action !== 'insert') continue;
    const sub = takeBatch(row, rows);
    const ins = await generateColumns(rules, { columns: await evalExprs(clause.values as Expr[], sub, exec), length: sub.length }, exec);
    out.push(ins);
    returned?.push(returnRow(ins.columns, sub, width, 'INSERT'));
  }
  return out;
}

/**
 * A clause under the table's column rules: generated columns and identity columns GENERATED ALWAYS take no
 * explicit value (428C9, as in INSERT and UPDATE), except an identity column with OVERRIDING SYSTEM VALUE;
 * with OVERRIDING USER VALUE identity columns take their next value whatever the clause gives.
 */
function withColumnRules(c: BoundMergeClause, table: TableDef, rules: TableRules, defaults: (column: number) => Expr | null): BoundMergeClause {
  if (c.action === 'update') checkUpdateValues(table, rules, (i) => c.given.has(i));
  if (c.action !== 'insert') return c;
  checkInsertValues(table, rules, (i) => c.given.has(i), c.overriding);
  if (c.overriding !== 'user') return c;
  const values = c.values.map((e, i) => (rules.identity.has(i) ? defaults(i) ?? e : e));
  return { ...c, values, given: new Set([...c.given].filter((i) => !rules.identity.has(i))) };
}

/** Per row of `row`, the index of the first clause whose condition is true (-1: none); conditions are evaluated only on rows still undecided. */
async function choose(clauses: readonly BoundMergeClause[], row: Batch, exec: ExecContext): Promise<Int32Array> {
  const choice = new Int32Array(row.length).fill(-1);
  let open: number[] = Array.from({ length: row.length }, (_, i) => i);
  for (let c = 0; c < clauses.length && open.length > 0; c++) {
    const cond = clauses[c]!.condition;
    if (cond === null) {
      for (const r of open) choice[r] = c;
      break;
    }
    const [ok] = await evalExprs([cond], open.length === row.length ? row : takeBatch(row, open), exec);
    const still: number[] = [];
    open.forEach((r, k) => {
      if (ok!.values[k] === 1 && (ok!.nulls === null || ok!.nulls[k] === 0)) choice[r] = c;
      else still.push(r);
    });
    open = still;
  }
  return choice;
}

/** Rows grouped by the clause chosen for them (in clause order). */
function byClause(choice: Int32Array): Map<number, number[]> {
  const groups = new Map<number, number[]>();
  choice.forEach((c, r) => {
    if (c < 0) return;
    let g = groups.get(c);
    if (g === undefined) groups.set(c, g = []);
    g.push(r);
  });
  return new Map([...groups].sort((a, b) => a[0] - b[0]));
}

/** A RETURNING row: target columns, the merge row's source columns, the action. */
function returnRow(target: readonly Vector[], merged: Batch, width: number, action: string): Batch {
  return { columns: [...target, ...merged.columns.slice(width), constantVector(T.text, action, merged.length)], length: merged.length };
}

/** commitInfo of a MERGE, with Delta's operation parameters (predicates as JSON text). */
function mergeOperation(bound: BoundMerge, user: string): CommitOperation {
  const predicates = (m: MergeMatch): string => JSON.stringify(bound.clauses.filter((c) => c.match === m && c.action !== 'nothing')
    .map((c) => ({ ...(c.conditionText !== null ? { predicate: c.conditionText } : {}), actionType: c.action })));
  return {
    operation: 'MERGE', user,
    parameters: {
      predicate: JSON.stringify([bound.onText]),
      matchedPredicates: predicates('matched'),
      notMatchedPredicates: predicates('not_matched_by_target'),
      notMatchedBySourcePredicates: predicates('not_matched_by_source'),
    },
  };
}

async function* toAsync(batches: Batch[]): AsyncGenerator<Batch> {
  yield* batches;
}
