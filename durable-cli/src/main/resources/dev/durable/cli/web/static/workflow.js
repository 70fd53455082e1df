'use strict';
// One run: its facts, actions (only if the server allows them), timeline, steps table (a page of
// PAGE_SIZE rows at a time, so 10,000 steps do not become 10,000 rows) and the selected step's value.
(() => {
  const {el, clear, getJson, postJson, time, duration, prettyJson, preview, statusBadge, showError, FINISHED} = Durable;
  const PAGE_SIZE = 100;
  const REFRESH_MS = 3000;

  const id = new URLSearchParams(location.search).get('id');
  const errorBanner = document.getElementById('error');
  const api = () => '/api/workflows/' + encodeURIComponent(id);

  let wf = null;
  let selected = null;
  let page = 0;
  let rendered = '';

  if (id === null) {
    showError(errorBanner, 'No workflow id in the address: open a workflow from the list.');
    return;
  }
  document.getElementById('wf-id').textContent = id;
  document.title = 'Durable · ' + id;
  Timeline.legend(document.getElementById('legend'));

  async function load() {
    try {
      const data = await getJson(api());
      wf = data;
      const signature = JSON.stringify([data.status, data.updatedAt, data.steps.length, data.cancelRequested,
        data.steps.length && data.steps[data.steps.length - 1].finishedAt, FINISHED.has(data.status) ? 0 : data.now]);
      if (signature !== rendered) {
        rendered = signature;
        render();
      }
      showError(errorBanner, '');
    } catch (e) {
      showError(errorBanner, 'Could not load workflow ' + id + ': ' + e.message);
    }
  }

  function render() {
    const status = document.getElementById('wf-status');
    clear(status).appendChild(statusBadge(wf.status));
    if (wf.cancelRequested && !FINISHED.has(wf.status)) status.appendChild(el('span', {class: 'note'}, 'cancel requested'));

    const lanes = new Set(wf.steps.map((s) => s.branch)).size;
    const facts = clear(document.getElementById('facts'));
    const fact = (k, v) => { if (v !== '' && v !== null) facts.append(el('dt', {}, k), el('dd', {}, v)); };
    fact('Workflow', wf.workflowName);
    fact('Method', wf.className + '.' + wf.methodName);
    fact('Started', time(wf.createdAt));
    fact(FINISHED.has(wf.status) ? 'Finished' : 'Updated', time(wf.updatedAt));
    if (FINISHED.has(wf.status)) fact('Took', duration(wf.updatedAt - wf.createdAt));
    fact('Steps', wf.steps.length.toLocaleString('en') + (lanes > 1 ? ' on ' + lanes + ' lanes' : ''));
    const sleep = [...wf.steps].reverse().find((s) => s.kind === 'sleep');
    if (wf.status === 'WAITING' && sleep && sleep.wakeAt) fact('Wakes', time(sleep.wakeAt));

    const errorBox = clear(document.getElementById('wf-error'));
    if (wf.error) errorBox.appendChild(errorView(wf.error, 'The run failed with'));
    document.getElementById('wf-args').textContent = prettyJson(wf.arguments) + cutNote(wf.arguments, wf.argumentsLength);
    document.getElementById('wf-result').textContent = wf.result === null ? '(none yet)' : prettyJson(wf.result) + cutNote(wf.result, wf.resultLength);

    renderActions();
    renderTimeline();
    renderTable();
    if (selected) {
      const again = wf.steps.find((s) => s.position === selected.position);
      if (again && JSON.stringify(again) !== JSON.stringify(selected)) select(again, false);
    }
  }

  function cutNote(text, length) {
    return text !== null && length > text.length ? '\n… (first ' + text.length.toLocaleString('en') + ' of '
      + length.toLocaleString('en') + ' characters)' : '';
  }

  function errorView(error, lead) {
    return el('div', {class: 'error-box'},
      el('div', {class: 'error-lead'}, lead),
      el('div', {class: 'error-type'}, error.type || 'an error'),
      error.message ? el('div', {class: 'error-message'}, error.message) : null);
  }

  function renderActions() {
    const box = clear(document.getElementById('actions'));
    if (!wf.actionsAllowed) return;
    const action = (name, label, enabled, hint) => el('button', {
      type: 'button', class: 'action action-' + name, id: 'action-' + name, disabled: !enabled, title: hint,
      onclick: async (e) => {
        e.currentTarget.disabled = true;
        try {
          await postJson(api() + '/' + name);
          rendered = '';
          await load();
        } catch (err) {
          showError(errorBanner, 'Could not ' + name + ' the workflow: ' + err.message);
        }
      }
    }, label);
    box.append(
      action('cancel', 'Cancel run', !FINISHED.has(wf.status) && !wf.cancelRequested,
        'Asks the run to stop at its next step or sleep; it ends CANCELLED.'),
      action('resume', 'Resume run', wf.status === 'FAILED' || wf.status === 'CANCELLED',
        'Runs it again from where it stopped: recorded steps replay, failed ones run again.'));
  }

  function renderTimeline() {
    Timeline.render(document.getElementById('timeline'), wf, (s) => select(s, true));
    Timeline.highlight(document.getElementById('timeline'), selected && selected.position);
  }

  function filteredSteps() {
    const query = document.getElementById('step-filter').value.trim().toLowerCase();
    const problems = document.getElementById('problems').checked;
    return wf.steps.filter((s) => (!query || s.name.toLowerCase().includes(query) || s.position.startsWith(query))
      && (!problems || s.status !== 'COMPLETED' || s.attempts > 1));
  }

  function renderTable() {
    const steps = filteredSteps();
    const pages = Math.max(1, Math.ceil(steps.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    const t0 = wf.steps.length ? Math.min(...wf.steps.map((s) => s.startedAt)) : 0;
    const body = clear(document.querySelector('#steps tbody'));
    for (const s of steps.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      const row = el('tr', {'data-position': s.position, tabindex: 0,
        class: (selected && selected.position === s.position ? 'selected ' : '') + 'row-' + shownStatus(s).toLowerCase()},
        el('td', {class: 'pos'}, s.position),
        el('td', {class: 'name', title: s.name}, s.name),
        el('td', {}, statusBadge(shownStatus(s))),
        el('td', {class: 'num' + (s.attempts > 1 ? ' retried-count' : '')}, s.attempts),
        el('td', {class: 'num'}, '+' + duration(s.startedAt - t0)),
        el('td', {class: 'num'}, s.finishedAt === null ? '' : duration(s.finishedAt - s.startedAt)),
        el('td', {class: 'value'}, s.error ? preview([s.error.type, s.error.message].filter(Boolean).join(': '), 140)
          : s.kind === 'sleep' && s.wakeAt ? 'until ' + time(s.wakeAt) : preview(s.output, 140)));
      row.addEventListener('click', () => select(s, true));
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter') select(s, true); });
      body.appendChild(row);
    }
    document.getElementById('step-count').textContent = steps.length === wf.steps.length
      ? '(' + wf.steps.length.toLocaleString('en') + ')'
      : '(' + steps.length.toLocaleString('en') + ' of ' + wf.steps.length.toLocaleString('en') + ')';
    const pager = clear(document.getElementById('pager'));
    if (pages > 1) {
      pager.append(
        el('button', {type: 'button', id: 'prev', disabled: page === 0, onclick: () => { page--; renderTable(); }}, '← Previous'),
        el('span', {class: 'page-info'}, (page * PAGE_SIZE + 1).toLocaleString('en') + '–'
          + Math.min(steps.length, (page + 1) * PAGE_SIZE).toLocaleString('en') + ' of ' + steps.length.toLocaleString('en')),
        el('button', {type: 'button', id: 'next', disabled: page >= pages - 1, onclick: () => { page++; renderTable(); }}, 'Next →'));
    }
  }

  /** A reopened step is a failure that ended the run (see Timeline.failed); it is shown as one. */
  function shownStatus(s) {
    return Timeline.failed(s) ? 'FAILED' : s.status;
  }

  function select(step, fromUser) {
    selected = step;
    Timeline.highlight(document.getElementById('timeline'), step.position);
    const index = filteredSteps().findIndex((s) => s.position === step.position);
    if (index >= 0 && Math.floor(index / PAGE_SIZE) !== page) page = Math.floor(index / PAGE_SIZE);
    renderTable();
    const row = document.querySelector('#steps tbody tr.selected');
    if (row && fromUser) row.scrollIntoView({block: 'nearest'});
    renderDetail(step);
  }

  function renderDetail(s) {
    const box = clear(document.getElementById('detail'));
    box.append(el('h2', {class: 'detail-name'}, s.name),
      el('div', {class: 'detail-sub'}, statusBadge(shownStatus(s)), el('span', {class: 'muted'},
        'position ' + s.position + (s.branch ? ' · branch ' + s.branch : ' · workflow'))));
    const notes = [];
    if (s.attempts > 1) notes.push('Its body ran ' + s.attempts + ' times: retried after failures, or re-executed after an interruption.');
    if (s.status === 'STARTED') notes.push('Started and not finished: it is running now, or its process stopped and it runs again when the run resumes.');
    if (s.status === 'REOPENED') notes.push('Its failure ended the run. If the run is resumed, it runs again with a fresh retry budget.');
    for (const n of notes) box.appendChild(el('p', {class: 'detail-note'}, n));
    const facts = el('dl', {class: 'facts compact'});
    const fact = (k, v) => { if (v) facts.append(el('dt', {}, k), el('dd', {}, v)); };
    fact('Started', time(s.startedAt) + '.' + String(s.startedAt % 1000).padStart(3, '0'));
    fact('Finished', s.finishedAt === null ? '' : time(s.finishedAt) + '.' + String(s.finishedAt % 1000).padStart(3, '0'));
    fact('Took', s.finishedAt === null ? '' : duration(s.finishedAt - s.startedAt));
    fact('Attempts', String(s.attempts));
    if (s.kind === 'sleep' && s.wakeAt) fact('Wakes at', time(s.wakeAt));
    box.appendChild(facts);
    if (s.error) box.appendChild(errorView(s.error, 'Failed with'));
    const label = s.error ? 'Stored error' : s.kind === 'sleep' ? 'Stored wake-up time (epoch milliseconds)'
      : s.kind === 'event' ? 'Event payload' : 'Stored result';
    box.appendChild(el('h3', {}, label));
    const pre = el('pre', {class: 'json', id: 'detail-value'}, s.output === null ? '(nothing stored yet)' : prettyJson(s.output));
    box.appendChild(pre);
    if (s.output !== null && s.outputLength > s.output.length) {
      pre.textContent = 'Loading the full value (' + s.outputLength.toLocaleString('en') + ' characters)…';
      getJson(api() + '/steps/' + encodeURIComponent(s.position))
        .then((full) => { if (selected === s) pre.textContent = prettyJson(full.output); })
        .catch((e) => { pre.textContent = prettyJson(s.output) + '\n… (could not load the rest: ' + e.message + ')'; });
    }
  }

  document.getElementById('step-filter').addEventListener('input', () => { page = 0; if (wf) renderTable(); });
  document.getElementById('problems').addEventListener('change', () => { page = 0; if (wf) renderTable(); });
  let resizing;
  window.addEventListener('resize', () => { clearTimeout(resizing); resizing = setTimeout(() => { if (wf) renderTimeline(); }, 150); });
  setInterval(() => { if (wf && !FINISHED.has(wf.status) && !document.hidden) load(); }, REFRESH_MS);
  load();
})();
