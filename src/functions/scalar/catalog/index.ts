import type { ScalarFunction } from '../../../plan/index.ts';
import { formatTypeFn } from './format-type.ts';
import {
  pgGetConstraintdef, pgGetExpr, pgGetFunctionArguments, pgGetFunctionIdentityArguments, pgGetFunctionResult, pgGetIndexdef,
  pgGetFunctionSqlbody, pgGetRuledef, pgGetSerialSequence, pgGetStatisticsobjdefColumns, pgGetTriggerdef, pgGetViewdef,
} from './definitions.ts';
import { pgFunctionIsVisible, pgTableIsVisible, pgTypeIsVisible } from './visibility.ts';
import { colDescription, objDescription, shobjDescription } from './descriptions.ts';
import { hasAnyColumnPrivilege, hasDatabasePrivilege, hasSchemaPrivilege, hasTablePrivilege } from './privileges.ts';
import { pgEncodingToChar, pgGetUserbyid, pgRelationIsPublishable } from './roles-encodings.ts';
import { REG_FUNCTIONS } from './reg-types.ts';
import { getDatabaseEncoding, pgOperatorIsVisible, pgTablespaceLocation } from './server-info.ts';
import { pgDatabaseSize, pgIndexesSize, pgRelationSize, pgSizePretty, pgTableSize, pgTotalRelationSize } from './sizes.ts';

/** Functions over the catalog (PostgreSQL's "system catalog information functions"), as psql and drivers call them. */
export const CATALOG_FUNCTIONS: readonly ScalarFunction[] = [
  formatTypeFn,
  pgGetExpr,
  pgGetIndexdef,
  pgGetSerialSequence,
  pgGetConstraintdef,
  pgGetViewdef,
  pgGetFunctionResult,
  pgGetFunctionArguments,
  pgGetFunctionIdentityArguments,
  pgGetRuledef,
  pgGetFunctionSqlbody,
  pgGetStatisticsobjdefColumns,
  pgGetTriggerdef,
  pgTableIsVisible,
  pgTypeIsVisible,
  pgFunctionIsVisible,
  objDescription,
  colDescription,
  shobjDescription,
  hasTablePrivilege,
  hasAnyColumnPrivilege,
  hasSchemaPrivilege,
  hasDatabasePrivilege,
  pgGetUserbyid,
  pgEncodingToChar,
  pgRelationIsPublishable,
  pgTableSize,
  pgRelationSize,
  pgTotalRelationSize,
  pgIndexesSize,
  pgDatabaseSize,
  pgSizePretty,
  getDatabaseEncoding,
  pgTablespaceLocation,
  pgOperatorIsVisible,
  ...REG_FUNCTIONS,
];

export { regIO } from './reg-types.ts';
