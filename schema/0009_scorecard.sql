-- The scorecard (docs/scorecard.md): a job's times as CI gives them, and when hudrelay analyzed
-- its results. `started_at` (0001) is CI's start; `finished_at` (0001) stays hudrelay's finish of
-- the job (its reports in), so CI's finish is `ci_finished_at`.
ALTER TABLE jobs ADD COLUMN queued_at timestamptz;
ALTER TABLE jobs ADD COLUMN ci_finished_at timestamptz;
-- The last analysis of the job's results committed.
ALTER TABLE jobs ADD COLUMN analyzed_at timestamptz;
-- A stage's jobs over a window, per repository.
CREATE INDEX jobs_repo_stage_created ON jobs (repo, stage, created_at) WHERE stage IS NOT NULL;
