-- Incidents: one happening and every stored event that reports it (incidents.py).
-- Portable SQL: the same file runs on SQLite and PostgreSQL.
-- `record` is the Incident as JSON (its field names are the JSON contract)
-- and the other columns copy what listing and filtering need.
CREATE TABLE incidents (
    incident_id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    family TEXT NOT NULL,
    country TEXT,
    date_start TEXT,
    date_end TEXT,
    documents INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    credited INTEGER NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- One row per event in an incident, with why it was linked: a JSON list of
-- reasons. An event is in one incident at most.
CREATE TABLE incident_links (
    event_id TEXT PRIMARY KEY REFERENCES events(event_id),
    incident_id TEXT NOT NULL REFERENCES incidents(incident_id),
    reasons TEXT NOT NULL
);
CREATE INDEX incident_links_incident ON incident_links(incident_id);
CREATE INDEX incidents_country_date ON incidents(country, date_start);
CREATE INDEX incidents_type_date ON incidents(event_type, date_start);
