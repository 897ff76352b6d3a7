/** Per-statement binder state shared by every query level: context, parameter types, CTEs, positions. */
import type { BindContext, LogicalPlan, RelationRef } from '../../plan/index.ts';
import { positionOf } from '../parse.ts';
import type { TimeTravel } from '../time-travel.ts';
import type { ParamTypes } from './coerce.ts';

export interface CteBinding {
  readonly plan: LogicalPlan;
  readonly columnNames: readonly string[];
}

export class BinderState {
  /** CTE name scopes, innermost last. */
  readonly ctes: Map<string, CteBinding>[] = [];
  /** Views being expanded (to stop infinite recursion); shared with view states. */
  viewStack: string[] = [];
  /** Relations the statement names, resolved before binding (binding itself is synchronous). */
  relations = new Map<string, RelationRef>();
  /** The statement's time-travel clauses by table reference location (see time-travel.ts). */
  timeTravel: ReadonlyMap<number, TimeTravel> = new Map();

  constructor(
    readonly ctx: BindContext,
    /** The full query string AST locations point into. */
    readonly sql: string,
    readonly params: ParamTypes,
    /** When the parameter types were fixed by the client (Bind of a statement typed at Parse). */
    readonly fixedParams = false,
  ) {
    this.ascii = !/[^\x00-\x7f]/.test(sql);
  }

  private readonly ascii: boolean;

  /** 1-based character position of an AST byte location (cheap: called for every node bound). */
  pos(location: number | undefined): number | undefined {
    if (location === undefined || location < 0) return undefined;
    return this.ascii ? location + 1 : positionOf(this.sql, location);
  }

  /** State for binding a view's stored query: its own text and CTEs, the same relations and parameters. */
  forView(sql: string): BinderState {
    const v = new BinderState(this.ctx, sql, this.params, this.fixedParams);
    v.viewStack = this.viewStack;
    v.relations = this.relations;
    return v;
  }

  findCte(name: string): CteBinding | undefined {
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const c = this.ctes[i]!.get(name);
      if (c !== undefined) return c;
    }
    return undefined;
  }
}
