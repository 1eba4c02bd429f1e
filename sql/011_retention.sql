-- Maintenance deletes claimed update ids and done effects older than a week (runtime/retention.ts).
-- Both tables are written in time order, so a BRIN index (a few pages, next to nothing to keep up
-- on insert) finds the old rows without reading the whole table once a minute.
CREATE INDEX processed_updates_at ON processed_updates USING brin (processed_at);
CREATE INDEX outbox_created ON outbox USING brin (created_at);
