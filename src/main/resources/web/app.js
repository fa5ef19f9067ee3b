// Quartermaster's dashboard: a small client of the JSON API, no build step. Pages live in pages.js.
import { pages } from './pages.js';

const TOKEN_KEY = 'qm.token';
const state = { me: null, timers: [], aborts: [] };

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Calls the API with the bearer token; answers the parsed JSON, throws an Error with the API's message otherwise. */
export async function api(path, options = {}) {
  if (!token()) throw new Error('unauthenticated');
  const headers = Object.assign({ Authorization: 'Bearer ' + token() }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    logout('Your token is unknown or revoked; log in again.');
    throw new Error('unauthenticated');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const message = body && body.error ? body.error.message : String(body);
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

/**
 * Follows a server-sent event stream with fetch (EventSource cannot send the token): calls onEvent(name, data) per
 * event until the stream ends or the page changes. Answers a promise that settles when the stream ends.
 */
export async function follow(path, onEvent, onOpen, view) {
  const controller = new AbortController();
  state.aborts.push(controller);
  // A page that was left while it loaded must not start streams.
  if (!view.isConnected) controller.abort();
  const response = await fetch(path, { headers: { Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: controller.signal });
  if (!response.ok || !response.body) {
    throw new Error('the stream answered ' + response.status);
  }
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') name = text;
          else if (field === 'data') data.push(text);
        }
        if (data.length) onEvent(name, data.join('\n'));
      }
    }
  } catch (e) {
    if (e.name !== 'AbortError') throw e;
  }
}

export function me() {
  return state.me;
}

/**
 * Runs refresh now, again whenever a workload changes (the server's stream of every transition, at most every 300 ms),
 * and every `ms` as well, while the page's view stays open.
 */
export function every(ms, refresh, view) {
  // A page that was left while it loaded must not start timers.
  if (!view.isConnected) return Promise.resolve();
  let queued = null;
  const soon = () => {
    if (queued === null) queued = setTimeout(() => { queued = null; run(); }, 300);
  };
  follow('/api/v1/events', soon, () => {}, view).catch(() => {});
  const run = async () => {
    if (!view.isConnected) return;
    try {
      await refresh();
      setStatus('Updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      if (e.message !== 'unauthenticated') setStatus('Could not update: ' + e.message, true);
    }
  };
  state.timers.push(setInterval(run, ms));
  return run();
}

export function setStatus(text, bad = false) {
  const el = document.getElementById('status');
  el.textContent = text;
  el.classList.toggle('bad', bad);
}

/** Makes an element: el('td', {class: 'num'}, 'text', child...). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function stopPage() {
  state.timers.forEach(clearInterval);
  state.timers = [];
  state.aborts.forEach(a => a.abort());
  state.aborts = [];
}

async function route() {
  stopPage();
  const page = document.getElementById('page');
  if (!token() || !state.me) {
    page.replaceChildren();
    return;
  }
  const hash = location.hash.replace(/^#\/?/, '') || 'fleet';
  const [name, ...rest] = hash.split('/');
  const render = pages[name] || pages.fleet;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const view = el('div', { class: 'view' });
  page.replaceChildren(view);
  try {
    await render(view, rest.map(decodeURIComponent));
  } catch (e) {
    if (e.message !== 'unauthenticated' && view.isConnected) view.append(el('p', { class: 'error', role: 'alert' }, 'Could not load this page: ' + e.message));
  }
}

function showLoggedIn(who) {
  state.me = who;
  document.getElementById('login').hidden = true;
  document.getElementById('nav').hidden = false;
  document.getElementById('who').hidden = false;
  document.getElementById('whoami').textContent = who.name + ' · ' + who.role + (who.team ? ' of ' + who.team : '');
  document.body.dataset.role = who.role;
}

function logout(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  state.me = null;
  stopPage();
  document.getElementById('page').replaceChildren();
  document.getElementById('nav').hidden = true;
  document.getElementById('who').hidden = true;
  document.getElementById('login').hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('login-token').focus();
}

async function start() {
  document.getElementById('login-form').addEventListener('submit', async event => {
    event.preventDefault();
    const input = document.getElementById('login-token');
    sessionStorage.setItem(TOKEN_KEY, input.value.trim());
    try {
      showLoggedIn(await api('/api/v1/me'));
      input.value = '';
      await route();
    } catch (e) {
      if (e.message !== 'unauthenticated') logout('Could not log in: ' + e.message);
    }
  });
  document.getElementById('logout').addEventListener('click', () => logout('Logged out.'));
  window.addEventListener('hashchange', route);
  if (token()) {
    try {
      showLoggedIn(await api('/api/v1/me'));
    } catch (e) {
      if (e.message !== 'unauthenticated') logout('Could not log in: ' + e.message);
      return;
    }
    await route();
  } else {
    logout();
  }
}

start();
