/**
 * pg_stat_activity: every open session of the server (a superuser sees all, as here every role is one), with
 * its state and its running or last statement; and pg_locks, the advisory locks sessions hold (Basin takes no
 * other locks a client could see: commits are optimistic).
 */
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

export const pgStatActivity: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_stat_activity', oid: 12222, relkind: 'v',
  columns: columns(`datid:oid datname:name pid:integer leader_pid:integer usesysid:oid usename:name application_name:text
    client_addr:inet client_hostname:text client_port:integer backend_start:timestamp with time zone
    xact_start:timestamp with time zone query_start:timestamp with time zone state_change:timestamp with time zone
    wait_event_type:text wait_event:text state:text backend_xid:xid backend_xmin:xid query_id:bigint query:text backend_type:text`),
  rows: (sys) => [...sys.source.activity()].sort((a, b) => a.pid - b.pid).map((a) => ({
    datid: sys.source.view.database(a.database)?.oid ?? 0, datname: a.database, pid: a.pid, usesysid: sys.roleOidOf(a.user),
    usename: a.user, application_name: a.applicationName, backend_start: a.backendStart, xact_start: a.xactStart,
    query_start: a.queryStart, state_change: a.stateChange, state: a.state, query: a.query, backend_type: 'client backend',
  })),
};

export const pgLocks: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_locks', oid: 12073, relkind: 'v',
  columns: columns(`locktype:text database:oid relation:oid page:integer
  tuple:smallint virtualxid:text transactionid:xid classid:oid objid:oid objsubid:smallint virtualtransaction:text pid:integer
  mode:text granted:boolean fastpath:boolean waitstart:timestamp with time zone`),
  rows: (sys) => sys.source.advisoryLocks().map((l) => ({
    locktype: 'advisory', database: sys.source.view.database(l.database)?.oid ?? 0, classid: l.classid, objid: l.objid,
    objsubid: l.objsubid, virtualtransaction: `${l.pid}/0`, pid: l.pid, mode: l.mode === 'exclusive' ? 'ExclusiveLock' : 'ShareLock',
    granted: true, fastpath: false,
  })),
};
