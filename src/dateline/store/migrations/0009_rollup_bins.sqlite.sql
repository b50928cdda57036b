-- The timeline's counts per week and per month (store/rollups.py): events
-- per type, ISO week (its Monday) or month (its first day) of their last day,
-- and date precision, and the same per country. A timeline of three years
-- reads its few thousand weekly rows instead of binning tens of thousands of
-- daily ones. The tables are WITHOUT ROWID, so a view reads its key range
-- alone. Filled from the daily rollups of migration 0006.
CREATE TABLE rollup_bins (
    unit TEXT NOT NULL,
    event_type TEXT NOT NULL,
    start TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (unit, event_type, start, date_precision)
) WITHOUT ROWID;
CREATE TABLE rollup_bin_countries (
    unit TEXT NOT NULL,
    country TEXT NOT NULL,
    event_type TEXT NOT NULL,
    start TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    events BIGINT NOT NULL,
    PRIMARY KEY (unit, country, event_type, start, date_precision)
) WITHOUT ROWID;
INSERT INTO rollup_bins (unit, event_type, start, date_precision, events)
SELECT 'week', event_type,
    CASE WHEN day = '' THEN '' ELSE date(day, '-6 days', 'weekday 1') END,
    date_precision, sum(events)
FROM rollup_days GROUP BY 2, 3, 4;
INSERT INTO rollup_bins (unit, event_type, start, date_precision, events)
SELECT 'month', event_type,
    CASE WHEN day = '' THEN '' ELSE substr(day, 1, 7) || '-01' END,
    date_precision, sum(events)
FROM rollup_days GROUP BY 2, 3, 4;
INSERT INTO rollup_bin_countries (unit, country, event_type, start, date_precision, events)
SELECT 'week', country, event_type,
    CASE WHEN day = '' THEN '' ELSE date(day, '-6 days', 'weekday 1') END,
    date_precision, sum(events)
FROM rollup_day_countries GROUP BY 2, 3, 4, 5;
INSERT INTO rollup_bin_countries (unit, country, event_type, start, date_precision, events)
SELECT 'month', country, event_type,
    CASE WHEN day = '' THEN '' ELSE substr(day, 1, 7) || '-01' END,
    date_precision, sum(events)
FROM rollup_day_countries GROUP BY 2, 3, 4, 5
