export { SystemCatalog, type SessionActivity, type SystemCatalogSource } from './system-catalog.ts';
export { SYSTEM_RELATIONS } from './registry.ts';
