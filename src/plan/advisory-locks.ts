/**
 * Advisory locks as functions see them (pg_advisory_lock and friends): one session's handle on the server's
 * lock table. Implemented by the server; functions reach it through SessionInfo.advisoryLocks.
 *
 * A kernel cannot wait, so a lock that must wait is not taken: `lock` throws LockWait, which the executor
 * catches where it evaluates expressions (evalExprs). It then gives back what the evaluation took so far
 * (`undoTo(mark())`), waits for `released` (or a short while, to notice a cancel or statement_timeout), and
 * evaluates again.
 */
import { SqlError, SqlState } from '../common/index.ts';

/** A lock's key as pg_locks shows it: a bigint key splits into classid (high half) and objid (low half) with objsubid 1, two int4 keys are classid and objid with objsubid 2. */
export interface AdvisoryKey {
  readonly classid: number;
  readonly objid: number;
  readonly objsubid: 1 | 2;
}

export type AdvisoryMode = 'exclusive' | 'share';
export type AdvisoryScope = 'session' | 'xact';

export interface AdvisoryLocks {
  /**
   * Take the lock. Re-entrant: each take counts. When another session holds a conflicting lock: `wait` false
   * returns false; `wait` true throws LockWait.
   */
  lock(key: AdvisoryKey, mode: AdvisoryMode, scope: AdvisoryScope, wait: boolean): boolean;
  /** Give back one session-level take; false when this session holds none (the caller warns). */
  unlock(key: AdvisoryKey, mode: AdvisoryMode): boolean;
  /** pg_advisory_unlock_all: every session-level lock this session holds. */
  unlockAll(): void;
  /** A point in this session's takes, to give back what was taken after it (undoTo). */
  mark(): number;
  undoTo(mark: number): void;
}

/** Thrown by AdvisoryLocks.lock when it must wait; reaching a client, it reads as lock_not_available. */
export class LockWait extends SqlError {
  constructor(readonly released: Promise<void>) {
    super(SqlState.lockNotAvailable, 'could not obtain advisory lock');
  }
}
