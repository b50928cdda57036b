-- Indexes that answer the page's filtered views from the index alone
-- (store/rollups.py). A rollup's rows lie in the order they were first
-- written, so one country's or one type's rows are spread over its whole
-- table: its primary key finds them, but each row is then read from the
-- table. With the count in the index (SQLite has no INCLUDE: a last key
-- column), the index alone answers. PostgreSQL also gets indexes of the
-- actor pairs by type and by country. SQLite's matrix keeps to events_pair
-- (store/views.py: without statistics it would pick a type's or a country's
-- index for the names' few entries).
CREATE INDEX rollup_days_read ON rollup_days (event_type, day, date_precision, events);
CREATE INDEX rollup_days_day ON rollup_days (day);
CREATE INDEX rollup_day_countries_read ON rollup_day_countries (country, event_type, day, date_precision, events);
CREATE INDEX rollup_day_countries_day ON rollup_day_countries (country, day);
CREATE INDEX rollup_actors_read ON rollup_actors (role, event_type, name, events);
CREATE INDEX rollup_actor_countries_read ON rollup_actor_countries (role, country, event_type, name, events);
CREATE INDEX rollup_cells_read ON rollup_cells (zoom, cy, cx, event_type, country, events, lat_sum, lon_sum, first_event_id)
