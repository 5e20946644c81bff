-- Accounts, server-side sessions and the sign-in throttle (issue 4). Times are Unix seconds.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    iin           TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL CHECK (role IN ('citizen', 'operator', 'provider_office',
                                                   'provider_head', 'provider_executor',
                                                   'administrator')),
    password_hash TEXT    NOT NULL,  -- Argon2id, PHC string
    phone         TEXT    NOT NULL,  -- +7 and ten digits
    email         TEXT,
    created_at    INTEGER NOT NULL
);

-- Only the token's SHA-256 is kept: a copy of the database holds no usable session.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- key: 'iin:<IIN>' or 'address:<client address>'.
CREATE TABLE sign_in_throttle (
    key           TEXT    PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  INTEGER NOT NULL,
    blocked_until INTEGER NOT NULL
);
