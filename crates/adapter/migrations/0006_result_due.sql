-- When the result of a submitted request is due (issue 7's receipt; issue 8 tracks it), fixed
-- at intake: computed from the regulation of the applicant's region (`act`, `region`) on the
-- working-day calendar. NULL where the service had no regulation to compute it from.
ALTER TABLE submissions ADD COLUMN region TEXT;
ALTER TABLE submissions ADD COLUMN act TEXT;
ALTER TABLE submissions ADD COLUMN result_due INTEGER;  -- Unix seconds
ALTER TABLE submissions ADD COLUMN result_due_estimated INTEGER NOT NULL DEFAULT 0;
