/**
 * pg_settings: the settings a session can read with SHOW, from the settings table, with the session's
 * current values. Server settings (port, data directory, the superuser's password) are not listed: they are
 * the operator's, not the client's.
 */
import { PgArray, SETTINGS, type SettingDef } from '../../../common/index.ts';
import { columns } from '../columns.ts';
import type { SystemRelation } from '../relation.ts';

const COLUMNS = columns(`name:text setting:text unit:text category:text short_desc:text extra_desc:text context:text vartype:text
  source:text min_val:text max_val:text enumvals:text[] boot_val:text reset_val:text sourcefile:text sourceline:integer
  pending_restart:boolean`);

function vartype(s: SettingDef): string {
  if (s.enumValues !== undefined) return 'enum';
  if (s.default === 'on' || s.default === 'off') return 'bool';
  if (/^-?\d+$/.test(s.default)) return 'integer';
  return 'string';
}

/** Settings that cannot be changed are PostgreSQL's "internal" ones (server_version, …). */
function context(s: SettingDef): string {
  if (s.check === undefined) return 'user';
  try {
    s.check(s.default);
    return 'user';
  } catch {
    return 'internal';
  }
}

export const pgSettings: SystemRelation = {
  schema: 'pg_catalog', name: 'pg_settings', oid: 12104, relkind: 'v', columns: COLUMNS,
  rows: (sys) => SETTINGS.filter((s) => s.scope === 'session').map((s) => {
    const value = sys.source.setting(s.name);
    return {
      name: s.name, setting: value, unit: s.unit ?? null, category: s.name.startsWith('basin.') ? 'Basin' : 'Client Connection Defaults',
      short_desc: s.description, context: context(s), vartype: vartype(s), source: value === s.default ? 'default' : 'session',
      enumvals: s.enumValues === undefined ? null : PgArray.of([...s.enumValues]),
      boot_val: s.default, reset_val: s.default, pending_restart: false,
    };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
};
