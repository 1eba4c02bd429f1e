-- Small facts the runtime keeps about itself between starts (e.g. a fingerprint of the webhook
-- registration, since Telegram never tells the secret back).
CREATE TABLE runtime_settings (
  key         text PRIMARY KEY,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
