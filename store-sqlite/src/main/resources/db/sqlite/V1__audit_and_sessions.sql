-- The audit log: one append-only sequence per tenant. The body is the event's RFC 8785 bytes.
CREATE TABLE audit_events (
  tenant   TEXT    NOT NULL,
  idx      INTEGER NOT NULL,
  id       TEXT    NOT NULL,
  time     TEXT    NOT NULL,
  type     TEXT    NOT NULL,
  body     BLOB    NOT NULL,
  PRIMARY KEY (tenant, idx)
) WITHOUT ROWID;

-- Session history behind the CEL session functions.
CREATE TABLE session_calls (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  tool       TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL
);
CREATE INDEX session_calls_by_session ON session_calls (tenant, session_id, tool, at_ms);

CREATE TABLE session_call_numbers (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  tool       TEXT    NOT NULL,
  name       TEXT    NOT NULL,
  value      REAL    NOT NULL,
  at_ms      INTEGER NOT NULL
);
CREATE INDEX session_call_numbers_by_session
  ON session_call_numbers (tenant, session_id, tool, name, at_ms);

CREATE TABLE session_approvals (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  kind       TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  PRIMARY KEY (tenant, session_id, kind)
) WITHOUT ROWID;

CREATE TABLE session_taint (
  tenant     TEXT    NOT NULL,
  session_id TEXT    NOT NULL,
  at_ms      INTEGER NOT NULL,
  PRIMARY KEY (tenant, session_id)
) WITHOUT ROWID;
