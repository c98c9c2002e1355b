// "Go to OP12" from anywhere in a negotiation: a label opens its history, words open the search.

import { h } from "../dom.js";

const LABEL = /^\s*(pp|op)\s*\d+/i;

/** Where typing `text` into the go-to box leads, in negotiation `slug`. */
export function goToHash(slug, text) {
  const base = `#/n/${encodeURIComponent(slug)}`;
  const wanted = text.trim();
  // The server reads a label whatever its case and spacing ("op 5 bis" is OP5 bis).
  if (LABEL.test(wanted) && wanted.length <= 20) return `${base}/history/${encodeURIComponent(wanted)}`;
  return `${base}/search?${new URLSearchParams({ q: wanted })}`;
}

/** The header's search box: `/` focuses it from anywhere. */
export function goToBox(slug) {
  const input = h("input", {
    type: "search",
    id: "goto",
    name: "goto",
    autocomplete: "off",
    placeholder: "Go to OP12, or search words",
    "aria-keyshortcuts": "/",
  });
  const form = h("form", { role: "search", class: "goto", "aria-label": "Go to a paragraph or search this negotiation" },
    h("label", { for: "goto", class: "visually-hidden", text: "Go to a paragraph or search" }),
    input,
    h("button", { type: "submit", class: "secondary", text: "Go" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) window.location.hash = goToHash(slug, input.value);
  });
  return form;
}

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target.closest && target.closest("input, textarea, select, dialog, [contenteditable]")) return;
  const box = document.getElementById("goto");
  if (!box) return;
  event.preventDefault();
  box.focus();
});
