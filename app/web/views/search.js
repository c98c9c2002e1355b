// Find anything in a negotiation: paragraphs of every draft by their words or their label.

import { api, seg } from "../api.js";
import { keepInAddress, withQuery } from "../address.js";
import { h, plural, replace } from "../dom.js";
import { field } from "../ui.js";
import { loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";

/** Render the search page of `slug`; the words are `?q=` in the address. */
export async function renderSearch(ctx, slug) {
  const q = (ctx.query.get("q") || "").trim();
  const [negotiation, found] = await Promise.all([
    loadNegotiation(slug),
    q ? api(`/negotiations/${seg(slug)}/search?${new URLSearchParams({ q, limit: "200" })}`) : null,
  ]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(q ? `Search “${q}” · ${negotiation.title}` : `Search · ${negotiation.title}`);
  const base = `#/n/${encodeURIComponent(slug)}`;
  const input = h("input", { type: "search", name: "q", value: q, autocomplete: "off" });
  const form = h("form", { role: "search", class: "search inline-form", "aria-label": "Search the paragraphs" },
    field("Words or a label (OP12, PP3, OP5 bis)", input),
    h("button", { type: "submit", text: "Search" }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = input.value.trim();
    if (next) window.location.hash = withQuery(`${base}/search`, { q: next });
  });
  const items = found?.items || [];
  replace(ctx.main,
    negotiationHeader(negotiation, "Search"),
    h("div", { class: "page-head" }, h("h1", { text: q ? `Search: ${q}` : "Search" })),
    negotiationTabs(negotiation, "search"),
    form,
    found ? h("p", { class: "filter-info", role: "status", text: `${plural(found.total, "paragraph")} found in every draft${found.total > items.length ? `, the first ${items.length} shown` : ""}.` }) : null,
    found && !items.length ? h("p", { class: "empty", text: `No paragraph holds “${q}”.` }) : null,
    items.length ? h("ol", { class: "plain results-list" }, items.map((item) => h("li", { class: "card hit" },
      h("h2", { class: "hit-title" },
        h("a", { href: withQuery(`${base}/history/${encodeURIComponent(item.label || item.lineage_id)}`, { draft: String(item.draft_seq) }) },
          h("span", { text: item.label || "Unnumbered paragraph" }), " ", h("span", { class: "muted", text: `in ${item.draft_label}` }))),
      h("p", { class: "text", dir: "auto" }, marked(item.text, q))))) : null);
  keepInAddress(new URLSearchParams(q ? { q } : {}));
  ctx.focusHeading();
}

/** `text` as nodes with each occurrence of `q` (any case) in a `<mark>`. */
function marked(text, q) {
  if (!q) return [text];
  const nodes = [];
  const lower = text.toLowerCase();
  const needle = q.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0 && needle; at = lower.indexOf(needle, from)) {
    nodes.push(text.slice(from, at), h("mark", { text: text.slice(at, at + needle.length) }));
    from = at + needle.length;
  }
  nodes.push(text.slice(from));
  return nodes;
}
