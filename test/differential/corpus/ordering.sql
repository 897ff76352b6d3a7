-- ORDER BY (ASC/DESC, NULLS FIRST/LAST, by position, alias, expression, column not selected), LIMIT/OFFSET,
-- FETCH FIRST … ONLY / WITH TIES. Every ORDER BY here is total: it ends in a unique key, or lists every
-- output column, or (WITH TIES) includes all peers by definition.
--
-- Known gaps (Basin answers 0A000, so these are left out until supported):
--   OFFSET n FETCH FIRST m ROWS WITH TIES  ("OFFSET with FETCH … WITH TIES is not supported yet")
SELECT id, name FROM emp ORDER BY id;
SELECT id, name FROM emp ORDER BY id DESC LIMIT 5;
SELECT id, salary FROM emp ORDER BY salary, id;
SELECT id, salary FROM emp ORDER BY salary DESC, id;
SELECT id, salary FROM emp ORDER BY salary NULLS FIRST, id;
SELECT id, salary FROM emp ORDER BY salary DESC NULLS LAST, id DESC;
SELECT id, dept_id FROM emp ORDER BY dept_id ASC NULLS LAST, id LIMIT 20;
SELECT id, dept_id FROM emp ORDER BY dept_id DESC NULLS FIRST, id LIMIT 20;
SELECT id, bonus FROM emp ORDER BY bonus, id LIMIT 10 OFFSET 5;
SELECT id, bonus FROM emp ORDER BY bonus DESC, id OFFSET 100;
SELECT id, title FROM emp ORDER BY title NULLS FIRST, id LIMIT 12;
SELECT id, name FROM emp ORDER BY name, id LIMIT 15;
SELECT id, name FROM emp ORDER BY lower(name), id LIMIT 15;
SELECT id, name FROM emp ORDER BY length(name) DESC, name, id LIMIT 10;
SELECT id, hired FROM emp ORDER BY hired DESC, id LIMIT 8;
SELECT id, last_login FROM emp ORDER BY last_login NULLS FIRST, id LIMIT 25;
SELECT id, active FROM emp ORDER BY active, id;
SELECT id, active FROM emp ORDER BY active DESC NULLS LAST, id;
SELECT id, badge FROM emp ORDER BY badge DESC NULLS LAST, id LIMIT 10;
SELECT id, salary AS pay FROM emp ORDER BY pay DESC NULLS LAST, id LIMIT 5;
SELECT id, salary * 2 AS dbl FROM emp ORDER BY 2, 1 LIMIT 5;
SELECT id FROM emp ORDER BY salary DESC NULLS LAST, id LIMIT 5;
SELECT id FROM emp ORDER BY dept_id NULLS FIRST, salary DESC NULLS LAST, id;
SELECT id, amount FROM sales ORDER BY amount DESC NULLS LAST, id LIMIT 10;
SELECT id, qty, discount FROM sales ORDER BY qty NULLS FIRST, discount DESC NULLS FIRST, id LIMIT 30;
SELECT id, region FROM sales ORDER BY region DESC, id LIMIT 30;
SELECT id, sold_at FROM sales ORDER BY sold_at, id LIMIT 10;
SELECT id, note FROM sales ORDER BY note NULLS FIRST, id LIMIT 40;
SELECT a, b, c FROM nums ORDER BY a, b, c;
SELECT a, b, c FROM nums ORDER BY a DESC, b, c DESC NULLS LAST;
SELECT x, n FROM nums ORDER BY x NULLS FIRST, n NULLS FIRST;
SELECT s, v FROM nums ORDER BY s, v;
SELECT s, v FROM nums ORDER BY s DESC NULLS LAST, v;
SELECT d, ts FROM nums ORDER BY d, ts;
SELECT f, a FROM nums ORDER BY f NULLS FIRST, a NULLS FIRST;
SELECT a + b AS t, a, b FROM nums ORDER BY t, a, b;
SELECT a, b FROM nums ORDER BY a % 3, a, b;
SELECT c FROM nums ORDER BY abs(c) NULLS FIRST, c;
SELECT k, v FROM pairs ORDER BY k, v;
SELECT k, v FROM pairs ORDER BY v, k;
SELECT k, v FROM pairs ORDER BY k DESC, v DESC;
SELECT k, v FROM pairs ORDER BY k NULLS FIRST, v NULLS FIRST LIMIT 3;
SELECT k, v FROM pairs ORDER BY k, v LIMIT 0;
SELECT k, v FROM pairs ORDER BY k, v LIMIT 100 OFFSET 6;
SELECT k, v FROM pairs ORDER BY k, v LIMIT ALL;
SELECT k, v FROM pairs ORDER BY k, v OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY;
SELECT k, v FROM pairs ORDER BY k, v FETCH NEXT 2 ROWS ONLY;
SELECT k, v FROM pairs ORDER BY k FETCH FIRST 2 ROWS WITH TIES;
SELECT k FROM pairs ORDER BY k DESC FETCH FIRST 1 ROW WITH TIES;
SELECT b FROM nums ORDER BY b FETCH FIRST 5 ROWS WITH TIES;
SELECT b, count(*) FROM nums GROUP BY b ORDER BY count(*) DESC, b FETCH FIRST 2 ROWS WITH TIES;
SELECT region FROM sales ORDER BY region NULLS FIRST FETCH FIRST 3 ROWS WITH TIES;
SELECT id, salary FROM emp ORDER BY salary DESC NULLS LAST, id FETCH FIRST 3 ROWS ONLY;
SELECT k FROM pairs ORDER BY k LIMIT 2 OFFSET 1;
SELECT * FROM (SELECT id, salary FROM emp ORDER BY salary DESC NULLS LAST, id LIMIT 10) t ORDER BY id;
SELECT id FROM (SELECT id FROM emp ORDER BY id LIMIT 10) t WHERE id % 2 = 0;
SELECT count(*) FROM (SELECT id FROM sales ORDER BY id OFFSET 250) t;
SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY total DESC NULLS LAST, region;
SELECT title, count(*) FROM emp GROUP BY title ORDER BY title NULLS FIRST;
SELECT 'b' AS x UNION ALL SELECT 'a' UNION ALL SELECT 'C' UNION ALL SELECT '_' ORDER BY x;
SELECT v FROM (VALUES ('a'), ('B'), ('b'), (' a'), ('a '), (''), ('A')) t(v) ORDER BY v;
SELECT x FROM (VALUES (1.5::float8), ('NaN'), ('-Infinity'), (0), ('-0'), (NULL)) t(x) ORDER BY x, x::text;
SELECT n FROM (VALUES (1.50), (1.5), (-0.0), (10), (NULL), (2)) t(n) ORDER BY n DESC, n::text;
