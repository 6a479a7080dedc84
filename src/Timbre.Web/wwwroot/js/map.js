import { api, el, clear, mountFrame, player, session, showError, likeButtons } from './app.js';

// The library map: a canvas of points (positions in [0, 1]² from /api/map), zoom and pan, hover tips, click to play,
// colour by genre or album, the user's likes and recommendations ringed, and a path from A to B drawn on top.

mountFrame('map');
const canvas = document.getElementById('map');
const tip = document.getElementById('tip');
const statusBox = document.getElementById('status');
const progress = document.getElementById('progress');
const phase = document.getElementById('phase');
const errorBox = document.getElementById('error');
const legend = document.getElementById('legend');
const selectedBox = document.getElementById('selected');
const pathBox = document.getElementById('path');
const pathEnds = document.getElementById('path-ends');
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#17becf'];
const state = {
  tracks: [], byId: new Map(), colourBy: 'genre', colours: new Map(), likes: new Set(), recs: new Set(),
  view: { scale: 1, x: 0, y: 0 }, hover: null, selected: null, pathFrom: null, pathTo: null, path: [],
};

function groupOf(t) { return state.colourBy === 'genre' ? (t.genreTag || t.genre || 'unknown') : (t.album || 'no album'); }

function recolour() {
  const counts = new Map();
  for (const t of state.tracks) counts.set(groupOf(t), (counts.get(groupOf(t)) || 0) + 1);
  const groups = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a) || a.localeCompare(b));
  state.colours = new Map(groups.map((g, i) => [g, i < PALETTE.length ? PALETTE[i] : `hsl(${(i * 137.5) % 360} 55% 55%)`]));
  clear(legend);
  groups.slice(0, 16).forEach(g => legend.append(el('span', { class: 'key' }, swatch(state.colours.get(g)), g)));
  if (groups.length > 16) legend.append(el('span', { class: 'muted', text: `+ ${groups.length - 16} more` }));
}

function swatch(colour) {
  const s = el('span', { class: 'swatch' });
  s.style.background = colour;
  return s;
}

// ---------- geometry ----------

function size() {
  const w = canvas.clientWidth;
  return { w, h: canvas.clientHeight };
}

function toScreen(t) {
  const { w, h } = size();
  const side = Math.min(w, h) * 0.92;
  const ox = (w - side) / 2;
  const oy = (h - side) / 2;
  return { x: ((ox + (t.x * side)) * state.view.scale) + state.view.x, y: ((oy + ((1 - t.y) * side)) * state.view.scale) + state.view.y };
}

function nearest(px, py, radius = 10) {
  let best = null;
  let bestD = radius * radius;
  for (const t of state.tracks) {
    const p = toScreen(t);
    const d = ((p.x - px) ** 2) + ((p.y - py) ** 2);
    if (d <= bestD) { best = t; bestD = d; }
  }
  return best;
}

// ---------- drawing ----------

function draw() {
  const dpr = window.devicePixelRatio || 1;
  const { w, h } = size();
  if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(h * dpr);
  }
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, w, h);
  const base = state.tracks.length > 2000 ? 2 : state.tracks.length > 300 ? 3 : 5;
  const r = Math.min(9, base * Math.sqrt(state.view.scale));
  for (const t of state.tracks) {
    const p = toScreen(t);
    if (p.x < -10 || p.y < -10 || p.x > w + 10 || p.y > h + 10) continue;
    g.beginPath();
    g.arc(p.x, p.y, r, 0, 2 * Math.PI);
    g.fillStyle = state.colours.get(groupOf(t)) || '#888';
    g.fill();
  }
  ring(g, state.recs, '#f28e2b', r + 3);
  ring(g, state.likes, '#1f7a4d', r + 3);
  drawPath(g, r);
  for (const t of [state.hover, state.selected]) {
    if (!t) continue;
    const p = toScreen(t);
    g.beginPath();
    g.arc(p.x, p.y, r + 5, 0, 2 * Math.PI);
    g.strokeStyle = '#1f2328';
    g.lineWidth = 2;
    g.stroke();
  }
}

function ring(g, ids, colour, radius) {
  g.strokeStyle = colour;
  g.lineWidth = 2.5;
  for (const id of ids) {
    const t = state.byId.get(id);
    if (!t) continue;
    const p = toScreen(t);
    g.beginPath();
    g.arc(p.x, p.y, radius, 0, 2 * Math.PI);
    g.stroke();
  }
}

function drawPath(g, r) {
  const points = state.path.map(id => state.byId.get(id)).filter(Boolean).map(toScreen);
  if (points.length < 2) return;
  g.strokeStyle = '#1f2328';
  g.lineWidth = 2;
  g.beginPath();
  points.forEach((p, i) => (i === 0 ? g.moveTo(p.x, p.y) : g.lineTo(p.x, p.y)));
  g.stroke();
  g.font = 'bold 11px system-ui, sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  points.forEach((p, i) => {
    g.beginPath();
    g.arc(p.x, p.y, r + 6, 0, 2 * Math.PI);
    g.fillStyle = '#1f2328';
    g.fill();
    g.fillStyle = '#fff';
    g.fillText(String(i + 1), p.x, p.y);
  });
}

// ---------- interaction ----------

function showTip(t, p) {
  if (!t) { tip.classList.add('hidden'); return; }
  clear(tip).append(el('strong', { text: t.title }), el('span', { text: t.artist || 'unknown artist' }),
    el('span', { class: 'muted', text: [t.album, t.genreTag || t.genre].filter(Boolean).join(' · ') }));
  tip.classList.remove('hidden');
  const box = canvas.getBoundingClientRect();
  const left = Math.min(p.x + 14, box.width - tip.offsetWidth - 4);
  tip.style.left = `${Math.max(4, left)}px`;
  tip.style.top = `${Math.max(4, p.y - tip.offsetHeight - 10)}px`;
}

function select(t) {
  state.selected = t;
  clear(selectedBox);
  if (!t) return;
  selectedBox.append(
    el('p', {}, el('a', { class: 'title', href: `/track.html?id=${encodeURIComponent(t.id)}`, text: t.title }),
      el('span', { class: 'muted', text: t.artist ? ` — ${t.artist}` : '' })),
    el('p', { class: 'muted', text: [t.album, t.genreTag ? `tag: ${t.genreTag}` : null, t.genre ? `predicted: ${t.genre}` : null].filter(Boolean).join(' · ') }),
    el('div', { class: 'row' },
      el('button', { type: 'button', class: 'small', text: '▶ Play', onclick: () => play(t) }),
      el('button', { type: 'button', class: 'ghost small', id: 'path-from', text: 'Path from here (A)', onclick: () => setEnd('pathFrom', t) }),
      el('button', { type: 'button', class: 'ghost small', id: 'path-to', text: 'Path to here (B)', onclick: () => setEnd('pathTo', t) }),
      likeButtons(t.id)));
  draw();
}

function play(t) {
  player.play({ id: t.id, title: t.title, artist: t.artist }, state.path.length ? state.path.map(id => state.byId.get(id)).filter(Boolean) : null);
}

async function setEnd(which, t) {
  state[which] = t;
  pathEnds.textContent = `A: ${state.pathFrom ? state.pathFrom.title : '—'} · B: ${state.pathTo ? state.pathTo.title : '—'}`;
  if (!state.pathFrom || !state.pathTo || state.pathFrom.id === state.pathTo.id) return;
  try {
    state.path = await api(`/api/map/path?from=${state.pathFrom.id}&to=${state.pathTo.id}&n=8`);
    clear(pathBox).append(el('ol', { class: 'path-list' }, state.path.map(id => state.byId.get(id)).filter(Boolean).map(p =>
      el('li', { dataset: { track: String(p.id) } }, el('button', { type: 'button', class: 'play', 'aria-label': `Play ${p.title}`, text: '▶', onclick: () => play(p) }),
        ' ', p.title, el('span', { class: 'muted', text: p.artist ? ` — ${p.artist}` : '' })))));
  } catch (e) {
    showError(errorBox, e);
  }
  draw();
}

function zoomAt(factor, cx, cy) {
  const v = state.view;
  const scale = Math.min(40, Math.max(0.5, v.scale * factor));
  const f = scale / v.scale;
  v.x = cx - ((cx - v.x) * f);
  v.y = cy - ((cy - v.y) * f);
  v.scale = scale;
  draw();
}

canvas.addEventListener('wheel', e => {
  e.preventDefault();
  const box = canvas.getBoundingClientRect();
  zoomAt(e.deltaY < 0 ? 1.2 : 1 / 1.2, e.clientX - box.left, e.clientY - box.top);
}, { passive: false });

let drag = null;
const pointers = new Map();
canvas.addEventListener('pointerdown', e => {
  canvas.setPointerCapture(e.pointerId);
  pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  drag = { x: e.clientX, y: e.clientY, moved: false, pinch: pointers.size === 2 ? pinchDistance() : null };
});
canvas.addEventListener('pointermove', e => {
  const box = canvas.getBoundingClientRect();
  if (pointers.has(e.pointerId)) pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  if (drag && pointers.size === 2 && drag.pinch) {
    const d = pinchDistance();
    zoomAt(d / drag.pinch, (e.clientX - box.left), (e.clientY - box.top));
    drag.pinch = d;
    drag.moved = true;
    return;
  }
  if (drag && pointers.size === 1) {
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (drag.moved || Math.abs(dx) + Math.abs(dy) > 4) {
      drag.moved = true;
      state.view.x += dx;
      state.view.y += dy;
      drag.x = e.clientX;
      drag.y = e.clientY;
      draw();
      return;
    }
  }
  const t = nearest(e.clientX - box.left, e.clientY - box.top);
  if (t !== state.hover) { state.hover = t; draw(); }
  showTip(t, t ? toScreen(t) : null);
});
canvas.addEventListener('pointerup', e => {
  pointers.delete(e.pointerId);
  const box = canvas.getBoundingClientRect();
  if (drag && !drag.moved) {
    const t = nearest(e.clientX - box.left, e.clientY - box.top, 14);
    if (t) { select(t); play(t); }
  }
  if (pointers.size === 0) drag = null;
});
canvas.addEventListener('pointerleave', () => { state.hover = null; tip.classList.add('hidden'); draw(); });
canvas.addEventListener('keydown', e => {
  const step = 40;
  const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  if (moves[e.key]) { state.view.x += moves[e.key][0]; state.view.y += moves[e.key][1]; draw(); e.preventDefault(); }
  if (e.key === '+' || e.key === '=') zoomAt(1.25, size().w / 2, size().h / 2);
  if (e.key === '-') zoomAt(0.8, size().w / 2, size().h / 2);
});

function pinchDistance() {
  const [a, b] = [...pointers.values()];
  return Math.hypot(a.x - b.x, a.y - b.y) || 1;
}

document.getElementById('zoom-in').addEventListener('click', () => zoomAt(1.25, size().w / 2, size().h / 2));
document.getElementById('zoom-out').addEventListener('click', () => zoomAt(0.8, size().w / 2, size().h / 2));
document.getElementById('zoom-reset').addEventListener('click', () => { state.view = { scale: 1, x: 0, y: 0 }; draw(); });
for (const [id, by] of [['by-genre', 'genre'], ['by-album', 'album']]) {
  document.getElementById(id).addEventListener('click', () => {
    state.colourBy = by;
    for (const b of document.querySelectorAll('.tabs button')) {
      const on = b.id === id;
      b.classList.toggle('on', on);
      b.setAttribute('aria-pressed', String(on));
    }
    recolour();
    draw();
  });
}
window.addEventListener('resize', draw);

// ---------- data ----------

async function loadHighlights() {
  await session.ready;
  if (!session.user) return;
  state.likes = new Set(session.likes);
  try {
    const recs = await api('/api/me/recommendations?method=profile&n=20');
    state.recs = new Set(recs.map(r => r.id));
  } catch { state.recs = new Set(); }
  draw();
}
document.addEventListener('taste-changed', () => { state.likes = new Set(session.likes); draw(); });

async function load() {
  let map;
  try {
    map = await api('/api/map');
  } catch (e) {
    statusBox.classList.add('hidden');
    showError(errorBox, e);
    return;
  }
  if (map.error) showError(errorBox, { message: map.error });
  state.tracks = map.tracks;
  state.byId = new Map(map.tracks.map(t => [t.id, t]));
  recolour();
  draw();
  canvas.dataset.points = String(map.tracks.length);
  if (map.computing) {
    const pct = Math.round(100 * map.progress);
    statusBox.classList.remove('hidden');
    progress.setAttribute('aria-valuenow', String(pct));
    progress.firstElementChild.style.width = `${pct}%`;
    phase.textContent = map.tracks.length ? `Updating the map for the changed library… ${pct}%` : `Computing the map… ${pct}%`;
    setTimeout(load, reducedMotion ? 2000 : 1000);
  } else {
    statusBox.classList.add('hidden');
    canvas.dataset.ready = 'true';
  }
}

/** For tests and scripts: where a track's point is drawn, in page coordinates. */
window.timbreMap = {
  pageOf(id) {
    const t = state.byId.get(id);
    if (!t) return null;
    const p = toScreen(t);
    const box = canvas.getBoundingClientRect();
    return { x: box.left + window.scrollX + p.x, y: box.top + window.scrollY + p.y };
  },
  ids() { return state.tracks.map(t => t.id); },
  get path() { return [...state.path]; },
};

await load();
loadHighlights();
