/**
 * Change data of the statements that write a table with `delta.enableChangeDataFeed` (PROTOCOL.md "Change
 * Data Files"): the rows each statement inserted, updated (pre- and post-image) and deleted, written as
 * change data files that the table's commit lists in `cdc` actions.
 *
 * A version's change data is all or nothing: once a commit has cdc files, readers take all of its changes
 * from them and ignore its add and remove actions. Where readers can derive the changes from those actions
 * (rows inserted into files of their own, files deleted whole), no change data is needed, so a transaction
 * writes none until a statement changes rows it cannot derive (an update, a file rewritten around deleted
 * rows). That statement first writes the transaction's changes so far as change data ('insert' rows of the
 * files added, 'delete' rows of the files removed); every later statement of the transaction then writes its
 * changes, derivable or not. In a transaction of several statements, a row may so show up in the version's
 * change data more than once (inserted, then updated): each statement's changes are recorded in turn.
 */
import { constantVector, T, type Batch, type ColumnSchema } from '../../../common/index.ts';
import type { TableDef } from '../../../catalog/index.ts';
import { changeDataFeedEnabled, type ChangeType } from '../../../storage/index.ts';
import type { StatementContext } from '../statement-context.ts';
import type { PendingWrite } from '../transaction.ts';

const READ_BATCH = 65536;

export class ChangeData {
  private readonly rows: Batch[] = [];
  /** Whether readers can derive every change recorded so far from the statement's add and remove actions. */
  private derivable = true;

  private constructor(
    private readonly ctx: StatementContext,
    private readonly table: TableDef,
    /** The transaction's writes to the table before this statement. */
    private readonly before: PendingWrite | undefined,
  ) {}

  /** A recorder for a statement about to write `table`, or undefined when the table has no change data feed. */
  static async start(ctx: StatementContext, table: TableDef): Promise<ChangeData | undefined> {
    const snap = await ctx.tx.snapshot(table.location);
    if (!changeDataFeedEnabled(snap.properties)) return undefined;
    return new ChangeData(ctx, table, ctx.tx.pendingWrite(table.location));
  }

  /** Whether the transaction already writes change data for the table (so every change must be recorded). */
  get recording(): boolean {
    return (this.ctx.tx.pendingWrite(this.table.location)?.changeData.length ?? 0) > 0;
  }

  private add(b: Batch, type: ChangeType): void {
    if (b.length === 0) return;
    const width = this.table.columns.length;
    this.rows.push({ columns: [...b.columns.slice(0, width), constantVector(T.text, type, b.length)], length: b.length });
  }

  /** Rows written to new files of their own (INSERT, MERGE's and upserts' inserts). */
  inserted(b: Batch): void {
    this.add(b, 'insert');
  }

  /** Rows deleted; see `rewrote` for the rows kept from their file. */
  deleted(b: Batch): void {
    this.add(b, 'delete');
  }

  /** Rows updated: `pre` as they were, `post` as they are now, row for row. */
  updated(pre: Batch, post: Batch): void {
    this.add(pre, 'update_preimage');
    this.add(post, 'update_postimage');
    if (pre.length > 0) this.derivable = false;
  }

  /** A file was replaced by one holding `kept` of its rows (unchanged or updated). */
  rewrote(kept: number): void {
    if (kept > 0) this.derivable = false;
  }

  /** Write the statement's change data, when the transaction needs it (see the file comment). */
  async finish(): Promise<void> {
    if (this.rows.length === 0) return;
    const recording = this.recording;
    if (this.derivable && !recording) return;
    const location = this.table.location;
    // The columns as the table has them now (with physical names under column mapping); all nullable.
    const schema: ColumnSchema[] = (await this.ctx.tx.snapshot(location)).schema.map((c) => ({ ...c, nullable: true }));
    const batches = recording ? this.rows : [...await this.earlierChanges(schema), ...this.rows];
    const files = await this.ctx.services.storage.writeFiles(location, schema, batches, { changeData: true });
    await this.ctx.tx.appendChangeData(location, files);
  }

  /** The transaction's changes before this statement, as readers would have derived them: inserts and deletes. */
  private async earlierChanges(schema: readonly ColumnSchema[]): Promise<Batch[]> {
    const before = this.before;
    if (before === undefined) return [];
    const out: Batch[] = [];
    const read = async (paths: readonly string[], type: ChangeType): Promise<void> => {
      const files = paths.map((p) => before.added.find((f) => f.path === p) ?? before.base.files.find((f) => f.path === p))
        .filter((f) => f !== undefined);
      if (files.length === 0) return;
      const snapshot = { ...before.base, schema, files };
      for await (const b of this.ctx.services.storage.scan(this.table.location, {
        snapshot, columns: schema.map((_, i) => i), batchSize: READ_BATCH,
      })) {
        this.ctx.execContext().checkCancel();
        if (b.length > 0) out.push({ columns: [...b.columns, constantVector(T.text, type, b.length)], length: b.length });
      }
    };
    await read(before.removed, 'delete');
    await read(before.added.map((f) => f.path), 'insert');
    return out;
  }
}

/** TRUNCATE of a table whose transaction already writes change data: every current row is a delete. */
export async function recordTruncate(ctx: StatementContext, table: TableDef): Promise<void> {
  const changes = await ChangeData.start(ctx, table);
  if (changes === undefined || !changes.recording) return;
  const snap = await ctx.tx.snapshot(table.location);
  for await (const b of ctx.tx.storage.scan(table.location, { snapshot: snap, columns: snap.schema.map((_, i) => i), batchSize: READ_BATCH })) {
    ctx.execContext().checkCancel();
    changes.deleted(b);
  }
  await changes.finish();
}
