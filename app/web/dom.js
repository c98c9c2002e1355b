// Building DOM nodes without HTML strings: every piece of data becomes a text node.

/**
 * Create an element. `attrs` keys: `class`, `text` (textContent), `on<Event>` (listener),
 * `dataset` (object), `hidden`, `for` (htmlFor), anything else becomes an attribute
 * (false/null/undefined are skipped, true sets an empty attribute). Children may be nodes,
 * strings (text nodes), arrays or null.
 */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === "value") node.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled" || key === "hidden") {
      node[key] = Boolean(value);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Append children (nodes, strings, arrays, null) to `node`. */
export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Remove every child of `node`, then append `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/**
 * A short, readable date (YYYY-MM-DD) in the reader's locale; an ISO datetime also gets its
 * time, in UTC, and says so ("2 Dec 2026, 02:14 UTC"): delegates sit in many time zones.
 */
export function formatDate(value) {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value;
  const options = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
  if (value.length > 10) Object.assign(options, { hour: "2-digit", minute: "2-digit", hour12: false });
  const text = date.toLocaleString(undefined, options);
  return value.length > 10 ? `${text} UTC` : text;
}

/** `n word` or `n words`. */
export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** Call `fn` at most once per `ms` of quiet. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

let counter = 0;
/** A fresh element id with `prefix`. */
export function uid(prefix = "id") {
  counter += 1;
  return `${prefix}-${counter}`;
}
