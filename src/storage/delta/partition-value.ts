/**
 * Delta partition values (PROTOCOL.md "Partition Value Serialization") → Basin JS values. Basin writes
 * unpartitioned tables; this lets it read tables other engines partitioned.
 */
import { Decimal } from '../../common/index.ts';
import { SqlError } from '../../common/index.ts';
import { SqlState } from '../../common/index.ts';
import type { SqlType } from '../../common/index.ts';

const TS = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z)?$/;

const int8Of = (b: bigint, bad: () => never): bigint => (b >= -(2n ** 63n) && b < 2n ** 63n ? b : bad());

export function parsePartitionValue(text: string | null | undefined, type: SqlType): unknown {
  if (text === null || text === undefined) return null;
  const bad = (): never => {
    throw new SqlError(SqlState.dataCorrupted, `invalid Delta partition value "${text}" for type ${type.id}`);
  };
  switch (type.id) {
    case 'bool': return text === 'true' ? true : text === 'false' ? false : bad();
    case 'int8': return /^\s*[+-]?\d+\s*$/.test(text) ? int8Of(BigInt(text.trim()), bad) : bad();
    case 'int2': case 'int4': case 'float4': case 'float8': case 'oid': case 'time': {
      const n = Number(text);
      return text.trim() === '' || Number.isNaN(n) && text !== 'NaN' ? bad() : n;
    }
    case 'numeric': return Decimal.parse(text);
    case 'date': {
      const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text) ?? bad();
      return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) / 86_400_000;
    }
    case 'timestamp': case 'timestamptz': {
      const m = TS.exec(text) ?? bad();
      return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) * 1000 + Number((m[7] ?? '').padEnd(6, '0'));
    }
    case 'bytea': return new Uint8Array(Buffer.from(text, 'latin1'));
    default: return text;
  }
}
