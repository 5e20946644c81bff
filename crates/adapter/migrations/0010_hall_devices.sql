-- Screens set up as a branch's hall kiosk (walk-in tickets, check-in) by one of its operators.
-- The screen holds a random token in an HttpOnly cookie; this holds only its SHA-256.
CREATE TABLE hall_devices (
    token_hash  TEXT    PRIMARY KEY,
    branch      TEXT    NOT NULL,
    enrolled_by INTEGER NOT NULL REFERENCES accounts (id),
    enrolled_at INTEGER NOT NULL
);
