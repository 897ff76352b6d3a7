import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Decimal, numericTypmod, sqlType, T, vectorFromValues, type Batch, type DataFile, type SqlType } from '../../common/index.ts';
import { parsePartitionValue } from './partition-value.ts';
import { partitionValueText, writePartitioned, type PartitionDir } from './partitioned-write.ts';

test('partition values are written as Delta serializes them and read back the same', () => {
  const cases: [SqlType, unknown, string][] = [
    [T.int4, 42, '42'], [T.int8, -7n, '-7'], [T.bool, true, 'true'], [T.float8, 1.5, '1.5'], [T.text, 'a b/c', 'a b/c'],
    [T.date, 20454, '2026-01-01'], [T.timestamp, 1_767_225_600_000_001, '2026-01-01 00:00:00.000001'],
    [T.timestamptz, 1_767_225_600_000_000, '2026-01-01T00:00:00Z'],
    [sqlType('numeric', numericTypmod(10, 2)), Decimal.parse('12.50'), '12.50'],
  ];
  for (const [type, value, text] of cases) {
    assert.equal(partitionValueText(value, type), text, type.id);
    assert.deepEqual(parsePartitionValue(text, type), value, type.id);
  }
  assert.equal(partitionValueText(null, T.text), null);
  assert.equal(partitionValueText('', T.text), null, 'an empty string is a null partition value in Delta');
});

test('rows are grouped by partition, into Hive-style directories, without the partition columns', async () => {
  const columns = [{ name: 'id', type: T.int4, nullable: true }, { name: 'region', type: T.text, nullable: true }, { name: 'y', type: T.int4, nullable: true }];
  const batch: Batch = {
    length: 4,
    columns: [vectorFromValues(T.int4, [1, 2, 3, 4]), vectorFromValues(T.text, ['eu', 'a=b%', 'eu', null]), vectorFromValues(T.int4, [1, 1, 1, 2])],
  };
  const written: { dir: PartitionDir; names: string[]; ids: unknown[] }[] = [];
  await writePartitioned(columns, [batch], ['region', 'y'], async (cols, batches, dir) => {
    written.push({ dir, names: cols.map((c) => c.name), ids: batches.flatMap((b) => [...(b.columns[0]!.values as Int32Array).slice(0, b.length)]) });
    return [] as DataFile[];
  });
  assert.deepEqual(written.map((w) => [w.dir.key, w.dir.logPath, w.dir.values, w.names, w.ids]), [
    ['region=eu/y=1/', 'region=eu/y=1/', { region: 'eu', y: '1' }, ['id'], [1, 3]],
    ['region=a%3Db%25/y=1/', 'region=a%253Db%2525/y=1/', { region: 'a=b%', y: '1' }, ['id'], [2]],
    ['region=__HIVE_DEFAULT_PARTITION__/y=2/', 'region=__HIVE_DEFAULT_PARTITION__/y=2/', { region: null, y: '2' }, ['id'], [4]],
  ]);
  for (const w of written) assert.equal(decodeURIComponent(w.dir.logPath), w.dir.key, 'the log path decodes to the key');
});
