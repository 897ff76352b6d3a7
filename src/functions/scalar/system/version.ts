import type { ScalarFunction } from '../../../plan/index.ts';
import { SERVER_VERSION } from '../../../common/index.ts';
import { mapNullary } from '../kernel-helpers.ts';

const ARCH: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };
const PLATFORM: Record<string, string> = { linux: 'pc-linux-gnu', darwin: 'apple-darwin', win32: 'pc-windows' };

/** Shaped like PostgreSQL's string, since tools parse the leading "PostgreSQL <major>.<minor>". */
export const VERSION_STRING =
  `PostgreSQL ${SERVER_VERSION} on ${ARCH[process.arch] ?? process.arch}-${PLATFORM[process.platform] ?? process.platform}, ` +
  `compiled by Node.js ${process.versions.node}, 64-bit`;

export const version: ScalarFunction = {
  name: 'version',
  overloads: [{ args: [], returns: 'text', volatility: 'stable', kernel: mapNullary('text', () => VERSION_STRING, false) }],
};
