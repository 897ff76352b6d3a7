/** The optimizer's rules, in the order they run. Adding a rule: its file, and one line here. */
import type { OptimizerRule } from '../rule.ts';
import { collapseProjections } from './collapse-projections.ts';
import { constantFolding } from './constant-folding.ts';
import { factorOrConjuncts } from './factor-or-conjuncts.ts';
import { joinReorder } from './join-reorder.ts';
import { predicatePushdown } from './predicate-pushdown.ts';
import { projectionPushdown } from './projection-pushdown.ts';

export const RULES: readonly OptimizerRule[] = [
  constantFolding,
  factorOrConjuncts,
  predicatePushdown,
  joinReorder,
  // Join ordering moves conjuncts onto the joins that can evaluate them; push what became single-sided.
  predicatePushdown,
  projectionPushdown,
  collapseProjections,
];
