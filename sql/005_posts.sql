-- Channel posts the custodian publishes through the bot, and the reactions people give them
-- with the post's buttons. Business times come from the app's clock, so they have no defaults.

CREATE TABLE posts (
  id            serial PRIMARY KEY,
  channel_role  text NOT NULL CHECK (channel_role IN ('vip', 'free')),
  chat_id       bigint NOT NULL,
  message_id    bigint,                            -- NULL until the post is sent
  kind          text NOT NULL CHECK (kind IN ('text', 'photo', 'video')),
  text          text NOT NULL,                     -- HTML; the caption of a photo or video
  file_id       text,
  -- The emoji offered, copied from the settings at publication: later changes to the settings
  -- must not renumber the buttons of posts already out.
  reactions     text[] NOT NULL CHECK (cardinality(reactions) <= 10),
  created_by    bigint NOT NULL,
  created_at    timestamptz NOT NULL,
  published_at  timestamptz,
  -- The idempotency key of the effect that publishes it: a retried effect finds its row.
  publish_key   text UNIQUE,
  CHECK ((kind = 'text') = (file_id IS NULL)),
  CHECK ((message_id IS NULL) = (published_at IS NULL)),
  UNIQUE (chat_id, message_id)
);

-- One reaction per person per post; choosing another emoji replaces it.
CREATE TABLE post_reactions (
  post_id      integer NOT NULL REFERENCES posts ON DELETE CASCADE,
  user_id      bigint NOT NULL,
  emoji_index  smallint NOT NULL CHECK (emoji_index BETWEEN 0 AND 9),
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (post_id, user_id)
);
