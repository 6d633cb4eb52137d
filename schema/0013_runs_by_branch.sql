-- A flaky test's recent runs on one branch (the flip rate on the default branch, docs/flakiness.md):
-- with only (test_id, at), a test that runs on many PR branches is read run by run until enough
-- runs of the branch are found (bench-scale: 320 rows read for 14 kept, 0.4 s for 400 flaky tests).
CREATE INDEX runs_test_branch_at ON runs (test_id, branch, at DESC) WHERE outcome <> 'skipped' AND NOT infra;
