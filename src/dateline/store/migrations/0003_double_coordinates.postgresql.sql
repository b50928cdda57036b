-- PostgreSQL's REAL is a 4-byte float (6 significant digits): 120.12345 would
-- come back as 120.12345 +/- 0.0001. Coordinates are kept as 8-byte floats,
-- as SQLite's REAL already is.
ALTER TABLE places ALTER COLUMN lat TYPE DOUBLE PRECISION;
ALTER TABLE places ALTER COLUMN lon TYPE DOUBLE PRECISION;
ALTER TABLE events ALTER COLUMN lat TYPE DOUBLE PRECISION;
ALTER TABLE events ALTER COLUMN lon TYPE DOUBLE PRECISION
