/**
 * Delta column mapping, name mode (PROTOCOL.md "Column Mapping"): each column has a stable id and a physical
 * name in its field metadata, data files and statistics use the physical name, and the schema's (logical)
 * name is free to change. So RENAME COLUMN and DROP COLUMN change only the schema, and a column added later
 * under a dropped column's name never sees that column's old data.
 *
 * Basin turns name mode on for a table the first time a column is renamed or dropped. Its existing columns
 * then get physical names equal to their current names (what the data files already use), as Delta allows
 * for upgraded tables; columns added afterwards get fresh `col-<uuid>` names. Id mode (matching Parquet field
 * ids) is not implemented: such tables are refused by the protocol check.
 */
import { randomUUID } from 'node:crypto';
import type { ColumnSchema } from '../contract.ts';

export const COLUMN_MAPPING_MODE = 'delta.columnMapping.mode';
export const COLUMN_MAPPING_MAX_ID = 'delta.columnMapping.maxColumnId';
export const PHYSICAL_NAME = 'delta.columnMapping.physicalName';
export const COLUMN_ID = 'delta.columnMapping.id';

/** 'none', 'name' or 'id' (a table property; absent is 'none'). */
export const columnMappingMode = (properties: Readonly<Record<string, string>>): string =>
  properties[COLUMN_MAPPING_MODE] ?? 'none';

/** The name a column has in data files, statistics and partition values. */
export function physicalName(c: Pick<ColumnSchema, 'name' | 'metadata'>): string {
  const p = c.metadata?.[PHYSICAL_NAME];
  return typeof p === 'string' && p !== '' ? p : c.name;
}

/**
 * A schema change under column mapping: columns that have no physical name yet get one, and an id. When the
 * change turns name mode on, they are the table's existing columns and keep their names as physical names;
 * in a table already in name mode they are new columns and get fresh names. Returns the schema and the
 * properties (with the new maximum column id), unchanged when the table does not map columns.
 */
export function mapColumns(schema: readonly ColumnSchema[], properties: Readonly<Record<string, string>>, wasMapped: boolean):
  { schema: ColumnSchema[]; properties: Readonly<Record<string, string>> } {
  if (columnMappingMode(properties) !== 'name') return { schema: [...schema], properties };
  let maxId = Number(properties[COLUMN_MAPPING_MAX_ID] ?? 0);
  for (const c of schema) {
    const id = Number(c.metadata?.[COLUMN_ID]);
    if (Number.isSafeInteger(id)) maxId = Math.max(maxId, id);
  }
  const mapped = schema.map((c): ColumnSchema => {
    if (typeof c.metadata?.[PHYSICAL_NAME] === 'string') return c;
    const metadata = { ...c.metadata, [COLUMN_ID]: ++maxId, [PHYSICAL_NAME]: wasMapped ? `col-${randomUUID()}` : c.name };
    return { ...c, metadata };
  });
  return { schema: mapped, properties: { ...properties, [COLUMN_MAPPING_MAX_ID]: String(maxId) } };
}
