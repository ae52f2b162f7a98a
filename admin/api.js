// The editors' room talks to /api/v1 like any other client. The access token lives only in
// this module's memory; the refresh token is an HttpOnly cookie scoped to /api/v1/auth
// (login asks for it with `session_cookie`), so no script on the page can read it, and it
// survives a reload. The access token is renewed shortly before it expires; when renewal
// fails the session is over and the app is told.

const AUTH = "/api/v1/auth";

/** An error answer of the API: its status and its problem document (RFC 9457). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }

  /** Field errors by field name (422 answers list them). */
  get fields() {
    return Object.fromEntries((this.problem.errors || []).map((e) => [e.field, e.message]));
  }
}

let access = null;
let renewal = null;
let ended = () => {};

/** Calls `listener` when the session ends without the user logging out (renewal failed). */
export function onSessionEnded(listener) {
  ended = listener;
}

async function call(method, path, { body, token, headers = {} } = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "same-origin" };
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body instanceof FormData) {
    // The browser writes the multipart boundary into the Content-Type itself.
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (response.status === 204) return { response, data: null };
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : null;
  if (!response.ok) throw new ApiError(response.status, data || { title: response.statusText });
  return { response, data };
}

/** Keeps a token response's access token and plans its renewal. Returns the user. */
function keep(tokens) {
  access = tokens.access_token;
  clearTimeout(renewal);
  // Renew a minute before expiry, or halfway through for short lifetimes.
  const lead = Math.min(60, tokens.expires_in / 2);
  renewal = setTimeout(renew, (tokens.expires_in - lead) * 1000);
  return tokens.user;
}

function forget() {
  access = null;
  clearTimeout(renewal);
  renewal = null;
}

let renewing = null;

/**
 * Renews the access token; the user, or `null` when the session is over. Calls that meet a
 * 401 together share one renewal: a refresh token presented twice counts as stolen, and the
 * server would end the whole session.
 */
function renew() {
  renewing ??= call("POST", `${AUTH}/refresh`, { body: {} })
    .then(({ data }) => keep(data))
    .catch((error) => {
      forget();
      ended(error);
      return null;
    })
    .finally(() => (renewing = null));
  return renewing;
}

/** Logs in; the user on success, an ApiError otherwise (401 wrong credentials, 429). */
export async function logIn(email, password) {
  const { data } = await call("POST", `${AUTH}/login`, { body: { email, password, session_cookie: true } });
  return keep(data);
}

/** Picks up the session of an earlier visit (its cookie), or `null` when there is none. */
export async function resume() {
  try {
    return keep((await call("POST", `${AUTH}/refresh`, { body: {} })).data);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function logOut() {
  try {
    await call("POST", `${AUTH}/logout`, { body: {} });
  } finally {
    forget();
  }
}

/**
 * Uploads a form with a file (`multipart/form-data`), telling `progress` the share sent so
 * far (0 to 1); the JSON answer, as `request`. (`fetch` cannot tell how much of a body has
 * gone; XMLHttpRequest can.)
 */
export async function upload(path, form, progress = () => {}) {
  const attempt = () =>
    new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", path);
      xhr.setRequestHeader("Accept", "application/json");
      if (access) xhr.setRequestHeader("Authorization", `Bearer ${access}`);
      xhr.upload.addEventListener("progress", (event) => event.lengthComputable && progress(event.loaded / event.total));
      xhr.addEventListener("load", () => {
        const type = xhr.getResponseHeader("content-type") || "";
        const data = type.includes("json") ? JSON.parse(xhr.responseText) : null;
        if (xhr.status >= 200 && xhr.status < 300) resolve({ data, etag: xhr.getResponseHeader("etag") });
        else reject(new ApiError(xhr.status, data || { title: xhr.statusText }));
      });
      xhr.addEventListener("error", () => reject(new TypeError("the server could not be reached")));
      xhr.send(form);
    });
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !(await renew())) throw error;
    return attempt();
  }
}

/**
 * An authenticated API call. `ifMatch` is sent as `If-Match` (writes of versioned records);
 * a 401 renews the access token once and retries. Returns the JSON body (or `null`) and the
 * response's ETag.
 */
export async function request(method, path, { body, ifMatch } = {}) {
  const headers = ifMatch === undefined ? {} : { "If-Match": `"${ifMatch}"` };
  const attempt = () => call(method, path, { body, token: access, headers });
  let result;
  try {
    result = await attempt();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !(await renew())) throw error;
    result = await attempt();
  }
  return { data: result.data, etag: result.response.headers.get("etag") };
}

/**
 * An authenticated download (a file the API makes, such as an export): its body as a Blob
 * and the file name its `Content-Disposition` gives (`null` without one). Errors and the
 * renewal on a 401 as `request`. A plain link could not send the access token.
 */
export async function download(path) {
  const attempt = async () => {
    const response = await fetch(path, { headers: access ? { Authorization: `Bearer ${access}` } : {}, credentials: "same-origin" });
    if (!response.ok) {
      const type = response.headers.get("content-type") || "";
      const data = type.includes("json") ? await response.json() : null;
      throw new ApiError(response.status, data || { title: response.statusText });
    }
    const disposition = response.headers.get("content-disposition") || "";
    return { blob: await response.blob(), filename: disposition.match(/filename="([^"]+)"/)?.[1] ?? null };
  };
  try {
    return await attempt();
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401 || !(await renew())) throw error;
    return attempt();
  }
}
