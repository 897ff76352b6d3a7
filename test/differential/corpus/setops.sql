-- Set operations (UNION, INTERSECT, EXCEPT, each with ALL), nesting, ORDER BY/LIMIT on the whole, type
-- unification of the branches; DISTINCT and DISTINCT ON; VALUES.
--
-- Known gaps (Basin answers 0A000, so these are left out until supported):
--   row-valued IN: SELECT * FROM pairs WHERE (k, v) IN (VALUES (2, 'two'), (5, 'FIVE'))
SELECT k FROM pairs UNION SELECT b FROM nums;
SELECT k FROM pairs UNION ALL SELECT b FROM nums WHERE a > 15;
SELECT k FROM pairs INTERSECT SELECT b FROM nums;
SELECT k FROM pairs INTERSECT ALL SELECT k FROM pairs WHERE v IS NOT NULL;
SELECT k FROM pairs EXCEPT SELECT b FROM nums;
SELECT k FROM pairs EXCEPT ALL SELECT k FROM pairs WHERE v <> 'two';
SELECT b FROM nums EXCEPT ALL SELECT a FROM nums;
SELECT b FROM nums INTERSECT ALL SELECT a FROM nums;
SELECT k, v FROM pairs UNION SELECT k, v FROM pairs;
SELECT k, v FROM pairs UNION ALL SELECT k, v FROM pairs ORDER BY 1 NULLS FIRST, 2 NULLS FIRST;
SELECT region FROM sales UNION SELECT region FROM regions UNION SELECT region FROM dept;
SELECT region FROM sales EXCEPT SELECT region FROM regions;
SELECT region FROM regions EXCEPT SELECT region FROM sales;
SELECT region FROM regions INTERSECT SELECT region FROM dept;
(SELECT k FROM pairs UNION SELECT 10) EXCEPT SELECT 2;
SELECT k FROM pairs UNION (SELECT 10 EXCEPT SELECT 2);
SELECT k FROM pairs UNION SELECT 2 INTERSECT SELECT 2;
SELECT k FROM pairs EXCEPT SELECT k FROM pairs WHERE k > 2 UNION SELECT 100;
SELECT k FROM pairs UNION SELECT b FROM nums ORDER BY 1 DESC NULLS LAST;
SELECT k FROM pairs UNION SELECT b FROM nums ORDER BY k LIMIT 3;
SELECT k FROM pairs UNION ALL SELECT b FROM nums ORDER BY 1 LIMIT 5 OFFSET 3;
SELECT 1 UNION SELECT 2.5;
SELECT 1 UNION ALL SELECT 10000000000;
SELECT 'a' UNION SELECT 'b' ORDER BY 1;
SELECT 1.5::float8 UNION SELECT 2;
SELECT NULL UNION SELECT 1;
SELECT v FROM nums UNION SELECT s FROM nums;
SELECT name FROM dept UNION SELECT region FROM dept;
SELECT id, name FROM emp WHERE id < 5 UNION ALL SELECT id, name FROM dept WHERE id < 3;
SELECT hired FROM emp WHERE id < 5 UNION SELECT sold_on FROM sales WHERE id < 1005;
SELECT count(*) FROM (SELECT a FROM nums UNION SELECT b FROM nums) t;
SELECT count(*) FROM (SELECT a, b FROM nums INTERSECT SELECT b, a FROM nums) t;
SELECT DISTINCT b FROM nums;
SELECT DISTINCT b, f FROM nums;
SELECT DISTINCT x FROM nums;
SELECT DISTINCT n FROM nums WHERE n < 0;
SELECT DISTINCT s, v FROM nums ORDER BY s NULLS FIRST, v NULLS FIRST;
SELECT DISTINCT region FROM sales ORDER BY region;
SELECT DISTINCT upper(region) FROM sales;
SELECT DISTINCT a % 3, b % 2 FROM nums;
SELECT count(DISTINCT region), count(DISTINCT upper(region)) FROM sales;
SELECT DISTINCT ON (dept_id) dept_id, id, name FROM emp ORDER BY dept_id, id;
SELECT DISTINCT ON (dept_id) dept_id, salary, id FROM emp ORDER BY dept_id, salary DESC NULLS LAST, id;
SELECT DISTINCT ON (region) region, amount, id FROM sales ORDER BY region NULLS FIRST, amount DESC NULLS LAST, id;
SELECT DISTINCT ON (b, f) b, f, a, c FROM nums ORDER BY b, f, c NULLS LAST;
SELECT DISTINCT ON (emp_id) emp_id, sold_at FROM sales WHERE emp_id < 20 ORDER BY emp_id, sold_at DESC, id;
SELECT DISTINCT ON (k) k, v FROM pairs ORDER BY k, v NULLS LAST LIMIT 4;
SELECT DISTINCT ON (a % 5) a % 5 AS m, a FROM nums WHERE a IS NOT NULL ORDER BY a % 5, a DESC;
VALUES (1, 'one'), (2, 'two'), (3, NULL);
VALUES (1), (2), (1) ORDER BY 1;
SELECT * FROM (VALUES (1, 2.5), (2, NULL), (3, 4)) t(a, b) WHERE b > 1;
SELECT column1, column2 FROM (VALUES ('x', 1), ('y', 2)) v;
VALUES (1, 'a') UNION ALL VALUES (2, 'b') EXCEPT VALUES (1, 'a');
