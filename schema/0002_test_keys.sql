-- Tests are found by a 128-bit key: the MD5 of their identity (repo, file, classname, name), each
-- part prefixed by its length in bytes so that no two identities share an input. Workers compute
-- the same key (HudrelayStore's TestKey) and keep key → id in memory, so a report of known tests
-- is loaded with one COPY straight into `results`, with no join on four text columns.

-- The key of a test identity; TestKey in Swift computes the same value (a test checks this).
CREATE FUNCTION hudrelay_test_key(repo text, file text, classname text, name text) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT md5(octet_length(repo) || ':' || repo || octet_length(file) || ':' || file
               || octet_length(classname) || ':' || classname || octet_length(name) || ':' || name)::uuid
$$;

ALTER TABLE tests ADD COLUMN key uuid;
UPDATE tests SET key = hudrelay_test_key(repo, file, classname, name);
ALTER TABLE tests ALTER COLUMN key SET NOT NULL;
CREATE UNIQUE INDEX tests_key ON tests (key);
-- The key's uniqueness is the identity's: the four-column constraint only slowed inserts.
ALTER TABLE tests DROP CONSTRAINT tests_repo_file_classname_name_key;

-- Identities of tests a worker has not seen yet, on their way into `tests`.
CREATE UNLOGGED TABLE tests_staging (
    upload_id  uuid NOT NULL,
    key        uuid NOT NULL,
    repo       text NOT NULL,
    file       text NOT NULL,
    classname  text NOT NULL,
    name       text NOT NULL
);
CREATE INDEX tests_staging_upload ON tests_staging (upload_id);

-- Results are now copied straight into `results`.
DROP TABLE results_staging;
