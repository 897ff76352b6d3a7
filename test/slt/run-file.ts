/**
 * Runs one .slt file in isolation: on a fresh database (`CREATE DATABASE slt_<pid>_<n>`, dropped afterwards),
 * or, with `isolation: 'none'`, directly on the given database (the caller provides a fresh server instead).
 */
import { readFile } from 'node:fs/promises';
import { connectText, runText, type ConnectionOptions, type FileResult, type RunOptions } from './runner.ts';

export class IsolationUnavailable extends Error {}

let counter = 0;

export interface RunFileOptions extends RunOptions {
  readonly isolation?: 'database' | 'none';
  /** Name reported in failures (defaults to the path). */
  readonly displayName?: string;
}

export async function runFile(path: string, conn: ConnectionOptions, options: RunFileOptions = {}): Promise<FileResult> {
  const text = await readFile(path, 'utf8');
  const name = options.displayName ?? path;
  if (options.isolation === 'none') return runOn(name, text, conn, options);

  const admin = await connectText(conn);
  const db = `slt_${process.pid}_${++counter}`;
  try {
    try {
      await admin.query(`CREATE DATABASE ${db}`);
    } catch (e) {
      throw new IsolationUnavailable(`CREATE DATABASE failed: ${(e as Error).message}`);
    }
    try {
      return await runOn(name, text, { ...conn, database: db }, options);
    } finally {
      await dropDatabase(admin, db);
    }
  } finally {
    await admin.end().catch(() => {});
  }
}

async function runOn(name: string, text: string, conn: ConnectionOptions, options: RunOptions): Promise<FileResult> {
  const session = { client: await connectText(conn), conn };
  try {
    return await runText(name, text, session, options);
  } finally {
    await session.client.end().catch(() => {});
  }
}

async function dropDatabase(admin: Awaited<ReturnType<typeof connectText>>, db: string): Promise<void> {
  // The file's connection has just closed; the server may still be tearing the session down.
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${db}`).catch(() => {});
}
