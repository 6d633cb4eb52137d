-- Raw reports out of the database (docs/scaling.md): each upload's report is an object in the report
-- archive (a directory, or an S3 bucket) under a content-addressed key; the row keeps the key and the
-- stored (gzip) size next to `sha256` and `size_bytes`. Reports of databases from before this
-- migration stay in `content_gzip` until the report mover (`hudrelay migrate`, or `serve` in the
-- background) has copied them out and cleared it.
ALTER TABLE uploads ALTER COLUMN content_gzip DROP NOT NULL;
ALTER TABLE uploads ADD COLUMN content_key text;
ALTER TABLE uploads ADD COLUMN stored_bytes bigint CHECK (stored_bytes >= 0);
-- When raw-report retention removed the object (the results stay).
ALTER TABLE uploads ADD COLUMN content_expired_at timestamptz;
ALTER TABLE uploads ADD CONSTRAINT uploads_content_somewhere
    CHECK (content_gzip IS NOT NULL OR content_key IS NOT NULL OR content_expired_at IS NOT NULL);
-- The reports still held in the database, for the mover.
CREATE INDEX uploads_inline_content ON uploads (received_at) WHERE content_gzip IS NOT NULL;
-- Archived reports by age, for retention; and by key, to keep an object another upload still needs.
CREATE INDEX uploads_archived_received ON uploads (received_at) WHERE content_key IS NOT NULL;
CREATE INDEX uploads_content_key ON uploads (content_key) WHERE content_key IS NOT NULL;
