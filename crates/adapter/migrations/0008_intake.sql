-- Intake at a service centre (issue 9). Times are Unix seconds.

-- Operators work at one branch (an id of data/branches.toml); NULL for other roles.
ALTER TABLE accounts ADD COLUMN branch TEXT;

-- A request an operator makes on a citizen's behalf: the draft belongs to the operator's
-- account (who fills and signs it), the request to the applicant. Written with the draft.
CREATE TABLE intakes (
    application_id TEXT    PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    applicant_iin  TEXT    NOT NULL,
    branch         TEXT    NOT NULL,
    operator       INTEGER NOT NULL REFERENCES accounts (id),
    created_at     INTEGER NOT NULL
);
CREATE INDEX intakes_by_applicant ON intakes (applicant_iin);

-- The documents the operator saw on paper (002 §15, process 5: "отметка о наличии документов
-- в бумажной форме"), by the service's document id.
CREATE TABLE paper_documents (
    application_id TEXT NOT NULL REFERENCES intakes (application_id) ON DELETE CASCADE,
    document       TEXT NOT NULL,
    PRIMARY KEY (application_id, document)
);

-- Receipts refusing intake of an incomplete package (001 §10, 002 §12): kept, never changed.
-- `missing` is a JSON array of the service's document ids.
CREATE TABLE intake_refusals (
    id            TEXT    PRIMARY KEY,  -- 32 random hex digits
    number        TEXT    NOT NULL UNIQUE,
    service       TEXT    NOT NULL,
    applicant_iin TEXT    NOT NULL,
    applicant_phone TEXT  NOT NULL,
    representative TEXT,               -- JSON {name, iin, phone}, or NULL
    branch        TEXT    NOT NULL,
    operator      INTEGER NOT NULL REFERENCES accounts (id),
    missing       TEXT    NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX intake_refusals_by_branch ON intake_refusals (branch, at);

-- The last refusal-receipt number of each year (as `request_numbers`).
CREATE TABLE intake_refusal_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- Where a request was accepted (NULL: the portal), for the branch's results and its day.
ALTER TABLE submissions ADD COLUMN branch TEXT;
CREATE INDEX submissions_by_branch ON submissions (branch, submitted_at);

-- A result at the service centre: handed out to the applicant (the "signature in the journal",
-- 002 §5), or passed to the provider after a month uncollected (001 §10, 002 §12).
CREATE TABLE handovers (
    application_id TEXT    PRIMARY KEY REFERENCES submissions (application_id),
    kind           TEXT    NOT NULL CHECK (kind IN ('handed_out', 'passed_to_provider')),
    account_id     INTEGER NOT NULL REFERENCES accounts (id),
    at             INTEGER NOT NULL
);
