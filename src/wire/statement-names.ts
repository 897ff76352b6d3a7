/**
 * The connection's prepared statements by name: one namespace for Parse/Close and the engine's SQL PREPARE
 * and DEALLOCATE, as in PostgreSQL. The unnamed statement lives here too, but only the protocol sees it.
 */
import { SqlError, SqlState } from '../common/index.ts';
import type { PreparedStatement, PreparedStatements } from './engine.ts';

export class StatementNames implements PreparedStatements {
  private readonly byName = new Map<string, PreparedStatement>();

  get(name: string): PreparedStatement | undefined {
    return this.byName.get(name);
  }

  add(name: string, stmt: PreparedStatement): void {
    if (name !== '' && this.byName.has(name)) {
      throw new SqlError(SqlState.duplicatePreparedStatement, `prepared statement "${name}" already exists`);
    }
    this.byName.set(name, stmt);
  }

  delete(name: string): boolean {
    return this.byName.delete(name);
  }

  clear(): void {
    for (const name of [...this.byName.keys()]) if (name !== '') this.byName.delete(name);
  }

  /** Every statement, the unnamed one included (the connection is closing). */
  clearAll(): void {
    this.byName.clear();
  }

  *entries(): Iterable<readonly [string, PreparedStatement]> {
    for (const e of this.byName) if (e[0] !== '') yield e;
  }
}
