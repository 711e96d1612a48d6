-- Approvals wait for people across restarts. The request is kept as canonical JSON (the exact call
-- it binds); votes are appended, never updated; `settled` flips once, so an approved action is
-- handed to the executor at most once and a denial is recorded once.
CREATE TABLE approvals (
  tenant     TEXT    NOT NULL,
  id         TEXT    NOT NULL,
  request    TEXT    NOT NULL,
  created_at INTEGER NOT NULL, -- epoch milliseconds
  expires_at INTEGER NOT NULL, -- epoch milliseconds
  settled    INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, id)
) WITHOUT ROWID;
CREATE INDEX approvals_by_expiry ON approvals (tenant, expires_at);

CREATE TABLE approval_votes (
  tenant      TEXT    NOT NULL,
  approval_id TEXT    NOT NULL,
  seq         INTEGER NOT NULL,
  vote        TEXT    NOT NULL,
  PRIMARY KEY (tenant, approval_id, seq),
  FOREIGN KEY (tenant, approval_id) REFERENCES approvals (tenant, id)
) WITHOUT ROWID;

-- One-time approval links: a nonce here has been used.
CREATE TABLE approval_link_nonces (
  tenant     TEXT NOT NULL,
  nonce      TEXT NOT NULL,
  expires_at INTEGER NOT NULL, -- epoch milliseconds
  PRIMARY KEY (tenant, nonce)
) WITHOUT ROWID;
