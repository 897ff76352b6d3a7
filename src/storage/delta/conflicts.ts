/**
 * Delta's WriteSerializable conflict rules: when the commits of other writers (the winners) landed after the
 * version a transaction read, may the transaction still commit on top of them?
 *
 * - A winner that changed the protocol or the metadata conflicts with everything.
 * - A winner that removed a file this transaction removed (delete-delete) or read (delete-read) conflicts.
 * - A winner that added files other than by a blind append (an UPDATE, DELETE, MERGE) conflicts with a
 *   transaction that read the table: those files could hold rows its reads should have seen. Blind appends
 *   never conflict (that is what makes it WriteSerializable rather than Serializable).
 * - A transaction that changes the schema conflicts with any winner that added files (they were written with
 *   the schema it replaces).
 * - Winners with a `txn` action for an application id this transaction also writes conflict (idempotent
 *   writes must see each other).
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { AddAction, RemoveAction, TxnAction } from './actions.ts';

/** What a pending commit did, as far as conflicts go. */
export interface CommitFootprint {
  readonly location: string;
  readonly readVersion: number;
  readonly removes: ReadonlySet<string>;
  /** Whether the transaction read the table (a predicate over it, even if it matched no file). */
  readonly readsTable: boolean;
  /** Files of the read version that were read. */
  readonly reads: ReadonlySet<string>;
  readonly changesMetadata: boolean;
  readonly appIds: ReadonlySet<string>;
}

/** Throw 40001 if the winner at `version` (its actions) conflicts with `ours`. */
export function checkWinner(ours: CommitFootprint, version: number, actions: readonly Record<string, unknown>[]): void {
  const info = actions.find((a) => a.commitInfo !== undefined)?.commitInfo as { operation?: unknown; isBlindAppend?: unknown } | undefined;
  const operation = typeof info?.operation === 'string' ? info.operation : 'a write';
  const fail = (why: string): never => {
    throw new SqlError(SqlState.serializationFailure, 'could not serialize access due to concurrent update', {
      detail: `Version ${version} of the Delta table at "${ours.location}" (${operation}, committed after version ${ours.readVersion} that this transaction read) ${why}.`,
      hint: 'Retry the transaction.',
    });
  };
  const blindAppend = info?.isBlindAppend === true;
  let addsData = false;
  for (const a of actions) {
    if (a.protocol !== undefined) fail('changed the table protocol');
    if (a.metaData !== undefined) fail('changed the table metadata');
    if (a.remove !== undefined) {
      const path = (a.remove as RemoveAction).path;
      if (ours.removes.has(path)) fail(`also removed the file "${path}"`);
      if (ours.reads.has(path)) fail(`removed the file "${path}", which this transaction read`);
    }
    if (a.add !== undefined && (a.add as AddAction).dataChange !== false) addsData = true;
    if (a.txn !== undefined && ours.appIds.has((a.txn as TxnAction).appId)) {
      fail(`committed a transaction of application "${(a.txn as TxnAction).appId}" too`);
    }
  }
  if (addsData && ours.changesMetadata) fail('added files with the schema this transaction replaces');
  if (addsData && !blindAppend && ours.readsTable) fail('added rows that this transaction\'s reads may have missed');
}
