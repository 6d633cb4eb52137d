-- The publisher: the dispatch a job answers (Cross-Repo CI Relay), when a job is finished, and the
-- outbox of deliveries to PyTorch HUD's channels. docs/hud.md explains the states.

-- The relay's dispatch the job answers: its event type, delivery id and payload (the payload as
-- Python's json.dumps writes it, keys in the order they came).
ALTER TABLE jobs ADD COLUMN delivery_id text;
ALTER TABLE jobs ADD COLUMN event_type text;
ALTER TABLE jobs ADD COLUMN dispatch_payload text;
-- A finish was asked for (POST /api/v1/jobs/{id}/finish, `upload --final`, or the quiet period).
-- `finished_at` is set once that is so and none of the job's uploads is still queued or processing.
ALTER TABLE jobs ADD COLUMN finish_requested_at timestamptz;
CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE finish_requested_at IS NULL;
CREATE INDEX jobs_finishing ON jobs (id) WHERE finish_requested_at IS NOT NULL AND finished_at IS NULL;
CREATE INDEX jobs_run ON jobs (repo, run_id, run_attempt);

-- One delivery to one target: the rows of a workflow run (or of one job) for HUD's S3 bucket, or
-- one relay callback of a job. Created in the transaction that finishes the data it carries; new
-- data raises `generation`, and the same subject is delivered again under the same keys.
CREATE TABLE publish_tasks (
    id                bigserial PRIMARY KEY,
    target            text NOT NULL CHECK (target IN ('hud_rows', 'relay_in_progress', 'relay_completed')),
    subject           text NOT NULL,
    job_id            bigint NOT NULL REFERENCES jobs (id),
    repo              text NOT NULL,
    run_id            text NOT NULL,
    run_attempt       integer NOT NULL,
    per_job           boolean NOT NULL DEFAULT false,
    state             text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done', 'failed')),
    generation        integer NOT NULL DEFAULT 1,
    sent_generation   integer NOT NULL DEFAULT 0,
    attempts          integer NOT NULL DEFAULT 0,
    failures          integer NOT NULL DEFAULT 0,
    available_at      timestamptz NOT NULL DEFAULT now(),
    lease_owner       text,
    lease_expires_at  timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    delivered_at      timestamptz,
    last_status       integer,
    last_error        text,
    response_body     text,
    keys              text[],
    UNIQUE (target, subject)
);
CREATE INDEX publish_tasks_due ON publish_tasks (id) WHERE state IN ('pending', 'sending');
CREATE INDEX publish_tasks_job ON publish_tasks (job_id);
CREATE INDEX publish_tasks_state ON publish_tasks (state, updated_at DESC);
