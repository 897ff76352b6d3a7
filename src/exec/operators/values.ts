/** VALUES: rows of expressions (constants mostly), emitted in batches of ctx.batchSize rows. */
import { getValue, vectorFromValues, type Batch } from '../../common/index.ts';
import type { ValuesNode } from '../../plan/index.ts';
import type { ExecContext } from '../context.ts';
import { evalExprs } from '../eval/subquery.ts';
import { ONE_ROW } from './batch-util.ts';

export async function* valuesExec(node: ValuesNode, ctx: ExecContext): AsyncGenerator<Batch> {
  const width = node.schema.length;
  const size = Math.max(1, ctx.batchSize);
  for (let start = 0; start < node.rows.length; start += size) {
    ctx.checkCancel();
    const rows = node.rows.slice(start, start + size);
    const cols: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      for (let j = 0; j < width; j++) {
        const e = row[j]!;
        if (e.kind === 'const') { cols[j]![r] = e.value; continue; }
        const [v] = await evalExprs([e], ONE_ROW, ctx);
        cols[j]![r] = getValue(v!, 0);
      }
    }
    yield { columns: node.schema.map((c, j) => vectorFromValues(c.type, cols[j]!)), length: rows.length };
  }
}
