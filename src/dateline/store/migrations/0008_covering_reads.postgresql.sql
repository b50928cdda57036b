-- Indexes that answer the page's filtered views from the index alone
-- (store/rollups.py, store/views.py). A rollup's rows lie in the order they
-- were first written, so one country's or one type's rows are spread over
-- every page of its table: its primary key finds them, but reading them took
-- a page per row (25,000 pages for a large country's timeline on the
-- million-event store). With the count in the index, an index-only scan
-- reads a few hundred pages instead.
CREATE INDEX rollup_days_read ON rollup_days (event_type, day, date_precision) INCLUDE (events);
CREATE INDEX rollup_days_day ON rollup_days (day);
CREATE INDEX rollup_day_countries_read ON rollup_day_countries (country, event_type, day, date_precision) INCLUDE (events);
CREATE INDEX rollup_day_countries_day ON rollup_day_countries (country, day);
CREATE INDEX rollup_actors_read ON rollup_actors (role, event_type, name) INCLUDE (events);
CREATE INDEX rollup_actor_countries_read ON rollup_actor_countries (role, country, event_type, name) INCLUDE (events);
CREATE INDEX rollup_cells_read ON rollup_cells (zoom, cy, cx, event_type, country) INCLUDE (events, lat_sum, lon_sum, first_event_id);
-- The actor matrix's pairs of a type or a country: an index range of that
-- type's or country's events with the names shown, not every event with them.
CREATE INDEX events_type_pair ON events(event_type, actor_name, target_name);
CREATE INDEX events_country_pair ON events(country, actor_name, target_name, event_type)
