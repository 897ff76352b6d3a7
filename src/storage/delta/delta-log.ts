/**
 * The transaction log of one Delta table over an object store: snapshots by replaying `_delta_log` JSON
 * commits, time travel, and commits as put-if-absent of the next log file (optimistic concurrency: a lost
 * race is SQLSTATE 40001 and the caller may retry on a fresh snapshot).
 *
 * The latest snapshot is cached; `latest()` lists only log files after it and replays those. A cold
 * snapshot starts from the newest checkpoint at or below the wanted version (found by listing; the
 * `_last_checkpoint` hint is written for other engines) and replays the commits after it. Every
 * `delta.checkpointInterval` (default 10) versions a commit writes a checkpoint.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { parseCommit, serializeCommit, type Action } from './actions.ts';
import { readCheckpoint, writeCheckpoint } from './checkpoint.ts';
import { cleanupCutoff, cleanupExpiredLogs } from './log-cleanup.ts';
import { commitPath, LOG_DIR, parseLogPath } from './log-path.ts';
import { logRetentionMs } from '../maintenance/retention.ts';
import { DeltaSnapshot, LogReplay } from './snapshot.ts';

/** The log files a snapshot is built from. */
interface LogSegment {
  /** Commit versions, ascending and contiguous. */
  readonly commits: readonly number[];
  /** Complete checkpoints, newest first. */
  readonly checkpoints: readonly { readonly version: number; readonly parts: number; readonly mtime: number }[];
  /** Modification times of the commit files (ms), for commits without commitInfo.timestamp. */
  readonly mtimes: ReadonlyMap<number, number>;
}

const READ_CONCURRENCY = 16;
const HISTORY_SIZE = 16;
const RECENT_COMMITS = 64;

function checkpointInterval(s: DeltaSnapshot): number {
  const n = Number(s.properties['delta.checkpointInterval'] ?? 10);
  return Number.isSafeInteger(n) && n > 0 ? n : 10;
}

export class DeltaLog {
  readonly store: ObjectStore;
  private cached: DeltaSnapshot | undefined;
  /** Recent time-travel snapshots (old versions never change). */
  private readonly history = new Map<number, DeltaSnapshot>();
  /**
   * Actions of the commits last replayed or written: a commit never changes, and a writer's conflict check
   * reads the very commits that refreshing the snapshot just read.
   */
  private readonly recent = new Map<number, Record<string, unknown>[]>();
  /** Commit timestamps by version (a commit never changes, so each is read once; see versionAt). */
  private readonly commitTimes = new Map<number, number>();
  /** The log directory's change token (ObjectStore.changeToken) taken before `cached` was last refreshed. */
  private token: string | undefined;
  /** The cutoff of this process's last log cleanup (see cleanupExpiredLogs). */
  private cleanedTo: number | undefined;

  constructor(store: ObjectStore) {
    this.store = store;
  }

  private noTable(): SqlError {
    return new SqlError(SqlState.undefinedTable, `no Delta table at "${this.store.root}"`);
  }

  /** List log files after `afterVersion` (all when -1). */
  private async segment(afterVersion: number): Promise<LogSegment> {
    const listed = await this.store.list(LOG_DIR, afterVersion >= 0 ? commitPath(afterVersion) : undefined);
    const commits: number[] = [];
    const mtimes = new Map<number, number>();
    const checkpointParts = new Map<number, { parts: number; seen: Set<number>; mtime: number }>();
    for (const o of listed) {
      const f = parseLogPath(o.path);
      if (f === undefined || f.version <= afterVersion) continue;
      if (f.kind === 'commit') {
        commits.push(f.version);
        mtimes.set(f.version, o.lastModified);
      } else {
        const e = checkpointParts.get(f.version) ?? { parts: f.parts ?? 1, seen: new Set<number>(), mtime: o.lastModified };
        if ((f.parts ?? 1) === e.parts) e.seen.add(f.part ?? 1);
        checkpointParts.set(f.version, e);
      }
    }
    commits.sort((a, b) => a - b);
    for (let i = 1; i < commits.length; i++) {
      if (commits[i] !== commits[i - 1]! + 1) {
        throw new SqlError(SqlState.dataCorrupted, `Delta log at "${this.store.root}" is missing version ${commits[i - 1]! + 1}`);
      }
    }
    const checkpoints = [...checkpointParts].filter(([, e]) => e.seen.size === e.parts)
      .map(([version, e]) => ({ version, parts: e.parts, mtime: e.mtime }))
      .sort((a, b) => b.version - a.version);
    return { commits, checkpoints, mtimes };
  }

  /** Read and apply commits in order (fetching a few at a time in parallel). */
  private async applyCommits(replay: LogReplay, versions: readonly number[], mtimes: ReadonlyMap<number, number>): Promise<void> {
    for (let i = 0; i < versions.length; i += READ_CONCURRENCY) {
      const chunk = versions.slice(i, i + READ_CONCURRENCY);
      const bodies = await Promise.all(chunk.map((v) => this.store.get(commitPath(v))));
      chunk.forEach((v, k) => {
        const body = bodies[k];
        if (body === undefined) throw new SqlError(SqlState.dataCorrupted, `Delta log commit ${v} disappeared while reading`);
        replay.apply(v, this.keepCommit(v, parseCommit(body, v)), mtimes.get(v) ?? 0);
      });
    }
  }

  /** A snapshot from scratch, at `version` or the latest: the newest usable checkpoint, then commits. */
  private async replay(version: number | undefined): Promise<DeltaSnapshot> {
    const seg = await this.segment(-1);
    if (seg.commits.length === 0 && seg.checkpoints.length === 0) throw this.noTable();
    const first = seg.commits[0];
    const last = Math.max(seg.commits[seg.commits.length - 1] ?? -1, seg.checkpoints[0]?.version ?? -1);
    const target = version ?? last;
    // A checkpoint is usable if the commits after it, up to the target, are all there.
    const cp = seg.checkpoints.find((c) => c.version <= target && (c.version === target || (first !== undefined && first <= c.version + 1)));
    if (cp === undefined && first !== 0 || target > last) {
      const earliest = first === 0 ? 0 : Math.min(...seg.checkpoints.map((c) => c.version), first ?? Infinity);
      throw new SqlError(SqlState.invalidParameterValue,
        `cannot time travel Delta table to version ${target}; available versions: [${earliest}, ${last}]`);
    }
    const replay = new LogReplay();
    if (cp !== undefined) replay.apply(cp.version, await readCheckpoint(this.store, cp.version, cp.parts), cp.mtime);
    const from = cp === undefined ? -1 : cp.version;
    await this.applyCommits(replay, seg.commits.filter((v) => v > from && v <= target), seg.mtimes);
    return replay.snapshot();
  }

  /** The latest snapshot, refreshed from the log (only the commits after the cached one are read). */
  async latest(): Promise<DeltaSnapshot> {
    // An unchanged log directory since the last refresh: nothing to list (a point query's usual case).
    const token = await this.store.changeToken?.(LOG_DIR);
    if (token !== undefined && token === this.token && this.cached !== undefined) return this.cached;
    const snapshot = await this.refresh();
    this.token = token;
    return snapshot;
  }

  private async refresh(): Promise<DeltaSnapshot> {
    const base = this.cached;
    if (base === undefined) return this.remember(await this.replay(undefined));
    const seg = await this.segment(base.version);
    if (seg.commits.length === 0) {
      // The table may have been dropped and re-created under us: a missing base version means start over.
      if ((await this.store.head(commitPath(base.version))) !== undefined) return base;
      this.forget();
      return this.remember(await this.replay(undefined));
    }
    if (seg.commits[0] !== base.version + 1) { // log cleaned up past our cached version
      this.cached = undefined;
      return this.remember(await this.replay(undefined));
    }
    const replay = new LogReplay(base);
    await this.applyCommits(replay, seg.commits, seg.mtimes);
    return this.remember(replay.snapshot());
  }

  /**
   * The version a timestamp (ms since the epoch) travels to: the last commit made at or before it, by the
   * commit's commitInfo.timestamp (the log file's modification time when a commit has none).
   */
  async versionAt(ms: number): Promise<number> {
    const seg = await this.segment(-1);
    if (seg.commits.length === 0) throw this.noTable();
    const unread = seg.commits.filter((v) => !this.commitTimes.has(v));
    for (let i = 0; i < unread.length; i += READ_CONCURRENCY) {
      const chunk = unread.slice(i, i + READ_CONCURRENCY);
      const bodies = await Promise.all(chunk.map((v) => this.store.get(commitPath(v))));
      chunk.forEach((v, k) => {
        const body = bodies[k];
        if (body === undefined) return;
        let t = seg.mtimes.get(v) ?? 0;
        for (const a of parseCommit(body, v)) {
          const ts = (a.commitInfo as { timestamp?: unknown } | undefined)?.timestamp;
          if (typeof ts === 'number') t = ts;
        }
        this.commitTimes.set(v, t);
      });
    }
    let found = -1;
    const first = this.commitTimes.get(seg.commits[0]!);
    for (const v of seg.commits) if ((this.commitTimes.get(v) ?? Infinity) <= ms) found = v;
    if (found < 0) {
      throw new SqlError(SqlState.invalidParameterValue,
        `cannot time travel Delta table to timestamp ${new Date(ms).toISOString()}: it is before the earliest available version, committed at ${new Date(first ?? 0).toISOString()}`);
    }
    return found;
  }

  /** The snapshot at `version` (time travel). */
  async at(version: number): Promise<DeltaSnapshot> {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new SqlError(SqlState.invalidParameterValue, `invalid Delta table version ${version}`);
    }
    // Versions never change: a remembered one needs no look at the log.
    const known = this.cached?.version === version ? this.cached : this.history.get(version);
    if (known !== undefined) return known;
    const latest = await this.latest();
    if (version === latest.version) return latest;
    if (version > latest.version) {
      throw new SqlError(SqlState.invalidParameterValue,
        `cannot time travel Delta table to version ${version}; the latest version is ${latest.version}`);
    }
    const hit = this.history.get(version);
    if (hit !== undefined) return hit;
    const snap = await this.replay(version);
    this.keep(snap);
    return snap;
  }

  /**
   * Write commit `version` = `base.version + 1` (or version 0 with no base). Returns the new snapshot, or
   * undefined if another writer created that version first.
   */
  async tryCommit(base: DeltaSnapshot | undefined, actions: readonly Action[]): Promise<DeltaSnapshot | undefined> {
    const version = base === undefined ? 0 : base.version + 1;
    const bytes = serializeCommit(actions);
    if (!(await this.store.putIfAbsent(commitPath(version), bytes))) return undefined;
    const replay = new LogReplay(base);
    replay.apply(version, this.keepCommit(version, parseCommit(bytes, version)), Date.now());
    const snap = this.remember(replay.snapshot());
    if (version > 0 && version % checkpointInterval(snap) === 0) {
      try {
        await writeCheckpoint(this.store, snap);
        await this.cleanupExpiredLogs(snap);
      } catch {
        // The commit stands; a missing checkpoint only makes the next cold replay longer.
      }
    }
    return snap;
  }

  /** The actions of commit `version` (for conflict checks against commits made after a transaction's read). */
  async readCommit(version: number): Promise<Record<string, unknown>[]> {
    const known = this.recent.get(version);
    if (known !== undefined) return known;
    const body = await this.store.get(commitPath(version));
    if (body === undefined) throw new SqlError(SqlState.dataCorrupted, `Delta log at "${this.store.root}" is missing version ${version}`);
    return this.keepCommit(version, parseCommit(body, version));
  }

  private keepCommit(version: number, actions: Record<string, unknown>[]): Record<string, unknown>[] {
    this.recent.set(version, actions);
    if (this.recent.size > RECENT_COMMITS) this.recent.delete(this.recent.keys().next().value!);
    return actions;
  }

  /**
   * Delete log entries older than `delta.logRetentionDuration` (default 30 days) that no retained version
   * needs (see log-cleanup.ts). Runs after a checkpoint is written, as in Delta; off with
   * `delta.enableExpiredLogCleanup = false`. Time travel to a deleted version then fails with the versions
   * still available.
   */
  async cleanupExpiredLogs(snap: DeltaSnapshot, now = Date.now()): Promise<void> {
    if (snap.properties['delta.enableExpiredLogCleanup'] === 'false') return;
    // Once per cutoff (a day): listing a log of thousands of entries at every checkpoint would find nothing new.
    const retention = logRetentionMs(snap.properties), cutoff = cleanupCutoff(retention, now);
    if (cutoff === this.cleanedTo) return;
    const kept = await cleanupExpiredLogs(this.store, retention, now);
    this.cleanedTo = cutoff;
    if (kept !== undefined) for (const v of [...this.history.keys()]) if (v < kept) this.history.delete(v);
  }

  forget(): void {
    this.cached = undefined;
    this.token = undefined;
    this.cleanedTo = undefined;
    this.history.clear();
    this.recent.clear();
    this.commitTimes.clear();
  }

  private remember(s: DeltaSnapshot): DeltaSnapshot {
    const old = this.cached;
    if (old === undefined || s.version >= old.version) {
      // Writers that read the superseded version commit against it soon (see TableStorage.commitTransaction).
      if (old !== undefined && old.version < s.version) this.keep(old);
      this.cached = s;
    }
    return s;
  }

  private keep(s: DeltaSnapshot): void {
    this.history.set(s.version, s);
    if (this.history.size > HISTORY_SIZE) this.history.delete(this.history.keys().next().value!);
  }
}
