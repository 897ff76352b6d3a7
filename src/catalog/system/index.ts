export { SystemCatalog, type AdvisoryLockInfo, type CursorInfo, type PreparedStatementInfo, type SessionActivity, type SystemCatalogSource } from './system-catalog.ts';
export { isSystemRelation, SYSTEM_RELATIONS } from './registry.ts';
