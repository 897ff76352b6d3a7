/**
 * LISTEN / NOTIFY within one server, as PostgreSQL does them:
 *
 * - NOTIFY (and pg_notify) queues a notification in the transaction; COMMIT delivers the transaction's
 *   notifications in order, a repeated channel-and-payload pair once; ROLLBACK drops them, and ROLLBACK TO
 *   SAVEPOINT those queued since the savepoint.
 * - LISTEN and UNLISTEN take effect when their transaction commits (before its notifications are delivered,
 *   so a session hears its own NOTIFY).
 * - Every session listening on the channel when the notification is delivered receives it, the sender too;
 *   the connection sends it when the client is outside a transaction block (see EngineSession).
 */
import { SqlError, SqlState } from '../../common/index.ts';
import type { Notification } from '../../wire/index.ts';
import type { Transaction } from './transaction.ts';

/** PostgreSQL's NAMEDATALEN - 1 and NOTIFY_PAYLOAD_MAX_LENGTH - 1, in bytes. */
const MAX_CHANNEL_BYTES = 63;
const MAX_PAYLOAD_BYTES = 7999;

interface Listener {
  receive(n: Notification): void;
}

/** The server's channels: who listens on each. */
export class NotificationHub {
  private readonly channels = new Map<string, Set<Listener>>();

  listen(channel: string, l: Listener): void {
    let set = this.channels.get(channel);
    if (set === undefined) this.channels.set(channel, set = new Set());
    set.add(l);
  }

  unlisten(channel: string, l: Listener): void {
    const set = this.channels.get(channel);
    if (set === undefined) return;
    set.delete(l);
    if (set.size === 0) this.channels.delete(channel);
  }

  deliver(notifications: readonly Notification[]): void {
    for (const n of notifications) for (const l of this.channels.get(n.channel) ?? []) l.receive(n);
  }
}

type Action = { readonly listen: boolean; readonly channel: string | undefined };

/** One session's channels, what its open transaction will do to them, and what it has received. */
export class SessionNotifications implements Listener {
  private readonly channels = new Set<string>();
  private actions: Action[] = [];
  private outgoing: Notification[] = [];
  private inbox: Notification[] = [];
  private tx: Transaction | null = null;
  private wake: (() => void) | undefined;

  constructor(private readonly hub: NotificationHub, private readonly pid: number) {}

  listen(tx: Transaction, channel: string): void {
    this.track(tx);
    this.actions.push({ listen: true, channel });
  }

  /** UNLISTEN channel; undefined: UNLISTEN *. */
  unlisten(tx: Transaction, channel: string | undefined): void {
    this.track(tx);
    this.actions.push({ listen: false, channel });
  }

  /** NOTIFY channel, 'payload' and pg_notify(channel, payload). */
  notify(tx: Transaction, channel: string | null, payload: string | null): void {
    if (channel === null || channel === '') throw new SqlError(SqlState.invalidParameterValue, 'channel name cannot be empty');
    if (Buffer.byteLength(channel) > MAX_CHANNEL_BYTES) throw new SqlError(SqlState.invalidParameterValue, 'channel name too long');
    const text = payload ?? '';
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) throw new SqlError(SqlState.invalidParameterValue, 'payload string too long');
    this.track(tx);
    this.outgoing.push({ pid: this.pid, channel, payload: text });
  }

  /** pg_listening_channels(): the channels of committed LISTENs. */
  listening(): string[] {
    return [...this.channels];
  }

  /** For SAVEPOINT: what ROLLBACK TO it puts back. */
  save(): () => void {
    const actions = this.actions.length, outgoing = this.outgoing.length;
    return () => {
      this.actions.length = Math.min(actions, this.actions.length);
      this.outgoing.length = Math.min(outgoing, this.outgoing.length);
    };
  }

  receive(n: Notification): void {
    if (!this.channels.has(n.channel)) return;
    this.inbox.push(n);
    this.wake?.();
  }

  /** Hand over what has arrived (for channels still listened to: an UNLISTEN since drops them, as in PostgreSQL). */
  take(): Notification[] {
    const out = this.inbox.filter((n) => this.channels.has(n.channel));
    this.inbox = [];
    return out;
  }

  watch(wake: () => void): void {
    this.wake = wake;
  }

  /** The session ends: it listens no more. */
  close(): void {
    for (const c of this.channels) this.hub.unlisten(c, this);
    this.channels.clear();
    this.inbox = [];
  }

  private track(tx: Transaction): void {
    if (this.tx === tx) return;
    this.actions = [];
    this.outgoing = [];
    this.tx = tx;
    tx.onEnd((committed) => this.ended(tx, committed));
  }

  private ended(tx: Transaction, committed: boolean): void {
    if (this.tx !== tx) return;
    const actions = this.actions, outgoing = this.outgoing;
    this.tx = null;
    this.actions = [];
    this.outgoing = [];
    if (!committed) return;
    for (const a of actions) {
      const names = a.channel === undefined ? [...this.channels] : [a.channel];
      for (const c of names) {
        if (a.listen) {
          this.channels.add(c);
          this.hub.listen(c, this);
        } else {
          this.channels.delete(c);
          this.hub.unlisten(c, this);
        }
      }
    }
    const seen = new Set<string>();
    this.hub.deliver(outgoing.filter((n) => {
      const key = `${n.channel}\u0000${n.payload}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }));
  }
}
