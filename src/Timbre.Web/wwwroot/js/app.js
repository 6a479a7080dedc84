// Shared by every page: API calls, safe DOM building (text only, never HTML from data), the signed-in user,
// like/dislike buttons that stay in sync, genre bars and the player bar.

export const CSRF_HEADER = 'X-Timbre-Request';

/** Calls the JSON API; throws an Error whose .status/.reason come from the server's {error, reason}. */
export async function api(path, options = {}) {
  const init = { credentials: 'same-origin', ...options, headers: { ...(options.headers || {}) } };
  if (init.method && init.method !== 'GET') init.headers[CSRF_HEADER] = '1';
  if (init.json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(init.json);
    delete init.json;
  }
  const response = await fetch(path, init);
  if (response.status === 204) return null;
  let body = null;
  try { body = await response.json(); } catch { body = null; }
  if (!response.ok) {
    const error = new Error((body && body.error) || `Request failed (${response.status})`);
    error.status = response.status;
    error.reason = body && body.reason;
    throw error;
  }
  return body;
}

/** Builds an element; strings become text nodes (escaped by the browser), never markup. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

export function formatTime(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) return '0:00';
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function percent(p) { return `${(100 * p).toFixed(1)}%`; }

export function showError(container, error) {
  clear(container).classList.remove('hidden');
  container.append(el('strong', { text: error.message || String(error) }));
  if (error.reason) container.append(el('span', { class: 'reason', text: error.reason }));
}

function barFill(p) {
  const fill = el('div', { class: 'bar-fill' });
  fill.style.width = `${Math.max(0, Math.min(100, 100 * p)).toFixed(1)}%`; // CSSOM, allowed by the CSP
  return fill;
}

/** Horizontal bars for {label: probability}, largest first. */
export function genreBars(genres, limit = 10) {
  const entries = Object.entries(genres || {}).sort((a, b) => b[1] - a[1]).slice(0, limit);
  const box = el('div', { class: 'bars' });
  entries.forEach(([label, p], i) => {
    box.append(el('div', { class: i === 0 ? 'bar-row top' : 'bar-row', dataset: { genre: label } },
      el('span', { class: 'label', text: label }),
      el('div', { class: 'bar-track' }, barFill(p)),
      el('span', { class: 'pct', text: percent(p) })));
  });
  if (entries.length === 0) box.append(el('p', { class: 'muted', text: 'No genre analysis yet.' }));
  return box;
}

// ---------- the signed-in user and their likes ----------

export const session = { user: null, likes: new Set(), dislikes: new Set(), ready: null };

session.ready = (async () => {
  try {
    session.user = await api('/api/me');
    await refreshTaste();
  } catch {
    session.user = null;
  }
  renderWho();
  return session.user;
})();

export async function refreshTaste(taste) {
  if (!session.user) return null;
  taste = taste || await api('/api/me/taste');
  session.likes = new Set(taste.likes.map(t => t.id));
  session.dislikes = new Set(taste.dislikes.map(t => t.id));
  syncLikeButtons();
  document.dispatchEvent(new CustomEvent('taste-changed', { detail: taste }));
  return taste;
}

function syncLikeButtons() {
  document.querySelectorAll('.like-buttons').forEach(box => {
    const id = Number(box.dataset.track);
    setPressed(box.querySelector('.like'), session.likes.has(id));
    setPressed(box.querySelector('.dislike'), session.dislikes.has(id));
  });
}

function setPressed(button, on) {
  button.classList.toggle('on', on);
  button.setAttribute('aria-pressed', String(on));
}

async function interact(trackId, kind) {
  if (!session.user) {
    location.href = '/taste.html?signin=1';
    return;
  }
  const taste = await api('/api/me/interactions', { method: 'POST', json: { trackId, kind } });
  await refreshTaste(taste);
}

/** Like and dislike buttons for one track; every copy on the page updates together. */
export function likeButtons(trackId) {
  const box = el('span', { class: 'like-buttons', dataset: { track: String(trackId) } },
    el('button', { class: 'like', type: 'button', title: 'Like', 'aria-label': 'Like', onclick: () => interact(trackId, 'like'), text: '♥ Like' }),
    el('button', { class: 'dislike', type: 'button', title: 'Dislike', 'aria-label': 'Dislike', onclick: () => interact(trackId, 'dislike'), text: '✕' }));
  setPressed(box.querySelector('.like'), session.likes.has(trackId));
  setPressed(box.querySelector('.dislike'), session.dislikes.has(trackId));
  return box;
}

function renderWho() {
  const who = document.getElementById('who');
  if (!who) return;
  clear(who);
  if (session.user) who.append('Signed in as ', el('strong', { text: session.user.name }));
  else who.append(el('a', { href: '/taste.html', text: 'Sign in' }));
}

// ---------- recommendation lists ----------

/** A list of recommended tracks: play, title/artist, genre, score, reason, like buttons. Sets the player queue. */
export function recommendationList(items, { queue = true } = {}) {
  const list = el('ol', { class: 'rec-list' });
  items.forEach((item, index) => {
    list.append(el('li', { dataset: { track: String(item.id) } },
      el('button', { class: 'play', type: 'button', title: 'Play', 'aria-label': `Play ${item.title}`, onclick: () => player.play(item, items), text: '▶' }),
      el('div', {},
        el('a', { class: 'title', href: `/track.html?id=${encodeURIComponent(item.id)}`, text: item.title }),
        el('span', { class: 'muted', text: item.artist ? ` — ${item.artist}` : '' }), ' ',
        item.genre ? el('span', { class: 'pill', text: item.genre }) : null, ' ',
        el('span', { class: 'score', text: `score ${Number(item.score).toFixed(3)} · ${formatTime(item.durationSeconds)}` }),
        el('div', { class: 'why', text: item.why })),
      likeButtons(item.id)));
    if (index === 0 && queue && !player.current) player.setQueue(items);
  });
  if (items.length === 0) list.append(el('li', { class: 'muted', text: 'Nothing to recommend yet.' }));
  return list;
}

// ---------- the player bar ----------

export const player = (() => {
  const state = { queue: [], current: null };
  const audio = new Audio();
  audio.preload = 'metadata';
  let bar = null;

  function save() {
    if (!state.current && state.queue.length === 0) { sessionStorage.removeItem('timbre.player'); return; }
    sessionStorage.setItem('timbre.player', JSON.stringify({ queue: state.queue, current: state.current, time: audio.currentTime || 0 }));
  }

  function render() {
    if (!bar) return;
    bar.title.textContent = state.current ? state.current.title : 'Nothing playing';
    bar.artist.textContent = state.current ? (state.current.artist || '') : 'Pick a track and press ▶';
    bar.play.textContent = audio.paused ? '▶ Play' : '❚❚ Pause';
    bar.play.disabled = !state.current;
    bar.next.disabled = nextItem() === null;
  }

  function nextItem() {
    if (!state.current || state.queue.length === 0) return state.queue[0] || null;
    const i = state.queue.findIndex(q => q.id === state.current.id);
    return state.queue[i + 1] || null;
  }

  function load(item, startAt = 0, autoplay = true) {
    state.current = { id: item.id, title: item.title, artist: item.artist || '', durationSeconds: item.durationSeconds || 0 };
    audio.src = `/api/tracks/${encodeURIComponent(item.id)}/audio`;
    if (startAt > 0) audio.addEventListener('loadedmetadata', () => { audio.currentTime = startAt; }, { once: true });
    if (autoplay) {
      audio.play().catch(() => render());
      if (session.user) api('/api/me/interactions', { method: 'POST', json: { trackId: item.id, kind: 'play' } }).catch(() => {});
    }
    save();
    render();
  }

  const api_ = {
    get current() { return state.current; },
    audio,
    setQueue(items) {
      state.queue = items.map(i => ({ id: i.id, title: i.title, artist: i.artist || '', durationSeconds: i.durationSeconds || 0 }));
      save();
      render();
    },
    play(item, queue) {
      if (queue) api_.setQueue(queue);
      load(item);
    },
    toggle() {
      if (!state.current) return;
      if (audio.paused) audio.play().catch(() => {}); else audio.pause();
    },
    next() { const n = nextItem(); if (n) load(n); },
    /** Stops and forgets the queue and the current track (on sign-out). */
    forget() {
      audio.pause();
      audio.removeAttribute('src');
      state.queue = [];
      state.current = null;
      sessionStorage.removeItem('timbre.player');
      render();
    },
    mount() {
      const footer = el('footer', { class: 'player', 'aria-label': 'Player' });
      bar = {
        title: el('span', { class: 't' }),
        artist: el('span', { class: 'a' }),
        play: el('button', { type: 'button', id: 'player-play', 'aria-label': 'Play or pause', onclick: () => api_.toggle() }),
        next: el('button', { type: 'button', id: 'player-next', 'aria-label': 'Next', title: 'Next recommendation', onclick: () => api_.next(), text: 'Next ›' }),
        seek: el('input', { type: 'range', id: 'player-seek', min: '0', max: '1000', value: '0', 'aria-label': 'Seek' }),
        time: el('span', { id: 'player-time', text: '0:00 / 0:00' }),
      };
      bar.seek.addEventListener('input', () => {
        if (Number.isFinite(audio.duration)) audio.currentTime = audio.duration * bar.seek.value / 1000;
      });
      footer.append(
        el('div', { class: 'now', id: 'player-now' }, bar.title, bar.artist),
        el('div', { class: 'controls' }, bar.play, bar.next),
        el('div', { class: 'seek' }, bar.seek, bar.time));
      document.body.append(footer);
      for (const ev of ['play', 'pause', 'ended', 'loadedmetadata']) audio.addEventListener(ev, render);
      const tick = () => {
        const d = Number.isFinite(audio.duration) ? audio.duration : 0;
        bar.seek.value = d > 0 ? String(Math.round(1000 * audio.currentTime / d)) : '0';
        bar.time.textContent = `${formatTime(audio.currentTime)} / ${formatTime(d)}`;
      };
      for (const ev of ['timeupdate', 'loadedmetadata', 'seeked']) audio.addEventListener(ev, tick);
      audio.addEventListener('timeupdate', () => { if (Math.round(audio.currentTime) % 5 === 0) save(); });
      audio.addEventListener('ended', () => api_.next());
      window.addEventListener('pagehide', save);
      try {
        const saved = JSON.parse(sessionStorage.getItem('timbre.player') || 'null');
        if (saved && saved.current) {
          state.queue = saved.queue || [];
          load(saved.current, saved.time || 0, false);
        }
      } catch { /* a bad saved state is ignored */ }
      render();
    },
  };
  return api_;
})();

/**
 * Delete button for a song the signed-in user added (the server checks the owner again). The first click asks
 * "Really delete?" in place (no modal dialog); the second deletes the file and everything recorded about it.
 */
export function deleteTrackButton(track, onDeleted, onError) {
  let armed = false;
  const button = el('button', {
    type: 'button', class: 'ghost small delete', text: 'Delete', 'aria-label': `Delete ${track.title}`,
    title: 'Delete this song you added: its file, likes and analysis',
    onclick: async () => {
      if (!armed) {
        armed = true;
        button.textContent = 'Really delete?';
        setTimeout(() => { armed = false; button.textContent = 'Delete'; }, 5000);
        return;
      }
      button.disabled = true;
      try {
        await api(`/api/tracks/${encodeURIComponent(track.id)}`, { method: 'DELETE' });
        onDeleted();
      } catch (e) {
        button.disabled = false;
        onError(e);
      }
    },
  });
  return button;
}

// ---------- page frame ----------

export function mountFrame(active) {
  const links = [['/', 'Library', 'library'], ['/map.html', 'Map', 'map'], ['/upload.html', 'Upload', 'upload'], ['/taste.html', 'My taste', 'taste']];
  const header = el('header', { class: 'top' },
    el('a', { class: 'brand', href: '/' }, 'tim', el('span', { text: 'bre' })),
    el('nav', { 'aria-label': 'Pages' }, links.map(([href, text, key]) => el('a', { href, class: key === active ? 'active' : null, 'aria-current': key === active ? 'page' : null, text }))),
    el('span', { class: 'who', id: 'who' }));
  document.body.prepend(header);
  document.querySelector('main')?.after(el('footer', { class: 'site' },
    el('a', { href: '/scalar/v1', text: 'API reference' }), ' · ',
    el('a', { href: '/openapi/v1.json', text: 'OpenAPI document' })));
  player.mount();
  renderWho();
}

/** "Download as M3U8 · XSPF" links for a playlist endpoint (the file opens in any player). */
export function playlistLinks(base) {
  const sep = base.includes('?') ? '&' : '?';
  return el('p', { class: 'muted playlist-links' }, 'Download as ',
    el('a', { href: `${base}${sep}format=m3u8`, download: '', text: 'M3U8' }), ' · ',
    el('a', { href: `${base}${sep}format=xspf`, download: '', text: 'XSPF' }));
}
