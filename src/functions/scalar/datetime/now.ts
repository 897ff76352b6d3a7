/** now() and friends: the transaction's start (stable), the statement's start, and the wall clock (volatile). */
import type { ScalarFunction } from '../../../plan/index.ts';
import { mapNullary } from '../kernel-helpers.ts';

const stable = (name: string, f: Parameters<typeof mapNullary>[1]): ScalarFunction => ({
  name,
  overloads: [{ args: [], returns: 'timestamptz', volatility: 'stable', kernel: mapNullary('timestamptz', f, false) }],
});

export const now = stable('now', (ctx) => ctx.transactionStart);
export const transactionTimestamp = stable('transaction_timestamp', (ctx) => ctx.transactionStart);
export const currentTimestamp = stable('current_timestamp', (ctx) => ctx.transactionStart);
export const statementTimestamp = stable('statement_timestamp', (ctx) => ctx.statementStart);

/** µs since the epoch; performance.timeOrigin + now() gives sub-millisecond resolution. */
const wallClockMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

export const clockTimestamp: ScalarFunction = {
  name: 'clock_timestamp',
  overloads: [{ args: [], returns: 'timestamptz', volatility: 'volatile', kernel: mapNullary('timestamptz', wallClockMicros, true) }],
};

/** pg_postmaster_start_time(): when the server process started (µs since the epoch). */
export const pgPostmasterStartTime = stable('pg_postmaster_start_time', () => Math.round(performance.timeOrigin * 1000));
