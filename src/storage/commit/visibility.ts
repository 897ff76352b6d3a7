/**
 * Atomic visibility of multi-table commits within this process. Each multi-table commit gets a sequence
 * number and notes the version it made of each table. A read point is a sequence number below which every
 * multi-table commit is complete; a snapshot taken with a read point stops before the versions made by later
 * ones. So a transaction sees a multi-table commit in all of its tables or in none.
 */
/** Multi-table commits remembered per table (readers older than the oldest may see part of one). */
const KEEP = 10_000;

export class CommitVisibility {
  private last = 0;
  private readonly running = new Set<number>();
  /** Per table key, the versions multi-table commits made of it, oldest first. */
  private readonly made = new Map<string, { seq: number; version: number }[]>();

  begin(): number {
    const seq = ++this.last;
    this.running.add(seq);
    return seq;
  }

  /** The version a multi-table commit is about to make of a table (again, if it lost that version to another writer). */
  note(seq: number, key: string, version: number): void {
    let list = this.made.get(key);
    if (list === undefined) this.made.set(key, list = []);
    const known = list.find((m) => m.seq === seq);
    if (known !== undefined) {
      known.version = version;
      return;
    }
    list.push({ seq, version });
    if (list.length > KEEP) list.splice(0, list.length - KEEP);
  }

  end(seq: number): void {
    this.running.delete(seq);
  }

  readPoint(): number {
    let p = this.last;
    for (const s of this.running) p = Math.min(p, s - 1);
    return p;
  }

  /** The newest version of a table that a reader at `readPoint` may see, or undefined for any. */
  limit(key: string, readPoint: number): number | undefined {
    let limit: number | undefined;
    for (const m of this.made.get(key) ?? []) {
      if (m.seq > readPoint) limit = Math.min(limit ?? Infinity, m.version - 1);
    }
    return limit;
  }
}

/** Per-key async mutexes; `withAll` takes several in sorted order so that two callers never deadlock. */
export class KeyedLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withAll<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const k of sorted) releases.push(await this.acquire(k));
      return await fn();
    } finally {
      for (const r of releases.reverse()) r();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
