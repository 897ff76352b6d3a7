/** SELECT / VALUES / set operations, and EXPLAIN: bind, optimize, execute. */
import { SqlError, SqlState, T, vectorFromValues, type Batch } from '../../../common/index.ts';
import { evalExpr, executePlan, type NodeProfile } from '../../../exec/index.ts';
import { explainJson, explainPlan, optimize, type Expr, type LogicalPlan } from '../../../plan/index.ts';
import { BinderState, bindQuery, preloadRelations, type Ast } from '../../../sql/index.ts';
import type { Field } from '../../../wire/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';
import { resolveTimeTravel } from './as-of.ts';

export function binderState(ctx: StatementContext, sql = ctx.sql): BinderState {
  const state = new BinderState(ctx.bindContext, sql, ctx.paramTypes, ctx.fixedParams);
  if (ctx.timeTravel !== undefined) state.timeTravel = resolveTimeTravel(ctx.timeTravel, ctx);
  return state;
}

export function fieldsOf(plan: LogicalPlan): Field[] {
  return plan.schema.map((c) => ({ name: c.name, type: c.type.id === 'unknown' ? T.text : c.type, tableOid: c.tableOid, columnAttr: c.attr }));
}

export function optimizePlan(plan: LogicalPlan, ctx: StatementContext): LogicalPlan {
  if (ctx.setting('enable_optimizer') === 'off') return plan;
  const exec = ctx.execContext();
  return optimize(plan, {
    evaluateConstant(e: Expr): unknown {
      const b: Batch = { columns: [], length: 1 };
      const v = evalExpr(e, b, exec);
      if (v.nulls !== null && v.nulls[0] === 1) return null;
      const x = v.values[0];
      return v.type.id === 'bool' ? x === 1 : x;
    },
  });
}

/** Bind and optimize a query AST. */
export async function planQuery(ast: Ast, ctx: StatementContext): Promise<LogicalPlan> {
  const state = binderState(ctx);
  await preloadRelations(ast, state);
  const q = bindQuery(ast, state, undefined);
  return optimizePlan(q.plan, ctx);
}

export async function runQuery(ast: Ast, ctx: StatementContext): Promise<Outcome> {
  const plan = await planQuery(ast, ctx);
  return {
    fields: fieldsOf(plan),
    rows: executePlan(plan, ctx.execContext()),
    tag: (n) => `SELECT ${n}`,
  };
}

/** EXPLAIN [ANALYZE] [(FORMAT TEXT|JSON)] query. ANALYZE runs the query and reports rows and time per node. */
export async function runExplain(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const options = new Map<string, string>();
  for (const o of (n.options ?? []) as Ast[]) {
    const d = o.DefElem;
    const v = d.arg?.String?.sval ?? d.arg?.A_Const?.sval?.sval ?? (d.arg?.Boolean?.boolval === false ? 'false' : 'true');
    options.set(String(d.defname).toLowerCase(), String(v).toLowerCase());
  }
  const format = options.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new SqlError(SqlState.featureNotSupported, `EXPLAIN format "${format}" is not supported`);
  const analyze = options.has('analyze') && options.get('analyze') !== 'false' && options.get('analyze') !== 'off';
  const [kind] = Object.keys(n.query);
  if (kind !== 'SelectStmt') throw new SqlError(SqlState.featureNotSupported, `EXPLAIN of ${kind} is not supported yet`);
  const plan = await planQuery(n.query, ctx);
  let profile: Map<LogicalPlan, NodeProfile> | undefined;
  let totalMs = 0;
  if (analyze) {
    profile = new Map();
    const exec = { ...ctx.execContext(), profile };
    const t0 = performance.now();
    for await (const _ of executePlan(plan, exec)) { /* rows are counted by the profile */ }
    totalMs = performance.now() - t0;
  }
  const stats = (p: LogicalPlan) => profile?.get(p) ?? { rows: 0, batches: 0, ms: 0 };
  let lines: string[];
  if (format === 'json') {
    const doc = [{
      Plan: explainJson(plan, profile === undefined ? undefined : (p) => {
        const s = stats(p);
        return {
          'Actual Rows': s.rows, 'Actual Batches': s.batches, 'Actual Total Time': round3(s.ms),
          ...(s.files === undefined ? {} : { 'Files Read': s.files.read, 'Files Total': s.files.total }),
          ...(s.spill === undefined ? {} : { 'Spilled Runs': s.spill.runs, 'Spilled kB': Math.ceil(s.spill.bytes / 1024) }),
        };
      }),
      ...(analyze ? { 'Execution Time': round3(totalMs) } : {}),
    }];
    lines = [JSON.stringify(doc, null, 2)];
  } else {
    lines = explainPlan(plan, profile === undefined ? undefined : (p) => {
      const s = stats(p);
      const files = s.files === undefined ? '' : ` files=${s.files.read}/${s.files.total}`;
      const spill = s.spill === undefined ? '' : ` spilled=${s.spill.runs} runs/${Math.ceil(s.spill.bytes / 1024)} kB`;
      return ` (actual rows=${s.rows} batches=${s.batches}${files}${spill} time=${s.ms.toFixed(3)} ms)`;
    });
    if (analyze) lines.push(`Execution Time: ${totalMs.toFixed(3)} ms`);
  }
  const type = format === 'json' ? T.json : T.text;
  async function* rows(): AsyncGenerator<Batch> {
    yield { columns: [vectorFromValues(type, lines)], length: lines.length };
  }
  return { fields: [{ name: 'QUERY PLAN', type, tableOid: 0, columnAttr: 0 }], rows: rows(), tag: () => 'EXPLAIN' };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
