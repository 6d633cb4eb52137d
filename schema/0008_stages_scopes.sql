-- Rollout stages are declared in a stages file, not fixed at 0-4 (docs/coverage.md): a job's
-- stage is checked against the declared ones when it is uploaded.
ALTER TABLE jobs DROP CONSTRAINT jobs_stage_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_stage_check CHECK (stage >= 0);
CREATE INDEX jobs_stage_created ON jobs (stage, created_at) WHERE stage IS NOT NULL;

-- A scope: which generic tests are in scope and what torch-spyre's test configs make of them, as
-- CI uploaded it at a commit of the configs' repository. One version per commit; uploading the same
-- commit again replaces it. The counts are what the upload resolved (docs/coverage.md, "Scope").
CREATE TABLE scopes (
    id                     bigserial PRIMARY KEY,
    repo                   text NOT NULL,
    sha                    text NOT NULL,
    uploaded_at            timestamptz NOT NULL DEFAULT now(),
    population_given       boolean NOT NULL,
    tests                  integer NOT NULL,
    in_scope               integer NOT NULL,
    enabled                integer NOT NULL,
    xfail                  integer NOT NULL,
    config_files           integer NOT NULL,
    entries_not_collected  integer NOT NULL,
    unlisted_patterns      integer NOT NULL,
    UNIQUE (repo, sha)
);
CREATE INDEX scopes_latest ON scopes (repo, uploaded_at DESC, id DESC);

-- One generic test of a scope. `mode` is NULL when no config has the test's file; `excluded` is
-- the exclusion (pattern and reason) that puts it out of scope, NULL when in scope.
CREATE TABLE scope_tests (
    scope_id    bigint NOT NULL REFERENCES scopes (id) ON DELETE CASCADE,
    generic_id  text NOT NULL,
    file        text NOT NULL,
    origin      text NOT NULL CHECK (origin IN ('pytorch', 'device')),
    mode        text CHECK (mode IN ('mandatory_success', 'xfail', 'xfail_strict', 'skip')),
    excluded    text,
    PRIMARY KEY (scope_id, generic_id)
);

-- Which generic tests each stage executed (not skipped), per architecture ('' unknown) and day:
-- kept by the analyzer from the runs it writes. `stage_tests` holds the first and last day, which
-- the coverage of a window ending today reads; `stage_test_days` the days, for coverage by day.
CREATE TABLE stage_tests (
    repo          text NOT NULL,
    stage         smallint NOT NULL,
    architecture  text NOT NULL,
    generic_id    text NOT NULL,
    first_day     date NOT NULL,
    last_day      date NOT NULL,
    -- generic_id before architecture: coverage over every architecture reads a stage's tests in
    -- generic_id order (no sort, no hash) and probes one test without naming its architecture.
    PRIMARY KEY (repo, stage, generic_id, architecture)
);
CREATE TABLE stage_test_days (
    repo          text NOT NULL,
    stage         smallint NOT NULL,
    architecture  text NOT NULL,
    day           date NOT NULL,
    generic_id    text NOT NULL,
    -- day before architecture: a day's count over every architecture reads only that day.
    PRIMARY KEY (repo, stage, day, architecture, generic_id)
);

-- A complete day's coverage figure per scope, stage, architecture ('*' all) and the stage's
-- scope origins ('device,pytorch'), kept once counted so a window's figures by day read a row a day
-- (docs/coverage.md). The analyzer deletes a day's figures when it adds executions to that day.
CREATE TABLE stage_day_coverage (
    scope_id      bigint NOT NULL REFERENCES scopes (id) ON DELETE CASCADE,
    origins       text NOT NULL,
    repo          text NOT NULL,
    stage         smallint NOT NULL,
    architecture  text NOT NULL,
    day           date NOT NULL,
    covered       integer NOT NULL,
    PRIMARY KEY (scope_id, origins, stage, architecture, day)
);
CREATE INDEX stage_day_coverage_day ON stage_day_coverage (repo, stage, day);

-- What the runs already analyzed say (tests stored before 0007 get their generic id from
-- `hudrelay migrate` afterwards; `hudrelay analyze --rebuild` fills these in for them).
INSERT INTO stage_test_days (repo, stage, architecture, day, generic_id)
SELECT DISTINCT r.repo, r.stage, r.architecture, r.day, t.generic_id
FROM runs r JOIN tests t ON t.id = r.test_id
WHERE r.stage >= 0 AND r.outcome <> 'skipped' AND t.generic_id IS NOT NULL;
INSERT INTO stage_tests (repo, stage, architecture, generic_id, first_day, last_day)
SELECT repo, stage, architecture, generic_id, min(day), max(day) FROM stage_test_days GROUP BY 1, 2, 3, 4;
