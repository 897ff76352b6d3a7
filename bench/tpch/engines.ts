/**
 * The engines the TPC-H run loads and queries, behind one small interface: Basin (a server process on a
 * fresh data directory, loaded with server-side COPY FROM each file), DuckDB in this process (2 threads,
 * loaded with its COPY), and a throwaway PostgreSQL 15 cluster (COPY, then keys and ANALYZE). Answers come
 * back as text cells so they compare the same way whatever the client.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { startServer, type ServerHandle } from '../../test/server-process.ts';
import { postgresUnavailable, startPostgres, type PostgresHandle } from '../../test/differential/postgres-process.ts';
import type { Rows } from './compare.ts';
import { TABLES, type TableName } from './generate.ts';
import { POSTGRES_KEYS, TABLE_DDL } from './schema.ts';

export type EngineName = 'basin' | 'duckdb' | 'postgres';

export interface LoadTimes {
  readonly total: number;
  readonly perTable: Partial<Record<TableName, number>>;
}

export interface TpchEngine {
  readonly name: EngineName;
  /** Create the eight tables and load `<table>.tbl` from `dir` (rows without a trailing `|`); seconds. */
  load(dir: string): Promise<LoadTimes>;
  query(sql: string): Promise<Rows>;
  /** Peak resident memory of the engine's process in bytes, where it runs in one of its own. */
  peakRss(): number | undefined;
  close(): Promise<void>;
}

const seconds = (t0: number): number => (performance.now() - t0) / 1000;

/** Every value as the server's text: no type parser runs. */
const textTypes = { getTypeParser: () => (v: string) => v } as unknown as pg.CustomTypesConfig;

async function loadTables(dir: string, run: (sql: string) => Promise<unknown>, copy: (table: TableName, file: string) => string): Promise<LoadTimes> {
  const perTable: Partial<Record<TableName, number>> = {};
  const t0 = performance.now();
  for (const t of TABLES) {
    const t1 = performance.now();
    await run(TABLE_DDL[t]);
    await run(copy(t, path.join(dir, `${t}.tbl`)));
    perTable[t] = seconds(t1);
  }
  return { total: seconds(t0), perTable };
}

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** Basin or PostgreSQL over the wire. */
class WireEngine implements TpchEngine {
  private constructor(
    readonly name: EngineName,
    private readonly client: pg.Client,
    private readonly stopServer: () => Promise<void>,
    private readonly pid: number | undefined,
    private readonly timeoutMs: number,
  ) {}

  static async basin(timeoutMs: number): Promise<WireEngine> {
    const s: ServerHandle = await startServer();
    try {
      const client = await WireEngine.connect({ host: s.host, port: s.port, user: 'basin', database: 'basin' });
      return new WireEngine('basin', client, () => s.stop(), s.pid, timeoutMs);
    } catch (e) {
      await s.stop();
      throw e;
    }
  }

  static async postgres(timeoutMs: number): Promise<WireEngine> {
    const s: PostgresHandle = await startPostgres();
    try {
      const client = await WireEngine.connect({ host: s.host, port: s.port, user: s.user, database: s.database });
      await client.query("set work_mem = '256MB'");
      await client.query("set maintenance_work_mem = '1GB'");
      await client.query('set max_parallel_workers_per_gather = 2');
      return new WireEngine('postgres', client, () => s.stop(), undefined, timeoutMs);
    } catch (e) {
      await s.stop();
      throw e;
    }
  }

  private static async connect(config: pg.ClientConfig): Promise<pg.Client> {
    const client = new pg.Client({ ...config, types: textTypes });
    await client.connect();
    return client;
  }

  /** Loads run without a time limit; the queries after them with `timeoutMs`. */
  async load(dir: string): Promise<LoadTimes> {
    const times = await loadTables(dir, (sql) => this.client.query(sql), (t, file) => `copy ${t} from ${quote(file)} with (format csv, delimiter '|')`);
    let total = times.total;
    if (this.name === 'postgres') {
      // PostgreSQL is measured with its keys and statistics, as it would be run for this workload.
      const t0 = performance.now();
      for (const sql of POSTGRES_KEYS) await this.client.query(sql);
      total += seconds(t0);
    }
    if (this.timeoutMs > 0) await this.client.query(`set statement_timeout = ${Math.round(this.timeoutMs)}`);
    return { total, perTable: times.perTable };
  }

  async query(sql: string): Promise<Rows> {
    const r = await this.client.query({ text: sql, rowMode: 'array' });
    return r.rows as Rows;
  }

  peakRss(): number | undefined {
    if (this.pid === undefined) return undefined;
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => {});
    await this.stopServer();
  }
}

class DuckEngine implements TpchEngine {
  readonly name = 'duckdb';
  private constructor(private readonly conn: DuckDBConnection) {}

  static async start(): Promise<DuckEngine> {
    // Beside Basin (and PostgreSQL) on one machine: DuckDB's default memory_limit, 80% of RAM, leaves the others
    // too little at SF 10 (the kernel ended such a run), so it gets 40%, its tables included.
    const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: `${Math.floor(totalmem() * 0.4 / 2 ** 20)}MB` });
    return new DuckEngine(await instance.connect());
  }

  load(dir: string): Promise<LoadTimes> {
    return loadTables(dir, (sql) => this.conn.run(sql), (t, file) => `copy ${t} from ${quote(file)} (format csv, delimiter '|', header false)`);
  }

  async query(sql: string): Promise<Rows> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowsJson().map((row) => row.map((v) => (v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v))));
  }

  peakRss(): undefined {
    return undefined;
  }

  async close(): Promise<void> {
    this.conn.closeSync();
  }
}

/** Why an engine cannot run here, or undefined when it can. */
export function engineUnavailable(name: EngineName): string | undefined {
  return name === 'postgres' ? postgresUnavailable() : undefined;
}

export async function startEngine(name: EngineName, timeoutMs: number): Promise<TpchEngine> {
  switch (name) {
    case 'basin': return WireEngine.basin(timeoutMs);
    case 'postgres': return WireEngine.postgres(timeoutMs);
    case 'duckdb': return DuckEngine.start();
  }
}
