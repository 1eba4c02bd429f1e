-- The VIP membership domain: people, plans, invitation codes, the role log, the membership
-- projection and the bot's settings. Business times come from the app's clock (it can time
-- travel in sandbox mode), so they have no defaults here.

CREATE TABLE users (
  user_id     bigint PRIMARY KEY,                -- the Telegram user id
  username    text,                              -- without "@"; Telegram lets people change it
  first_name  text NOT NULL DEFAULT '',
  last_name   text,
  role        text NOT NULL DEFAULT 'FREE' CHECK (role IN ('FREE', 'VIP', 'ADMIN')),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
-- Not unique: a username freed by one person can be taken by another before we hear of it.
CREATE INDEX users_username ON users (lower(username));

CREATE TABLE plans (
  id             serial PRIMARY KEY,
  name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  duration_days  integer NOT NULL CHECK (duration_days BETWEEN 1 AND 3650),
  price          numeric(7, 2) NOT NULL CHECK (price BETWEEN 0 AND 99999.99),
  currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  active         boolean NOT NULL DEFAULT true,
  created_by     bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);

CREATE TABLE invitation_codes (
  id          serial PRIMARY KEY,
  -- Carried in a /start deep link, whose payload allows [A-Za-z0-9_-], 64 at most.
  code        text NOT NULL UNIQUE
              CHECK (char_length(code) BETWEEN 16 AND 64 AND code ~ '^[A-Za-z0-9_-]+$'),
  plan_id     integer NOT NULL REFERENCES plans,
  created_by  bigint NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
  used_by     bigint,
  used_at     timestamptz,
  revoked_at  timestamptz,
  CHECK ((used_by IS NULL) = (used_at IS NULL))
);
-- The admin list: newest first, optionally of one plan.
CREATE INDEX invitation_codes_created ON invitation_codes (created_at DESC, id DESC);
CREATE INDEX invitation_codes_plan ON invitation_codes (plan_id, created_at DESC, id DESC);
-- "Available" is the state admins look for most; the other states are few by comparison.
CREATE INDEX invitation_codes_available ON invitation_codes (expires_at)
  WHERE used_by IS NULL AND revoked_at IS NULL;
CREATE INDEX invitation_codes_used_by ON invitation_codes (used_by) WHERE used_by IS NOT NULL;

-- Every change of role, by whom and why; appended only when the role really changed.
CREATE TABLE role_changes (
  id             bigserial PRIMARY KEY,
  user_id        bigint NOT NULL,
  previous_role  text CHECK (previous_role IN ('FREE', 'VIP', 'ADMIN')),  -- NULL: user was unknown
  new_role       text NOT NULL CHECK (new_role IN ('FREE', 'VIP', 'ADMIN')),
  changed_by     bigint NOT NULL,                -- 0 = the system (an expiry, a claimed code)
  reason         text NOT NULL,
  source         text NOT NULL,                  -- where it came from: 'invitation', 'admin_menu', ...
  metadata       jsonb NOT NULL DEFAULT '{}',
  changed_at     timestamptz NOT NULL
);
CREATE INDEX role_changes_user ON role_changes (user_id, changed_at DESC);

-- A projection of the subscription actor, written by its db effects, for menus and counts.
-- The actor's snapshot stays the truth; this table can be rebuilt from it.
CREATE TABLE vip_memberships (
  user_id      bigint PRIMARY KEY,
  plan_id      integer REFERENCES plans,
  status       text NOT NULL CHECK (status IN ('ritual', 'active', 'expired', 'revoked')),
  started_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ritual_step  integer,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX vip_memberships_status ON vip_memberships (status, expires_at);

-- The bot's settings: exactly one row. Lead hours are how long before expiry reminders go
-- out; each is a timer per subscriber, hence the small cap.
CREATE TABLE bot_config (
  id                   integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  vip_channel_id       bigint,
  free_channel_id      bigint,
  reminder_lead_hours  integer[] NOT NULL DEFAULT '{72,24}'
                       CHECK (cardinality(reminder_lead_hours) <= 10
                              AND array_position(reminder_lead_hours, NULL) IS NULL
                              AND 1 <= ALL (reminder_lead_hours) AND 720 >= ALL (reminder_lead_hours)),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
INSERT INTO bot_config (id) VALUES (1);
