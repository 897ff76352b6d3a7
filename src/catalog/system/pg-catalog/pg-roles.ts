/**
 * Roles: pg_authid (the table), pg_roles and pg_user (its views, which hide the password). Basin's roles are
 * superusers that can log in; role membership (pg_auth_members) does not exist yet.
 */
import type { RoleDef } from '../../model.ts';
import { columns } from '../columns.ts';
import { empty, type SystemRelation, type SystemRow } from '../relation.ts';

/** The attributes every view of a role shares. */
function attributes(r: RoleDef): SystemRow {
  return {
    rolname: r.name, rolsuper: r.superuser, rolinherit: true, rolcreaterole: r.superuser, rolcreatedb: r.superuser,
    rolcanlogin: true, rolreplication: r.superuser, rolbypassrls: r.superuser, rolconnlimit: -1, rolvaliduntil: null,
  };
}

export const pgAuthid: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_authid', oid: 1260, relkind: 'r',
  columns: columns(`oid:oid rolname:name rolsuper:boolean rolinherit:boolean rolcreaterole:boolean rolcreatedb:boolean
    rolcanlogin:boolean rolreplication:boolean rolbypassrls:boolean rolconnlimit:integer rolpassword:text
    rolvaliduntil:timestamp with time zone`),
  rows: (sys) => sys.roles.map((r) => ({ oid: r.oid, ...attributes(r), rolpassword: r.scramVerifier })),
};

export const pgRoles: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_roles', oid: 12000, relkind: 'v',
  columns: columns(`rolname:name rolsuper:boolean rolinherit:boolean rolcreaterole:boolean rolcreatedb:boolean
    rolcanlogin:boolean rolreplication:boolean rolconnlimit:integer rolpassword:text rolvaliduntil:timestamp with time zone
    rolbypassrls:boolean rolconfig:text[] oid:oid`),
  rows: (sys) => sys.roles.map((r) => ({ ...attributes(r), rolpassword: '********', oid: r.oid })),
};

export const pgUser: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_user', oid: 12014, relkind: 'v',
  columns: columns(`usename:name usesysid:oid usecreatedb:boolean usesuper:boolean userepl:boolean usebypassrls:boolean
    passwd:text valuntil:timestamp with time zone useconfig:text[]`),
  rows: (sys) => sys.roles.map((r) => ({
    usename: r.name, usesysid: r.oid, usecreatedb: r.superuser, usesuper: r.superuser, userepl: r.superuser,
    usebypassrls: r.superuser, passwd: '********',
  })),
};

export const pgAuthMembers = empty('pg_catalog', 'pg_auth_members', 1261, 'r', columns('roleid:oid member:oid grantor:oid admin_option:boolean'));
