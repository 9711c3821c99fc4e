-- ad-hoc
SELECT * FROM tickets WHERE opened_at >= :from AND priority = :priority; -- done
