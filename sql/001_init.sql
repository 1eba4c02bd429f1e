-- The actor runtime: actors are rows, not processes (see DESIGN.md, "The runtime").

CREATE TABLE actors (
  id              text PRIMARY KEY,              -- "<machine>:<key>", e.g. "subscription:12345"
  machine         text NOT NULL,
  machine_version integer NOT NULL,
  version         bigint NOT NULL,               -- one more per applied event; the optimistic lock
  snapshot        jsonb NOT NULL,                -- XState persisted snapshot
  state           text NOT NULL,                 -- the state value, flattened for queries ("a.b")
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actors_machine_state ON actors (machine, state);

-- The transition log: one row per applied event.
CREATE TABLE actor_events (
  id          bigserial PRIMARY KEY,
  actor_id    text NOT NULL,
  version     bigint NOT NULL,
  event_type  text NOT NULL,
  from_state  text,                              -- NULL when the event created the actor
  to_state    text NOT NULL,
  at          timestamptz NOT NULL,
  UNIQUE (actor_id, version)
);

-- Durable timers: XState delayed events (after, delayed raise). The uuid is the queue job id.
CREATE TABLE actor_timers (
  id          uuid PRIMARY KEY,
  actor_id    text NOT NULL,
  send_id     text NOT NULL,
  event       jsonb NOT NULL,
  due_at      timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX actor_timers_actor ON actor_timers (actor_id, send_id);
CREATE INDEX actor_timers_due ON actor_timers (due_at);

-- Outbound effects written with the transition and executed after commit.
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  actor_id         text NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,         -- actor id + actor version + index
  effect_type      text NOT NULL,
  params           jsonb NOT NULL,
  reply_event      text,                         -- an event sent back to the actor with the result
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  available_at     timestamptz NOT NULL,         -- the sweeper may take it from then on
  done_at          timestamptz
);
CREATE INDEX outbox_pending ON outbox (available_at) WHERE status = 'pending';
CREATE INDEX outbox_actor ON outbox (actor_id, id);

-- Inbound idempotency: a Telegram update is applied once, whatever the retries.
CREATE TABLE processed_updates (
  update_id     bigint PRIMARY KEY,
  processed_at  timestamptz NOT NULL DEFAULT now()
);

-- Snapshots that could not be restored, kept for a person to look at; the actor restarted.
CREATE TABLE quarantined_snapshots (
  id               bigserial PRIMARY KEY,
  actor_id         text NOT NULL,
  machine          text NOT NULL,
  machine_version  integer NOT NULL,
  version          bigint NOT NULL,
  snapshot         jsonb NOT NULL,
  reason           text NOT NULL,
  at               timestamptz NOT NULL DEFAULT now()
);
