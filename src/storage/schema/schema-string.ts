/** A table schema as Delta's `metaData.schemaString`: Spark's StructType JSON. */
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import type { SqlType } from '../../common/index.ts';
import { BASIN_TYPE, BASIN_TYPMOD, deltaToSqlType, SPARK_CHAR_VARCHAR, sqlTypeToDelta, type DeltaType } from './delta-type.ts';

export interface DeltaStructField {
  readonly name: string;
  readonly type: DeltaType;
  readonly nullable: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Field metadata keys that encode the column's type (recomputed from the type on every write). */
const TYPE_KEYS = new Set([BASIN_TYPE, BASIN_TYPMOD, SPARK_CHAR_VARCHAR]);

export function columnToDeltaField(c: ColumnSchema): DeltaStructField {
  const { type, metadata } = sqlTypeToDelta(c.type);
  const kept = Object.entries(c.metadata ?? {}).filter(([k]) => !TYPE_KEYS.has(k));
  return { name: c.name, type, nullable: c.nullable, metadata: kept.length === 0 ? metadata : { ...Object.fromEntries(kept), ...metadata } };
}

/** A field's metadata other than its type's keys, as ColumnSchema.metadata keeps it (undefined when empty). */
function columnMetadata(md: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined {
  const kept = Object.entries(md).filter(([k]) => !TYPE_KEYS.has(k));
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

export function schemaToSchemaString(columns: readonly ColumnSchema[]): string {
  return JSON.stringify({ type: 'struct', fields: columns.map(columnToDeltaField) });
}

/** Parse a schemaString into Delta fields (kept for their metadata) and Basin columns. */
export function parseSchemaString(schemaString: string): { fields: DeltaStructField[]; columns: ColumnSchema[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(schemaString);
  } catch (e) {
    throw new SqlError(SqlState.dataCorrupted, 'invalid Delta schemaString', { cause: e });
  }
  const struct = parsed as { type?: unknown; fields?: unknown };
  if (struct.type !== 'struct' || !Array.isArray(struct.fields)) {
    throw new SqlError(SqlState.dataCorrupted, 'invalid Delta schemaString: not a struct');
  }
  const fields = struct.fields.map((f: Record<string, unknown>): DeltaStructField => ({
    name: String(f.name),
    type: f.type as DeltaType,
    nullable: f.nullable !== false,
    metadata: (f.metadata ?? {}) as Record<string, unknown>,
  }));
  const columns = fields.map((f): ColumnSchema => {
    const metadata = columnMetadata(f.metadata);
    return { name: f.name, type: sqlTypeOfField(f), nullable: f.nullable, ...(metadata === undefined ? {} : { metadata }) };
  });
  return { fields, columns };
}

/** A field's SQL type; a Delta type Basin cannot map is 0A000 naming the column (tables other engines wrote). */
function sqlTypeOfField(f: DeltaStructField): SqlType {
  try {
    return deltaToSqlType(f);
  } catch (e) {
    if (!(e instanceof SqlError) || e.code !== SqlState.featureNotSupported) throw e;
    const type = typeof f.type === 'string' ? f.type : JSON.stringify(f.type);
    throw new SqlError(SqlState.featureNotSupported, `column "${f.name}" has Delta type ${type}, which Basin cannot read yet`, { cause: e });
  }
}
