/*
title: Support ticket replies per admin per day
description: >
  The WHMCS "Support Ticket Replies" grid: for one month, how many replies each admin
  wrote on each day (opening messages of admin-opened tickets are not replies; notes never
  are), with the month's total. Days past the month's end are empty.
params:
  month: month
columns:
  admin: { label: Admin, format: text }
  d01: { label: "1", format: integer }
  d02: { label: "2", format: integer }
  d03: { label: "3", format: integer }
  d04: { label: "4", format: integer }
  d05: { label: "5", format: integer }
  d06: { label: "6", format: integer }
  d07: { label: "7", format: integer }
  d08: { label: "8", format: integer }
  d09: { label: "9", format: integer }
  d10: { label: "10", format: integer }
  d11: { label: "11", format: integer }
  d12: { label: "12", format: integer }
  d13: { label: "13", format: integer }
  d14: { label: "14", format: integer }
  d15: { label: "15", format: integer }
  d16: { label: "16", format: integer }
  d17: { label: "17", format: integer }
  d18: { label: "18", format: integer }
  d19: { label: "19", format: integer }
  d20: { label: "20", format: integer }
  d21: { label: "21", format: integer }
  d22: { label: "22", format: integer }
  d23: { label: "23", format: integer }
  d24: { label: "24", format: integer }
  d25: { label: "25", format: integer }
  d26: { label: "26", format: integer }
  d27: { label: "27", format: integer }
  d28: { label: "28", format: integer }
  d29: { label: "29", format: integer }
  d30: { label: "30", format: integer }
  d31: { label: "31", format: integer }
  total: { label: Total, format: integer }
chart: { type: heatmap, x: admin, y: [d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15, d16, d17, d18, d19, d20, d21, d22, d23, d24, d25, d26, d27, d28, d29, d30, d31] }
*/
WITH span AS (
    SELECT CAST(strftime('%d', :month_end, '-1 day') AS INTEGER) AS days
),
month_replies AS (
    SELECT r.admin, CAST(strftime('%d', r.created_at) AS INTEGER) AS day
    FROM replies AS r
    WHERE r.created_at >= :month_start AND r.created_at < :month_end
      AND r.is_admin = 1 AND r.is_opening = 0
)
SELECT admin,
       CASE WHEN 1 <= span.days THEN count(CASE WHEN day = 1 THEN 1 END) END AS d01,
       CASE WHEN 2 <= span.days THEN count(CASE WHEN day = 2 THEN 1 END) END AS d02,
       CASE WHEN 3 <= span.days THEN count(CASE WHEN day = 3 THEN 1 END) END AS d03,
       CASE WHEN 4 <= span.days THEN count(CASE WHEN day = 4 THEN 1 END) END AS d04,
       CASE WHEN 5 <= span.days THEN count(CASE WHEN day = 5 THEN 1 END) END AS d05,
       CASE WHEN 6 <= span.days THEN count(CASE WHEN day = 6 THEN 1 END) END AS d06,
       CASE WHEN 7 <= span.days THEN count(CASE WHEN day = 7 THEN 1 END) END AS d07,
       CASE WHEN 8 <= span.days THEN count(CASE WHEN day = 8 THEN 1 END) END AS d08,
       CASE WHEN 9 <= span.days THEN count(CASE WHEN day = 9 THEN 1 END) END AS d09,
       CASE WHEN 10 <= span.days THEN count(CASE WHEN day = 10 THEN 1 END) END AS d10,
       CASE WHEN 11 <= span.days THEN count(CASE WHEN day = 11 THEN 1 END) END AS d11,
       CASE WHEN 12 <= span.days THEN count(CASE WHEN day = 12 THEN 1 END) END AS d12,
       CASE WHEN 13 <= span.days THEN count(CASE WHEN day = 13 THEN 1 END) END AS d13,
       CASE WHEN 14 <= span.days THEN count(CASE WHEN day = 14 THEN 1 END) END AS d14,
       CASE WHEN 15 <= span.days THEN count(CASE WHEN day = 15 THEN 1 END) END AS d15,
       CASE WHEN 16 <= span.days THEN count(CASE WHEN day = 16 THEN 1 END) END AS d16,
       CASE WHEN 17 <= span.days THEN count(CASE WHEN day = 17 THEN 1 END) END AS d17,
       CASE WHEN 18 <= span.days THEN count(CASE WHEN day = 18 THEN 1 END) END AS d18,
       CASE WHEN 19 <= span.days THEN count(CASE WHEN day = 19 THEN 1 END) END AS d19,
       CASE WHEN 20 <= span.days THEN count(CASE WHEN day = 20 THEN 1 END) END AS d20,
       CASE WHEN 21 <= span.days THEN count(CASE WHEN day = 21 THEN 1 END) END AS d21,
       CASE WHEN 22 <= span.days THEN count(CASE WHEN day = 22 THEN 1 END) END AS d22,
       CASE WHEN 23 <= span.days THEN count(CASE WHEN day = 23 THEN 1 END) END AS d23,
       CASE WHEN 24 <= span.days THEN count(CASE WHEN day = 24 THEN 1 END) END AS d24,
       CASE WHEN 25 <= span.days THEN count(CASE WHEN day = 25 THEN 1 END) END AS d25,
       CASE WHEN 26 <= span.days THEN count(CASE WHEN day = 26 THEN 1 END) END AS d26,
       CASE WHEN 27 <= span.days THEN count(CASE WHEN day = 27 THEN 1 END) END AS d27,
       CASE WHEN 28 <= span.days THEN count(CASE WHEN day = 28 THEN 1 END) END AS d28,
       CASE WHEN 29 <= span.days THEN count(CASE WHEN day = 29 THEN 1 END) END AS d29,
       CASE WHEN 30 <= span.days THEN count(CASE WHEN day = 30 THEN 1 END) END AS d30,
       CASE WHEN 31 <= span.days THEN count(CASE WHEN day = 31 THEN 1 END) END AS d31,
       count(*) AS total
FROM month_replies, span
GROUP BY admin
ORDER BY total DESC, admin;
