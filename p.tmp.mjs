import { parseSync, loadModule } from 'libpg-query';
await loadModule?.();
const q = process.argv[2];
console.log(JSON.stringify(parseSync(q).stmts[0].stmt, null, 1));
