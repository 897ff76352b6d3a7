/**
 * The advisory lock functions: pg_[try_]advisory_[xact_]lock[_shared], pg_advisory_unlock[_shared] and
 * pg_advisory_unlock_all, each over one bigint key or two integer keys. The locks themselves are the server's
 * (SessionInfo.advisoryLocks); a lock that must wait throws LockWait, which the executor waits on.
 */
import { SqlError, SqlState } from '../../../common/index.ts';
import type {
  AdvisoryKey, AdvisoryLocks, AdvisoryMode, AdvisoryScope, EvalContext, ScalarFunction, ScalarOverload,
} from '../../../plan/index.ts';
import { mapNullary, mapStrictN } from '../kernel-helpers.ts';

/** pg_locks' split of a key: a bigint's high and low halves (objsubid 1), or the two integers (objsubid 2). */
function keyOf(row: readonly unknown[]): AdvisoryKey {
  if (row.length === 1) {
    const k = BigInt.asUintN(64, row[0] as bigint);
    return { classid: Number(k >> 32n), objid: Number(k & 0xffffffffn), objsubid: 1 };
  }
  return { classid: (row[0] as number) >>> 0, objid: (row[1] as number) >>> 0, objsubid: 2 };
}

function locksOf(ctx: EvalContext): AdvisoryLocks {
  const l = ctx.session.advisoryLocks;
  if (l === undefined) throw new SqlError(SqlState.featureNotSupported, 'advisory locks need a server session');
  return l;
}

const KEYS: readonly (readonly ('int8' | 'int4')[])[] = [['int8'], ['int4', 'int4']];

function overloads(returns: 'void' | 'bool', f: (key: AdvisoryKey, locks: AdvisoryLocks, ctx: EvalContext) => string | boolean): ScalarOverload[] {
  return KEYS.map((args) => ({
    args, returns, volatility: 'volatile' as const,
    kernel: mapStrictN(returns, (row, ctx) => f(keyOf(row), locksOf(ctx), ctx)),
  }));
}

const lock = (name: string, mode: AdvisoryMode, scope: AdvisoryScope): ScalarFunction => ({
  name, overloads: overloads('void', (key, locks) => (locks.lock(key, mode, scope, true), '')),
});

const tryLock = (name: string, mode: AdvisoryMode, scope: AdvisoryScope): ScalarFunction => ({
  name, overloads: overloads('bool', (key, locks) => locks.lock(key, mode, scope, false)),
});

const unlock = (name: string, mode: AdvisoryMode): ScalarFunction => ({
  name,
  overloads: overloads('bool', (key, locks, ctx) => {
    if (locks.unlock(key, mode)) return true;
    const kind = mode === 'exclusive' ? 'ExclusiveLock' : 'ShareLock';
    ctx.session.notice?.(new SqlError(SqlState.warning, `you don't own a lock of type ${kind}`, { severity: 'WARNING' }));
    return false;
  }),
});

export const ADVISORY_LOCK_FUNCTIONS: readonly ScalarFunction[] = [
  lock('pg_advisory_lock', 'exclusive', 'session'),
  lock('pg_advisory_lock_shared', 'share', 'session'),
  lock('pg_advisory_xact_lock', 'exclusive', 'xact'),
  lock('pg_advisory_xact_lock_shared', 'share', 'xact'),
  tryLock('pg_try_advisory_lock', 'exclusive', 'session'),
  tryLock('pg_try_advisory_lock_shared', 'share', 'session'),
  tryLock('pg_try_advisory_xact_lock', 'exclusive', 'xact'),
  tryLock('pg_try_advisory_xact_lock_shared', 'share', 'xact'),
  unlock('pg_advisory_unlock', 'exclusive'),
  unlock('pg_advisory_unlock_shared', 'share'),
  {
    name: 'pg_advisory_unlock_all',
    overloads: [{ args: [], returns: 'void', volatility: 'volatile', kernel: mapNullary('void', (ctx) => (locksOf(ctx).unlockAll(), ''), true) }],
  },
];
