/**
 * The ResultSink handed to the engine for one statement execution. It writes straight into the
 * connection's output: RowDescription (simple protocol only: in the extended protocol Describe sends it),
 * DataRows in the formats chosen for this execution, CommandComplete, notices and ParameterStatus, and the
 * COPY sub-protocol's messages (reading CopyData from the connection's queue through `take`).
 */
import type { Batch, SqlError } from '../common/index.ts';
import { copyInData, type TakeFrame } from './copy-in.ts';
import { encodeDataRows } from './data-rows.ts';
import type { CopyFormat, CopyOutStream, EngineSession, Field, ResultSink } from './engine.ts';
import { BackendCode } from './message-codes.ts';
import type { SocketOutput } from './socket-output.ts';

export class WireSink implements ResultSink {
  /**
   * @param formats per-column format codes; null = all text (the simple protocol)
   * @param extended true for a portal's Execute, where RowDescription is not part of the output
   */
  constructor(
    private readonly out: SocketOutput,
    private readonly session: EngineSession,
    private formats: readonly number[] | null,
    private readonly extended: boolean,
    private readonly take: TakeFrame,
  ) {}

  rowDescription(fields: readonly Field[], binary = false): void {
    if (this.extended) return;
    // The simple protocol sends text, except the rows of a BINARY cursor: each statement says which.
    this.formats = binary ? fields.map(() => 1) : null;
    this.out.writer.rowDescription(fields, this.formats);
  }

  rows(batch: Batch, start = 0, end = batch.length): Promise<void> {
    if (this.out.closed) return this.out.room(); // rejects: stop producing for a client that is gone
    // Options are read per batch: a SET earlier in the same query string may have changed them.
    encodeDataRows(this.out.writer, batch, start, end, this.formats, this.session.textOptions());
    return this.out.room();
  }

  commandComplete(tag: string): void {
    this.out.writer.commandComplete(tag);
  }

  notice(notice: SqlError): void {
    if (!this.session.sendsNotice(notice.severity)) return;
    this.out.writer.noticeResponse(notice);
  }

  parameterStatus(name: string, value: string): void {
    this.out.writer.parameterStatus(name, value);
  }

  emptyQuery(): void {
    this.out.writer.emptyQueryResponse();
  }

  copyIn(format: CopyFormat): AsyncIterable<Uint8Array> {
    this.out.writer.copyResponse(BackendCode.CopyInResponse, format.binary, format.columns);
    this.out.flush(); // the client sends nothing until it has seen this
    return copyInData(this.take);
  }

  copyOut(format: CopyFormat): CopyOutStream {
    const out = this.out;
    out.writer.copyResponse(BackendCode.CopyOutResponse, format.binary, format.columns);
    return {
      data: (data) => out.writer.copyData(data),
      room: () => out.room(),
      done: () => out.writer.copyDone(),
    };
  }
}
