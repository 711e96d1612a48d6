-- Retention (docs/ledger.md, "Retention"): below pruned_below every event body of the tenant's log
-- has been removed. Written in the same transaction as the bodies it covers, so it never runs
-- ahead of them; the next run starts there instead of reading the pruned rows again.
CREATE TABLE ledger_retention (
  tenant       TEXT    NOT NULL,
  pruned_below INTEGER NOT NULL,
  PRIMARY KEY (tenant)
) WITHOUT ROWID;
