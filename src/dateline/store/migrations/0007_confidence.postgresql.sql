-- The decision stage's confidence as a column, so views can keep the events
-- at or above a confidence (the API's min_confidence). Filled from the record.
ALTER TABLE events ADD COLUMN confidence DOUBLE PRECISION;
UPDATE events SET confidence = CAST(CAST(record AS json) ->> 'confidence' AS DOUBLE PRECISION)
