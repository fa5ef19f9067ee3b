// The dashboard's pages. Each renders into `page` and keeps itself current with every() (the server's stream of
// transitions, and a slow timer) or follow().
import { api, el, every, follow, me } from './app.js';

const SVG = 'http://www.w3.org/2000/svg';
const FINAL = ['succeeded', 'failed', 'cancelled'];
const ACTIVE = ['admitted', 'dispatched', 'running', 'preempted'];
const TIERS = ['in-house', 'specialized', 'hyperscaler'];

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces the children of node, skipping null and false, flattening lists. */
function put(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
}

const int = n => Math.round(n).toLocaleString('en-US');
const dec = (n, d = 1) => Number(n).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
export function money(n) {
  const a = Math.abs(n);
  if (a >= 1e9) return '$' + dec(n / 1e9, 2) + 'B';
  if (a >= 1e6) return '$' + dec(n / 1e6, 2) + 'M';
  if (a >= 1e4) return '$' + dec(n / 1e3, 1) + 'k';
  return '$' + dec(n, 2);
}
const pct = f => (f * 100).toFixed(f < 0.1 && f > 0 ? 1 : 0) + '%';
const tierLabel = t => String(t || '').toLowerCase().replace(/_/g, '-');
const when = t => t ? new Date(t).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' }) : '';
function since(t) {
  if (!t) return '';
  const s = Math.max(0, (Date.now() - new Date(t).getTime()) / 1000);
  if (s < 60) return Math.round(s) + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 86400) return dec(s / 3600, 1) + ' h ago';
  return dec(s / 86400, 1) + ' d ago';
}
const badge = st => el('span', { class: 'badge st-' + st, 'data-state': st }, st);
const heat = f => `hsl(${Math.round(140 - 140 * Math.min(1, f))} 70% ${Math.round(93 - 30 * Math.min(1, f))}%)`;

function header(title, ...extra) {
  return el('div', { class: 'page-head' }, el('h1', {}, title), ...extra);
}

function table(caption, columns, rows, attrs = {}) {
  return el('table', attrs,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, columns.map(c => el('th', { scope: 'col', class: c.num ? 'num' : null }, c.label || c)))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: columns.length, class: 'empty' }, 'None'))));
}

/** A horizontal bar: used of total, with a tick at committed. */
function usageBar(used, total, committed, label) {
  const w = 180, h = 14;
  const f = total > 0 ? Math.min(1, used / total) : 0;
  const c = total > 0 ? Math.min(1, committed / total) : 0;
  return svg('svg', { width: w, height: h, viewBox: `0 0 ${w} ${h}`, role: 'img', 'aria-label': label, class: 'bar' },
    svg('title', {}, label),
    svg('rect', { x: 0, y: 0, width: w, height: h, rx: 3, class: 'bar-bg' }),
    svg('rect', { x: 0, y: 0, width: Math.max(f > 0 ? 2 : 0, w * f), height: h, rx: 3, fill: heat(f) , class: 'bar-used' }),
    committed > 0 ? svg('line', { x1: w * c, x2: w * c, y1: -1, y2: h + 1, class: 'bar-commit' }) : null);
}

// ---------------------------------------------------------------- Fleet

async function fleet(page) {
  const summary = el('div', { class: 'cards', id: 'fleet-summary' });
  const heatmap = el('section', { id: 'heatmap', 'aria-labelledby': 'heatmap-h' });
  const pools = el('section', { id: 'pools', 'aria-labelledby': 'pools-h' });
  page.append(header('Fleet'), summary, heatmap, pools);
  const layout = await api('/api/v1/fleet/pools');
  await every(10000, async () => {
    const usage = new Map((await api('/api/v1/pools')).map(u => [u.pool, u]));
    const rows = layout.map(p => Object.assign({ usedGpus: 0, upGpus: 0, committedGpus: 0, healthy: true }, p, usage.get(p.pool) || {}));
    renderFleetSummary(summary, rows);
    renderHeatmap(heatmap, rows);
    renderPools(pools, rows);
  }, page);
}

function renderFleetSummary(box, rows) {
  const sum = k => rows.reduce((a, r) => a + r[k], 0);
  const committedPools = rows.filter(r => r.committedGpus > 0);
  const committedUsed = committedPools.reduce((a, r) => a + Math.min(r.usedGpus, r.committedGpus), 0);
  const committed = sum('committedGpus');
  const clusters = new Map();
  rows.forEach(r => clusters.set(r.cluster, (clusters.get(r.cluster) ?? true) && r.healthy));
  const unhealthy = [...clusters.values()].filter(h => !h).length;
  put(box, 
    card('GPUs in use', int(sum('usedGpus')), 'of ' + int(sum('upGpus')) + ' up', 'used'),
    card('Free GPUs', int(sum('upGpus') - sum('usedGpus')), 'ready now', 'free'),
    card('Committed GPUs in use', int(committedUsed), 'of ' + int(committed) + ' committed (' + (committed ? pct(committedUsed / committed) : '–') + ')', 'committed'),
    card('Clusters', int(clusters.size), unhealthy ? unhealthy + ' unhealthy' : 'all healthy', 'clusters', unhealthy ? 'bad' : 'good'));
}

function card(title, value, note, id, tone) {
  return el('div', { class: 'card' + (tone ? ' ' + tone : ''), id: 'card-' + id },
    el('div', { class: 'card-title' }, title), el('div', { class: 'card-value' }, value), el('div', { class: 'card-note' }, note));
}

function renderHeatmap(box, rows) {
  const accelerators = [...new Set(rows.map(r => r.accelerator))];
  const cell = (acc, tier) => {
    const rs = rows.filter(r => r.accelerator === acc && r.tier === tier);
    if (!rs.length) return el('td', { class: 'heat none' }, '–');
    const used = rs.reduce((a, r) => a + r.usedGpus, 0), up = rs.reduce((a, r) => a + r.upGpus, 0);
    const f = up ? used / up : 0;
    return el('td', { class: 'heat', style: `background:${heat(f)}`, title: `${acc} in ${tierLabel(tier)}: ${int(used)} of ${int(up)} GPUs used` },
      el('strong', {}, int(used)), ' / ' + int(up), el('br'), el('small', {}, int(up - used) + ' free'));
  };
  put(box, el('h2', { id: 'heatmap-h' }, 'Used / up GPUs by accelerator and tier'),
    table('Each cell: GPUs in use of GPUs up; the darker, the fuller.',
      ['Accelerator', ...TIERS.map(t => ({ label: tierLabel(t) }))],
      accelerators.map(a => el('tr', {}, el('th', { scope: 'row' }, a), TIERS.map(t => cell(a, t)))), { class: 'heatmap' }));
}

function renderPools(box, rows) {
  const body = [];
  for (const tier of TIERS) {
    const inTier = rows.filter(r => r.tier === tier);
    if (!inTier.length) continue;
    body.push(el('tr', { class: 'group tier' }, el('th', { colspan: 8, scope: 'rowgroup' }, 'Tier: ' + tierLabel(tier))));
    for (const provider of [...new Set(inTier.map(r => r.provider))]) {
      for (const cluster of [...new Set(inTier.filter(r => r.provider === provider).map(r => r.cluster))]) {
        const rs = inTier.filter(r => r.cluster === cluster);
        const healthy = rs.every(r => r.healthy);
        body.push(el('tr', { class: 'group cluster', 'data-cluster': cluster },
          el('th', { colspan: 7, scope: 'rowgroup' }, provider + ' › ' + cluster + ' (' + rs[0].region + ')'),
          el('td', {}, el('span', { class: 'health ' + (healthy ? 'good' : 'bad') }, healthy ? 'healthy' : 'unhealthy'))));
        for (const r of rs) {
          const label = `${r.pool}: ${int(r.usedGpus)} of ${int(r.upGpus)} GPUs used` + (r.committedGpus ? `, ${int(r.committedGpus)} committed` : '');
          body.push(el('tr', { 'data-pool': r.pool, 'data-used': r.usedGpus },
            el('td', {}, r.pool.split('/')[1], r.spot ? el('span', { class: 'tag' }, 'spot') : null, r.elastic ? el('span', { class: 'tag' }, 'on demand') : null),
            el('td', {}, r.accelerator),
            el('td', { class: 'num used' }, int(r.usedGpus)),
            el('td', { class: 'num' }, int(r.upGpus - r.usedGpus)),
            el('td', { class: 'num' }, int(r.upGpus)),
            el('td', { class: 'num' }, r.committedGpus ? int(r.committedGpus) : '–'),
            el('td', {}, usageBar(r.usedGpus, r.upGpus, r.committedGpus, label)),
            el('td', {}, el('span', { class: 'health ' + (r.healthy ? 'good' : 'bad') }, r.healthy ? 'ok' : 'down'))));
        }
      }
    }
  }
  put(box, el('h2', { id: 'pools-h' }, 'Pools by tier, provider and cluster'),
    table('GPUs used, free, up and committed in each pool; the bar’s tick marks the committed GPUs.',
      ['Pool', 'Accelerator', { label: 'Used', num: 1 }, { label: 'Free', num: 1 }, { label: 'Up', num: 1 }, { label: 'Committed', num: 1 }, 'Usage', 'Health'], body, { class: 'pools' }));
}

// ---------------------------------------------------------------- Queue and workloads

async function workloads(page, rest) {
  if (rest[0]) return workload(page, rest[0]);
  const who = me();
  const filters = el('form', { class: 'filters', id: 'filters', 'aria-label': 'Filters', onsubmit: e => e.preventDefault() });
  const teamSelect = el('select', { id: 'f-team', name: 'team' }, el('option', { value: '' }, 'all teams'));
  if (who.role === 'member') {
    put(teamSelect, el('option', { value: who.team }, who.team));
    teamSelect.disabled = true;
  } else {
    for (const t of await api('/api/v1/teams')) teamSelect.append(el('option', { value: t.name }, t.name));
  }
  const kindSelect = el('select', { id: 'f-kind', name: 'kind' }, ['', 'training', 'fine-tuning', 'inference', 'batch'].map(k => el('option', { value: k }, k || 'all kinds')));
  const stateSelect = el('select', { id: 'f-state', name: 'state' },
    [['', 'all states'], ['pending', 'pending'], ['running', 'running (admitted … running)'], ['finished', 'finished']].map(([v, l]) => el('option', { value: v }, l)));
  filters.append(
    el('label', { for: 'f-team' }, 'Team'), teamSelect,
    el('label', { for: 'f-kind' }, 'Kind'), kindSelect,
    el('label', { for: 'f-state' }, 'State'), stateSelect);
  const pending = el('section', { id: 'pending' }), running = el('section', { id: 'running' }), finished = el('section', { id: 'finished' });
  page.append(header('Queue and workloads'), filters, pending, running, finished);
  let refresh;
  const query = states => {
    const q = new URLSearchParams({ state: states.join(','), limit: '200' });
    if (teamSelect.value) q.set('team', teamSelect.value);
    if (kindSelect.value) q.set('kind', kindSelect.value);
    return '/api/v1/board?' + q;
  };
  refresh = async () => {
    const show = stateSelect.value;
    const team = teamSelect.value ? '?team=' + encodeURIComponent(teamSelect.value) + '&limit=1000' : '?limit=1000';
    const [p, r, f, queue] = await Promise.all([
      show === '' || show === 'pending' ? api(query(['pending'])) : null,
      show === '' || show === 'running' ? api(query(ACTIVE)) : null,
      show === '' || show === 'finished' ? api(query(FINAL)) : null,
      show === '' || show === 'pending' ? api('/api/v1/queue' + team) : null]);
    const reasons = new Map((queue || []).map((q, i) => [q.id, { verdict: q.verdict, position: i + 1 }]));
    pending.hidden = !p; running.hidden = !r; finished.hidden = !f;
    if (p && redraw(pending, [p, [...reasons]])) put(pending, el('h2', {}, 'Pending (' + p.length + ')'), table('Waiting work, in queue order, with the engine’s reason',
      ['#', 'Workload', 'Team', 'Kind', { label: 'GPUs', num: 1 }, { label: 'Priority', num: 1 }, 'Waiting since', 'Why it waits', ''],
      p.sort((a, b) => (reasons.get(a.id)?.position ?? 1e9) - (reasons.get(b.id)?.position ?? 1e9)).map(w => el('tr', { 'data-id': w.id, 'data-state': w.state },
        el('td', { class: 'num' }, reasons.get(w.id)?.position ?? ''), nameCell(w), el('td', {}, w.team), el('td', {}, w.kind),
        el('td', { class: 'num' }, int(w.gpus)), el('td', { class: 'num' }, w.priority), el('td', {}, since(w.submittedAt)),
        el('td', { class: 'reason' }, reasons.get(w.id)?.verdict || w.reason || 'waiting for the next scheduling cycle'), el('td', {}, cancelButton(w, refresh))))));
    if (r && redraw(running, r)) put(running, el('h2', {}, 'Running (' + r.length + ')'), table('Admitted, dispatched and running work: where and since when',
      ['Workload', 'Team', 'Kind', { label: 'GPUs', num: 1 }, 'State', 'Where', 'Tier', 'Since', { label: 'Cost so far', num: 1 }, ''],
      r.map(w => el('tr', { 'data-id': w.id, 'data-state': w.state },
        nameCell(w), el('td', {}, w.team), el('td', {}, w.kind), el('td', { class: 'num' }, int(w.gpus)), el('td', {}, badge(w.state)),
        el('td', {}, w.pool ? w.pool + ' (' + w.accelerator + ')' : '–'), el('td', {}, tierLabel(w.tier)),
        el('td', { title: when(w.startedAt || w.dispatchedAt || w.updatedAt) }, since(w.startedAt || w.dispatchedAt || w.updatedAt)),
        el('td', { class: 'num' }, money(w.dollars)), el('td', {}, cancelButton(w, refresh))))));
    if (f && redraw(finished, f)) put(finished, el('h2', {}, 'Finished (' + f.length + ')'), table('Succeeded, failed and cancelled work with what it cost',
      ['Workload', 'Team', 'Kind', { label: 'GPUs', num: 1 }, 'State', 'Ran on', 'Ended', { label: 'GPU-hours', num: 1 }, { label: 'Cost', num: 1 }],
      f.map(w => el('tr', { 'data-id': w.id, 'data-state': w.state },
        nameCell(w), el('td', {}, w.team), el('td', {}, w.kind), el('td', { class: 'num' }, int(w.gpus)), el('td', {}, badge(w.state)),
        el('td', {}, w.pool || '–'), el('td', { title: when(w.updatedAt) }, since(w.updatedAt)),
        el('td', { class: 'num' }, dec(w.gpuHours, 1)), el('td', { class: 'num cost' }, money(w.dollars))))));
  };
  for (const s of [teamSelect, kindSelect, stateSelect]) s.addEventListener('change', () => refresh());
  await every(10000, refresh, page);
}

/**
 * Whether a section should be drawn again: always, unless someone is on one of its links or buttons (keyboard focus
 * would be lost) and what it shows has not changed.
 */
const drawn = new WeakMap();
function redraw(section, data) {
  const signature = JSON.stringify(data);
  const focused = document.activeElement && document.activeElement !== document.body && section.contains(document.activeElement);
  if (focused && drawn.get(section) === signature) return false;
  drawn.set(section, signature);
  return true;
}

function nameCell(w) {
  return el('td', {}, el('a', { href: '#/workloads/' + encodeURIComponent(w.id) }, w.name), el('br'), el('small', { class: 'id' }, w.id));
}

function cancelButton(w, after) {
  if (FINAL.includes(w.state)) return null;
  const who = me();
  const allowed = who.role === 'admin' || (who.role === 'member' && who.team === w.team);
  return el('button', {
    type: 'button', class: 'cancel danger', 'data-cancel': w.id, disabled: !allowed,
    title: allowed ? 'Cancel ' + w.name : 'A ' + who.role + ' cannot cancel work',
    'aria-label': 'Cancel ' + w.name,
    onclick: async event => {
      event.target.disabled = true;
      try {
        await api('/api/v1/workloads/' + encodeURIComponent(w.id) + '/cancel', { method: 'POST' });
      } catch (e) {
        alertLine(event.target, 'Not cancelled: ' + e.message);
      }
      await after();
    }
  }, 'Cancel');
}

function alertLine(near, text) {
  const p = el('p', { class: 'error', role: 'alert' }, text);
  (near.closest('section') || document.getElementById('page')).prepend(p);
}

async function workload(page, id) {
  const path = '/api/v1/workloads/' + encodeURIComponent(id);
  const info = el('section', { id: 'workload-info' });
  const timeline = el('ol', { id: 'timeline', class: 'timeline', 'aria-live': 'polite', 'aria-label': 'Transitions' });
  const live = el('span', { id: 'live', class: 'live' }, 'connecting…');
  const why = el('section', { id: 'why' });
  const runs = el('section', { id: 'runs' });
  const doc = el('details', { id: 'document' });
  page.append(el('p', {}, el('a', { href: '#/workloads' }, '‹ Queue and workloads')), info,
    el('section', { 'aria-labelledby': 'timeline-h' }, el('h2', { id: 'timeline-h' }, 'Timeline ', live), timeline), why, runs, doc);
  const seen = new Set();
  const addStep = s => {
    if (seen.has(s.id)) return;
    seen.add(s.id);
    timeline.append(el('li', { 'data-to': s.to },
      el('time', { datetime: s.at }, when(s.at)), ' ', s.from ? badge(s.from) : null, s.from ? ' → ' : null, badge(s.to),
      s.reason ? el('div', { class: 'reason' }, s.reason) : null));
  };
  const load = async () => {
    const d = await api(path);
    const w = d.workload;
    const now = d.dispatches.length ? d.dispatches[d.dispatches.length - 1] : null;
    put(info, header(w.name, badge(w.state), cancelButton(w, load)),
      el('dl', { class: 'facts' },
        fact('Id', w.id), fact('Team', w.team), fact('Kind', w.kind), fact('GPUs', int(w.gpus)), fact('Priority', w.priority),
        fact('Submitted', when(w.submittedAt) + ' by ' + w.submittedBy),
        now ? fact('Where', now.pool + ' · ' + now.accelerator + ' · ' + tierLabel(now.tier) + ' · ' + now.provider) : null,
        now ? fact('Since', when(now.startedAt || now.dispatchedAt)) : null,
        fact('Cost', money(d.dollars))));
    const c = info.querySelector('[data-cancel]');
    if (c) c.id = 'cancel';
    d.history.forEach(addStep);
    put(runs, el('h2', {}, 'Dispatches'), table('Each attempt to run it and what it cost',
      ['Attempt', 'Pool', 'Accelerator', 'Tier', { label: 'GPUs', num: 1 }, { label: '$/GPU-hour', num: 1 }, 'Started', 'Ended', 'Outcome'],
      d.dispatches.map(p => el('tr', {}, el('td', {}, p.attempt), el('td', {}, p.pool), el('td', {}, p.accelerator), el('td', {}, tierLabel(p.tier)),
        el('td', { class: 'num' }, int(p.gpus)), el('td', { class: 'num' }, money(p.pricePerGpuHour)) , el('td', {}, when(p.startedAt)), el('td', {}, when(p.endedAt)), el('td', {}, p.outcome || '')))));
    put(doc, el('summary', {}, 'Document'), el('pre', {}, d.document));
    const y = await api(path + '/why');
    put(why, el('h2', {}, 'Why'), y.verdict ? el('p', {}, y.verdict) : null, el('ul', {}, y.explanation.map(x => el('li', {}, x))));
    return w;
  };
  const w = await load();
  if (FINAL.includes(w.state)) {
    live.textContent = 'ended';
    return;
  }
  follow(path + '/events', (name, data) => {
    if (name !== 'transition') return;
    addStep(JSON.parse(data));
    load().catch(() => {});
  }, () => { live.textContent = 'live'; live.classList.add('on'); }, page).then(() => { live.textContent = 'ended'; live.classList.remove('on'); load().catch(() => {}); },
    () => { live.textContent = 'disconnected'; live.classList.remove('on'); });
}

const fact = (k, v) => [el('dt', {}, k), el('dd', {}, v)];

// ---------------------------------------------------------------- Contracts

async function contracts(page) {
  const list = el('div', { id: 'contracts', class: 'contracts' });
  page.append(header('Contracts'), el('p', { class: 'lede' }, 'Committed capacity is paid whether used or not. Each chart runs over the whole term: the committed GPU-hours accrue along the grey line, the used ones along the blue; the gap to date is idle committed capacity.'), list);
  await every(30000, async () => {
    const all = await api('/api/v1/contracts');
    put(list, ...(all.length ? all.map(contractCard) : [el('p', {}, 'The fleet has no contracts.')]));
  }, page);
}

function contractCard(b) {
  const start = new Date(b.start).getTime(), end = new Date(b.end).getTime(), now = Math.min(end, Math.max(start, Date.now()));
  const W = 560, H = 200, L = 70, R = 12, T = 12, B = 28;
  const x = t => L + (W - L - R) * (t - start) / (end - start);
  const y = v => H - B - (H - B - T) * v / b.termGpuHours;
  const usedDollars = Math.min(b.usedGpuHoursToDate, b.committedGpuHoursToDate) * b.pricePerGpuHour;
  const years = [];
  for (let yr = new Date(b.start).getUTCFullYear() + 1; Date.UTC(yr, 0, 1) < end; yr++) years.push(Date.UTC(yr, 0, 1));
  const label = `${b.contract}: ${int(b.usedGpuHoursToDate)} of ${int(b.committedGpuHoursToDate)} committed GPU-hours used to date (${pct(b.utilization)}), ${money(b.idleCommittedDollarsToDate)} idle`;
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'burndown', role: 'img', 'aria-label': label },
    svg('title', {}, label),
    svg('rect', { x: L, y: T, width: W - L - R, height: H - T - B, class: 'plot' }),
    [0, 0.5, 1].map(f => [svg('line', { x1: L, x2: W - R, y1: y(f * b.termGpuHours), y2: y(f * b.termGpuHours), class: 'grid' }),
      svg('text', { x: L - 6, y: y(f * b.termGpuHours) + 4, 'text-anchor': 'end', class: 'axis' }, shortNumber(f * b.termGpuHours))]),
    years.map(t => [svg('line', { x1: x(t), x2: x(t), y1: T, y2: H - B, class: 'grid' }),
      svg('text', { x: x(t), y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, new Date(t).getUTCFullYear())]),
    svg('line', { x1: x(start), y1: y(0), x2: x(end), y2: y(b.termGpuHours), class: 'committed-line' }),
    svg('polygon', { points: `${x(start)},${y(0)} ${x(now)},${y(b.committedGpuHoursToDate)} ${x(now)},${y(Math.min(b.usedGpuHoursToDate, b.termGpuHours))}`, class: 'idle-area' }),
    svg('line', { x1: x(start), y1: y(0), x2: x(now), y2: y(Math.min(b.usedGpuHoursToDate, b.termGpuHours)), class: 'used-line' }),
    svg('line', { x1: x(now), x2: x(now), y1: T, y2: H - B, class: 'now' }),
    svg('text', { x: x(now) + 4, y: T + 12, class: 'axis' }, 'today'),
    svg('text', { x: 4, y: T + (H - T - B) / 2, class: 'axis', transform: `rotate(-90 10 ${T + (H - T - B) / 2})`, 'text-anchor': 'middle' }, 'GPU-hours'));
  return el('article', { class: 'contract card', 'data-contract': b.contract, 'aria-labelledby': 'c-' + b.contract },
    el('h2', { id: 'c-' + b.contract }, b.contract, ' ', el('small', {}, b.pool + ' · ' + int(b.gpus) + ' GPUs at ' + money(b.pricePerGpuHour) + '/GPU-hour · ' + b.start.slice(0, 10) + ' to ' + new Date(end - 86400000).toISOString().slice(0, 10))),
    el('div', { class: 'contract-body' }, chart,
    el('dl', { class: 'facts burn' },
      fact('Committed GPU-hours to date', int(b.committedGpuHoursToDate) + ' of ' + int(b.termGpuHours) + ' over the term'),
      fact('Used GPU-hours to date', int(b.usedGpuHoursToDate)),
      fact('Utilization to date', el('span', { class: 'utilization' }, pct(b.utilization))),
      fact('Committed dollars to date', money(b.committedDollarsToDate) + ' of ' + money(b.termGpuHours * b.pricePerGpuHour)),
      fact('Used committed dollars', money(usedDollars)),
      fact('Idle committed dollars to date', el('strong', { class: 'idle' }, money(b.idleCommittedDollarsToDate))))));
}

function shortNumber(n) {
  if (n >= 1e9) return dec(n / 1e9, 1) + 'B';
  if (n >= 1e6) return dec(n / 1e6, 1) + 'M';
  if (n >= 1e3) return dec(n / 1e3, 0) + 'k';
  return int(n);
}

// ---------------------------------------------------------------- Cost

const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

async function cost(page) {
  const by = el('select', { id: 'cost-by' }, ['team', 'provider', 'tier'].map(b => el('option', { value: b }, b)));
  const days = el('select', { id: 'cost-days' }, [['7', 'last 7 days'], ['30', 'last 30 days'], ['90', 'last 90 days'], ['', 'all time']].map(([v, l]) => el('option', { value: v }, l)));
  days.value = '30';
  const body = el('div', { id: 'cost' });
  page.append(header('Cost'), el('form', { class: 'filters', onsubmit: e => e.preventDefault() },
    el('label', { for: 'cost-by' }, 'Group by'), by, el('label', { for: 'cost-days' }, 'Period'), days), body);
  const refresh = async () => {
    const from = days.value ? new Date(Date.now() - Number(days.value) * 86400000).toISOString().slice(0, 10) + 'T00:00:00Z' : null;
    const q = '?by=' + by.value + (from ? '&from=' + from : '');
    const daily = await api('/api/v1/cost/daily' + q);
    renderCost(body, by.value, daily.days, from, daily.team);
  };
  by.addEventListener('change', refresh);
  days.addEventListener('change', refresh);
  await every(30000, refresh, page);
}

function renderCost(box, by, days, from, team) {
  const keyOf = d => by === 'tier' ? tierLabel(d.key) : d.key;
  const totals = new Map();
  for (const d of days) {
    const t = totals.get(keyOf(d)) || { key: keyOf(d), dollars: 0, gpuHours: 0, useful: 0 };
    t.dollars += d.dollars; t.gpuHours += d.gpuHours; t.useful += d.usefulGpuHours;
    totals.set(t.key, t);
  }
  const groups = [...totals.values()].sort((a, b) => b.dollars - a.dollars);
  const color = new Map(groups.map((g, i) => [g.key, PALETTE[i % PALETTE.length]]));
  const all = groups.reduce((a, g) => ({ dollars: a.dollars + g.dollars, gpuHours: a.gpuHours + g.gpuHours, useful: a.useful + g.useful }), { dollars: 0, gpuHours: 0, useful: 0 });
  const perUseful = g => g.useful > 0 ? money(g.dollars / g.useful) : '–';
  put(box, 
    el('div', { class: 'cards' },
      card('Spent', money(all.dollars), (team ? 'by ' + team + ', ' : '') + (from ? 'since ' + from.slice(0, 10) : 'all time'), 'spent'),
      card('GPU-hours', int(all.gpuHours), int(all.useful) + ' of them useful (work that succeeded)', 'gpu-hours'),
      card('Cost per useful GPU-hour', perUseful(all), 'all spending over the GPU-hours of work that succeeded', 'per-useful')),
    el('section', { 'aria-labelledby': 'cost-chart-h' }, el('h2', { id: 'cost-chart-h' }, 'Dollars per day by ' + by), costChart(days, keyOf, color, from),
      el('ul', { class: 'legend' }, groups.map(g => el('li', {}, el('span', { class: 'swatch', style: 'background:' + color.get(g.key) }), g.key)))),
    el('section', {}, el('h2', {}, 'By ' + by), table('Cost, GPU-hours and cost per useful GPU-hour of each ' + by,
      [by[0].toUpperCase() + by.slice(1), { label: 'Dollars', num: 1 }, { label: 'Share', num: 1 }, { label: 'GPU-hours', num: 1 }, { label: 'Useful GPU-hours', num: 1 }, { label: '$ per useful GPU-hour', num: 1 }],
      groups.map(g => el('tr', { 'data-key': g.key }, el('td', {}, el('span', { class: 'swatch', style: 'background:' + color.get(g.key) }), g.key),
        el('td', { class: 'num' }, money(g.dollars)), el('td', { class: 'num' }, all.dollars ? pct(g.dollars / all.dollars) : '–'),
        el('td', { class: 'num' }, dec(g.gpuHours, 1)), el('td', { class: 'num' }, dec(g.useful, 1)), el('td', { class: 'num' }, perUseful(g)))))));
}

function costChart(days, keyOf, color, from) {
  const seen = [...new Set(days.map(d => d.day))].sort();
  const W = 720, H = 220, L = 64, R = 10, T = 10, B = 30;
  if (!seen.length) return el('p', { class: 'empty' }, 'No runs have ended in this period yet.');
  // Every day of the period, the empty ones too, so that the axis is time.
  const dates = [];
  const first = from ? from.slice(0, 10) : seen[0], today = new Date().toISOString().slice(0, 10);
  for (let t = Date.parse(first + 'T00:00:00Z'); dates.length < 400; t += 86400000) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (day > today && day > seen[seen.length - 1]) break;
    dates.push(day);
  }
  const perDay = dates.map(day => days.filter(d => d.day === day));
  const max = Math.max(...perDay.map(ds => ds.reduce((a, d) => a + d.dollars, 0)), 1e-9);
  const slot = (W - L - R) / dates.length, bw = Math.max(4, Math.min(48, slot * 0.7));
  const y = v => H - B - (H - B - T) * v / max;
  const label = 'Dollars per day, stacked by group, ' + dates[0] + ' to ' + dates[dates.length - 1];
  return svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'cost-chart', role: 'img', 'aria-label': label },
    svg('title', {}, label),
    [0, 0.5, 1].map(f => [svg('line', { x1: L, x2: W - R, y1: y(f * max), y2: y(f * max), class: 'grid' }),
      svg('text', { x: L - 6, y: y(f * max) + 4, 'text-anchor': 'end', class: 'axis' }, money(f * max))]),
    perDay.map((ds, i) => {
      let base = 0;
      const cx = L + slot * i + (slot - bw) / 2;
      return [ds.map(d => {
        const r = svg('rect', { x: cx, y: y(base + d.dollars), width: bw, height: Math.max(0.5, y(base) - y(base + d.dollars)), fill: color.get(keyOf(d)) },
          svg('title', {}, `${dates[i]} ${keyOf(d)}: ${money(d.dollars)}`));
        base += d.dollars;
        return r;
      }), (dates.length <= 16 || (dates.length - 1 - i) % Math.ceil(dates.length / 12) === 0) ? svg('text', { x: cx + bw / 2, y: H - B + 16, 'text-anchor': 'middle', class: 'axis' }, dates[i].slice(5)) : null];
    }));
}

// ---------------------------------------------------------------- Reports

async function reports(page, rest) {
  const listed = await api('/api/v1/reports');
  page.append(header('Simulation and planning reports'));
  if (!listed.reports.length) {
    page.append(el('p', {}, listed.directory
      ? 'No reports in ' + listed.directory + ' yet. Write one with qm simulate … --report ' + listed.directory + '/NAME.html.'
      : 'This server has no reports directory. Start it with qm serve --reports DIR (or make ./qm-reports) and write reports there with qm simulate … --report DIR/NAME.html.'));
    return;
  }
  const list = el('ul', { id: 'report-list', class: 'reports' }, listed.reports.map(r => el('li', {},
    el('a', { href: '#/reports/' + encodeURIComponent(r.name), 'aria-current': rest[0] === r.name ? 'true' : null }, r.name),
    ' ', el('small', {}, when(r.modified) + ' · ' + (r.bytes < 1024 ? r.bytes + ' bytes' : int(r.bytes / 1024) + ' KiB')))));
  page.append(list);
  if (rest[0]) {
    const html = await api('/api/v1/reports/' + encodeURIComponent(rest[0]));
    const frame = el('iframe', { id: 'report', title: 'Report ' + rest[0], sandbox: 'allow-scripts', class: 'report' });
    frame.srcdoc = html;
    page.append(frame);
  }
}

export const pages = { fleet, workloads, contracts, cost, reports };
