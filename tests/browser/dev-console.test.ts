import type { Page } from 'playwright-core';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpApp } from '../../src/http/app.ts';
import { createDevConsole } from '../../src/http/dev/index.ts';
import { rootLogger } from '../../src/log.ts';
import { createMachineRegistry } from '../../src/machines/registry.ts';
import { serveFetchHandler } from '../../src/sandbox/index.ts';
import { type BrowserSession, launchBrowser } from '../helpers/browser.ts';
import { type Journey, startJourney } from '../helpers/journey.ts';

/**
 * The developer console in a real Chromium: a machine's diagram, then a sandbox journey driven
 * only by clicks in the page while the inspector follows the person's conversation actor, and
 * the console closed in production without DEV_CONSOLE_TOKEN.
 */

const WAIT_MS = 15_000;
let session: BrowserSession | undefined;
let journey: Journey | undefined;

const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The labels of the states Mermaid drew with the `active` class in one of the page's diagrams. */
function activeStates(page: Page, diagram: string): Promise<string[]> {
  return page.$$eval(`${byTestId(diagram)} svg g.active`, (nodes) =>
    nodes.map((node) => (node.textContent ?? '').trim()),
  );
}

async function waitForActive(page: Page, diagram: string, label: string): Promise<void> {
  await page.waitForFunction(
    ({ selector, label }) =>
      Array.from(document.querySelectorAll(`${selector} svg g.active`)).some(
        (node) => (node.textContent ?? '').trim() === label,
      ),
    { selector: byTestId(diagram), label },
    { timeout: WAIT_MS },
  );
}

let setupError: unknown;
test.before(async () => {
  // uvu ends a file quietly when a hook throws: the error is kept and thrown by each test instead.
  try {
    session = await launchBrowser({ artifacts: 'dev-console' });
    if (session) journey = await startJourney({ mode: 'polling' });
  } catch (error) {
    setupError = error;
  }
});

/** True when the test has nothing to run on (no Chromium, outside CI); throws a setup failure. */
function skipped(): boolean {
  if (setupError) throw setupError;
  return !session || !journey;
}

test.after(async () => {
  await session?.close();
  await journey?.stop();
});

test('the console lists the machines and draws one as a statechart', async () => {
  if (skipped() || !session || !journey) return;
  const { page } = session;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const response = await page.goto(`${journey.app.url}/dev`);
  assert.is(response?.status(), 200);
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT_MS });
  assert.is(await page.textContent(byTestId('mode-badge')), 'sandbox');
  assert.ok(await page.isVisible(byTestId('sandbox-panel')), 'the sandbox chat is offered');

  const machines = await page.$$eval(`${byTestId('machine-item')}`, (items) =>
    items.map((item) => (item as HTMLElement).dataset.machine),
  );
  for (const name of ['conversation', 'subscription', 'freeAccess']) {
    assert.ok(machines.includes(name), `${name} in ${machines.join(', ')}`);
  }
  await page.click(`${byTestId('machine-item')}[data-machine="conversation"]`);
  await page.waitForSelector(`${byTestId('machine-diagram')} svg`, { timeout: WAIT_MS });
  const labels = await page.$$eval(`${byTestId('machine-diagram')} svg g.node`, (nodes) =>
    nodes.map((node) => (node.textContent ?? '').trim()),
  );
  for (const state of ['home', 'about']) assert.ok(labels.includes(state), `state ${state} is drawn`);
  assert.equal(await activeStates(page, 'machine-diagram'), [], 'a machine alone highlights nothing');
  await session.screenshot('01-machine-diagram');

  await page.click(byTestId('machine-diagram-fit'));
  assert.is(await page.getAttribute(byTestId('machine-diagram-fit'), 'aria-pressed'), 'true');
  await session.screenshot('01b-machine-diagram-fit');
  await page.click(byTestId('machine-diagram-fit'));
  assert.is(await page.getAttribute(byTestId('machine-diagram-fit'), 'aria-pressed'), 'false');
  assert.equal(pageErrors, [], 'no script errors');
});

test('a sandbox journey clicked in the page: the inspector follows the conversation live', async () => {
  if (skipped() || !session || !journey) return;
  const { page } = session;

  await page.click(`${byTestId('person-new')} summary`);
  await page.fill(byTestId('person-first-name'), 'Ana');
  await page.fill(byTestId('person-username'), 'ana_console');
  await page.click(byTestId('person-create'));
  await page.waitForFunction(
    (selector) => (document.querySelector(selector) as HTMLSelectElement | null)?.value !== '',
    byTestId('person-select'),
    { timeout: WAIT_MS },
  );
  const userId = Number(await page.inputValue(byTestId('person-select')));
  const ana = journey.sandbox.users().find((user) => user.id === userId);
  assert.is(ana?.username, 'ana_console', 'the person was created in the sandbox');
  await session.screenshot('02-person-created');

  await page.fill(byTestId('chat-input'), '/start');
  await page.click(byTestId('chat-send'));
  const about = `${byTestId('chat-message')}[data-from="bot"] ${byTestId('chat-button')}[data-callback-data="1:nav:about"]`;
  await page.waitForSelector(about, { timeout: WAIT_MS });
  assert.match((await page.textContent(byTestId('chat-view'))) ?? '', /Lucien/);

  const actorId = `conversation:${userId}`;
  assert.is(await page.textContent(byTestId('inspector-actor-id')), actorId);
  await waitForActive(page, 'inspector-diagram', 'home');
  await page.waitForFunction(
    (selector) => document.querySelector(selector)?.textContent === 'menu.home',
    byTestId('inspector-state'),
    { timeout: WAIT_MS },
  );
  await page.waitForSelector(`${byTestId('inspector-live')}[data-state="live"]`, { timeout: WAIT_MS });
  const context = JSON.parse((await page.textContent(byTestId('inspector-context'))) ?? '{}');
  assert.is(context.userId, userId, 'the context is shown as JSON');
  await session.screenshot('03-start-menu-home');

  const versionBefore = Number(await page.textContent(byTestId('inspector-version')));
  await page.click(about);
  await waitForActive(page, 'inspector-diagram', 'about');
  assert.equal(
    (await activeStates(page, 'inspector-diagram')).sort(),
    ['about', 'menu'],
    'the new state and its parent are lit, home no longer',
  );
  assert.is(await page.textContent(byTestId('inspector-state')), 'menu.about');
  assert.ok(Number(await page.textContent(byTestId('inspector-version'))) > versionBefore);
  await page.waitForFunction(
    (selector) =>
      Array.from(document.querySelectorAll(selector)).some((row) => /NAVIGATE/.test(row.textContent ?? '')),
    `${byTestId('inspector-log')} tr`,
    { timeout: WAIT_MS },
  );
  const stored = await journey.app.host.read(actorId);
  assert.is(stored?.state, 'menu.about', 'the page shows what the runtime holds');
  await page.waitForFunction(
    (selector) => /vestíbulo/.test(document.querySelector(selector)?.textContent ?? ''),
    byTestId('chat-view'),
    { timeout: WAIT_MS },
  );
  await session.screenshot('04-button-menu-about');

  await page.click(byTestId('clock-day'));
  await page.waitForFunction(
    (selector) => /\+1 day: now/.test(document.querySelector(selector)?.textContent ?? ''),
    byTestId('status'),
    { timeout: WAIT_MS },
  );
  await page.fill(byTestId('actor-search'), '@ana_console');
  await page.press(byTestId('actor-search'), 'Enter');
  await page.waitForSelector(`${byTestId('actor-result')}[data-actor="${actorId}"]`, { timeout: WAIT_MS });
  await session.screenshot('05-search-by-username');
});

/** The HTTP layer alone, as production builds it, with the console guarded by `token`. */
async function serveProductionConsole(app: Journey['app'], token: string | undefined) {
  const devConsole = createDevConsole({
    db: app.db,
    registry: createMachineRegistry(),
    config: { production: true, devConsoleToken: token },
    clock: app.clock,
    sandbox: false,
    log: rootLogger,
  });
  devConsole.attach(app.host);
  const http = createHttpApp({
    log: rootLogger,
    health: { db: app.db, cache: app.cache, queue: app.queue, version: 'test', startedAt: Date.now() },
    webhook: async () => new Response(null, { status: 404 }),
    dev: devConsole.handle,
  });
  const served = await serveFetchHandler(async (request) => http.fetch(request), { port: 0 });
  return {
    url: served.url,
    async close() {
      devConsole.close();
      await served.close();
    },
  };
}

test('in production without DEV_CONSOLE_TOKEN the console answers 401', async () => {
  if (skipped() || !session || !journey) return;
  const served = await serveProductionConsole(journey.app, undefined);
  const page = await session.context.newPage();
  try {
    for (const path of ['/dev', '/dev/api/mode', '/dev/api/actors?q=1', '/dev/assets/main.js']) {
      const response = await page.goto(`${served.url}${path}`);
      assert.is(response?.status(), 401, path);
    }
    const guessed = await page.goto(`${served.url}/dev?token=guess`);
    assert.is(guessed?.status(), 401, 'no token opens a console that has none');
    await session.screenshot('06-production-401', page);
  } finally {
    await page.close();
    await served.close();
  }
});

test('in production with DEV_CONSOLE_TOKEN the page works once opened with ?token=', async () => {
  if (skipped() || !session || !journey) return;
  const token = 'console-token-0123456789abcdef';
  const served = await serveProductionConsole(journey.app, token);
  const page = await session.context.newPage();
  try {
    assert.is((await page.goto(`${served.url}/dev`))?.status(), 401);
    assert.is((await page.goto(`${served.url}/dev?token=${token}`))?.status(), 200);
    // The page's own requests (assets, API, live stream) carry the cookie that ?token= set.
    await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT_MS });
    assert.is(await page.textContent(byTestId('mode-badge')), 'live Telegram');
    assert.not.ok(await page.isVisible(byTestId('sandbox-panel')), 'no sandbox chat against Telegram');
    await page.click(byTestId('tab-inspector'));
    await page.fill(byTestId('actor-search'), '@ana_console');
    await page.press(byTestId('actor-search'), 'Enter');
    await page.click(`${byTestId('actor-result')}[data-actor^="conversation:"]`, { timeout: WAIT_MS });
    await page.waitForSelector(`${byTestId('inspector-live')}[data-state="live"]`, { timeout: WAIT_MS });
    await waitForActive(page, 'inspector-diagram', 'about');
    await session.screenshot('07-production-with-token', page);
  } finally {
    await page.close();
    await served.close();
  }
});

test.run();
