-- Content packages the creator offers, and the interest people show in them with a button.
-- Business times come from the app's clock, so they have no defaults.
--
-- The shapes follow the previous bot's content_packages and user_interests, so that an importer
-- can move them: name (it allowed 200), description (it allowed 500), category, price (nullable:
-- a package without a price is offered free), is_active -> active; is_attended -> attended.
-- Its price was numeric(10,2): a price above 99999.99 has to be refused by the importer.

CREATE TABLE content_packages (
  id             serial PRIMARY KEY,
  name           text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  category       text NOT NULL CHECK (category IN ('FREE_CONTENT', 'VIP_CONTENT', 'VIP_PREMIUM')),
  price          numeric(7, 2) CHECK (price IS NULL OR price BETWEEN 0 AND 99999.99),
  currency       text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  description    text CHECK (description IS NULL OR char_length(description) <= 1000),
  photo_file_id  text CHECK (photo_file_id <> ''),  -- a Telegram file_id; the photo stays on Telegram
  active         boolean NOT NULL DEFAULT true,
  created_by     bigint NOT NULL,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
-- The admin list: newest first.
CREATE INDEX content_packages_created ON content_packages (created_at DESC, id DESC);
-- What people see: the active packages of a category.
CREATE INDEX content_packages_offered ON content_packages (category, lower(name)) WHERE active;

-- One row per person and package: showing interest again renews it (and makes it pending again).
CREATE TABLE interests (
  user_id           bigint NOT NULL,               -- the Telegram user id; may be unknown to `users`
  package_id        integer NOT NULL REFERENCES content_packages ON DELETE CASCADE,
  attended          boolean NOT NULL DEFAULT false,
  attended_at       timestamptz,
  attended_by       bigint,                        -- the admin; NULL for imported rows
  created_at        timestamptz NOT NULL,          -- the first interest
  last_interest_at  timestamptz NOT NULL CHECK (last_interest_at >= created_at),
  PRIMARY KEY (user_id, package_id),
  CHECK (attended = (attended_at IS NOT NULL)),
  CHECK (attended OR attended_by IS NULL)
);
-- The admin's queue: pending, oldest first; attended, the latest first.
CREATE INDEX interests_pending ON interests (last_interest_at) WHERE NOT attended;
CREATE INDEX interests_attended ON interests (attended_at DESC) WHERE attended;
CREATE INDEX interests_package ON interests (package_id);
