/*
title: Next reply time by department
description: >
  How long customers waited for each admin reply. Every run of customer messages (the
  opening message included) answered by an admin is one wait, from the run's first message
  to the admin reply; the first wait of a ticket is usually its first response. A wait
  belongs to the month of the admin reply that ends it (a reply belongs to the period of
  its own date), so a September ticket answered on 1 October counts in October. In a ticket
  an admin opened, the waits start with the customer's replies. Percentiles are PERCENTILE.INC.
params:
  month: month
columns:
  department: { label: Department, format: text }
  waits: { label: Waits, format: integer }
  nrt_mean_hours: { label: NRT mean (h), format: hours }
  nrt_median_hours: { label: NRT median (h), format: hours }
  nrt_p90_hours: { label: NRT p90 (h), format: hours }
chart: { type: bar, x: department, y: [nrt_median_hours, nrt_p90_hours] }
*/
WITH month_waits AS (
    SELECT dept_name, wait_seconds
    FROM reply_waits
    WHERE admin_at >= :month_start AND admin_at < :month_end
),
scopes AS (
    SELECT DISTINCT 0 AS is_total, dept_name AS department FROM month_waits
    UNION ALL
    SELECT 1, 'All departments'
)
SELECT s.department,
       count(w.wait_seconds) AS waits,
       avg(w.wait_seconds) / 3600.0 AS nrt_mean_hours,
       median(w.wait_seconds) / 3600.0 AS nrt_median_hours,
       percentile(w.wait_seconds, 0.9) / 3600.0 AS nrt_p90_hours
FROM scopes AS s
LEFT JOIN month_waits AS w ON s.is_total = 1 OR w.dept_name = s.department
GROUP BY s.is_total, s.department
ORDER BY s.is_total, s.department;
