-- Loads write what they must, in the order it arrives.
--
-- `results (job_id, test_id)` took a random insert per result (test ids are hashes): a third of the
-- database's work while a large report loads. `(job_id, upload_id, ordinal)` grows at one end while
-- an upload loads, and serves a job's results in report order (its pages, its counts). The
-- analyzer finds an upload's results by the primary key, and a job's results for some tests only
-- when those tests were already seen in the job (a file rerun), by scanning the job's results.
DROP INDEX results_job_test;
CREATE INDEX results_job_upload ON results (job_id, upload_id, ordinal);

-- The raw report is gzip already: PostgreSQL's own compression would only try and give up.
ALTER TABLE uploads ALTER COLUMN content_gzip SET STORAGE EXTERNAL;
