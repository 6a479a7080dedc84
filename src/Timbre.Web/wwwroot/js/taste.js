import { mountApiKeys } from './apikeys.js';
import { playlistLinks, api, el, clear, genreBars, likeButtons, mountFrame, player, recommendationList, refreshTaste, showError, session } from './app.js';

mountFrame('taste');
const out = document.getElementById('signed-out');
const inside = document.getElementById('signed-in');
const authError = document.getElementById('auth-error');
let method = 'profile';

async function auth(path, form) {
  authError.classList.add('hidden');
  try {
    await api(path, { method: 'POST', json: { name: form.elements.name.value, password: form.elements.password.value } });
    location.href = '/taste.html';
  } catch (e) {
    showError(authError, e);
  }
}

document.getElementById('signin').addEventListener('submit', e => { e.preventDefault(); auth('/api/auth/login', e.target); });
document.getElementById('signup').addEventListener('submit', e => { e.preventDefault(); auth('/api/auth/register', e.target); });
document.getElementById('signout').addEventListener('click', async () => {
  await api('/api/auth/logout', { method: 'POST' });
  player.forget();
  location.href = '/taste.html';
});

function trackItems(list, tracks) {
  clear(list);
  for (const t of tracks) {
    list.append(el('li', { dataset: { track: String(t.id) } },
      el('button', { class: 'play', type: 'button', 'aria-label': `Play ${t.title}`, onclick: () => player.play(t, tracks), text: '▶' }),
      el('div', {}, el('a', { class: 'title', href: `/track.html?id=${encodeURIComponent(t.id)}`, text: t.title }),
        el('span', { class: 'muted', text: t.artist ? ` — ${t.artist}` : '' }), ' ',
        t.predictedGenre ? el('span', { class: 'pill', text: t.predictedGenre }) : null),
      likeButtons(t.id)));
  }
  if (tracks.length === 0) list.append(el('li', { class: 'muted', text: 'None yet.' }));
}

function renderTaste(taste) {
  trackItems(document.getElementById('liked'), taste.likes);
  trackItems(document.getElementById('disliked'), taste.dislikes);
  clear(document.getElementById('shares')).append(
    Object.keys(taste.genreShares).length ? genreBars(taste.genreShares, 20) : el('p', { class: 'muted', text: 'Like a few songs to build your profile.' }));
}

async function loadRecs() {
  const box = clear(document.getElementById('recs'));
  const err = document.getElementById('rec-error');
  err.classList.add('hidden');
  try {
    const result = await api(`/api/me/recommendations?method=${method}&n=10`);
    box.append(recommendationList(result.items), playlistLinks(`/api/me/recommendations/playlist?method=${method}&n=10`));
    player.setQueue(result.items);
  } catch (e) {
    showError(err, e);
  }
}

document.querySelectorAll('#methods button').forEach(b => b.addEventListener('click', () => {
  method = b.dataset.method;
  document.querySelectorAll('#methods button').forEach(x => {
    x.classList.toggle('on', x === b);
    x.setAttribute('aria-pressed', String(x === b));
  });
  loadRecs();
}));

let timer = null;
document.addEventListener('taste-changed', e => {
  renderTaste(e.detail);
  clearTimeout(timer);
  timer = setTimeout(loadRecs, 150); // likes change the profile at once; refresh the list
});

await session.ready;
if (session.user) {
  inside.classList.remove('hidden');
  document.getElementById('name').textContent = session.user.name;
  renderTaste(await refreshTaste());
  mountApiKeys();
} else {
  out.classList.remove('hidden');
}
