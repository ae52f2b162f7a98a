// Decides how a section's media_url is shown: a privacy-friendly YouTube or Vimeo player, or a
// plain link. Pure (no DOM), so tests/browser/embed.test.mjs can check it under Node.

const YOUTUBE_HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com', 'music.youtube.com',
  'youtube-nocookie.com', 'www.youtube-nocookie.com']);
const VIMEO_HOSTS = new Set(['vimeo.com', 'www.vimeo.com', 'player.vimeo.com']);
const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^[0-9]{1,12}$/;

/** Parses an http(s) URL; anything else (javascript:, relative, garbage) gives null. */
export function parseWebUrl(text) {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** `t=90`, `t=1m30s`, `start=90` as whole seconds; null when absent or unreadable. */
export function startSeconds(value) {
  if (!value) return null;
  if (/^\d+s?$/.test(value)) return parseInt(value, 10) || null;
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (!parts || !parts[0]) return null;
  const [, h = 0, m = 0, s = 0] = parts;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) || null;
}

function youtubeId(url) {
  const host = url.hostname.toLowerCase();
  const segments = url.pathname.split('/').filter(Boolean);
  if (host === 'youtu.be') return segments[0];
  if (!YOUTUBE_HOSTS.has(host)) return null;
  if (segments[0] === 'watch') return url.searchParams.get('v');
  if (['shorts', 'embed', 'live'].includes(segments[0])) return segments[1];
  return null;
}

function vimeo(url) {
  const host = url.hostname.toLowerCase();
  if (!VIMEO_HOSTS.has(host)) return null;
  const segments = url.pathname.split('/').filter(Boolean);
  if (host === 'player.vimeo.com') {
    return segments[0] === 'video' ? { id: segments[1], hash: url.searchParams.get('h') } : null;
  }
  // vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID
  if (segments[0] === 'channels' && segments.length >= 3) return { id: segments[2], hash: null };
  return { id: segments[0], hash: segments[1] && /^[0-9a-f]+$/i.test(segments[1]) ? segments[1] : null };
}

/**
 * What to show for a media URL:
 *   {type: 'youtube', id, src}  an iframe of youtube-nocookie.com
 *   {type: 'vimeo', id, src}    an iframe of player.vimeo.com
 *   {type: 'link', href}        any other web address
 *   null                        nothing usable (empty or not http/https)
 */
export function embedFor(mediaUrl) {
  const url = parseWebUrl(mediaUrl);
  if (!url) return null;

  const yt = youtubeId(url);
  if (yt && YOUTUBE_ID.test(yt)) {
    const start = startSeconds(url.searchParams.get('t') || url.searchParams.get('start'));
    const src = `https://www.youtube-nocookie.com/embed/${yt}${start ? `?start=${start}` : ''}`;
    return { type: 'youtube', id: yt, src };
  }

  const vm = vimeo(url);
  if (vm && VIMEO_ID.test(vm.id || '')) {
    const hash = vm.hash && /^[0-9a-f]+$/i.test(vm.hash) ? `?h=${vm.hash}` : '';
    return { type: 'vimeo', id: vm.id, src: `https://player.vimeo.com/video/${vm.id}${hash}` };
  }

  return { type: 'link', href: url.href };
}

/** The address itself when it is http or https, else null: for trailer and media links. */
export function webUrl(text) {
  return parseWebUrl(text)?.href ?? null;
}
