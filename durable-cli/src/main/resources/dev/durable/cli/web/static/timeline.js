'use strict';
// The timeline of one run, drawn as SVG: a row ("lane") for the workflow's own steps and one per
// parallel branch (a step at "2.1" belongs to the branch forked at position 2), a bar per step from
// its start to its finish. A lane with many steps is drawn as merged bars a few pixels wide, and
// lanes past MAX_LANES share one, so that a run of 10,000 steps stays a few hundred SVG elements.
const Timeline = (() => {
  const {svg, el, clear, duration, clock, FINISHED} = Durable;
  const LABEL_W = 132;
  const PAD_R = 18;
  const AXIS_H = 30;
  const ROW_H = 34;
  const BAR_H = 20;
  const AGGREGATE_OVER = 300;
  const MIN_STEP_PX = 6;
  const BUCKET_PX = 4;
  const MAX_LANES = 40;
  const CHAR_PX = 6.6;
  const TICKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 15e3, 3e4, 6e4, 12e4, 3e5, 6e5, 9e5,
    18e5, 36e5, 72e5, 216e5, 432e5, 864e5, 1728e5, 6048e5];

  function comparePositions(a, b) {
    if (a === b) return 0;
    if (a === '') return -1;
    if (b === '') return 1;
    const x = a.split('.'), y = b.split('.');
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = Number(x[i]) - Number(y[i]);
      if (d !== 0 && !isNaN(d)) return d;
      if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
    }
    return x.length - y.length;
  }

  /**
   * Whether a step's recorded outcome is a failure. REOPENED is one too: the engine marks so a failed
   * step whose exception ended the run, because resuming the run runs it again.
   */
  function failed(s) {
    return s.status === 'FAILED' || s.status === 'REOPENED';
  }

  /** Severity of a step for merged bars: the worst one colours a merged bar. */
  function severity(s) {
    if (failed(s)) return 4;
    if (s.status === 'STARTED') return 3;
    if (s.attempts > 1) return 2;
    return s.kind === 'step' ? 1 : 0;
  }
  const SEVERITY_CLASS = ['wait', 'completed', 'retried', 'started', 'failed'];

  function stepClasses(s) {
    const classes = [failed(s) ? 'status-failed' : 'status-' + s.status.toLowerCase()];
    if (s.status === 'REOPENED') classes.push('reopened');
    if (s.attempts > 1) classes.push('retried');
    if (s.status === 'STARTED') classes.push('interrupted');
    return classes.join(' ');
  }

  function fit(text, px) {
    const max = Math.floor(px / CHAR_PX);
    if (max < 3) return '';
    return text.length <= max ? text : text.slice(0, max - 1) + '…';
  }

  function describe(s) {
    const parts = [s.name + ' (position ' + s.position + ')', s.status.toLowerCase()];
    if (s.attempts > 1) parts.push(s.attempts + ' attempts');
    if (s.finishedAt !== null) parts.push(duration(s.finishedAt - s.startedAt));
    if (s.error && (s.error.type || s.error.message)) parts.push([s.error.type, s.error.message].filter(Boolean).join(': '));
    return parts.join(' · ');
  }

  function render(container, wf, onSelect) {
    clear(container);
    const steps = wf.steps;
    if (steps.length === 0) {
      container.appendChild(el('p', {class: 'muted'}, 'No steps recorded yet.'));
      return;
    }
    const finished = FINISHED.has(wf.status);
    const endOf = (s) => s.finishedAt !== null ? s.finishedAt : (finished ? s.startedAt : Math.max(wf.now, s.startedAt));

    let t0 = Infinity, t1 = -Infinity;
    for (const s of steps) {
      t0 = Math.min(t0, s.startedAt);
      t1 = Math.max(t1, endOf(s));
    }
    if (!finished) t1 = Math.max(t1, wf.now);
    // A sleep due soon stretches the axis to its wake-up; a long one is cut at the edge with an arrow.
    for (const s of steps) {
      if (s.kind === 'sleep' && s.wakeAt && s.wakeAt > t1 && s.wakeAt - t0 <= 1.5 * Math.max(t1 - t0, 1)) t1 = s.wakeAt;
    }
    if (t1 - t0 < 1) t1 = t0 + 1;

    const byLane = new Map();
    for (const s of steps) {
      if (!byLane.has(s.branch)) byLane.set(s.branch, []);
      byLane.get(s.branch).push(s);
    }
    let keys = [...byLane.keys()].sort(comparePositions);
    const lanes = keys.map((k) => ({key: k, label: k === '' ? 'workflow' : 'branch ' + k, steps: byLane.get(k)}));
    if (lanes.length > MAX_LANES) {
      const rest = lanes.splice(MAX_LANES - 1);
      lanes.push({key: '*', label: '+' + rest.length + ' branches', steps: rest.flatMap((l) => l.steps), merged: true});
    }

    const width = Math.max(container.clientWidth || 900, 480);
    const plotW = width - LABEL_W - PAD_R;
    const x = (t) => LABEL_W + ((t - t0) / (t1 - t0)) * plotW;
    const height = AXIS_H + lanes.length * ROW_H + 6;
    const root = svg('svg', {
      class: 'timeline-svg', width, height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Timeline of ' + steps.length + ' steps on ' + lanes.length + ' lanes',
      'data-lanes': lanes.length, 'data-steps': steps.length
    });
    root.appendChild(svg('defs', {},
      svg('pattern', {id: 'stripes', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)'},
        svg('rect', {width: 8, height: 8, class: 'stripe-bg'}), svg('rect', {width: 4, height: 8, class: 'stripe-fg'})),
      svg('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 8, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto'},
        svg('path', {d: 'M0,0 L10,5 L0,10 z', class: 'arrow-head'}))));

    drawAxis(root, t0, t1, x, plotW, height);
    let merged = 0;
    lanes.forEach((lane, i) => {
      const y = AXIS_H + i * ROW_H;
      const g = svg('g', {class: 'lane' + (lane.merged ? ' merged' : ''), 'data-lane': lane.key});
      g.appendChild(svg('rect', {class: 'lane-bg' + (i % 2 ? ' odd' : ''), x: 0, y, width, height: ROW_H}));
      g.appendChild(svg('text', {class: 'lane-label', x: 10, y: y + ROW_H / 2 + 4},
        fit(lane.label, LABEL_W - 14), svg('title', {}, lane.label + ': ' + lane.steps.length + ' steps')));
      const barY = y + (ROW_H - BAR_H) / 2;
      if (lane.merged || lane.steps.length > Math.min(AGGREGATE_OVER, plotW / MIN_STEP_PX)) {
        drawMerged(g, lane.steps, x, barY, endOf, onSelect, plotW);
        merged++;
      } else {
        // Steps of one lane run one after another, but several can share a millisecond: each mark
        // starts after the previous one's right edge, so none hides another.
        // A branch's lane starts where it was forked.
        const maxX = LABEL_W + plotW - 3;
        let minX = lane.key === '' ? LABEL_W : x(forkedAt(lane.key, byLane, endOf, t0));
        for (const s of lane.steps) {
          const prev = minX;
          const at = (t) => Math.min(maxX, Math.max(prev, x(t)));
          minX = drawStep(g, s, at, prev, x, barY, endOf, t1, wf, onSelect) + 1;
        }
      }
      root.appendChild(g);
    });
    if (!finished && wf.now >= t0 && wf.now <= t1) {
      const nx = x(wf.now);
      root.appendChild(svg('line', {class: 'now-line', x1: nx, x2: nx, y1: AXIS_H - 4, y2: height}));
      root.appendChild(svg('text', {class: 'now-label', x: nx - 4, y: AXIS_H - 8, 'text-anchor': 'end'}, 'now'));
    }
    container.appendChild(root);
    if (merged > 0) {
      container.appendChild(el('p', {class: 'muted timeline-note'}, (merged === 1 ? 'One lane has' : merged + ' lanes have')
        + ' more steps than fit side by side: its bars are merged, darker where steps are denser, coloured by the'
        + ' worst step in them. Hover a bar for how many it holds, click it for that step; the table lists every step.'));
    }
  }

  /** When the branch at position key was forked: the end of its parent lane's last step before it. */
  function forkedAt(key, byLane, endOf, t0) {
    const dot = key.lastIndexOf('.');
    const parent = byLane.get(dot < 0 ? '' : key.slice(0, dot)) || [];
    let at = t0;
    for (const p of parent) {
      if (comparePositions(p.position, key) < 0) at = Math.max(at, endOf(p));
    }
    return at;
  }

  function drawAxis(root, t0, t1, x, plotW, height) {
    const span = t1 - t0;
    const step = TICKS.find((t) => plotW / (span / t) >= 90) || TICKS[TICKS.length - 1];
    const g = svg('g', {class: 'axis'});
    g.appendChild(svg('text', {class: 'axis-start', x: 10, y: 18}, clock(t0)));
    for (let k = 0; k * step <= span; k++) {
      const tx = x(t0 + k * step);
      g.appendChild(svg('line', {class: 'grid', x1: tx, x2: tx, y1: AXIS_H - 6, y2: height}));
      const label = k === 0 ? '0' : '+' + duration(k * step);
      // A label that would run past the right edge is left out; its grid line stays.
      if (tx + 3 + label.length * CHAR_PX <= LABEL_W + plotW + PAD_R) {
        g.appendChild(svg('text', {class: 'tick', x: tx + 3, y: 18}, label));
      }
    }
    root.appendChild(g);
  }

  function clickable(g, s, onSelect) {
    g.setAttribute('data-position', s.position);
    g.setAttribute('tabindex', '0');
    g.addEventListener('click', () => onSelect(s));
    g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(s); } });
    g.appendChild(svg('title', {}, describe(s)));
  }

  /**
   * Draws one step's mark and returns its right edge. at(t) places a start (never left of the
   * previous mark), x(t) an end.
   */
  function drawStep(g, s, at, prevX, x, y, endOf, t1, wf, onSelect) {
    if (s.kind === 'sleep') return drawSleep(g, s, at, x, y, t1, wf, onSelect);
    if (s.kind === 'event') return drawEventWait(g, s, at, x, y, endOf, onSelect);
    if (s.kind === 'value') {
      const cx = at(s.startedAt) + 6, cy = y + BAR_H / 2;
      const m = svg('g', {class: 'step-mark value'});
      m.appendChild(svg('path', {d: `M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} z`}));
      clickable(m, s, onSelect);
      g.appendChild(m);
      return cx + 6;
    }
    const x0 = at(s.startedAt);
    const w = Math.max(3, x(endOf(s)) - x0);
    const bar = svg('g', {class: 'step-mark bar ' + stepClasses(s)});
    if (s.attempts > 1 && x0 - prevX > 2) {
      // Only the latest attempt's start is stored: the time since the lane's previous mark went to
      // the earlier attempts and their backoff (or to a crash and recovery).
      bar.appendChild(svg('rect', {class: 'earlier', x: prevX, y: y + 4, width: x0 - prevX, height: BAR_H - 8, rx: 2}));
    }
    bar.appendChild(svg('rect', {class: 'attempt', x: x0, y, width: w, height: BAR_H, rx: 4}));
    let label = s.name;
    if (failed(s)) label = '✕ ' + label;
    if (s.attempts > 1) label += '  ↻' + s.attempts;
    const text = fit(label, w - 10);
    if (text) bar.appendChild(svg('text', {class: 'bar-label', x: x0 + 6, y: y + BAR_H / 2 + 4}, text));
    else if (s.attempts > 1 || failed(s)) {
      // Too narrow for its name: still say that it was retried or failed, beside the bar.
      bar.appendChild(svg('text', {class: 'bar-badge', x: x0 + w + 3, y: y + BAR_H / 2 + 4},
        failed(s) ? '✕' : '↻' + s.attempts));
    }
    clickable(bar, s, onSelect);
    g.appendChild(bar);
    return x0 + w;
  }

  function drawSleep(g, s, at, x, y, t1, wf, onSelect) {
    const x0 = at(s.startedAt);
    const wake = s.wakeAt || s.startedAt;
    const cut = wake > t1;
    const x1 = Math.max(x0 + 4, x(Math.min(wake, t1)));
    const cy = y + BAR_H / 2;
    const sleeping = !FINISHED.has(wf.status) && wake > wf.now;
    const m = svg('g', {class: 'step-mark sleep' + (sleeping ? ' sleeping' : '')});
    m.appendChild(svg('rect', {class: 'hit', x: x0, y, width: x1 - x0, height: BAR_H}));
    m.appendChild(svg('line', {class: 'wait-line', x1: x0, x2: x1, y1: cy, y2: cy, 'marker-end': cut ? 'url(#arrow)' : null}));
    m.appendChild(svg('circle', {class: 'wait-dot', cx: x0, cy, r: 4}));
    const label = (sleeping ? 'sleeping until ' : 'slept until ') + clock(wake).slice(0, 8);
    const text = fit(label, Math.max(x1 - x0 - 10, cut ? 150 : 0));
    if (text) m.appendChild(svg('text', {class: 'wait-label', x: x0 + 8, y: y - 1}, text));
    clickable(m, s, onSelect);
    g.appendChild(m);
    return x1;
  }

  function drawEventWait(g, s, at, x, y, endOf, onSelect) {
    const x0 = at(s.startedAt);
    const x1 = Math.max(x0 + 4, x(endOf(s)));
    const cy = y + BAR_H / 2;
    const waiting = s.status === 'STARTED';
    const m = svg('g', {class: 'step-mark event' + (waiting ? ' waiting' : '')});
    m.appendChild(svg('rect', {class: 'hit', x: x0, y, width: x1 - x0, height: BAR_H}));
    m.appendChild(svg('line', {class: 'wait-line', x1: x0, x2: x1, y1: cy, y2: cy}));
    m.appendChild(svg('rect', {class: 'wait-dot', x: x0 - 4, y: cy - 4, width: 8, height: 8, rx: 1}));
    const child = s.name.startsWith('Durable.awaitChild(');
    const text = fit(waiting ? (child ? 'waiting for a child' : 'waiting for an event')
      : (child ? 'child finished' : 'event received'), Math.max(x1 - x0 - 10, waiting ? 140 : 0));
    if (text) m.appendChild(svg('text', {class: 'wait-label', x: x0 + 8, y: y - 1}, text));
    clickable(m, s, onSelect);
    g.appendChild(m);
    return x1;
  }

  function drawMerged(g, steps, x, y, endOf, onSelect, plotW) {
    const buckets = Math.ceil(plotW / BUCKET_PX) + 1;
    const count = new Array(buckets).fill(0);
    const worst = new Array(buckets).fill(null);
    for (const s of steps) {
      const b0 = Math.floor((x(s.startedAt) - LABEL_W) / BUCKET_PX);
      const b1 = Math.floor((x(endOf(s)) - LABEL_W) / BUCKET_PX);
      for (let b = Math.max(0, b0); b <= Math.min(buckets - 1, b1); b++) {
        count[b]++;
        if (worst[b] === null || severity(s) > severity(worst[b])) worst[b] = s;
      }
    }
    const max = Math.max(...count);
    // Neighbouring buckets of the same severity become one bar, so a long calm stretch is one element.
    let b = 0;
    while (b < buckets) {
      if (count[b] === 0) { b++; continue; }
      const sev = severity(worst[b]);
      let e = b, n = 0, rep = worst[b];
      while (e < buckets && count[e] > 0 && severity(worst[e]) === sev) { n += count[e]; e++; }
      const density = Math.min(1, n / (e - b) / max);
      const bar = svg('g', {class: 'step-mark agg sev-' + SEVERITY_CLASS[sev]});
      bar.appendChild(svg('rect', {x: LABEL_W + b * BUCKET_PX, y, width: (e - b) * BUCKET_PX - 1, height: BAR_H, rx: 2,
        'fill-opacity': (0.45 + 0.55 * density).toFixed(2)}));
      clickable(bar, rep, onSelect);
      bar.querySelector('title').textContent = 'About ' + n + ' step spans here, merged: click for the '
        + (sev >= 2 ? 'worst' : 'first') + ' one (' + describe(rep) + ')';
      g.appendChild(bar);
      b = e;
    }
  }

  function highlight(container, position) {
    for (const node of container.querySelectorAll('.step-mark.selected')) node.classList.remove('selected');
    if (position === null) return;
    for (const node of container.querySelectorAll('.step-mark')) {
      if (node.getAttribute('data-position') === position) node.classList.add('selected');
    }
  }

  function legend(container) {
    clear(container);
    const item = (cls, label) => el('span', {class: 'legend-item'}, el('span', {class: 'swatch ' + cls}), label);
    container.append(item('sw-completed', 'completed'), item('sw-failed', 'failed'), item('sw-retried', 'retried / re-executed'), item('sw-earlier', 'earlier attempts'),
      item('sw-started', 'running or interrupted'), item('sw-sleep', 'durable sleep'), item('sw-event', 'event wait'),
      item('sw-value', 'recorded value'));
  }

  return {render, highlight, legend, comparePositions, failed};
})();
