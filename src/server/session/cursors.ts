/**
 * A session's SQL cursors: DECLARE, FETCH / MOVE and CLOSE, and what pg_cursors lists. Cursor names are per
 * session. A cursor lives until CLOSE or the end of its transaction; a WITH HOLD cursor survives the commit of
 * the transaction that declared it (reading its rows then) and dies with that transaction's rollback.
 */
import { SqlError, SqlState, type Batch } from '../../common/index.ts';
import type { CursorInfo } from '../../catalog/index.ts';
import type { Ast } from '../../sql/index.ts';
import { Cursor, type CheckCancel, type FetchDirection } from './cursor.ts';
import { commandOutcome, type Outcome, type StatementContext } from './statement-context.ts';
import { runQuery } from './statements/query.ts';

/** parsenodes.h CURSOR_OPT_* bits of DeclareCursorStmt.options. */
const OPT_BINARY = 0x1, OPT_SCROLL = 0x2, OPT_HOLD = 0x20;

const unknownCursor = (name: string) => new SqlError(SqlState.invalidCursorName, `cursor "${name}" does not exist`);

export class SessionCursors {
  private readonly byName = new Map<string, Cursor>();

  /**
   * DECLARE. `inBlock`: a transaction block (BEGIN, or the implicit block of a multi-statement query) is
   * open; only WITH HOLD cursors may be declared outside one.
   */
  async declare(n: Ast, ctx: StatementContext, inBlock: boolean): Promise<Outcome> {
    const name: string = n.portalname;
    const options: number = n.options ?? 0;
    const hold = (options & OPT_HOLD) !== 0;
    if (!hold && !inBlock) {
      throw new SqlError(SqlState.noActiveSqlTransaction, 'DECLARE CURSOR can only be used in transaction blocks');
    }
    if (this.byName.has(name)) throw new SqlError(SqlState.duplicateCursor, `cursor "${name}" already exists`);
    const out = await runQuery(n.query, ctx);
    // Without SCROLL or NO SCROLL PostgreSQL decides by the plan; Basin never keeps rows it need not.
    const cursor = new Cursor(name, ctx.sql, out.fields ?? [], {
      binary: (options & OPT_BINARY) !== 0, scroll: (options & OPT_SCROLL) !== 0, hold,
    }, out.rows ?? emptyRows(), Date.now() * 1000);
    this.byName.set(name, cursor);
    const check = ctx.execContext().checkCancel;
    if (hold) ctx.tx.beforeCommit(() => cursor.persist(check));
    ctx.tx.onEnd((committed) => {
      if (!hold || !committed) this.drop(cursor).catch((e: unknown) => ctx.services.log('warn', `closing cursor "${name}": ${String(e)}`));
    });
    return commandOutcome('DECLARE CURSOR');
  }

  /** FETCH or MOVE. */
  async fetch(n: Ast, check: CheckCancel): Promise<Outcome> {
    const name: string = n.portalname;
    const cursor = this.byName.get(name);
    if (cursor === undefined) throw unknownCursor(name);
    const direction = n.direction as FetchDirection;
    const count: number = n.howMany ?? 0;
    if (n.ismove === true) {
      const run = cursor.run(direction, count, false, check);
      let r = await run.next();
      while (r.done !== true) r = await run.next();
      const moved = r.value;
      return commandOutcome(`MOVE ${moved}`);
    }
    // The first step runs now, so that an error (a NO SCROLL cursor asked to go back) comes before any
    // RowDescription, as in PostgreSQL.
    const run = cursor.run(direction, count, true, check);
    const first = await run.next();
    async function* rows(): AsyncGenerator<Batch> {
      if (first.done === true) return;
      yield first.value;
      yield* run;
    }
    return { fields: cursor.fields, binary: cursor.options.binary, rows: rows(), tag: (k) => `FETCH ${k}` };
  }

  /** CLOSE name, or CLOSE ALL (no portalname). */
  async close(n: Ast): Promise<Outcome> {
    const name: string | undefined = n.portalname;
    if (name === undefined) {
      await this.closeAll();
      return commandOutcome('CLOSE CURSOR ALL');
    }
    const cursor = this.byName.get(name);
    if (cursor === undefined) throw unknownCursor(name);
    await this.drop(cursor);
    return commandOutcome('CLOSE CURSOR');
  }

  /** A cursor's result columns, for Describe of a FETCH (undefined when there is no such cursor yet). */
  fields(name: string): Cursor['fields'] | undefined {
    return this.byName.get(name)?.fields;
  }

  async closeAll(): Promise<void> {
    for (const c of [...this.byName.values()]) await this.drop(c);
  }

  /** What pg_cursors shows. */
  list(): readonly CursorInfo[] {
    return [...this.byName.values()].map((c) => ({
      name: c.name, statement: c.statement, holdable: c.options.hold, binary: c.options.binary,
      scrollable: c.options.scroll, creationTime: c.creationTime,
    }));
  }

  private async drop(cursor: Cursor): Promise<void> {
    if (this.byName.get(cursor.name) === cursor) this.byName.delete(cursor.name);
    await cursor.close();
  }
}

async function* emptyRows(): AsyncGenerator<Batch> {
  // A query always has rows; this only satisfies the types.
}
