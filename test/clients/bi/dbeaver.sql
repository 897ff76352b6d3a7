-- DBeaver (Community, PostgreSQL driver plugin org.jkiss.dbeaver.ext.postgresql), the catalog queries it sends
-- on connect and when the Database Navigator expands a database, a schema and its tables. Written from
-- dbeaver/dbeaver, plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/:
-- PostgreDataSource.java (initialize, determineDefaultObjects, DatabaseCache), PostgreDatabase.java (RoleCache,
-- AccessMethodCache, EncodingCache, LanguageCache, TablespaceCache, SchemaCache), PostgreDataTypeCache.java
-- (prepareObjectsStatement), PostgreSchema.java (TableCache, its children (columns), ConstraintCache,
-- IndexCache, ProceduresCache, CollationCache, ExtensionCache). DBeaver sends them as JDBC prepared
-- statements; `?` is bound with setLong (an OID) or setString. The `c.*`/`t.*` queries are compared on the
-- columns DBeaver reads from them.

-- @query current-objects
-- determineDefaultObjects: the active database, schema and user.
SELECT current_database(), current_schema(),session_user

-- @query search-path
SHOW search_path

-- @query databases
-- DatabaseCache (show non-default databases off): the connected database only.
-- @params current_database
-- @columns datname, encoding, datistemplate, datallowconn, datconnlimit
SELECT db.oid,db.*
FROM pg_catalog.pg_database db WHERE NOT datistemplate AND datallowconn
AND db.datname=$1

-- @query schemas
-- SchemaCache: every schema with its comment (the navigator hides pg_toast/pg_temp ones itself).
-- @columns nspname, description
-- @where nspname in (bi_corpus, public, pg_catalog, information_schema)
SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid
 ORDER BY nspname

-- @query roles
-- RoleCache (the Roles folder): compared on the connecting role only, which exists in both.
-- @columns rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin
-- @where rolname in (basin, postgres)
SELECT a.oid,a.* FROM pg_catalog.pg_roles a 
ORDER BY a.oid

-- @query access-methods
-- AccessMethodCache: compared on the two Basin's relations use.
-- @columns oid, amname, amtype
-- @where amname in (heap, btree)
SELECT am.oid,am.* FROM pg_catalog.pg_am am 
ORDER BY am.oid

-- @query encodings
-- EncodingCache (the encoding list of the database editor): Basin has no encoding conversions (it speaks only
-- UTF8), so it returns no rows where PostgreSQL lists every encoding; checked to run, with its columns.
-- @rows none
SELECT c.contoencoding as encid,pg_catalog.pg_encoding_to_char(c.contoencoding) as encname
FROM pg_catalog.pg_conversion c
GROUP BY c.contoencoding
ORDER BY 2

-- @query languages
-- LanguageCache: compared on the built-in languages.
-- @columns oid, lanname, lanispl, lanpltrusted
-- @where lanname in (internal, c, sql)
SELECT l.oid,l.* FROM pg_catalog.pg_language l 
ORDER BY l.oid

-- @query tablespaces
-- @columns oid, spcname
SELECT t.oid,t.* FROM pg_catalog.pg_tablespace t 
ORDER BY t.oid

-- @query data-types
-- PostgreDataTypeCache, for pg_catalog (every connection caches its types): compared on the types Basin has.
-- @params schema_oid:pg_catalog
-- @columns oid, typname, typlen, typbyval, typtype, typcategory, typdelim, typelem, typarray, typnotnull, typbasetype, typtypmod, typndims, relkind, base_type_name, description
-- @where typname in (bool,bytea,char,name,int8,int2,int4,text,oid,json,float4,float8,bpchar,varchar,date,time,timestamp,timestamptz,interval,numeric,uuid,jsonb,_bool,_bytea,_int2,_int4,_int8,_text,_varchar,_float4,_float8,_numeric,_date,_timestamp,_timestamptz,_uuid,_json,_jsonb)
-- @sort
SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as base_type_name, d.description
FROM pg_catalog.pg_type t
LEFT OUTER JOIN pg_catalog.pg_type et ON et.oid=t.typelem 
LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid
LEFT OUTER JOIN pg_catalog.pg_description d ON t.oid=d.objoid
WHERE t.typname IS NOT NULL
AND (c.relkind IS NULL OR c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')
AND t.typnamespace=$1 

-- @query tables
-- TableCache: the schema's tables and views.
-- @params schema_oid:bi_corpus
-- @columns oid, relname, relnamespace, relkind, relnatts, relhasindex, relchecks, relpersistence, description, parents
-- @sort
SELECT c.oid,c.*,d.description,(select array_agg(i.inhparent) from pg_catalog.pg_inherits i where i.inhrelid = c.oid) parents
FROM pg_catalog.pg_class c
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0
WHERE c.relnamespace=$1 AND c.relkind not in ('i','c')

-- @query table-by-name
-- TableCache lookup of one table (navigating to it by name).
-- @params schema_oid:bi_corpus, orders
-- @columns relname, relkind, relnatts
SELECT c.oid,c.*,d.description,(select array_agg(i.inhparent) from pg_catalog.pg_inherits i where i.inhrelid = c.oid) parents
FROM pg_catalog.pg_class c
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0
WHERE c.relnamespace=$1 AND c.relkind not in ('i','c') AND relname=$2

-- @query columns
-- TableCache children: every column of the schema's tables and views, with defaults and comments.
-- @params schema_oid:bi_corpus
-- @columns relname, attname, atttypid, attlen, attnum, atttypmod, attnotnull, atthasdef, attidentity, attgenerated, attisdropped, def_value, description
-- @sort
SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as def_value,dsc.description
FROM pg_catalog.pg_attribute a
INNER JOIN pg_catalog.pg_class c ON (a.attrelid=c.oid)
LEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum = ad.adnum)
LEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum = dsc.objsubid)
WHERE NOT a.attisdropped AND c.relnamespace=$1 AND c.relkind not in ('i','c')  ORDER BY a.attnum

-- @query constraints
-- ConstraintCache: keys, foreign keys and checks of the schema's tables.
-- @params schema_oid:bi_corpus
-- @columns conname, contype, condeferrable, condeferred, conrelid, confrelid, conkey, confkey, confupdtype, confdeltype, confmatchtype, tabrelname, refnamespace
-- @sort
SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace
FROM pg_catalog.pg_constraint c
INNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid
LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid
WHERE t.relnamespace=$1
ORDER BY c.oid

-- @query indexes
-- IndexCache: the schema's indexes (primary keys' included), their key columns and expressions.
-- @params schema_oid:bi_corpus
-- @columns relname, tabrelname, indnatts, indisunique, indisprimary, indisclustered, indisvalid, relam, description, expr
SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr
FROM pg_catalog.pg_index i
INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid
INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid
LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid
WHERE  c.relnamespace=$1 ORDER BY c.relname

-- @query index-keys
-- The same query's key columns (indkey, an int2vector, and indclass, an oidvector), which DBeaver parses.
-- @params schema_oid:bi_corpus
-- @columns relname, keys, indkey
SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,tc.relname as tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr
FROM pg_catalog.pg_index i
INNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid
INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid
LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid
WHERE  c.relnamespace=$1 ORDER BY c.relname

-- @query procedures
-- ProceduresCache (the schema's Functions folder): none here.
-- @params schema_oid:bi_corpus
-- @columns proname
SELECT p.oid,p.*,d.description
FROM pg_catalog.pg_proc p
LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=p.oid
WHERE p.pronamespace=$1
ORDER BY p.proname

-- @query collations
-- @params schema_oid:bi_corpus
-- @columns collname
SELECT c.oid,c.* FROM pg_catalog.pg_collation c 
WHERE c.collnamespace=$1
ORDER BY c.oid

-- @query extensions
-- @params schema_oid:bi_corpus
-- @columns extname
SELECT e.oid,e.* FROM pg_catalog.pg_extension e 
WHERE e.extnamespace=$1
ORDER BY e.oid
