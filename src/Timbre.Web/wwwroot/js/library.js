import { api, el, clear, deleteTrackButton, formatTime, likeButtons, mountFrame, player, showError, session } from './app.js';

mountFrame('library');
const form = document.getElementById('filters');
const rows = document.getElementById('rows');
const errorBox = document.getElementById('error');
const fields = ['q', 'genre', 'yearFrom', 'yearTo', 'minDuration', 'maxDuration', 'sort', 'desc'];
let page = 1;
const pageSize = 25;
// cursors[i]: the keyset cursor ('after') that fetches page i + 1, from the page before it; none for page 1 or a page
// opened from the address bar (then the server counts rows off, which is slow deep into a large library).
let cursors = [];

function readUrl() {
  const params = new URLSearchParams(location.search);
  for (const f of fields) if (params.has(f)) form.elements[f].value = params.get(f);
  page = Math.max(1, Number(params.get('page')) || 1);
}

function query() {
  const params = new URLSearchParams();
  for (const f of fields) {
    const v = form.elements[f].value.trim();
    if (v !== '' && !(f === 'desc' && v === 'false')) params.set(f, v);
  }
  if (page > 1) params.set('page', String(page));
  return params;
}

async function load() {
  const params = query();
  history.replaceState(null, '', params.toString() ? `?${params}` : location.pathname);
  params.set('pageSize', String(pageSize));
  if (cursors[page - 1]) params.set('after', cursors[page - 1]);
  errorBox.classList.add('hidden');
  try {
    const result = await api(`/api/tracks?${params}`);
    cursors[page] = result.next || null;
    render(result);
  } catch (e) {
    showError(errorBox, e);
  }
}

function render(result) {
  clear(rows);
  for (const t of result.items) {
    rows.append(el('tr', { dataset: { track: String(t.id) } },
      el('td', {}, el('button', { class: 'play', type: 'button', 'aria-label': `Play ${t.title}`, onclick: () => player.play(t, result.items), text: '▶' })),
      el('td', {}, el('a', { href: `/track.html?id=${encodeURIComponent(t.id)}`, text: t.title })),
      el('td', { text: t.artist }),
      el('td', { text: t.album }),
      el('td', { text: t.year ?? '' }),
      el('td', {}, t.predictedGenre ? el('span', { class: 'pill', text: t.predictedGenre }) : (t.genreTag || '')),
      el('td', { text: formatTime(t.durationSeconds) }),
      el('td', {}, likeButtons(t.id), session.user && t.ownerId === session.user.id ? deleteTrackButton(t, load, e => showError(errorBox, e)) : null)));
  }
  if (result.items.length === 0) rows.append(el('tr', {}, el('td', { colspan: '8', class: 'muted', text: 'No tracks match.' })));
  // A very common search word is counted only so far (totalIsLowerBound): "1000+ tracks", and Next follows the cursor.
  const more = result.totalIsLowerBound ? '+' : '';
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  document.getElementById('count').textContent = `${result.total}${more} track${result.total === 1 && !more ? '' : 's'}`;
  document.getElementById('page').textContent = `page ${result.page} of ${pages}${more}`;
  document.getElementById('prev').disabled = result.page <= 1;
  document.getElementById('next').disabled = more ? !result.next : result.page >= pages;
}

async function loadGenres() {
  const select = form.elements.genre;
  const current = new URLSearchParams(location.search).get('genre') || '';
  for (const g of await api('/api/genres')) select.append(el('option', { value: g, text: g }));
  select.value = current;
}

form.addEventListener('submit', e => { e.preventDefault(); page = 1; cursors = []; load(); });
form.addEventListener('change', () => { page = 1; cursors = []; load(); });
document.getElementById('prev').addEventListener('click', () => { page = Math.max(1, page - 1); load(); });
document.getElementById('next').addEventListener('click', () => { page += 1; load(); });

readUrl();
await Promise.all([loadGenres().catch(() => {}), session.ready]);
await load();
