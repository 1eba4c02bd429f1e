-- Transitions of many actors in one statement. The host gathers the transitions computed while a
-- write is on its way and sends them together: one round trip, one commit, one WAL flush for all.
-- A single transition is sent the same way, as a batch of one.
--
-- lucien_apply_one does what lucien_apply (007) did, but a concurrent writer is reported as the
-- status 'conflict' with nothing written (the row is locked at the version read before anything
-- else), so one conflicting actor does not roll back the others of its batch. The one case it
-- still raises (hint 'lucien.conflict') is an actor created concurrently between its check and
-- its insert; the host then retries each transition of that batch on its own.

CREATE OR REPLACE FUNCTION lucien_apply_one(
  p_claim_update   bigint,
  p_claim_effect   bigint,
  p_claim_error    text,
  p_actor_id       text,
  p_machine        text,
  p_machine_version integer,
  p_expected       bigint,
  p_snapshot       jsonb,
  p_state          text,
  p_event_type     text,
  p_from_state     text,
  p_at             timestamptz,
  p_cancel         text[],
  p_timers         jsonb,
  p_effects        jsonb,
  p_lease_seconds  integer
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_next      bigint := p_expected + 1;
  v_count     integer;
  v_cancelled jsonb := '[]';
  v_effects   jsonb := '[]';
BEGIN
  -- First the version check, under the row lock: a conflict writes nothing.
  IF p_expected > 0 THEN
    PERFORM 1 FROM actors WHERE id = p_actor_id AND version = p_expected FOR UPDATE;
    IF NOT FOUND THEN
      RETURN '{"status": "conflict"}';
    END IF;
  ELSIF EXISTS (SELECT 1 FROM actors WHERE id = p_actor_id) THEN
    RETURN '{"status": "conflict"}';
  END IF;

  IF p_claim_update IS NOT NULL THEN
    INSERT INTO processed_updates (update_id) VALUES (p_claim_update) ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      RETURN '{"status": "duplicate"}';
    END IF;
  END IF;

  IF p_claim_effect IS NOT NULL THEN
    UPDATE outbox
    SET status = CASE WHEN p_claim_error IS NULL THEN 'done' ELSE 'failed' END,
        done_at = now(), attempts = attempts + 1, last_error = p_claim_error
    WHERE id = p_claim_effect AND status = 'pending';
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      RETURN '{"status": "duplicate"}';
    END IF;
  END IF;

  IF p_expected = 0 THEN
    INSERT INTO actors (id, machine, machine_version, version, snapshot, state, created_at, updated_at)
    VALUES (p_actor_id, p_machine, p_machine_version, 1, p_snapshot, p_state, p_at, p_at)
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count = 0 THEN
      RAISE EXCEPTION 'actor % was created concurrently', p_actor_id
        USING ERRCODE = 'integrity_constraint_violation', HINT = 'lucien.conflict';
    END IF;
  ELSE
    UPDATE actors
    SET version = v_next, machine_version = p_machine_version, snapshot = p_snapshot,
        state = p_state, updated_at = p_at
    WHERE id = p_actor_id;
  END IF;

  INSERT INTO actor_events (actor_id, version, event_type, from_state, to_state, at)
  VALUES (p_actor_id, v_next, p_event_type, p_from_state, p_state, p_at);

  IF cardinality(p_cancel) > 0 THEN
    WITH gone AS (
      DELETE FROM actor_timers WHERE actor_id = p_actor_id AND send_id = ANY (p_cancel) RETURNING id
    )
    SELECT coalesce(jsonb_agg(id), '[]') INTO v_cancelled FROM gone;
  END IF;

  IF jsonb_array_length(p_timers) > 0 THEN
    INSERT INTO actor_timers (id, actor_id, send_id, event, due_at)
    SELECT (t ->> 'id')::uuid, p_actor_id, t ->> 'sendId', t -> 'event', (t ->> 'dueAt')::timestamptz
    FROM jsonb_array_elements(p_timers) AS t;
  END IF;

  IF jsonb_array_length(p_effects) > 0 THEN
    WITH written AS (
      INSERT INTO outbox (actor_id, idempotency_key, effect_type, params, reply_event, available_at)
      SELECT p_actor_id, p_actor_id || ':' || v_next || ':' || (e.ord - 1), e.value ->> 'type',
             e.value -> 'params', e.value ->> 'reply', now() + p_lease_seconds * interval '1 second'
      FROM jsonb_array_elements(p_effects) WITH ORDINALITY AS e (value, ord)
      ORDER BY e.ord
      RETURNING id, idempotency_key
    )
    SELECT jsonb_agg(jsonb_build_array(id, idempotency_key) ORDER BY id) INTO v_effects FROM written;
  END IF;

  RETURN jsonb_build_object('status', 'applied', 'cancelled', v_cancelled, 'effects', v_effects);
END
$$;

-- One transition is a batch of one: the single-transition function of 007 is no longer used.
DROP FUNCTION IF EXISTS lucien_apply(bigint, bigint, text, text, text, integer, bigint, jsonb, text, text,
  text, timestamptz, text[], jsonb, jsonb, integer);

-- Many transitions: p_items is an array of objects with the arguments of lucien_apply_one
-- (keys: u, e, err, a, m, mv, x, s, st, ev, from, at, c, t, fx, l); the answer is the array of
-- their results, in the same order. The host sends them ordered by actor id (one lock order).
CREATE OR REPLACE FUNCTION lucien_apply_many(p_items jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_item    jsonb;
  v_results jsonb := '[]';
BEGIN
  FOR v_item IN SELECT value FROM jsonb_array_elements(p_items) LOOP
    v_results := v_results || jsonb_build_array(lucien_apply_one(
      (v_item ->> 'u')::bigint,
      (v_item ->> 'e')::bigint,
      v_item ->> 'err',
      v_item ->> 'a',
      v_item ->> 'm',
      (v_item ->> 'mv')::integer,
      (v_item ->> 'x')::bigint,
      v_item -> 's',
      v_item ->> 'st',
      v_item ->> 'ev',
      v_item ->> 'from',
      (v_item ->> 'at')::timestamptz,
      ARRAY(SELECT jsonb_array_elements_text(v_item -> 'c')),
      v_item -> 't',
      v_item -> 'fx',
      (v_item ->> 'l')::integer));
  END LOOP;
  RETURN v_results;
END
$$;
