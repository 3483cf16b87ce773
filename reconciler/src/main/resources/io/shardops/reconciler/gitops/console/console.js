// The shardops console: renders GET /api/console snapshots, pushed by GET /api/events (server-sent
// events), or polled when the event stream breaks. Everything is built with textContent, never HTML
// from data, so a name in the topology cannot inject markup.

const POLL_MILLIS = 2000;
const SSE_RETRY_MILLIS = 15000;
const TOKEN_KEY = 'shardops-console-token';

const state = { snapshot: null, token: sessionStorage.getItem(TOKEN_KEY), authenticated: false, approvalsEnabled: false, open: new Set() };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const badge = (word) => el('span', { class: 'badge ' + String(word).toLowerCase().replace(/[^a-z0-9-]/g, '-') }, word);
const table = (head, rows, attrs = {}) => el('table', attrs, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))),
  el('tbody', {}, rows));
const replace = (id, ...children) => document.getElementById(id).replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
// rowsPerSecond -> ROWS PER SECOND
const label = (field) => field.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
const shortCommit = (c) => (c ? String(c).slice(0, 12) : '—');
const number = (n) => (typeof n === 'number' ? n.toLocaleString('en-US') : n);

// ---- topology --------------------------------------------------------------------------------

function keyspaces(s) {
  if (!s.keyspaces.length) return [el('p', { class: 'note' }, 'No keyspaces.')];
  return s.keyspaces.map((k) => el('div', { 'data-keyspace': k.name },
    el('h3', {}, k.name, ' ', el('span', { class: 'note' }, k.servedFrom.length
      ? 'served from ' + k.servedFrom.map((f) => f.tabletType + ' → ' + f.keyspace).join(', ') : 'serves itself')),
    table(['SHARD', 'KEY RANGE', 'PRIMARY', 'SERVING', 'FILLED FROM'], k.shards.map((sh) =>
      el('tr', { 'data-shard': k.name + '/' + sh.name },
        el('td', {}, sh.name), el('td', { class: 'mono' }, sh.keyRange), el('td', { class: 'mono' }, sh.primary || '—'),
        el('td', {}, badge(sh.serving ? 'yes' : 'no')), el('td', {}, sh.sourceShards.join(', ') || '—')))),
    table(['TABLET', 'SHARD', 'TYPE', 'STATE', 'MYSQL', 'LAG'], k.shards.flatMap((sh) => sh.tablets.map((t) =>
      el('tr', { 'data-tablet': t.alias },
        el('td', { class: 'mono' }, t.alias), el('td', {}, sh.name), el('td', { class: 'type' }, t.type),
        el('td', {}, badge(t.state || 'unknown')), el('td', { class: 'mono' }, (t.hostname || '') + ':' + t.mysqlPort),
        el('td', { class: 'lag' }, t.type === 'primary' ? '—' : t.replicationLagSeconds == null ? 'unknown' : t.replicationLagSeconds + ' s'))))),
    failovers(k)));
}

// Durability, term, the last failovers and the former primaries kept out, for shards that have any.
function failovers(k) {
  const shards = k.shards.filter((sh) => sh.failovers);
  if (!shards.length) return null;
  return el('div', { class: 'failovers' }, shards.map((sh) => el('div', { 'data-failovers': k.name + '/' + sh.name },
    el('strong', {}, k.name + '/' + sh.name), ' ', el('span', { class: 'note' }, 'durability ' + sh.failovers.durability + ', term ' + sh.failovers.term),
    sh.failovers.needsRebuild.length ? el('span', { class: 'needs-rebuild' }, ' ', badge('needs-rebuild'), ' ', sh.failovers.needsRebuild.join(', ')) : null,
    sh.failovers.recent.length ? el('ul', {}, sh.failovers.recent.map((e) => el('li', { 'data-failover-kind': e.kind }, badge(e.kind), ' ',
      el('span', { class: 'mono' }, e.line)))) : null)));
}

const WORKFLOW_FIELDS = new Set(['name', 'kind', 'sourceKeyspace', 'sourceShards', 'targetKeyspace', 'targetShards', 'tables',
  'stage', 'switchedTabletTypes', 'streams', 'rowsCopied']);

// One workflow: the fields every record has, then whatever progress fields the record and its
// streams carry (rows copied, rows/s, lag, ...), shown by name so new ones need no change here.
function workflow(w) {
  const extra = Object.entries(w).filter(([k, v]) => !WORKFLOW_FIELDS.has(k) && (typeof v !== 'object' || v === null));
  const streamFields = [...new Set(w.streams.flatMap((st) => Object.keys(st)))];
  return el('div', { class: 'workflow', 'data-workflow': w.name },
    el('div', {}, el('strong', {}, w.name), ' ', w.kind, ' ', badge(w.stage), ' ',
      el('span', { class: 'note' }, w.sourceKeyspace + ' [' + w.sourceShards.join(', ') + '] → ' + w.targetKeyspace + ' [' + w.targetShards.join(', ') + ']')),
    el('div', {}, 'rows copied ', el('strong', { class: 'rows-copied' }, number(w.rowsCopied)),
      w.tables.length ? el('span', { class: 'note' }, ' · tables ' + w.tables.join(', ')) : null,
      ' · switched ', w.switchedTabletTypes.join(', ') || 'none',
      extra.map(([k, v]) => el('span', { 'data-field': k }, ' · ' + label(k).toLowerCase() + ' ' + number(v)))),
    w.streams.length ? table(streamFields.map(label), w.streams.map((st) =>
      el('tr', { 'data-stream': st.sourceShard + '→' + st.targetShard }, streamFields.map((f) => el('td', { 'data-field': f }, number(st[f] ?? '')))))) : null);
}

// One table's latest online schema change (docs/schema-changes.md): progress while it copies, and the
// approve action when its postponed cut-over waits for approval (the same approval as in Approvals).
function schemaChange(c, s) {
  const a = c.cutoverApproval;
  return el('div', { class: 'schema-change', 'data-schema-change': c.keyspace + '.' + c.table },
    el('div', {}, el('strong', {}, c.keyspace + '.' + c.table), ' ', c.strategy, ' ', badge(c.stage),
      c.confirmed ? el('span', { class: 'note' }, ' · confirmed: the next apply drops the old table') : null,
      c.stage === 'cut-over' && !c.confirmed ? el('span', { class: 'note' }, ' · revertible: shardops revert ' + c.keyspace + '.' + c.table) : null),
    el('div', { class: 'mono note' }, c.alter),
    c.strategy === 'online' ? el('div', {}, 'rows copied ', el('strong', { 'data-field': 'rowsCopied' }, number(c.rowsCopied)),
      c.rowsTotal ? ' of ~' + number(c.rowsTotal) : '', ' · lag ', el('span', { 'data-field': 'lagSeconds' }, c.lagSeconds + ' s'),
      c.rowsPerSecond ? el('span', { 'data-field': 'rowsPerSecond' }, ' · ' + number(c.rowsPerSecond) + ' rows/s') : null,
      c.etaSeconds >= 0 ? el('span', { 'data-field': 'etaSeconds' }, ' · ETA ' + c.etaSeconds + ' s') : null) : null,
    a ? el('div', { 'data-cutover-approval': a.runId + '/' + a.step }, 'cut-over postponed, waiting for approval (',
      el('span', { class: 'mono' }, a.runId), ' step ', a.step, ') ',
      s.approvals.enabled && state.authenticated && !a.approvedBy
        ? el('button', { class: 'approve', type: 'button', onclick: () => approve(a.runId, a.step) }, 'Approve cut-over') : null,
      a.approvedBy ? el('span', { class: 'note' }, 'approved by ' + a.approvedBy) : null) : null,
    c.message ? el('div', { class: 'note' }, c.message) : null);
}

// ---- runs ------------------------------------------------------------------------------------

function stepList(run, workflows) {
  return el('ol', { class: 'steps', 'data-run': run.id }, run.steps.map((st) => {
    const w = st.workflow && st.state === 'running' ? workflows.find((x) => x.name === st.workflow) : null;
    return el('li', { 'data-step': st.index, 'data-state': st.state },
      el('span', { class: 'index' }, st.index), badge(st.state), ' ',
      el('strong', {}, st.kind || 'step'), ' ', el('span', { class: 'mono' }, st.target || ''), ' ',
      el('span', { class: 'note' }, st.description || ''),
      st.gated ? el('span', { class: 'note' }, ' · gated (' + st.approval + ')') : null,
      st.approvedBy ? el('span', { class: 'note' }, ' · approved by ' + st.approvedBy) : null,
      w ? el('div', { class: 'progress', 'data-progress': w.name }, 'rows copied ', el('strong', { class: 'rows-copied' }, number(w.rowsCopied)),
        ' · ', w.stage) : null);
  }));
}

function runHeader(r) {
  return [badge(r.state), ' ', el('span', { class: 'mono' }, r.id), ' commit ', el('span', { class: 'mono' }, shortCommit(r.commit)),
    ' · ', r.stepsDone + ' of ' + r.stepsTotal + ' steps done', ' · ', el('span', { class: 'note' }, r.updatedAt)];
}

function currentRun(s) {
  const r = s.currentRun;
  if (!r) return [el('p', { class: 'note' }, 'No run in progress.')];
  return [el('div', { 'data-current-run': r.id }, ...runHeader(r)), r.message ? el('p', { class: 'note' }, r.message) : null, stepList(r, s.workflows)];
}

function runs(s) {
  if (!s.runs.length) return [el('p', { class: 'note' }, 'No runs yet.')];
  return s.runs.map((r) => {
    const d = el('details', { 'data-history-run': r.id, open: state.open.has(r.id) }, el('summary', {}, ...runHeader(r)),
      r.message ? el('p', { class: 'note' }, r.message) : null, r.planKnown ? null : el('p', { class: 'note' }, 'plan not recorded'),
      stepList(r, s.workflows));
    d.addEventListener('toggle', () => (d.open ? state.open.add(r.id) : state.open.delete(r.id)));
    return d;
  });
}

// ---- watcher and approvals -------------------------------------------------------------------

function watcher(w) {
  if (!w || !Object.keys(w).length) return [el('p', { class: 'note' }, 'No watcher record.')];
  const commit = w.lastSeenCommit;
  return [
    el('div', {}, badge(w.outcome || 'nothing yet'), ' ', commit ? el('span', { class: 'mono' }, shortCommit(commit.id)) : null, ' ',
      commit ? commit.subject : '', ' ', el('span', { class: 'note' }, w.at || '')),
    w.detail ? el('p', {}, w.detail) : null,
    w.planSummary ? el('p', { class: 'mono' }, w.planSummary) : null,
    w.errors && w.errors.length ? el('ul', { class: 'errors' }, w.errors.map((e) => el('li', { class: 'mono' }, e))) : null,
    w.lastFetch && w.lastFetch.error ? el('p', { class: 'errors mono' }, 'last fetch: ' + w.lastFetch.error) : null,
    w.lastAppliedCommit ? el('p', { class: 'note' }, 'last applied ', el('span', { class: 'mono' }, shortCommit(w.lastAppliedCommit.id)), ' ', w.lastAppliedCommit.subject) : null,
  ];
}

function approvals(s) {
  const note = !s.approvals.enabled ? s.approvals.howToEnable
    : state.authenticated ? '' : 'Sign in with the console token to approve.';
  document.getElementById('approvals-note').textContent = note;
  if (!s.pendingApprovals.length) return [el('p', { class: 'note' }, 'Nothing waits for approval.')];
  return s.pendingApprovals.map((a) => el('div', { 'data-approval': a.runId + '/' + a.index },
    el('span', { class: 'mono' }, a.runId), ' step ', a.index, ' ', el('strong', {}, a.kind || ''), ' ', el('span', { class: 'mono' }, a.target || ''),
    ' ', el('span', { class: 'note' }, a.description || ''), ' ',
    s.approvals.enabled && state.authenticated && !a.approvedBy
      ? el('button', { class: 'approve', type: 'button', onclick: () => approve(a.runId, a.index) }, 'Approve') : null,
    a.approvedBy ? el('span', { class: 'note' }, 'approved by ' + a.approvedBy + '; the run continues on the watcher\'s next pass') : null));
}

async function approve(runId, step) {
  const out = document.getElementById('approve-result');
  out.textContent = 'approving step ' + step + ' of ' + runId + '…';
  try {
    const r = await fetch('api/approve', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + state.token },
      body: JSON.stringify({ runId, step }) });
    const body = await r.json();
    out.textContent = r.ok ? 'Approved step ' + step + ' of ' + runId + '.' : 'Refused (' + r.status + '): ' + body.detail;
    if (r.status === 401) signOut();
  } catch (e) {
    out.textContent = 'Could not reach the reconciler: ' + e.message;
  }
}

// ---- session ---------------------------------------------------------------------------------

async function checkSession(token) {
  const r = await fetch('api/session', { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  return r.json();
}

function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  state.token = null;
  state.authenticated = false;
  showSession();
}

function showSession() {
  document.getElementById('login').hidden = !state.approvalsEnabled || state.authenticated;
  document.getElementById('session').textContent = !state.approvalsEnabled ? 'read-only' : state.authenticated ? 'signed in: approvals enabled' : '';
  if (state.snapshot) render(state.snapshot);
}

async function signIn(ev) {
  ev.preventDefault();
  const token = document.getElementById('token').value.trim();
  const s = await checkSession(token);
  document.getElementById('login-result').textContent = s.authenticated ? '' : 'token refused';
  if (s.authenticated) {
    state.token = token;
    state.authenticated = true;
    sessionStorage.setItem(TOKEN_KEY, token);
    document.getElementById('token').value = '';
  }
  showSession();
}

async function setUpSession() {
  const session = await checkSession(state.token);
  state.approvalsEnabled = session.approvalsEnabled;
  state.authenticated = session.authenticated;
  if (!state.authenticated && state.token) sessionStorage.removeItem(TOKEN_KEY);
  showSession();
}

// ---- rendering and updates -------------------------------------------------------------------

function render(s) {
  state.snapshot = s;
  document.getElementById('cluster').textContent = s.cluster ? 'cluster ' + s.cluster : 'no cluster';
  const problem = document.getElementById('problem');
  problem.hidden = !s.problem;
  problem.textContent = s.problem || '';
  replace('current-run', currentRun(s));
  replace('approvals', approvals(s));
  replace('keyspaces', keyspaces(s));
  replace('workflows', s.workflows.length ? s.workflows.map(workflow) : [el('p', { class: 'note' }, 'No workflows.')]);
  replace('schema-changes', (s.schemaChanges || []).length ? s.schemaChanges.map((c) => schemaChange(c, s))
    : [el('p', { class: 'note' }, 'No schema changes.')]);
  replace('watch', watcher(s.watch));
  replace('runs', runs(s));
  document.body.dataset.revision = s.revision;
  document.body.dataset.readAt = s.readAt;
}

function live(mode, text) {
  const l = document.getElementById('live');
  l.dataset.mode = mode;
  l.textContent = text;
}

let pollTimer = null;

function follow() {
  const events = new EventSource('api/events');
  events.addEventListener('snapshot', (e) => {
    live('live', 'live');
    render(JSON.parse(e.data));
  });
  events.onerror = () => {
    events.close();
    poll();
    setTimeout(() => { clearTimeout(pollTimer); follow(); }, SSE_RETRY_MILLIS);
  };
}

async function poll() {
  try {
    const r = await fetch('api/console', { cache: 'no-store' });
    render(await r.json());
    live('polling', 'polling');
  } catch (e) {
    live('connecting', 'reconciler unreachable');
  }
  pollTimer = setTimeout(poll, POLL_MILLIS);
}

document.getElementById('login').addEventListener('submit', (ev) => signIn(ev).catch((e) => {
  document.getElementById('login-result').textContent = 'could not reach the reconciler: ' + e.message;
}));
setUpSession().catch(() => {});
follow();
