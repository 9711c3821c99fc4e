/*
params:
  month: datetime
  x: &a { type: int }
  y: *a
*/
SELECT :month_start, ?1, @x;
DELETE FROM tickets;
