// The next draft from proposals: tick pending proposals on the proposals page, preview the
// result (a dry run), then create it. Collisions are refused by the server naming the pair;
// "apply in the order ticked" sends that order so both can go in.

import { api, seg } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { announce, field, formError } from "../ui.js";

/** A picker of proposals and the panel that previews and creates the next draft. */
export function nextDraftPicker({ slug, drafts, onCreated }) {
  const ticked = [];
  const latest = drafts.length ? drafts[drafts.length - 1] : null;
  const base = h("select", { id: "next-base" },
    drafts.map((d) => h("option", { value: String(d.seq), text: `${d.seq}. ${d.label}`, selected: d === latest })));
  const label = h("input", { id: "next-label", name: "label", placeholder: "Rev.2", required: true });
  const ordered = h("input", { type: "checkbox", name: "ordered" });
  const count = h("p", { class: "muted", "aria-live": "polite" });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const preview = h("div", { class: "next-preview" });
  const previewButton = h("button", { type: "button", class: "secondary", text: "Preview" });
  const createButton = h("button", { type: "button", text: "Create the draft" });

  const element = h("section", { class: "card next-draft no-print", "aria-labelledby": "next-title" },
    h("h2", { id: "next-title", text: "Next draft from proposals" }),
    h("p", { class: "muted", text: "Tick the pending proposals to accept, preview the text, then create the draft." }),
    h("div", { class: "filters" }, field("Apply to draft", base), field("Label of the new draft", label)),
    h("label", { class: "check" }, ordered, " Apply colliding proposals in the order ticked"),
    count,
    error,
    h("div", { class: "actions" }, previewButton, createButton),
    preview);

  function refresh() {
    count.textContent = ticked.length ? `${plural(ticked.length, "proposal")} ticked.` : "No proposal ticked yet.";
  }

  async function send(dryRun) {
    formError(error, "");
    if (!label.value.trim()) {
      formError(error, "Give the new draft a label, such as Rev.2.");
      label.focus();
      return;
    }
    const body = { label: label.value.trim(), proposals: [...ticked], dry_run: dryRun };
    if (ordered.checked) body.order = [...ticked];
    for (const button of [previewButton, createButton]) button.disabled = true;
    try {
      const made = await api(`/negotiations/${seg(slug)}/drafts/${seg(base.value)}/next`, { method: "POST", json: body });
      if (dryRun) {
        replace(preview, previewOf(made));
        announce("Preview ready.");
      } else {
        announce(`${made.label} stored as draft ${made.seq}.`);
        onCreated(made);
      }
    } catch (failure) {
      formError(error, failure);
    } finally {
      for (const button of [previewButton, createButton]) button.disabled = false;
    }
  }
  previewButton.addEventListener("click", () => send(true));
  createButton.addEventListener("click", () => send(false));
  refresh();

  /** The tick box of one proposal (pending ones only). */
  function tickBox(proposal) {
    if (proposal.status !== "pending") return null;
    const box = h("input", { type: "checkbox", "aria-label": `Apply proposal ${proposal.id}`, checked: ticked.includes(proposal.id) });
    box.addEventListener("change", () => {
      const at = ticked.indexOf(proposal.id);
      if (box.checked && at < 0) ticked.push(proposal.id);
      if (!box.checked && at >= 0) ticked.splice(at, 1);
      refresh();
    });
    return h("label", { class: "check tick" }, box, " Apply");
  }

  return { element, tickBox };
}

function previewOf(made) {
  const changed = made.paragraphs.filter((p) => p.proposals.length);
  return [
    h("h3", { text: `${made.label}: ${plural(made.paragraphs.length, "paragraph")}, ${plural(changed.length, "changed by proposals", "changed by proposals")}` }),
    made.collisions.length
      ? h("p", { class: "muted", text: `Applied in the order given: ${made.collisions.map((c) => `${c.proposals.join(" then ")} on ${c.label}`).join("; ")}.` })
      : null,
    h("ol", { class: "plain next-paragraphs" }, made.paragraphs.map((p) => h("li", {
      class: `${p.proposals.length ? "touched" : ""}${p.lineage_id ? "" : " new"}`.trim() || null,
    },
    h("span", { class: "side-draft", text: p.label || "" }), " ",
    h("span", { dir: "auto", text: p.text }),
    p.proposals.length ? h("span", { class: "muted small", text: ` (proposal ${p.proposals.join(", ")})` }) : null))),
    made.deleted.length
      ? h("p", { class: "muted", text: `Deleted: ${made.deleted.map((d) => `${d.label} (proposal ${d.proposals.join(", ")})`).join("; ")}.` })
      : null,
  ];
}
