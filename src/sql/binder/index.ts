export { bindExpr, nodeOf, strings, type Ast, type ExprEnv } from './bind-expr.ts';
export { bindQuery, figureColname, relationKey, type BoundQuery } from './bind-select.ts';
export { bindInsert, type BoundInsert, type BoundOnConflict } from './bind-insert.ts';
export { bindModify, type BoundModify } from './bind-modify.ts';
export { coerce, commonType, resolveUnknown, type ParamTypes } from './coerce.ts';
export { preloadRelations } from './preload.ts';
export { resolveTypeName } from './type-name.ts';
export { Scope } from './scope.ts';
export { BinderState } from './state.ts';
