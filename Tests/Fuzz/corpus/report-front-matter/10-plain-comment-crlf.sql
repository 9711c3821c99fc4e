

/* just a comment */
WITH t AS (SELECT 1) SELECT "a;b", [c:d], `e` FROM t /* :x */