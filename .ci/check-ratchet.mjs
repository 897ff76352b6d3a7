// Compare a public-suite report (slt.mjs --json) with the ratchet: the number of records that must pass.
// Raise the ratchet when Basin passes more; it never goes down.
import { readFileSync } from 'node:fs';

const [reportPath, ratchetPath] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const minimum = Number(readFileSync(ratchetPath, 'utf8').trim());
const { passed, failed } = report.summary;
const rate = (100 * passed) / (passed + failed);
console.log(`public suite: ${passed} passed, ${failed} failed (${rate.toFixed(2)}%); ratchet: at least ${minimum} passed`);
if (!(passed >= minimum)) {
  console.error(`public suite fell below the ratchet: ${passed} < ${minimum}`);
  process.exit(1);
}
