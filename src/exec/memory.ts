/**
 * Memory of the operators that hold their input (sorts, hash aggregations, hash joins). Each holds up to
 * work_mem; all of them together, across the server's sessions, up to memory_limit: a MemoryPool the server
 * owns. An operator takes a MemoryGrant and grows it as it gathers; when a grow is refused (its work_mem or
 * the pool is spent) it spills, and gives back what it no longer holds. Sizes are estimates (batchBytes).
 */

export class MemoryPool {
  private used = 0;
  /** The most ever held at once. */
  peak = 0;

  constructor(readonly limit: number) {}

  get held(): number {
    return this.used;
  }

  /** Take `bytes` more, or nothing (false) when the pool would pass its limit. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    if (this.used > this.peak) this.peak = this.used;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }
}

/** One operator's share: at most `workMem` bytes, each taken from the pool (when there is one). */
export class MemoryGrant {
  private granted = 0;

  constructor(private readonly workMem: number, private readonly pool: MemoryPool | undefined) {}

  /** Bytes held under this grant. */
  get held(): number {
    return this.granted;
  }

  /**
   * Account for `bytes` more; false when the operator must spill instead (beyond its work_mem, or the pool
   * has no more), in which case nothing is taken.
   */
  grow(bytes: number): boolean {
    if (bytes <= 0) return true;
    if (this.granted + bytes > this.workMem) return false;
    if (this.pool !== undefined && !this.pool.tryTake(bytes)) return false;
    this.granted += bytes;
    return true;
  }

  /** Give back everything this grant holds. */
  release(): void {
    this.pool?.give(this.granted);
    this.granted = 0;
  }
}
