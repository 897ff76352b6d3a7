/** SET / RESET / SHOW over the settings table. */
import { findSetting, SETTINGS, showSetting, SqlError, SqlState, T, vectorFromValues, type Batch } from '../../../common/index.ts';
import { checkTimeZone } from '../../../common/index.ts';
import type { Ast } from '../../../sql/index.ts';
import { commandOutcome, type Outcome, type StatementContext } from '../statement-context.ts';
import { isTransactionCharacteristic, isTransactionSetting, setSessionCharacteristics, setTransactionOptions, setTransactionSetting } from '../transaction-mode.ts';

/** A SET argument list as the text PostgreSQL would store (`SET search_path = a, b` → `a, b`). */
function argText(args: Ast[] | undefined): string {
  return (args ?? []).map((a) => {
    const c = a.A_Const ?? a.TypeCast?.arg?.A_Const;
    if (c === undefined) throw new SqlError(SqlState.syntaxError, 'SET value must be a constant');
    if (c.sval !== undefined) return c.sval.sval ?? '';
    if (c.ival !== undefined) return String(c.ival.ival ?? 0);
    if (c.fval !== undefined) return c.fval.fval;
    if (c.boolval !== undefined) return c.boolval.boolval ? 'on' : 'off';
    return '';
  }).join(', ');
}

const ALIASES: Record<string, string> = { timezone: 'TimeZone', datestyle: 'DateStyle', intervalstyle: 'IntervalStyle', names: 'client_encoding', 'transaction_isolation': 'transaction_isolation' };

export function canonicalSettingName(name: string): string {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? findSetting(lower)?.name ?? lower;
}

/** Validate and normalise a value for a setting; unknown settings are 42704 unless they are dotted (custom). */
export function checkSettingValue(name: string, value: string): string {
  const def = findSetting(name);
  if (def === undefined) {
    if (name.includes('.')) return value;
    throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
  }
  if (def.scope === 'server') throw new SqlError(SqlState.cantChangeRuntimeParam, `parameter "${def.name}" cannot be changed now`);
  if (def.name === 'TimeZone') {
    checkTimeZone(value);
    return value;
  }
  return def.check ? def.check(value) : value;
}

export function runSet(n: Ast, ctx: StatementContext): Outcome {
  const kind: string = n.kind;
  if (kind === 'VAR_RESET_ALL') {
    // The current transaction's characteristics are not settings RESET ALL resets (as in PostgreSQL).
    for (const s of SETTINGS) if (s.scope === 'session' && !isTransactionCharacteristic(s.name)) ctx.setSetting(s.name, undefined);
    return commandOutcome('RESET');
  }
  if (kind === 'VAR_SET_MULTI') {
    if (n.name === 'TRANSACTION') setTransactionOptions(ctx, n.args, true);
    else if (n.name === 'SESSION CHARACTERISTICS') setSessionCharacteristics(ctx, n.args);
    return commandOutcome('SET');
  }
  const name = canonicalSettingName(n.name === 'timezone' ? 'TimeZone' : n.name);
  const local = n.is_local === true;
  const tag = kind === 'VAR_RESET' ? 'RESET' : 'SET';
  if (isTransactionSetting(name)) {
    const value = kind === 'VAR_SET_VALUE' ? argText(n.args) : kind === 'VAR_SET_CURRENT' ? ctx.setting(name) : undefined;
    setTransactionSetting(ctx, name, value, local);
    return commandOutcome(tag);
  }
  if (kind === 'VAR_RESET' || kind === 'VAR_SET_DEFAULT') {
    if (findSetting(name) === undefined && !name.includes('.')) throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${name}"`);
    ctx.setSetting(name, undefined, local);
    return commandOutcome(kind === 'VAR_RESET' ? 'RESET' : 'SET');
  }
  if (kind === 'VAR_SET_CURRENT') return commandOutcome('SET');
  const value = argText(n.args);
  ctx.setSetting(name, checkSettingValue(name, value), local);
  return commandOutcome('SET');
}

export function runShow(n: Ast, ctx: StatementContext): Outcome {
  const raw: string = n.name;
  async function* one(v: string[]): AsyncGenerator<Batch> {
    yield { columns: [vectorFromValues(T.text, v)], length: v.length };
  }
  if (raw.toLowerCase() === 'all') {
    const names = SETTINGS.filter((s) => s.scope === 'session').map((s) => s.name);
    async function* rows(): AsyncGenerator<Batch> {
      yield {
        columns: [
          vectorFromValues(T.text, names),
          vectorFromValues(T.text, names.map((x) => showSetting(findSetting(x), ctx.setting(x)))),
          vectorFromValues(T.text, names.map((x) => findSetting(x)!.description)),
        ],
        length: names.length,
      };
    }
    return {
      fields: ['name', 'setting', 'description'].map((f) => ({ name: f, type: T.text, tableOid: 0, columnAttr: 0 })),
      rows: rows(), tag: () => 'SHOW',
    };
  }
  const name = raw === 'timezone' ? 'TimeZone' : raw === 'transaction_isolation' || raw === 'transaction isolation level' ? 'transaction_isolation' : canonicalSettingName(raw);
  const def = findSetting(name);
  if (def === undefined && !name.includes('.')) throw new SqlError(SqlState.undefinedObject, `unrecognized configuration parameter "${raw}"`);
  const value = showSetting(def, ctx.setting(name));
  return {
    fields: [{ name: def?.name ?? name, type: T.text, tableOid: 0, columnAttr: 0 }],
    rows: one([value]), tag: () => 'SHOW',
  };
}
