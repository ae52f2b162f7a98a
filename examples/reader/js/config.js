// Where the Marquee API lives. `?api=http://host:port` on any page overrides the default, and
// every internal link made with pageUrl() carries that parameter along.

const DEFAULT_API = 'http://127.0.0.1:8080';
const query = new URLSearchParams(window.location.search);

function apiBase(value) {
  if (!value) return DEFAULT_API;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // fall through to the default
  }
  return DEFAULT_API;
}

export const API_BASE = apiBase(query.get('api'));

/** A link to another page of this site, e.g. pageUrl('article.html', {slug}). */
export function pageUrl(page, params = {}) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  if (query.has('api')) search.set('api', query.get('api'));
  const text = search.toString();
  return text ? `${page}?${text}` : page;
}

/** A query parameter of the current page. */
export function param(name) {
  return query.get(name);
}
