/**
 * The few errors the protocol layer itself raises. A FATAL error ends the connection after it is sent (the
 * byte stream can no longer be trusted, or the client may not go on); an ERROR only ends the current
 * statement or extended-protocol batch, as in PostgreSQL.
 */
import { SqlError, SqlState, type Severity, type SqlStateCode } from '../common/index.ts';

/** Malformed input: the connection is closed after this is sent. */
export const protocolViolation = (message: string): SqlError =>
  new SqlError(SqlState.protocolViolation, message, { severity: 'FATAL' });

/** A well-framed message whose content is wrong (e.g. Bind with a wrong parameter count): PostgreSQL's ERROR. */
export const protocolError = (message: string): SqlError => new SqlError(SqlState.protocolViolation, message);

export const fatal = (code: SqlStateCode, message: string): SqlError =>
  new SqlError(code, message, { severity: 'FATAL' });

export const isFatal = (e: SqlError): boolean => e.severity === 'FATAL' || e.severity === 'PANIC';

/** The same error with another severity (e.g. an engine's ERROR raised during startup must go out as FATAL). */
export function withSeverity(e: SqlError, severity: Severity): SqlError {
  if (e.severity === severity) return e;
  return new SqlError(e.code, e.message, { ...e.fields(), severity });
}
