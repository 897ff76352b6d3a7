/** The worker side of encode-pool.ts: Arrow IPC streams in, Parquet bytes out, in the order they came. */
import { parentPort } from 'node:worker_threads';
import { encodeParquet } from './writer.ts';

parentPort!.on('message', (job: { ipc: Uint8Array; rowGroupRows: number; plain: readonly string[] }) => {
  try {
    const bytes = encodeParquet(job.ipc, job.rowGroupRows, job.plain);
    parentPort!.postMessage({ bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
