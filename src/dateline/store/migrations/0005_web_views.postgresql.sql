-- What the page needs at a million events: the date's precision as a column
-- (the timeline shows publication-dated and month-precision events apart), a
-- version row that every write bumps (the web app caches on it), and indexes
-- for the grouped queries and the table's keyset pages.
ALTER TABLE events ADD COLUMN date_precision TEXT;
UPDATE events SET date_precision = CAST(record AS json) #>> '{date,precision}'
    WHERE date_start IS NOT NULL;
CREATE TABLE store_version (id INTEGER PRIMARY KEY, version BIGINT NOT NULL);
INSERT INTO store_version (id, version) VALUES (1, 0);
-- Covering indexes, one led by each equality filter and one by the day: a
-- grouped view (map, timeline, matrix, counts) reads only the index entries
-- of the events it counts, never the wide rows with their JSON record. The
-- map of a small view without filters reads the range of its coordinates.
CREATE INDEX events_by_type ON events(
    event_type, date_end, date_precision, lat, lon, country, date_start,
    mode, certainty, actor_name, target_name, event_id
);
CREATE INDEX events_by_country ON events(
    country, date_end, date_precision, lat, lon, event_type, date_start,
    mode, certainty, actor_name, target_name, event_id
);
CREATE INDEX events_when ON events(
    date_end, date_precision, event_type, country, lat, lon, date_start,
    mode, certainty, actor_name, target_name, event_id
);
CREATE INDEX events_map ON events(
    lat, lon, event_type, country, date_end, date_start, mode, certainty, event_id
);
-- The actor matrix and the filter suggestions.
CREATE INDEX events_pair ON events(actor_name, target_name, event_type);
CREATE INDEX events_target ON events(target_name);
CREATE INDEX events_source ON events(attributed_to);
CREATE INDEX events_mode ON events(mode);
CREATE INDEX events_certainty ON events(certainty);
-- The table's sort orders, each ending in the event id (keyset pagination).
CREATE INDEX events_date_id ON events(date_start, event_id);
CREATE INDEX events_fatalities_id ON events(fatalities, event_id);
CREATE INDEX events_type_id ON events(event_type, event_id);
CREATE INDEX events_country_id ON events(country, event_id);
-- The deadliest first within a type or a country (the others sort few rows).
CREATE INDEX events_type_fatalities ON events(event_type, fatalities, event_id);
CREATE INDEX events_country_fatalities ON events(country, fatalities, event_id)
