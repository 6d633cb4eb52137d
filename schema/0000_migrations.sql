-- The ledger of applied migrations. Every file in schema/ is applied once, in order, in its own
-- transaction, and recorded here with its SHA-256; an applied file whose bytes changed is an error.
CREATE TABLE hudrelay_migrations (
    version     integer PRIMARY KEY,
    name        text NOT NULL,
    sha256      text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
);
