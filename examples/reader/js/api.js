// A tiny fetch wrapper for the Marquee API: JSON in and out, and non-2xx answers thrown as an
// ApiError carrying the problem document (RFC 9457): status, detail, errors, retryAfter.
import { API_BASE } from './config.js';

export class ApiError extends Error {
  constructor(status, problem = {}, retryAfter = null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status; // 0 when the server could not be reached (or CORS refused us)
    this.title = problem.title || null;
    this.detail = problem.detail || null;
    this.errors = Array.isArray(problem.errors) ? problem.errors : [];
    this.retryAfter = retryAfter; // whole seconds, or null
    this.problem = problem;
  }
}

/** Retry-After is either delay-seconds or an HTTP date. */
function retryAfterSeconds(header) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

async function request(path, init) {
  let response;
  try {
    response = await fetch(API_BASE + path, init);
  } catch {
    throw new ApiError(0, { title: 'Network error', detail: `Could not reach the Marquee API at ${API_BASE}.` });
  }
  if (response.ok) {
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    problem = { title: response.statusText };
  }
  throw new ApiError(response.status, problem, retryAfterSeconds(response.headers.get('Retry-After')));
}

/** GET a JSON resource. `cache: 'no-cache'` revalidates instead of using a fresh cached copy. */
export function getJson(path, { cache = 'default' } = {}) {
  return request(path, { headers: { Accept: 'application/json' }, cache });
}

/** POST a JSON body, answer parsed as JSON. */
export function postJson(path, body) {
  return request(path, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Builds `/api/v1/...` paths with each segment escaped and empty query values left out. */
export function apiPath(segments, query = {}) {
  const path = '/api/v1/' + segments.map((s) => encodeURIComponent(s)).join('/');
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
