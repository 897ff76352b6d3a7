/** Basin Vectors → Arrow Data (for the Parquet writer): typed arrays are copied to exact length, strings encoded once. */
import * as arrow from 'apache-arrow';
import type { Decimal } from '../../common/index.ts';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { Interval } from '../../common/index.ts';
import { unscaledVector, type Batch, type Vector } from '../../common/index.ts';
import type { ColumnSchema } from '../contract.ts';
import { decimalOf } from '../schema/delta-type.ts';
import { storedTextCodec } from '../schema/value-codec.ts';
import { arrowSchemaOf, arrowTypeOf, storageKind } from './arrow-schema.ts';
import { decimalToScaled, writeDecimal128, writeScaledDecimal128 } from './decimal128.ts';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Arrow validity bitmap (bit set = valid) from a byte-per-row null mask (1 = NULL). */
export function validityBitmap(nulls: Uint8Array | null, n: number): Uint8Array | undefined {
  if (nulls === null) return undefined;
  const bits = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 1) nullCount++;
    else bits[i >> 3]! |= 1 << (i & 7);
  }
  return nullCount === 0 ? undefined : bits;
}

type NumberArrayType = Int16ArrayConstructor | Int32ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

/** `src` as a typed array of kind `T`, a view when it already is one. */
function typed<C extends NumberArrayType>(T: C, src: unknown, n: number): InstanceType<C> {
  if (src instanceof T) return src.subarray(0, n) as InstanceType<C>;
  const out = new T(n) as InstanceType<C>;
  const a = src as ArrayLike<number>;
  for (let i = 0; i < n; i++) out[i] = Number(a[i] ?? 0);
  return out;
}

const isNull = (nulls: Uint8Array | null, i: number): boolean => nulls !== null && nulls[i] === 1;

function notNullViolation(column: string): SqlError {
  return new SqlError(SqlState.notNullViolation, `null value in column "${column}" violates not-null constraint`);
}

export function vectorToArrow(v: Vector, column: ColumnSchema): arrow.Data {
  const n = v.length;
  const type = arrowTypeOf(column.type);
  const nullBitmap = validityBitmap(v.nulls, n);
  if (nullBitmap !== undefined && !column.nullable) throw notNullViolation(column.name);
  const kind = storageKind(column.type);
  const src = v.values;
  switch (kind) {
    case 'bool': {
      const bits = new Uint8Array((n + 7) >> 3);
      const u8 = src as Uint8Array;
      for (let i = 0; i < n; i++) if (u8[i] !== 0) bits[i >> 3]! |= 1 << (i & 7);
      return arrow.makeData({ type: type as arrow.Bool, length: n, data: bits, nullBitmap });
    }
    // The IPC encoder copies the buffers, so the column's own storage can be handed over as a view.
    case 'i16': return arrow.makeData({ type: type as arrow.Int16, length: n, data: typed(Int16Array, src, n), nullBitmap });
    case 'i32': case 'date':
      return arrow.makeData({ type: type as arrow.Int32, length: n, data: typed(Int32Array, src, n), nullBitmap });
    case 'f32': return arrow.makeData({ type: type as arrow.Float32, length: n, data: typed(Float32Array, src, n), nullBitmap });
    case 'f64': return arrow.makeData({ type: type as arrow.Float64, length: n, data: typed(Float64Array, src, n), nullBitmap });
    case 'i64': {
      if (src instanceof BigInt64Array) { // int8: already Arrow's Int64 layout
        return arrow.makeData({ type: type as arrow.Int64, length: n, data: src.subarray(0, n), nullBitmap });
      }
      const f = src as Float64Array;
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) {
        if (isNull(v.nulls, i)) continue;
        const x = f[i]!;
        // PostgreSQL's infinite timestamps are its int64 extremes (DT_NOEND, DT_NOBEGIN); so are Basin's files'.
        if (x === Infinity || x === -Infinity) { out[i] = x > 0 ? INT64_MAX : INT64_MIN; continue; }
        if (!Number.isInteger(x)) {
          throw new SqlError(SqlState.numericValueOutOfRange, `value ${x} out of range for a 64-bit integer column "${column.name}"`);
        }
        out[i] = BigInt(x);
      }
      return arrow.makeData({ type: type as arrow.Int64, length: n, data: out, nullBitmap });
    }
    case 'decimal': {
      const { precision, scale } = decimalOf(column.type)!;
      const words = new BigUint64Array(2 * n);
      if (v.type.scaled === scale) {
        // Scaled doubles (COPY's numeric(p, s) with p ≤ 15) are the coefficients already, checked against p.
        const a = src as Float64Array, w = new Int32Array(words.buffer);
        for (let i = 0; i < n; i++) if (!isNull(v.nulls, i)) writeScaledDecimal128(w, i, a[i]!);
      } else {
        const objs = (v.type.scaled === undefined ? src : unscaledVector(v).values) as unknown[];
        for (let i = 0; i < n; i++) {
          if (!isNull(v.nulls, i)) writeDecimal128(words, i, decimalToScaled(objs[i] as Decimal, precision, scale));
        }
      }
      return arrow.makeData({ type: type as arrow.Decimal, length: n, data: new Uint32Array(words.buffer), nullBitmap });
    }
    case 'text': case 'encoded': {
      const objs = src as unknown[];
      const encode = kind === 'text' ? null : storedTextCodec(column.type).encode;
      const strs = new Array<string>(n);
      let chars = 0;
      for (let i = 0; i < n; i++) {
        const s = isNull(v.nulls, i) ? '' : encode === null ? (objs[i] as string) : encode(objs[i]);
        strs[i] = s;
        chars += s.length;
      }
      const offsets = new Int32Array(n + 1);
      // One encode of the joined text; when it is all ASCII, byte offsets are the string lengths.
      const joined = Buffer.from(strs.join(''), 'utf8');
      let data: Uint8Array;
      if (joined.length === chars) {
        for (let i = 0, off = 0; i < n; i++) offsets[i + 1] = off += strs[i]!.length;
        data = new Uint8Array(joined.buffer, joined.byteOffset, joined.length);
      } else {
        const buf = Buffer.allocUnsafe(chars * 3);
        let off = 0;
        for (let i = 0; i < n; i++) {
          off += buf.write(strs[i]!, off, 'utf8');
          offsets[i + 1] = off;
        }
        data = new Uint8Array(buf.buffer, buf.byteOffset, off).slice();
      }
      if (data.length > 0x7fffffff) throw new SqlError(SqlState.programLimitExceeded, 'string data of one batch exceeds 2 GB');
      return arrow.makeData({ type: type as arrow.Utf8, length: n, valueOffsets: offsets, data, nullBitmap });
    }
    case 'binary': {
      const objs = src as unknown[];
      const offsets = new Int32Array(n + 1);
      let total = 0;
      for (let i = 0; i < n; i++) {
        if (!isNull(v.nulls, i)) total += (objs[i] as Uint8Array).length;
        offsets[i + 1] = total;
      }
      const data = new Uint8Array(total);
      for (let i = 0; i < n; i++) if (!isNull(v.nulls, i)) data.set(objs[i] as Uint8Array, offsets[i]!);
      return arrow.makeData({ type: type as arrow.Binary, length: n, valueOffsets: offsets, data, nullBitmap });
    }
  }
}

/** A Basin Batch as an Arrow RecordBatch of `columns`. */
export function batchToArrow(batch: Batch, columns: readonly ColumnSchema[], schema = arrowSchemaOf(columns)): arrow.RecordBatch {
  const children = columns.map((c, i) => vectorToArrow(batch.columns[i]!, c));
  const struct = arrow.makeData({ type: new arrow.Struct(schema.fields), length: batch.length, children, nullCount: 0 });
  return new arrow.RecordBatch(schema, struct);
}
