-- The free channel: its settings and the queue of join requests waiting for approval.

-- Handles are stored without "@" as the settings parser normalizes them (each network's own
-- rules are checked there; the table keeps the shape all three share). The invite link is the
-- one the bot hands out; reactions become buttons under channel posts, hence the small cap.
ALTER TABLE bot_config
  ADD COLUMN free_invite_link   text CHECK (free_invite_link ~ '^https://\S+$' AND char_length(free_invite_link) <= 2048),
  ADD COLUMN social_instagram   text CHECK (social_instagram ~ '^[A-Za-z0-9._]{1,30}$'),
  ADD COLUMN social_tiktok      text CHECK (social_tiktok ~ '^[A-Za-z0-9._]{1,30}$'),
  ADD COLUMN social_x           text CHECK (social_x ~ '^[A-Za-z0-9._]{1,30}$'),
  -- How long a join request waits before it is approved.
  ADD COLUMN free_wait_minutes  integer NOT NULL DEFAULT 5 CHECK (free_wait_minutes BETWEEN 0 AND 1440),
  -- The free channel's anti-spam pause, in minutes.
  ADD COLUMN anti_spam_minutes  integer NOT NULL DEFAULT 5 CHECK (anti_spam_minutes BETWEEN 0 AND 1440),
  ADD COLUMN vip_reactions      text[] NOT NULL DEFAULT '{❤️,🔥,👑}'
                                CHECK (cardinality(vip_reactions) BETWEEN 1 AND 10
                                       AND array_position(vip_reactions, NULL) IS NULL),
  ADD COLUMN free_reactions     text[] NOT NULL DEFAULT '{❤️,🔥,🌸}'
                                CHECK (cardinality(free_reactions) BETWEEN 1 AND 10
                                       AND array_position(free_reactions, NULL) IS NULL);

-- A projection of each person's freeAccess actor: their latest request per channel, written by
-- its db effects for the admin's queue and counts. The actor's snapshot stays the truth.
-- 'gone': the person withdrew or left before a decision, so it may have no decided_at.
CREATE TABLE free_requests (
  user_id       bigint NOT NULL,                 -- may be unknown to `users`
  chat_id       bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('pending', 'approved', 'declined', 'gone')),
  requested_at  timestamptz NOT NULL,
  ready_at      timestamptz NOT NULL CHECK (ready_at >= requested_at),
  decided_at    timestamptz,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, chat_id),
  CHECK (CASE status
           WHEN 'pending' THEN decided_at IS NULL
           WHEN 'gone' THEN TRUE
           ELSE decided_at IS NOT NULL
         END)
);
-- The queue: pending requests by when they may be approved.
CREATE INDEX free_requests_status_ready ON free_requests (status, ready_at);
