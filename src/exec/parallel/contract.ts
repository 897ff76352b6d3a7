/**
 * What the executor needs of a worker pool to split an operator's work (the server provides it: workers are
 * threads running its entry point). A parallel operator has `threads` participants: this thread and
 * `threads - 1` workers. Data files are dealt to participants by their position in the table's snapshot, so
 * a file is always read by the same participant and stays decoded in that thread's column cache.
 */
import type { TextOptions } from '../../common/index.ts';
import type { CallExpr, FunctionResolver } from '../../plan/index.ts';
import type { NodeProfile } from '../context.ts';
import type { PartialAggregate } from '../operators/aggregate/hash-aggregate.ts';

export interface Parallelism {
  /** Participants in a parallel operator, this thread included (1: nothing is split). */
  readonly threads: number;
  /** Fewest rows (by the files' statistics) a scan must have for its operator to be split. */
  readonly minRows: number;
  /** The functions workers resolve calls with; a call runs there only when `threadSafe` says so. */
  readonly functions: FunctionResolver;
  threadSafe(call: CallExpr): boolean;
  /** Run `task` on worker `worker` (0 ≤ worker < threads - 1). `signal` aborts it (the promise then rejects). */
  run(worker: number, task: AggregateTask, signal: AbortSignal): Promise<AggregateTaskResult>;
}

/** The statement facts a worker evaluates expressions with (see EvalContext). */
export interface TaskEnvironment {
  readonly timeZone: string;
  readonly transactionStart: number;
  readonly statementStart: number;
  readonly textOptions: TextOptions;
  readonly batchSize: number;
  readonly user: string;
  readonly database: string;
  readonly backendPid: number;
  readonly searchPath: readonly string[];
  /** The settings functions may read (SHOW values). */
  readonly settings: Readonly<Record<string, string>>;
  /** $1..$n, encoded (transfer.ts). */
  readonly params: readonly unknown[];
}

/** A partial aggregation over a worker's share of a scan: an encoded AggregateNode (fragment.ts). */
export interface AggregateTask {
  readonly kind: 'aggregate';
  readonly plan: unknown;
  readonly env: TaskEnvironment;
  /** Whether to return the fragment's per-node profile (EXPLAIN ANALYZE). */
  readonly profile: boolean;
}

export interface AggregateTaskResult {
  readonly partial: PartialAggregate;
  /** The input's nodes' profiles in pre-order (see fragment.ts preorder), when asked. */
  readonly profile?: readonly (NodeProfile | undefined)[];
}
