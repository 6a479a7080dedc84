import { playlistLinks, api, el, clear, deleteTrackButton, formatTime, genreBars, likeButtons, mountFrame, player, recommendationList, showError, session } from './app.js';

mountFrame('library');
const id = Number(new URLSearchParams(location.search).get('id'));
const errorBox = document.getElementById('error');
let method = 'm1';

function tag(name, value) {
  return [el('dt', { text: name }), el('dd', { text: value === null || value === undefined || value === '' ? '—' : String(value) })];
}

async function loadTrack() {
  const detail = await api(`/api/tracks/${encodeURIComponent(id)}`);
  const t = detail.track;
  document.title = `${t.title} · Timbre`;
  document.getElementById('title').textContent = t.title;
  document.getElementById('likes').append(likeButtons(t.id));
  document.getElementById('play').addEventListener('click', () => player.play(t));
  document.getElementById('tags').append(
    ...tag('Title', t.title), ...tag('Artist', t.artist), ...tag('Album', t.album), ...tag('Year', t.year),
    ...tag('Genre tag', t.genreTag), ...tag('Predicted', t.predictedGenre), ...tag('Duration', formatTime(t.durationSeconds)),
    ...tag('Format', detail.format), ...tag('Size', `${(detail.sizeBytes / (1024 * 1024)).toFixed(2)} MB`));
  document.getElementById('genres').append(genreBars(detail.genres));
  document.getElementById('spectrogram').src = `/api/tracks/${encodeURIComponent(id)}/spectrogram.png`;
  if (session.user && t.ownerId === session.user.id) document.getElementById('likes').after(
    deleteTrackButton(t, () => { location.href = '/'; }, e => showError(errorBox, e)));
}

async function loadSimilar() {
  const box = clear(document.getElementById('similar'));
  box.append(el('p', { class: 'muted', text: 'Finding similar tracks…' }));
  try {
    const result = await api(`/api/tracks/${encodeURIComponent(id)}/similar?method=${method}&n=10`);
    clear(box).append(recommendationList(result.items),
      playlistLinks(`/api/tracks/${encodeURIComponent(id)}/similar/playlist?method=${method}&n=10`));
    player.setQueue(result.items);
  } catch (e) {
    clear(box);
    const err = el('div', { class: 'error' });
    box.append(err);
    showError(err, e);
  }
}

document.querySelectorAll('#methods button').forEach(b => b.addEventListener('click', () => {
  method = b.dataset.method;
  document.querySelectorAll('#methods button').forEach(x => {
    x.classList.toggle('on', x === b);
    x.setAttribute('aria-pressed', String(x === b));
  });
  loadSimilar();
}));

await session.ready;
try {
  await loadTrack();
  await loadSimilar();
} catch (e) {
  showError(errorBox, e);
}
