/**
 * How long each frontend message may be, by type byte (PostgreSQL 16's SocketBackend limits). Messages
 * that carry SQL or data may be large; the others are a few names and numbers, so a huge length word on
 * them is garbage or an attack and is refused before the body is buffered. A type byte that is not a
 * frontend message at all is refused the same way.
 */
import type { LengthLimit } from './buffer-reader.ts';
import { FrontendCode } from './message-codes.ts';

/** PostgreSQL's PQ_SMALL_MESSAGE_LIMIT and PG_MAX_AUTH_TOKEN_LENGTH (bodies; the length word adds 4). */
const SMALL = 10000 + 4;
const AUTH_TOKEN = 65535 + 4;

/**
 * @param maxMessageSize bound for the large messages (Query, Parse, Bind, FunctionCall, CopyData)
 * @param authenticating whether authentication messages ('p') are still expected. Until authentication is
 *   over every message is held to the authentication token size, so an unauthenticated client cannot make
 *   the server buffer large messages (PostgreSQL reads nothing but 'p' then; a small Query pipelined right
 *   after a StartupMessage still works).
 */
export function frontendLengthLimit(maxMessageSize: number, authenticating: () => boolean): LengthLimit {
  return (code) => {
    switch (code) {
      case FrontendCode.Query: case FrontendCode.Parse: case FrontendCode.Bind:
      case FrontendCode.FunctionCall: case FrontendCode.CopyData:
        return authenticating() ? Math.min(AUTH_TOKEN, maxMessageSize) : maxMessageSize;
      case FrontendCode.Close: case FrontendCode.Describe: case FrontendCode.Execute: case FrontendCode.Flush:
      case FrontendCode.Sync: case FrontendCode.Terminate: case FrontendCode.CopyDone: case FrontendCode.CopyFail:
        return SMALL;
      case FrontendCode.Password:
        return authenticating() ? AUTH_TOKEN : undefined;
      default:
        return undefined;
    }
  };
}
