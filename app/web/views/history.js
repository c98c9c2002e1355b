// One paragraph's life across drafts, as a vertical timeline, with the proposals on it.

import { api, seg, session } from "../api.js";
import { withQuery } from "../address.js";
import { formatDate, h, replace } from "../dom.js";
import { attributionChips, kindBadge, STAGES } from "../ui.js";
import { cardKeys, hunkSpan, opsOf, renderOps } from "../redline.js";
import { loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { openTagDialog } from "./tagging.js";
import { proposalsSection } from "./proposals.js";
import { precedentsSection } from "./precedents.js";

const LINEAGE_ID = /^[0-9a-f]{32}$/;

/**
 * Render the history of paragraph `ref`: a lineage id, or a label read in the draft the
 * address names (`?draft=3`), by default the latest. A label no draft has opens the search.
 */
export async function renderHistory(ctx, slug, ref) {
  const draftSeq = ctx.query.get("draft");
  const asked = draftSeq ? `?${new URLSearchParams({ draft: draftSeq })}` : "";
  let negotiation;
  let history;
  try {
    [negotiation, history] = await Promise.all([
      loadNegotiation(slug),
      api(`/negotiations/${seg(slug)}/paragraphs/${seg(ref)}/history${asked}`),
    ]);
  } catch (error) {
    if (error.status === 404 && !LINEAGE_ID.test(ref) && ctx.isCurrent()) {
      window.location.replace(withQuery(`#/n/${encodeURIComponent(slug)}/search`, { q: ref }));
      return;
    }
    throw error;
  }
  if (!ctx.isCurrent()) return;
  const base = `#/n/${encodeURIComponent(slug)}`;
  const drafts = negotiation.drafts || [];
  const latest = drafts[drafts.length - 1];
  const entries = history.entries || [];
  const label = history.label || "Unnumbered paragraph";
  ctx.setTitle(`History of ${label} · ${negotiation.title}`);
  const editor = session.can("editor");
  const reload = () => renderHistory(ctx, slug, ref);
  const newest = [...entries].reverse().find((entry) => entry.paragraph_id && entry.draft);
  const relatives = (list, verb) => (list || []).map((r) => h("li", {},
    `${verb} `, h("a", { href: `${base}/history/${encodeURIComponent(r.lineage_id)}`, text: r.label || r.lineage_id }),
    ` (${r.kind}${r.draft ? `, in ${draftLabel(drafts, r.draft)}` : ""})`));

  replace(ctx.main,
    negotiationHeader(negotiation, `History of ${label}`),
    h("div", { class: "page-head" },
      h("h1", {}, h("span", { text: label }), h("span", { class: "muted", text: " — its life across the drafts" }))),
    negotiationTabs(negotiation, "history"),
    (history.origins?.length || history.successors?.length)
      ? h("ul", { class: "relations" }, relatives(history.origins, "Came from"), relatives(history.successors, "Went on as"))
      : null,
    h("div", { class: "layout-two" },
      h("section", { class: "grow", "aria-labelledby": "life-title" },
        h("h2", { id: "life-title", class: "visually-hidden", text: "Drafts" }),
        h("ol", { class: "timeline history" }, entries.map((entry, i) => historyEntry({
          slug, base, entry, previous: entries[i - 1], reload, editor,
        }))),
        newest ? precedentsSection(slug, newest.draft.seq, newest.paragraph_id) : null),
      latest ? proposalsSection(ctx, { slug, negotiation, lineageId: history.lineage_id, label, latestSeq: latest.seq }) : null));
  ctx.focusHeading();
}

function draftLabel(drafts, ref) {
  const seq = typeof ref === "object" && ref ? ref.seq : ref;
  const found = drafts.find((d) => String(d.seq) === String(seq));
  return found ? found.label : typeof ref === "object" && ref ? ref.label : `draft ${seq}`;
}

function historyEntry({ slug, base, entry, previous, reload, editor }) {
  const draft = entry.draft || {};
  const change = {
    lineage_id: entry.lineage_id,
    kind: entry.change,
    moved: entry.moved,
    ops: entry.ops,
    hunks: entry.hunks || [],
    attributions: entry.attributions || [],
    from: { text: previous?.text || "" },
    to: { label: entry.label, text: entry.text || "" },
  };
  const tag = editor ? (hunk) => openTagDialog({ slug, toSeq: draft.seq, change, hunk, stepNote: "" }, reload) : null;
  const wrapHunk = (index, parts) => {
    const hunk = change.hunks[index];
    return hunk ? hunkSpan(index, hunk, parts, tag) : h("span", { class: "hunk" }, parts);
  };
  const first = !previous;
  const ops = first ? [{ op: "equal", text: entry.text || "" }] : opsOf(change);
  const who = [
    ...attributionChips(change.attributions),
    ...change.hunks.flatMap((hk) => attributionChips(hk.attributions)),
  ];
  const unique = [];
  const seen = new Set();
  for (const chip of who) {
    if (!seen.has(chip.title)) {
      seen.add(chip.title);
      unique.push(chip);
    }
  }
  return h("li", { class: `timeline-item kind-${entry.change || "unchanged"}`, dataset: { seq: String(draft.seq) } },
    h("div", { class: "timeline-marker", "aria-hidden": "true" }),
    cardKeys(h("article", { class: "card history-entry", tabindex: "0", "aria-label": `${draft.label}${entry.label ? ` · ${entry.label}` : ""}` },
      h("header", {},
        h("h3", {}, h("span", { text: draft.label }), h("span", { class: "para-label", text: entry.label ? ` · ${entry.label}` : "" })),
        h("span", { class: "badge stage-badge", text: STAGES[draft.stage] || draft.stage || "" }),
        first ? h("span", { class: "badge kind-added", text: "First appears" }) : kindBadge(entry.change || "unchanged"),
        entry.moved && entry.change !== "moved" ? kindBadge("moved") : null,
        draft.circulated_on ? h("time", { class: "muted", datetime: draft.circulated_on, text: formatDate(draft.circulated_on) }) : null),
      !ops.some((op) => op.text)
        ? h("p", { class: "text muted", text: "Not in this draft." })
        : h("p", { class: "text", dir: "auto" }, renderOps(ops, "inline", first ? null : wrapHunk)),
      unique.length ? h("p", { class: "who" }, h("span", { class: "muted", text: "Asked for by " }), h("span", { class: "chips" }, unique)) : null,
      previous && previous.draft
        ? h("p", { class: "no-print" }, h("a", { href: `${base}/compare/${previous.draft.seq}/${draft.seq}?${new URLSearchParams({ at: entry.lineage_id })}`, tabindex: "-1", text: `Compare ${previous.draft.label} → ${draft.label}` }))
        : null)));
}
