// The dialog that tags a change, or one hunk of it, with the delegations behind it.

import { api, seg } from "../api.js";
import { h, replace } from "../dom.js";
import { announce, attributionChips, formError, kindName } from "../ui.js";
import { hunkSummary } from "../redline.js";
import { delegationPicker } from "./picker.js";

/**
 * Open the tagging dialog.
 * `target`: {slug, toSeq, change, hunk (object or null), stepNote (why tagging is off, or "")}.
 * `onSaved()` runs after a successful change, before the dialog closes.
 */
export function openTagDialog(target, onSaved) {
  const { slug, toSeq, change, hunk, stepNote } = target;
  const label = change.to?.label || change.from?.label || "";
  const title = hunk ? `Change ${hunk.index + 1} in ${label}` : `${kindName(change.kind)} paragraph ${label}`;
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const existing = h("div", { class: "chips" });
  const picker = delegationPicker({ label: "Add delegations" });
  const save = h("button", { type: "submit", text: "Tag" });
  const close = h("button", { type: "button", class: "secondary", text: "Close" });
  const attributions = () => (hunk ? hunk.attributions : change.attributions) || [];

  function renderExisting() {
    const chips = attributionChips(attributions(), { onRemove: stepNote ? null : remove });
    replace(existing, chips.length ? chips : h("span", { class: "muted", text: "Nobody is tagged yet." }));
  }

  async function remove(attribution) {
    try {
      await api(`/negotiations/${seg(slug)}/attributions/${seg(attribution.id)}`, { method: "DELETE" });
      const list = attributions();
      list.splice(list.indexOf(attribution), 1);
      renderExisting();
      announce("Tag removed.");
      await onSaved();
    } catch (failure) {
      formError(error, failure);
    }
  }

  const form = h("form", { method: "dialog", class: "dialog-body" },
    h("h2", { id: "tag-title", text: title }),
    hunk ? h("p", { class: "hunk-preview" }, hunkSummary(hunk)) : null,
    h("h3", { text: "Tagged" }),
    existing,
    stepNote ? h("p", { class: "note", text: stepNote }) : picker.element,
    error,
    h("div", { class: "actions" }, stepNote ? null : save, close));
  const dialog = h("dialog", { class: "dialog", "aria-labelledby": "tag-title" }, form);
  const opener = document.activeElement;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const delegations = picker.selected();
    if (!delegations.length) {
      formError(error, "Choose at least one delegation.");
      picker.input.focus();
      return;
    }
    save.disabled = true;
    try {
      const body = { to: Number(toSeq), lineage_id: change.lineage_id, delegations: delegations.map((d) => d.code) };
      if (hunk) body.hunk = hunk.index;
      await api(`/negotiations/${seg(slug)}/attributions`, { method: "POST", json: body });
      announce(`Tagged ${delegations.map((d) => d.name || d.code).join(", ")}.`);
      dialog.close();
      await onSaved();
    } catch (failure) {
      formError(error, failure);
    } finally {
      save.disabled = false;
    }
  });
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (opener && document.contains(opener)) opener.focus();
  });
  renderExisting();
  document.body.append(dialog);
  dialog.showModal();
  (stepNote ? close : picker.input).focus();
}
