-- Guards (issue #8): the session flag prompt_injection_suspected, the trusted task that started a
-- session, and the fingerprints (SHA-256 of normalised values, never the values) of what trusted
-- provenance said in the session.
CREATE TABLE session_injection_flags (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  PRIMARY KEY (tenant, session_id)
) WITHOUT ROWID;

CREATE TABLE session_tasks (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  PRIMARY KEY (tenant, session_id)
) WITHOUT ROWID;

CREATE TABLE session_provenance (
  tenant      TEXT    NOT NULL,
  session_id  TEXT    NOT NULL,
  fingerprint TEXT    NOT NULL,
  at_ms       INTEGER NOT NULL,
  PRIMARY KEY (tenant, session_id, fingerprint)
) WITHOUT ROWID;
