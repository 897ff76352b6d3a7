-- The catalog queries psql 15 sends while completing names with Tab, one block per completion: what was typed
-- (⇥ is Tab), the query's name in PostgreSQL 15's src/bin/psql/tab-complete.c (Query_for_list_of_* and
-- SchemaQuery definitions, filled in by _complete_from_query), the names it must return, and the query as
-- psql 15.18 sent it to PostgreSQL 15 (taken from the server's log_statement = all; the prefix typed is
-- substituted, with LIKE's _ escaped). :DATABASE_PREFIX and :USER_PREFIX stand for the first three letters of
-- the database and user connected to, :DATABASE and :USER for their names. Replayed by psql-completion.test.ts
-- on the schema it makes (tables tabc_emp and tabc_dept, view tabc_rich, schema tabcomp).

-- typed: SELECT * FROM tabc_⇥  (Query_for_list_of_selectables)
-- expect: tabc_dept tabc_emp tabc_rich
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: SELECT * FROM tabc_emp WHERE na⇥  (Query_for_list_of_attributes)
-- expect: name nation
SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE 'na%' AND c.relname = 'tabc_emp' AND pg_catalog.pg_table_is_visible(c.oid)
	LIMIT 1000;

-- typed: SET search_⇥  (Query_for_list_of_set_vars)
-- expect: search_path
SELECT pg_catalog.lower(name) FROM pg_catalog.pg_settings  WHERE context IN ('user', 'superuser')    AND pg_catalog.lower(name) LIKE pg_catalog.lower('search\_%')
	LIMIT 1000;

-- typed: SHOW date⇥  (Query_for_list_of_show_vars)
-- expect: datestyle
SELECT pg_catalog.lower(name) FROM pg_catalog.pg_settings  WHERE pg_catalog.lower(name) LIKE pg_catalog.lower('date%')
	LIMIT 1000;

-- typed: \d tabc_⇥  (Query_for_list_of_relations)
-- expect: tabc_dept tabc_emp tabc_emp_name_idx tabc_emp_pkey tabc_rich
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: \dt tabc_⇥  (Query_for_list_of_tables)
-- expect: tabc_dept tabc_emp
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: \dv tabc_⇥  (Query_for_list_of_views)
-- expect: tabc_rich
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('v') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: DROP INDEX tabc_⇥  (Query_for_list_of_indexes)
-- expect: tabc_emp_name_idx tabc_emp_pkey
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('i', 'I') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: INSERT INTO tabc_⇥  (Query_for_list_of_updatables)
-- expect: tabc_dept tabc_emp tabc_rich
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'f', 'v', 'p') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: DROP SCHEMA tabc⇥  (Query_for_list_of_schemas)
-- expect: tabcomp
SELECT nspname FROM pg_catalog.pg_namespace  WHERE nspname LIKE 'tabc%'
	LIMIT 1000;

-- typed: SELECT * FROM tabcomp.⇥  (Query_for_list_of_selectables, schema-qualified)
-- expect: tabc_other tabcomp
SELECT c.relname, n.nspname FROM pg_catalog.pg_class c, pg_catalog.pg_namespace n WHERE c.relnamespace = n.oid AND c.relkind IN ('r', 'S', 'v', 'm', 'f', 'p') AND (c.relname) LIKE '%' AND n.nspname = 'tabcomp'
	LIMIT 1000;

-- typed: SELECT * FROM tabcomp.tabc_other WHERE ki⇥  (Query_for_list_of_attributes_with_schema)
-- expect: kind
SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, pg_catalog.pg_class c, pg_catalog.pg_namespace nr WHERE c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped AND (a.attname) LIKE 'ki%' AND c.relname = 'tabc_other' AND c.relnamespace = nr.oid AND nr.nspname = 'tabcomp'
	LIMIT 1000;

-- typed: \c :DATABASE_PREFIX⇥  (Query_for_list_of_databases)
-- expect: :DATABASE
SELECT datname FROM pg_catalog.pg_database  WHERE datname LIKE ':DATABASE_PREFIX%'
	LIMIT 1000;

-- typed: ALTER ROLE :USER_PREFIX⇥  (Query_for_list_of_roles)
-- expect: :USER
SELECT rolname    FROM pg_catalog.pg_roles   WHERE rolname LIKE ':USER_PREFIX%'
	LIMIT 1000;

-- typed: \df initc⇥  (Query_for_list_of_functions)
-- expect: initcap
SELECT p.proname, NULL::pg_catalog.text FROM pg_catalog.pg_proc p WHERE p.prokind != 'p' AND (p.proname) LIKE 'initc%' AND pg_catalog.pg_function_is_visible(p.oid)
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'initc%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: ANALYZE tabc_⇥  (Query_for_list_of_analyzables)
-- expect: tabc_dept tabc_emp
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p', 'm') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: TRUNCATE tabc_⇥  (Query_for_list_of_truncatables)
-- expect: tabc_dept tabc_emp
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'f', 'p') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: CREATE INDEX ON tabc_⇥  (Query_for_list_of_indexables)
-- expect: tabc_dept tabc_emp
SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind IN ('r', 'p', 'm', 'f') AND (c.relname) LIKE 'tabc\_%' AND pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'tabc\_%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;

-- typed: SET client_min_messages TO ⇥  (Query_for_list_of_set_vars: the type of a setting)
-- expect: enum
SELECT vartype FROM pg_catalog.pg_settings WHERE pg_catalog.lower(name) = pg_catalog.lower('client_min_messages');

-- typed: SET client_min_messages TO ⇥  (Query_for_enum)
-- expect: debug1 debug2 debug3 debug4 debug5 error log notice warning
SELECT val FROM (    SELECT name, pg_catalog.unnest(enumvals) AS val      FROM pg_catalog.pg_settings     ) ss   WHERE val LIKE '%'        and pg_catalog.lower(name)=pg_catalog.lower('client_min_messages')
	LIMIT 1000;

-- typed: \dT varch⇥  (Query_for_list_of_datatypes)
-- expect: varchar
SELECT t.typname, NULL::pg_catalog.text FROM pg_catalog.pg_type t WHERE (t.typrelid = 0  OR (SELECT c.relkind = 'c'     FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid)) AND t.typname !~ '^_' AND (t.typname) LIKE 'varch%' AND pg_catalog.pg_type_is_visible(t.oid)
	UNION ALL
	SELECT NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname LIKE 'varch%' AND n.nspname NOT LIKE E'pg\\_%'
	LIMIT 1000;
