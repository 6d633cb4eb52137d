-- Results retention (docs/scaling.md): `results` is kept in day partitions from now on, so that
-- retention drops whole days (a DROP TABLE, no row-by-row DELETE, no bloat). Month partitions
-- made before this migration stay and are dropped when their whole month is past retention.

-- Returns the partition of `results` that holds `at`, creating that day's partition when none
-- holds it: an older month partition (results_YYYY_MM) when there is one, else the day's
-- (results_YYYY_MM_DD).
CREATE OR REPLACE FUNCTION hudrelay_ensure_results_partition(at timestamptz) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    day   date := (at AT TIME ZONE 'UTC')::date;
    month text := format('results_%s', to_char(day, 'YYYY_MM'));
    part  text := format('results_%s', to_char(day, 'YYYY_MM_DD'));
BEGIN
    IF to_regclass(month) IS NOT NULL THEN
        RETURN month;
    END IF;
    IF to_regclass(part) IS NULL THEN
        PERFORM pg_advisory_xact_lock(hashtext('hudrelay_results_partition'));
        -- Another transaction may have created it while we waited for the lock, and this
        -- statement's catalog snapshot may not show it yet: a duplicate is not an error.
        BEGIN
            EXECUTE format(
                'CREATE TABLE %I PARTITION OF results FOR VALUES FROM (%L) TO (%L)',
                part, day::timestamp AT TIME ZONE 'UTC', (day + 1)::timestamp AT TIME ZONE 'UTC');
        EXCEPTION WHEN duplicate_table THEN
            NULL;
        END;
    END IF;
    RETURN part;
END;
$$;

-- The partitions of `results`, each with the end of the time it holds.
CREATE FUNCTION hudrelay_results_partitions() RETURNS TABLE (name text, ends timestamptz) LANGUAGE sql AS $$
    SELECT c.relname::text,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'results'::regclass
$$;

-- Drops every partition of `results` that holds nothing received at or after `cutoff`, and
-- records how far results are gone (`retention_marks`). Returns the partitions dropped.
CREATE FUNCTION hudrelay_drop_results_before(cutoff timestamptz) RETURNS TABLE (name text, ends timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
    p record;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('hudrelay_results_partition'));
    FOR p IN SELECT x.name, x.ends FROM hudrelay_results_partitions() x WHERE x.ends <= cutoff ORDER BY x.ends LOOP
        EXECUTE format('DROP TABLE %I', p.name);
        INSERT INTO retention_marks (what, before) VALUES ('results', p.ends)
        ON CONFLICT (what) DO UPDATE SET before = greatest(retention_marks.before, EXCLUDED.before), applied_at = now();
        name := p.name;
        ends := p.ends;
        RETURN NEXT;
    END LOOP;
END;
$$;

-- How far back each kind of data is gone by retention: everything received before `before`.
CREATE TABLE retention_marks (
    what        text PRIMARY KEY CHECK (what IN ('results')),
    before      timestamptz NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
