/** EXPLAIN: a logical plan as indented text, one operator per line, labels in lower_snake. */
import { Decimal, DEFAULT_TEXT_OPTIONS, formatType, textOut } from '../common/index.ts';
import type { Expr } from './expr.ts';
import { planInputs, type FrameBound, type LogicalPlan, type SrfCall } from './logical.ts';

export function exprToString(e: Expr, names?: readonly string[]): string {
  const s = (x: Expr) => exprToString(x, names);
  switch (e.kind) {
    case 'column': return names?.[e.index] ?? e.name ?? `#${e.index}`;
    case 'outer': return `outer(${e.depth}).${e.name}`;
    case 'const': {
      const v = e.value;
      if (v === null) return 'NULL';
      // Arrays, intervals, bytea and the like print as their text form, quoted like strings.
      const text = typeof v === 'string' ? v : typeof v === 'object' && !(v instanceof Decimal) ? textOut(e.type, v, DEFAULT_TEXT_OPTIONS) : undefined;
      return text === undefined ? String(v) : `'${text.replace(/'/g, "''")}'`;
    }
    case 'param': return `$${e.index + 1}`;
    // A field selection is a call named `.field` (see the binder's bindFieldSelect).
    case 'call': return e.name.startsWith('.') ? `(${s(e.args[0]!)})${e.name}` : `${e.name}(${e.args.map(s).join(', ')})`;
    case 'arith': case 'compare': return `(${s(e.left)} ${e.op} ${s(e.right)})`;
    case 'concat': return `(${s(e.left)} || ${s(e.right)})`;
    case 'is-distinct': return `(${s(e.left)} IS ${e.negate ? 'NOT ' : ''}DISTINCT FROM ${s(e.right)})`;
    case 'negate': return `(-${s(e.arg)})`;
    case 'and': case 'or': return `(${e.args.map(s).join(` ${e.kind.toUpperCase()} `)})`;
    case 'not': return `(NOT ${s(e.arg)})`;
    case 'is-null': return `(${s(e.arg)} IS ${e.negate ? 'NOT ' : ''}NULL)`;
    case 'is-bool': return `(${s(e.arg)} IS ${e.negate ? 'NOT ' : ''}${e.test.toUpperCase()})`;
    case 'cast': return `${s(e.arg)}::${formatType(e.type)}`;
    case 'case': return `CASE ${e.whens.map((w) => `WHEN ${s(w.when)} THEN ${s(w.then)}`).join(' ')} ELSE ${s(e.else)} END`;
    case 'coalesce': case 'greatest': case 'least': return `${e.kind.toUpperCase()}(${e.args.map(s).join(', ')})`;
    case 'like': return `(${s(e.arg)} ${e.negate ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${s(e.pattern)})`;
    case 'in-list': return `(${s(e.arg)} ${e.negate ? 'NOT ' : ''}IN (${e.list.map(s).join(', ')}))`;
    case 'subquery': return e.mode === 'scalar' || e.mode === 'exists'
      ? `${e.mode}(subquery${e.correlated ? ', correlated' : ''})`
      : e.mode === 'array' ? `ARRAY(subquery${e.correlated ? ', correlated' : ''})`
      : `(${s(e.arg!)} ${e.op} ${e.mode.toUpperCase()}(subquery${e.correlated ? ', correlated' : ''}))`;
    case 'array': return `ARRAY[${e.elements.map(s).join(', ')}]`;
    case 'subscript': return `${s(e.arg)}${e.subscripts.map((x) => (e.slice
      ? `[${x.lower === null ? '' : s(x.lower)}:${x.upper === null ? '' : s(x.upper)}]` : `[${s(x.upper!)}]`)).join('')}`;
    case 'array-any': return `(${s(e.arg)} ${e.all ? 'ALL' : 'ANY'} ${s(e.array)}: ${exprToString(e.predicate, ['x', 'element'])})`;
  }
}

function describe(p: LogicalPlan): string {
  const inNames = (q: LogicalPlan) => q.schema.map((c) => c.name);
  switch (p.kind) {
    case 'scan': {
      const cols = p.columns.map((i) => p.table.columns[i]!.name);
      const f = p.filters.length > 0 ? ` filters=[${p.filters.map((e) => exprToString(e, cols)).join(', ')}]` : '';
      // A table without a schema is plain files read in place (read_parquet): no version, how many files.
      if (p.table.schemaName === '') return `scan ${p.table.name} files=${p.table.snapshot.files.length} columns=[${cols.join(', ')}]${f}`;
      return `scan ${p.table.schemaName}.${p.table.name} columns=[${cols.join(', ')}]${f} version=${p.table.snapshot.version}`;
    }
    case 'values': return `values rows=${p.rows.length}`;
    case 'filter': return `filter ${exprToString(p.predicate, inNames(p.input))}`;
    case 'project': return `project ${p.exprs.map((e, i) => {
      const t = exprToString(e, inNames(p.input));
      return t === p.schema[i]!.name ? t : `${t} AS ${p.schema[i]!.name}`;
    }).join(', ')}`;
    case 'aggregate': {
      const n = inNames(p.input);
      const aggs = p.aggs.map((a) => `${a.fn === 'count_star' ? 'count(*)' : `${a.fn}(${a.distinct ? 'DISTINCT ' : ''}${a.args.map((x) => exprToString(x, n)).join(', ')})`}${a.filter ? ` FILTER (WHERE ${exprToString(a.filter, n)})` : ''}`);
      return `hash_aggregate groups=[${p.groups.map((g) => exprToString(g, n)).join(', ')}] aggs=[${aggs.join(', ')}]`;
    }
    case 'sort': return `sort ${p.keys.map((k) => `${exprToString(k.expr, inNames(p.input))}${k.desc ? ' DESC' : ''}${k.nullsFirst !== k.desc ? (k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST') : ''}`).join(', ')}`;
    case 'limit': return `limit${p.limit ? ` ${exprToString(p.limit)}` : ''}${p.offset ? ` offset ${exprToString(p.offset)}` : ''}`;
    case 'join': {
      const names = [...inNames(p.left), ...inNames(p.right)];
      return `${p.joinType === 'cross' ? 'cross_join' : `hash_join type=${p.joinType}`}${p.buildLeft === true ? ' build=left' : ''}${p.condition ? ` on ${exprToString(p.condition, names)}` : ''}`;
    }
    case 'setop': return `${p.op}${p.all ? '_all' : ''}`;
    case 'distinct': return 'distinct';
    case 'recursive_union': return `recursive_union${p.all ? '_all' : ''} id=${p.id}`;
    case 'worktable': return `worktable id=${p.id}`;
    case 'lateral': return `lateral_join type=${p.joinType}${p.condition ? ` on ${exprToString(p.condition, [...inNames(p.left), ...inNames(p.right)])}` : ''}`;
    case 'table_function': return `function_scan ${srfText(p.functions)}${p.ordinality ? ' WITH ORDINALITY' : ''}`;
    case 'project_set': return `project_set ${srfText(p.srfs, inNames(p.input))}`;
    case 'window': {
      const n = inNames(p.input);
      return `window ${p.funcs.map((f, i) => `${f.fn}(${f.args.map((a) => exprToString(a, n)).join(', ')}) OVER (${[
        f.partitionBy.length > 0 ? `PARTITION BY ${f.partitionBy.map((e) => exprToString(e, n)).join(', ')}` : '',
        f.orderBy.length > 0 ? `ORDER BY ${f.orderBy.map((k) => `${exprToString(k.expr, n)}${k.desc ? ' DESC' : ''}`).join(', ')}` : '',
        `${f.frame.mode.toUpperCase()} ${boundText(f.frame.start)} AND ${boundText(f.frame.end)}${f.frame.exclude === 'no_others' ? '' : ` EXCLUDE ${f.frame.exclude.replace('_', ' ').toUpperCase()}`}`,
      ].filter((x) => x !== '').join(' ')}) AS ${p.schema[p.input.schema.length + i]!.name}`).join(', ')}`;
    }
  }
}

function srfText(calls: readonly SrfCall[], names?: readonly string[]): string {
  return calls.map((c) => `${c.name}(${c.args.map((a) => exprToString(a, names)).join(', ')})`).join(', ');
}

function boundText(b: FrameBound): string {
  switch (b.kind) {
    case 'unbounded_preceding': return 'UNBOUNDED PRECEDING';
    case 'unbounded_following': return 'UNBOUNDED FOLLOWING';
    case 'current_row': return 'CURRENT ROW';
    case 'preceding': return `${exprToString(b.offset)} PRECEDING`;
    case 'following': return `${exprToString(b.offset)} FOLLOWING`;
  }
}

/**
 * The plan as lines of text (the EXPLAIN result rows). `annotate` adds run-time facts to a node's line
 * (EXPLAIN ANALYZE).
 */
export function explainPlan(p: LogicalPlan, annotate?: (p: LogicalPlan) => string, indent = 0, out: string[] = []): string[] {
  out.push(`${'  '.repeat(indent)}${describe(p)}${annotate === undefined ? '' : annotate(p)}`);
  for (const c of planInputs(p)) explainPlan(c, annotate, indent + 1, out);
  return out;
}

/** The plan as EXPLAIN (FORMAT JSON) shows it: one object per node, inputs under "Plans". */
export function explainJson(p: LogicalPlan, extra?: (p: LogicalPlan) => Record<string, unknown>): Record<string, unknown> {
  const inputs = planInputs(p);
  return {
    'Node Type': p.kind,
    Description: describe(p),
    Output: p.schema.map((c) => c.name),
    ...(extra === undefined ? {} : extra(p)),
    ...(inputs.length > 0 ? { Plans: inputs.map((c) => explainJson(c, extra)) } : {}),
  };
}
