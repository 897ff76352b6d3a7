export * from './model.ts';
export { Catalog, CatalogView, BUILTIN_SCHEMAS, type CatalogChanges } from './catalog.ts';
export { isSystemRelation, SystemCatalog, type AdvisoryLockInfo, type CursorInfo, type PreparedStatementInfo, type SessionActivity, type SystemCatalogSource } from './system/index.ts';
