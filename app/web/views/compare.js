// Compare any two drafts: summary, filters, inline redline or side by side, change navigation.

import { api, seg } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { announce, attributionChips, kindBadge, kindName } from "../ui.js";
import { hunkSpan, opsOf, renderOps } from "../redline.js";
import { comparePicker, loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { openTagDialog } from "./tagging.js";
import { redlineButton } from "./exports.js";
import { natureBadges, natureSwitch, showsNature } from "./nature.js";

const FILTER_KINDS = ["modified", "added", "deleted", "moved", "split", "merged", "unchanged"];

/** Every delegation behind a change: whole-change attributions and those of its hunks. */
export function delegationsOf(change) {
  const found = new Map();
  const all = [...(change.attributions || []), ...(change.hunks || []).flatMap((hk) => hk.attributions || [])];
  for (const attribution of all) {
    for (const d of attribution.delegations || []) found.set(d.code, d);
  }
  return [...found.values()];
}

function matchesKind(change, kinds) {
  if (kinds.has(change.kind)) return true;
  return Boolean(change.moved && kinds.has("moved"));
}

function labelsOf(side) {
  if (!side) return "";
  const labels = side.labels && side.labels.length ? side.labels : side.label ? [side.label] : [];
  return labels.join(", ");
}

/** "OP5 → OP7", "OP10 → OP10, OP10 bis", "OP3" … */
export function changeTitle(change) {
  const from = labelsOf(change.from);
  const to = labelsOf(change.to);
  if (change.kind === "added" && to) return to;
  if (change.kind === "deleted" && from) return from;
  if (from && to && from !== to) return `${from} → ${to}`;
  return to || from || "Unnumbered paragraph";
}

function badgesOf(change) {
  const badges = [kindBadge(change.kind)];
  if (change.moved && change.kind !== "moved") badges.push(kindBadge("moved"));
  if (change.modified && ["moved", "split", "merged"].includes(change.kind)) badges.push(kindBadge("modified", "text"));
  return badges;
}

/** Render the comparison from draft `from` to draft `to`. */
export async function renderCompare(ctx, slug, from, to, mode) {
  performance.mark("compare-start");
  const query = new URLSearchParams({ from, to, precedents: "true" });
  const [negotiation, comparison] = await Promise.all([
    loadNegotiation(slug),
    api(`/negotiations/${seg(slug)}/compare?${query}`),
  ]);
  if (!ctx.isCurrent()) return;
  performance.mark("compare-data");
  const state = {
    slug,
    negotiation,
    comparison,
    mode,
    kinds: new Set(FILTER_KINDS),
    delegation: "",
    current: -1,
  };
  const base = `#/n/${encodeURIComponent(slug)}`;
  const toDraft = (negotiation.drafts || []).find((d) => String(d.seq) === String(comparison.to.seq));
  const fromDraft = (negotiation.drafts || []).find((d) => String(d.seq) === String(comparison.from.seq));
  const changesBox = h("div", { class: `changes mode-${mode}`, id: "changes", lang: toDraft?.language || null });
  state.step = Boolean(toDraft && fromDraft && (toDraft.based_on ?? toDraft.seq - 1) === fromDraft.seq);
  const filterBox = h("div", { class: "no-print" }, filters(state, () => draw()));
  const filterInfo = h("p", { class: "filter-info", "aria-live": "polite" });
  const modeSwitch = h("div", { class: "segmented", role: "group", "aria-label": "View" },
    [["inline", "Inline redline"], ["side", "Side by side"]].map(([key, text]) =>
      h("a", { class: "button secondary", href: `${base}/compare/${comparison.from.seq}/${comparison.to.seq}/${key}`, "aria-current": key === mode ? "true" : null, text })));

  replace(ctx.main,
    negotiationHeader(negotiation, "Compare"),
    h("div", { class: "page-head" },
      h("h1", {}, "Compare ", h("span", { class: "draft-name", text: comparison.from.label }), " → ",
        h("span", { class: "draft-name", text: comparison.to.label }))),
    negotiationTabs(negotiation, "compare"),
    h("div", { class: "toolbar no-print" },
      comparePicker(negotiation, comparison.from.seq, comparison.to.seq, mode),
      modeSwitch,
      h("div", { class: "toolbar-actions" },
        redlineButton(slug, comparison.from.seq, comparison.to.seq),
        h("button", { type: "button", class: "secondary", text: "Print", onClick: () => window.print() }))),
    summaryBar(comparison),
    filterBox,
    h("p", { class: "keys no-print", id: "keys-help" },
      h("kbd", { text: "j" }), " or ", h("kbd", { text: "n" }), " next change · ",
      h("kbd", { text: "k" }), " or ", h("kbd", { text: "p" }), " previous change · ",
      h("kbd", { text: "h" }), " history of the current paragraph · select a marked change to tag who asked for it."),
    filterInfo,
    changesBox);

  function draw() {
    const visible = state.comparison.changes.filter((change) =>
      matchesKind(change, state.kinds) && showsNature(change, state)
      && (!state.delegation || delegationsOf(change).some((d) => d.code === state.delegation)));
    const counted = visible.filter((c) => c.kind !== "unchanged").length;
    filterInfo.textContent = `Showing ${plural(visible.length, "paragraph")}, ${plural(counted, "change")}.`;
    state.current = -1;
    const columns = state.mode === "side"
      ? h("div", { class: "side-columns", "aria-hidden": "true" },
        h("span", { text: comparison.from.label }), h("span", { text: comparison.to.label }))
      : null;
    replace(changesBox, visible.length
      ? [columns, visible.map((change) => changeArticle(state, change, reload))]
      : h("p", { class: "empty", text: "No paragraph matches these filters." }));
  }

  async function reload(lineage) {
    const fresh = await api(`/negotiations/${seg(slug)}/compare?${query}`);
    if (!ctx.isCurrent()) return;
    state.comparison = fresh;
    replace(filterBox, filters(state, () => draw()));
    draw();
    const again = lineage && changesBox.querySelector(`[data-lineage="${CSS.escape(lineage)}"]`);
    if (again) again.focus();
  }

  draw();
  performance.mark("compare-rendered");
  performance.measure("compare-render", "compare-start", "compare-rendered");
  performance.measure("compare-dom", "compare-data", "compare-rendered");
  ctx.focusHeading();
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark("compare-painted");
    document.body.dataset.compareRendered = "true";
  }, 0));

  const onKey = (event) => keyNavigation(event, state, changesBox, base);
  document.addEventListener("keydown", onKey);
  ctx.onLeave(() => document.removeEventListener("keydown", onKey));
}

function summaryBar(comparison) {
  const summary = comparison.summary || {};
  const items = ["added", "deleted", "modified", "moved", "split", "merged"]
    .map((kind) => h("div", { class: `summary-item kind-${kind}`, dataset: { kind } },
      h("dt", { text: kindName(kind) }), h("dd", { text: String(summary[kind] || 0) })));
  items.push(h("div", { class: "summary-item words", dataset: { kind: "words" } },
    h("dt", { text: "Words" }),
    h("dd", {}, h("ins", { text: `+${summary.words_inserted || 0}` }), " ", h("del", { text: `−${summary.words_deleted || 0}` }))));
  return h("section", { class: "summary", "aria-label": "Summary of changes" }, h("dl", { class: "summary-bar" }, items));
}

function filters(state, redraw) {
  const counts = new Map(FILTER_KINDS.map((k) => [k, state.comparison.changes.filter((c) => matchesKind(c, new Set([k]))).length]));
  const boxes = FILTER_KINDS.map((kind) => {
    const box = h("input", { type: "checkbox", name: "kind", value: kind, checked: state.kinds.has(kind) });
    box.addEventListener("change", () => {
      if (box.checked) state.kinds.add(kind);
      else state.kinds.delete(kind);
      redraw();
    });
    return h("label", { class: `check kind-${kind}` }, box, ` ${kindName(kind)} (${counts.get(kind)})`);
  });
  const delegations = new Map();
  for (const change of state.comparison.changes) {
    for (const d of delegationsOf(change)) delegations.set(d.code, d);
  }
  const select = h("select", { id: "filter-delegation" },
    h("option", { value: "", text: "All delegations" }),
    [...delegations.values()].sort((a, b) => (a.name || a.code).localeCompare(b.name || b.code))
      .map((d) => h("option", { value: d.code, text: d.name && d.name !== d.code ? `${d.name} (${d.code})` : d.code })));
  select.addEventListener("change", () => {
    state.delegation = select.value;
    redraw();
  });
  return h("div", { class: "filters no-print" },
    h("fieldset", { class: "kinds" }, h("legend", { text: "Show" }), boxes, natureSwitch(state, redraw)),
    h("div", { class: "field" }, h("label", { for: "filter-delegation", text: "Asked for by" }), select));
}

function changeArticle(state, change, reload) {
  const { slug, comparison } = state;
  const title = changeTitle(change);
  const historyHref = `#/n/${encodeURIComponent(slug)}/history/${encodeURIComponent(change.lineage_id)}`;
  const stepNote = state.step ? "" : `Tags belong to one step between consecutive drafts. To tag this change, compare ${comparison.to.label} with the draft it is based on.`;
  const tag = (hunk) => openTagDialog({ slug, toSeq: comparison.to.seq, change, hunk, stepNote },
    () => reload(change.lineage_id));
  const wrapHunk = (index, parts, run) => hunkSpan(index, (change.hunks || [])[index] || {
    index,
    delete: run.filter((o) => o.op === "delete").map((o) => o.text).join(""),
    insert: run.filter((o) => o.op === "insert").map((o) => o.text).join(""),
    attributions: [],
  }, parts, tag);
  const ops = opsOf(change);
  const chips = attributionChips(change.attributions || []);
  const hunkChips = (change.hunks || []).flatMap((hk) => hk.attributions || []);
  const seen = new Set(chips.map((c) => c.title));
  for (const chip of attributionChips(hunkChips)) {
    if (!seen.has(chip.title)) {
      seen.add(chip.title);
      chips.push(chip);
    }
  }
  let body;
  if (state.mode === "side") {
    // Paragraph labels under each column only where they differ (renumbered, split, merged).
    const same = labelsOf(change.from) === labelsOf(change.to);
    const fromLabel = same ? "" : labelsOf(change.from);
    const toLabel = same ? "" : labelsOf(change.to);
    body = h("div", { class: "sides" },
      h("div", { class: "side side-from" },
        sideLabel(comparison.from.label, fromLabel),
        change.kind === "added"
          ? h("p", { class: "side-empty", text: "Not in this draft." })
          : h("p", { class: "text", dir: "auto" }, renderOps(ops, "from", wrapHunk))),
      h("div", { class: "side side-to" },
        sideLabel(comparison.to.label, toLabel),
        change.kind === "deleted"
          ? h("p", { class: "side-empty", text: "Deleted." })
          : h("p", { class: "text", dir: "auto" }, renderOps(ops, "to", wrapHunk))));
  } else {
    body = h("p", { class: "text", dir: "auto" }, renderOps(ops, "inline", wrapHunk));
  }
  const relation = relationNote(change);
  return h("article", {
    class: `change kind-${change.kind}${change.moved ? " is-moved" : ""}`,
    tabindex: "-1",
    dataset: { lineage: change.lineage_id, kind: change.kind },
    "aria-label": `${title}: ${kindName(change.kind)}`,
  },
  h("header", { class: "change-head" },
    h("h2", { class: "change-label" }, h("a", { href: historyHref, title: "This paragraph's history", text: title })),
    badgesOf(change),
    natureBadges(change),
    change.words_inserted || change.words_deleted
      ? h("span", { class: "words muted", text: `+${change.words_inserted || 0} / −${change.words_deleted || 0} words` })
      : null,
    h("span", { class: "chips" }, chips),
    change.kind === "unchanged" ? null
      : h("button", { type: "button", class: "link-button no-print", text: "Tag", "aria-label": `Tag who asked for the change to ${title}`, onClick: () => tag(null) })),
  relation ? h("p", { class: "relation", text: relation }) : null,
  body);
}

/** "Rev.1 · OP5": the draft's name shows only where the column headings do not. */
function sideLabel(draft, labels) {
  return h("p", { class: "side-label" },
    h("span", { class: "side-draft", text: draft }),
    labels ? h("span", { class: "side-draft", text: " · " }) : null,
    labels || null);
}

function relationNote(change) {
  const from = labelsOf(change.from);
  const to = labelsOf(change.to);
  if (change.kind === "split") return `Split: ${from} became ${to}.`;
  if (change.kind === "merged") return `Merged: ${from} became ${to}.`;
  if (change.moved || change.kind === "moved") return `Moved: was ${from || "?"}, now ${to || "?"}.`;
  return "";
}

function keyNavigation(event, state, box, base) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (typesText(target)) return;
  const key = event.key.toLowerCase();
  const articles = [...box.querySelectorAll("article.change:not(.kind-unchanged)")];
  if (!articles.length) return;
  const focused = target.closest ? target.closest("article.change") : null;
  let index = focused ? articles.indexOf(focused) : state.current;
  if (key === "j" || key === "n") {
    index = index < 0 ? 0 : Math.min(index + 1, articles.length - 1);
    if (focused && articles.indexOf(focused) < 0) index = nextAfter(articles, focused);
  } else if (key === "k" || key === "p") {
    index = index < 0 ? 0 : Math.max(index - 1, 0);
  } else if (key === "h") {
    const article = articles[index] || focused;
    if (article) window.location.hash = `${base}/history/${encodeURIComponent(article.dataset.lineage)}`;
    return;
  } else return;
  event.preventDefault();
  state.current = index;
  const article = articles[index];
  article.focus({ preventScroll: true });
  const tall = article.getBoundingClientRect().height > window.innerHeight * 0.6;
  article.scrollIntoView({ block: tall ? "start" : "center" });
  announce(`Change ${index + 1} of ${articles.length}: ${article.getAttribute("aria-label")}`);
}

/** Whether keys pressed in `node` are typing (text fields, lists, dialogs), not commands. */
function typesText(node) {
  if (!node.closest) return false;
  if (node.closest("select, textarea, dialog, [contenteditable]")) return true;
  return node.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(node.type);
}

function nextAfter(articles, node) {
  const index = articles.findIndex((a) => node.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
  return index < 0 ? articles.length - 1 : index;
}

