/**
 * A worker's side of a parallel operator: decode the task's fragment, run it over the worker's own storage
 * (whose column cache keeps the files this worker is dealt), and return the partial result with the buffers
 * to transfer.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { AggregateNode, FunctionResolver, LogicalPlan, SessionInfo } from '../../plan/index.ts';
import type { TableStorage } from '../../storage/index.ts';
import type { ExecContext, NodeProfile } from '../context.ts';
import { executePlan } from '../execute.ts';
import { AggregateTable } from '../operators/aggregate/hash-aggregate.ts';
import type { AggregateTask, AggregateTaskResult } from './contract.ts';
import { decodeFragment, fragmentNodes } from './fragment.ts';
import { decodeValue, transferList } from './transfer.ts';

const noSession = (what: string) => (): never => {
  throw new SqlError(SqlState.internalError, `${what} is not available in a worker thread`);
};

export async function runAggregateTask(task: AggregateTask, storage: TableStorage, functions: FunctionResolver,
  checkCancel: () => void): Promise<{ result: AggregateTaskResult; transfer: ArrayBuffer[] }> {
  const node = decodeFragment(task.plan, functions) as AggregateNode;
  const env = task.env;
  const session: SessionInfo = {
    user: env.user, database: env.database, backendPid: env.backendPid,
    setting: (name) => env.settings[name] ?? Object.entries(env.settings).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1],
    searchPath: () => env.searchPath,
    random: noSession('random()'),
    setSeed: noSession('setseed()'),
  };
  const profile = task.profile ? new Map<LogicalPlan, NodeProfile>() : undefined;
  const ctx: ExecContext = {
    storage, params: env.params.map(decodeValue), batchSize: env.batchSize, textOptions: env.textOptions,
    timeZone: env.timeZone, transactionStart: env.transactionStart, statementStart: env.statementStart, session, checkCancel,
    ...(profile === undefined ? {} : { profile }),
  };
  const table = new AggregateTable(node);
  for await (const b of executePlan(node.input, ctx, true)) {
    checkCancel();
    await table.consume(b, ctx);
  }
  const partial = table.partial();
  const result: AggregateTaskResult = profile === undefined ? { partial } : { partial, profile: fragmentNodes(node.input).map((n) => profile.get(n)) };
  return { result, transfer: transferList(partial) };
}
