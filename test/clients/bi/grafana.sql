-- Grafana's PostgreSQL data source (grafana-postgresql-datasource): the queries of the data source's settings
-- page (version and TimescaleDB detection) and of the visual query builder's schema, table and column
-- pickers. Written from grafana/grafana, public/app/plugins/datasource/grafana-postgresql-datasource/
-- postgresMetaQuery.ts (getVersion, getTimescaleDBVersion, showSchemas, showTables, getSchema, and
-- buildSchemaConstraint, the search_path test they share) and configuration/useAutoDetectFeatures.ts. The
-- backend runs them without parameters (the names are inlined as quoted literals), so they go as simple
-- queries.

-- @query version
-- getVersion: the settings page picks the PostgreSQL version from it.
SELECT current_setting('server_version_num')::int/100 as version

-- @query timescaledb
-- getTimescaleDBVersion: no TimescaleDB here.
SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'

-- @query schemas
-- showSchemas: the schema picker.
-- @where name in (bi_corpus, public)
SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name

-- @query tables-of-schema
-- showTables(schema): the table picker once a schema is chosen.
SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'bi_corpus'
      ORDER BY 1

-- @query tables
-- showTables(): the table picker without a schema: names on the search path bare, the others qualified.
-- @where table like bi_corpus.%
SELECT
    CASE WHEN 
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN 
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          ) THEN 0 ELSE 1 END, 1

-- @query columns-qualified
-- getSchema('bi_corpus.orders'): the column picker for a qualified table.
-- @sort
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('bi_corpus.orders'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('bi_corpus.orders'))[1]
          AND quote_ident(table_name) = (parse_ident('bi_corpus.orders'))[2]
        ELSE quote_ident(table_name) = 'bi_corpus.orders'
          AND 
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END

-- @query columns-unqualified
-- getSchema('customers'): the column picker for a bare name, looked up on the search path (where it is not).
SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('customers'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('customers'))[1]
          AND quote_ident(table_name) = (parse_ident('customers'))[2]
        ELSE quote_ident(table_name) = 'customers'
          AND 
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )
      END
