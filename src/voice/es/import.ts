import { fixed } from '../message.ts';

/**
 * What the importer of the previous bot tells the custodian who runs it, in a terminal: plain
 * text, one line each (the summary table is laid out by the importer from these pieces). Not part
 * of the Telegram catalogue exported by index.ts: these lines never reach a chat.
 */

/** What is imported, by kind, as the summary and the progress lines name it. */
export const importKinds = {
  settings: 'Calibración',
  users: 'Personas',
  plans: 'Planes',
  invitations: 'Invitaciones',
  memberships: 'Membresías VIP',
  freeRequests: 'Solicitudes al vestíbulo',
  packages: 'Paquetes de contenido',
  interests: 'Intereses',
  roleLog: 'Historial de roles',
} as const;
export type ImportKind = keyof typeof importKinds;

/** Why a record of the previous bot was left behind. */
export const importSkipReasons = {
  no_plan: 'sin plan en el bot anterior',
  plan_missing: 'su plan no existe en el bot anterior',
  plan_skipped: 'su plan no pudo trasladarse',
  bad_code: 'código que no cabe en un enlace de Lucien: de 16 a 64 letras, cifras, - o _',
  bad_validity: 'vigencia que no era positiva',
  bad_plan: 'nombre, duración, precio o moneda que Lucien no admite',
  bad_user: 'persona sin identificador o fecha válidos',
  bad_status: 'estado o etapa de entrada desconocidos',
  bad_dates: 'fechas ilegibles',
  processed: 'ya atendidas por el bot anterior',
  duplicate: 'otra solicitud pendiente más reciente de la misma persona',
  no_free_channel: 'no hay canal gratuito configurado',
  bad_package: 'nombre, categoría, descripción o precio que Lucien no admite',
  package_missing: 'su paquete no pudo trasladarse',
  bad_role: 'rol desconocido',
  no_equivalent: 'sin ajuste equivalente en Lucien',
  empty: 'vacíos en el bot anterior',
  invalid_setting: 'valor que Lucien no admite',
} as const;
export type ImportSkipReason = keyof typeof importSkipReasons;

export const importHeader = fixed(
  'import.header',
  { source: 'lucien-v1.2.sqlite', dryRun: false },
  ({ source, dryRun }) =>
    dryRun
      ? `🎩 Simulación del traslado desde ${source}: no se escribirá nada.`
      : `🎩 Traslado desde ${source} al reino de Lucien.`,
);

export const importColumns = fixed('import.columns', { dryRun: false }, ({ dryRun }) =>
  ['Tipo', 'Leídos', dryRun ? 'Se importarían' : 'Importados', 'Ya estaban', 'Omitidos'].join('\t'),
);

export const importSkipLine = fixed(
  'import.skipLine',
  { count: 12, kind: 'Invitaciones', reason: 'la invitación no tenía plan' },
  ({ count, kind, reason }) => `${kind}: ${count} omitidos (${reason}).`,
);

export const importMergedPlans = fixed(
  'import.mergedPlans',
  { rows: 68, plans: 6 },
  ({ rows, plans }) => `Los ${rows} planes del bot anterior comparten condiciones: quedan ${plans} planes.`,
);

export const importTiming = fixed(
  'import.timing',
  { seconds: '12,3', rate: '8130', users: '100000', usersRate: '8130' },
  ({ seconds, rate, users, usersRate }) =>
    `Hecho en ${seconds} s: ${rate} registros por segundo; ${users} personas a ${usersRate} por segundo.`,
);

export const importTimers = fixed(
  'import.timers',
  { timers: 120 },
  ({ timers }) => `${timers} avisos y vencimientos quedan programados; Lucien los atiende en cuanto arranca.`,
);

export const importDryRunDone = fixed(
  'import.dryRunDone',
  {},
  () => 'Simulación terminada: la base de datos de Lucien quedó intacta.',
);

export const importProgress = fixed(
  'import.progress',
  { kind: 'Personas', done: '45000', total: '100000', percent: 45 },
  ({ kind, done, total, percent }) => `${kind}: ${done} de ${total} (${percent} %)`,
);

/** Refusals: one sentence naming what is missing; the importer exits with code 2. */
export const importUsage = fixed(
  'import.usage',
  {},
  () => 'Uso: npm run import-legacy -- <archivo sqlite | URL postgres:// del bot anterior> [--dry-run]',
);

export const importNoDatabaseUrl = fixed(
  'import.noDatabaseUrl',
  {},
  () => 'Falta DATABASE_URL: indique la base de datos Postgres de Lucien a la que se trasladan los datos.',
);

export const importFileMissing = fixed(
  'import.fileMissing',
  { path: 'lucien.sqlite' },
  ({ path }) => `No encuentro el archivo ${path}.`,
);

export const importNotSqlite = fixed(
  'import.notSqlite',
  { path: 'notas.txt' },
  ({ path }) =>
    `El archivo ${path} no es una base de datos SQLite, así que no puede ser la del bot anterior.`,
);

export const importSourceUnreachable = fixed(
  'import.sourceUnreachable',
  { source: 'postgres://…/bot' },
  ({ source }) => `No logro abrir la base de datos del bot anterior en ${source}.`,
);

export const importMissingTable = fixed(
  'import.missingTable',
  { source: 'notas.sqlite', table: 'vip_subscribers' },
  ({ source, table }) => `${source} no tiene el esquema del bot anterior: le falta la tabla ${table}.`,
);

export const importMissingColumn = fixed(
  'import.missingColumn',
  { source: 'notas.sqlite', table: 'users', column: 'role' },
  ({ source, table, column }) =>
    `${source} no tiene el esquema del bot anterior: a la tabla ${table} le falta la columna ${column}.`,
);

export const importFailed = fixed(
  'import.failed',
  { detail: 'connection refused' },
  ({ detail }) =>
    `El traslado se detuvo por un inconveniente (${detail}); lo ya escrito queda y repetirlo es seguro.`,
);
