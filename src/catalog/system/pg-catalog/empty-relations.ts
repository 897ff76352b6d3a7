/**
 * Catalogs of features Basin does not have (shared comments, inheritance, extensions, enums, ranges, sequences,
 * triggers, row-security policies, extended statistics, publications, rules, dependencies, foreign tables,
 * event triggers, user-defined operators and casts, encoding conversions (Basin speaks only UTF8), per-role settings, default privileges): empty, with PostgreSQL 15's columns, because psql and
 * drivers join them into their catalog queries.
 */
import { columns } from '../columns.ts';
import { empty } from '../relation.ts';

const pg = (name: string, oid: number, spec: string, relkind: 'r' | 'v' = 'r') => empty('pg_catalog', name, oid, relkind, columns(spec));

export const EMPTY_RELATIONS = [
  pg('pg_shdescription', 2396, 'objoid:oid classoid:oid description:text'),
  pg('pg_inherits', 2611, 'inhrelid:oid inhparent:oid inhseqno:integer inhdetachpending:boolean'),
  pg('pg_extension', 3079, `oid:oid extname:name extowner:oid extnamespace:oid extrelocatable:boolean extversion:text
    extconfig:oid[] extcondition:text[]`),
  pg('pg_enum', 3501, 'oid:oid enumtypid:oid enumsortorder:real enumlabel:name'),
  pg('pg_range', 3541, `rngtypid:oid rngsubtype:oid rngmultitypid:oid rngcollation:oid rngsubopc:oid rngcanonical:regproc
    rngsubdiff:regproc`),
  pg('pg_sequence', 2224, `seqrelid:oid seqtypid:oid seqstart:bigint seqincrement:bigint seqmax:bigint seqmin:bigint
    seqcache:bigint seqcycle:boolean`),
  pg('pg_sequences', 12048, `schemaname:name sequencename:name sequenceowner:name data_type:regtype start_value:bigint
    min_value:bigint max_value:bigint increment_by:bigint cycle:boolean cache_size:bigint last_value:bigint`, 'v'),
  pg('pg_trigger', 2620, `oid:oid tgrelid:oid tgparentid:oid tgname:name tgfoid:oid tgtype:smallint tgenabled:"char"
    tgisinternal:boolean tgconstrrelid:oid tgconstrindid:oid tgconstraint:oid tgdeferrable:boolean tginitdeferred:boolean
    tgnargs:smallint tgattr:int2vector tgargs:text tgqual:pg_node_tree tgoldtable:name tgnewtable:name`),
  pg('pg_policy', 3256, `oid:oid polname:name polrelid:oid polcmd:"char" polpermissive:boolean polroles:oid[]
    polqual:pg_node_tree polwithcheck:pg_node_tree`),
  pg('pg_statistic_ext', 3381, `oid:oid stxrelid:oid stxname:name stxnamespace:oid stxowner:oid stxstattarget:integer
    stxkeys:int2vector stxkind:"char"[] stxexprs:pg_node_tree`),
  pg('pg_publication', 6104, `oid:oid pubname:name pubowner:oid puballtables:boolean pubinsert:boolean pubupdate:boolean
    pubdelete:boolean pubtruncate:boolean pubviaroot:boolean`),
  pg('pg_publication_namespace', 6237, 'oid:oid pnpubid:oid pnnspid:oid'),
  pg('pg_publication_rel', 6106, 'oid:oid prpubid:oid prrelid:oid prqual:pg_node_tree prattrs:int2vector'),
  pg('pg_rewrite', 2618, `oid:oid rulename:name ev_class:oid ev_type:"char" ev_enabled:"char" is_instead:boolean
    ev_qual:pg_node_tree ev_action:pg_node_tree`),
  pg('pg_depend', 2608, `classid:oid objid:oid objsubid:integer refclassid:oid refobjid:oid refobjsubid:integer deptype:"char"`),
  pg('pg_foreign_table', 3118, 'ftrelid:oid ftserver:oid ftoptions:text[]'),
  pg('pg_event_trigger', 3466, 'oid:oid evtname:name evtevent:name evtowner:oid evtfoid:oid evtenabled:"char" evttags:text[]'),
  pg('pg_operator', 2617, `oid:oid oprname:name oprnamespace:oid oprowner:oid oprkind:"char" oprcanmerge:boolean
    oprcanhash:boolean oprleft:oid oprright:oid oprresult:oid oprcom:oid oprnegate:oid oprcode:regproc oprrest:regproc
    oprjoin:regproc`),
  pg('pg_cast', 2605, 'oid:oid castsource:oid casttarget:oid castfunc:oid castcontext:"char" castmethod:"char"'),
  pg('pg_conversion', 2607, `oid:oid conname:name connamespace:oid conowner:oid conforencoding:integer contoencoding:integer
    conproc:regproc condefault:boolean`),
  pg('pg_db_role_setting', 2964, 'setdatabase:oid setrole:oid setconfig:text[]'),
  pg('pg_default_acl', 826, 'oid:oid defaclrole:oid defaclnamespace:oid defaclobjtype:"char" defaclacl:aclitem[]'),
];
