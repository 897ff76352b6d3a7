/**
 * What a statement handler gets: the session's view of the catalog, its transaction, and helpers to bind and
 * plan queries. Handlers return an Outcome: result fields (or null), the rows (streamed), and the command tag.
 */
import type { WorkerPool } from '../parallel/worker-pool.ts';
import type { AdvisoryLockTable } from '../advisory-locks.ts';
import type { Batch } from '../../common/index.ts';
import type { Catalog, CatalogView, SessionActivity } from '../../catalog/index.ts';
import type { ExecContext, MemoryPool } from '../../exec/index.ts';
import type { BindContext, FunctionResolver } from '../../plan/index.ts';
import type { TableStorage, TempSpace } from '../../storage/index.ts';
import type { Field, ResultSink } from '../../wire/index.ts';
import type { ParsedStatement } from '../../sql/index.ts';
import type { Transaction } from './transaction.ts';
import type { NotificationHub } from './notifications.ts';
import type { SqlType } from '../../common/index.ts';

export interface Outcome {
  readonly fields: readonly Field[] | null;
  /** Rows, pulled lazily (a portal may stop early). Absent for commands. */
  readonly rows?: AsyncGenerator<Batch>;
  /** The rows go out in binary even in the simple protocol (FETCH from a BINARY cursor). */
  readonly binary?: boolean;
  /** Command tag once done; `rows` is the number of rows produced or affected. */
  tag(rows: number): string;
}

/** The part of a ResultSink that statements use themselves (rows go through their Outcome instead). */
export type StatementSink = Pick<ResultSink, 'notice' | 'parameterStatus' | 'copyIn' | 'copyOut'>;

export const commandOutcome = (tag: string): Outcome => ({ fields: null, tag: () => tag });

export interface ServerServices {
  readonly storage: TableStorage;
  readonly catalog: Catalog;
  readonly functions: FunctionResolver;
  readonly dataDir: string;
  /** The server's advisory locks (pg_advisory_lock and friends, pg_locks). */
  readonly advisoryLocks: AdvisoryLockTable;
  /** LISTEN / NOTIFY's channels across the server's sessions. */
  readonly notifications: NotificationHub;
  /** The server's directory for spill files (operators that exceed work_mem). */
  readonly tempSpace: TempSpace;
  /** The values the server started with of the server-scope settings. */
  readonly serverSettings: ReadonlyMap<string, string>;
  /** What the operators of all sessions hold together, up to memory_limit. */
  readonly memory: MemoryPool;
  /** Execution workers for parallel operators; absent: every query runs on the session's thread. */
  readonly workers?: WorkerPool;
  /** Databases with open sessions (DROP DATABASE refuses those unless FORCE). */
  sessionsIn(database: string): number;
  /** Every open session, as pg_stat_activity shows them. */
  activity(): readonly SessionActivity[];
  /** Terminate the other sessions of a database (DROP DATABASE … WITH (FORCE)). */
  terminateSessionsIn(database: string, except: number): Promise<void>;
  log(level: 'error' | 'warn' | 'info' | 'debug', message: string): void;
}

export interface StatementContext {
  readonly services: ServerServices;
  readonly view: CatalogView;
  readonly tx: Transaction;
  readonly database: string;
  readonly user: string;
  readonly backendPid: number;
  /** The full query string that AST locations point into. */
  readonly sql: string;
  /** This statement's own text. */
  readonly text: string;
  /** Time-travel clauses of the statement (Databricks syntax), by table reference location. */
  readonly timeTravel?: ParsedStatement['timeTravel'];
  /** MERGE's `UPDATE SET *` / `INSERT *` clauses (Databricks syntax). */
  readonly mergeStar?: ParsedStatement['mergeStar'];
  readonly mergeEvolution?: ParsedStatement['mergeEvolution'];
  readonly bindContext: BindContext;
  /** Parameter types ($1 at index 0), inferred or given. */
  readonly paramTypes: (SqlType | undefined)[];
  readonly fixedParams: boolean;
  /** Builds the executor context (parameter values, cancellation, settings). */
  execContext(): ExecContext;
  /** Where NOTICEs and ParameterStatus go, and COPY FROM STDIN / TO STDOUT data comes from and goes to. */
  readonly sink: StatementSink;
  /** Schema new objects are created in (first existing schema of search_path), or undefined. */
  creationSchema(): string | undefined;
  setting(name: string): string;
  /**
   * SET (undefined: RESET). Inside a transaction block the change is undone if the block rolls back; `local`
   * (SET LOCAL) undoes it when the block ends either way, and outside a block only warns.
   */
  setSetting(name: string, value: string | undefined, local?: boolean): void;
}
