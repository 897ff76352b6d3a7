/**
 * The server's advisory lock table (one process, so one table for every session), and each session's handle
 * on it (plan/advisory-locks.ts). As in PostgreSQL: a lock is exclusive or shared; a session's takes are
 * counted (session-level and transaction-level apart) and never conflict with each other; an exclusive lock
 * conflicts with any other session's lock on the key, a shared one with another session's exclusive lock.
 * Session-level locks last until unlocked or the session ends, transaction-level ones until its transaction
 * ends. Deadlocks are not detected: two sessions waiting on each other wait until a statement_timeout or a
 * cancel ends one of the waits.
 */
import type { AdvisoryKey, AdvisoryLocks, AdvisoryMode, AdvisoryScope } from '../plan/index.ts';
import { LockWait } from '../plan/index.ts';

/** One session's hold on one key in one mode. */
interface Hold { session: number; xact: number }

interface Entry {
  readonly key: AdvisoryKey;
  /** By session pid, then mode. */
  readonly holders: Map<number, Map<AdvisoryMode, Hold>>;
  /** Resolved (and cleared) whenever a hold on the key ends. */
  waiters: (() => void)[];
}

/** A held lock as pg_locks lists it. */
export interface AdvisoryLockRow {
  readonly database: string;
  readonly key: AdvisoryKey;
  readonly mode: AdvisoryMode;
  readonly pid: number;
}

const keyText = (k: AdvisoryKey): string => `${k.classid}:${k.objid}:${k.objsubid}`;

export class AdvisoryLockTable {
  /** By database, then key: PostgreSQL's advisory locks belong to one database. */
  private readonly entries = new Map<string, Entry>();
  private readonly databases = new Map<string, string>();

  /** A session's handle. `onXactLock` is called when it takes a transaction-level lock (to release at its end). */
  session(pid: number, database: string, onXactLock: () => void): SessionAdvisoryLocks {
    return new SessionAdvisoryLocks(this, pid, database, onXactLock);
  }

  /** Every held lock, for pg_locks. */
  list(): AdvisoryLockRow[] {
    const out: AdvisoryLockRow[] = [];
    for (const [id, e] of this.entries) {
      for (const [pid, modes] of e.holders) {
        for (const mode of modes.keys()) out.push({ database: this.databases.get(id)!, key: e.key, mode, pid });
      }
    }
    return out;
  }

  /** Take one count when no other session conflicts; otherwise a promise of the next release on the key. */
  take(database: string, key: AdvisoryKey, mode: AdvisoryMode, pid: number, scope: AdvisoryScope): true | Promise<void> {
    const id = `${database}\u0000${keyText(key)}`;
    let e = this.entries.get(id);
    if (e !== undefined) {
      for (const [other, modes] of e.holders) {
        if (other !== pid && (mode === 'exclusive' || modes.has('exclusive'))) {
          const entry = e;
          return new Promise((resolve) => entry.waiters.push(resolve));
        }
      }
    } else {
      this.entries.set(id, e = { key, holders: new Map(), waiters: [] });
      this.databases.set(id, database);
    }
    let modes = e.holders.get(pid);
    if (modes === undefined) e.holders.set(pid, modes = new Map());
    let hold = modes.get(mode);
    if (hold === undefined) modes.set(mode, hold = { session: 0, xact: 0 });
    hold[scope]++;
    return true;
  }

  /** Give back `count` takes (all when undefined) of one scope; false when none were held. */
  give(database: string, key: AdvisoryKey, mode: AdvisoryMode, pid: number, scope: AdvisoryScope, count?: number): boolean {
    const id = `${database}\u0000${keyText(key)}`;
    const e = this.entries.get(id);
    const modes = e?.holders.get(pid);
    const hold = modes?.get(mode);
    if (e === undefined || modes === undefined || hold === undefined || hold[scope] === 0) return false;
    hold[scope] = count === undefined ? 0 : Math.max(0, hold[scope] - count);
    if (hold.session === 0 && hold.xact === 0) {
      modes.delete(mode);
      if (modes.size === 0) e.holders.delete(pid);
      if (e.holders.size === 0) {
        this.entries.delete(id);
        this.databases.delete(id);
      }
      for (const wake of e.waiters.splice(0)) wake();
    }
    return true;
  }

  /** The keys and modes a session holds in a scope. */
  held(pid: number, scope: AdvisoryScope): { database: string; key: AdvisoryKey; mode: AdvisoryMode }[] {
    const out: { database: string; key: AdvisoryKey; mode: AdvisoryMode }[] = [];
    for (const [id, e] of this.entries) {
      for (const [mode, hold] of e.holders.get(pid) ?? []) {
        if (hold[scope] > 0) out.push({ database: this.databases.get(id)!, key: e.key, mode });
      }
    }
    return out;
  }
}

/** One session's advisory locks (see AdvisoryLocks). */
export class SessionAdvisoryLocks implements AdvisoryLocks {
  /** Takes since the session's statement began, for undoTo. */
  private journal: { key: AdvisoryKey; mode: AdvisoryMode; scope: AdvisoryScope }[] = [];

  constructor(private readonly table: AdvisoryLockTable, private readonly pid: number, private readonly database: string,
    private readonly onXactLock: () => void) {}

  lock(key: AdvisoryKey, mode: AdvisoryMode, scope: AdvisoryScope, wait: boolean): boolean {
    const got = this.table.take(this.database, key, mode, this.pid, scope);
    if (got !== true) {
      if (wait) throw new LockWait(got);
      return false;
    }
    this.journal.push({ key, mode, scope });
    if (scope === 'xact') this.onXactLock();
    return true;
  }

  unlock(key: AdvisoryKey, mode: AdvisoryMode): boolean {
    return this.table.give(this.database, key, mode, this.pid, 'session', 1);
  }

  unlockAll(): void {
    this.releaseScope('session');
  }

  mark(): number {
    return this.journal.length;
  }

  undoTo(mark: number): void {
    for (const t of this.journal.splice(mark).reverse()) this.table.give(this.database, t.key, t.mode, this.pid, t.scope, 1);
  }

  /** A statement begins: takes before it can no longer be undone. */
  statementStarted(): void {
    this.journal = [];
  }

  /** The transaction ended: its transaction-level locks go. */
  transactionEnded(): void {
    this.releaseScope('xact');
  }

  /** The session ended: every lock goes. */
  close(): void {
    this.releaseScope('session');
    this.releaseScope('xact');
  }

  private releaseScope(scope: AdvisoryScope): void {
    for (const h of this.table.held(this.pid, scope)) this.table.give(h.database, h.key, h.mode, this.pid, scope);
  }
}
