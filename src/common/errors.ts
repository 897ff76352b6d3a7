import { SqlState, type SqlStateCode } from './sqlstate.ts';

export type Severity = 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';

export interface SqlErrorFields {
  detail?: string;
  hint?: string;
  /** 1-based character position into the statement text, as PostgreSQL reports it. */
  position?: number;
  severity?: Severity;
  /**
   * PostgreSQL's CONTEXT line (the ErrorResponse 'W' field): where in the input the error arose, e.g.
   * `COPY t, line 2, column a: "x"`.
   */
  where?: string;
  /**
   * The object an integrity error is about (the ErrorResponse fields s, t, c, d and n): 23505 names the schema,
   * table and constraint, as PostgreSQL does.
   */
  schema?: string;
  table?: string;
  column?: string;
  dataType?: string;
  constraint?: string;
  /** Where an internal error came from; logged, not sent. */
  cause?: unknown;
}

/**
 * The one error type that ends a statement. Everything a user can cause is thrown as a SqlError with the
 * SQLSTATE PostgreSQL would use; anything else reaching the session is an internal error (XX000) and logged.
 */
export class SqlError extends Error {
  readonly code: SqlStateCode;
  readonly detail: string | undefined;
  readonly hint: string | undefined;
  position: number | undefined;
  readonly severity: Severity;
  readonly where: string | undefined;
  readonly schema: string | undefined;
  readonly table: string | undefined;
  readonly column: string | undefined;
  readonly dataType: string | undefined;
  readonly constraint: string | undefined;

  constructor(code: SqlStateCode, message: string, fields: SqlErrorFields = {}) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.name = 'SqlError';
    this.code = code;
    this.detail = fields.detail;
    this.hint = fields.hint;
    this.position = fields.position;
    this.severity = fields.severity ?? 'ERROR';
    this.where = fields.where;
    this.schema = fields.schema;
    this.table = fields.table;
    this.column = fields.column;
    this.dataType = fields.dataType;
    this.constraint = fields.constraint;
  }

  /** The fields other than the code and message, to build a changed copy of the error. */
  fields(): SqlErrorFields {
    const f: SqlErrorFields = { severity: this.severity };
    for (const k of ['detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'dataType', 'constraint'] as const) {
      if (this[k] !== undefined) (f as Record<string, unknown>)[k] = this[k];
    }
    return f;
  }

  /** Attach a position if none is set yet (the innermost, most precise position wins). */
  at(position: number | undefined): this {
    if (this.position === undefined && position !== undefined && position >= 0) this.position = position;
    return this;
  }
}

/** Turn anything thrown into a SqlError; non-SqlErrors become XX000 (the caller logs them). */
export function toSqlError(err: unknown): SqlError {
  if (err instanceof SqlError) return err;
  if (err instanceof RangeError && /Maximum call stack/.test(err.message)) {
    return new SqlError(SqlState.statementTooComplex, 'stack depth limit exceeded', { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SqlError(SqlState.internalError, message, { cause: err });
}

export const isInternal = (e: SqlError): boolean => e.code === SqlState.internalError;
