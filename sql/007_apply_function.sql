-- One round trip per transition. The host computes a transition in memory; this function then
-- writes all of it as one statement: the claim that makes the event exactly-once (a Telegram
-- update, or the outbox row whose reply this event is), the optimistic write of the actor, its
-- transition log row, its timers and its outbox rows. A concurrent writer raises an integrity
-- violation with the hint 'lucien.conflict', which rolls the whole statement back (the claim
-- included); the host then retries with a row lock. (That class of error, unlike a custom one,
-- lets the driver keep the connection, so its cached plans survive.)
-- Plans of the statements inside are cached per connection by PL/pgSQL.
CREATE OR REPLACE FUNCTION lucien_apply(
  p_claim_update   bigint,       -- a Telegram update to claim first, or NULL
  p_claim_effect   bigint,       -- an outbox row to finish first (this event is its reply), or NULL
  p_claim_error    text,         -- with p_claim_effect: finish that row as failed with this error
  p_actor_id       text,
  p_machine        text,
  p_machine_version integer,
  p_expected       bigint,       -- the version read; 0 when the actor does not exist yet
  p_snapshot       jsonb,
  p_state          text,
  p_event_type     text,
  p_from_state     text,
  p_at             timestamptz,
  p_cancel         text[],       -- send ids of the actor's timers to delete
  p_timers         jsonb,        -- [{ "id": uuid, "sendId": text, "event": {...}, "dueAt": iso }]
  p_effects        jsonb,        -- [{ "type": text, "params": {...}, "reply": text | null }]
  p_lease_seconds  integer
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_next      bigint := p_expected + 1;
  v_count     integer;
  v_cancelled jsonb := '[]';
  v_effects   jsonb := '[]';
BEGIN
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
  ELSE
    UPDATE actors
    SET version = v_next, machine_version = p_machine_version, snapshot = p_snapshot,
        state = p_state, updated_at = p_at
    WHERE id = p_actor_id AND version = p_expected;
  END IF;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  IF v_count = 0 THEN
    RAISE EXCEPTION 'actor % was changed concurrently', p_actor_id
      USING ERRCODE = 'integrity_constraint_violation', HINT = 'lucien.conflict';
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
