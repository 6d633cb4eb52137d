-- Jobs, uploads, tests, results and tokens: what the ingest service stores.
-- docs/data-model.md explains the model.

-- One CI job. Its identity is where it ran in CI (repo, commit, workflow run and attempt, job);
-- the hardware context (stage, cluster, node, cards) describes it and is filled in by uploads.
CREATE TABLE jobs (
    id               bigserial PRIMARY KEY,
    repo             text NOT NULL,
    sha              text NOT NULL,
    workflow         text NOT NULL DEFAULT '',
    run_id           text NOT NULL DEFAULT '',
    run_attempt      integer NOT NULL DEFAULT 1 CHECK (run_attempt >= 1),
    job_name         text NOT NULL DEFAULT '',
    external_job_id  text NOT NULL DEFAULT '',
    branch           text,
    pr_number        integer CHECK (pr_number > 0),
    stage            smallint CHECK (stage BETWEEN 0 AND 4),
    cluster          text,
    node             text,
    card_type        text,
    card_count       integer CHECK (card_count >= 0),
    started_at       timestamptz,
    finished_at      timestamptz,
    conclusion       text CHECK (conclusion IN ('success', 'failure', 'cancelled', 'skipped')),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repo, sha, workflow, run_id, run_attempt, job_name, external_job_id)
);
CREATE INDEX jobs_repo_sha ON jobs (repo, sha);
CREATE INDEX jobs_created ON jobs (created_at DESC, id DESC);

-- One uploaded report: the raw bytes (gzip), committed before the API answers, and the queue
-- state of turning it into rows. The same job and the same content (SHA-256 of the uncompressed
-- report) is the same upload.
CREATE TABLE uploads (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id            bigint NOT NULL REFERENCES jobs (id),
    filename          text NOT NULL DEFAULT '',
    content_gzip      bytea NOT NULL,
    sha256            bytea NOT NULL,
    size_bytes        bigint NOT NULL CHECK (size_bytes >= 0),
    received_at       timestamptz NOT NULL DEFAULT now(),
    state             text NOT NULL DEFAULT 'queued'
                      CHECK (state IN ('queued', 'processing', 'done', 'failed')),
    error             text,
    error_kind        text,
    error_line        integer,
    error_column      integer,
    attempts          integer NOT NULL DEFAULT 0,
    available_at      timestamptz NOT NULL DEFAULT now(),
    lease_owner       text,
    lease_expires_at  timestamptz,
    started_at        timestamptz,
    finished_at       timestamptz,
    counts            jsonb,
    UNIQUE (job_id, sha256)
);
CREATE INDEX uploads_queued ON uploads (available_at) WHERE state = 'queued';
CREATE INDEX uploads_leased ON uploads (lease_expires_at) WHERE state = 'processing';
CREATE INDEX uploads_job ON uploads (job_id);

-- Workers wake on this channel when an upload is queued (and poll as a fallback).
CREATE FUNCTION hudrelay_notify_upload() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hudrelay_uploads', NEW.id::text);
    RETURN NEW;
END;
$$;
CREATE TRIGGER uploads_notify AFTER INSERT ON uploads
    FOR EACH ROW EXECUTE FUNCTION hudrelay_notify_upload();

-- A test, by its stable identity within a repository.
CREATE TABLE tests (
    id          bigserial PRIMARY KEY,
    repo        text NOT NULL,
    file        text NOT NULL DEFAULT '',
    classname   text NOT NULL DEFAULT '',
    name        text NOT NULL,
    first_seen  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (repo, file, classname, name)
);

-- One test's result in one report (a job holds several reports when files are retried), after
-- the parser merged its attempts. Partitioned by month of the upload's receipt.
CREATE TABLE results (
    recorded_at          timestamptz NOT NULL,
    upload_id            uuid NOT NULL,
    ordinal              integer NOT NULL,
    job_id               bigint NOT NULL,
    test_id              bigint NOT NULL,
    outcome              text NOT NULL
                         CHECK (outcome IN ('passed', 'failed', 'error', 'skipped', 'xfailed', 'xpassed')),
    duration_s           double precision,
    reruns               integer NOT NULL DEFAULT 0,
    flaky                boolean NOT NULL DEFAULT false,
    failure_type         text,
    failure_message      text,
    failure_text         text,
    failure_text_length  integer,
    properties           jsonb,
    attempts             jsonb,
    PRIMARY KEY (recorded_at, upload_id, ordinal)
) PARTITION BY RANGE (recorded_at);
CREATE INDEX results_test_history ON results (test_id, recorded_at DESC);
CREATE INDEX results_job ON results (job_id, outcome);

-- Creates the month partition of `results` that holds `at`, if it does not exist yet.
CREATE FUNCTION hudrelay_ensure_results_partition(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    first_day  date := date_trunc('month', at AT TIME ZONE 'UTC')::date;
    part       text := format('results_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
    IF to_regclass(part) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('hudrelay_results_partition'));
        -- Another transaction may have created it while we waited for the lock, and this
        -- statement's catalog snapshot may not show it yet: a duplicate is not an error.
        BEGIN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF results FOR VALUES FROM (%L) TO (%L)',
                part, first_day::timestamp AT TIME ZONE 'UTC',
                (first_day + interval '1 month')::timestamp AT TIME ZONE 'UTC');
        EXCEPTION WHEN duplicate_table THEN
            NULL;
        END;
    END IF;
    RETURN part;
END;
$$;

-- Rows of one upload on their way in: COPY lands here, then one statement upserts the tests and
-- another inserts the results, in the transaction that marks the upload done.
CREATE UNLOGGED TABLE results_staging (
    upload_id            uuid NOT NULL,
    ordinal              integer NOT NULL,
    file                 text NOT NULL,
    classname            text NOT NULL,
    name                 text NOT NULL,
    outcome              text NOT NULL,
    duration_s           double precision,
    reruns               integer NOT NULL,
    flaky                boolean NOT NULL,
    failure_type         text,
    failure_message      text,
    failure_text         text,
    failure_text_length  integer,
    properties           jsonb,
    attempts             jsonb
);
CREATE INDEX results_staging_upload ON results_staging (upload_id);

-- API tokens: only the SHA-256 of each token is kept.
CREATE TABLE tokens (
    name        text PRIMARY KEY,
    scope       text NOT NULL CHECK (scope IN ('upload', 'admin')),
    sha256      bytea NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz,
    last_used_at timestamptz
);
