/**
 * Copy-in mode ("COPY Operations" in the protocol docs): after CopyInResponse the client sends CopyData
 * messages, then CopyDone (success) or CopyFail (abort). Flush and Sync are ignored while it lasts (a client
 * that ran COPY through the extended protocol may have pipelined a Sync after its Execute); anything else is
 * a protocol error that ends the COPY, as in PostgreSQL's CopyGetData.
 *
 * The messages are taken from the connection's queue by the running statement itself: the connection's
 * message loop is awaiting that statement, so nothing else reads the queue meanwhile.
 */
import { SqlError, SqlState } from '../common/index.ts';
import type { Frame } from './buffer-reader.ts';
import { parseCopyData, parseCopyFail, parseEmpty } from './frontend-messages.ts';
import { FrontendCode } from './message-codes.ts';
import { protocolError } from './wire-errors.ts';

/** The connection's next frontend message; rejects when the client is gone or its input is broken. */
export type TakeFrame = () => Promise<Frame>;

export async function* copyInData(take: TakeFrame): AsyncGenerator<Uint8Array> {
  for (;;) {
    const f = await take();
    switch (f.code) {
      case FrontendCode.CopyData:
        yield parseCopyData(f.body).data;
        break;
      case FrontendCode.CopyDone:
        parseEmpty(f.body);
        return;
      case FrontendCode.CopyFail:
        throw new SqlError(SqlState.queryCanceled, `COPY from stdin failed: ${parseCopyFail(f.body).message}`);
      case FrontendCode.Flush:
      case FrontendCode.Sync:
        break;
      default:
        throw protocolError(`unexpected message type 0x${f.code.toString(16).toUpperCase().padStart(2, '0')} during COPY from stdin`);
    }
  }
}
