/**
 * `npm run bench -- tpch-gen --sf 1 --out DIR [--no-trailing-delimiter]`: write the eight TPC-H tables as
 * dbgen-style `.tbl` files.
 */
import path from 'node:path';
import { generate } from './generate.ts';

export async function runTpchGen(argv: readonly string[]): Promise<void> {
  let sf = 1;
  let out: string | undefined;
  let trailing = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sf') sf = Number(argv[++i]);
    else if (a === '--out') out = argv[++i];
    else if (a === '--no-trailing-delimiter') trailing = false;
    else throw new Error(`unknown option ${a} (tpch-gen takes --sf N --out DIR [--no-trailing-delimiter])`);
  }
  if (!(sf > 0) || out === undefined) throw new Error('tpch-gen needs --sf N (> 0) and --out DIR');
  const dir = path.resolve(out);
  const t0 = performance.now();
  generate({
    sf, dir, trailingDelimiter: trailing,
    onTable: (t, rows, s) => console.log(`  ${t.padEnd(9)} ${rows.toLocaleString('en').padStart(11)} rows  ${s.toFixed(1)} s`),
  });
  console.log(`TPC-H SF ${sf} written to ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
