/* The Machines tab: the registry's machines, and one drawn as a statechart. */

import { devApi, getJson, machineDiagram } from './api.js';
import { renderDiagram } from './diagram.js';
import { $, h, markCurrent } from './dom.js';
import { errorText } from './status.js';
import { showTab } from './tabs.js';

export async function loadMachines() {
  const list = $('machine-list');
  try {
    const machines = await getJson(devApi('/machines'));
    list.replaceChildren(...machines.map((machine) => h('li', {}, machineItem(machine))));
  } catch (error) {
    list.replaceChildren(h('li', { class: 'error' }, `Machines could not be read: ${errorText(error)}`));
  }
}

function machineItem(machine) {
  const states = Array.isArray(machine.states) ? machine.states.length : machine.states;
  return h(
    'button',
    {
      type: 'button',
      class: 'machine-item',
      testid: 'machine-item',
      data: { machine: machine.name },
      onclick: () => openMachine(machine.name),
    },
    h('span', { class: 'name' }, machine.name),
    h('span', { class: 'meta' }, `v${machine.version}`),
    states !== undefined ? h('span', { class: 'meta' }, `${states} states`) : null,
  );
}

async function openMachine(name) {
  showTab('machines');
  markCurrent('.machine-item', 'machine', name);
  $('machine-title').textContent = name;
  const container = $('machine-diagram');
  container.replaceChildren(h('p', { class: 'muted' }, 'drawing…'));
  try {
    await renderDiagram(container, await machineDiagram(name));
  } catch (error) {
    container.replaceChildren(h('p', { class: 'error' }, `No diagram for ${name}: ${errorText(error)}`));
  }
}
