/**
 * Runs parsed .slt records against a live server over the simple query protocol with text results, and
 * either checks them or (in complete mode) rewrites the file's expected results from the server's answers.
 */
import pg from 'pg';
import { backendKey, sendCancelRequest } from '../cancel-request.ts';
import { compareStrings, normaliseExpected, renderResult, typeLetter } from './format.ts';
import { appliesTo, parseSlt, type ErrorExpectation, type SltRecord } from './parser.ts';

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password?: string | undefined;
  readonly database: string;
}

export interface RunOptions {
  /** Name matched by skipif/onlyif. */
  readonly engine?: string;
  /** Rewrite expected results from the server's answers instead of checking them. */
  readonly complete?: boolean;
  /** Per-statement limit; on expiry the statement is cancelled and the record fails. */
  readonly timeoutMs?: number;
}

export interface Failure {
  readonly line: number;
  readonly sql: string;
  readonly message: string;
  readonly expected?: readonly string[];
  readonly actual?: readonly string[];
}

export interface FileResult {
  readonly file: string;
  passed: number;
  skipped: number;
  readonly failures: Failure[];
  /** In complete mode: the file's new text. */
  completed?: string;
}

/** A client whose every value comes back as the raw text the server sent. */
export async function connectText(c: ConnectionOptions): Promise<pg.Client> {
  const client = new pg.Client({
    host: c.host,
    port: c.port,
    user: c.user,
    password: c.password,
    database: c.database,
    types: { getTypeParser: () => (v: string) => v },
  });
  await client.connect();
  client.on('error', () => {}); // a dropped connection surfaces on the next query instead
  return client;
}

interface Outcome {
  readonly rows?: readonly (readonly unknown[])[];
  readonly fields?: readonly { dataTypeID: number }[];
  readonly rowCount?: number | null;
  readonly error?: { code: string | undefined; message: string };
}

/** The file's connection; replaced when a statement had to be abandoned or the connection dropped. */
export interface Session {
  client: pg.Client;
  readonly conn: ConnectionOptions;
}

const CANCEL_GRACE_MS = 5_000;

async function execute(session: Session, sql: string, timeoutMs: number): Promise<Outcome> {
  const { client, conn } = session;
  const timers: NodeJS.Timeout[] = [];
  let timedOut = false;
  let abandon: (e: Error) => void = () => {};
  const abandoned = new Promise<never>((_, reject) => {
    abandon = reject;
  });
  try {
    const run = client.query<unknown[]>({ text: sql, rowMode: 'array' });
    timers.push(setTimeout(() => {
      timedOut = true;
      const { pid, secret } = backendKey(client);
      sendCancelRequest(conn.host, conn.port, pid, secret).catch(() => {});
      // A server that ignores the cancel: give up on this connection so that the file can go on.
      timers.push(setTimeout(() => abandon(new Error('no answer to CancelRequest; connection reset')), CANCEL_GRACE_MS));
    }, timeoutMs));
    const res = await Promise.race([run, abandoned]);
    // Several statements in one record: the last result is the record's.
    const last = (Array.isArray(res) ? res[res.length - 1] : res) as pg.QueryArrayResult | undefined;
    return { rows: last?.rows ?? [], fields: last?.fields ?? [], rowCount: last?.rowCount ?? null };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const message = (timedOut ? `timed out after ${timeoutMs} ms: ` : '') + String(err.message ?? e);
    if (err.code === undefined) await reconnect(session); // not a server error: the connection is unusable
    return { error: { code: err.code, message } };
  } finally {
    for (const t of timers) clearTimeout(t);
  }
}

async function reconnect(session: Session): Promise<void> {
  const old = session.client as unknown as { connection?: { stream?: { destroy(): void } } };
  old.connection?.stream?.destroy();
  session.client.end().catch(() => {});
  for (let attempt = 1; ; attempt++) {
    try {
      session.client = await connectText(session.conn);
      return;
    } catch (e) {
      if (attempt >= 5) throw e;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

function errorMatches(expect: ErrorExpectation, error: { code: string | undefined; message: string }): boolean {
  switch (expect.kind) {
    case 'any':
      return true;
    case 'sqlstate':
      return error.code === expect.code;
    case 'message':
      try {
        return new RegExp(expect.pattern).test(error.message);
      } catch {
        return error.message.includes(expect.pattern);
      }
  }
}

function describeError(error: { code: string | undefined; message: string }): string {
  return `${error.code ?? '(no SQLSTATE)'}: ${error.message}`;
}

/** Runs one file's text on an open connection. A failing record never stops the file. */
export async function runText(
  file: string,
  text: string,
  session: Session,
  options: RunOptions = {},
): Promise<FileResult> {
  const engine = options.engine ?? 'basin';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const records = parseSlt(text, file);
  const result: FileResult = { file, passed: 0, skipped: 0, failures: [] };
  const lines = text.split('\n');
  const out: string[] = [];
  let copied = 0; // lines of `lines` already copied to `out`
  const replace = (r: SltRecord, replacement: string[]): void => {
    out.push(...lines.slice(copied, r.startIndex), ...replacement);
    copied = r.endIndex;
  };
  const fail = (r: SltRecord & { sql: string }, message: string, expected?: string[], actual?: string[]): void => {
    result.failures.push({ line: r.line, sql: r.sql, message, ...(expected ? { expected } : {}), ...(actual ? { actual } : {}) });
  };
  const head = (r: SltRecord): string[] => lines.slice(r.startIndex, r.line - 1);
  const sqlLines = (r: SltRecord & { sql: string }): string[] => r.sql.split('\n');

  for (const r of records) {
    if (r.kind === 'halt') break;
    if (!appliesTo(r, engine)) {
      result.skipped++;
      continue;
    }
    const o = await execute(session, r.sql, timeoutMs);
    const before = result.failures.length;

    if (r.kind === 'statement') {
      const e = r.expect;
      if (e.kind === 'error') {
        if (!o.error) fail(r, 'expected an error, statement succeeded');
        else if (!errorMatches(e.error, o.error)) fail(r, `wrong error: got ${describeError(o.error)}; expected ${fmtExpect(e.error)}`);
        if (options.complete && o.error && e.error.kind === 'sqlstate' && o.error.code && o.error.code !== e.error.code) {
          replace(r, [...head(r), `statement error ${o.error.code}`, ...sqlLines(r)]);
        }
      } else if (o.error) {
        fail(r, `unexpected error: ${describeError(o.error)}`);
        if (options.complete && o.error.code) replace(r, [...head(r), `statement error ${o.error.code}`, ...sqlLines(r)]);
      } else if (e.kind === 'count' && o.rowCount !== e.count) {
        fail(r, `expected count ${e.count}, got ${String(o.rowCount)}`);
        if (options.complete) replace(r, [...head(r), `statement count ${String(o.rowCount)}`, ...sqlLines(r)]);
      }
    } else if (r.kind === 'query-error') {
      if (!o.error) fail(r, 'expected an error, query succeeded');
      else if (!errorMatches(r.error, o.error)) fail(r, `wrong error: got ${describeError(o.error)}; expected ${fmtExpect(r.error)}`);
      if (options.complete && o.error && r.error.kind === 'sqlstate' && o.error.code && o.error.code !== r.error.code) {
        replace(r, [...head(r), `query error ${o.error.code}`, ...sqlLines(r)]);
      }
    } else if (o.error) {
      fail(r, `unexpected error: ${describeError(o.error)}`);
      if (options.complete && o.error.code) replace(r, [...head(r), `query error ${o.error.code}`, ...sqlLines(r)]);
    } else {
      const fields = o.fields ?? [];
      const actual = renderResult(o.rows ?? [], r.sort);
      const expected = normaliseExpected(r.expected, r.sort);
      if (fields.length !== r.types.length) {
        fail(r, `expected ${r.types.length} columns (${r.types}), got ${fields.length}`, expected, actual);
      } else if (actual.length !== expected.length || actual.some((l, i) => l !== expected[i])) {
        fail(r, 'result mismatch', expected, actual);
      }
      if (options.complete) {
        const types = fields.map((f) => typeLetter(f.dataTypeID)).join('') || r.types;
        const sortWords = r.label ? [r.sort, r.label] : r.sort === 'nosort' ? [] : [r.sort];
        const header = ['query', types, ...sortWords].join(' ');
        const rows = r.sort === 'nosort' ? actual : [...actual].sort(compareStrings);
        replace(r, [...head(r), header, ...sqlLines(r), '----', ...rows]);
      }
    }
    if (result.failures.length === before) result.passed++;
  }
  if (options.complete) result.completed = [...out, ...lines.slice(copied)].join('\n');
  return result;
}

function fmtExpect(e: ErrorExpectation): string {
  return e.kind === 'sqlstate' ? `SQLSTATE ${e.code}` : e.kind === 'message' ? `message matching /${e.pattern}/` : 'any error';
}

/** A readable report of a file's failures: file:line, SQL, expected vs actual. */
export function formatFailures(result: FileResult): string {
  return result.failures
    .map((f) => {
      const parts = [`${result.file}:${f.line}: ${f.message}`, indent(f.sql, '    ')];
      if (f.expected && f.actual) parts.push(diff(f.expected, f.actual));
      return parts.join('\n');
    })
    .join('\n\n');
}

function indent(s: string, by: string): string {
  return s
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** Line diff: `  ` same, `- ` expected only, `+ ` actual only (aligned by position; results are short). */
function diff(expected: readonly string[], actual: readonly string[]): string {
  const out = ['  --- expected / +++ actual'];
  const n = Math.max(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === a) out.push(`    ${e}`);
    else {
      if (e !== undefined) out.push(`  - ${e}`);
      if (a !== undefined) out.push(`  + ${a}`);
    }
  }
  return out.join('\n');
}
