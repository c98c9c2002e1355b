// The dialog that corrects a paragraph's lineage: which paragraph of the earlier draft it
// continues (or none), then the comparison is recomputed and the corrected change shown.

import { api, seg } from "../api.js";
import { h, replace } from "../dom.js";
import { field, formError } from "../ui.js";

const NONE = "";

/**
 * Open the lineage dialog for `change` of `comparison` (a step between a draft and its base).
 * `onDone(lineageId)` reloads the comparison and returns the corrected change's card.
 */
export async function openLineageDialog({ slug, comparison, change }, onDone) {
  const base = await api(`/negotiations/${seg(slug)}/drafts/${seg(comparison.from.seq)}`);
  const targets = (change.to?.paragraph_ids || []).map((id, i) => ({ id, label: change.to.labels?.[i] || change.to.label || `paragraph ${i + 1}` }));
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const which = h("select", { name: "paragraph" }, targets.map((t) => h("option", { value: String(t.id), text: t.label })));
  const fromIds = new Set(change.from?.paragraph_ids || []);
  const current = (base.paragraphs || []).find((p) => p.lineage_id === change.lineage_id)
    || (base.paragraphs || []).find((p) => fromIds.has(p.id));
  const continues = h("select", { name: "continues" },
    h("option", { value: NONE, text: "Nothing: it is a new paragraph" }),
    (base.paragraphs || []).filter((p) => p.label).map((p) => h("option", {
      value: p.lineage_id,
      selected: current && p.lineage_id === current.lineage_id,
      text: `${p.label}: ${p.text.length > 70 ? `${p.text.slice(0, 70)}…` : p.text}`,
    })));
  const preview = h("blockquote", { class: "lineage-preview", dir: "auto", "aria-live": "polite" });
  const showPreview = () => {
    const chosen = (base.paragraphs || []).find((p) => p.lineage_id === continues.value);
    replace(preview, chosen ? [h("strong", { text: `${chosen.label} in ${comparison.from.label}: ` }), chosen.text] : "A new paragraph continues nothing: it will show as added.");
  };
  continues.addEventListener("change", showPreview);
  showPreview();
  const save = h("button", { type: "submit", text: "Correct and recompute" });
  const close = h("button", { type: "button", class: "secondary", text: "Cancel" });
  const form = h("form", { method: "dialog", class: "dialog-body" },
    h("h2", { id: "lineage-title", text: `What does ${targets.map((t) => t.label).join(", ") || "this paragraph"} continue?` }),
    h("p", { class: "muted", text: `Say which paragraph of ${comparison.from.label} this paragraph of ${comparison.to.label} continues. Its change and the later drafts are recomputed.` }),
    targets.length > 1 ? field(`Paragraph of ${comparison.to.label}`, which) : null,
    field(`Continues, in ${comparison.from.label}`, continues),
    preview,
    error,
    h("div", { class: "actions" }, save, close));
  const dialog = h("dialog", { class: "dialog lineage-dialog", "aria-labelledby": "lineage-title" }, form);
  const opener = document.activeElement;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const paragraphId = Number(which.value);
      const draft = await api(`/negotiations/${seg(slug)}/drafts/${seg(comparison.to.seq)}/paragraphs/${seg(paragraphId)}/lineage`, {
        method: "PUT",
        json: { lineage_id: continues.value || null },
      });
      const lineage = (draft.paragraphs || []).find((p) => p.id === paragraphId)?.lineage_id;
      dialog.close();
      await onDone(lineage || change.lineage_id, (card) => (card
        ? `Corrected. ${card.getAttribute("aria-label")}.`
        : "Corrected; the comparison was recomputed."));
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
  document.body.append(dialog);
  dialog.showModal();
  continues.focus();
}
