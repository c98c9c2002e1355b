// Shared pieces of the interface: notices, chips, badges, buttons.

import { h, replace } from "./dom.js";

const KIND_NAMES = {
  unchanged: "Unchanged",
  modified: "Modified",
  added: "Added",
  deleted: "Deleted",
  moved: "Moved",
  split: "Split",
  merged: "Merged",
  "split-away": "Split up",
  "merged-away": "Merged into another",
};

export const STAGES = {
  zero: "Zero draft",
  revision: "Revision",
  tabled: "Tabled",
  "oral-revision": "Oral revision",
  adopted: "Adopted",
};

/** Show an error to the reader (and to screen readers) in plain words. */
export function showError(error) {
  const box = document.getElementById("error");
  const message = typeof error === "string" ? error : error?.message || "Something went wrong.";
  replace(
    box,
    h("span", { text: message }),
    h("button", { type: "button", class: "link-button", text: "Dismiss", onClick: clearError }),
  );
  box.hidden = false;
}

/** Hide the error notice. */
export function clearError() {
  const box = document.getElementById("error");
  box.hidden = true;
  box.replaceChildren();
}

/** Announce a status message politely. */
export function announce(message) {
  const box = document.getElementById("status");
  box.textContent = message;
  clearTimeout(announce.timer);
  announce.timer = setTimeout(() => {
    box.textContent = "";
  }, 6000);
}

/** Clear the status message (a new page has its own). */
export function clearStatus() {
  clearTimeout(announce.timer);
  document.getElementById("status").textContent = "";
}

/** The readable name of a change kind. */
export function kindName(kind) {
  if (KIND_NAMES[kind]) return KIND_NAMES[kind];
  const words = String(kind || "").replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A small coloured badge naming a change kind. */
export function kindBadge(kind, extra = "") {
  return h("span", { class: `badge kind-${kind}`, text: extra ? `${kindName(kind)} ${extra}` : kindName(kind) });
}

/** A delegation chip; `onRemove` adds a remove button. */
export function delegationChip(delegation, { onRemove, title } = {}) {
  const chip = h("span", { class: "chip", title: title || delegation.name || delegation.code },
    h("span", { class: "chip-code", text: delegation.code }),
    delegation.name && delegation.name !== delegation.code
      ? h("span", { class: "chip-name", text: delegation.name })
      : null);
  if (onRemove) {
    chip.append(h("button", {
      type: "button",
      class: "chip-remove",
      "aria-label": `Remove ${delegation.name || delegation.code}`,
      text: "×",
      onClick: onRemove,
    }));
  }
  return chip;
}

/** Chips for a list of attributions: one chip per delegation, with how it was found. */
export function attributionChips(attributions, { onRemove } = {}) {
  const chips = [];
  for (const attribution of attributions || []) {
    const how = attribution.method === "matched" && attribution.confidence != null
      ? `matched to a proposal (${Math.round(attribution.confidence * 100)}%)`
      : attribution.method || "";
    for (const delegation of attribution.delegations || []) {
      chips.push(delegationChip(delegation, {
        title: `${delegation.name || delegation.code}${how ? `: ${how}` : ""}`,
        onRemove: onRemove && attribution.id != null && attribution.method === "manual"
          ? () => onRemove(attribution, delegation) : undefined,
      }));
    }
  }
  return chips;
}

/** A button that runs an async action, disabled while it runs, errors shown. */
export function actionButton(text, action, attrs = {}) {
  const button = h("button", { type: "button", ...attrs, text });
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      await action();
    } catch (error) {
      if (error.name !== "AbortError") showError(error);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });
  return button;
}

/** A labelled form field: label + control (+ optional hint). */
export function field(labelText, control, hint) {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  const parts = [h("label", { for: id, text: labelText }), control];
  if (hint) {
    const hintId = `${id}-hint`;
    control.setAttribute("aria-describedby", hintId);
    parts.push(h("span", { class: "hint", id: hintId, text: hint }));
  }
  return h("div", { class: "field" }, parts);
}

/** An inline error message inside a form, also announced. */
export function formError(container, error) {
  const message = error ? error.message || String(error) : "";
  replace(container, message);
  container.hidden = !message;
}

/** The one-line summary of a draft's changes against its base. */
export function summaryText(summary) {
  if (!summary) return "";
  const parts = [];
  for (const kind of ["added", "deleted", "modified", "moved", "split", "merged"]) {
    if (summary[kind]) parts.push(`${summary[kind]} ${kind}`);
  }
  if (summary.words_inserted || summary.words_deleted) {
    parts.push(`+${summary.words_inserted || 0} / −${summary.words_deleted || 0} words`);
  }
  return parts.length ? parts.join(", ") : "no changes";
}
