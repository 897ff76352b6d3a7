/**
 * The json/jsonb operators (->, ->>, #>, #>>, @>, <@, ?, ?|, ?&, ||, -, #-): each is PostgreSQL's function
 * under its pg_operator name, resolved through `call`.
 *
 * The right operand picks among an operator's forms by its type (an implicit cast may get it there: int2 → int4,
 * varchar[] → text[]); an untyped literal takes the form PostgreSQL would choose for it (the string-category one:
 * `j -> 'a'` is a key, `j #> '{a,b}'` a text[] path, `j @> '{"a":1}'` a jsonb). Only jsonb has @>, <@, ?, ?|, ?&,
 * ||, - and #-; with json they do not exist (42883), except that `json || text` is text concatenation.
 */
import { castContext, formatType, SqlError, SqlState, sqlType, type SqlType, type TypeId } from '../../common/index.ts';
import type { Expr } from '../../plan/index.ts';
import { coerce, type ParamTypes } from './coerce.ts';
import type { CallFunction } from './operators.ts';

/** For each operator and left type: [right type, function], the one an untyped right operand takes first. */
type Forms = Partial<Record<'json' | 'jsonb', readonly (readonly [TypeId, string])[]>>;

const OPERATORS: Readonly<Record<string, Forms>> = {
  '->': {
    json: [['text', 'json_object_field'], ['int4', 'json_array_element']],
    jsonb: [['text', 'jsonb_object_field'], ['int4', 'jsonb_array_element']],
  },
  '->>': {
    json: [['text', 'json_object_field_text'], ['int4', 'json_array_element_text']],
    jsonb: [['text', 'jsonb_object_field_text'], ['int4', 'jsonb_array_element_text']],
  },
  '#>': { json: [['_text', 'json_extract_path']], jsonb: [['_text', 'jsonb_extract_path']] },
  '#>>': { json: [['_text', 'json_extract_path_text']], jsonb: [['_text', 'jsonb_extract_path_text']] },
  '@>': { jsonb: [['jsonb', 'jsonb_contains']] },
  '<@': { jsonb: [['jsonb', 'jsonb_contained']] },
  '?': { jsonb: [['text', 'jsonb_exists']] },
  '?|': { jsonb: [['_text', 'jsonb_exists_any']] },
  '?&': { jsonb: [['_text', 'jsonb_exists_all']] },
  '||': { jsonb: [['jsonb', 'jsonb_concat']] },
  '-': { jsonb: [['text', 'jsonb_delete'], ['int4', 'jsonb_delete'], ['_text', 'jsonb_delete']] },
  '#-': { jsonb: [['_text', 'jsonb_delete_path']] },
};

/** Operators whose left operand may be an untyped literal beside a jsonb right operand. */
const SYMMETRIC = new Set(['@>', '<@', '||']);
/** Operators no other type has. */
const JSON_ONLY = new Set(['->', '->>', '#>', '#>>', '?', '?|', '?&', '#-']);
/** Operators that exist for json and jsonb alike: an untyped left operand cannot choose between them. */
const BOTH = new Set(['->', '->>', '#>', '#>>']);

const isJson = (t: SqlType): t is SqlType & { id: 'json' | 'jsonb' } => t.id === 'json' || t.id === 'jsonb';

function noOperator(op: string, l: SqlType, r: SqlType, position: number | undefined): SqlError {
  return new SqlError(SqlState.undefinedFunction, `operator does not exist: ${formatType(l)} ${op} ${formatType(r)}`, {
    position, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
  });
}

/** `left op right` when it is a json/jsonb operator, else undefined (the caller goes on with other operators). */
export function bindJsonOperator(op: string, left0: Expr, right: Expr, params: ParamTypes, position: number | undefined,
  call: CallFunction): Expr | undefined {
  const forms = OPERATORS[op];
  if (forms === undefined) return undefined;
  let left = left0;
  if (!isJson(left.type)) {
    const untyped = left.type.id === 'unknown';
    if (untyped && right.type.id === 'jsonb' && SYMMETRIC.has(op)) {
      left = coerce(left, sqlType('jsonb'), 'implicit', params, position);
    } else if (untyped && BOTH.has(op)
      && (right.type.id === 'unknown' || forms.jsonb!.some(([t]) => castContext(right.type, sqlType(t)) === 'implicit'))) {
      throw new SqlError(SqlState.ambiguousFunction, `operator is not unique: unknown ${op} ${formatType(right.type)}`, {
        position, hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
      });
    } else if (JSON_ONLY.has(op)) {
      throw noOperator(op, left.type, right.type, position); // no other type has it; unknowns stay unknown
    } else {
      return undefined;
    }
  }
  const candidates = forms[left.type.id as 'json' | 'jsonb'];
  // json || x and jsonb || non-jsonb are not JSON operators (text || anynonarray may still apply).
  if (op === '||' && (candidates === undefined || (right.type.id !== 'jsonb' && right.type.id !== 'unknown'))) return undefined;
  if (candidates === undefined) throw noOperator(op, left.type, right.type, position);
  const form = right.type.id === 'unknown' ? candidates[0]
    : candidates.find(([t]) => t === right.type.id) ?? candidates.find(([t]) => castContext(right.type, sqlType(t)) === 'implicit');
  if (form === undefined) throw noOperator(op, left.type, right.type, position);
  const [rightType, fn] = form;
  return call(fn, [left, coerce(right, sqlType(rightType), 'implicit', params, position)], position);
}
