-- Results are read by job (a job's page and counts) and by a job's tests (the analyzer recomputes
-- the runs of the tests an upload touched). A test's history is read from `runs`, which the
-- analyzer keeps, so the index on test_id alone only cost time at every load: a random insert per
-- result. One index on (job_id, test_id) serves both reads, and while an upload loads its inserts
-- stay in one part of the tree.
DROP INDEX results_test_history;
DROP INDEX results_job;
CREATE INDEX results_job_test ON results (job_id, test_id);
