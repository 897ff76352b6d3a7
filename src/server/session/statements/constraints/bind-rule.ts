/**
 * Binding a CHECK constraint or a generation expression over one row of a table, with PostgreSQL's rules for
 * them: no subqueries, aggregates, window or set-returning functions; a CHECK is boolean; a generation
 * expression is immutable, reads no generated column, and is assigned to its column's type.
 */
import { formatType, SqlError, SqlState, T } from '../../../../common/index.ts';
import type { TableColumn } from '../../../../catalog/index.ts';
import { someExpr, type Expr } from '../../../../plan/index.ts';
import { bindExpr, coerce, nodeOf, Scope, strings, type Ast, type BinderState, type ExprEnv } from '../../../../sql/index.ts';

export type RuleKind = 'check' | 'generated';

export interface RuleTable {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly columns: readonly TableColumn[];
}

/** Every node of a parse tree, with its kind (`A_Expr`, `ColumnRef`, …). */
function* walk(n: unknown): Generator<[string, Ast]> {
  if (Array.isArray(n)) {
    for (const x of n) yield* walk(x);
  } else if (n !== null && typeof n === 'object') {
    for (const [k, v] of Object.entries(n)) {
      if (/^[A-Z]/.test(k) && v !== null && typeof v === 'object' && !Array.isArray(v)) yield [k, v as Ast];
      yield* walk(v);
    }
  }
}

/** Names of the columns a parse tree refers to (the last part of each column reference). */
export function referencedColumns(ast: Ast): Set<string> {
  const out = new Set<string>();
  for (const [k, v] of walk(ast)) if (k === 'ColumnRef') out.add(strings(v.fields).pop() ?? '');
  return out;
}

/**
 * Column names as another engine wrote them may differ in case from the unquoted (lower-cased) references of
 * the parsed text: Spark resolves names case-insensitively. Point each unresolved reference at the one column
 * whose name matches it case-insensitively.
 */
export function resolveCaseInsensitively(ast: Ast, columns: readonly { readonly name: string }[]): void {
  const names = new Set(columns.map((c) => c.name));
  for (const [k, v] of walk(ast)) {
    if (k !== 'ColumnRef') continue;
    const fields = v.fields as Ast[];
    const last = fields[fields.length - 1]?.String;
    if (last === undefined || names.has(last.sval)) continue;
    const matches = columns.filter((c) => c.name.toLowerCase() === String(last.sval).toLowerCase());
    if (matches.length === 1) last.sval = matches[0]!.name;
  }
}

const STRINGS = new Set(['text', 'varchar', 'bpchar', 'name']);
/** Types whose text output follows DateStyle/IntervalStyle/TimeZone, and those whose input does. */
const OUTPUT_DEPENDS = new Set(['date', 'interval', 'timestamp', 'timestamptz']);
const INPUT_DEPENDS = new Set([...OUTPUT_DEPENDS, 'time', 'timetz']);
/** Casts between date/time types that read the session's TimeZone. */
const ZONE_CASTS = new Set(['date>timestamptz', 'time>timetz', 'timestamp>timestamptz', 'timestamptz>date', 'timestamptz>time',
  'timestamptz>timestamp', 'timestamptz>timetz']);

/** Whether a cast is only stable in PostgreSQL (its result depends on session settings), not immutable. */
function dependsOnSettings(from: string, to: string): boolean {
  return (STRINGS.has(to) && OUTPUT_DEPENDS.has(from)) || (STRINGS.has(from) && INPUT_DEPENDS.has(to)) || ZONE_CASTS.has(`${from}>${to}`);
}

/** Bind `ast` over the table's row (column i of the row is the table's column i). */
export function bindRule(ast: Ast, kind: RuleKind, table: RuleTable, state: BinderState, column?: TableColumn): Expr {
  for (const [k, v] of walk({ root: ast })) {
    if (k === 'SubLink') {
      throw new SqlError(SqlState.featureNotSupported,
        `cannot use subquery in ${kind === 'check' ? 'check constraint' : 'column generation expression'}`, { position: state.pos(v.location) });
    }
    if (kind === 'generated' && k === 'ColumnRef') {
      const name = strings(v.fields).pop();
      if (table.columns.find((c) => c.name === name)?.generated !== undefined) {
        throw new SqlError(SqlState.invalidObjectDefinition, `cannot use generated column "${name}" in column generation expression`, {
          detail: 'A generated column cannot reference another generated column.', position: state.pos(v.location),
        });
      }
    }
  }
  const scope = new Scope([{
    alias: table.name, schemaName: table.schema,
    columns: table.columns.map((c, i) => ({ name: c.name, type: c.type, index: i, tableOid: table.oid, attr: i + 1 })),
  }], undefined);
  const env: ExprEnv = { scope, state, aggs: undefined, clause: kind === 'check' ? 'check constraints' : 'column generation expressions' };
  const position = state.pos(nodeOf(ast)[1]?.location);
  const e = bindExpr(ast, env);
  if (kind === 'check') {
    if (e.type.id === 'bool') return e;
    if (e.type.id === 'unknown') return coerce(e, T.bool, 'implicit', state.params, position);
    throw new SqlError(SqlState.datatypeMismatch, `argument of CHECK must be type boolean, not type ${formatType(e.type)}`, { position });
  }
  if (someExpr(e, (x) => (x.kind === 'call' && (x.overload.volatility ?? 'immutable') !== 'immutable')
    || (x.kind === 'cast' && dependsOnSettings(x.arg.type.id, x.type.id)))) {
    throw new SqlError(SqlState.invalidObjectDefinition, 'generation expression is not immutable');
  }
  const target = column!;
  return coerce(e, target.type, 'assignment', state.params, position, `column "${target.name}"`);
}
