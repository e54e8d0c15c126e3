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
  box.textContent = '';
  for (const device of devices) {
    const row = element('div', null, { class: 'device' });
    const label = element('label');
    const box1 = element('input', null, { type: 'checkbox', name: 'device', value: device.id });
    label.append(box1, ` ${device.id} — ${device.firmwareKey} (${device.health})`);
    row.append(label);
    for (const target of device.targets) {
      const app = element('label', null, { style: 'margin-left: 2rem' });
      const box2 = element('input', null, {
        type: 'checkbox',
        name: 'target',
        value: target.app,
        'data-device': device.id,
        checked: '',
      });
      app.append(box2, ` ${target.app} (${target.kind})`);
      row.append(app);
    }
    box.append(row);
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

async function showRun(runId) {
  const run = await api(`/api/runs/${encodeURIComponent(runId)}`);
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
    const filtered = !['intact', 'inconclusive'].includes(result.verdict);
    row.append(
      element(
        'td',
        result.verdict === 'inconclusive' ? `inconclusive (${result.reason})` : result.verdict,
        {
          class: filtered
            ? 'filtered verdict'
            : result.verdict === 'inconclusive'
              ? 'inconclusive verdict'
              : 'verdict',
        },
      ),
      element('td', result.channel ?? ''),
    );
    const evidence = element('td');
    for (const url of result.evidenceUrls) {
      const link = element('a', null, { href: url });
      if (url.endsWith('.png'))
        link.append(element('img', null, { src: url, class: 'thumb', alt: 'screenshot' }));
      else link.textContent = url.endsWith('.peer.txt') ? 'peer received' : 'dom';
      evidence.append(link, ' ');
    }
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

Promise.all([loadDevices(), loadTermLists(), loadComparisons()]).catch((error) => {
  $('#form-error').textContent = error.message;
});
