/**
 * Delta log actions (PROTOCOL.md "Actions") as Basin reads and writes them. A commit file is
 * newline-delimited JSON, one action per line, each line an object with a single key naming the action.
 * Fields Basin does not interpret are kept on read (the index signatures) so that they can be carried over.
 */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';

export interface ProtocolAction {
  readonly minReaderVersion: number;
  readonly minWriterVersion: number;
  /** Only with minReaderVersion 3. */
  readonly readerFeatures?: readonly string[];
  /** Only with minWriterVersion 7. */
  readonly writerFeatures?: readonly string[];
}

export interface MetadataAction {
  readonly id: string;
  readonly name?: string | null;
  readonly description?: string | null;
  readonly format: { readonly provider: string; readonly options: Readonly<Record<string, string>> };
  readonly schemaString: string;
  readonly partitionColumns: readonly string[];
  readonly configuration: Readonly<Record<string, string>>;
  readonly createdTime?: number | null;
}

export interface AddAction {
  readonly path: string;
  readonly partitionValues: Readonly<Record<string, string | null>>;
  readonly size: number;
  readonly modificationTime: number;
  readonly dataChange: boolean;
  readonly stats?: string | null;
  readonly tags?: Readonly<Record<string, string>> | null;
  readonly deletionVector?: unknown;
  readonly [k: string]: unknown;
}

export interface RemoveAction {
  readonly path: string;
  readonly deletionTimestamp?: number;
  readonly dataChange: boolean;
  readonly extendedFileMetadata?: boolean;
  readonly partitionValues?: Readonly<Record<string, string | null>>;
  readonly size?: number;
  readonly [k: string]: unknown;
}

export interface CommitInfoAction {
  readonly timestamp: number;
  readonly operation: string;
  readonly operationParameters: Readonly<Record<string, string>>;
  readonly readVersion?: number;
  readonly isBlindAppend?: boolean;
  readonly engineInfo?: string;
  readonly txnId?: string;
  readonly userName?: string;
  readonly [k: string]: unknown;
}

/** A change data file (PROTOCOL.md "Add CDC File"): rows changed by the commit, with their `_change_type`. */
export interface CdcAction {
  readonly path: string;
  readonly partitionValues: Readonly<Record<string, string | null>>;
  readonly size: number;
  /** Always false: change data files do not change the table's data. */
  readonly dataChange: false;
  readonly tags?: Readonly<Record<string, string>> | null;
}

export interface TxnAction {
  readonly appId: string;
  readonly version: number;
  readonly lastUpdated?: number;
}

export type Action =
  | { readonly protocol: ProtocolAction }
  | { readonly metaData: MetadataAction }
  | { readonly add: AddAction }
  | { readonly remove: RemoveAction }
  | { readonly commitInfo: CommitInfoAction }
  | { readonly cdc: CdcAction }
  | { readonly txn: TxnAction };

export const ENGINE_INFO = 'Basin/0.1.0';

/** The bytes of a commit file. The order follows Spark's: commitInfo first, then protocol, metaData, files. */
export function serializeCommit(actions: readonly Action[]): Uint8Array {
  return new TextEncoder().encode(actions.map((a) => JSON.stringify(a)).join('\n') + '\n');
}

/**
 * Parse a commit file. Actions that replay does not use (cdc, domainMetadata, checkpointMetadata, ...) are
 * returned as they are and ignored by replay (cdc is read by the change data feed, delta/change-feed.ts); the protocol check decides whether ignoring them is allowed.
 */
export function parseCommit(bytes: Uint8Array, version: number): Record<string, unknown>[] {
  const text = new TextDecoder().decode(bytes);
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch (e) {
      throw new SqlError(SqlState.dataCorrupted, `Delta log commit ${version} is not valid JSON`, { cause: e });
    }
  }
  return out;
}
