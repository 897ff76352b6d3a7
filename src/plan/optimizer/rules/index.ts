/** The optimizer's rules, in the order they run. Adding a rule: its file, and one line here. */
import type { OptimizerRule } from '../rule.ts';
import { constantFolding } from './constant-folding.ts';
import { predicatePushdown } from './predicate-pushdown.ts';
import { projectionPushdown } from './projection-pushdown.ts';

export const RULES: readonly OptimizerRule[] = [
  constantFolding,
  predicatePushdown,
  projectionPushdown,
];
