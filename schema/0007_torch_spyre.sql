-- torch-spyre's reports as they are (docs/junit.md rules 12-14, docs/flakiness.md "File retries").

-- The generic test behind an instantiated one (`test/test_ops.py::TestOps::test_add`), computed by
-- the worker that first stores the test. Tests stored before this migration have none until
-- `hudrelay migrate` fills it in (it needs the parser's rule, which lives in Swift).
ALTER TABLE tests ADD COLUMN generic_id text;
CREATE INDEX tests_generic ON tests (repo, generic_id);

-- Where and what a job ran: the architecture (`x86_64`, `s390x`, `ppc64le`; from the context, the
-- CI environment or the reports' `platform__` tags), the runner pool (`spyre_pf_x1`), the PyTorch
-- commit under test, and the job's conclusion as CI gave it.
ALTER TABLE jobs ADD COLUMN architecture text;
ALTER TABLE jobs ADD COLUMN runner text;
ALTER TABLE jobs ADD COLUMN pytorch_sha text;
ALTER TABLE jobs DROP CONSTRAINT jobs_conclusion_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_conclusion_check
    CHECK (conclusion IN ('success', 'failure', 'cancelled', 'skipped', 'timed_out'));
CREATE INDEX jobs_architecture ON jobs (architecture) WHERE architecture IS NOT NULL;

-- A whole-file retry's marks on a result: the retry kinds (`result.retried`, comma-joined) and the
-- prior report's status (`result.prior_status`: failed or error).
ALTER TABLE results ADD COLUMN retried text;
ALTER TABLE results ADD COLUMN prior_status text;

-- File-retry evidence on a run: `file_retry` is flaky evidence (a green result after a failure in
-- the report a retry replaced), `pod_retry` infrastructure evidence (such a failure under a `pod`
-- retry, shown but not counted unless `analysis.podRetryFlaky`), `retry_kinds` the kinds involved.
ALTER TABLE runs ADD COLUMN file_retry boolean NOT NULL DEFAULT false;
ALTER TABLE runs ADD COLUMN pod_retry boolean NOT NULL DEFAULT false;
ALTER TABLE runs ADD COLUMN retry_kinds text[];
ALTER TABLE runs ADD COLUMN architecture text NOT NULL DEFAULT '';
DROP INDEX runs_flaky_samples;
CREATE INDEX runs_flaky_samples ON runs (test_id, at DESC)
    WHERE message IS NOT NULL AND (retry OR file_rerun OR same_commit OR file_retry);

-- The rollups count file-retry evidence and its kinds (runs with a prior-report failure retried by
-- a signal, a stall or a fresh pod; one run may count under several).
ALTER TABLE flaky_daily ADD COLUMN file_retry integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily ADD COLUMN retry_signal integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily ADD COLUMN retry_stall integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily ADD COLUMN retry_pod integer NOT NULL DEFAULT 0;
-- The architecture is a slice of the daily rollups, as stage, card type and node are ('' unknown).
ALTER TABLE flaky_daily ADD COLUMN architecture text NOT NULL DEFAULT '';
ALTER TABLE flaky_daily DROP CONSTRAINT flaky_daily_pkey;
ALTER TABLE flaky_daily ADD PRIMARY KEY (day, test_id, stage, card_type, node, branch, architecture);
ALTER TABLE flaky_daily_totals ADD COLUMN file_retry integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily_totals ADD COLUMN retry_signal integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily_totals ADD COLUMN retry_stall integer NOT NULL DEFAULT 0;
ALTER TABLE flaky_daily_totals ADD COLUMN retry_pod integer NOT NULL DEFAULT 0;
