-- Grant nonces the executor has consumed (docs/executor.md, "Nonce persistence"). The primary key
-- makes consuming atomic across threads and processes: a second insert of the same pair fails.
-- A row is kept until its grant can no longer verify (expiry plus the allowed skew), then dropped.
CREATE TABLE grant_nonces (
  tenant     TEXT    NOT NULL,
  nonce      TEXT    NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (tenant, nonce)
) WITHOUT ROWID;
CREATE INDEX grant_nonces_by_expiry ON grant_nonces (expires_ms);
