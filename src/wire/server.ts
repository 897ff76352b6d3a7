/**
 * The listening side: accepts sockets, gives each a Connection, hands out backend keys (pid + secret)
 * and routes CancelRequests to the connection whose key matches.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { Connection, type BackendKey, type ConnectionHost, type Log } from './connection.ts';
import type { Engine } from './engine.ts';

export interface WireServerOptions {
  readonly host: string;
  /** 0 picks a free port; the chosen one is in the result. */
  readonly port: number;
  readonly engine: Engine;
  /** Largest Query/Parse/Bind/CopyData message accepted, in bytes (default 1 GiB, PostgreSQL's limit). */
  readonly maxMessageSize?: number;
  readonly log?: Log;
}

export interface WireServer {
  readonly port: number;
  /** Stop listening, end every connection with FATAL 57P01, resolve once all sessions are closed. */
  close(): Promise<void>;
}

const DEFAULT_MAX_MESSAGE_SIZE = 0x3fffffff;

const defaultLog: Log = (level, msg) => {
  if (level === 'error' || level === 'warn') console.error(`basin wire ${level}: ${msg}`);
};

export async function startWireServer(opts: WireServerOptions): Promise<WireServer> {
  const connections = new Set<Connection>();
  const backends = new Map<number, Connection>();
  let lastPid = 0;
  let closing = false;
  const drained: (() => void)[] = [];

  const host: ConnectionHost = {
    engine: opts.engine,
    maxMessageSize: opts.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
    log: opts.log ?? defaultLog,
    registerBackend(conn: Connection): BackendKey {
      // Increasing pids, skipping any still in use after a wrap-around.
      do {
        lastPid = lastPid >= 0x7fffffff ? 1 : lastPid + 1;
      } while (backends.has(lastPid));
      const key = { pid: lastPid, secret: randomBytes(4).readInt32BE(0) };
      backends.set(key.pid, conn);
      return key;
    },
    cancelRequest(pid: number, secret: number): void {
      const conn = backends.get(pid);
      if (conn !== undefined && conn.key?.secret === secret) conn.cancelQuery();
      else host.log('debug', `CancelRequest for backend ${pid} does not match any connection`);
    },
    released(conn: Connection): void {
      connections.delete(conn);
      if (conn.key !== undefined && backends.get(conn.key.pid) === conn) backends.delete(conn.key.pid);
      if (connections.size === 0) for (const done of drained.splice(0)) done();
    },
  };

  const server = createServer((socket: Socket) => {
    if (closing) {
      socket.destroy();
      return;
    }
    connections.add(new Connection(socket, host));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err) => host.log('error', `listener: ${err.message}`));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : opts.port;

  return {
    port,
    async close(): Promise<void> {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      const allClosed = connections.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => drained.push(resolve));
      for (const conn of connections) conn.shutdown();
      await Promise.all([stopped, allClosed]);
    },
  };
}
