/**
 * Whether a data file may hold rows that satisfy a predicate, judged by its Delta stats (min, max and null
 * count per column). Conservative: anything it cannot judge may match. Understood: AND, OR, comparisons of a
 * column with a constant expression (either side), IN lists, IS [NOT] NULL, and constant predicates.
 */
import type { ColumnSchema, DataFile } from '../common/index.ts';
import { FLIPPED, testOp, valueComparator, type CompareOp } from '../kernels/index.ts';
import { evalExpr } from './eval/eval-expr.ts';
import type { ExecContext } from './context.ts';
import { columnsUsed, hasSubquery, isVolatile, type Expr } from '../plan/index.ts';

/** Evaluates a constant expression (no column references). */
export type ConstantEvaluator = (e: Expr) => unknown;

/** A ConstantEvaluator over the executor (parameters, session settings): booleans as true/false, NULL as null. */
export function constantEvaluator(exec: ExecContext): ConstantEvaluator {
  return (e) => {
    const v = evalExpr(e, { columns: [], length: 1 }, exec);
    if (v.nulls !== null && v.nulls[0] === 1) return null;
    return v.type.id === 'bool' ? v.values[0] === 1 : v.values[0];
  };
}


/** A constant expression: no columns, subqueries or volatile functions. */
export const isConstant = (e: Expr): boolean => columnsUsed(e).size === 0 && !hasSubquery(e) && !isVolatile(e);

export function mayMatch(pred: Expr, file: DataFile, columns: readonly ColumnSchema[], evaluate: ConstantEvaluator): boolean {
  const stats = file.stats;
  if (stats === undefined) return true;
  const judge = (e: Expr): boolean => {
    switch (e.kind) {
      case 'and': return e.args.every(judge);
      case 'or': return e.args.some(judge);
      case 'compare': {
        if (e.left.kind === 'column' && isConstant(e.right)) return compare(e.left.index, e.op, e.right);
        if (e.right.kind === 'column' && isConstant(e.left)) return compare(e.right.index, FLIPPED[e.op], e.left);
        return true;
      }
      case 'in-list':
        if (e.negate || e.arg.kind !== 'column') return true;
        return e.list.some((x) => !isConstant(x) || compare((e.arg as { index: number }).index, '=', x));
      case 'is-null': {
        if (e.arg.kind !== 'column') return true;
        const nulls = stats.nullCount[columns[e.arg.index]?.name ?? ''];
        if (nulls === undefined) return true;
        return e.negate ? nulls < stats.numRecords : nulls > 0;
      }
      default:
        return isConstant(e) ? evaluate(e) === true : true;
    }
  };
  const compare = (col: number, op: CompareOp, c: Expr): boolean => {
    const column = columns[col];
    if (column === undefined) return true;
    const value = evaluate(c);
    if (value === null) return false; // a comparison with NULL is never true
    const nulls = stats.nullCount[column.name];
    if (nulls !== undefined && nulls === stats.numRecords) return false; // only NULLs: no comparison is true
    const min = stats.minValues[column.name];
    const max = stats.maxValues[column.name];
    let cmp: (a: unknown, b: unknown) => number;
    try {
      cmp = valueComparator(column.type, c.type);
    } catch {
      return true;
    }
    const lo = min === undefined || min === null ? undefined : cmp(min, value);
    const hi = max === undefined || max === null ? undefined : cmp(max, value);
    switch (op) {
      case '=': return (lo === undefined || lo <= 0) && (hi === undefined || hi >= 0);
      case '<': return lo === undefined || testOp('<', lo);
      case '<=': return lo === undefined || testOp('<=', lo);
      case '>': return hi === undefined || testOp('>', hi);
      case '>=': return hi === undefined || testOp('>=', hi);
      case '<>': return !(lo === 0 && hi === 0);
    }
  };
  return judge(pred);
}
