/** Every system relation, one line each: adding one means writing its file and listing it here. */
import type { SystemRelation } from './relation.ts';
import { pgNamespace } from './pg-catalog/pg-namespace.ts';
import { pgClass } from './pg-catalog/pg-class.ts';
import { pgAttribute } from './pg-catalog/pg-attribute.ts';
import { pgAttrdef } from './pg-catalog/pg-attrdef.ts';
import { pgType } from './pg-catalog/pg-type.ts';
import { pgIndex } from './pg-catalog/pg-index.ts';
import { pgConstraint } from './pg-catalog/pg-constraint.ts';
import { pgDatabase } from './pg-catalog/pg-database.ts';
import { pgAuthid, pgAuthMembers, pgRoles, pgUser } from './pg-catalog/pg-roles.ts';
import { pgSettings } from './pg-catalog/pg-settings.ts';
import { pgAm, pgCollation, pgTablespace } from './pg-catalog/pg-am-collation.ts';
import { pgProc } from './pg-catalog/pg-proc.ts';
import { pgIndexes, pgMatviews, pgTables, pgViews } from './pg-catalog/pg-views.ts';
import { pgLocks, pgStatActivity } from './pg-catalog/pg-stat-activity.ts';
import { pgStatUserTables } from './pg-catalog/pg-stat-user-tables.ts';
import { pgDescription } from './pg-catalog/pg-description.ts';
import { EMPTY_RELATIONS } from './pg-catalog/empty-relations.ts';
import { pgLanguage } from './pg-catalog/pg-language.ts';
import { pgCursors, pgPreparedStatements } from './pg-catalog/pg-cursors.ts';
import { schemata, tables, views } from './information-schema/schemata-tables.ts';
import { columnsView } from './information-schema/columns-view.ts';
import {
  checkConstraints, constraintColumnUsage, keyColumnUsage, referentialConstraints, sequences, tableConstraints,
} from './information-schema/constraints.ts';
import { parameters, routines } from './information-schema/routines.ts';
import { columnPrivileges, tablePrivileges } from './information-schema/privileges.ts';

export const SYSTEM_RELATIONS: readonly SystemRelation[] = [
  pgNamespace, pgClass, pgAttribute, pgAttrdef, pgType, pgIndex, pgConstraint, pgDatabase, pgAuthid, pgRoles, pgUser,
  pgAuthMembers, pgSettings, pgAm, pgCollation, pgTablespace, pgProc, pgTables, pgViews, pgIndexes, pgMatviews,
  pgStatActivity, pgLocks, pgStatUserTables, pgDescription, pgLanguage, pgCursors, pgPreparedStatements, ...EMPTY_RELATIONS,
  schemata, tables, views, columnsView, tableConstraints, checkConstraints, keyColumnUsage, constraintColumnUsage,
  referentialConstraints, sequences, routines, parameters, tablePrivileges, columnPrivileges,
];

const NAMES = new Set(SYSTEM_RELATIONS.map((r) => `${r.schema}.${r.name}`));

/** Is there a system relation of this name? Cheap: resolving a table's name asks it before anything is built. */
export const isSystemRelation = (schema: string, name: string): boolean => NAMES.has(`${schema}.${name}`);
