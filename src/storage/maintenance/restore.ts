/**
 * RESTORE TABLE … TO VERSION AS OF n, planned: the commit that makes the current version's files those of
 * version n again (remove the files n does not have, add back the files of n that are gone, with their
 * original stats) and restores n's schema and properties when they differ. Files of n that VACUUM deleted
 * make the restore impossible: that is checked here, before anything is committed.
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { RestorePlan } from '../contract.ts';
import type { ObjectStore } from '../object-store/object-store.ts';
import { schemaToSchemaString } from '../schema/schema-string.ts';
import type { DeltaDataFile, DeltaSnapshot } from '../delta/snapshot.ts';
import { objectKey } from '../delta/data-path.ts';

const HEAD_CONCURRENCY = 16;

const sameProperties = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

export async function planRestore(store: ObjectStore, current: DeltaSnapshot, target: DeltaSnapshot): Promise<RestorePlan> {
  const add: DeltaDataFile[] = target.files.filter((f) => !current.fileMap.has(f.path));
  const remove = current.files.filter((f) => !target.fileMap.has(f.path));
  const missing: string[] = [];
  for (let i = 0; i < add.length; i += HEAD_CONCURRENCY) {
    const chunk = add.slice(i, i + HEAD_CONCURRENCY);
    const heads = await Promise.all(chunk.map((f) => store.head(objectKey(f.path))));
    chunk.forEach((f, k) => { if (heads[k] === undefined) missing.push(f.path); });
  }
  if (missing.length > 0) {
    throw new SqlError(SqlState.objectNotInPrerequisiteState,
      `cannot restore the Delta table at "${store.root}" to version ${target.version}: ${missing.length} of its data files no longer exist`, {
        detail: `Missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}. VACUUM deletes the files of versions older than its retention period.`,
        hint: 'Restore a later version, one whose files are still present.',
      });
  }
  const schemaChanged = schemaToSchemaString(target.schema) !== schemaToSchemaString(current.schema);
  const sum = (files: readonly { size: number }[]): number => files.reduce((s, f) => s + f.size, 0);
  return {
    targetVersion: target.version,
    add,
    remove: remove.map((f) => f.path),
    ...(schemaChanged ? { schema: target.schema } : {}),
    ...(sameProperties(target.properties, current.properties) ? {} : { properties: target.properties }),
    metrics: {
      tableSizeAfterRestore: sum(target.files),
      numOfFilesAfterRestore: target.files.length,
      numRemovedFiles: remove.length,
      numRestoredFiles: add.length,
      removedFilesSize: sum(remove),
      restoredFilesSize: sum(add),
    },
  };
}
