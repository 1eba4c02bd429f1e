-- The index of effects still to do is keyed on done_at rather than on status.
--
-- With `WHERE status = 'pending'` the planner could answer "mark effect 42 done"
-- (`WHERE id = 42 AND status = 'pending'`) by walking the whole partial index, which it believes
-- tiny, instead of the primary key. The index is not tiny: every effect enters it when written
-- and leaves it only at the next vacuum, so under load each done-mark read thousands of dead
-- entries, and Postgres's work per effect grew with the traffic since the last vacuum. Now only
-- the sweeper, which asks for `done_at IS NULL`, can use it; a row is found by its key.
--
-- A pending effect is exactly one without done_at (done and failed set it); the constraint says
-- so for every row written from now on (NOT VALID: rows already stored are not re-read).
DROP INDEX IF EXISTS outbox_pending;
CREATE INDEX outbox_pending ON outbox (available_at) WHERE done_at IS NULL;
ALTER TABLE outbox ADD CONSTRAINT outbox_pending_has_no_done_at
  CHECK ((status = 'pending') = (done_at IS NULL)) NOT VALID;
