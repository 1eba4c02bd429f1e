-- The variant of each message a person saw last, so that they never read the same words twice
-- in a row, across messages and restarts (VOICE.md, rule 7).
CREATE TABLE voice_memory (
  user_id      bigint NOT NULL,
  message_key  text NOT NULL,
  variant      integer NOT NULL,
  shown_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, message_key)
);
