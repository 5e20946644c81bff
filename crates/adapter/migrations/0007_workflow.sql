-- The provider's work on submitted requests (issue 8). Times are Unix seconds.

-- Provider staff belong to one provider (an id of data/providers.toml); NULL for other roles.
ALTER TABLE accounts ADD COLUMN provider TEXT;

-- One row per submitted request, written in the submission's transaction: where it is in the
-- provider's workflow. `step_due` is when the step it waits for is due (the workbench's order:
-- the earliest first, so the overdue lead); NULL once issued or where no regulation applies.
CREATE TABLE workflow (
    application_id TEXT    PRIMARY KEY REFERENCES submissions (application_id),
    provider       TEXT    NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('submitted', 'registered', 'assigned',
                                                     'prepared', 'signed', 'issued')),
    executor       INTEGER REFERENCES accounts (id),
    step_due       INTEGER,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX workflow_by_provider_due ON workflow (provider, step_due);
CREATE INDEX workflow_by_provider_state_due ON workflow (provider, state, step_due);

-- The audit trail: every step, who made it and when. Never changed, never deleted.
CREATE TABLE workflow_events (
    id             INTEGER PRIMARY KEY,
    application_id TEXT    NOT NULL REFERENCES workflow (application_id),
    action         TEXT    NOT NULL CHECK (action IN ('register', 'assign', 'prepare', 'sign',
                                                      'issue')),
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    at             INTEGER NOT NULL
);
CREATE INDEX workflow_events_by_application ON workflow_events (application_id, id);

-- The result the executor prepared; signed by the head with the provider's certificate (the
-- signed bytes and the CMS signature kept as they are, so anyone can verify them later).
CREATE TABLE results (
    application_id     TEXT    PRIMARY KEY REFERENCES workflow (application_id),
    outcome            TEXT    NOT NULL CHECK (outcome IN ('granted', 'refused')),
    grounds            TEXT    NOT NULL,  -- JSON array of ground ids (data/refusals.toml)
    comment            TEXT    NOT NULL,
    queue_number       INTEGER,
    prepared_at        INTEGER NOT NULL,
    signed_content     BLOB,
    signature          BLOB,
    signed_at          INTEGER,
    issued_at          INTEGER
);

-- The last sequence number of each provider's waiting list: taken in the signing transaction,
-- so numbers go 1, 2, 3 … with no gap and no repeat, whatever signs at once.
CREATE TABLE waiting_lists (
    provider TEXT    NOT NULL,
    list     TEXT    NOT NULL,
    last     INTEGER NOT NULL,
    PRIMARY KEY (provider, list)
);

-- The applicant's last seen event per request: the cabinet's unread mark.
CREATE TABLE status_seen (
    application_id TEXT    PRIMARY KEY REFERENCES workflow (application_id),
    last_event     INTEGER NOT NULL
);
