/**
 * A SQL cursor (DECLARE … CURSOR): a query's rows, pulled as FETCH needs them, and a position among them that
 * FETCH and MOVE move with PostgreSQL's rules (pquery.c: DoPortalRunFetch over PortalRunSelect).
 *
 * Positions: 0 is before the first row, 1..N are the rows, N+1 is after the last (N is known once the query
 * has run out). A SCROLL cursor keeps the rows it has passed so it can go back; a NO SCROLL cursor forgets
 * them, so reading one through costs one batch of memory. A WITH HOLD cursor reads the rest of its rows into
 * memory when its transaction commits (`persist`), as PostgreSQL does.
 */
import { SqlError, SqlState, sliceBatch, takeBatch, type Batch } from '../../common/index.ts';
import type { Field } from '../../wire/index.ts';

export type FetchDirection = 'FETCH_FORWARD' | 'FETCH_BACKWARD' | 'FETCH_ABSOLUTE' | 'FETCH_RELATIVE';

/** What the grammar gives for ALL (FETCH ALL, FORWARD ALL, BACKWARD ALL). */
const FETCH_ALL = 2147483647;

export interface CursorOptions {
  readonly binary: boolean;
  readonly scroll: boolean;
  readonly hold: boolean;
}

/** Called between batches: throws when the statement was cancelled. */
export type CheckCancel = () => void;

const forwardOnly = () => new SqlError(SqlState.objectNotInPrerequisiteState, 'cursor can only scan forward',
  { hint: 'Declare it with SCROLL option to enable backward scan.' });

/** The rows a cursor has pulled from its query and still holds, numbered from 1. */
class RowStore {
  private chunks: Batch[] = [];
  /** Row number of the first row of chunks[0]. */
  private first = 1;
  /** Rows pulled so far: rows 1..pulled exist. */
  pulled = 0;

  constructor(private source: AsyncGenerator<Batch> | undefined) {}

  get exhausted(): boolean {
    return this.source === undefined;
  }

  /** Pull until row n is here or the query has run out; whether row n exists. */
  async has(n: number, check: CheckCancel): Promise<boolean> {
    while (this.pulled < n && this.source !== undefined) {
      const r = await this.source.next();
      check();
      if (r.done === true) {
        this.source = undefined;
        break;
      }
      if (r.value.length === 0) continue;
      this.chunks.push(r.value);
      this.pulled += r.value.length;
    }
    return n <= this.pulled;
  }

  /** Rows a..b (held, a ≤ b) in order, or from b down to a. */
  *rows(a: number, b: number, descending: boolean): Generator<Batch> {
    const pieces: Batch[] = [];
    let start = this.first;
    for (const c of this.chunks) {
      const end = start + c.length - 1;
      const lo = Math.max(a, start), hi = Math.min(b, end);
      if (lo <= hi) pieces.push(lo === start && hi === end ? c : sliceBatch(c, lo - start, hi - start + 1));
      start = end + 1;
      if (start > b) break;
    }
    if (!descending) {
      yield* pieces;
      return;
    }
    for (let i = pieces.length - 1; i >= 0; i--) {
      const p = pieces[i]!;
      const idx = new Int32Array(p.length);
      for (let j = 0; j < p.length; j++) idx[j] = p.length - 1 - j;
      yield takeBatch(p, idx);
    }
  }

  /** Drop the rows before row n (a NO SCROLL cursor never returns to them). */
  forget(n: number): void {
    while (this.chunks.length > 0 && this.first + this.chunks[0]!.length <= n) {
      this.first += this.chunks.shift()!.length;
    }
  }

  async close(): Promise<void> {
    const source = this.source;
    this.source = undefined;
    this.chunks = [];
    await source?.return(undefined);
  }
}

export class Cursor {
  private pos = 0;
  private readonly store: RowStore;

  constructor(
    readonly name: string,
    /** The query string that declared it (pg_cursors.statement). */
    readonly statement: string,
    readonly fields: readonly Field[],
    readonly options: CursorOptions,
    rows: AsyncGenerator<Batch>,
    /** µs since the epoch. */
    readonly creationTime: number,
  ) {
    this.store = new RowStore(rows);
  }

  private get atEnd(): boolean {
    return this.store.exhausted && this.pos > this.store.pulled;
  }

  /**
   * FETCH (emit) or MOVE: yields the rows to send and returns how many rows it fetched or would have
   * (the count in the FETCH / MOVE command tag). `count` is the grammar's howMany (ALL as 2147483647).
   */
  async *run(direction: FetchDirection, count: number, emit: boolean, check: CheckCancel): AsyncGenerator<Batch, number> {
    if (count >= FETCH_ALL) count = Infinity;
    switch (direction) {
      case 'FETCH_FORWARD':
      case 'FETCH_BACKWARD':
        if (count < 0) {
          direction = direction === 'FETCH_FORWARD' ? 'FETCH_BACKWARD' : 'FETCH_FORWARD';
          count = -count;
        }
        break;
      case 'FETCH_ABSOLUTE':
        if (count > 0) {
          // Get to just before row `count` the cheaper way, then fetch it going forwards.
          const portalPos = this.atEnd ? this.pos - 1 : this.pos;
          if (count - 1 <= portalPos / 2) {
            this.rewind();
            if (count > 1) yield* this.forward(count - 1, false, check);
          } else if (count <= this.pos) {
            yield* this.backward(this.pos - count + 1, false);
          } else if (count > this.pos + 1) {
            yield* this.forward(count - this.pos - 1, false, check);
          }
          return yield* this.forward(1, emit, check);
        }
        if (count < 0) {
          yield* this.forward(Infinity, false, check);
          if (count < -1) yield* this.backward(-count - 1, false);
          return yield* this.backward(1, emit);
        }
        this.rewind();
        return 0;
      case 'FETCH_RELATIVE':
        if (count > 0) {
          if (count > 1) yield* this.forward(count - 1, false, check);
          return yield* this.forward(1, emit, check);
        }
        if (count < 0) {
          if (count < -1) yield* this.backward(-count - 1, false);
          return yield* this.backward(1, emit);
        }
        direction = 'FETCH_FORWARD';
        break;
    }
    let forward = direction === 'FETCH_FORWARD';
    if (count === 0) {
      // FETCH 0 re-fetches the current row; MOVE 0 says whether there is one.
      const onRow = this.pos > 0 && !this.atEnd;
      if (!emit) return onRow ? 1 : 0;
      if (onRow) {
        yield* this.backward(1, false);
        count = 1;
        forward = true;
      }
    }
    if (!forward && count === Infinity && !emit) {
      // MOVE BACKWARD ALL is a rewind.
      let moved = this.atEnd ? this.pos - 1 : this.pos;
      if (moved > 0 && !this.atEnd) moved--;
      this.rewind();
      return moved;
    }
    return forward ? yield* this.forward(count, emit, check) : yield* this.backward(count, emit);
  }

  private async *forward(count: number, emit: boolean, check: CheckCancel): AsyncGenerator<Batch, number> {
    if (this.atEnd || count <= 0) return 0;
    let done = 0;
    while (done < count) {
      if (!(await this.store.has(this.pos + 1, check))) {
        this.pos = this.store.pulled + 1;
        break;
      }
      const last = Math.min(this.pos + (count - done), this.store.pulled);
      if (emit) yield* this.store.rows(this.pos + 1, last, false);
      done += last - this.pos;
      this.pos = last;
      if (!this.options.scroll) this.store.forget(this.pos + 1);
    }
    return done;
  }

  private async *backward(count: number, emit: boolean): AsyncGenerator<Batch, number> {
    if (!this.options.scroll) throw forwardOnly();
    if (this.pos === 0 || count <= 0) return 0;
    const target = this.pos - count;
    const lo = Math.max(target, 1), hi = this.pos - 1;
    const n = Math.max(hi - lo + 1, 0);
    if (emit && n > 0) yield* this.store.rows(lo, hi, true);
    this.pos = Math.max(target, 0);
    return n;
  }

  private rewind(): void {
    if (this.pos === 0) return;
    if (!this.options.scroll) throw forwardOnly();
    this.pos = 0;
  }

  /** WITH HOLD at commit: read the rest of the rows now, while the transaction can still read them. */
  async persist(check: CheckCancel): Promise<void> {
    await this.store.has(Infinity, check);
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}
