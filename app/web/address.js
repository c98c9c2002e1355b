// The address: `#/path?query`. The path names a view; the query holds the view's own state
// (filters, the current change…), so Back, reload and a shared link land on the same place.

/** The address split into its path and its query (both read from the hash). */
export function address() {
  const raw = window.location.hash.replace(/^#/, "");
  const at = raw.indexOf("?");
  return {
    path: at < 0 ? raw : raw.slice(0, at),
    query: new URLSearchParams(at < 0 ? "" : raw.slice(at + 1)),
  };
}

/** Put `query` in the address without a new history entry (the view's state changed). */
export function keepInAddress(query) {
  const { path } = address();
  const text = query.toString();
  const hash = `#${path}${text ? `?${text}` : ""}`;
  if (hash !== window.location.hash) window.history.replaceState(window.history.state, "", hash);
}

/** A hash with `query` appended (entries with empty values left out). */
export function withQuery(hash, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${hash}?${text}` : hash;
}
