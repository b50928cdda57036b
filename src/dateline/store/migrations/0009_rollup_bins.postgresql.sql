-- The timeline's counts per week and per month (store/rollups.py): events
-- per type, ISO week (its Monday) or month (its first day) of their last day,
-- and date precision, and the same per country. A timeline of three years
-- reads its few thousand weekly rows instead of binning tens of thousands of
-- daily ones. The count is in the key's index (INCLUDE), so a view reads the
-- index alone. Filled from the daily rollups of migration 0006.
CREATE TABLE rollup_bins (
    unit TEXT NOT NULL,
    event_type TEXT NOT NULL,
    start TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (unit, event_type, start, date_precision) INCLUDE (events)
);
CREATE TABLE rollup_bin_countries (
    unit TEXT NOT NULL,
    country TEXT NOT NULL,
    event_type TEXT NOT NULL,
    start TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (unit, country, event_type, start, date_precision) INCLUDE (events)
);
INSERT INTO rollup_bins (unit, event_type, start, date_precision, events)
SELECT 'week', event_type,
    CASE WHEN day = '' THEN '' ELSE to_char(date_trunc('week', CAST(day AS date)), 'YYYY-MM-DD') END,
    date_precision, sum(events)
FROM rollup_days GROUP BY 2, 3, 4;
INSERT INTO rollup_bins (unit, event_type, start, date_precision, events)
SELECT 'month', event_type,
    CASE WHEN day = '' THEN '' ELSE substr(day, 1, 7) || '-01' END,
    date_precision, sum(events)
FROM rollup_days GROUP BY 2, 3, 4;
INSERT INTO rollup_bin_countries (unit, country, event_type, start, date_precision, events)
SELECT 'week', country, event_type,
    CASE WHEN day = '' THEN '' ELSE to_char(date_trunc('week', CAST(day AS date)), 'YYYY-MM-DD') END,
    date_precision, sum(events)
FROM rollup_day_countries GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_bin_countries (unit, country, event_type, start, date_precision, events)
SELECT 'month', country, event_type,
    CASE WHEN day = '' THEN '' ELSE substr(day, 1, 7) || '-01' END,
    date_precision, sum(events)
FROM rollup_day_countries GROUP BY 2, 3, 4, 5
