/*
title: Next reply time by department
description: >
  How long customers waited for each admin reply. Every run of customer messages (the
  opening message included) answered by an admin is one wait, from the run's first message
  to the admin reply; the first wait of a ticket is usually its first response. A wait
  belongs to the month of the admin reply that ends it (a reply belongs to the period of
  its own date), so a September ticket answered on 1 October counts in October. In a ticket
  an admin opened, the waits start with the customer's replies. Percentiles are PERCENTILE.INC.
  Departments are told apart by id and shown under their most recent name.
params:
  month: month
  source: { type: string, default: null, description: "Only this helpdesk source (default: all of them)" }
columns:
  department: { label: Department, format: text }
  waits: { label: Waits, format: integer }
  nrt_mean_hours: { label: NRT mean (h), format: hours }
  nrt_median_hours: { label: NRT median (h), format: hours }
  nrt_p90_hours: { label: NRT p90 (h), format: hours }
chart: { type: bar, x: department, y: [nrt_median_hours, nrt_p90_hours] }
*/
WITH month_waits AS (
    SELECT source, dept_id, wait_seconds
    FROM reply_waits
    WHERE admin_at >= :month_start AND admin_at < :month_end AND (:source IS NULL OR source = :source)
)
-- One row per department, then the total (always present); keep the branches in step.
SELECT department, waits, nrt_mean_hours, nrt_median_hours, nrt_p90_hours
FROM (
    SELECT 0 AS is_total, dept_id,
           (SELECT d.dept_name FROM departments AS d WHERE d.source = w.source AND d.dept_id = w.dept_id) AS department,
           count(wait_seconds) AS waits,
           avg(wait_seconds) / 3600.0 AS nrt_mean_hours,
           median(wait_seconds) / 3600.0 AS nrt_median_hours,
           percentile(wait_seconds, 0.9) / 3600.0 AS nrt_p90_hours
    FROM month_waits AS w
    GROUP BY source, dept_id
    UNION ALL
    SELECT 1, NULL, 'All departments',
           count(wait_seconds),
           avg(wait_seconds) / 3600.0,
           median(wait_seconds) / 3600.0,
           percentile(wait_seconds, 0.9) / 3600.0
    FROM month_waits
)
ORDER BY is_total, department, dept_id;
