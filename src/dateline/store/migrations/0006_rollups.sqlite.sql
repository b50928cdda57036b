-- Pre-aggregated counts for the page at a million events (store/rollups.py):
-- events per map cell at zooms 0 to 8, per type and day, per actor, the same
-- two per country, and per type and country. The store's writes keep them in the batch's transaction, and these
-- statements fill them from the events already stored.
CREATE TABLE rollup_cells (
    zoom INTEGER NOT NULL,
    cy INTEGER NOT NULL,
    cx INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    country TEXT NOT NULL,
    events BIGINT NOT NULL,
    lat_sum DOUBLE PRECISION NOT NULL,
    lon_sum DOUBLE PRECISION NOT NULL,
    first_event_id TEXT NOT NULL,
    PRIMARY KEY (zoom, cy, cx, event_type, country)
);
CREATE TABLE rollup_days (
    event_type TEXT NOT NULL,
    day TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (event_type, day, date_precision)
);
CREATE TABLE rollup_actors (
    role TEXT NOT NULL,
    event_type TEXT NOT NULL,
    name TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (role, event_type, name)
);
CREATE TABLE rollup_day_countries (
    country TEXT NOT NULL,
    event_type TEXT NOT NULL,
    day TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (country, event_type, day, date_precision)
);
CREATE TABLE rollup_actor_countries (
    role TEXT NOT NULL,
    country TEXT NOT NULL,
    event_type TEXT NOT NULL,
    name TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (role, country, event_type, name)
);
CREATE TABLE rollup_types (
    event_type TEXT NOT NULL,
    country TEXT NOT NULL,
    placed INTEGER NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (event_type, country, placed)
);
-- The map's cells of a view are read from the rollup except along its edges,
-- strips narrower than a zoom-8 cell counted from the events: by latitude
-- (events_map) and by longitude (this index).
CREATE INDEX events_lon ON events(lon, lat, event_type, country, event_id);
-- The actor matrix's pairs with a country filter read this index alone.
DROP INDEX events_pair;
CREATE INDEX events_pair ON events(actor_name, target_name, event_type, country);
-- One statement per zoom: cells of 360 / 2^(zoom + 2) degrees (CAST truncates, and the offsets are never negative: a floor).
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 0, CAST((lat + 90.0) / 90.0 AS INTEGER), CAST((lon + 180.0) / 90.0 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 1, CAST((lat + 90.0) / 45.0 AS INTEGER), CAST((lon + 180.0) / 45.0 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 2, CAST((lat + 90.0) / 22.5 AS INTEGER), CAST((lon + 180.0) / 22.5 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 3, CAST((lat + 90.0) / 11.25 AS INTEGER), CAST((lon + 180.0) / 11.25 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 4, CAST((lat + 90.0) / 5.625 AS INTEGER), CAST((lon + 180.0) / 5.625 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 5, CAST((lat + 90.0) / 2.8125 AS INTEGER), CAST((lon + 180.0) / 2.8125 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 6, CAST((lat + 90.0) / 1.40625 AS INTEGER), CAST((lon + 180.0) / 1.40625 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 7, CAST((lat + 90.0) / 0.703125 AS INTEGER), CAST((lon + 180.0) / 0.703125 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
SELECT 8, CAST((lat + 90.0) / 0.3515625 AS INTEGER), CAST((lon + 180.0) / 0.3515625 AS INTEGER),
    event_type, COALESCE(country, ''), count(*), sum(lat), sum(lon), min(event_id)
FROM events WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_days (event_type, day, date_precision, events)
SELECT event_type, COALESCE(date_end, ''),
    CASE WHEN date_end IS NULL THEN '' ELSE COALESCE(date_precision, '') END,
    count(*)
FROM events GROUP BY 1, 2, 3;
INSERT INTO rollup_actors (role, event_type, name, events)
SELECT 'actor', event_type, COALESCE(actor_name, ''), count(*)
FROM events GROUP BY 2, 3;
INSERT INTO rollup_actors (role, event_type, name, events)
SELECT 'target', event_type, COALESCE(target_name, ''), count(*)
FROM events GROUP BY 2, 3;
INSERT INTO rollup_day_countries (country, event_type, day, date_precision, events)
SELECT COALESCE(country, ''), event_type, COALESCE(date_end, ''),
    CASE WHEN date_end IS NULL THEN '' ELSE COALESCE(date_precision, '') END,
    count(*)
FROM events GROUP BY 1, 2, 3, 4;
INSERT INTO rollup_actor_countries (role, country, event_type, name, events)
SELECT 'actor', COALESCE(country, ''), event_type, COALESCE(actor_name, ''), count(*)
FROM events GROUP BY 2, 3, 4;
INSERT INTO rollup_actor_countries (role, country, event_type, name, events)
SELECT 'target', COALESCE(country, ''), event_type, COALESCE(target_name, ''), count(*)
FROM events GROUP BY 2, 3, 4;
INSERT INTO rollup_types (event_type, country, placed, events)
SELECT event_type, COALESCE(country, ''),
    CASE WHEN lat IS NOT NULL AND lon IS NOT NULL THEN 1 ELSE 0 END, count(*)
FROM events GROUP BY 1, 2, 3
