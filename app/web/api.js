// The API client: a session cookie every tab shares, problem+json errors in plain words.
//
// The token is never stored by the page: signing in exchanges it for an HttpOnly cookie
// (POST /api/v1/session), which the browser sends with every API call of every tab. Writes
// carry the X-Penholder-CSRF header the server requires of cookie-authenticated writes.

const BASE = "/api/v1";
const WRITE_HEADER = "X-Penholder-CSRF";
const RANKS = { viewer: 1, editor: 2, admin: 3 };
const SAFE = new Set(["GET", "HEAD"]); // requests that change nothing need no CSRF header

// Other tabs of this browser hear about sign-in and sign-out at once.
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("penholder-session") : null;

/** Who is signed in (`user` is `{name, role}` or null), and what their role allows. */
export const session = {
  user: null,
  changes: 0, // bumped by every sign-in and sign-out, so a slower, older answer is ignored
  /** Ask the server who the cookie speaks for; null when nobody is signed in. */
  async load() {
    const asked = this.changes;
    let user = null;
    try {
      user = await api("/session", { signingIn: true });
    } catch (error) {
      if (error.status !== 401) throw error;
    }
    if (asked === this.changes) this.user = user;
    return this.user;
  },
  /** Exchange `token` for the session cookie. */
  async signIn(token) {
    this.changes += 1;
    this.user = await api("/session", { method: "POST", json: { token: token.trim() }, signingIn: true });
    channel?.postMessage("signed-in");
    return this.user;
  },
  /** End the session on the server and in every tab. */
  async signOut() {
    try {
      await api("/session", { method: "DELETE", signingIn: true });
    } catch {
      /* already ended: nothing to undo */
    }
    this.forget();
    channel?.postMessage("signed-out");
  },
  /** Forget the user here (the server said the session is over). */
  forget() {
    this.changes += 1;
    this.user = null;
  },
  /** Whether the signed-in role is at least `role` ("editor", "admin"). */
  can(role) {
    return Boolean(this.user) && (RANKS[this.user.role] || 0) >= (RANKS[role] || 99);
  },
};

/** Call `fn(message)` when another tab signs in or out. */
export function onSessionMessage(fn) {
  channel?.addEventListener("message", (event) => fn(event.data));
}

/** An API error carrying the server's `detail`, ready to show to a person. */
export class ApiError extends Error {
  constructor(status, title, detail, problem = {}) {
    super(detail || title || `The server answered ${status}.`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

const listeners = new Set();
/** Call `fn(error)` when the server refuses the session (401). */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

async function problemOf(response) {
  let title = response.statusText;
  let detail = "";
  let body = {};
  try {
    body = await response.json();
    title = body.title || title;
    detail = typeof body.detail === "string" ? body.detail : describeValidation(body.detail);
  } catch {
    /* not JSON: keep the status text */
  }
  // FastAPI's own 404/405 say only "Not Found": plain words are better.
  if (!detail || detail === title || detail === "Not Found" || detail === "Method Not Allowed") {
    detail = plainStatus(response.status);
  }
  return new ApiError(response.status, title, detail, body || {});
}

function describeValidation(detail) {
  if (!Array.isArray(detail)) return "";
  return detail
    .map((item) => `${(item.loc || []).filter((p) => p !== "body").join(" ")}: ${item.msg}`)
    .join("; ");
}

function plainStatus(status) {
  if (status === 401) return "Please sign in again.";
  if (status === 403) return "Your role does not allow this.";
  if (status === 404) return "Not found: it may have been removed, or this part of the server is not available yet.";
  if (status === 413) return "The file is too large.";
  if (status >= 500) return "Something went wrong on the server. Please try again.";
  return `The server answered ${status}.`;
}

async function send(path, { method = "GET", json, form, signal, signingIn = false } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (!SAFE.has(method)) headers[WRITE_HEADER] = "1";
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body, signal, credentials: "same-origin" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "Network", "Could not reach the server. Check the connection and try again.");
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && !signingIn) listeners.forEach((fn) => fn(error));
    throw error;
  }
  return response;
}

/** Call the API and return its JSON (null for 204). */
export async function api(path, options) {
  const response = await send(path, options);
  if (response.status === 204) return null;
  const type = response.headers.get("content-type") || "";
  return type.includes("json") ? response.json() : response.text();
}

/** Fetch a file with the session and hand it to the browser as a download. */
export async function download(path, fallbackName) {
  const response = await send(path, {});
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get("content-disposition")) || fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return name;
}

function fileNameOf(disposition) {
  if (!disposition) return "";
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain ? plain[1] : "";
}

/** Encode one path segment. */
export const seg = (value) => encodeURIComponent(String(value));
