-- The ledger on PostgreSQL (docs/ledger.md, "Storage"): the same tables as on SQLite, one schema
-- per deployment.

-- The audit log: one append-only sequence per tenant. The body is the event's RFC 8785 bytes;
-- retention sets it to NULL while the row, its index and its leaf hash stay.
CREATE TABLE audit_events (
  tenant TEXT   NOT NULL,
  idx    BIGINT NOT NULL,
  id     TEXT   NOT NULL,
  time   TEXT   NOT NULL,
  type   TEXT   NOT NULL,
  body   BYTEA,
  PRIMARY KEY (tenant, idx)
);

-- The Merkle tree as tiles of height 4: row (level L, idx N) holds the hashes of tree level 4L,
-- nodes 16N to 16N + 15, 32 bytes each; only the last tile of a level may hold fewer than 16.
CREATE TABLE ledger_tiles (
  tenant TEXT    NOT NULL,
  level  INTEGER NOT NULL,
  idx    BIGINT  NOT NULL,
  hashes BYTEA   NOT NULL,
  PRIMARY KEY (tenant, level, idx)
);

-- Signed checkpoints (C2SP tlog-checkpoint in a signed note), one per tree size.
CREATE TABLE ledger_checkpoints (
  tenant    TEXT   NOT NULL,
  size      BIGINT NOT NULL,
  note      BYTEA  NOT NULL,
  signed_at TEXT   NOT NULL,
  PRIMARY KEY (tenant, size)
);

-- Retention: below pruned_below every body of the tenant's log has been removed; written in the
-- same transaction as the bodies it covers.
CREATE TABLE ledger_retention (
  tenant       TEXT   NOT NULL PRIMARY KEY,
  pruned_below BIGINT NOT NULL
);
