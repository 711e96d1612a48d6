-- Agents and their promotion out of the dry run every new agent starts in (docs/executor.md,
-- "Dry runs"). `agents promote` writes promoted_at/promoted_by; the gateway then records
-- agent.promoted in the tenant's ledger and sets recorded_at: only from then on does the agent run
-- for real, so no promotion takes effect without its ledger record.
CREATE TABLE agent_standings (
  tenant         TEXT    NOT NULL,
  agent          TEXT    NOT NULL,
  first_seen_ms  INTEGER,          -- the gateway's first decision for the agent
  promoted_at_ms INTEGER,          -- when an administrator promoted it
  promoted_by    TEXT,
  recorded_at_ms INTEGER,          -- when agent.promoted was recorded
  PRIMARY KEY (tenant, agent)
) WITHOUT ROWID;

-- Hard steps of two-phase actions waiting for their reinstate window (docs/executor.md,
-- "Two-phase destructive operations"). Each state change is one conditional UPDATE, so of the
-- scheduler and a person reinstating, exactly one wins; a row is never run twice.
CREATE TABLE action_phases (
  tenant          TEXT    NOT NULL,
  action_id       TEXT    NOT NULL,
  tool            TEXT    NOT NULL,
  actor           TEXT    NOT NULL,
  arguments       TEXT    NOT NULL, -- canonical JSON, to run the later step with the same call
  policy_version  TEXT    NOT NULL,
  due_ms          INTEGER NOT NULL,
  state           TEXT    NOT NULL,
  reinstate_by    TEXT,
  reinstate_at_ms INTEGER,
  PRIMARY KEY (tenant, action_id)
) WITHOUT ROWID;
CREATE INDEX action_phases_by_state ON action_phases (state, due_ms);
