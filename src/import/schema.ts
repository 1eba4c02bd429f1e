/**
 * The previous bot's schema (v1.2) as far as the importer reads it: each table with the
 * columns it needs and the column that orders its rows. A source lacking any of them is refused.
 */
export const LEGACY_TABLES = {
  bot_config: {
    order: 'id',
    columns: [
      'id',
      'vip_channel_id',
      'free_channel_id',
      'wait_time_minutes',
      'vip_reactions',
      'free_reactions',
      'subscription_fees',
      'social_instagram',
      'social_tiktok',
      'social_x',
      'free_channel_invite_link',
    ],
  },
  users: {
    order: 'user_id',
    columns: ['user_id', 'username', 'first_name', 'last_name', 'role', 'created_at', 'updated_at'],
  },
  subscription_plans: {
    order: 'id',
    columns: ['id', 'name', 'duration_days', 'price', 'currency', 'active', 'created_at', 'created_by'],
  },
  invitation_tokens: {
    order: 'id',
    columns: [
      'id',
      'token',
      'generated_by',
      'created_at',
      'duration_hours',
      'used',
      'used_by',
      'used_at',
      'plan_id',
    ],
  },
  free_channel_requests: {
    order: 'id',
    columns: ['id', 'user_id', 'request_date', 'processed', 'processed_at'],
  },
  vip_subscribers: {
    order: 'id',
    columns: ['id', 'user_id', 'join_date', 'expiry_date', 'status', 'token_id', 'vip_entry_stage'],
  },
  user_role_change_log: {
    order: 'id',
    columns: [
      'id',
      'user_id',
      'previous_role',
      'new_role',
      'changed_by',
      'reason',
      'change_source',
      'change_metadata',
      'changed_at',
    ],
  },
  content_packages: {
    order: 'id',
    columns: [
      'id',
      'name',
      'description',
      'price',
      'category',
      'type',
      'media_url',
      'is_active',
      'created_at',
      'updated_at',
    ],
  },
  user_interests: {
    order: 'id',
    columns: ['id', 'user_id', 'package_id', 'is_attended', 'attended_at', 'created_at'],
  },
} as const;

export type LegacyTable = keyof typeof LEGACY_TABLES;
export type LegacyColumn<T extends LegacyTable> = (typeof LEGACY_TABLES)[T]['columns'][number];

/** A row as a source hands it over: SQLite's own values, or Postgres' as text. */
export type LegacyValue = string | number | null;
export type LegacyRow<T extends LegacyTable> = Record<LegacyColumn<T>, LegacyValue>;

/** What a source lacks to be the previous bot's database; undefined when it has everything. */
export type SchemaGap = { table: string; column?: string } | undefined;

/** The first table or column missing from `describe` (table name -> its columns, or undefined). */
export async function findSchemaGap(
  describe: (table: string) => Promise<string[] | undefined>,
): Promise<SchemaGap> {
  for (const [table, spec] of Object.entries(LEGACY_TABLES)) {
    const columns = await describe(table);
    if (!columns) return { table };
    const present = new Set(columns.map((c) => c.toLowerCase()));
    const column = spec.columns.find((c) => !present.has(c));
    if (column) return { table, column };
  }
  return undefined;
}
