// Word-level diffs as DOM: `<ins>` and `<del>` built from the API's ops, grouped into hunks.

import { h } from "./dom.js";
import { agreedClass, agreedMark } from "./agreed.js";

/**
 * The ops of a change, or ops made up from its texts when the server sent none
 * (an added paragraph is all insertion, a deleted one all deletion).
 */
export function opsOf(change) {
  if (change.ops && change.ops.length) return change.ops;
  const from = change.from?.text || "";
  const to = change.to?.text || "";
  if (change.kind === "added" || (!from && to)) return [{ op: "insert", text: to }];
  if (change.kind === "deleted" || (from && !to)) return [{ op: "delete", text: from }];
  if (from === to) return [{ op: "equal", text: to }];
  return [{ op: "delete", text: from }, { op: "insert", text: to }];
}

/**
 * Render `ops` into `side` ("inline", "from" or "to"). Each run of non-equal ops is hunk i
 * (the server numbers hunks the same way) and is wrapped by `wrapHunk(index, nodes)`.
 */
export function renderOps(ops, side = "inline", wrapHunk = null) {
  const nodes = [];
  let run = [];
  let hunk = 0;
  const flush = () => {
    if (!run.length) return;
    const parts = run
      .filter((op) => side === "inline" || (side === "from" ? op.op === "delete" : op.op === "insert"))
      .map((op) => h(op.op === "insert" ? "ins" : "del", { text: op.text }));
    // A side that has nothing of this hunk (an insertion, seen from the old text) shows nothing.
    if (wrapHunk && parts.length) nodes.push(wrapHunk(hunk, parts, run));
    else nodes.push(...parts);
    hunk += 1;
    run = [];
  };
  for (const op of ops) {
    if (op.op === "equal") {
      flush();
      nodes.push(document.createTextNode(op.text));
    } else run.push(op);
  }
  flush();
  return nodes;
}

/** A short "− old + new" description of a hunk, as nodes. */
export function hunkSummary(hunk) {
  return h("span", { class: "hunk-summary" },
    hunk.delete ? h("del", { text: hunk.delete }) : null,
    hunk.delete && hunk.insert ? " → " : null,
    hunk.insert ? h("ins", { text: hunk.insert }) : null);
}

/**
 * Hunk number `index` of a redline, its `parts` followed by the codes of the delegations it is
 * attributed to. With `onTag`, the hunk is a button that calls `onTag(hunk)` (click, Enter or
 * Space); it is not a tab stop of its own (the arrow keys reach it within its change card).
 */
export function hunkSpan(index, hunk, parts, onTag) {
  const codes = [...new Set((hunk.attributions || []).flatMap((a) => (a.delegations || []).map((d) => d.code)))];
  const tags = codes.length ? h("span", { class: "hunk-tags", text: codes.join(", ") }) : null;
  const classes = `hunk${codes.length ? " tagged" : ""}${agreedClass(hunk) ? ` ${agreedClass(hunk)}` : ""}`;
  if (!onTag) return h("span", { class: classes, dataset: { hunk: String(index) } }, parts, agreedMark(hunk), tags);
  const span = h("span", {
    class: classes,
    role: "button",
    tabindex: "-1",
    title: "Tag who asked for this change",
    dataset: { hunk: String(index) },
  }, parts, agreedMark(hunk), tags);
  span.addEventListener("click", () => onTag(hunk));
  span.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onTag(hunk);
    }
  });
  return span;
}

/**
 * Make `card` one tab stop: its links, buttons and marked words leave the tab order and the
 * arrow keys move through them (Escape returns to the card). Returns the card.
 */
export function cardKeys(card) {
  const inner = () => [...card.querySelectorAll("a[href], button, .hunk[role=button]")];
  for (const node of inner()) node.setAttribute("tabindex", "-1");
  card.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && event.target !== card) {
      event.preventDefault();
      card.focus();
      return;
    }
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
    const nodes = inner();
    if (!nodes.length) return;
    event.preventDefault();
    event.stopPropagation();
    const at = nodes.indexOf(event.target);
    const delta = event.key === "ArrowRight" ? 1 : -1;
    nodes[at < 0 ? (delta > 0 ? 0 : nodes.length - 1) : (at + delta + nodes.length) % nodes.length].focus();
  });
  return card;
}
