-- Signed and submitted requests (issue 7). Times are Unix seconds.
--
-- A request is submitted when it has a row in `submissions`; `applications.status` stays
-- 'draft' for every row. (Its CHECK allows nothing else, and changing a CHECK means rebuilding
-- the table, whose DROP would cascade-delete the answers and files inside sqlx's migration
-- transaction, where foreign keys cannot be switched off.)

-- Certificates the embedded certification authority issued (the test signing certificates a
-- citizen obtains in the cabinet). The private key is never kept: it went to the person inside
-- their password-protected key file.
CREATE TABLE certificates (
    serial      TEXT    PRIMARY KEY,     -- hex, as in the certificate and the CRL
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    iin         TEXT    NOT NULL,
    not_before  INTEGER NOT NULL,
    not_after   INTEGER NOT NULL,
    issued_at   INTEGER NOT NULL,
    revoked_at  INTEGER
);
CREATE INDEX certificates_by_account ON certificates (account_id, issued_at);

-- The last request number of each year: numbers are taken inside the submission's
-- transaction, so one is never given twice and none is lost to a crash.
CREATE TABLE request_numbers (
    year INTEGER PRIMARY KEY,
    last INTEGER NOT NULL
);

-- One row per submitted request, written in the same transaction that marks it submitted.
-- The signed bytes and the signature are kept exactly as they were, so anyone can verify them
-- later. No ON DELETE CASCADE: a submitted request is never deleted with its draft.
CREATE TABLE submissions (
    application_id     TEXT    PRIMARY KEY REFERENCES applications (id),
    number             TEXT    NOT NULL UNIQUE,
    signed_content     BLOB    NOT NULL,
    signature          BLOB    NOT NULL,
    signer_certificate BLOB    NOT NULL,
    signer_iin         TEXT    NOT NULL,
    accepted_by        TEXT    NOT NULL,  -- 'portal' (the system) or an operator's IIN
    submitted_at       INTEGER NOT NULL
);
