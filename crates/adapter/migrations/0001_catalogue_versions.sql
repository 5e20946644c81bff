-- Which catalogue data each start of the adapter served, so a question about "what did the
-- portal say on that day" has an answer.
CREATE TABLE catalogue_versions (
    id        INTEGER PRIMARY KEY,
    digest    TEXT    NOT NULL,
    services  INTEGER NOT NULL,
    loaded_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
