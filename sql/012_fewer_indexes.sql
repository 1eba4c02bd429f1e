-- Two indexes that every transition paid for and that enforced nothing the schema did not
-- already enforce.
--
-- actor_events: (actor_id, version) identifies an event (its UNIQUE constraint stays, over two
-- NOT NULL columns, and every read uses it); the bigserial id and its index added one more
-- index entry per transition.
ALTER TABLE actor_events DROP CONSTRAINT actor_events_pkey;
ALTER TABLE actor_events DROP COLUMN id;

-- outbox: an idempotency key is "<actor id>:<version>:<index>", made by the apply function in
-- the transaction that also inserts that actor's event for that version; the primary key of
-- actor_events already makes two transitions to one version impossible, so two rows can never
-- share a key. Its unique index cost two index entries per effect (written, then marked done).
ALTER TABLE outbox DROP CONSTRAINT outbox_idempotency_key_key;
