// The negotiation map: paragraphs × drafts coloured by change, and each delegation's record.

import { api, seg } from "../api.js";
import { h, replace } from "../dom.js";
import { kindName } from "../ui.js";
import { loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { loadProposals } from "./proposals.js";

const LEGEND = ["added", "modified", "moved", "split", "merged", "deleted", "unchanged"];
// A mark per kind, so the map does not speak through colour alone.
const MARKS = { added: "+", modified: "~", moved: "↕", split: "÷", merged: "∪", deleted: "−", unchanged: "" };

/** Render the map of `slug`. */
export async function renderMap(ctx, slug) {
  const [negotiation, map] = await Promise.all([
    loadNegotiation(slug),
    api(`/negotiations/${seg(slug)}/map`),
  ]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`Map · ${negotiation.title}`);
  const base = `#/n/${encodeURIComponent(slug)}`;
  const record = h("div", { class: "record" }, h("p", { class: "muted", text: "Loading proposals…" }));
  replace(ctx.main,
    negotiationHeader(negotiation, "Map"),
    h("div", { class: "page-head" }, h("h1", { text: "Negotiation map" })),
    negotiationTabs(negotiation, "map"),
    h("p", { class: "muted", text: "Each row is one paragraph, each column one draft. Select a cell to open that paragraph's history." }),
    h("ul", { class: "legend", "aria-label": "Colours" },
      LEGEND.map((kind) => h("li", {},
        h("span", { class: `swatch kind-${kind}`, "aria-hidden": "true", text: MARKS[kind] }), kindName(kind))),
      h("li", {}, h("span", { class: "swatch absent", "aria-hidden": "true" }), "Not in the draft")),
    h("div", { class: "table-wrap map-wrap", tabindex: "0", role: "region", "aria-label": "Paragraphs by draft" },
      mapTable(map, base)),
    h("section", { "aria-labelledby": "record-title" },
      h("h2", { id: "record-title", text: "Proposals by delegation" }),
      record));
  ctx.focusHeading();
  try {
    const proposals = await loadProposals(slug);
    if (ctx.isCurrent()) replace(record, recordTable(proposals));
  } catch (error) {
    replace(record, h("p", { class: "form-error", text: error.status === 404 ? "Proposals are not available on this server yet." : `Proposals could not be loaded: ${error.message}` }));
  }
}

function mapTable(map, base) {
  return h("table", { class: "map" },
    h("caption", { class: "visually-hidden", text: "Paragraphs (rows) across drafts (columns), coloured by change" }),
    h("thead", {}, h("tr", {},
      h("th", { scope: "col", text: "Paragraph" }),
      (map.drafts || []).map((d) => h("th", { scope: "col", text: d.label })))),
    h("tbody", {}, (map.rows || []).map((row) => h("tr", {},
      h("th", { scope: "row" }, h("a", { href: `${base}/history/${encodeURIComponent(row.lineage_id)}`, text: row.label || "(unnumbered)" })),
      (row.cells || []).map((cell, i) => {
        if (!cell) return h("td", { class: "absent" }, h("span", { class: "visually-hidden", text: "not in this draft" }));
        const draft = map.drafts[i];
        // A paragraph that is simply there in the first draft is not news.
        const change = i === 0 && cell.change === "added" ? "unchanged" : cell.change || "unchanged";
        return h("td", { class: `kind-${change}` },
          h("a", {
            href: `${base}/history/${encodeURIComponent(row.lineage_id)}`,
            title: `${cell.label || row.label || "Unnumbered paragraph"} in ${draft?.label || ""}: ${kindName(change)}`,
            "aria-label": `${cell.label || row.label || "Unnumbered paragraph"} in ${draft?.label || ""}: ${kindName(change)}`,
          },
          cell.label || "·",
          MARKS[change] ? h("span", { class: "mark", "aria-hidden": "true", text: ` ${MARKS[change]}` }) : null));
      })))));
}

function recordTable(proposals) {
  const byDelegation = new Map();
  for (const proposal of proposals) {
    for (const d of proposal.delegations || []) {
      const row = byDelegation.get(d.code) || { delegation: d, accepted: 0, "partly-accepted": 0, rejected: 0, pending: 0, withdrawn: 0, total: 0 };
      row[proposal.status] = (row[proposal.status] || 0) + 1;
      row.total += 1;
      byDelegation.set(d.code, row);
    }
  }
  if (!byDelegation.size) return h("p", { class: "muted", text: "No proposals recorded yet." });
  const rows = [...byDelegation.values()].sort((a, b) => b.total - a.total || a.delegation.code.localeCompare(b.delegation.code));
  const columns = [["accepted", "Accepted"], ["partly-accepted", "Partly accepted"], ["rejected", "Rejected"], ["pending", "Pending"], ["withdrawn", "Withdrawn"], ["total", "Total"]];
  return h("div", { class: "table-wrap" }, h("table", { class: "data record-table" },
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Delegation" }), columns.map(([, t]) => h("th", { scope: "col", class: "num", text: t })))),
    h("tbody", {}, rows.map((row) => h("tr", {},
      h("th", { scope: "row", text: row.delegation.name && row.delegation.name !== row.delegation.code ? `${row.delegation.name} (${row.delegation.code})` : row.delegation.code }),
      columns.map(([key]) => h("td", { class: `num col-${key}${row[key] ? "" : " zero"}`, text: String(row[key] || 0) })))))));
}
