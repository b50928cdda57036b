-- The actor-dictionary id of an event's credited source (Event.attributed_to_id),
-- so one source named in two languages is one source. Portable SQL.
-- Events stored before it have NULL here and no key in their `record`.
ALTER TABLE events ADD COLUMN attributed_to_id TEXT;
CREATE INDEX events_attributed_to_id ON events(attributed_to_id)
