-- The flakiness analyzer: one row per executed (job, test) run with its evidence, and per-day
-- rollups that reports read. docs/flakiness.md defines every column's meaning.

-- A job in which more than a set share of its executed tests failed is an infrastructure
-- incident: its runs stay out of flake figures.
ALTER TABLE jobs ADD COLUMN executed_tests integer;
ALTER TABLE jobs ADD COLUMN failed_tests integer;
ALTER TABLE jobs ADD COLUMN infra_incident boolean NOT NULL DEFAULT false;

-- The normalized form of a failure message (numbers, hex addresses, paths, tensor values and
-- quoted strings replaced), so that failures that differ only in such details cluster together.
CREATE FUNCTION hudrelay_failure_signature(kind text, message text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN coalesce(kind, '') = '' AND coalesce(message, '') = '' THEN NULL ELSE
        left(btrim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
            regexp_replace(split_part(coalesce(nullif(message, ''), kind), E'\n', 1),
            'tensor\(\[.*?\]([^)]*)\)', 'tensor(<T>)', 'g'),
            '(/[^\s/:''"]+)+/?', '<path>', 'g'),
            '0x[0-9a-fA-F]+', '<hex>', 'g'),
            '''[^'']*''|"[^"]*"', '<str>', 'g'),
            '\m[0-9a-fA-F]{8,}\M', '<hex>', 'g'),
            '[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?', '<n>', 'g'),
            '\s+', ' ', 'g')), 300)
    END
$$;

-- One test in one job: all of the job's reports of the test combined.
CREATE TABLE runs (
    job_id           bigint NOT NULL REFERENCES jobs (id),
    test_id          bigint NOT NULL,
    day              date NOT NULL,
    at               timestamptz NOT NULL,
    repo             text NOT NULL,
    sha              text NOT NULL,
    branch           text NOT NULL DEFAULT '',
    stage            smallint NOT NULL DEFAULT -1,
    card_type        text NOT NULL DEFAULT '',
    node             text NOT NULL DEFAULT '',
    outcome          text NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped')),
    infra            boolean NOT NULL DEFAULT false,
    retry            boolean NOT NULL DEFAULT false,
    file_rerun       boolean NOT NULL DEFAULT false,
    same_commit      boolean NOT NULL DEFAULT false,
    failed_attempts  integer NOT NULL DEFAULT 0,
    message          text,
    signature        text,
    PRIMARY KEY (job_id, test_id)
);
CREATE INDEX runs_test ON runs (test_id, day);
CREATE INDEX runs_test_at ON runs (test_id, at DESC);
CREATE INDEX runs_flaky_samples ON runs (test_id, at DESC)
    WHERE message IS NOT NULL AND (retry OR file_rerun OR same_commit);
CREATE INDEX runs_commit ON runs (repo, sha, test_id);
CREATE INDEX runs_failures ON runs (day) WHERE signature IS NOT NULL;

-- Per day, test and configuration: the counts reports add up. Runs of infrastructure incidents
-- are left out. Unknown stage is -1, unknown text is ''.
CREATE TABLE flaky_daily (
    day          date NOT NULL,
    test_id      bigint NOT NULL,
    stage        smallint NOT NULL,
    card_type    text NOT NULL,
    node         text NOT NULL,
    branch       text NOT NULL,
    executed     integer NOT NULL,
    flaky        integer NOT NULL,
    retry        integer NOT NULL,
    file_rerun   integer NOT NULL,
    same_commit  integer NOT NULL,
    failed       integer NOT NULL,
    PRIMARY KEY (day, test_id, stage, card_type, node, branch)
);
CREATE INDEX flaky_daily_test ON flaky_daily (test_id, day);

-- The same counts per day and test over all configurations: what a report without a stage, card
-- type, node or branch filter adds up (about 25 times fewer rows on a cluster of 8 nodes).
CREATE TABLE flaky_daily_totals (
    day          date NOT NULL,
    test_id      bigint NOT NULL,
    executed     integer NOT NULL,
    flaky        integer NOT NULL,
    retry        integer NOT NULL,
    file_rerun   integer NOT NULL,
    same_commit  integer NOT NULL,
    failed       integer NOT NULL,
    PRIMARY KEY (day, test_id)
);

-- Jobs whose runs must be (re)computed: every completed upload queues its job with its id in
-- `uploads` (only those uploads' tests are analyzed; NULL: the whole job). An analyzer
-- claims a job (claimed_at) in a short transaction and deletes the row when its analysis commits,
-- unless an upload queued the job again meanwhile (claimed_at back to NULL). A claim older than
-- ten minutes belongs to an analyzer that died and is taken again.
CREATE TABLE analysis_queue (
    job_id      bigint PRIMARY KEY,
    uploads     uuid[],
    queued_at   timestamptz NOT NULL DEFAULT now(),
    claimed_at  timestamptz
);

-- Jobs uploaded before the analyzer existed are analyzed once.
INSERT INTO analysis_queue (job_id) SELECT DISTINCT job_id FROM uploads WHERE state = 'done';

-- The tests and the (day, test) pairs the analysis in progress recomputes (one analysis runs at a
-- time, under an advisory lock).
CREATE UNLOGGED TABLE analysis_tests (
    test_id  bigint NOT NULL
);
CREATE UNLOGGED TABLE analysis_dirty (
    day      date NOT NULL,
    test_id  bigint NOT NULL
);
