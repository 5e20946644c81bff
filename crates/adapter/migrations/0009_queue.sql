-- The electronic queue (issue 10). Times are Unix seconds; a slot is named by its start.

-- A citizen's booking of a slot at a branch. `state`: booked | arrived | served | no_show |
-- cancelled | expired (BookingState). Only booked and arrived ones hold their place.
CREATE TABLE queue_bookings (
    id         TEXT    PRIMARY KEY,  -- 32 random hex digits
    code       TEXT    NOT NULL UNIQUE,
    person_iin TEXT    NOT NULL,
    branch     TEXT    NOT NULL,
    purpose    TEXT    NOT NULL,
    slot_start INTEGER NOT NULL,
    slot_end   INTEGER NOT NULL,
    state      TEXT    NOT NULL DEFAULT 'booked',
    booked_at  INTEGER NOT NULL,
    changed_at INTEGER NOT NULL
);
-- Counting a slot's places: only the bookings holding one.
CREATE INDEX queue_bookings_by_slot ON queue_bookings (branch, slot_start)
    WHERE state IN ('booked', 'arrived');
CREATE INDEX queue_bookings_by_person ON queue_bookings (person_iin, slot_start);

-- Tickets in a branch's hall: booked ones on check-in, walk-in ones from the kiosk.
-- `number` counts per branch, day and kind (B-001…, A-001…).
CREATE TABLE queue_tickets (
    id         INTEGER PRIMARY KEY,
    branch     TEXT    NOT NULL,
    day        TEXT    NOT NULL,    -- YYYY-MM-DD, local
    kind       TEXT    NOT NULL,    -- booked | walk_in
    number     INTEGER NOT NULL,
    booking_id TEXT    REFERENCES queue_bookings (id),
    purpose    TEXT    NOT NULL,
    slot_start INTEGER,
    issued_at  INTEGER NOT NULL,
    called_at  INTEGER,
    call_order INTEGER,              -- 1, 2, … per branch and day: calls in one second keep their order
    window_no  INTEGER,
    called_by  INTEGER REFERENCES accounts (id),
    outcome    TEXT,                -- served | no_show
    done_at    INTEGER,
    UNIQUE (branch, day, kind, number)
);
CREATE INDEX queue_tickets_waiting ON queue_tickets (branch, day) WHERE called_at IS NULL;
CREATE INDEX queue_tickets_called ON queue_tickets (branch, day, called_at);
