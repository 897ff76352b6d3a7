/**
 * Operator resolution: given `left op right` with bound operands, choose PostgreSQL's operator and the types
 * both sides are cast to, and build the expression. The result types follow pg_operator (int4 + int8 → int8,
 * int4 + numeric → numeric, int4 + real → double precision, date - date → integer, …).
 */
import {
  elementType, formatType, isArrayType, isOidLike, isRegType, SqlError, SqlState, T, TYPES, type SqlType, type TypeId,
} from '../../common/index.ts';
import type { ArithOp, CompareOp, Expr } from '../../plan/index.ts';
import { coerce, type ParamTypes } from './coerce.ts';
import { bindJsonOperator } from './json-operators.ts';

const NUMERIC_RANK: Partial<Record<TypeId, number>> = { int2: 0, int4: 1, int8: 2, numeric: 3, float4: 4, float8: 5 };
const INT_IDS = new Set<TypeId>(['int2', 'int4', 'int8']);

/** The type both operands of a numeric operator are converted to. */
function numericOperandType(a: TypeId, b: TypeId): SqlType {
  if (a === b) return { id: a, typmod: -1 };
  if (a === 'float8' || b === 'float8' || a === 'float4' || b === 'float4') return T.float8;
  if (INT_IDS.has(a) && INT_IDS.has(b)) return NUMERIC_RANK[a]! > NUMERIC_RANK[b]! ? T[a as 'int4'] : T[b as 'int4'];
  return T.numeric;
}

const isNum = (t: SqlType): boolean => NUMERIC_RANK[t.id] !== undefined;
const isStr = (t: SqlType): boolean => TYPES[t.id].category === 'S';
const DT_RANK: Partial<Record<TypeId, number>> = { date: 0, timestamp: 1, timestamptz: 2 };

/** Operand type for comparing two values, or undefined when PostgreSQL has no such operator. */
function comparisonType(l: SqlType, r: SqlType): SqlType | undefined {
  if (isNum(l) && isNum(r)) return numericOperandType(l.id, r.id);
  if (isStr(l) && isStr(r)) return l.id === 'bpchar' && r.id === 'bpchar' ? T.bpchar : T.text;
  const dl = DT_RANK[l.id], dr = DT_RANK[r.id];
  if (dl !== undefined && dr !== undefined) return dl >= dr ? { id: l.id, typmod: -1 } : { id: r.id, typmod: -1 };
  if (l.id === r.id && ['bool', 'interval', 'bytea', 'uuid', 'jsonb', 'time', 'oid', 'char'].includes(l.id)) return { id: l.id, typmod: -1 };
  // contype = 'f'::char: "char" casts implicitly to text (pg_cast), and so do the string types, so texteq compares.
  if ((l.id === 'char' && isStr(r)) || (r.id === 'char' && isStr(l))) return T.text;
  // oid = 16384: integers cast to oid implicitly (pg_cast), so oideq compares them.
  if ((l.id === 'oid' && INT_IDS.has(r.id)) || (r.id === 'oid' && INT_IDS.has(l.id))) return T.oid;
  // c.oid = 'emp'::regclass, proc.oid = typ.typreceive: the reg* types cast implicitly to oid (pg_cast), so oideq.
  if ((isOidLike(l) || INT_IDS.has(l.id)) && (isOidLike(r) || INT_IDS.has(r.id)) && (isRegType(l) || isRegType(r))) return T.oid;
  // array_eq and friends take two arrays of one type.
  if (isArrayType(l) && l.id === r.id) return { id: l.id, typmod: -1 };
  return undefined;
}

const ARRAY_FUNCTIONS: Record<string, string> = { '@>': 'arraycontains', '<@': 'arraycontained', '&&': 'arrayoverlap' };

/**
 * Array operators: `||` (array_cat, array_append, array_prepend), `@>`, `<@`, `&&`. An untyped literal beside
 * an array is read as an array of that type (so `ARRAY[1] || '{2}'` concatenates). Undefined when neither
 * side is an array (comparisons of arrays go through the comparison operators).
 */
function bindArrayOperator(op: string, left: Expr, right: Expr, params: ParamTypes, position: number | undefined, call: CallFunction): Expr | undefined {
  const la = isArrayType(left.type), ra = isArrayType(right.type);
  if (!la && !ra) return undefined;
  const asArrayOf = (e: Expr, other: Expr): Expr => (e.type.id === 'unknown' ? coerce(e, { id: other.type.id, typmod: -1 }, 'implicit', params, position) : e);
  if (op === '||') {
    if (la && ra) return call('array_cat', [left, right], position);
    if (la && right.type.id === 'unknown') return call('array_cat', [left, asArrayOf(right, left)], position);
    if (ra && left.type.id === 'unknown') return call('array_cat', [asArrayOf(left, right), right], position);
    if (la && isStr(right.type) && !isStr(elementType(left.type)!)) return undefined; // text || anynonarray
    if (ra && isStr(left.type) && !isStr(elementType(right.type)!)) return undefined;
    return la ? call('array_append', [left, right], position) : call('array_prepend', [left, right], position);
  }
  const fn = ARRAY_FUNCTIONS[op];
  if (fn === undefined) return undefined;
  // @> <@ && take two arrays; anything else (jsonb @> …) is another operator's business.
  if ((!la && left.type.id !== 'unknown') || (!ra && right.type.id !== 'unknown')) return undefined;
  return call(fn, [la ? left : asArrayOf(left, right), ra ? right : asArrayOf(right, left)], position);
}

function noOperator(op: string, l: SqlType, r: SqlType, position?: number): SqlError {
  return new SqlError(SqlState.undefinedFunction,
    `operator does not exist: ${formatType(l)} ${op} ${formatType(r)}`,
    { position, hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.' });
}

/** An untyped side takes the other side's type; both untyped → text (comparisons, ||) or ambiguous. */
function settleUnknowns(op: string, left: Expr, right: Expr, params: ParamTypes, position?: number): [Expr, Expr] {
  const lu = left.type.id === 'unknown', ru = right.type.id === 'unknown';
  if (lu && ru) {
    if (['+', '-', '*', '/', '%'].includes(op)) {
      throw new SqlError(SqlState.ambiguousFunction, `operator is not unique: unknown ${op} unknown`, {
        position, hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
      });
    }
    return [coerce(left, T.text, 'implicit', params, position), coerce(right, T.text, 'implicit', params, position)];
  }
  if (lu) return [coerce(left, unknownPeer(op, right.type), 'implicit', params, position), right];
  if (ru) return [left, coerce(right, unknownPeer(op, left.type), 'implicit', params, position)];
  return [left, right];
}

/** What an untyped literal beside `other` becomes: mostly the same type; an interval next to a datetime. */
function unknownPeer(op: string, other: SqlType): SqlType {
  if ((op === '+' || op === '-') && (other.id === 'timestamp' || other.id === 'timestamptz' || other.id === 'date')) {
    return op === '-' ? other : T.interval;
  }
  if (other.id === 'varchar' || other.id === 'name') return T.text;
  // No reg* type has its own comparison operators: beside one, a literal is read as the oid they compare as.
  if (isRegType(other)) return T.oid;
  return { id: other.id, typmod: -1 };
}

const REGEX_OPERATORS: Record<string, string> = { '~': 'textregexeq', '~*': 'texticregexeq', '!~': 'textregexne', '!~*': 'texticregexne' };

const COMPARE: Record<string, CompareOp> = { '=': '=', '<>': '<>', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function isComparisonOp(op: string): boolean {
  return COMPARE[op] !== undefined;
}

/** Resolves a function call by name (the binder's callFunction), for operators that are plain functions. */
export type CallFunction = (name: string, args: readonly Expr[], position?: number) => Expr;

/**
 * Build `left op right` for a binary operator name. `call` resolves the operators that PostgreSQL implements
 * as functions: `^` (power(float8, float8) or power(numeric, numeric)) and the integer bitwise operators.
 */
export function bindBinaryOp(op: string, left0: Expr, right0: Expr, params: ParamTypes, position?: number,
  call: CallFunction = () => { throw noOperator(op, left0.type, right0.type, position); }): Expr {
  const array = bindArrayOperator(op, left0, right0, params, position, call);
  if (array !== undefined) return array;
  const json = bindJsonOperator(op, left0, right0, params, position, call);
  if (json !== undefined) return json;
  const regex = REGEX_OPERATORS[op];
  if (regex !== undefined) {
    // ~ ~* !~ !~*: regular-expression match on text (textregexeq and friends).
    const [l, r] = settleUnknowns('=', left0, right0, params, position);
    if (!isStr(l.type) || !isStr(r.type)) throw noOperator(op, l.type, r.type, position);
    return call(regex, [coerce(l, T.text, 'implicit', params, position), coerce(r, T.text, 'implicit', params, position)], position);
  }
  if (op === '||') return bindConcat(left0, right0, params, position);
  const bitwise = BITWISE[op];
  if (bitwise !== undefined) return bindBitwise(op, bitwise, left0, right0, params, call, position);
  const byName = regValueAsName(op, left0, right0, position, call);
  if (byName !== undefined) return bindBinaryOp(op, byName[0], byName[1], params, position, call);
  const [left, right] = settleUnknowns(op, left0, right0, params, position);
  const cmp = COMPARE[op];
  if (cmp !== undefined) {
    const t = comparisonType(left.type, right.type);
    if (t === undefined) throw noOperator(op, left.type, right.type, position);
    return {
      kind: 'compare', op: cmp, type: T.bool,
      left: coerce(left, t, 'implicit', params, position), right: coerce(right, t, 'implicit', params, position),
    };
  }
  if (op === '+' || op === '-' || op === '*' || op === '/' || op === '%') {
    return bindArith(op, left, right, params, position);
  }
  if (op === '^') return call('power', [left, right], position);
  throw noOperator(op, left.type, right.type, position);
}

const REG_INPUT = /^(regclass|regtype|regproc|regprocedure|regnamespace|regrole)in$/;

/**
 * `typinput = 'array_in'::regproc`: the catalog's reg-typed columns hold names (text), and a reg cast is an
 * OID, so equality compares the column with the OID's name instead (names of these objects are unique, so the
 * answer is PostgreSQL's). Undefined unless one side is a string and the other a reg cast.
 */
function regValueAsName(op: string, left: Expr, right: Expr, position: number | undefined, call: CallFunction): [Expr, Expr] | undefined {
  if (op !== '=' && op !== '<>') return undefined;
  const regIn = (e: Expr): string | undefined => (e.kind === 'call' ? REG_INPUT.exec(e.name)?.[1] : undefined);
  const lr = regIn(left), rr = regIn(right);
  if (rr !== undefined && isStr(left.type)) return [left, call(`${rr}out`, [right], position)];
  if (lr !== undefined && isStr(right.type)) return [call(`${lr}out`, [left], position), right];
  return undefined;
}

/** Integer bitwise operators → PostgreSQL's functions (int4and, int8shl, …). */
const BITWISE: Record<string, string> = { '&': 'and', '|': 'or', '#': 'xor', '<<': 'shl', '>>': 'shr' };

/**
 * `&`, `|`, `#` take both operands to the wider integer type (int2 & int4 → int4); `<<`, `>>` keep the left
 * operand's type and take an int4 count. An untyped literal takes the other side's type (the count's: int4).
 */
function bindBitwise(op: string, fn: string, left0: Expr, right0: Expr, params: ParamTypes, call: CallFunction, position?: number): Expr {
  const lu = left0.type.id === 'unknown', ru = right0.type.id === 'unknown';
  if (lu && ru) throw notUnique(`unknown ${op} unknown`, position);
  const shift = fn === 'shl' || fn === 'shr';
  const l = lu ? unknownPeer(op, right0.type) : left0.type;
  const r = ru ? (shift ? T.int4 : unknownPeer(op, left0.type)) : right0.type;
  if (!INT_IDS.has(l.id) || !INT_IDS.has(r.id) || (shift && r.id === 'int8')) throw noOperator(op, l, r, position);
  const lt = shift ? T[l.id as 'int4'] : numericOperandType(l.id, r.id), rt = shift ? T.int4 : lt;
  const left = coerce(left0, lt, 'implicit', params, position), right = coerce(right0, rt, 'implicit', params, position);
  return call(`${lt.id}${fn}`, [left, right], position);
}

function notUnique(what: string, position?: number): SqlError {
  return new SqlError(SqlState.ambiguousFunction, `operator is not unique: ${what}`, {
    position, hint: 'Could not choose a best candidate operator. You might need to add explicit type casts.',
  });
}

function bindArith(op: ArithOp, left: Expr, right: Expr, params: ParamTypes, position?: number): Expr {
  const l = left.type, r = right.type;
  if (isNum(l) && isNum(r)) {
    const t = numericOperandType(l.id, r.id);
    if (op === '%' && (t.id === 'float4' || t.id === 'float8')) throw noOperator(op, l, r, position);
    return {
      kind: 'arith', op, type: t,
      left: coerce(left, t, 'implicit', params, position), right: coerce(right, t, 'implicit', params, position),
    };
  }
  const result = datetimeArith(op, l.id, r.id);
  if (result === undefined) throw noOperator(op, l, r, position);
  const [lt, rt, out] = result;
  return {
    kind: 'arith', op, type: out,
    left: coerce(left, lt, 'implicit', params, position), right: coerce(right, rt, 'implicit', params, position),
  };
}

/** Date/time operators: [left operand type, right operand type, result type]. */
function datetimeArith(op: ArithOp, l: TypeId, r: TypeId): [SqlType, SqlType, SqlType] | undefined {
  const ints = INT_IDS.has(l) || INT_IDS.has(r);
  if (op === '+') {
    // date + time is a timestamp: the time is added as an interval.
    if (l === 'date' && r === 'time') return [T.timestamp, T.interval, T.timestamp];
    if (l === 'time' && r === 'date') return [T.interval, T.timestamp, T.timestamp];
    if (l === 'date' && ints && INT_IDS.has(r)) return [T.date, T.int4, T.date];
    if (r === 'date' && INT_IDS.has(l)) return [T.int4, T.date, T.date];
    if (l === 'date' && r === 'interval') return [T.timestamp, T.interval, T.timestamp];
    if (l === 'interval' && r === 'date') return [T.interval, T.timestamp, T.timestamp];
    if ((l === 'timestamp' || l === 'timestamptz') && r === 'interval') return [T[l], T.interval, T[l]];
    if (l === 'interval' && (r === 'timestamp' || r === 'timestamptz')) return [T.interval, T[r], T[r]];
    if (l === 'interval' && r === 'interval') return [T.interval, T.interval, T.interval];
  }
  if (op === '-') {
    if (l === 'date' && INT_IDS.has(r)) return [T.date, T.int4, T.date];
    if (l === 'date' && r === 'date') return [T.date, T.date, T.int4];
    if (l === 'date' && r === 'interval') return [T.timestamp, T.interval, T.timestamp];
    if ((l === 'timestamp' || l === 'timestamptz') && r === 'interval') return [T[l], T.interval, T[l]];
    if (l === 'timestamp' && (r === 'timestamp' || r === 'date')) return [T.timestamp, T.timestamp, T.interval];
    if (l === 'date' && r === 'timestamp') return [T.timestamp, T.timestamp, T.interval];
    if (l === 'timestamptz' && (r === 'timestamptz' || r === 'timestamp' || r === 'date')) return [T.timestamptz, T.timestamptz, T.interval];
    if ((l === 'timestamp' || l === 'date') && r === 'timestamptz') return [T.timestamptz, T.timestamptz, T.interval];
    if (l === 'interval' && r === 'interval') return [T.interval, T.interval, T.interval];
  }
  if (op === '*') {
    if (l === 'interval' && NUMERIC_RANK[r] !== undefined) return [T.interval, T.float8, T.interval];
    if (r === 'interval' && NUMERIC_RANK[l] !== undefined) return [T.float8, T.interval, T.interval];
  }
  if (op === '/' && l === 'interval' && NUMERIC_RANK[r] !== undefined) return [T.interval, T.float8, T.interval];
  return undefined;
}

/** `||`: text || text, and text || anynonarray / anynonarray || text through the text output function. */
function bindConcat(left: Expr, right: Expr, params: ParamTypes, position?: number): Expr {
  const lu = left.type.id === 'unknown', ru = right.type.id === 'unknown';
  if ((left.type.id === 'bytea' || lu) && (right.type.id === 'bytea' || ru) && !(lu && ru)) {
    return { kind: 'concat', left: coerce(left, T.bytea, 'implicit', params, position), right: coerce(right, T.bytea, 'implicit', params, position), type: T.bytea };
  }
  const ls = isStr(left.type) || lu, rs = isStr(right.type) || ru;
  if (!ls && !rs) throw noOperator('||', left.type, right.type, position);
  const toText = (e: Expr): Expr => coerce(e, T.text, isStr(e.type) || e.type.id === 'unknown' ? 'implicit' : 'explicit', params, position);
  return { kind: 'concat', left: toText(left), right: toText(right), type: T.text };
}

/** Unary minus / plus, and `~` (int2not/int4not/int8not through `call`). */
export function bindUnaryOp(op: string, arg0: Expr, params: ParamTypes, position?: number, call?: CallFunction): Expr {
  if (op === '@' && call !== undefined) {
    // Prefix @ is absolute value.
    return call('abs', [arg0.type.id === 'unknown' ? coerce(arg0, T.numeric, 'implicit', params, position) : arg0], position);
  }
  if (op === '~' && call !== undefined) {
    if (arg0.type.id === 'unknown') throw notUnique('~ unknown', position);
    if (INT_IDS.has(arg0.type.id)) return call(`${arg0.type.id}not`, [arg0], position);
  }
  const arg = arg0.type.id === 'unknown' ? coerce(arg0, T.numeric, 'implicit', params, position) : arg0;
  if (!isNum(arg.type) && arg.type.id !== 'interval') {
    throw new SqlError(SqlState.undefinedFunction, `operator does not exist: ${op} ${formatType(arg.type)}`, {
      position, hint: 'No operator matches the given name and argument type. You might need to add an explicit type cast.',
    });
  }
  if (op === '+') return arg;
  if (op === '-') return { kind: 'negate', arg, type: arg.type.typmod === -1 ? arg.type : { id: arg.type.id, typmod: -1 } };
  throw new SqlError(SqlState.undefinedFunction, `operator does not exist: ${op} ${formatType(arg.type)}`, { position });
}

/** The type both sides of a comparison are converted to (for IN lists, CASE operands, joins). */
export function comparisonOperandType(l: SqlType, r: SqlType): SqlType | undefined {
  if (l.id === 'unknown') return r.id === 'unknown' ? T.text : { id: r.id, typmod: -1 };
  if (r.id === 'unknown') return { id: l.id, typmod: -1 };
  return comparisonType(l, r);
}
