/**
 * Write-ahead intent records for transactions that commit several tables. Before the first table commits,
 * the record (`transactions/<txnId>.json` under the storage's intents location) holds every table's Delta
 * actions and what the transaction read; each table's commitInfo carries the txnId. Whoever settles the
 * record (the committing session, or the next server start after a crash) makes the missing commits or, when
 * one of them conflicts, reverts the ones made, then deletes the record. So either every table gets the
 * transaction's commit, or every commit made is undone by a later one.
 */
import { SqlError, SqlState, type TableSnapshot } from '../../common/index.ts';
import type { Action } from '../delta/actions.ts';
import type { CommitFootprint } from '../delta/conflicts.ts';

/** A table's commit, ready to be made on top of whatever won since its read version. */
export interface PreparedCommit {
  readonly footprint: CommitFootprint;
  /** commitInfo first. */
  readonly actions: readonly Action[];
  /** TableChange.validate (not part of the intent record). */
  readonly validate?: (latest: TableSnapshot) => Promise<void>;
}

/** A table's part of an intent record (JSON). */
export interface IntentTable {
  readonly location: string;
  readonly readVersion: number;
  readonly actions: readonly Action[];
  readonly removes: readonly string[];
  readonly readsTable: boolean;
  readonly reads: readonly string[];
  readonly changesMetadata: boolean;
  readonly appIds: readonly string[];
}

export interface CommitIntent {
  readonly id: string;
  readonly createdTime: number;
  readonly tables: readonly IntentTable[];
}

/** commitInfo.operation of a commit that undoes a transaction's commit to one table. */
export const REVERT_OPERATION = 'REVERT TRANSACTION';

export const INTENT_DIR = 'transactions/';

export const intentPath = (txnId: string): string => `${INTENT_DIR}${txnId}.json`;

export function toIntentTable(p: PreparedCommit): IntentTable {
  const f = p.footprint;
  return {
    location: f.location, readVersion: f.readVersion, actions: p.actions, removes: [...f.removes],
    readsTable: f.readsTable, reads: [...f.reads], changesMetadata: f.changesMetadata, appIds: [...f.appIds],
  };
}

export function fromIntentTable(t: IntentTable): PreparedCommit {
  return {
    footprint: {
      location: t.location, readVersion: t.readVersion, removes: new Set(t.removes), readsTable: t.readsTable,
      reads: new Set(t.reads), changesMetadata: t.changesMetadata, appIds: new Set(t.appIds),
    },
    actions: t.actions,
  };
}

export function encodeIntent(intent: CommitIntent): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(intent));
}

export function decodeIntent(bytes: Uint8Array): CommitIntent {
  try {
    const v = JSON.parse(new TextDecoder().decode(bytes)) as CommitIntent;
    if (typeof v.id !== 'string' || !Array.isArray(v.tables)) throw new Error('not an intent record');
    return v;
  } catch (e) {
    throw new SqlError(SqlState.dataCorrupted, 'unreadable transaction intent record', { cause: e });
  }
}
