-- Corners where clauses meet: name resolution (aliases vs columns in GROUP BY/ORDER BY), aggregates in
-- ORDER BY and subqueries, windows in ORDER BY, implicit casts of literals in comparisons, subqueries in
-- LIMIT/ON/CASE, FULL JOIN USING merged columns, SELECT * over joins of derived tables.
--
-- Known gaps (Basin answers 0A000, so these are left out until supported):
--   aggregates over columns of an enclosing query inside a subquery: SELECT b, (SELECT count(*) FROM pairs WHERE k = max(nums.b)) FROM nums GROUP BY b
--   count(DISTINCT (a, b)) (a record has no equality in Basin)
--   ORDER BY … USING <op>
--   LATERAL subqueries and joins
SELECT b AS a, count(*) FROM nums GROUP BY a;
SELECT b AS bb, count(*) FROM nums GROUP BY bb HAVING count(*) > 20;
SELECT a + 1, count(*) FROM nums GROUP BY a;
SELECT a + b AS t FROM nums GROUP BY a, b HAVING a + b > 20;
SELECT b, max(a) FROM nums GROUP BY b ORDER BY max(a) DESC NULLS LAST, b;
SELECT b FROM nums GROUP BY b ORDER BY sum(a) NULLS FIRST, b;
SELECT b, count(*) FROM nums GROUP BY b ORDER BY count(*) * -1, b;
SELECT salary AS pay FROM emp ORDER BY pay + 1, id;
SELECT DISTINCT a FROM nums ORDER BY b;
SELECT DISTINCT a FROM nums ORDER BY a DESC NULLS LAST LIMIT 5;
SELECT DISTINCT a, a * 2 FROM nums ORDER BY a * 2, a;
SELECT b, (SELECT max(k) FROM pairs WHERE k < count(*)) FROM nums GROUP BY b;
SELECT id, row_number() OVER (ORDER BY salary DESC NULLS LAST, id) AS r FROM emp ORDER BY r LIMIT 10;
SELECT id FROM emp ORDER BY rank() OVER (ORDER BY hired, id) DESC LIMIT 5;
SELECT k FROM pairs ORDER BY k LIMIT (SELECT count(*) FROM dept WHERE id < 4);
SELECT k FROM pairs ORDER BY k NULLS FIRST OFFSET (SELECT 2) LIMIT 3;
SELECT e.id, d.name FROM emp e LEFT JOIN dept d ON d.id = e.dept_id AND d.id IN (SELECT parent_id FROM dept) WHERE e.id < 30;
SELECT id, CASE WHEN EXISTS (SELECT 1 FROM sales s WHERE s.emp_id = e.id) THEN 'seller' ELSE 'none' END FROM emp e;
SELECT id, CASE (SELECT count(*) FROM sales s WHERE s.emp_id = e.id) WHEN 0 THEN 'zero' WHEN 1 THEN 'one' ELSE 'more' END FROM emp e;
SELECT k, a.v, b.v, coalesce(a.v, b.v) FROM pairs a FULL JOIN (SELECT k + 1 AS k, v FROM pairs) b USING (k);
SELECT k FROM pairs a FULL JOIN (SELECT k * 2 AS k FROM pairs) b USING (k) WHERE k > 3;
SELECT * FROM (SELECT k, v FROM pairs) a JOIN (SELECT k, count(*) AS n FROM pairs GROUP BY k) b ON a.k = b.k;
SELECT * FROM (SELECT 1 AS x, 2 AS y) a CROSS JOIN (SELECT 3 AS x) b;
SELECT id FROM emp WHERE hired > '2020-01-01' AND last_login < '2023-06-01 12:00';
SELECT id FROM sales WHERE sold_on = '2023-05-12' OR sold_at::date = '2023-05-13';
SELECT a FROM nums WHERE a IN (1, 2.5, 3);
SELECT a FROM nums WHERE a = 1.0 OR a = 2.5;
SELECT x FROM nums WHERE x = 1.5 OR x = 2 OR x = '-0.25';
SELECT n FROM nums WHERE n = 1 OR n = '12.50' OR n > 999.5;
SELECT c FROM nums WHERE c > 2000000000 AND c < 2500000000.5;
SELECT b FROM nums WHERE b BETWEEN 1.5 AND 3;
SELECT s FROM nums WHERE s LIKE v || '%';
SELECT s, v FROM nums WHERE s = v OR upper(s) = upper(v);
SELECT id, name FROM emp WHERE name LIKE '% ' || 'Jones';
SELECT string_agg(DISTINCT v, ',') FROM nums;
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
(SELECT k FROM pairs ORDER BY k LIMIT 2) UNION ALL (SELECT k FROM pairs ORDER BY k DESC NULLS LAST LIMIT 2);
SELECT b, count(*) FROM nums GROUP BY GROUPING SETS (b, ROLLUP (f));
SELECT to_char(1234.5, 'FM9,999.00'), to_char(n, '9999.9'), to_char(a, '000') FROM nums;
SELECT quote_literal('a''b'), quote_ident('A b'), format('%I|%L|%s', 'X', 'y', NULL);
SELECT min(x), max(x), count(DISTINCT x) FROM (VALUES (1::float8), ('NaN'), ('NaN'), ('-Infinity')) t(x);
SELECT 'x' || 1.50::numeric(5,1), 'y' || 2.5::float8, 'z' || date '2024-01-02';
SELECT sum(a) FILTER (WHERE b > 2) OVER (PARTITION BY v), v, c FROM nums WHERE c IS NOT NULL;
SELECT v, count(*) FILTER (WHERE f) * 100 / count(*) FROM nums GROUP BY v;
SELECT f, count(*) FROM nums GROUP BY f ORDER BY f NULLS FIRST;
SELECT count(*) FROM nums WHERE f;
SELECT count(*) FROM nums WHERE NOT f;
SELECT count(*) FROM nums WHERE f IS NOT TRUE;
SELECT count(*) FROM nums WHERE (a > 5) = f;
SELECT count(*) FROM nums WHERE (a > 5) = (f IS NOT NULL);
SELECT count(*) FROM nums WHERE a NOT BETWEEN 2 AND 8 AND s NOT LIKE 'a%' AND v NOT IN ('p', 'q');
SELECT count(*) FROM nums WHERE NOT (a BETWEEN 2 AND 8 OR s LIKE 'a%' OR v IN ('p', 'q'));
SELECT count(*), count(a), count(DISTINCT a), count(*) FILTER (WHERE a IS NULL) FROM nums;
SELECT count(*) FROM nums n1 WHERE a = (SELECT max(a) FROM nums n2 WHERE n2.b = n1.b);
SELECT b, a FROM nums n1 WHERE a >= ALL (SELECT a FROM nums n2 WHERE n2.b = n1.b AND a IS NOT NULL);
SELECT count(*) FROM nums WHERE s IN (SELECT v FROM nums);
SELECT count(*) FROM nums WHERE lower(s) IN (SELECT lower(v) FROM nums);
SELECT count(*) FROM emp e WHERE EXISTS (SELECT 1 FROM emp m WHERE m.id = e.manager_id AND m.dept_id = e.dept_id);
SELECT count(*) FROM emp e WHERE e.badge IN (SELECT badge FROM emp WHERE id <> e.id);
SELECT d.id, (SELECT e.name FROM emp e WHERE e.dept_id = d.id ORDER BY e.salary DESC NULLS LAST, e.id LIMIT 1) FROM dept d;
SELECT d.id, (SELECT e.salary FROM emp e WHERE e.dept_id = d.id ORDER BY e.hired, e.id OFFSET 1 LIMIT 1) FROM dept d;
WITH t AS (SELECT * FROM pairs) SELECT a.k, b.v FROM t a JOIN t b ON a.k = b.k AND a.v <> b.v;
WITH pairs AS (SELECT 100 AS k) SELECT * FROM pairs;
WITH t AS (SELECT b, count(*) AS n FROM nums GROUP BY b) SELECT b, n, n * 100 / (SELECT sum(n) FROM t) FROM t;
WITH RECURSIVE r(i, s) AS (SELECT 1, ''::text UNION ALL SELECT i + 1, s || chr(96 + i) FROM r WHERE i < 6) SELECT i, s, length(s) FROM r;
WITH RECURSIVE r(d) AS (SELECT date '2024-01-30' UNION ALL SELECT d + 1 FROM r WHERE d < date '2024-02-03') SELECT d FROM r;
WITH RECURSIVE paths(id, path) AS (SELECT id, name FROM dept WHERE parent_id IS NULL UNION ALL SELECT d.id, p.path || ' > ' || d.name FROM dept d JOIN paths p ON d.parent_id = p.id) SELECT id, path FROM paths;
SELECT t.k, t.total FROM (SELECT k, sum(length(v)) AS total FROM pairs GROUP BY k) t WHERE t.total IS NOT NULL;
SELECT count(*) FROM (SELECT DISTINCT ON (b) b, a FROM nums ORDER BY b, a) t;
SELECT * FROM (SELECT region, amount, rank() OVER (PARTITION BY region ORDER BY amount DESC NULLS LAST, id) AS r FROM sales) t WHERE r = 1;
SELECT region, max(amount) FILTER (WHERE returned), min(amount) FILTER (WHERE NOT returned) FROM sales GROUP BY region;
SELECT upper(region) AS r, count(*) FROM sales GROUP BY upper(region) HAVING upper(region) <> 'EAST';
SELECT emp_id % 10 AS bucket, count(*), sum(qty) FROM sales WHERE emp_id IS NOT NULL GROUP BY emp_id % 10;
SELECT returned, region, count(*) FROM sales GROUP BY 2, 1 HAVING count(*) > 5;
SELECT 1 AS one FROM emp WHERE false;
SELECT 1 WHERE NULL;
SELECT 1 WHERE 1 = 1 AND 2 > 1;
SELECT NULL::int + 1, NULL::text || 'a', NULL::date + 1, NULL::bool AND false;
SELECT a, b FROM nums WHERE (a, b) = (5, 1);
SELECT a, b FROM nums WHERE (b, a) > (3, 90);
SELECT a, b FROM nums WHERE ROW(a, b) IN (ROW(1, 1), ROW(2, 2), ROW(3, 3));
SELECT a, b, (a, b) <= (b, a) FROM nums WHERE a < 12;
