/**
 * Writes to a partitioned Delta table (one another engine created: Basin creates unpartitioned tables). As
 * Spark does it: rows are grouped by their partition columns' values, each group's files go to a Hive-style
 * directory (`region=eu/year=2024/`) and leave the partition columns out (readers take them from the add
 * action's partitionValues, PROTOCOL.md "Partition Value Serialization"). The add path is a URI: the
 * directory's own %-escapes are escaped again, as Hadoop's Path does.
 */
import { Decimal, takeBatch, type Batch, type ColumnSchema, type DataFile, type SqlType, type Vector } from '../../common/index.ts';
import { getValue } from '../../common/index.ts';
import { SqlError, SqlState } from '../../common/index.ts';
import { physicalName } from '../schema/column-mapping.ts';

/** Where one partition's files go: the object key prefix, the same prefix as written in the log, the values. */
export interface PartitionDir {
  readonly key: string;
  readonly logPath: string;
  readonly values: Readonly<Record<string, string | null>>;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` of µs since the epoch (UTC). */
function timestampText(us: number): string {
  const ms = Math.floor(us / 1000);
  const d = new Date(ms);
  const frac = us - Math.floor(us / 1e6) * 1e6;
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return frac === 0 ? base : `${base}.${pad(frac, 6)}`;
}

/** A value as Delta writes it in partitionValues (the inverse of partition-value.ts); '' is null, as in Delta. */
export function partitionValueText(v: unknown, type: SqlType): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  switch (type.id) {
    case 'date': {
      const d = new Date(Number(v) * 86_400_000);
      s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
      break;
    }
    case 'timestamp': s = timestampText(Number(v)); break;
    case 'timestamptz': s = `${timestampText(Number(v)).replace(' ', 'T')}Z`; break;
    case 'bytea': s = Buffer.from(v as Uint8Array).toString('latin1'); break;
    default: s = v instanceof Decimal ? v.toString() : String(v);
  }
  return s === '' ? null : s;
}

/** Hive's escapePathName: the characters a path segment cannot hold as they are, as %XX. */
function escapePathName(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || '"#%\'*/:=?\\{[]^'.includes(ch) ? `%${c.toString(16).toUpperCase().padStart(2, '0')}` : ch;
  }
  return out;
}

const NULL_DIR = '__HIVE_DEFAULT_PARTITION__';

function partitionDir(names: readonly string[], values: readonly (string | null)[]): PartitionDir {
  const segments = names.map((n, i) => `${escapePathName(n)}=${values[i] === null ? NULL_DIR : escapePathName(values[i]!)}`);
  const key = segments.map((s) => `${s}/`).join('');
  return { key, logPath: encodeURI(key), values: Object.fromEntries(names.map((n, i) => [n, values[i]!])) };
}

/**
 * Write `batches` (rows of `columns`) grouped by the partition columns: `write` stores one group's rows (the
 * other columns) under its directory.
 */
export async function writePartitioned(columns: readonly ColumnSchema[], batches: AsyncIterable<Batch> | Iterable<Batch>,
  partitionColumns: readonly string[],
  write: (columns: readonly ColumnSchema[], batches: Batch[], dir: PartitionDir) => Promise<DataFile[]>): Promise<DataFile[]> {
  const partIdx = partitionColumns.map((p) => {
    const i = columns.findIndex((c) => c.name === p);
    if (i < 0) throw new SqlError(SqlState.internalError, `partition column "${p}" is missing from the rows written`);
    return i;
  });
  const dataIdx = columns.map((_, i) => i).filter((i) => !partIdx.includes(i));
  const dataColumns = dataIdx.map((i) => columns[i]!);
  const groups = new Map<string, { dir: PartitionDir; batches: Batch[] }>();
  for await (const b of batches) {
    const rows = new Map<string, { values: (string | null)[]; idx: number[] }>();
    const parts: Vector[] = partIdx.map((i) => b.columns[i]!);
    for (let r = 0; r < b.length; r++) {
      const values = parts.map((v, k) => partitionValueText(getValue(v, r), columns[partIdx[k]!]!.type));
      const key = JSON.stringify(values);
      let g = rows.get(key);
      if (g === undefined) rows.set(key, g = { values, idx: [] });
      g.idx.push(r);
    }
    const data: Batch = { columns: dataIdx.map((i) => b.columns[i]!), length: b.length };
    for (const [key, g] of rows) {
      let group = groups.get(key);
      // Directory names and partitionValues keys are physical names (column mapping).
      if (group === undefined) groups.set(key, group = { dir: partitionDir(partIdx.map((i) => physicalName(columns[i]!)), g.values), batches: [] });
      group.batches.push(g.idx.length === b.length ? data : takeBatch(data, g.idx));
    }
  }
  const out: DataFile[] = [];
  for (const g of groups.values()) out.push(...await write(dataColumns, g.batches, g.dir));
  return out;
}
