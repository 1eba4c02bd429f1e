import { sql } from '@databases/pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpApp } from '../../src/http/app.ts';
import type { HealthDeps } from '../../src/http/health.ts';
import { rootLogger } from '../../src/log.ts';
import { Metrics } from '../../src/observability/metrics.ts';
import { createMetricsEndpoint } from '../../src/observability/metrics-endpoint.ts';
import { ChatDriver, eventually } from '../helpers/chat.ts';
import { type Journey, startJourney } from '../helpers/journey.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const m = LABEL.exec(text);
    if (!m) throw new Error(`bad labels in: ${line}`);
    labels[m[1] as string] = m[2] as string;
  }
  return labels;
}

/** A sample value as Prometheus reads it (Go's float syntax: NaN and Inf in any case). */
function parseValue(text: string): number | undefined {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && !Number.isNaN(value) ? value : undefined;
}

/** The family a sample belongs to (a histogram's _bucket/_sum/_count lines belong to it). */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count|total|created)$/, '');
  return types.has(base) ? base : undefined;
}

/**
 * Prometheus text exposition format 0.0.4, strictly: HELP and TYPE before a family's samples,
 * label sets well quoted, values parseable as floats. Throws on the first bad line.
 */
function parseExposition(text: string): Sample[] {
  const types = new Map<string, string>();
  const helped = new Set<string>();
  const samples: Sample[] = [];
  assert.ok(text.endsWith('\n'), 'the exposition ends with a newline');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      const [name] = line.slice(7).split(' ');
      if (!name || !METRIC_NAME.test(name)) throw new Error(`bad HELP: ${line}`);
      helped.add(name);
    } else if (line.startsWith('# TYPE ')) {
      const [name, type, extra] = line.slice(7).split(' ');
      if (!name || !METRIC_NAME.test(name) || !type || !TYPES.has(type) || extra !== undefined)
        throw new Error(`bad TYPE: ${line}`);
      if (types.has(name)) throw new Error(`TYPE given twice for ${name}`);
      types.set(name, type);
    } else if (line.startsWith('#')) {
    } else {
      const m = SAMPLE_LINE.exec(line);
      if (!m) throw new Error(`bad sample: ${line}`);
      const name = m[1] as string;
      const value = parseValue(m[4] as string);
      if (value === undefined) throw new Error(`bad value: ${line}`);
      const family = familyOf(name, types);
      if (!family || !helped.has(family)) throw new Error(`sample before its HELP/TYPE: ${line}`);
      samples.push({ name, labels: parseLabels(m[3] ?? '', line), value });
    }
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`; 0 when absent. */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const matching = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return matching.reduce((sum, s) => sum + s.value, 0);
}

let j: Journey;
test.before(async () => {
  j = await startJourney({ mode: 'polling' });
});
test.after(async () => {
  await j.stop();
});

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${j.app.url}/metrics`);
  assert.is(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

/** Waits until every effect is done and no update is in flight, then scrapes. */
async function settledScrape(check: (s: Sample[]) => boolean, what: string): Promise<Sample[]> {
  let samples: Sample[] = [];
  await eventually(
    async () => {
      await j.app.host.executor.drain();
      samples = await scrape();
      return check(samples);
    },
    10_000,
    what,
  );
  return samples;
}

test('the exposition parses and carries the runtime families and the process metrics', async () => {
  const samples = await scrape();
  const names = new Set(samples.map((s) => s.name));
  for (const name of [
    'process_cpu_user_seconds_total',
    'nodejs_heap_size_used_bytes',
    'lucien_outbox_pending',
    'lucien_cache_hit_ratio',
    'lucien_job_queue_size',
  ]) {
    assert.ok(names.has(name), `${name} is exposed`);
  }
  const text = await (await fetch(`${j.app.url}/metrics`)).text();
  for (const family of [
    'lucien_updates_total',
    'lucien_transitions_total',
    'lucien_effect_duration_seconds',
    'lucien_timer_lag_seconds',
    'lucien_telegram_429_total',
    'lucien_cache_lookups_total',
  ]) {
    assert.match(text, new RegExp(`^# TYPE ${family} `, 'm'), `${family} is declared`);
  }
});

test('a small journey moves updates, transitions, Bot API calls and cache lookups by what happened', async () => {
  const before = await settledScrape(() => true, 'a first scrape');
  const seqBefore = j.sandbox.calls().at(-1)?.seq ?? 0;
  const ana = new ChatDriver(j.sandbox, j.sandbox.createUser({ first_name: 'Ana' }).id);
  await ana.say('/start', (m) => Boolean(m.reply_markup));
  const greeting = ana.last()?.message_id;
  await ana.say('hola', (m) => m.message_id !== greeting);

  const messagesOk = { kind: 'message', outcome: 'ok' };
  const after = await settledScrape(
    (s) =>
      sampleValue(s, 'lucien_updates_total', messagesOk) -
        sampleValue(before, 'lucien_updates_total', messagesOk) >=
      2,
    'two message updates counted',
  );
  const delta = (name: string, labels: Record<string, string> = {}) =>
    sampleValue(after, name, labels) - sampleValue(before, name, labels);

  assert.is(delta('lucien_updates_total', messagesOk), 2, 'two messages, each counted once');
  assert.is(delta('lucien_updates_total', { outcome: 'error' }), 0);

  const conversation = `conversation:${ana.userId}`;
  const events = await j.app.db.query(
    sql`SELECT event_type, count(*)::int AS n FROM actor_events WHERE actor_id = ${conversation} GROUP BY event_type`,
  );
  assert.ok(events.length > 0);
  for (const { event_type: event, n } of events as { event_type: string; n: number }[]) {
    assert.is(
      delta('lucien_transitions_total', { machine: 'conversation', event }),
      n,
      `${event} transitions`,
    );
  }
  const [total] = await j.app.db.query(sql`SELECT count(*)::int AS n FROM actor_events`);
  assert.is(sampleValue(after, 'lucien_transitions_total'), total.n, 'every committed transition is counted');

  const sent = j.sandbox.calls({ method: 'sendMessage', sinceSeq: seqBefore }).filter((c) => c.ok).length;
  assert.ok(sent >= 2, 'the bot answered both messages');
  assert.is(delta('lucien_telegram_calls_total', { method: 'sendMessage', outcome: 'ok' }), sent);

  assert.ok(delta('lucien_cache_lookups_total', { result: 'hit' }) >= 1, 'the second message read the cache');
  const ratio = sampleValue(after, 'lucien_cache_hit_ratio');
  assert.ok(ratio > 0 && ratio <= 1, `hit ratio ${ratio} within (0, 1]`);
});

test('a durable wait shows in the job queue size', async () => {
  const bea = j.sandbox.createUser({ first_name: 'Bea' });
  j.sandbox.requestJoin(bea.id, j.sandbox.freeChannelId);
  const waiting = async () => {
    const [row] = await j.app.db.query(
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'actor-timer' AND state IN ('created', 'retry')`,
    );
    return row.n as number;
  };
  await eventually(async () => (await waiting()) >= 1, 10_000, 'a timer job');
  const samples = await scrape();
  assert.is(sampleValue(samples, 'lucien_job_queue_size', { queue: 'actor-timer' }), await waiting());
});

test('a 429 is counted by method and the effect it holds back shows in the outbox backlog', async () => {
  const before = await scrape();
  j.sandbox.failNext('sendMessage', {
    error_code: 429,
    description: 'Too Many Requests: retry after 60',
    retry_after: 60,
  });
  const caro = j.sandbox.createUser({ first_name: 'Caro' });
  j.sandbox.sendText(caro.id, 'hola');
  const pendingInDb = async () => {
    const [row] = await j.app.db.query(sql`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`);
    return row.n as number;
  };
  const after = await settledScrape(
    (s) => sampleValue(s, 'lucien_telegram_429_total', { method: 'sendMessage' }) >= 1,
    'the 429 counted',
  );
  assert.is(
    sampleValue(after, 'lucien_telegram_429_total', { method: 'sendMessage' }) -
      sampleValue(before, 'lucien_telegram_429_total', { method: 'sendMessage' }),
    1,
  );
  assert.is(sampleValue(after, 'lucien_telegram_429_total', { method: 'getMe' }), 0);
  const pending = await pendingInDb();
  assert.ok(pending >= 1, 'the refused message waits in the outbox');
  assert.is(sampleValue(after, 'lucien_outbox_pending'), pending);
});

/** /metrics as the app serves it, without the rest of the app. */
function metricsApp(token: string | undefined, production: boolean) {
  const metrics = new Metrics({}, { defaultMetrics: false });
  metrics.updateReceived('message', 'ok');
  return createHttpApp({
    log: rootLogger,
    health: {} as HealthDeps,
    webhook: async () => new Response(null, { status: 204 }),
    metrics: createMetricsEndpoint({ render: () => metrics.render(), token, production }),
  });
}

const get = (app: ReturnType<typeof metricsApp>, authorization?: string) =>
  app.fetch(new Request('http://localhost/metrics', { headers: authorization ? { authorization } : {} }));

test('in production /metrics answers 404 without METRICS_TOKEN, and 401 without the bearer token', async () => {
  const token = 'metrics-token-0123456789';
  assert.is((await get(metricsApp(undefined, true))).status, 404);
  const guarded = metricsApp(token, true);
  for (const header of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`, `Bearer ${token}x`]) {
    const response = await get(guarded, header);
    assert.is(response.status, 401, String(header));
    assert.is(response.headers.get('www-authenticate'), 'Bearer realm="metrics"');
    assert.not.ok((await response.text()).includes('lucien_'));
  }
  const allowed = await get(guarded, `Bearer ${token}`);
  assert.is(allowed.status, 200);
  const body = await allowed.text();
  assert.is(sampleValue(parseExposition(body), 'lucien_updates_total', { kind: 'message' }), 1);
  assert.not.ok(body.includes(token));
  assert.is((await get(metricsApp(undefined, false))).status, 200, 'open outside production');
});

test.run();
