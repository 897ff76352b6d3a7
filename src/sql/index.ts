export { loadParser, parseSql, positionOf, type ParsedStatement } from './parse.ts';
export * from './binder/index.ts';
