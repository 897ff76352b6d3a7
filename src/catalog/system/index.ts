export { SystemCatalog, type SessionActivity, type SystemCatalogSource } from './system-catalog.ts';
export { isSystemRelation, SYSTEM_RELATIONS } from './registry.ts';
