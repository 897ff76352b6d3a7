export * from './expr.ts';
export * from './logical.ts';
export * from './function-registry.ts';
export * from './catalog-reader.ts';
export * from './catalog-lookup.ts';
export * from './explain.ts';
export * from './optimizer/index.ts';
export * from './outer-refs.ts';
