import java.math.BigDecimal;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;

/**
 * PostgreSQL's JDBC driver against a server: each scenario prints one line, `ok NAME` or `fail NAME: reason`
 * (test/clients/jdbc.test.ts makes one test case per line). Arguments: host port database user [password].
 * The scenarios own the schema jdbc_t, dropped and made anew first, so they run alike on Basin and on a real
 * PostgreSQL 15.
 */
public final class JdbcScenario {
  private static String url;
  private static Properties props;

  interface Body {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:postgresql://" + args[0] + ":" + args[1] + "/" + args[2];
    props = new Properties();
    props.setProperty("user", args[3]);
    if (args.length > 4 && !args[4].isEmpty()) props.setProperty("password", args[4]);
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "60");

    Map<String, Body> scenarios = new LinkedHashMap<>();
    scenarios.put("connect", JdbcScenario::connect);
    scenarios.put("setup", JdbcScenario::setup);
    scenarios.put("metadata_tables", JdbcScenario::metadataTables);
    scenarios.put("metadata_columns", JdbcScenario::metadataColumns);
    scenarios.put("metadata_foreign_keys", JdbcScenario::metadataForeignKeys);
    scenarios.put("metadata_schemas_catalogs", JdbcScenario::metadataSchemasCatalogs);
    scenarios.put("metadata_functions", JdbcScenario::metadataFunctions);
    scenarios.put("metadata_keys_indexes", JdbcScenario::metadataKeysIndexes);
    scenarios.put("metadata_type_info", JdbcScenario::metadataTypeInfo);
    scenarios.put("prepared_server_side", JdbcScenario::preparedServerSide);
    scenarios.put("fetch_size_streaming", JdbcScenario::fetchSizeStreaming);
    scenarios.put("batch_insert", () -> batchInsert(false));
    scenarios.put("batch_insert_rewritten", () -> batchInsert(true));
    scenarios.put("commit_rollback", JdbcScenario::commitRollback);
    scenarios.put("savepoints", JdbcScenario::savepoints);
    scenarios.put("isolation_read_only", JdbcScenario::isolationReadOnly);
    scenarios.put("error_recovery", JdbcScenario::errorRecovery);
    scenarios.put("result_set_metadata", JdbcScenario::resultSetMetadata);
    scenarios.put("arrays", JdbcScenario::arrays);
    scenarios.put("callable_statement", JdbcScenario::callableStatement);

    List<String> only = Arrays.asList(System.getenv().getOrDefault("JDBC_SCENARIOS", "").split(","));
    for (Map.Entry<String, Body> s : scenarios.entrySet()) {
      if (!only.get(0).isEmpty() && !only.contains(s.getKey()) && !s.getKey().equals("setup")) continue;
      String line;
      try {
        s.getValue().run();
        line = "ok " + s.getKey();
      } catch (Throwable t) {
        line = "fail " + s.getKey() + ": " + describe(t);
      }
      System.out.println(line);
      System.out.flush();
    }
  }

  private static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    if (t instanceof SQLException) b.append(" [SQLState ").append(((SQLException) t).getSQLState()).append(']');
    StackTraceElement[] st = t.getStackTrace();
    for (StackTraceElement e : st) {
      if (e.getClassName().equals("JdbcScenario")) {
        b.append(" (line ").append(e.getLineNumber()).append(')');
        break;
      }
    }
    return b.toString().replace('\n', ' ');
  }

  private static Connection connect(Properties extra) throws SQLException {
    Properties p = new Properties();
    p.putAll(props);
    p.putAll(extra);
    return DriverManager.getConnection(url, p);
  }

  private static Connection open() throws SQLException {
    return connect(new Properties());
  }

  private static void check(boolean cond, String what) {
    if (!cond) throw new AssertionError(what);
  }

  private static void eq(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) throw new AssertionError(what + ": expected <" + expected + "> but got <" + actual + ">");
  }

  private static void exec(Connection c, String... sql) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String s : sql) st.execute(s);
    }
  }

  /** Every row of a result set as a map from column label to getString. */
  private static List<Map<String, String>> rows(ResultSet rs) throws SQLException {
    try (rs) {
      ResultSetMetaData md = rs.getMetaData();
      List<Map<String, String>> out = new ArrayList<>();
      while (rs.next()) {
        Map<String, String> row = new HashMap<>();
        for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnLabel(i).toUpperCase(), rs.getString(i));
        out.add(row);
      }
      return out;
    }
  }

  private static List<String> column(List<Map<String, String>> rows, String name) {
    List<String> out = new ArrayList<>();
    for (Map<String, String> r : rows) out.add(r.get(name));
    return out;
  }

  // ---- scenarios ----

  private static void connect() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      eq("PostgreSQL", md.getDatabaseProductName(), "getDatabaseProductName");
      eq(show(c, "server_version"), md.getDatabaseProductVersion(), "getDatabaseProductVersion");
      check(md.getDatabaseMajorVersion() >= 15, "getDatabaseMajorVersion " + md.getDatabaseMajorVersion());
      eq("PostgreSQL JDBC Driver", md.getDriverName(), "getDriverName");
      eq(props.getProperty("user"), md.getUserName(), "getUserName");
      check(md.getURL().startsWith("jdbc:postgresql://"), "getURL " + md.getURL());
      check(md.supportsTransactions(), "supportsTransactions");
      eq("\"", md.getIdentifierQuoteString(), "getIdentifierQuoteString");
      eq(basin(c) ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation(), "default isolation");
      check(c.isValid(5), "isValid");
      eq("public", c.getSchema(), "getSchema");
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1 AS one, 'x'::text AS t")) {
        check(rs.next(), "a row");
        eq(1, rs.getInt("one"), "one");
        eq("x", rs.getString("t"), "t");
        check(!rs.next(), "one row");
      }
    }
  }

  private static void setup() throws Exception {
    try (Connection c = open()) {
      exec(c,
          "SET client_min_messages = warning",
          "DROP SCHEMA IF EXISTS jdbc_t CASCADE",
          "CREATE SCHEMA jdbc_t",
          "CREATE TABLE jdbc_t.dept (id int PRIMARY KEY, name text NOT NULL)",
          "CREATE TABLE jdbc_t.emp (id bigint NOT NULL, dept_id int, name varchar(40) NOT NULL DEFAULT 'nobody',"
              + " salary numeric(10,2), hired timestamp with time zone, born date, active boolean DEFAULT true,"
              + " photo bytea, tags text[], info json, PRIMARY KEY (id))",
          "CREATE INDEX emp_name_idx ON jdbc_t.emp (name)",
          "CREATE UNIQUE INDEX emp_dept_name_idx ON jdbc_t.emp (dept_id, name)",
          "CREATE VIEW jdbc_t.rich AS SELECT id, name FROM jdbc_t.emp WHERE salary > 100",
          "CREATE TABLE jdbc_t.kinds (k int, i8 bigint, s text, n numeric, d double precision, b boolean, dt date,"
              + " ts timestamp, u uuid, by bytea)",
          "CREATE TABLE jdbc_t.items (id int, label text, CHECK (id > 0))");
    }
  }

  private static void metadataTables() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<Map<String, String>> all = rows(md.getTables(null, "jdbc_t", "%", null));
      // Without types, indexes too: ordered by type, then name.
      eq(List.of("dept_pkey", "emp_dept_name_idx", "emp_name_idx", "emp_pkey", "dept", "emp", "items", "kinds", "rich"),
          column(all, "TABLE_NAME"), "every relation, by type and name");
      List<Map<String, String>> tables = rows(md.getTables(null, "jdbc_t", "%", new String[] {"TABLE"}));
      eq(List.of("dept", "emp", "items", "kinds"), column(tables, "TABLE_NAME"), "tables");
      eq("TABLE", tables.get(0).get("TABLE_TYPE"), "TABLE_TYPE");
      eq("jdbc_t", tables.get(0).get("TABLE_SCHEM"), "TABLE_SCHEM");
      List<Map<String, String>> views = rows(md.getTables(null, "jdbc_t", "%", new String[] {"VIEW"}));
      eq(List.of("rich"), column(views, "TABLE_NAME"), "views");
      eq("VIEW", views.get(0).get("TABLE_TYPE"), "view TABLE_TYPE");
      eq(List.of("dept"), column(rows(md.getTables(null, "jdbc_t", "de%", new String[] {"TABLE", "VIEW"})), "TABLE_NAME"), "pattern de%");
      eq(List.of("emp"), column(rows(md.getTables(null, "jdbc%", "e_p", null)), "TABLE_NAME"), "patterns jdbc% and e_p");
      eq(List.of(), column(rows(md.getTables(null, "jdbc_t", "nothing%", null)), "TABLE_NAME"), "no match");
      List<String> types = column(rows(md.getTableTypes()), "TABLE_TYPE");
      check(types.contains("TABLE") && types.contains("VIEW") && types.contains("INDEX"), "getTableTypes " + types);
      List<Map<String, String>> idx = rows(md.getTables(null, "jdbc_t", "%", new String[] {"INDEX"}));
      eq(List.of("dept_pkey", "emp_dept_name_idx", "emp_name_idx", "emp_pkey"), column(idx, "TABLE_NAME"), "indexes");
    }
  }

  private static void metadataColumns() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<Map<String, String>> cols = rows(md.getColumns(null, "jdbc_t", "emp", "%"));
      eq(List.of("id", "dept_id", "name", "salary", "hired", "born", "active", "photo", "tags", "info"), column(cols, "COLUMN_NAME"), "columns");
      eq(List.of("int8", "int4", "varchar", "numeric", "timestamptz", "date", "bool", "bytea", "_text", "json"), column(cols, "TYPE_NAME"), "TYPE_NAME");
      eq(List.of(Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.NUMERIC, Types.TIMESTAMP, Types.DATE, Types.BIT, Types.BINARY, Types.ARRAY, Types.OTHER)
          .stream().map(String::valueOf).toList(), column(cols, "DATA_TYPE"), "DATA_TYPE");
      eq(Arrays.asList("19", "10", "40", "10", "35", "13", "1", "2147483647", "2147483647", "2147483647"), column(cols, "COLUMN_SIZE"), "COLUMN_SIZE");
      eq(Arrays.asList("0", "0", "0", "2", "6", "0", "0", "0", "0", "0"), column(cols, "DECIMAL_DIGITS"), "DECIMAL_DIGITS");
      eq(List.of("0", "1", "0", "1", "1", "1", "1", "1", "1", "1"), column(cols, "NULLABLE"), "NULLABLE");
      eq(List.of("NO", "YES", "NO", "YES", "YES", "YES", "YES", "YES", "YES", "YES"), column(cols, "IS_NULLABLE"), "IS_NULLABLE");
      eq(Arrays.asList(null, null, "'nobody'::character varying", null, null, null, "true", null, null, null), column(cols, "COLUMN_DEF"), "COLUMN_DEF");
      eq(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), column(cols, "ORDINAL_POSITION"), "ORDINAL_POSITION");
      eq(List.of("NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO", "NO"), column(cols, "IS_AUTOINCREMENT"), "IS_AUTOINCREMENT");
      List<Map<String, String>> some = rows(md.getColumns(null, "jdbc_t", "e%", "%a%"));
      eq(List.of("name", "salary", "active", "tags"), column(some, "COLUMN_NAME"), "column pattern %a%");
      eq(List.of("id", "name"), column(rows(md.getColumns(null, "jdbc_t", "rich", null)), "COLUMN_NAME"), "view columns");
    }
  }

  private static void metadataForeignKeys() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      // No table here has a foreign key: both lists are empty, and the queries must run.
      try (ResultSet rs = md.getImportedKeys(null, "jdbc_t", "emp")) {
        eq(14, rs.getMetaData().getColumnCount(), "getImportedKeys columns");
        eq("PKTABLE_CAT", rs.getMetaData().getColumnLabel(1).toUpperCase(), "getImportedKeys first column");
        check(!rs.next(), "no imported keys");
      }
      try (ResultSet rs = md.getExportedKeys(null, "jdbc_t", "dept")) {
        eq(14, rs.getMetaData().getColumnCount(), "getExportedKeys columns");
        check(!rs.next(), "no exported keys");
      }
      try (ResultSet rs = md.getCrossReference(null, "jdbc_t", "dept", null, "jdbc_t", "emp")) {
        check(!rs.next(), "no cross reference");
      }
    }
  }

  private static void metadataSchemasCatalogs() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<String> schemas = column(rows(md.getSchemas()), "TABLE_SCHEM");
      check(schemas.contains("jdbc_t") && schemas.contains("public") && schemas.contains("pg_catalog")
          && schemas.contains("information_schema"), "getSchemas " + schemas);
      List<String> sorted = new ArrayList<>(schemas);
      sorted.sort(null);
      eq(sorted, schemas, "getSchemas in name order");
      eq(List.of("jdbc_t"), column(rows(md.getSchemas(null, "jdbc%")), "TABLE_SCHEM"), "getSchemas pattern");
      List<String> catalogs = column(rows(md.getCatalogs()), "TABLE_CAT");
      check(catalogs.contains(c.getCatalog()), "getCatalogs " + catalogs + " has " + c.getCatalog());
      check(!catalogs.contains("template0"), "getCatalogs lists template0");
    }
  }

  /** getPrimaryKeys and getIndexInfo: the driver expands pg_index.indkey with information_schema._pg_expandarray. */
  private static void metadataKeysIndexes() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<Map<String, String>> pk = rows(md.getPrimaryKeys(null, "jdbc_t", "emp"));
      eq(List.of("id"), column(pk, "COLUMN_NAME"), "getPrimaryKeys emp");
      eq(List.of("1"), column(pk, "KEY_SEQ"), "KEY_SEQ");
      eq(List.of("emp_pkey"), column(pk, "PK_NAME"), "PK_NAME");
      eq(List.of("emp"), column(pk, "TABLE_NAME"), "pk TABLE_NAME");
      eq(List.of(), column(rows(md.getPrimaryKeys(null, "jdbc_t", "items")), "COLUMN_NAME"), "no primary key");
      List<Map<String, String>> ix = rows(md.getIndexInfo(null, "jdbc_t", "emp", false, false));
      List<String> described = new ArrayList<>();
      for (Map<String, String> r : ix) {
        described.add(r.get("INDEX_NAME") + ":" + r.get("ORDINAL_POSITION") + ":" + r.get("COLUMN_NAME") + ":" + r.get("NON_UNIQUE")
            + ":" + r.get("ASC_OR_DESC") + ":" + r.get("TYPE"));
      }
      eq(List.of("emp_dept_name_idx:1:dept_id:f:A:3", "emp_dept_name_idx:2:name:f:A:3", "emp_pkey:1:id:f:A:3",
          "emp_name_idx:1:name:t:A:3"), described, "getIndexInfo emp");
      List<String> unique = new ArrayList<>();
      for (Map<String, String> r : rows(md.getIndexInfo(null, "jdbc_t", "emp", true, false))) unique.add(r.get("INDEX_NAME"));
      eq(List.of("emp_dept_name_idx", "emp_dept_name_idx", "emp_pkey"), unique, "getIndexInfo unique only");
    }
  }

  /** getTypeInfo: the driver tells arrays by `typinput = 'pg_catalog.array_in'::regproc`. */
  private static void metadataTypeInfo() throws Exception {
    try (Connection c = open()) {
      Map<String, String> seen = new HashMap<>();
      for (Map<String, String> r : rows(c.getMetaData().getTypeInfo())) {
        seen.put(r.get("TYPE_NAME"), r.get("DATA_TYPE") + ":" + r.get("PRECISION") + ":" + r.get("NULLABLE") + ":" + r.get("CASE_SENSITIVE")
            + ":" + r.get("SEARCHABLE") + ":" + r.get("UNSIGNED_ATTRIBUTE") + ":" + r.get("NUM_PREC_RADIX"));
      }
      eq("4:0:1:f:3:f:10", seen.get("int4"), "int4");
      eq("-5:0:1:f:3:f:10", seen.get("int8"), "int8");
      eq("12:10485760:1:t:3:t:10", seen.get("varchar"), "varchar");
      eq("12:0:1:t:3:t:10", seen.get("text"), "text");
      eq("2:1000:1:f:3:f:10", seen.get("numeric"), "numeric");
      eq("-7:0:1:f:3:t:10", seen.get("bool"), "bool");
      eq("93:6:1:f:3:t:10", seen.get("timestamp"), "timestamp");
      eq("2003:0:1:f:3:f:10", seen.get("_int4"), "_int4 is an array");
      eq("2003:0:1:t:3:t:10", seen.get("_text"), "_text is an array");
      eq("1111:0:1:t:3:t:10", seen.get("int2vector"), "int2vector is no array");
    }
  }

  private static void metadataFunctions() throws Exception {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      List<Map<String, String>> fns = rows(md.getFunctions(null, "pg_catalog", "upper"));
      check(fns.size() >= 1, "getFunctions upper");
      eq("upper", fns.get(0).get("FUNCTION_NAME"), "FUNCTION_NAME");
      eq("pg_catalog", fns.get(0).get("FUNCTION_SCHEM"), "FUNCTION_SCHEM");
      // getProcedures lists procedures only (prokind 'p'), not functions.
      try (ResultSet rs = md.getProcedures(null, "pg_catalog", "lower")) {
        eq("PROCEDURE_NAME", rs.getMetaData().getColumnLabel(3).toUpperCase(), "getProcedures columns");
        check(!rs.next(), "getProcedures lists the function lower");
      }
      eq(List.of(), column(rows(md.getFunctions(null, "jdbc_t", "%")), "FUNCTION_NAME"), "no functions in jdbc_t");
      // getFunctionColumns parses pg_proc.proargtypes (an oidvector: `25`). PostgreSQL also has upper(anyrange).
      List<String> upperText = new ArrayList<>();
      for (Map<String, String> r : rows(md.getFunctionColumns(null, "pg_catalog", "upper", null))) {
        if (r.get("TYPE_NAME").equals("text")) {
          upperText.add(r.get("COLUMN_NAME") + ":" + r.get("COLUMN_TYPE") + ":" + r.get("DATA_TYPE") + ":" + r.get("ORDINAL_POSITION"));
        }
      }
      eq(List.of("returnValue:4:12:0", "$1:1:12:1"), upperText, "getFunctionColumns upper(text)");
    }
  }

  private static void preparedServerSide() throws Exception {
    try (Connection c = open()) {
      exec(c, "DELETE FROM jdbc_t.kinds");
      String insert = "INSERT INTO jdbc_t.kinds (k, i8, s, n, d, b, dt, ts, u, by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      String select = "SELECT k, i8, s, n, d, b, dt, ts, u, by FROM jdbc_t.kinds WHERE k = ? AND (s = ? OR ?::text IS NULL)";
      try (PreparedStatement ins = c.prepareStatement(insert); PreparedStatement sel = c.prepareStatement(select)) {
        for (int i = 0; i < 10; i++) {
          long big = 9_000_000_000L + i;
          String s = i == 3 ? null : "text " + i + " é";
          BigDecimal n = new BigDecimal("12345678901234567890.0" + i);
          double d = i + 0.25;
          Date dt = Date.valueOf("2024-02-" + (10 + i));
          Timestamp ts = Timestamp.valueOf("2024-02-29 12:34:56.12345" + i);
          UUID u = new UUID(0x1234_5678_9abc_def0L + i, 0x0fed_cba9_8765_4321L);
          byte[] by = new byte[] {0, (byte) i, (byte) 255, 10};
          ins.setInt(1, i);
          ins.setLong(2, big);
          if (s == null) ins.setNull(3, Types.VARCHAR);
          else ins.setString(3, s);
          ins.setBigDecimal(4, n);
          ins.setDouble(5, d);
          if (i == 5) ins.setNull(6, Types.BOOLEAN);
          else ins.setBoolean(6, i % 2 == 0);
          ins.setDate(7, dt);
          ins.setTimestamp(8, ts);
          ins.setObject(9, u);
          ins.setBytes(10, by);
          eq(1, ins.executeUpdate(), "insert " + i);

          sel.setInt(1, i);
          sel.setString(2, s);
          sel.setString(3, s);
          try (ResultSet rs = sel.executeQuery()) {
            check(rs.next(), "row " + i);
            eq(i, rs.getInt(1), "k " + i);
            eq(big, rs.getLong(2), "i8 " + i);
            eq(s, rs.getString(3), "s " + i);
            eq(n, rs.getBigDecimal(4), "n " + i);
            eq(d, rs.getDouble(5), "d " + i);
            if (i == 5) {
              eq(false, rs.getBoolean(6), "b null " + i);
              check(rs.wasNull(), "b wasNull " + i);
            } else {
              eq(i % 2 == 0, rs.getBoolean(6), "b " + i);
            }
            eq(dt, rs.getDate(7), "dt " + i);
            eq(ts, rs.getTimestamp(8), "ts " + i);
            eq(u, rs.getObject(9), "u " + i);
            eq(Arrays.toString(by), Arrays.toString(rs.getBytes(10)), "by " + i);
            check(!rs.next(), "one row " + i);
          }
        }
      }
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(k), count(s), count(b) FROM jdbc_t.kinds")) {
        check(rs.next(), "count row");
        eq(10L, rs.getLong(1), "count");
        eq(45L, rs.getLong(2), "sum");
        eq(9L, rs.getLong(3), "count(s)");
        eq(9L, rs.getLong(4), "count(b)");
      }
      // A statement prepared with every parameter NULL, and one with no parameters, past the threshold too.
      try (PreparedStatement p = c.prepareStatement("SELECT ?::int + 1, ?::text || 'x'")) {
        for (int i = 0; i < 7; i++) {
          if (i % 3 == 0) {
            p.setNull(1, Types.INTEGER);
            p.setNull(2, Types.VARCHAR);
          } else {
            p.setInt(1, i);
            p.setString(2, "v" + i);
          }
          try (ResultSet rs = p.executeQuery()) {
            check(rs.next(), "expr row " + i);
            if (i % 3 == 0) {
              eq(null, rs.getObject(1), "null + 1");
              eq(null, rs.getString(2), "null || x");
            } else {
              eq(i + 1, rs.getInt(1), "i + 1");
              eq("v" + i + "x", rs.getString(2), "concat");
            }
          }
        }
      }
    }
  }

  private static void fetchSizeStreaming() throws Exception {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try (PreparedStatement p = c.prepareStatement("SELECT g, 'row ' || g FROM generate_series(1, ?) AS g ORDER BY g")) {
        p.setFetchSize(100);
        p.setInt(1, 10_000);
        try (ResultSet rs = p.executeQuery()) {
          eq(100, rs.getFetchSize(), "fetch size");
          int expected = 0;
          while (rs.next()) {
            expected++;
            if (rs.getInt(1) != expected) throw new AssertionError("row " + expected + " was " + rs.getInt(1));
            if (!rs.getString(2).equals("row " + expected)) throw new AssertionError("text of row " + expected + " was " + rs.getString(2));
          }
          eq(10_000, expected, "rows");
        }
      }
      // Two portals open at once in one transaction, read in turns.
      try (Statement a = c.createStatement(); Statement b = c.createStatement()) {
        a.setFetchSize(7);
        b.setFetchSize(5);
        try (ResultSet ra = a.executeQuery("SELECT g FROM generate_series(1, 50) g");
            ResultSet rb = b.executeQuery("SELECT g * 2 FROM generate_series(1, 50) g")) {
          for (int i = 1; i <= 50; i++) {
            check(ra.next() && rb.next(), "both have row " + i);
            eq(i, ra.getInt(1), "a " + i);
            eq(i * 2, rb.getInt(1), "b " + i);
          }
          check(!ra.next() && !rb.next(), "both end");
        }
      }
      c.commit();
    }
  }

  private static void batchInsert(boolean rewrite) throws Exception {
    Properties p = new Properties();
    p.setProperty("reWriteBatchedInserts", String.valueOf(rewrite));
    try (Connection c = connect(p)) {
      exec(c, "DELETE FROM jdbc_t.items");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_t.items (id, label) VALUES (?, ?)")) {
        for (int i = 1; i <= 250; i++) {
          ps.setInt(1, i);
          ps.setString(2, "item " + i);
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        int total = 0;
        for (int n : counts) total += n == Statement.SUCCESS_NO_INFO ? 0 : n;
        if (rewrite) {
          // Rewritten batches report SUCCESS_NO_INFO per row.
          eq(250, counts.length, "update counts");
          for (int n : counts) eq(Statement.SUCCESS_NO_INFO, n, "rewritten update count");
        } else {
          eq(250, counts.length, "update counts");
          eq(250, total, "total of update counts");
        }
      }
      try (Statement st = c.createStatement()) {
        st.addBatch("UPDATE jdbc_t.items SET label = 'low' WHERE id <= 10");
        st.addBatch("DELETE FROM jdbc_t.items WHERE id > 240");
        st.addBatch("INSERT INTO jdbc_t.items VALUES (1000, 'x'), (1001, 'y')");
        eq("[10, 10, 2]", Arrays.toString(st.executeBatch()), "statement batch counts");
      }
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(id), count(*) FILTER (WHERE label = 'low') FROM jdbc_t.items")) {
        check(rs.next(), "row");
        eq(242L, rs.getLong(1), "count");
        eq(240L * 241 / 2 + 2001, rs.getLong(2), "sum");
        eq(10L, rs.getLong(3), "updated");
      }
      // A batch with a bad row fails as a whole inside a transaction.
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_t.items (id, label) VALUES (?, ?)")) {
        for (int i : new int[] {2000, -1, 2001}) {
          ps.setInt(1, i);
          ps.setString(2, "bad");
          ps.addBatch();
        }
        try {
          ps.executeBatch();
          throw new AssertionError("the batch with a CHECK violation succeeded");
        } catch (BatchUpdateException e) {
          eq("23514", e.getSQLState(), "SQLState of the failed batch");
        }
      }
      c.rollback();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM jdbc_t.items WHERE label = 'bad'")) {
        check(rs.next(), "row");
        eq(0L, rs.getLong(1), "nothing of the failed batch");
      }
    }
  }

  private static long count(Connection c, String where) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM jdbc_t.items WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void commitRollback() throws Exception {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "DELETE FROM jdbc_t.items WHERE id >= 5000");
      c.setAutoCommit(false);
      exec(c, "INSERT INTO jdbc_t.items VALUES (5001, 'committed')");
      eq(1L, count(c, "id = 5001"), "own insert visible");
      eq(0L, count(other, "id = 5001"), "not visible to others before commit");
      c.commit();
      eq(1L, count(other, "id = 5001"), "visible after commit");
      exec(c, "INSERT INTO jdbc_t.items VALUES (5002, 'rolled back')");
      c.rollback();
      eq(0L, count(c, "id = 5002"), "rolled back");
      c.setAutoCommit(true);
      exec(c, "INSERT INTO jdbc_t.items VALUES (5003, 'autocommit')");
      eq(1L, count(other, "id = 5003"), "autocommitted");
    }
  }

  private static void savepoints() throws Exception {
    try (Connection c = open()) {
      exec(c, "DELETE FROM jdbc_t.items WHERE id >= 6000");
      c.setAutoCommit(false);
      exec(c, "INSERT INTO jdbc_t.items VALUES (6001, 'a')");
      Savepoint sp1 = c.setSavepoint("sp1");
      eq("sp1", sp1.getSavepointName(), "savepoint name");
      exec(c, "INSERT INTO jdbc_t.items VALUES (6002, 'b')");
      Savepoint sp2 = c.setSavepoint();
      exec(c, "INSERT INTO jdbc_t.items VALUES (6003, 'c')");
      c.rollback(sp2);
      eq(2L, count(c, "id >= 6000"), "after rollback to the unnamed savepoint");
      c.rollback(sp1);
      eq(1L, count(c, "id >= 6000"), "after rollback to sp1");
      Savepoint sp3 = c.setSavepoint("sp3");
      exec(c, "INSERT INTO jdbc_t.items VALUES (6004, 'd')");
      c.releaseSavepoint(sp3);
      // An error after a savepoint: rolling back to it keeps the transaction usable.
      Savepoint sp4 = c.setSavepoint("sp4");
      try {
        exec(c, "SELECT 1 / 0");
        throw new AssertionError("1 / 0 succeeded");
      } catch (SQLException e) {
        eq("22012", e.getSQLState(), "division by zero");
      }
      c.rollback(sp4);
      c.commit();
      c.setAutoCommit(true);
      eq(List.of("6001", "6004"), column(rows(c.createStatement().executeQuery("SELECT id FROM jdbc_t.items WHERE id >= 6000 ORDER BY id")), "ID"), "committed rows");
    }
  }

  private static String show(Connection c, String setting) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Whether the server is Basin, for the few answers where Basin differs by design. */
  private static boolean basin(Connection c) throws SQLException {
    return show(c, "server_version").contains("Basin");
  }

  private static void isolationReadOnly() throws Exception {
    try (Connection c = open()) {
      int[] levels = {Connection.TRANSACTION_SERIALIZABLE, Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_READ_COMMITTED};
      String[] names = {"serializable", "repeatable read", "read committed"};
      for (int i = 0; i < levels.length; i++) {
        c.setTransactionIsolation(levels[i]);
        // Basin runs every transaction with snapshot isolation and says so (README, Transactions).
        eq(basin(c) ? Connection.TRANSACTION_REPEATABLE_READ : levels[i], c.getTransactionIsolation(), "getTransactionIsolation");
        c.setAutoCommit(false);
        eq(basin(c) ? "repeatable read" : names[i], show(c, "transaction_isolation"), "transaction_isolation in the transaction");
        c.commit();
        c.setAutoCommit(true);
      }
      // A read-only transaction (the driver sends BEGIN READ ONLY) that only reads.
      c.setReadOnly(true);
      check(c.isReadOnly(), "isReadOnly");
      c.setAutoCommit(false);
      eq(0L, count(c, "id = 7001"), "read in a read-only transaction");
      c.commit();
      c.setAutoCommit(true);
      c.setReadOnly(false);
      check(!c.isReadOnly(), "isReadOnly after setReadOnly(false)");
      exec(c, "INSERT INTO jdbc_t.items VALUES (7002, 'rw')");
      eq(1L, count(c, "id = 7002"), "written after read-only");
    }
  }

  private static void errorRecovery() throws Exception {
    try (Connection c = open()) {
      exec(c, "DELETE FROM jdbc_t.items WHERE id >= 8000");
      c.setAutoCommit(false);
      exec(c, "INSERT INTO jdbc_t.items VALUES (8001, 'kept?')");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO jdbc_t.items VALUES (?, ?)")) {
        p.setInt(1, 0);
        p.setString(2, "bad");
        p.executeUpdate();
        throw new AssertionError("a CHECK violation succeeded");
      } catch (SQLException e) {
        eq("23514", e.getSQLState(), "check violation");
      }
      try {
        exec(c, "SELECT 1");
        throw new AssertionError("a statement in an aborted transaction succeeded");
      } catch (SQLException e) {
        eq("25P02", e.getSQLState(), "in failed transaction");
      }
      c.rollback();
      eq(0L, count(c, "id >= 8000"), "rolled back");
      exec(c, "INSERT INTO jdbc_t.items VALUES (8002, 'after')");
      c.commit();
      c.setAutoCommit(true);
      try {
        exec(c, "SELECT * FROM jdbc_t.no_such_table");
        throw new AssertionError("a missing table was found");
      } catch (SQLException e) {
        eq("42P01", e.getSQLState(), "undefined table");
      }
      try (PreparedStatement p = c.prepareStatement("SELECT 10 / ?")) {
        for (int i = 0; i < 8; i++) {
          p.setInt(1, i % 2);
          if (i % 2 == 0) {
            try {
              p.executeQuery();
              throw new AssertionError("10 / 0 succeeded");
            } catch (SQLException e) {
              eq("22012", e.getSQLState(), "division by zero " + i);
            }
          } else {
            try (ResultSet rs = p.executeQuery()) {
              check(rs.next(), "row");
              eq(10, rs.getInt(1), "10 / 1");
            }
          }
        }
      }
      eq(1L, count(c, "id >= 8000"), "usable after errors");
    }
  }

  private static void resultSetMetadata() throws Exception {
    try (Connection c = open(); Statement st = c.createStatement()) {
      exec(c, "DELETE FROM jdbc_t.emp",
          "INSERT INTO jdbc_t.emp (id, dept_id, name, salary, hired, born, active, photo, tags, info) VALUES"
              + " (1, 10, 'ann', 1234.50, '2024-01-02 03:04:05+00', '1990-05-06', true, '\\x00ff', '{a,b}', '{\"k\": [1, 2]}')");
      try (ResultSet rs = st.executeQuery("SELECT id, name, salary, hired, born, active, photo, tags, info, hired::timestamp AS local_ts,"
          + " 1.5::float8 AS f, 2::smallint AS s, 'c'::char(3) AS ch FROM jdbc_t.emp")) {
        ResultSetMetaData md = rs.getMetaData();
        eq(13, md.getColumnCount(), "column count");
        String[] typeNames = {"int8", "varchar", "numeric", "timestamptz", "date", "bool", "bytea", "_text", "json", "timestamp", "float8", "int2", "bpchar"};
        int[] types = {Types.BIGINT, Types.VARCHAR, Types.NUMERIC, Types.TIMESTAMP, Types.DATE, Types.BIT, Types.BINARY, Types.ARRAY, Types.OTHER,
            Types.TIMESTAMP, Types.DOUBLE, Types.SMALLINT, Types.CHAR};
        String[] classes = {"java.lang.Long", "java.lang.String", "java.math.BigDecimal", "java.sql.Timestamp", "java.sql.Date", "java.lang.Boolean",
            "[B", "java.sql.Array", "org.postgresql.util.PGobject", "java.sql.Timestamp", "java.lang.Double", "java.lang.Integer", "java.lang.String"};
        for (int i = 1; i <= 13; i++) {
          eq(typeNames[i - 1], md.getColumnTypeName(i), "getColumnTypeName " + i);
          eq(types[i - 1], md.getColumnType(i), "getColumnType " + i);
          eq(classes[i - 1], md.getColumnClassName(i), "getColumnClassName " + i);
        }
        eq("salary", md.getColumnName(3), "getColumnName");
        eq("local_ts", md.getColumnLabel(10), "getColumnLabel");
        eq("emp", md.getTableName(1), "getTableName");
        eq("", md.getSchemaName(1), "getSchemaName (the driver leaves it empty)");
        eq(10, md.getPrecision(3), "numeric precision");
        eq(2, md.getScale(3), "numeric scale");
        eq(40, md.getPrecision(2), "varchar precision");
        eq(ResultSetMetaData.columnNoNulls, md.isNullable(1), "id is not nullable");
        eq(ResultSetMetaData.columnNullable, md.isNullable(3), "salary is nullable");
        check(md.isSigned(1) && !md.isSigned(2), "isSigned");
        check(!md.isAutoIncrement(1), "isAutoIncrement");

        check(rs.next(), "row");
        eq(1L, rs.getLong(1), "id");
        eq(new BigDecimal("1234.50"), rs.getBigDecimal(3), "salary");
        eq(Timestamp.from(java.time.Instant.parse("2024-01-02T03:04:05Z")), rs.getTimestamp(4), "hired");
        eq(java.time.OffsetDateTime.parse("2024-01-02T03:04:05Z"), rs.getObject(4, java.time.OffsetDateTime.class), "hired as OffsetDateTime");
        eq(Date.valueOf("1990-05-06"), rs.getDate(5), "born");
        eq(java.time.LocalDate.of(1990, 5, 6), rs.getObject(5, java.time.LocalDate.class), "born as LocalDate");
        eq(true, rs.getObject(6), "active");
        eq("[0, -1]", Arrays.toString(rs.getBytes(7)), "photo");
        eq("{\"k\": [1, 2]}", rs.getString(9), "info");
        eq(1.5, rs.getDouble(11), "float8");
        eq("c  ", rs.getString(13), "char(3)");
      }
    }
  }

  private static void arrays() throws Exception {
    try (Connection c = open()) {
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT tags, ARRAY[1, 2, NULL]::int[] AS ints, ARRAY[1.5, 2.25] AS nums FROM jdbc_t.emp")) {
        check(rs.next(), "row");
        Array tags = rs.getArray(1);
        eq("text", tags.getBaseTypeName(), "tags base type");
        eq(Types.VARCHAR, tags.getBaseType(), "tags base type code");
        eq("[a, b]", Arrays.toString((Object[]) tags.getArray()), "tags");
        Array ints = rs.getArray("ints");
        eq("int4", ints.getBaseTypeName(), "ints base type");
        eq("[1, 2, null]", Arrays.toString((Object[]) ints.getArray()), "ints");
        try (ResultSet ars = ints.getResultSet()) {
          List<String> got = new ArrayList<>();
          while (ars.next()) got.add(ars.getInt(1) + "=" + ars.getString(2));
          eq(List.of("1=1", "2=2", "3=null"), got, "array result set");
        }
        eq("[1.5, 2.25]", Arrays.toString((Object[]) rs.getArray(3).getArray()), "numeric array");
      }
      // Arrays as parameters, several times so that the statement is prepared on the server.
      try (PreparedStatement p = c.prepareStatement("SELECT cardinality(?::int[]), array_to_string(?::text[], '|')")) {
        for (int i = 0; i < 6; i++) {
          p.setArray(1, c.createArrayOf("int4", new Integer[] {i, i + 1, i + 2}));
          p.setArray(2, c.createArrayOf("text", new String[] {"x" + i, "y,z", "q\"r"}));
          try (ResultSet rs = p.executeQuery()) {
            check(rs.next(), "row " + i);
            eq(3, rs.getInt(1), "cardinality " + i);
            eq("x" + i + "|y,z|q\"r", rs.getString(2), "array_to_string " + i);
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ?::bigint[] AS a")) {
        p.setObject(1, new long[] {1L, 2L, 3L});
        try (ResultSet rs = p.executeQuery()) {
          check(rs.next(), "row");
          eq("[1, 2, 3]", Arrays.toString((Object[]) rs.getArray(1).getArray()), "long[] parameter");
        }
      }
    }
  }

  private static void callableStatement() throws Exception {
    try (Connection c = open(); java.sql.CallableStatement cs = c.prepareCall("{? = call upper(?)}")) {
      cs.registerOutParameter(1, Types.VARCHAR);
      cs.setString(2, "abc");
      cs.execute();
      eq("ABC", cs.getString(1), "{? = call upper(?)}");
    }
  }
}
