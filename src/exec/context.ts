/**
 * What executing a statement needs: the EvalContext functions see, plus storage, parameter values, the batch
 * size and the text options casts use. The server builds one ExecContext per statement; the executor derives
 * child contexts from it for correlated subqueries (each carries the enclosing rows) that share the
 * statement's subquery cache.
 */
import type { Batch } from '../common/index.ts';
import type { TextOptions } from '../common/index.ts';
import type { EvalContext, LogicalPlan, ScanNode } from '../plan/index.ts';
import type { MemoryPool } from './memory.ts';
import type { Parallelism } from './parallel/contract.ts';
import type { TableStorage, TempSpace } from '../storage/index.ts';

export interface ExecContext extends EvalContext {
  readonly storage: TableStorage;
  /** Values of $1..$n ($1 at index 0) in their JS representation (types.ts). */
  readonly params: readonly unknown[];
  /** Rows per batch that operators aim for. */
  readonly batchSize: number;
  readonly textOptions: TextOptions;
  /**
   * The current rows of enclosing queries while a correlated subquery runs: [0] is depth 1 (the row of the
   * operator evaluating the subquery), [1] depth 2, … Absent or empty at the top level; set by the executor.
   */
  readonly outerRows?: readonly OuterRow[];
  /** EXPLAIN ANALYZE: per plan node, rows produced and time spent (inclusive of its inputs). */
  readonly profile?: Map<LogicalPlan, NodeProfile>;
  /** Worker threads operators may split their work over (see parallel/); absent: all runs on this thread. */
  readonly parallel?: Parallelism;
  /**
   * Where operators that outgrow `workMem` bytes, or find the server's `pool` spent, write what does not fit
   * (see memory.ts); absent: they hold everything in memory.
   */
  readonly spill?: { readonly space: TempSpace; readonly workMem: number; readonly pool?: MemoryPool };
  /** A parallel participant's share of a scan: the data files of `scan` this thread reads. */
  readonly scanShare?: { readonly scan: ScanNode; readonly files: ReadonlySet<string> };
}

export interface NodeProfile {
  rows: number;
  batches: number;
  /** Milliseconds spent producing this node's rows, its inputs included. */
  ms: number;
  /** Scans: data files read, of those in the snapshot (the rest pruned by their statistics). */
  files?: { read: number; total: number };
  /** Operators that wrote to temporary files: how many runs (or partitions) and bytes. */
  spill?: { runs: number; bytes: number };
}

/** One row of an enclosing query: row `row` of `batch`. */
export interface OuterRow {
  readonly batch: Batch;
  readonly row: number;
}

const ROOT = Symbol('basin.exec.root');
type Derived = ExecContext & { [ROOT]?: ExecContext };

/** The statement's own context (the one the server built) for a possibly derived one. */
export const rootContext = (ctx: ExecContext): ExecContext => (ctx as Derived)[ROOT] ?? ctx;

/** A child context with `row` pushed as the depth-1 outer row. */
export function withOuterRow(ctx: ExecContext, row: OuterRow): ExecContext {
  const root = rootContext(ctx);
  return Object.create(ctx, {
    [ROOT]: { value: root },
    outerRows: { value: [row, ...(ctx.outerRows ?? [])] },
    checkCancel: { value: () => root.checkCancel() },
  }) as ExecContext;
}

/** A child context whose scan `share.scan` reads only the files in `share.files` (parallel operators). */
export function withScanShare(ctx: ExecContext, share: NonNullable<ExecContext['scanShare']>): ExecContext {
  const root = rootContext(ctx);
  return Object.create(ctx, { [ROOT]: { value: root }, scanShare: { value: share } }) as ExecContext;
}

/** Per-statement state keyed by the statement's root context (uncorrelated subquery results). */
const STATE = new WeakMap<ExecContext, Map<unknown, unknown>>();

export function statementCache(ctx: ExecContext): Map<unknown, unknown> {
  const root = rootContext(ctx);
  let m = STATE.get(root);
  if (m === undefined) { m = new Map(); STATE.set(root, m); }
  return m;
}
