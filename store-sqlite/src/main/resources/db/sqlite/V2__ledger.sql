-- The Merkle tree of each tenant's log (RFC 6962): the hash of every perfect subtree, leaves at
-- level 0. A leaf hash stays when retention prunes the event's body, so proofs never break.
CREATE TABLE ledger_nodes (
  tenant TEXT    NOT NULL,
  level  INTEGER NOT NULL,
  idx    INTEGER NOT NULL,
  hash   BLOB    NOT NULL,
  PRIMARY KEY (tenant, level, idx)
) WITHOUT ROWID;

-- Signed checkpoints (C2SP tlog-checkpoint in a signed note), one per tree size.
CREATE TABLE ledger_checkpoints (
  tenant    TEXT    NOT NULL,
  size      INTEGER NOT NULL,
  note      BLOB    NOT NULL,
  signed_at TEXT    NOT NULL,
  PRIMARY KEY (tenant, size)
) WITHOUT ROWID;

-- Retention removes bodies; the row, its index and its leaf hash stay.
CREATE TABLE audit_events_v2 (
  tenant TEXT    NOT NULL,
  idx    INTEGER NOT NULL,
  id     TEXT    NOT NULL,
  time   TEXT    NOT NULL,
  type   TEXT    NOT NULL,
  body   BLOB,
  PRIMARY KEY (tenant, idx)
) WITHOUT ROWID;
INSERT INTO audit_events_v2 SELECT tenant, idx, id, time, type, body FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_v2 RENAME TO audit_events;
