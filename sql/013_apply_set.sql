-- Transitions of many actors written set by set: each table is written once for the whole
-- batch (one UPDATE of actors, one INSERT of events, one of outbox rows...), where
-- lucien_apply_many (009) ran the statements of lucien_apply_one once per transition. A batch
-- of ten expiries runs a handful of statements instead of some sixty.
--
-- The same items (keys u, e, err, a, m, mv, x, s, st, ev, from, at, c, t, fx, l) and the same
-- answer, item by item and in order: 'applied' with the timers cancelled and the outbox rows
-- written, 'conflict' (the actor is not at the version the transition was computed from:
-- nothing of it written) or 'duplicate' (its update or effect was claimed before: nothing of
-- it written). An actor created concurrently between the check and the insert still raises
-- (hint 'lucien.conflict'), and the host retries each transition of that batch on its own.
-- One actor is expected once per batch (the host serialises an actor's events); a second item
-- of the same actor is answered 'conflict'.
--
-- lucien_apply_many and lucien_apply_one stay: an instance of the previous release may still be
-- writing with them while a new one starts.

CREATE TYPE lucien_item AS (
  u     bigint,
  e     bigint,
  err   text,
  a     text,
  m     text,
  mv    integer,
  x     bigint,
  s     jsonb,
  st    text,
  ev    text,
  "from" text,
  at    timestamptz,
  c     text[],
  t     jsonb,
  fx    jsonb,
  l     integer
);

CREATE OR REPLACE FUNCTION lucien_apply_set(p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_fit       bigint[];
  v_go        bigint[];
  v_claims    boolean;
  v_done      boolean;
  v_new       integer;
  v_count     integer;
  v_cancels   boolean;
  v_timers    boolean;
  v_effects   boolean;
  v_cancelled jsonb := '{}';
  v_written   jsonb := '{}';
  v_actors    text[];
  v_effect_ids bigint[];
BEGIN
  -- Every lookup below goes through an array of keys (= ANY), never a join on the items alone:
  -- the planner guesses a hundred rows for a function scan and would read a whole table.
  SELECT array_agg(i.a ORDER BY i.a), array_agg(i.e) FILTER (WHERE i.e IS NOT NULL)
  INTO v_actors, v_effect_ids
  FROM jsonb_populate_recordset(NULL::lucien_item, p_items) AS i;

  -- The rows of the batch's actors locked in one order (by id), then each item compared with
  -- the version it was computed from: a conflict writes nothing of its item.
  PERFORM 1 FROM actors WHERE id = ANY (v_actors) ORDER BY id FOR UPDATE;

  SELECT coalesce(array_agg(i.ord ORDER BY i.ord) FILTER (WHERE coalesce(cur.version, 0) = i.x), '{}'),
         bool_or(i.u IS NOT NULL), bool_or(i.e IS NOT NULL)
  INTO v_fit, v_claims, v_done
  FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
         AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
  LEFT JOIN (SELECT id, version FROM actors WHERE id = ANY (v_actors)) AS cur ON cur.id = i.a;
  v_go := v_fit;

  -- Claims: an update applied before, or an effect already finished, makes its item a duplicate.
  IF v_claims THEN
    WITH claimed AS (
      INSERT INTO processed_updates (update_id)
      SELECT DISTINCT i.u FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
             AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
      WHERE i.ord = ANY (v_go) AND i.u IS NOT NULL
      ORDER BY i.u
      ON CONFLICT DO NOTHING
      RETURNING update_id
    )
    SELECT coalesce(array_agg(i.ord), '{}') INTO v_go
    FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
           AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
    WHERE i.ord = ANY (v_go) AND (i.u IS NULL OR i.u IN (SELECT update_id FROM claimed));
  END IF;

  IF v_done THEN
    WITH finished AS (
      UPDATE outbox o
      SET status = CASE WHEN i.err IS NULL THEN 'done' ELSE 'failed' END,
          done_at = now(), attempts = o.attempts + 1, last_error = i.err
      FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
             AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
      WHERE o.id = ANY (v_effect_ids) AND i.ord = ANY (v_go) AND o.id = i.e AND o.status = 'pending'
      RETURNING o.id
    )
    SELECT coalesce(array_agg(i.ord), '{}') INTO v_go
    FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
           AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
    WHERE i.ord = ANY (v_go) AND (i.e IS NULL OR i.e IN (SELECT id FROM finished));
  END IF;

  SELECT count(*) FILTER (WHERE i.x = 0),
         bool_or(cardinality(i.c) > 0), bool_or(jsonb_array_length(i.t) > 0),
         bool_or(jsonb_array_length(i.fx) > 0)
  INTO v_new, v_cancels, v_timers, v_effects
  FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
         AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
  WHERE i.ord = ANY (v_go);

  IF v_new > 0 THEN
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
    SELECT i.a, i.m, i.mv, 1, i.s, i.st, i.at, i.at
    FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
           AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
    WHERE i.ord = ANY (v_go) AND i.x = 0
    ORDER BY i.a
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count < v_new THEN
      RAISE EXCEPTION 'an actor of the batch was created concurrently'
        USING ERRCODE = 'integrity_constraint_violation', HINT = 'lucien.conflict';
    END IF;
  END IF;

  UPDATE actors a
  SET version = i.x + 1, machine_version = i.mv, snapshot = i.s, state = i.st, updated_at = i.at
  FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
         AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
  WHERE a.id = ANY (v_actors) AND i.ord = ANY (v_go) AND i.x > 0 AND a.id = i.a;

  INSERT INTO actor_events (actor_id, version, event_type, from_state, to_state, at)
  SELECT i.a, i.x + 1, i.ev, i."from", i.st, i.at
  FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
         AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
  WHERE i.ord = ANY (v_go);

  IF v_cancels THEN
    WITH gone AS (
      DELETE FROM actor_timers tm
      USING jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
              AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
      WHERE tm.actor_id = ANY (v_actors) AND i.ord = ANY (v_go) AND tm.actor_id = i.a AND tm.send_id = ANY (i.c)
      RETURNING i.ord, tm.id
    )
    SELECT coalesce(jsonb_object_agg(g.ord::text, g.ids), '{}') INTO v_cancelled
    FROM (SELECT gone.ord, jsonb_agg(gone.id) AS ids FROM gone GROUP BY gone.ord) AS g;
  END IF;

  IF v_timers THEN
    INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
    SELECT (tm ->> 'id')::uuid, i.a, tm ->> 'sendId', tm -> 'event', (tm ->> 'dueAt')::timestamptz
    FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
           AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord),
         jsonb_array_elements(i.t) AS tm
    WHERE i.ord = ANY (v_go);
  END IF;

  -- Outbox rows keyed "<actor>:<version>:<index>"; the answer groups them by "<actor>:<version>".
  IF v_effects THEN
    WITH written AS (
      INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, reply_event, available_at)
      SELECT i.a, i.a || ':' || (i.x + 1) || ':' || (fx.ord - 1), fx.value ->> 'type', fx.value -> 'params',
             fx.value ->> 'reply', now() + i.l * interval '1 second'
      FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
             AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord),
           jsonb_array_elements(i.fx) WITH ORDINALITY AS fx (value, ord)
      WHERE i.ord = ANY (v_go)
      ORDER BY i.ord, fx.ord
      RETURNING id, idempotency_key
    )
    SELECT coalesce(jsonb_object_agg(w.transition, w.rows), '{}') INTO v_written
    FROM (
      SELECT regexp_replace(idempotency_key, ':[0-9]+$', '') AS transition,
             jsonb_agg(jsonb_build_array(id, idempotency_key) ORDER BY id) AS rows
      FROM written GROUP BY 1
    ) AS w;
  END IF;

  RETURN (
    SELECT jsonb_agg(
      CASE
        WHEN i.ord = ANY (v_go) THEN jsonb_build_object(
          'status', 'applied',
          'cancelled', coalesce(v_cancelled -> i.ord::text, '[]'),
          'effects', coalesce(v_written -> (i.a || ':' || (i.x + 1)), '[]'))
        WHEN i.ord = ANY (v_fit) THEN '{"status": "duplicate"}'::jsonb
        ELSE '{"status": "conflict"}'::jsonb
      END ORDER BY i.ord)
    FROM jsonb_populate_recordset(NULL::lucien_item, p_items) WITH ORDINALITY
           AS i (u, e, err, a, m, mv, x, s, st, ev, "from", at, c, t, fx, l, ord)
  );
END
$$;
