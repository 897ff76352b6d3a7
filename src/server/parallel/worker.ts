/**
 * An execution worker (see worker-pool.ts): its own table storage, whose column cache holds the files dealt
 * to it, and the function registry, answering tasks as they come. A task's errors go back with their
 * SQLSTATE; a cancellation makes the task's next cancellation check fail with 57014.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SqlError, SqlState } from '../../common/index.ts';
import { runAggregateTask } from '../../exec/index.ts';
import { createFunctionRegistry } from '../../functions/index.ts';
import { createTableStorage } from '../../storage/index.ts';
import type { WorkerOptions, WorkerReply, WorkerRequest } from './worker-pool.ts';

const options = workerData as WorkerOptions;
const storage = createTableStorage({ cacheBytes: options.cacheBytes });
const functions = createFunctionRegistry();
const cancelled = new Set<number>();

parentPort!.on('message', (m: WorkerRequest) => {
  if ('cancel' in m) { cancelled.add(m.cancel); return; }
  const { id, task } = m;
  const checkCancel = () => {
    if (cancelled.has(id)) throw new SqlError(SqlState.queryCanceled, 'canceling statement due to user request');
  };
  runAggregateTask(task, storage, functions, checkCancel).then(({ result, transfer }) => {
    parentPort!.postMessage({ id, result } satisfies WorkerReply, transfer);
  }, (e: unknown) => {
    const error = e instanceof SqlError
      ? { code: e.code, message: e.message, fields: { detail: e.detail, hint: e.hint, severity: e.severity, where: e.where, schema: e.schema, table: e.table, column: e.column, dataType: e.dataType, constraint: e.constraint } }
      : { message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage({ id, error } satisfies WorkerReply);
  }).finally(() => cancelled.delete(id));
});
