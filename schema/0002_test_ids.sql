-- A test's id is derived from its identity: the first 63 bits of the MD5 of (repo, file,
-- classname, name), each part prefixed by its length in bytes so no two identities share an
-- input. Workers compute the same id (HudrelayStore's TestID) while they parse, so results are
-- copied straight into `results` as the report streams in, and only tests new to a worker are
-- written to `tests`. An insert whose id is taken by another identity fails loudly instead of
-- merging two histories (at 10 million tests the chance of any collision is about 5 in a million).

-- The id of a test identity; TestID in Swift computes the same value (a test checks this).
CREATE FUNCTION hudrelay_test_id(repo text, file text, classname text, name text) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT ('x' || left(md5(octet_length(repo) || ':' || repo || octet_length(file) || ':' || file
                            || octet_length(classname) || ':' || classname
                            || octet_length(name) || ':' || name), 16))::bit(64)::bigint
           & 9223372036854775807
$$;

-- Renumber the tests stored so far, and their results.
CREATE TEMPORARY TABLE test_renumber ON COMMIT DROP AS
    SELECT id AS old, hudrelay_test_id(repo, file, classname, name) AS new FROM tests;
UPDATE results r SET test_id = m.new FROM test_renumber m WHERE r.test_id = m.old;
UPDATE tests t SET id = m.new FROM test_renumber m WHERE t.id = m.old;
ALTER TABLE tests ALTER COLUMN id DROP DEFAULT;
DROP SEQUENCE tests_id_seq;
-- The id's uniqueness is the identity's: the four-column constraint only slowed inserts.
ALTER TABLE tests DROP CONSTRAINT tests_repo_file_classname_name_key;

-- Results are now copied straight into `results`.
DROP TABLE results_staging;
