import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import DOMPurify from 'dompurify';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type AnyStateMachine, type AnyStateNode, not, setup, stateIn } from 'xstate';
import { ACTIVE_CLASS_DEF, machineToMermaid } from '../../src/dev/statechart.ts';
import { diagramFileText, staleDiagrams, writeDiagrams } from '../../src/dev/statechart-files.ts';
import { arrowLabel, escapeLabel, formatDuration, guardLabel } from '../../src/dev/statechart-labels.ts';
import { machineDefinitions } from '../../src/machines/registry.ts';

// Mermaid sanitizes labels with DOMPurify, which needs a browser window; its parser does not.
// With a pass-through sanitizer, `mermaid.parse` and the parsed diagram's data work in Node.
Object.assign(DOMPurify, { addHook: () => {}, sanitize: (text: string) => text });
const { default: mermaid } = await import('mermaid');

interface ParsedNode {
  id: string;
  label?: unknown;
  parentId?: string;
  cssClasses?: string;
}
interface ParsedEdge {
  start: string;
  end: string;
  label?: string;
}

/** Mermaid writes `#58;` as a placeholder until it renders; read it back as the character. */
const decode = (text: string) =>
  text.replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, code) => String.fromCharCode(Number(code)));

/** What Mermaid 11 itself reads from the text: its nodes (with parents) and its edges. */
async function parseWithMermaid(text: string): Promise<{ nodes: ParsedNode[]; edges: ParsedEdge[] }> {
  await mermaid.parse(text);
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getData(): { nodes: ParsedNode[]; edges: ParsedEdge[] } };
  return db.getData();
}

function allNodes(machine: AnyStateMachine): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    nodes.push(node);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return nodes;
}

const idOf = (machine: AnyStateMachine, node: AnyStateNode) =>
  node.path.length === 0 ? machine.id : node.path.join('__');

/** The parent Mermaid shows, skipping the unnamed boxes it makes for parallel regions. */
function parentOf(node: ParsedNode, byId: Map<string, ParsedNode>, ours: Set<string>): string | undefined {
  let parent = node.parentId;
  while (parent !== undefined && !ours.has(parent)) parent = byId.get(parent)?.parentId;
  return parent;
}

/** Every state node with its id, label and parent, and every transition as an edge, as Mermaid parsed them. */
async function assertRoundTrip(machine: AnyStateMachine, text: string, ids: (n: AnyStateNode) => string) {
  const { nodes, edges } = await parseWithMermaid(text);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const stateNodes = allNodes(machine);
  const ours = new Set(stateNodes.map(ids));
  for (const node of stateNodes) {
    const parsed = byId.get(ids(node));
    assert.ok(parsed, `${machine.id}: state ${node.path.join('.') || '(machine)'} is drawn`);
    const label = decode(String(parsed?.label));
    const name = node.path.length === 0 ? machine.id : node.key;
    assert.ok(label === name || label.startsWith(`${name} (`), `${ids(node)} is labelled ${name}: ${label}`);
    const parent = parsed && parentOf(parsed, byId, ours);
    assert.is(parent, node.parent ? ids(node.parent) : undefined, `${ids(node)} sits in its parent`);
  }
  const drawn = new Set(edges.map((e) => `${e.start} -> ${e.end}`));
  for (const node of stateNodes) {
    const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
    for (const t of transitions) {
      for (const target of t.target?.length ? t.target : [node]) {
        const edge = `${ids(node)} -> ${ids(target)}`;
        assert.ok(drawn.has(edge), `${machine.id}: ${t.eventType || 'always'} drawn as ${edge}`);
      }
    }
  }
  return { nodes, edges, byId };
}

test('every registered machine converts, parses with Mermaid 11 and shows every state and transition', async () => {
  for (const { machine } of machineDefinitions) {
    const text = machineToMermaid(machine);
    assert.ok(text.startsWith('stateDiagram-v2\n'), machine.id);
    await assertRoundTrip(machine, text, (node) => idOf(machine, node));
  }
});

const lab = setup({
  types: {} as { events: { type: 'GO' } | { type: 'STOP' } | { type: 'PING' } | { type: 'a:b;c#d"e{f}' } },
  guards: { isReady: () => true, step: (_, _n: number) => true },
  delays: { untilExpiry: () => 1_000 },
}).createMachine({
  id: 'lab',
  initial: 'idle',
  on: { PING: { actions: () => {} } },
  states: {
    idle: {
      on: {
        GO: [
          { guard: 'isReady', target: 'work' },
          { guard: { type: 'step', params: 2 }, target: 'work' },
          'done',
        ],
        PING: [
          { guard: () => true, actions: () => {} },
          { guard: () => false, actions: () => {} },
        ],
        'a:b;c#d"e{f}': 'note',
      },
      after: { 300000: 'work', 3000: { target: 'idle', reenter: true } },
    },
    work: {
      type: 'parallel',
      on: { STOP: 'done' },
      states: {
        left: {
          initial: 'a',
          states: {
            a: { after: { untilExpiry: 'b' } },
            b: { always: { guard: stateIn('#lab.work.right.d'), target: 'a' } },
          },
        },
        right: {
          initial: 'c',
          states: {
            c: { always: { guard: not('isReady'), target: 'd' } },
            d: { type: 'final' },
            back: { type: 'history', history: 'deep' },
          },
        },
      },
    },
    note: { on: { GO: 'class' } },
    class: { on: { GO: 'root' } },
    root: { on: { GO: 'x y' } },
    'x y': { on: { GO: 'done' } },
    done: { type: 'final' },
  },
});

const labIds = (node: AnyStateNode) => {
  const id = node.path.length === 0 ? 'lab' : node.path.join('__').replace(' ', '_');
  return ['note', 'class', 'root'].includes(id) ? `${id}_` : id;
};

test('a small machine: nesting, parallel regions, delays, guards, always, final and self transitions', async () => {
  const text = machineToMermaid(lab);
  const lines = text.split('\n').map((l) => l.trim());
  const has = (line: string) => assert.ok(lines.includes(line), `has: ${line}\n${text}`);
  has('[*] --> lab');
  has('state lab {');
  has('[*] --> idle');
  has('state work {');
  has('state "left" as work__left');
  has('state work__left {');
  has('[*] --> work__left__a');
  has('--');
  has('state "back (deep history)" as work__right__back');
  has('work__right__d --> [*]');
  has('done --> [*]');
  has('lab --> lab : PING');
  has('idle --> work : GO [isReady | step(2)]');
  has('idle --> done : GO [else]');
  has('idle --> idle : PING [guard] ×2');
  has('idle --> work : after 5 min');
  has('idle --> idle : after 3 s');
  has('work --> done : STOP');
  has('work__left__a --> work__left__b : after untilExpiry');
  has('work__left__b --> work__left__a : always [stateIn(#35;lab.work.right.d)]');
  has('work__right__c --> work__right__d : always [not(isReady)]');
  has('note_ --> class_ : GO');
  has('root_ --> x_y : GO');
  has('state "x y" as x_y');
  assert.is(lines.filter((l) => l === '--').length, 1, 'one separator between two regions');
  assert.not.ok(
    lines.includes('[*] --> work__left') || lines.includes('[*] --> work__right'),
    'regions all start',
  );

  const { byId } = await assertRoundTrip(lab, text, labIds);
  const region = byId.get('work__right');
  assert.ok(region?.parentId && region.parentId !== 'work', 'a region sits in its own parallel section');
});

test('labels are escaped so Mermaid reads them back as written', async () => {
  assert.is(escapeLabel('a:b;c#d"e{f}<g>%h'), 'a#58;b#59;c#35;d#34;e#123;f#125;#60;g#62;#37;h');
  assert.is(escapeLabel('two\nlines'), 'two lines');
  const text = machineToMermaid(lab);
  assert.ok(text.includes('idle --> note_ : a#58;b#59;c#35;d#34;e#123;f#125;\n'));
  const { edges } = await parseWithMermaid(text);
  const labels = edges.map((e) => decode(e.label ?? ''));
  assert.ok(labels.includes('a:b;c#d"e{f}'), labels.join(' / '));
  assert.ok(labels.includes('always [stateIn(#lab.work.right.d)]'));
});

test('guards, delays and shared arrows are labelled as declared', () => {
  assert.is(guardLabel('isAdmin'), 'isAdmin');
  assert.is(guardLabel({ type: 'adminDoes', params: 'cancel' }), 'adminDoes(cancel)');
  assert.is(guardLabel({ type: 'withObject', params: { a: 1 } }), 'withObject');
  assert.is(
    guardLabel(() => true),
    'guard',
  );
  assert.is(guardLabel(undefined), undefined);
  assert.is(formatDuration(300_000), '5 min');
  assert.is(formatDuration(3_000), '3 s');
  assert.is(formatDuration(86_400_000), '1 d');
  assert.is(formatDuration(1_500), '1500 ms');
  assert.is(arrowLabel('GO', [undefined]), 'GO');
  assert.is(arrowLabel('GO', ['a', 'a', 'a']), 'GO [a] ×3');
  assert.is(arrowLabel('GO', ['a', 'b', 'else']), 'GO [a | b | else]');
  assert.is(arrowLabel('GO', ['a', 'b', 'c', 'd', 'e']), 'GO ×5');
});

test('highlight marks the active leaves and their ancestors, not the machine nor other states', async () => {
  for (const active of [['work.left.b', 'work.right.d'], ['work.(left.b,right.d)']]) {
    const text = machineToMermaid(lab, { active });
    const lines = text.split('\n').map((l) => l.trim());
    assert.ok(lines.includes(ACTIVE_CLASS_DEF));
    const marked = lines.filter((l) => l.startsWith('class ')).map((l) => l.split(' ')[1]);
    assert.equal(marked, ['work', 'work__left', 'work__left__b', 'work__right', 'work__right__d']);
    const { nodes } = await parseWithMermaid(text);
    const styled = nodes.filter((n) => n.cssClasses?.split(' ').includes('active')).map((n) => n.id);
    assert.equal(styled.sort(), [...marked].sort());
  }
  const idle = machineToMermaid(lab, { active: ['idle'] });
  assert.ok(idle.includes('  class idle active\n'));
  assert.not.ok(idle.includes('class lab active'));
  assert.not.ok(machineToMermaid(lab, { active: ['gone.away', 'idle.nothing'] }).includes('classDef'));
  assert.not.ok(machineToMermaid(lab).includes('classDef'));
});

test('ids are valid Mermaid identifiers, never one of its keywords', () => {
  for (const machine of [lab, ...machineDefinitions.map((d) => d.machine)]) {
    const text = machineToMermaid(machine);
    const ids = new Set<string>();
    for (const line of text.split('\n').map((l) => l.trim())) {
      const declared = /^state (?:"[^"]*" as )?(\S+?)(?: \{)?$/.exec(line);
      const edge = /^(\S+) --> (\S+)(?: : .*)?$/.exec(line);
      if (declared) ids.add(declared[1] as string);
      if (edge) for (const id of [edge[1], edge[2]]) if (id !== '[*]') ids.add(id as string);
    }
    assert.ok(ids.size >= allNodes(machine).length, machine.id);
    for (const id of ids) {
      assert.match(id, /^[A-Za-z][A-Za-z0-9_]*$/);
      assert.not.ok(['root', 'note', 'class', 'state', 'style', 'as'].includes(id.toLowerCase()), id);
    }
  }
});

const root = fileURLToPath(new URL('../../', import.meta.url));

test('stale diagram files are found: changed, missing, and left by an unregistered machine', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lucien-machines-'));
  try {
    assert.is((await writeDiagrams(dir, machineDefinitions)).length, machineDefinitions.length);
    assert.equal(await staleDiagrams(dir, machineDefinitions), []);
    const post = machineDefinitions.find((d) => d.name === 'post');
    assert.ok(post);
    assert.is(await readFile(join(dir, 'post.mmd'), 'utf8'), diagramFileText(post));
    assert.ok(
      diagramFileText(post).startsWith('%% generated by npm run machines from post v1; do not edit\n'),
    );

    await writeFile(join(dir, 'post.mmd'), diagramFileText(post).replace('after 3 s', 'after 4 s'));
    await unlink(join(dir, 'interest.mmd'));
    await writeFile(join(dir, 'gone.mmd'), '%% generated by npm run machines from gone v1; do not edit\n');
    await writeFile(join(dir, 'sketch.mmd'), 'stateDiagram-v2\n  a --> b\n');
    assert.equal(await staleDiagrams(dir, machineDefinitions), [
      { file: 'post.mmd', problem: 'differs' },
      { file: 'interest.mmd', problem: 'missing' },
      { file: 'gone.mmd', problem: 'orphan' },
    ]);

    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/machines.ts', ...args], {
        cwd: root,
      });
    const failed = await run('--check', '--dir', dir).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    assert.is(failed?.code, 1);
    for (const file of ['post.mmd', 'interest.mmd', 'gone.mmd'])
      assert.ok(failed?.stderr.includes(file), file);
    assert.not.ok(failed?.stderr.includes('sketch.mmd'));

    await run('--dir', dir);
    const checked = await run('--check', '--dir', dir);
    assert.match(checked.stdout, /up to date/);
    assert.is(await readFile(join(dir, 'sketch.mmd'), 'utf8'), 'stateDiagram-v2\n  a --> b\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('docs/machines is up to date with the registered machines', async () => {
  assert.equal(await staleDiagrams(join(root, 'docs/machines'), machineDefinitions), []);
});

test.run();
