/**
 * Sends a PostgreSQL CancelRequest for another connection's running statement: a fresh TCP connection
 * carrying (length 16, code 80877102, backend pid, secret key), then closed by the server. This is the
 * protocol-level cancel every driver uses; node-postgres keeps pid/key on the client after BackendKeyData.
 */
import net from 'node:net';
import type pg from 'pg';

interface KeyedClient {
  processID: number | null;
  secretKey: number | null;
}

export function backendKey(client: pg.Client): { pid: number; secret: number } {
  const { processID, secretKey } = client as unknown as KeyedClient;
  if (processID === null || secretKey === null) throw new Error('no BackendKeyData received from the server');
  return { pid: processID, secret: secretKey };
}

export function sendCancelRequest(host: string, port: number, pid: number, secret: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host, () => {
      const msg = Buffer.alloc(16);
      msg.writeInt32BE(16, 0);
      msg.writeInt32BE(80877102, 4);
      msg.writeInt32BE(pid, 8);
      msg.writeInt32BE(secret | 0, 12);
      socket.end(msg);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve());
    socket.setTimeout(5000, () => socket.destroy());
  });
}
