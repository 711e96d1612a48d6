-- The events move from a WITHOUT ROWID table to an ordinary rowid table with a unique index on
-- (tenant, idx) (docs/benchmarks.md, "The ledger"). Appends come in rowid order, so SQLite fills
-- each page of the table before starting the next instead of splitting the last page of the
-- primary key in half: a group commit writes fewer WAL pages. The unique index keeps one event per
-- index of a tenant's log, as the primary key did. Every event is copied in index order.
CREATE TABLE audit_events_v3 (
  tenant TEXT    NOT NULL,
  idx    INTEGER NOT NULL,
  id     TEXT    NOT NULL,
  time   TEXT    NOT NULL,
  type   TEXT    NOT NULL,
  body   BLOB
);
INSERT INTO audit_events_v3 (tenant, idx, id, time, type, body)
SELECT tenant, idx, id, time, type, body FROM audit_events ORDER BY tenant, idx;
DROP TABLE audit_events;
ALTER TABLE audit_events_v3 RENAME TO audit_events;
CREATE UNIQUE INDEX audit_events_by_index ON audit_events (tenant, idx);
