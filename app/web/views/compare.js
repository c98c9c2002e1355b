// Compare any two drafts: summary, filters, inline redline or side by side, change navigation.
//
// The address keeps the reader's place: `?show=` the kinds shown (default every kind but
// unchanged), `?by=` a delegation, `?at=` the lineage of the current change. Back, reload and
// a shared link land on the same change with the same filters, in either view.

import { api, seg, session } from "../api.js";
import { keepInAddress, withQuery } from "../address.js";
import { h, plural, replace } from "../dom.js";
import { announce, attributionChips, kindBadge, kindName } from "../ui.js";
import { cardKeys, hunkSpan, opsOf, renderOps } from "../redline.js";
import { comparePicker, defaultPair, loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { openTagDialog } from "./tagging.js";
import { openLineageDialog } from "./lineage.js";
import { redlineButton } from "./exports.js";
import { natureBadges, natureSwitch, showsNature } from "./nature.js";

const FILTER_KINDS = ["modified", "added", "deleted", "moved", "split", "merged", "unchanged"];
const DEFAULT_KINDS = FILTER_KINDS.filter((kind) => kind !== "unchanged");

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

function isMove(change) {
  return change.kind === "moved" || Boolean(change.moved);
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

/** `#/n/{slug}/compare`: open the default pair, the draft before the latest → the latest. */
export async function renderDefaultCompare(ctx, slug) {
  const negotiation = await loadNegotiation(slug);
  if (!ctx.isCurrent()) return;
  const pair = defaultPair(negotiation);
  if (!pair) {
    ctx.setTitle(`Compare · ${negotiation.title}`);
    replace(ctx.main, negotiationHeader(negotiation, "Compare"), h("h1", { text: "Compare" }),
      negotiationTabs(negotiation, "compare"), h("p", { class: "empty", text: "Upload a second draft to compare." }));
    return;
  }
  window.location.replace(`#/n/${encodeURIComponent(slug)}/compare/${pair[0]}/${pair[1]}`);
}

/** Render the comparison from draft `from` to draft `to`. */
export async function renderCompare(ctx, slug, from, to, mode) {
  for (const name of ["compare-start", "compare-data", "compare-rendered"]) performance.clearMarks(name);
  for (const name of ["compare-render", "compare-dom"]) performance.clearMeasures(name);
  performance.mark("compare-start");
  const query = new URLSearchParams({ from, to, precedents: "true" });
  const [negotiation, comparison] = await Promise.all([
    loadNegotiation(slug),
    api(`/negotiations/${seg(slug)}/compare?${query}`),
  ]);
  if (!ctx.isCurrent()) return;
  performance.mark("compare-data");
  const shown = ctx.query.get("show");
  const state = {
    slug,
    negotiation,
    comparison,
    mode,
    kinds: new Set(shown === null ? DEFAULT_KINDS : shown.split(",").filter((k) => FILTER_KINDS.includes(k))),
    delegation: ctx.query.get("by") || "",
    at: ctx.query.get("at") || "",
    editor: session.can("editor"),
  };
  const base = `#/n/${encodeURIComponent(slug)}`;
  ctx.setTitle(`${comparison.from.label} → ${comparison.to.label} · ${negotiation.title}`);
  const toDraft = (negotiation.allDrafts || []).find((d) => String(d.seq) === String(comparison.to.seq));
  const changesBox = h("div", { class: `changes mode-${mode}`, id: "changes", lang: toDraft?.language || null });
  state.step = Boolean(toDraft && toDraft.based_on === comparison.from.seq);
  const filterBox = h("div", { class: "no-print" });
  const filterInfo = h("p", { class: "filter-info", "aria-live": "polite" });
  const modeLinks = [["inline", "Inline redline"], ["side", "Side by side"]].map(([key, text]) =>
    h("a", { class: "button secondary", dataset: { mode: key }, "aria-current": key === mode ? "true" : null, text }));
  const position = h("span", { class: "change-position", "aria-live": "polite" });
  const previous = h("button", { type: "button", class: "secondary", text: "← Previous change", onClick: () => step(-1) });
  const next = h("button", { type: "button", text: "Next change →", onClick: () => step(1) });
  const changeNav = h("nav", { class: "change-nav no-print", "aria-label": "Changes" }, previous, position, next);
  const small = window.matchMedia("(max-width: 820px)").matches;

  replace(ctx.main,
    negotiationHeader(negotiation, "Compare"),
    h("div", { class: "page-head" },
      h("h1", {}, "Compare ", h("span", { class: "draft-name", text: comparison.from.label }), " → ",
        h("span", { class: "draft-name", text: comparison.to.label }))),
    negotiationTabs(negotiation, "compare"),
    h("details", { class: "compare-tools no-print", open: !small },
      h("summary", { text: "Drafts, view, filters and exports" }),
      h("div", { class: "toolbar" },
        comparePicker(negotiation, comparison.from.seq, comparison.to.seq, mode),
        h("div", { class: "segmented", role: "group", "aria-label": "View" }, modeLinks),
        h("div", { class: "toolbar-actions" },
          redlineButton(slug, comparison.from.seq, comparison.to.seq),
          h("button", { type: "button", class: "secondary", text: "Print", onClick: () => window.print() }))),
      summaryBar(comparison),
      filterBox,
      h("p", { class: "keys", id: "keys-help" },
        h("kbd", { text: "j" }), " or ", h("kbd", { text: "n" }), " next change · ",
        h("kbd", { text: "k" }), " or ", h("kbd", { text: "p" }), " previous change · ",
        h("kbd", { text: "h" }), " history of the current paragraph · ",
        h("kbd", { text: "→" }), " ", h("kbd", { text: "←" }), " move within a change (its links and marked words) · ",
        h("kbd", { text: "/" }), " go to a paragraph or search.")),
    filterInfo,
    changeNav,
    changesBox);

  /** The address (and the view switch) carry the filters and the current change. */
  function remember() {
    const kinds = [...state.kinds].sort((a, b) => FILTER_KINDS.indexOf(a) - FILTER_KINDS.indexOf(b));
    const params = {
      show: kinds.join(",") === DEFAULT_KINDS.join(",") ? "" : kinds.join(",") || "none",
      by: state.delegation,
      at: state.at,
    };
    keepInAddress(new URLSearchParams(Object.entries(params).filter(([, v]) => v)));
    for (const link of modeLinks) {
      link.href = withQuery(`${base}/compare/${comparison.from.seq}/${comparison.to.seq}/${link.dataset.mode}`, params);
    }
  }

  function articles() {
    return [...changesBox.querySelectorAll("article.change:not(.kind-unchanged)")];
  }

  function showPosition(article) {
    const all = articles();
    const index = all.indexOf(article);
    position.textContent = all.length ? `${index < 0 ? "–" : index + 1} of ${plural(all.length, "change")}` : "No changes";
    previous.disabled = index <= 0;
    next.disabled = index >= all.length - 1;
  }

  function focusArticle(article, announceIt) {
    article.focus({ preventScroll: true });
    const tall = article.getBoundingClientRect().height > window.innerHeight * 0.6;
    article.scrollIntoView({ block: tall ? "start" : "center" });
    if (announceIt) {
      const all = articles();
      announce(`Change ${all.indexOf(article) + 1} of ${all.length}: ${article.getAttribute("aria-label")}`);
    }
  }

  function step(delta) {
    const all = articles();
    if (!all.length) return;
    const current = all.findIndex((a) => a.dataset.lineage === state.at);
    const index = current < 0 ? (delta > 0 ? 0 : all.length - 1) : Math.min(Math.max(current + delta, 0), all.length - 1);
    focusArticle(all[index], true);
  }

  function draw() {
    const visible = state.comparison.changes.filter((change) =>
      matchesKind(change, state.kinds) && showsNature(change, state)
      && (!state.delegation || delegationsOf(change).some((d) => d.code === state.delegation)));
    const counted = visible.filter((c) => c.kind !== "unchanged").length;
    const hidden = state.comparison.changes.length - visible.length;
    filterInfo.textContent = `Showing ${plural(counted, "change")}${visible.length > counted ? ` and ${plural(visible.length - counted, "unchanged paragraph")}` : ""}${hidden ? `; ${hidden} hidden by the filters` : ""}.`;
    const columns = state.mode === "side"
      ? h("div", { class: "side-columns", "aria-hidden": "true" },
        h("span", { text: comparison.from.label }), h("span", { text: comparison.to.label }))
      : null;
    const cards = visible.map((change) => changeArticle(state, change, reload));
    const withGhosts = state.kinds.has("moved") ? placeMoveOrigins(state.comparison.changes, visible, cards) : cards;
    replace(changesBox, visible.length
      ? [columns, withGhosts]
      : h("p", { class: "empty", text: "No paragraph matches these filters." }));
    showPosition(null);
  }

  async function reload(lineage) {
    const fresh = await api(`/negotiations/${seg(slug)}/compare?${query}`);
    if (!ctx.isCurrent()) return;
    state.comparison = fresh;
    replace(filterBox, filters(state, redraw));
    draw();
    const again = lineage && changesBox.querySelector(`article[data-lineage="${CSS.escape(lineage)}"]`);
    if (again) focusArticle(again, false);
    return again;
  }

  function redraw() {
    draw();
    remember();
  }

  replace(filterBox, filters(state, redraw));
  draw();
  performance.mark("compare-rendered");
  performance.measure("compare-render", "compare-start", "compare-rendered");
  const measured = performance.measure("compare-dom", "compare-data", "compare-rendered");
  document.body.dataset.compareRenderMs = measured.duration.toFixed(1);
  remember();
  const target = state.at && changesBox.querySelector(`article[data-lineage="${CSS.escape(state.at)}"]`);
  if (target) {
    focusArticle(target, false);
    showPosition(target);
  } else ctx.focusHeading();
  requestAnimationFrame(() => setTimeout(() => {
    performance.mark("compare-painted");
    document.body.dataset.compareRendered = "true";
  }, 0));

  const onFocus = (event) => {
    const article = event.target.closest ? event.target.closest("article.change") : null;
    if (!article || !changesBox.contains(article)) return;
    state.at = article.dataset.lineage;
    showPosition(article);
    remember();
  };
  changesBox.addEventListener("focusin", onFocus);
  const current = () => articles().find((a) => a.dataset.lineage === state.at);
  const onKey = (event) => keyNavigation(event, { articles, current, step, base });
  document.addEventListener("keydown", onKey);
  ctx.onLeave(() => document.removeEventListener("keydown", onKey));
}

/**
 * Cards with a marker where each moved paragraph used to be (Word shows both ends of a move).
 * The old order is the order of the `from` paragraph ids, which the server hands out in
 * document order within a draft. Over every change (shown or filtered out), the marker belongs
 * before the first paragraph that stayed in place and came after the moved one in the old
 * draft; it is drawn before the first shown card from there on.
 */
function placeMoveOrigins(all, visible, cards) {
  const index = new Map(all.map((change, i) => [change, i]));
  const stayed = all
    .map((change, i) => ({ i, id: change.from?.paragraph_ids?.[0], moved: isMove(change) }))
    .filter((entry) => entry.id !== undefined && !entry.moved);
  const before = new Map();
  for (const change of visible) {
    const id = change.from?.paragraph_ids?.[0];
    if (!isMove(change) || id === undefined) continue;
    const next = stayed.find((entry) => entry.id > id);
    const from = next ? next.i : all.length;
    let at = visible.findIndex((shown) => index.get(shown) >= from);
    if (at < 0) at = visible.length;
    if (!before.has(at)) before.set(at, []);
    before.get(at).push(moveOrigin(change));
  }
  const out = [];
  cards.forEach((card, i) => out.push(...(before.get(i) || []), card));
  out.push(...(before.get(visible.length) || []));
  return out;
}

function moveOrigin(change) {
  const from = labelsOf(change.from) || "This paragraph";
  const to = labelsOf(change.to) || "?";
  const go = (event) => {
    event.preventDefault();
    const card = document.querySelector(`article.change[data-lineage="${CSS.escape(change.lineage_id)}"]`);
    if (card) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "center" });
    }
  };
  return h("p", { class: "move-origin", dataset: { origin: change.lineage_id } },
    h("span", { class: "move-mark", "aria-hidden": "true", text: "↕" }), " ",
    h("span", { text: `${from} was here; moved to ${to}. ` }),
    h("a", { href: "#changes", tabindex: "-1", onClick: go, text: `Show ${to}` }));
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
      .map((d) => h("option", { value: d.code, selected: d.code === state.delegation, text: d.name && d.name !== d.code ? `${d.name} (${d.code})` : d.code })));
  select.addEventListener("change", () => {
    state.delegation = select.value;
    redraw();
  });
  return h("div", { class: "filters" },
    h("fieldset", { class: "kinds" }, h("legend", { text: "Show" }), boxes, natureSwitch(state, redraw)),
    h("div", { class: "field" }, h("label", { for: "filter-delegation", text: "Asked for by" }), select));
}

function changeArticle(state, change, reload) {
  const { slug, comparison, editor } = state;
  const title = changeTitle(change);
  const historyHref = `#/n/${encodeURIComponent(slug)}/history/${encodeURIComponent(change.lineage_id)}`;
  const stepNote = state.step ? "" : `Tags belong to one step between consecutive drafts. To tag this change, compare ${comparison.to.label} with the draft it is based on.`;
  const tag = editor
    ? (hunk) => openTagDialog({ slug, toSeq: comparison.to.seq, change, hunk, stepNote }, () => reload(change.lineage_id))
    : null;
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
  const correctable = editor && state.step && change.kind !== "unchanged" && (change.to?.paragraph_ids || []).length;
  return cardKeys(h("article", {
    class: `change kind-${change.kind}${change.moved ? " is-moved" : ""}`,
    tabindex: "0",
    dataset: { lineage: change.lineage_id, kind: change.kind },
    "aria-label": `${title}: ${kindName(change.kind)}`,
    "aria-describedby": "keys-help",
  },
  h("header", { class: "change-head" },
    h("h2", { class: "change-label" }, h("a", { href: historyHref, tabindex: "-1", title: "This paragraph's history", text: title })),
    badgesOf(change),
    natureBadges(change),
    change.words_inserted || change.words_deleted
      ? h("span", { class: "words muted", text: `+${change.words_inserted || 0} / −${change.words_deleted || 0} words` })
      : null,
    h("span", { class: "chips" }, chips),
    change.kind === "unchanged" || !tag ? null
      : h("button", { type: "button", class: "link-button no-print", tabindex: "-1", text: "Tag", "aria-label": `Tag who asked for the change to ${title}`, onClick: () => tag(null) }),
    correctable
      ? h("button", { type: "button", class: "link-button no-print", tabindex: "-1", text: "Correct lineage", "aria-label": `Correct lineage of ${title}`,
        onClick: () => openLineageDialog({ slug, comparison, change }, async (lineage, message) => {
          const again = await reload(lineage);
          announce(message(again));
        }) })
      : null),
  relation ? h("p", { class: "relation", text: relation }) : null,
  body));
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
  if (isMove(change)) return `Moved: was ${from || "?"}, now ${to || "?"}.`;
  return "";
}

function keyNavigation(event, { articles, current, step, base }) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (typesText(target)) return;
  const focused = target.closest ? target.closest("article.change") : null;
  const key = event.key.toLowerCase();
  if (key === "j" || key === "n") step(1);
  else if (key === "k" || key === "p") step(-1);
  else if (key === "h") {
    const article = focused || current() || articles()[0];
    if (article) window.location.hash = `${base}/history/${encodeURIComponent(article.dataset.lineage)}`;
  } else return;
  event.preventDefault();
}

/** Whether keys pressed in `node` are typing (text fields, lists, dialogs), not commands. */
function typesText(node) {
  if (!node.closest) return false;
  if (node.closest("select, textarea, dialog, [contenteditable]")) return true;
  return node.tagName === "INPUT" && !["checkbox", "radio", "button", "submit", "reset"].includes(node.type);
}
