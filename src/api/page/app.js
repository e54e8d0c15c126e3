// The testers' page: every text from the API goes in with textContent, never as markup.
'use strict';

const $ = (selector) => document.querySelector(selector);

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    ...options,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error ?? { message: `HTTP ${response.status}` };
    throw new Error(error.field ? `${error.field}: ${error.message}` : error.message);
  }
  return body;
}

async function loadDevices() {
  const devices = await api('/api/devices');
  const box = $('#devices');
  // the list is redrawn as heartbeats arrive: the tester's ticks stay where they were
  const built = box.querySelector('input') !== null;
  const ticked = new Set(
    [...box.querySelectorAll('input:checked')].map(
      (b) => `${b.name}:${b.dataset.device ?? ''}:${b.value}`,
    ),
  );
  const tick = (node, name, device, value, byDefault) => {
    if (built ? ticked.has(`${name}:${device}:${value}`) : byDefault) node.checked = true;
  };
  box.textContent = '';
  for (const device of devices) {
    const row = element('div', null, { class: 'device' });
    const label = element('label');
    const box1 = element('input', null, { type: 'checkbox', name: 'device', value: device.id });
    tick(box1, 'device', '', device.id, false);
    label.append(box1, ` ${device.id} — ${device.firmwareKey} (${deviceState(device)})`);
    row.append(label);
    if (device.registry?.why) {
      row.append(
        element('small', device.registry.why, { class: 'why', style: 'margin-left: 2rem' }),
      );
    }
    for (const target of device.targets) {
      const app = element('label', null, { style: 'margin-left: 2rem' });
      const box2 = element('input', null, {
        type: 'checkbox',
        name: 'target',
        value: target.app,
        'data-device': device.id,
      });
      tick(box2, 'target', device.id, target.app, true);
      app.append(box2, ` ${target.app} (${target.kind})`);
      row.append(app);
    }
    box.append(row);
  }
}

/** `busy on host-a, 80 % battery`: the registry's word when a farm host reports the phone. */
function deviceState(device) {
  const seen = device.registry;
  if (!seen) return device.health;
  const battery = seen.battery ? `, ${seen.battery.level} % battery` : '';
  return `${device.health} on ${seen.host}${battery}`;
}

async function loadHosts() {
  const { hosts } = await api('/api/registry');
  const list = $('#hosts');
  list.textContent = '';
  if (hosts.length === 0) list.append(element('li', 'no farm host has sent a heartbeat'));
  for (const host of hosts) {
    list.append(
      element(
        'li',
        `${host.host}: ${host.status}, ${host.phones} phone(s), last heartbeat ${host.lastHeartbeat}`,
      ),
    );
  }
}

async function loadTermLists() {
  const lists = await api('/api/term-lists');
  for (const list of lists) {
    $('#term-list').append(
      element('option', `${list.name} (${list.terms} terms)`, { value: list.file }),
    );
  }
}

async function loadComparisons() {
  const { comparisons } = await api('/api/reports');
  const list = $('#comparisons');
  list.textContent = '';
  for (const comparison of comparisons) {
    const item = element('li');
    const link = element(
      'a',
      `${comparison.kind}: ${comparison.before.firmwareKey} → ${comparison.after.firmwareKey}`,
      {
        href: comparison.html,
      },
    );
    item.append(
      link,
      ` — ${comparison.counts.newFindings} new, ${comparison.counts.goneFindings} gone`,
    );
    list.append(item);
  }
}

function checkBody() {
  const devices = [...document.querySelectorAll('input[name=device]:checked')].map((b) => b.value);
  const targets = [
    ...new Set(
      [...document.querySelectorAll('input[name=target]:checked')]
        .filter((b) => devices.length === 0 || devices.includes(b.dataset.device))
        .map((b) => b.value),
    ),
  ];
  const body = { devices, targets };
  const termList = $('#term-list').value;
  if (termList) body.termList = termList;
  else {
    const language = $('#language').value.trim() || 'und';
    body.terms = $('#terms')
      .value.split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .map((text) => ({ text, language }));
  }
  return body;
}

/** Rows of the matrix on one page; a run of thousands of terms is paged. */
const MATRIX_PAGE_ROWS = 100;
/** Above this many terms the matrix starts filtered to findings and inconclusive. */
const FILTER_FROM_TERMS = 100;
const matrixView = { results: [], page: 0, filterSet: false };

const appOf = (r) => (r.direction ? `${r.target} › ${r.direction}` : r.target);
const columnOf = (r) => `${r.deviceId}|${appOf(r)}`;
const verdictText = (r) =>
  r.verdict === 'inconclusive' ? `inconclusive (${r.reason})` : r.verdict;
const verdictClass = (r) =>
  r.verdict === 'inconclusive'
    ? 'inconclusive verdict'
    : r.verdict === 'intact'
      ? 'verdict'
      : 'filtered verdict';

function evidenceLinks(result) {
  const links = [];
  for (const url of result.evidenceUrls) {
    const link = element('a', null, { href: url });
    if (url.endsWith('.png'))
      link.append(element('img', null, { src: url, class: 'thumb', alt: 'screenshot' }));
    else link.textContent = url.endsWith('.peer.txt') ? 'peer received' : 'dom';
    links.push(link, ' ');
  }
  return links;
}

/**
 * The check as a matrix: a row per term, a column per phone and app, each cell the term's verdict
 * with its evidence and, folded, its control; each column's run checks (truism, positive control)
 * under its header.
 */
function renderMatrix() {
  const { results } = matrixView;
  const terms = results.filter((r) => r.role === 'term');
  const columns = [...new Set(terms.map(columnOf))].sort();
  const rows = new Map();
  for (const r of terms) {
    const key = `${r.language}\u0000${r.term}`;
    if (!rows.has(key)) rows.set(key, { term: r.term, language: r.language, cells: new Map() });
    rows.get(key).cells.set(columnOf(r), r);
  }
  const controls = new Map(
    results
      .filter((r) => r.role === 'control')
      .map((r) => [`${columnOf(r)}\u0000${r.controlOf}`, r]),
  );
  const checks = results.filter((r) => r.role === 'truism' || r.role === 'positive-control');
  const only = $('#findings-only');
  if (!matrixView.filterSet) {
    only.checked = rows.size > FILTER_FROM_TERMS;
    matrixView.filterSet = true;
  }
  const shown = [...rows.values()].filter(
    (row) => !only.checked || [...row.cells.values()].some((r) => r.verdict !== 'intact'),
  );
  const pages = Math.max(1, Math.ceil(shown.length / MATRIX_PAGE_ROWS));
  matrixView.page = Math.min(matrixView.page, pages - 1);
  $('#matrix-count').textContent = `${shown.length} of ${rows.size} terms`;
  $('#page-no').textContent = `page ${matrixView.page + 1} of ${pages}`;
  $('#prev').disabled = matrixView.page === 0;
  $('#next').disabled = matrixView.page >= pages - 1;

  const head = element('tr');
  head.append(element('th', 'term'));
  for (const column of columns) {
    const [deviceId, app] = column.split('|');
    const th = element('th', `${deviceId} · ${app}`, { 'data-column': column });
    for (const check of checks.filter(
      (c) => c.deviceId === deviceId && (c.target === app || appOf(c) === app),
    )) {
      th.append(element('small', `${check.role}: ${verdictText(check)}`));
    }
    head.append(th);
  }
  $('#matrix thead').replaceChildren(head);
  const body = $('#matrix tbody');
  body.replaceChildren();
  const start = matrixView.page * MATRIX_PAGE_ROWS;
  for (const row of shown.slice(start, start + MATRIX_PAGE_ROWS)) {
    const tr = element('tr');
    tr.append(element('td', row.term, { lang: row.language, class: 'term' }));
    for (const column of columns) {
      const result = row.cells.get(column);
      if (!result) {
        tr.append(element('td', 'not probed', { class: 'none', 'data-column': column }));
        continue;
      }
      const td = element('td', null, { class: verdictClass(result), 'data-column': column });
      td.append(element('span', verdictText(result)));
      if (result.channel) td.append(element('small', `on ${result.channel}`));
      td.append(...evidenceLinks(result));
      const control = controls.get(`${column}\u0000${result.termId}`);
      const guard = element('details');
      guard.append(element('summary', 'control'));
      guard.append(
        element(
          'small',
          control
            ? `${control.term}: ${verdictText(control)}`
            : result.clearedBy
              ? `cleared in group probe ${result.clearedBy.probeId}`
              : 'no control recorded',
        ),
      );
      if (result.detail) guard.append(element('small', result.detail));
      td.append(guard);
      tr.append(td);
    }
    body.append(tr);
  }
}

$('#findings-only').addEventListener('change', () => {
  matrixView.page = 0;
  renderMatrix();
});
$('#prev').addEventListener('click', () => {
  matrixView.page -= 1;
  renderMatrix();
});
$('#next').addEventListener('click', () => {
  matrixView.page += 1;
  renderMatrix();
});

async function showRun(runId) {
  const run = await api(`/api/runs/${encodeURIComponent(runId)}`);
  $('#started-by').textContent = run.run.startedBy ? `started by ${run.run.startedBy}` : '';
  matrixView.results = run.results;
  renderMatrix();
  const body = $('#verdicts tbody');
  body.textContent = '';
  for (const result of run.results) {
    const row = element('tr', null, { 'data-probe': result.probeId });
    row.append(
      element('td', result.term, { lang: result.language, class: 'term' }),
      element('td', result.deviceId),
      element('td', result.direction ? `${result.target} › ${result.direction}` : result.target),
      element('td', result.role),
    );
    row.append(
      element('td', verdictText(result), { class: verdictClass(result) }),
      element('td', result.channel ?? ''),
    );
    const evidence = element('td');
    evidence.append(...evidenceLinks(result));
    row.append(evidence);
    body.append(row);
  }
  const reports = $('#reports');
  reports.textContent = '';
  for (const row of run.summary) {
    const link = element('a', `Allure report: ${row.firmwareKey}`, { href: row.report });
    reports.append(link, element('br'));
  }
  return run;
}

function followRun(runId, planned) {
  $('#run').hidden = false;
  $('#run-id').textContent = runId;
  $('#run-status').textContent = 'running';
  const events = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
  const update = (event) => {
    const progress = JSON.parse(event.data);
    $('#progress-bar').max = progress.planned || planned || 1;
    $('#progress-bar').value = progress.done;
    $('#progress-text').textContent =
      `${progress.done}/${progress.planned} probes · findings ${progress.findings} · inconclusive ${progress.inconclusive}`;
  };
  events.addEventListener('progress', (event) => {
    update(event);
    showRun(runId).catch(() => undefined);
  });
  events.addEventListener('finished', async (event) => {
    update(event);
    events.close();
    await showRun(runId);
    await loadComparisons();
    $('#run-status').textContent = 'finished';
  });
}

$('#check-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('#form-error').textContent = '';
  try {
    const started = await api('/api/checks', { method: 'POST', body: JSON.stringify(checkBody()) });
    followRun(started.runId, started.plannedProbes);
  } catch (error) {
    $('#form-error').textContent = error.message;
  }
});

/** The registry shows a phone offline within one heartbeat; the page asks as often. */
const REGISTRY_REFRESH_MS = 10 * 1000;
setInterval(() => {
  Promise.all([loadDevices(), loadHosts()]).catch(() => undefined);
}, REGISTRY_REFRESH_MS);

/** A viewer's token reads: the page says so instead of offering a check it would refuse. */
async function loadWhoami() {
  const me = await api('/api/whoami');
  $('#whoami').textContent = me.name ? `signed in as ${me.name} (${me.role})` : '';
  if (me.role === 'viewer') {
    $('#start').disabled = true;
    $('#form-error').textContent = 'a viewer reads results: starting a check needs a tester token';
  }
}

Promise.all([loadWhoami(), loadDevices(), loadHosts(), loadTermLists(), loadComparisons()]).catch(
  (error) => {
    $('#form-error').textContent = error.message;
  },
);
