'use strict';
// The list of runs: filters kept in the address (so a reload keeps them), counts by status, and a
// refresh every few seconds.
(() => {
  const {el, clear, getJson, time, statusBadge, showError} = Durable;
  const STATUSES = ['PENDING', 'RUNNING', 'WAITING', 'COMPLETED', 'FAILED', 'CANCELLED'];
  const REFRESH_MS = 3000;

  const params = new URLSearchParams(location.search);
  let status = params.get('status') || '';
  const nameInput = document.getElementById('name');
  const limitSelect = document.getElementById('limit');
  const auto = document.getElementById('auto');
  nameInput.value = params.get('name') || '';
  if (params.get('limit')) limitSelect.value = params.get('limit');

  let inFlight = false;

  function remember() {
    const p = new URLSearchParams();
    if (status) p.set('status', status);
    if (nameInput.value.trim()) p.set('name', nameInput.value.trim());
    if (limitSelect.value !== '100') p.set('limit', limitSelect.value);
    const query = p.toString();
    history.replaceState(null, '', query ? '?' + query : location.pathname);
  }

  async function load() {
    if (inFlight) return;
    inFlight = true;
    const p = new URLSearchParams({limit: limitSelect.value});
    if (status) p.set('status', status);
    if (nameInput.value.trim()) p.set('name', nameInput.value.trim());
    try {
      const data = await getJson('/api/workflows?' + p);
      render(data);
      showError(document.getElementById('error'), '');
      document.getElementById('updated').textContent = 'Updated ' + time(Date.now()).slice(11);
    } catch (e) {
      showError(document.getElementById('error'), 'Could not load the workflows: ' + e.message);
    } finally {
      inFlight = false;
    }
  }

  function chip(label, value, count, extraClass) {
    const active = status === value;
    return el('button', {
      type: 'button', class: 'chip ' + extraClass + (active ? ' active' : ''), 'data-status': value || 'ALL',
      'aria-pressed': active ? 'true' : 'false',
      onclick: () => { status = active && value ? '' : value; remember(); load(); }
    }, el('span', {class: 'chip-label'}, label), el('span', {class: 'chip-count'}, count.toLocaleString('en')));
  }

  function render(data) {
    document.getElementById('database').textContent = data.database;
    document.getElementById('mode').textContent = data.actionsAllowed ? 'actions allowed' : 'read-only';
    const counts = clear(document.getElementById('counts'));
    counts.appendChild(chip('All', '', data.total, 'status-all'));
    for (const s of STATUSES) {
      counts.appendChild(chip(s.toLowerCase(), s, data.counts[s] || 0, 'status-' + s.toLowerCase()));
    }
    if (data.countsCapped) {
      counts.appendChild(el('span', {class: 'muted'}, 'counts of the newest ' + data.total.toLocaleString('en') + ' runs'));
    }
    const body = clear(document.querySelector('#runs tbody'));
    for (const w of data.workflows) {
      const link = el('a', {href: '/workflow.html?id=' + encodeURIComponent(w.workflowId), title: w.workflowId}, w.workflowId);
      body.appendChild(el('tr', {'data-id': w.workflowId},
        el('td', {class: 'id'}, link),
        el('td', {class: 'name', title: w.workflowName}, w.workflowName),
        el('td', {}, statusBadge(w.status), w.cancelRequested && !Durable.FINISHED.has(w.status)
          ? el('span', {class: 'note'}, 'cancel requested') : null),
        el('td', {class: 'time'}, time(w.createdAt)),
        el('td', {class: 'time'}, time(w.updatedAt)),
        el('td', {class: 'time'}, w.status === 'WAITING' || w.status === 'PENDING' ? time(w.wakeAt) : '')));
    }
    document.getElementById('empty').hidden = data.workflows.length > 0;
  }

  let typing;
  nameInput.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => { remember(); load(); }, 250); });
  limitSelect.addEventListener('change', () => { remember(); load(); });
  setInterval(() => { if (auto.checked && !document.hidden) load(); }, REFRESH_MS);
  load();
})();
