// The API client: bearer token in sessionStorage, problem+json errors in plain words.

const KEY = "penholder.token";
const BASE = "/api/v1";

export const session = {
  get token() {
    return sessionStorage.getItem(KEY) || "";
  },
  signIn(token) {
    sessionStorage.setItem(KEY, token.trim());
  },
  signOut() {
    sessionStorage.removeItem(KEY);
  },
};

/** An API error carrying the server's `detail`, ready to show to a person. */
export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `The server answered ${status}.`);
    this.status = status;
    this.title = title;
    this.detail = detail;
  }
}

const listeners = new Set();
/** Call `fn` when the server refuses the token (401). */
export function onUnauthorized(fn) {
  listeners.add(fn);
}

async function problemOf(response) {
  let title = response.statusText;
  let detail = "";
  try {
    const body = await response.json();
    title = body.title || title;
    detail = typeof body.detail === "string" ? body.detail : describeValidation(body.detail);
  } catch {
    /* not JSON: keep the status text */
  }
  // FastAPI's own 404/405 say only "Not Found": plain words are better.
  if (!detail || detail === title || detail === "Not Found" || detail === "Method Not Allowed") {
    detail = plainStatus(response.status);
  }
  return new ApiError(response.status, title, detail);
}

function describeValidation(detail) {
  if (!Array.isArray(detail)) return "";
  return detail
    .map((item) => `${(item.loc || []).filter((p) => p !== "body").join(" ")}: ${item.msg}`)
    .join("; ");
}

function plainStatus(status) {
  if (status === 401) return "Your token was not accepted. Please sign in again.";
  if (status === 403) return "Your token does not allow this.";
  if (status === 404) return "Not found: it may have been removed, or this part of the server is not available yet.";
  if (status === 413) return "The file is too large.";
  if (status >= 500) return "Something went wrong on the server. Please try again.";
  return `The server answered ${status}.`;
}

async function send(path, { method = "GET", json, form, signal, signingIn = false } = {}) {
  const headers = { Accept: "application/json, application/problem+json" };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (form) body = form;
  let response;
  try {
    response = await fetch(BASE + path, { method, headers, body, signal });
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

/** Fetch a file with the bearer header and hand it to the browser as a download. */
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
