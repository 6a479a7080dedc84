// The account page's API keys for players: list, create (the key is shown once), revoke.
import { api, el, clear, showError } from './app.js';

const list = () => document.getElementById('apikeys');
const errorBox = () => document.getElementById('apikey-error');

async function load() {
  const keys = await api('/api/me/apikeys');
  const ul = clear(list());
  for (const k of keys) {
    const used = k.lastUsedAt ? `last used ${new Date(k.lastUsedAt).toLocaleString()}` : 'never used';
    ul.append(el('li', {},
      el('div', {}, el('strong', { text: k.name }), el('span', { class: 'muted', text: ` ${k.prefix}… · ${used}` })),
      el('button', { type: 'button', class: 'ghost', text: 'Revoke', 'aria-label': `Revoke key ${k.name}`, onclick: () => revoke(k.id) })));
  }
  if (keys.length === 0) ul.append(el('li', { class: 'muted', text: 'No keys yet.' }));
}

async function revoke(id) {
  errorBox().classList.add('hidden');
  try {
    await api(`/api/me/apikeys/${encodeURIComponent(id)}`, { method: 'DELETE' });
    await load();
  } catch (e) {
    showError(errorBox(), e);
  }
}

export function mountApiKeys() {
  const form = document.getElementById('apikey-form');
  const shown = document.getElementById('apikey-new');
  form.addEventListener('submit', async e => {
    e.preventDefault();
    errorBox().classList.add('hidden');
    try {
      const created = await api('/api/me/apikeys', { method: 'POST', json: { name: form.elements.name.value } });
      clear(shown).append('New key (copy it now, it is not shown again): ', el('code', { text: created.key }));
      shown.classList.remove('hidden');
      await load();
    } catch (err) {
      showError(errorBox(), err);
    }
  });
  load().catch(e => {
    if (e.status === 404) document.getElementById('apikeys-panel').classList.add('hidden'); // a server without the player API
    else showError(errorBox(), e);
  });
}
