-- Document scans (issue 6). A file's bytes are kept once, by SHA-256, in the blob store (files
-- under the data folder by default); a row of `attached_files` is one attachment of such a
-- file to one slot (a document of the service) of one request. Times are Unix seconds.

-- Files still being sent (tus): the bytes so far are in the data folder's `uploads/`.
CREATE TABLE uploads (
    id             TEXT    PRIMARY KEY,  -- 32 random hex digits
    application_id TEXT    NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    slot           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    length         INTEGER NOT NULL CHECK (length > 0),
    received       INTEGER NOT NULL DEFAULT 0 CHECK (received BETWEEN 0 AND length),
    created_at     INTEGER NOT NULL
);
CREATE INDEX uploads_by_application ON uploads (application_id);

CREATE TABLE attached_files (
    id             TEXT    PRIMARY KEY,
    application_id TEXT    NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    account_id     INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    slot           TEXT    NOT NULL,
    name           TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    content_type   TEXT    NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    sha256         TEXT    NOT NULL,
    thumbnail      TEXT,                 -- the SHA-256 of its PNG thumbnail, when one was made
    created_at     INTEGER NOT NULL
);
CREATE INDEX attached_files_by_application ON attached_files (application_id, created_at);
CREATE INDEX attached_files_by_blob ON attached_files (sha256);
