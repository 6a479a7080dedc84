// Drives a live `timbre serve` with the npm package subsonic-api, as a player would, and prints what it saw as JSON.
// Usage: node client.mjs BASE_URL API_KEY
import { SubsonicAPI } from 'subsonic-api';

const [url, apiKey] = process.argv.slice(2);
// The client's stream() takes no headers: ask for a byte range through the fetch it is given.
const fetchWithRange = (input, init = {}) =>
  fetch(input, String(input).includes('/rest/stream') ? { ...init, headers: { ...init.headers, Range: 'bytes=100-1123' } } : init);
const api = new SubsonicAPI({ url, auth: { apiKey }, fetch: fetchWithRange });
const out = {};

out.ping = (await api.ping()).status;
out.extensions = (await api.getOpenSubsonicExtensions()).openSubsonicExtensions.map(e => e.name);
const artists = (await api.getArtists()).artists.index.flatMap(i => i.artist);
out.artists = artists.length;
const artist = (await api.getArtist({ id: artists[0].id })).artist;
const album = (await api.getAlbum({ id: artist.album[0].id })).album;
out.album = album.name;
out.albumSongs = album.song.length;
const song = album.song[0];
out.songId = song.id;

const stream = await api.stream({ id: song.id });
out.streamStatus = stream.status;
out.contentRange = stream.headers.get('content-range');
out.streamBytes = (await stream.arrayBuffer()).byteLength;

out.star = (await api.star({ id: song.id })).status;
out.starred = (await api.getStarred2({})).starred2.song.map(s => s.id);
out.similar = (await api.getSimilarSongs2({ id: song.id, count: 3 })).similarSongs2.song.map(s => s.id);
out.sonic = (await api.customJSON('getSonicSimilarTracks.view', { id: song.id, count: 2 })).sonicMatch.map(m => [m.entry.id, m.similarity]);
const bad = await new SubsonicAPI({ url, auth: { apiKey: 'tmb_wrong' } }).ping();
out.badKey = bad.error?.code;

console.log(JSON.stringify(out));
