// The library of adopted resolutions: search by phrase, words or similar paragraph.

import { api } from "../api.js";
import { formatDate, h, plural, replace } from "../dom.js";
import { field } from "../ui.js";

export const MODES = [
  ["phrase", "Exact phrase"],
  ["words", "All the words"],
  ["similar", "Similar paragraph"],
];

/** `text` with the (start, end) ranges of `highlights` marked, as nodes (never as HTML). */
export function highlighted(text, highlights) {
  const nodes = [];
  let at = 0;
  for (const [start, end] of [...(highlights || [])].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    nodes.push(h("mark", { text: text.slice(start, end) }));
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/** "A/RES/78/190 · OP2 · 19 Dec 2023 · Title" for an adopted paragraph. */
export function adoptedHeading(item) {
  return h("h3", { class: "adopted-heading" },
    h("span", { class: "symbol", text: item.symbol }),
    item.label ? h("span", { class: "para-label", text: ` · ${item.label}` }) : null,
    item.adopted_on ? h("time", { class: "muted", datetime: item.adopted_on, text: ` · ${formatDate(item.adopted_on)}` }) : null,
    h("span", { class: "muted", text: ` · ${item.title}` }));
}

/** Render the library view; `mode` and `q` come from the address (`#/library/phrase/…`). */
export async function renderLibrary(ctx, mode = "phrase", q = "") {
  const documents = await api("/library/documents?limit=1");
  if (!ctx.isCurrent()) return;
  const input = h("input", { type: "search", name: "q", value: q, required: true, maxlength: "5000",
    placeholder: "Words of a draft, or a whole paragraph" });
  const select = h("select", { name: "mode" },
    MODES.map(([key, text]) => h("option", { value: key, text, selected: key === mode })));
  const results = h("div", { id: "library-results", "aria-live": "polite" });
  const form = h("form", { class: "library-form", role: "search" },
    field("Search adopted resolutions", input),
    field("Find", select),
    h("button", { type: "submit", text: "Search" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const words = input.value.trim();
    if (words) window.location.hash = `#/library/${select.value}/${encodeURIComponent(words)}`;
  });
  replace(ctx.main,
    h("div", { class: "page-head" }, h("h1", { text: "Library of adopted resolutions" })),
    h("p", { class: "muted", text: `${plural(documents.total, "resolution")} of the General Assembly, the Human Rights Council and other bodies. Has this been agreed before, where, when?` }),
    form,
    results);
  ctx.focusHeading();
  if (!q) return;
  const query = new URLSearchParams({ q, mode, limit: "50" });
  const found = await api(`/library/search?${query}`);
  if (!ctx.isCurrent()) return;
  replace(results,
    h("p", { class: "filter-info", text: found.total ? `${plural(found.total, "paragraph")} found.` : "Not found in any adopted text: new language." }),
    h("ol", { class: "library-hits" }, found.items.map((item) => h("li", { class: "card library-hit" },
      adoptedHeading(item),
      h("p", { class: "text", dir: "auto" }, highlighted(item.text, item.highlights)),
      mode === "similar" ? h("p", { class: "muted", text: `likeness ${Math.round(item.score * 100)}%` }) : null))));
}
