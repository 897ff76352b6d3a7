import assert from 'node:assert/strict';
import { test } from 'node:test';
import { T, type ColumnSchema } from '../../common/index.ts';
import type { MetadataAction } from './actions.ts';
import { checkWritable, protocolFor, protocolUpgrade } from './protocol.ts';

const col = (name: string, metadata?: Record<string, unknown>, type = T.int8): ColumnSchema =>
  ({ name, type, nullable: true, ...(metadata === undefined ? {} : { metadata }) });
const generated = col('g', { 'delta.generationExpression': 'a + 1' });
const identity = col('id', { 'delta.identity.start': 1, 'delta.identity.step': 1, 'delta.identity.allowExplicitInsert': false });
const check = { 'delta.constraints.positive': 'a > 0' };

const metadata = (configuration: Record<string, string> = {}): MetadataAction =>
  ({ id: 'x', format: { provider: 'parquet', options: {} }, schemaString: '{"type":"struct","fields":[]}', partitionColumns: [], configuration });

test('a new table gets the least protocol covering the rules it uses', () => {
  assert.deepEqual(protocolFor([col('a')]), { minReaderVersion: 1, minWriterVersion: 2 });
  // Beyond (1,2), a new table uses table features (3,7), listing only the features it uses.
  assert.deepEqual(protocolFor([col('a')], check), { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['checkConstraints'] });
  assert.deepEqual(protocolFor([col('a')], { 'delta.enableChangeDataFeed': 'true' }),
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['changeDataFeed'] });
  assert.deepEqual(protocolFor([col('a')], { 'delta.enableChangeDataFeed': 'false' }), { minReaderVersion: 1, minWriterVersion: 2 });
  // Writer versions 4 and 6 would imply change data feed and column mapping: Basin lists features instead.
  assert.deepEqual(protocolFor([col('a'), generated]), { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['generatedColumns'] });
  assert.deepEqual(protocolFor([identity, generated], check),
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: [], writerFeatures: ['checkConstraints', 'generatedColumns', 'identityColumns'] });
  assert.deepEqual(protocolFor([col('t', undefined, T.timestamp), identity]),
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['identityColumns', 'timestampNtz'] });
});

test('upgrades only grow the protocol, keeping what the old one implied', () => {
  const legacy = { minReaderVersion: 1, minWriterVersion: 2 };
  assert.equal(protocolUpgrade(legacy, [col('a')]), undefined);
  assert.deepEqual(protocolUpgrade(legacy, [col('a')], check), { minReaderVersion: 1, minWriterVersion: 3 });
  assert.deepEqual(protocolUpgrade(legacy, [generated]),
    { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['appendOnly', 'generatedColumns', 'invariants'] });
  // Another engine's legacy version 4 already supports generated columns and CHECK constraints.
  assert.equal(protocolUpgrade({ minReaderVersion: 1, minWriterVersion: 4 }, [generated], check), undefined);
  assert.deepEqual(protocolUpgrade({ minReaderVersion: 1, minWriterVersion: 4 }, [identity]), {
    minReaderVersion: 1, minWriterVersion: 7,
    writerFeatures: ['appendOnly', 'changeDataFeed', 'checkConstraints', 'generatedColumns', 'identityColumns', 'invariants'],
  });
  const features = { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['timestampNtz'] };
  assert.deepEqual(protocolUpgrade(features, [col('a')], check),
    { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['timestampNtz'], writerFeatures: ['checkConstraints', 'timestampNtz'] });
  assert.equal(protocolUpgrade({ ...features, writerFeatures: ['checkConstraints', 'timestampNtz'] }, [col('a')], check), undefined);
});

test('tables using CHECK constraints, generated and identity columns are writable; unimplemented features are not', () => {
  assert.doesNotThrow(() => checkWritable({ minReaderVersion: 1, minWriterVersion: 6 }, metadata(check)));
  assert.doesNotThrow(() => checkWritable(
    { minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['checkConstraints', 'generatedColumns', 'identityColumns', 'invariants'] },
    metadata(check)));
  assert.throws(() => checkWritable({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['allowColumnDefaults'] }, metadata()),
    { code: '0A000', message: /allowColumnDefaults/ });
  // Basin writes change data files: the change data feed of legacy writer version 4 and of the table feature is honoured.
  assert.doesNotThrow(() => checkWritable({ minReaderVersion: 1, minWriterVersion: 4 }, metadata({ 'delta.enableChangeDataFeed': 'true' })));
  assert.doesNotThrow(() => checkWritable({ minReaderVersion: 1, minWriterVersion: 7, writerFeatures: ['changeDataFeed'] },
    metadata({ 'delta.enableChangeDataFeed': 'true' })));
});
