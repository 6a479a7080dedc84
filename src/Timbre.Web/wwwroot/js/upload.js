import { api, el, clear, genreBars, mountFrame, recommendationList, showError, session, CSRF_HEADER, player } from './app.js';

mountFrame('upload');
const config = await api('/api/config').catch(() => ({ maxUploadBytes: 50 * 1024 * 1024, canAddToLibrary: false, canAnalyze: true }));
const MAX_MB = config.maxUploadBytes / (1024 * 1024);
const drop = document.getElementById('drop');
const input = document.getElementById('file');
const status = document.getElementById('status');
const progress = document.getElementById('progress');
const phase = document.getElementById('phase');
const errorBox = document.getElementById('error');
const addedBox = document.getElementById('added');
const result = document.getElementById('result');
const accepted = ['.mp3', '.wav', '.flac', '.ogg', '.m4a'];

document.getElementById('limit').textContent = MAX_MB >= 1 ? String(Math.round(MAX_MB * 10) / 10) : MAX_MB.toFixed(2);
if (!config.canAnalyze) {
  showError(errorBox, { message: 'This server has no model loaded, so it cannot analyse uploads. Start it with --model PKG.' });
}
drop.addEventListener('click', () => input.click());
drop.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') input.click(); });
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', e => {
  e.preventDefault();
  drop.classList.remove('over');
  if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
});
input.addEventListener('change', () => { if (input.files.length) upload(input.files[0]); });

function setProgress(fraction, text, busy = false) {
  status.classList.remove('hidden');
  progress.classList.toggle('busy', busy);
  progress.firstElementChild.style.width = `${Math.round(100 * fraction)}%`;
  // While the server analyses (busy) the amount left is unknown: no aria-valuenow (an indeterminate progressbar).
  if (busy) progress.removeAttribute('aria-valuenow'); else progress.setAttribute('aria-valuenow', String(Math.round(100 * fraction)));
  phase.textContent = text;
}

function upload(file) {
  errorBox.classList.add('hidden');
  addedBox.classList.add('hidden');
  result.classList.add('hidden');
  const ext = (file.name.match(/\.[^.]+$/) || [''])[0].toLowerCase();
  if (!accepted.includes(ext)) {
    showError(errorBox, { message: `'${ext || file.name}' files are not supported; upload MP3, WAV, FLAC, OGG or M4A.` });
    return;
  }
  if (file.size > config.maxUploadBytes) {
    showError(errorBox, { message: `The file is ${(file.size / (1024 * 1024)).toFixed(1)} MB; this server accepts up to ${MAX_MB} MB.` });
    return;
  }
  const form = new FormData();
  form.append('file', file, file.name);
  if (session.user && document.getElementById('add').checked) form.append('add', 'true');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/analyze?n=10');
  xhr.setRequestHeader(CSRF_HEADER, '1');
  xhr.responseType = 'json';
  xhr.upload.addEventListener('progress', e => {
    if (e.lengthComputable) setProgress(e.loaded / e.total, `Uploading ${file.name}… ${Math.round(100 * e.loaded / e.total)}%`);
  });
  xhr.upload.addEventListener('load', () => setProgress(1, 'Analysing: decoding, features, genre model, recommendations…', true));
  xhr.addEventListener('load', () => {
    status.classList.add('hidden');
    const body = xhr.response;
    if (xhr.status >= 200 && xhr.status < 300 && body) show(body, file.name);
    else showError(errorBox, { message: (body && body.error) || `Upload failed (${xhr.status})`, reason: body && body.reason });
  });
  xhr.addEventListener('error', () => {
    status.classList.add('hidden');
    showError(errorBox, { message: 'The upload failed: the server closed the connection (is the file larger than the limit?).' });
  });
  setProgress(0, `Uploading ${file.name}…`);
  xhr.send(form);
}

function show(body, name) {
  result.classList.remove('hidden');
  document.getElementById('top').textContent = body.top || '';
  clear(document.getElementById('genres')).append(
    el('p', { class: 'muted', text: `${name} · ${Math.round(body.durationSeconds)} s` }),
    genreBars(body.genres));
  clear(document.getElementById('recs')).append(recommendationList(body.recommendations, { queue: false }));
  player.setQueue(body.recommendations);
  if (body.added) {
    clear(addedBox).classList.remove('hidden');
    addedBox.append('Added to the library as ', el('a', { href: `/track.html?id=${encodeURIComponent(body.added.id)}`, text: body.added.title }), '.');
  }
}

// "Add to library" is for signed-in users only (the server answers 401 otherwise).
await session.ready;
if (config.canAddToLibrary && session.user) {
  document.getElementById('add-row').classList.remove('hidden');
  if (config.maxUploadsPerUser) {
    const gb = config.maxUploadBytesPerUser / (1024 * 1024 * 1024);
    document.getElementById('quota').textContent =
      `· up to ${config.maxUploadsPerUser} songs and ${gb >= 1 ? `${Math.round(gb * 10) / 10} GB` : `${Math.round(gb * 1024)} MB`} per account`;
  }
} else if (config.canAddToLibrary) {
  document.getElementById('sign-in-to-add').classList.remove('hidden');
}
