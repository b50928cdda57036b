-- The first schema: documents, events, and the actors and places they name.
-- Portable SQL: the same file runs on SQLite and PostgreSQL.
CREATE TABLE runs (
    run_id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    version TEXT NOT NULL,
    settings TEXT
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    url TEXT,
    title TEXT,
    outlet TEXT,
    author TEXT,
    published TEXT,
    published_from TEXT,
    language TEXT,
    path TEXT,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    run_id TEXT,
    added_at TEXT NOT NULL
);
CREATE TABLE actors (
    actor_key TEXT PRIMARY KEY,
    actor_id TEXT,
    name TEXT NOT NULL,
    country TEXT,
    sector TEXT
);
CREATE TABLE places (
    place_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    geonameid INTEGER,
    place_id TEXT,
    kind TEXT
);
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    run_id TEXT,
    event_type TEXT NOT NULL,
    mode TEXT,
    actor_key TEXT REFERENCES actors(actor_key),
    actor_name TEXT,
    actor_country TEXT,
    target_key TEXT REFERENCES actors(actor_key),
    target_name TEXT,
    target_country TEXT,
    place_key TEXT REFERENCES places(place_key),
    location_name TEXT,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    geo_precision INTEGER,
    date_start TEXT,
    date_end TEXT,
    fatalities INTEGER,
    injured INTEGER,
    attributed_to TEXT,
    certainty TEXT NOT NULL,
    negated INTEGER NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end INTEGER NOT NULL,
    evidence_text TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_id);
CREATE INDEX events_type_date ON events(event_type, date_start);
CREATE INDEX events_country_date ON events(country, date_start);
