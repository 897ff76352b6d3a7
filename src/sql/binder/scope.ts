/**
 * Name resolution: which relation and column a name refers to. A Scope lists the relations visible in one
 * query level (FROM items) with the position of each column in that level's input row; `parent` is the
 * enclosing query, for correlated references.
 */
import { SqlError, SqlState, type SqlType } from '../../common/index.ts';

export interface ScopeColumn {
  readonly name: string;
  readonly type: SqlType;
  /** Position in the row of the operator this scope describes. */
  readonly index: number;
  readonly tableOid: number;
  readonly attr: number;
}

export interface ScopeRelation {
  /** The name the relation is referred to by (alias, or table name). Empty for unnamed subqueries/joins. */
  readonly alias: string;
  readonly schemaName: string | undefined;
  readonly columns: readonly ScopeColumn[];
  /**
   * OID of the table or view when it is referenced by its own name without an alias. Two such references to
   * different relations may share a name (`FROM public.t, other.t`); anything else may not.
   */
  readonly plainRelationOid?: number;
}

export interface Resolved {
  readonly column: ScopeColumn;
  /** 0: this query level; 1: the enclosing query; … */
  readonly depth: number;
}

export class Scope {
  /** Columns merged by JOIN USING / NATURAL: an unqualified name resolves here first, and only once. */
  readonly merged = new Map<string, ScopeColumn>();
  /** Names hidden from `*` because USING already shows them. */
  readonly hiddenFromStar = new Set<ScopeColumn>();
  /** Outer columns referenced from this level (set by resolve when depth ≥ 1). */
  usesOuter = false;
  /**
   * The environment in which this query level's aggregates are bound (set while its SELECT list, HAVING and
   * ORDER BY are bound): an aggregate in a subquery whose arguments read only this level's columns belongs here.
   */
  aggregateEnv: unknown = undefined;

  constructor(readonly relations: ScopeRelation[], readonly parent: Scope | undefined) {}

  get width(): number {
    let w = 0;
    for (const r of this.relations) for (const c of r.columns) w = Math.max(w, c.index + 1);
    return w;
  }

  /**
   * Resolve `[rel.]col` (optionally `schema.rel.col`). Throws 42703 (no such column), 42702 (ambiguous) or
   * 42P01 (missing FROM-clause entry for table).
   */
  resolve(parts: readonly string[], position: number | undefined): Resolved {
    for (let depth = 0, s: Scope | undefined = this; s !== undefined; depth++, s = s.parent) {
      const hit = s.lookup(parts, position);
      if (hit !== undefined) {
        if (depth > 0) {
          // Every level between here and the owner of the column is correlated.
          for (let t: Scope | undefined = this, d = 0; t !== undefined && d < depth; d++, t = t.parent) t.usesOuter = true;
        }
        return { column: hit, depth };
      }
    }
    const colName = parts[parts.length - 1]!;
    if (parts.length === 1) {
      throw new SqlError(SqlState.undefinedColumn, `column "${colName}" does not exist`, { position });
    }
    const relName = parts[parts.length - 2]!;
    if (!this.hasRelationAnywhere(relName)) {
      throw new SqlError(SqlState.undefinedTable, `missing FROM-clause entry for table "${relName}"`, { position });
    }
    throw new SqlError(SqlState.undefinedColumn, `column ${relName}.${colName} does not exist`, { position });
  }

  private hasRelationAnywhere(name: string): boolean {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      if (s.relations.some((r) => r.alias === name)) return true;
    }
    return false;
  }

  /** Look up in this level only. */
  lookup(parts: readonly string[], position: number | undefined): ScopeColumn | undefined {
    const colName = parts[parts.length - 1]!;
    if (parts.length === 1) {
      const merged = this.merged.get(colName);
      if (merged !== undefined) return merged;
      let found: ScopeColumn | undefined;
      for (const r of this.relations) {
        for (const c of r.columns) {
          if (c.name !== colName) continue;
          if (found !== undefined && found !== c) {
            throw new SqlError(SqlState.ambiguousColumn, `column reference "${colName}" is ambiguous`, { position });
          }
          found = c;
        }
      }
      return found;
    }
    const relName = parts[parts.length - 2]!;
    const schemaName = parts.length >= 3 ? parts[parts.length - 3] : undefined;
    const rels = this.relations.filter((r) => r.alias === relName && (schemaName === undefined || r.schemaName === schemaName));
    if (rels.length > 1) {
      throw new SqlError(SqlState.ambiguousAlias, `table reference "${relName}" is ambiguous`, { position });
    }
    const rel = rels[0];
    if (rel === undefined) return undefined;
    const cols = rel.columns.filter((c) => c.name === colName);
    if (cols.length > 1) {
      throw new SqlError(SqlState.ambiguousColumn, `column reference "${colName}" is ambiguous`, { position });
    }
    if (cols[0] === undefined) {
      throw new SqlError(SqlState.undefinedColumn, `column ${relName}.${colName} does not exist`, { position });
    }
    return cols[0];
  }

  /** Columns for `*` (all relations) or `rel.*`. */
  star(relName: string | undefined, position: number | undefined): ScopeColumn[] {
    if (relName === undefined) {
      const out: ScopeColumn[] = [...this.merged.values()];
      for (const r of this.relations) for (const c of r.columns) if (!this.hiddenFromStar.has(c)) out.push(c);
      return out;
    }
    const rel = this.relations.find((r) => r.alias === relName);
    if (rel === undefined) {
      throw new SqlError(SqlState.undefinedTable, `missing FROM-clause entry for table "${relName}"`, { position });
    }
    return [...rel.columns];
  }
}
