-- The analysis refreshes the daily rollups of the slices (stage, card type, node, branch,
-- architecture) its runs touched, not every slice of their (day, test): a job runs in one slice,
-- and on a cluster of many nodes a (day, test) holds a row per node (docs/benchmarks.md,
-- bench-scale). The work table says which.
ALTER TABLE analysis_dirty ADD COLUMN stage smallint NOT NULL DEFAULT -1,
    ADD COLUMN card_type text NOT NULL DEFAULT '', ADD COLUMN node text NOT NULL DEFAULT '',
    ADD COLUMN branch text NOT NULL DEFAULT '', ADD COLUMN architecture text NOT NULL DEFAULT '';
