-- The decision stage's confidence as a column, so views can keep the events
-- at or above a confidence (the API's min_confidence). Filled from the record.
ALTER TABLE events ADD COLUMN confidence REAL;
UPDATE events SET confidence = json_extract(record, '$.confidence')
