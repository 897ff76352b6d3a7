export { loadParser, parseSql, positionOf, type ParsedStatement } from './parse.ts';
export type { AsOfClause, TimeTravel } from './time-travel.ts';
export type { CreateTableLocationStmt, TableLocation } from './create-location.ts';
export type { DeltaDescribeStmt, DeltaOptimizeStmt, DeltaRelation, DeltaRestoreStmt, DeltaVacuumStmt } from './databricks-statements.ts';
export * from './binder/index.ts';
export {
  parenthesizedTextAt, toDeltaExpressionText, fromDeltaExpressionText, parseExpressionText, quoteIdentifier, renameColumnInExpression,
} from './expression-text.ts';
