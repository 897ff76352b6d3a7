/** SELECT / VALUES / set operations, and EXPLAIN: bind, optimize, execute. */
import { SqlError, SqlState, T, vectorFromValues, type Batch } from '../../../common/index.ts';
import { evalExpr, executePlan } from '../../../exec/index.ts';
import { explainPlan, optimize, type Expr, type LogicalPlan } from '../../../plan/index.ts';
import { BinderState, bindQuery, preloadRelations, type Ast } from '../../../sql/index.ts';
import type { Field } from '../../../wire/index.ts';
import type { Outcome, StatementContext } from '../statement-context.ts';

export function binderState(ctx: StatementContext, sql = ctx.sql): BinderState {
  return new BinderState(ctx.bindContext, sql, ctx.paramTypes, ctx.fixedParams);
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

export async function runExplain(n: Ast, ctx: StatementContext): Promise<Outcome> {
  const opts = new Set(((n.options ?? []) as Ast[]).map((o) => String(o.DefElem?.defname).toLowerCase()));
  if (opts.has('analyze')) throw new SqlError(SqlState.featureNotSupported, 'EXPLAIN ANALYZE is not supported yet');
  const [kind] = Object.keys(n.query);
  if (kind !== 'SelectStmt') throw new SqlError(SqlState.featureNotSupported, `EXPLAIN of ${kind} is not supported yet`);
  const plan = await planQuery(n.query, ctx);
  const lines = explainPlan(plan);
  async function* rows(): AsyncGenerator<Batch> {
    yield { columns: [vectorFromValues(T.text, lines)], length: lines.length };
  }
  return { fields: [{ name: 'QUERY PLAN', type: T.text, tableOid: 0, columnAttr: 0 }], rows: rows(), tag: () => 'EXPLAIN' };
}
