-- Requests for services (issue 5): drafts and their answers, as typed. Times are Unix seconds.

CREATE TABLE applications (
    id         TEXT    PRIMARY KEY,  -- 32 random hex digits
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    service    TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('draft')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX applications_by_account ON applications (account_id, updated_at);

-- One row per answer key. `seq` is the browser's order of edits: a save with a lower or equal
-- seq leaves the answer as it is, so late and repeated saves do no harm.
CREATE TABLE answers (
    application_id TEXT    NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    key            TEXT    NOT NULL,
    value          TEXT    NOT NULL,
    seq            INTEGER NOT NULL,
    PRIMARY KEY (application_id, key)
);
