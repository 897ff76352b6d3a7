/**
 * Parallel hash aggregation. The data files of one table under the aggregate (see splitScan) are dealt
 * round-robin, by their position in the snapshot, to the participants: this thread and the pool's workers.
 * Each participant runs the aggregate's input (filters, projections, joins, whose other sides it reads
 * whole) with its share of that table into an AggregateTable of its own; the workers send theirs back as
 * partial states, which this thread merges into its table by group key.
 *
 * Only exact aggregates are split (count, integer and numeric sum/avg, min/max), so the answer is the one a
 * single thread gives; groups may come out in another order, as SQL allows without ORDER BY.
 */
import { SqlError, SqlState, type DataFile } from '../../common/index.ts';
import type { AggregateNode, Expr, ScanNode, SubqueryExpr } from '../../plan/index.ts';
import { withScanShare, type ExecContext, type NodeProfile } from '../context.ts';
import { executePlan } from '../execute.ts';
import type { AggregateTable } from '../operators/aggregate/hash-aggregate.ts';
import type { AggregateTaskResult, Parallelism, TaskEnvironment } from './contract.ts';
import { encodeFragment, fragmentNodes, fragmentSubqueries, scanRows, splitPath, splitScan, type ResolvedSubqueries } from './fragment.ts';
import { subqueryAsConstant } from '../eval/subquery.ts';
import { encodeValue, NotTransferable, transferableType } from './transfer.ts';

/** Settings a worker's functions may read (text formats, time zone). */
const WORKER_SETTINGS = ['TimeZone', 'DateStyle', 'IntervalStyle', 'extra_float_digits', 'bytea_output', 'lock_timeout'];

/**
 * Run `node`'s input into `table` split over the pool, when it can be: a table to split of at least `minRows`
 * rows in two or more files, holding four times the rows of the other scans together, splittable aggregates, keys
 * that can cross threads, a fragment workers can run. Returns false, having done nothing, otherwise.
 */
export async function aggregateInParallel(node: AggregateNode, table: AggregateTable, ctx: ExecContext): Promise<boolean> {
  const par = ctx.parallel;
  if (par === undefined || par.threads < 2 || !table.splittable) return false;
  const scan = splitScan(node.input);
  if (scan === undefined) return false;
  if (!node.groups.every((g) => transferableType(g.type)) || !node.aggs.every((a) => a.args.every((x) => transferableType(x.type)))) return false;
  const files = scan.table.snapshot.files;
  const rows = scanRows(scan);
  if (files.length < 2 || rows < par.minRows) return false;
  // Every participant reads the other scans whole (and builds their hash tables), and two threads running
  // joins slow each other down: worth it only while the split table is most of the rows (measured on TPC-H:
  // Q3's orders and customer, a quarter of lineitem, already cost what splitting lineitem saves).
  const others = fragmentNodes(node.input).reduce((s, n) => s + (n.kind === 'scan' && n !== scan ? scanRows(n) : 0), 0);
  if (others * 4 > rows) return false;

  const participants = Math.min(par.threads, files.length);
  const shares: DataFile[][] = Array.from({ length: participants }, () => []);
  files.forEach((f, i) => shares[i % participants]!.push(f));
  let tasks: { plan: unknown }[];
  let env: TaskEnvironment;
  try {
    const resolved = await resolveSubqueries(node, ctx);
    if (resolved === undefined) return false;
    tasks = shares.slice(1).map((share) => ({ plan: encodeFragment(node, scan, share, par, resolved) }));
    env = taskEnvironment(ctx);
  } catch (e) {
    if (e instanceof NotTransferable) return false;
    throw e;
  }

  const abort = new AbortController();
  const running = tasks.map((t, w) => par.run(w, { kind: 'aggregate', plan: t.plan, env, profile: ctx.profile !== undefined }, abort.signal));
  for (const r of running) r.catch(() => undefined); // awaited below; a failure before then is not unhandled
  try {
    const local = withScanShare(ctx, { scan, files: new Set(shares[0]!.map((f) => f.path)) });
    for await (const b of executePlan(node.input, local, true)) {
      ctx.checkCancel();
      await table.consume(b, local);
    }
    const results = await untilCancelled(Promise.all(running), ctx);
    for (const r of results) {
      table.merge(r.partial);
      addProfiles(node, scan, r, ctx);
    }
  } catch (e) {
    abort.abort();
    throw e;
  }
  return true;
}

/**
 * The fragment's uncorrelated subqueries, run here once for the statement and turned into constants for the
 * workers; undefined when one cannot be, or fails (the statement then runs on this thread, which evaluates
 * subqueries only for rows that reach them, as it always does).
 */
async function resolveSubqueries(node: AggregateNode, ctx: ExecContext): Promise<ResolvedSubqueries | undefined> {
  const resolved = new Map<SubqueryExpr, Expr>();
  for (const e of fragmentSubqueries(node)) {
    let r: Expr | undefined;
    try {
      r = await subqueryAsConstant(e, ctx);
    } catch (err) {
      if (err instanceof SqlError && err.code !== SqlState.queryCanceled) return undefined;
      throw err;
    }
    if (r === undefined) return undefined;
    resolved.set(e, r);
  }
  return resolved;
}

function taskEnvironment(ctx: ExecContext): TaskEnvironment {
  const s = ctx.session;
  const settings: Record<string, string> = {};
  for (const name of WORKER_SETTINGS) {
    const v = s.setting(name);
    if (v !== undefined) settings[name] = v;
  }
  return {
    timeZone: ctx.timeZone, transactionStart: ctx.transactionStart, statementStart: ctx.statementStart,
    textOptions: { timeZone: ctx.textOptions.timeZone, extraFloatDigits: ctx.textOptions.extraFloatDigits, dateOrder: ctx.textOptions.dateOrder },
    batchSize: ctx.batchSize, user: s.user, database: s.database,
    backendPid: s.backendPid, searchPath: s.searchPath(), settings, params: ctx.params.map(encodeValue),
  };
}

/** `p`, or the statement's cancellation (CancelRequest, statement_timeout) if that comes first. */
async function untilCancelled<T>(p: Promise<T>, ctx: ExecContext): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const cancelled = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      try { ctx.checkCancel(); } catch (e) { reject(e); }
    }, 10);
  });
  try {
    return await Promise.race([p, cancelled]);
  } finally {
    clearInterval(timer);
  }
}

/**
 * EXPLAIN ANALYZE: a worker's rows, batches and files add to those of the nodes its share passed through
 * (from the split scan up); the rest it read whole, as this thread did. Time is this thread's.
 */
function addProfiles(node: AggregateNode, scan: ScanNode, r: AggregateTaskResult, ctx: ExecContext): void {
  if (ctx.profile === undefined || r.profile === undefined) return;
  const path = splitPath(node.input, scan);
  fragmentNodes(node.input).forEach((n, i) => {
    const w = r.profile![i];
    if (w === undefined || !path.has(n)) return;
    let p = ctx.profile!.get(n);
    if (p === undefined) ctx.profile!.set(n, p = { rows: 0, batches: 0, ms: 0 } as NodeProfile);
    p.rows += w.rows;
    p.batches += w.batches;
    // a worker's snapshot lists only its files: the total is this thread's, which saw them all
    if (w.files !== undefined) p.files = { read: (p.files?.read ?? 0) + w.files.read, total: p.files?.total ?? w.files.total };
  });
}
