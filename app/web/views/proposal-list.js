// Every proposal of a negotiation, filtered by status, delegation and draft.

import { api, seg, session } from "../api.js";
import { h, plural, replace } from "../dom.js";
import { announce, field, formError } from "../ui.js";
import { loadNegotiation, negotiationHeader, negotiationTabs } from "./negotiation.js";
import { delegationPicker } from "./picker.js";
import { loadProposals, proposalCard, PROPOSAL_STATUSES } from "./proposals.js";
import { nextDraftPicker } from "./next-draft.js";

/** Render the proposals page of `slug`. */
export async function renderProposalList(ctx, slug) {
  const [negotiation, proposals] = await Promise.all([loadNegotiation(slug), loadProposals(slug)]);
  if (!ctx.isCurrent()) return;
  ctx.setTitle(`Proposals · ${negotiation.title}`);
  const base = `#/n/${encodeURIComponent(slug)}`;
  const drafts = negotiation.drafts || [];
  const delegations = new Map();
  for (const p of proposals) for (const d of p.delegations || []) delegations.set(d.code, d);

  const status = h("select", { id: "filter-status" },
    h("option", { value: "", text: "Any status" }),
    PROPOSAL_STATUSES.map((s) => h("option", { value: s, text: s.replace("-", " ") })));
  const delegation = h("select", { id: "filter-proposer" },
    h("option", { value: "", text: "Any delegation" }),
    [...delegations.values()].sort((a, b) => a.name.localeCompare(b.name))
      .map((d) => h("option", { value: d.code, text: `${d.name} (${d.code})` })));
  const draft = h("select", { id: "filter-draft" },
    h("option", { value: "", text: "Any draft" }),
    drafts.map((d) => h("option", { value: String(d.seq), text: `${d.seq}. ${d.label}` })));
  const info = h("p", { class: "filter-info", "aria-live": "polite" });
  const list = h("div", { class: "proposal-list" });
  const picker = session.can("editor") ? nextDraftPicker({
    slug,
    drafts,
    onCreated: (made) => { window.location.hash = `${base}/compare/${made.based_on}/${made.seq}/inline`; },
  }) : null;

  function draw() {
    const shown = proposals.filter((p) => (!status.value || p.status === status.value)
      && (!delegation.value || (p.delegations || []).some((d) => d.code === delegation.value))
      && (!draft.value || String(p.draft) === draft.value));
    info.textContent = `Showing ${shown.length} of ${proposals.length} proposals.`;
    replace(list, shown.length
      ? h("ul", { class: "plain proposal-grid" }, shown.map((p) => {
        const lineage = p.lineage_id || p.after_lineage_id;
        const label = p.target_label || (p.after_label ? `after ${p.after_label}` : "");
        return h("li", {},
          lineage ? h("a", { class: "proposal-target", href: `${base}/history/${encodeURIComponent(lineage)}`, text: label || "Paragraph" }) : null,
          picker ? picker.tickBox(p) : null,
          proposalCard(slug, p, negotiation));
      }))
      : h("p", { class: "empty", text: proposals.length ? "No proposal matches these filters." : "No proposals recorded yet." }));
  }
  for (const select of [status, delegation, draft]) select.addEventListener("change", draw);

  replace(ctx.main,
    negotiationHeader(negotiation, "Proposals"),
    h("div", { class: "page-head" }, h("h1", { text: "Proposals" })),
    negotiationTabs(negotiation, "proposals"),
    h("p", { class: "muted", text: "Add a proposal from the paragraph's history page; change its status here or there." }),
    session.can("editor") ? importForm(ctx, negotiation) : null,
    h("div", { class: "filters" },
      h("div", { class: "field" }, h("label", { for: "filter-status", text: "Status" }), status),
      h("div", { class: "field" }, h("label", { for: "filter-proposer", text: "Proposed by" }), delegation),
      h("div", { class: "field" }, h("label", { for: "filter-draft", text: "Made on" }), draft)),
    picker ? picker.element : null,
    info,
    list);
  draw();
  ctx.focusHeading();
}

/** A delegation's Word file with tracked changes, imported as pending proposals (editors). */
function importForm(ctx, negotiation) {
  const file = h("input", { type: "file", name: "file", accept: ".docx", required: true });
  const picker = delegationPicker({ label: "On behalf of (optional: else each change's author)", single: true });
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const submit = h("button", { type: "submit", text: "Import proposals" });
  const form = h("form", { class: "import-form", "aria-label": "Import a delegation's Word file" },
    h("p", { class: "muted", text: "Each tracked change becomes a pending proposal on its paragraph of the latest draft; Word comments become notes. Importing the same file again adds nothing." }),
    field("Word file with tracked changes (.docx)", file),
    picker.element,
    error,
    h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError(error, "");
    if (!file.files.length) {
      formError(error, "Choose the Word file first.");
      file.focus();
      return;
    }
    const data = new FormData();
    data.append("file", file.files[0]);
    const [delegation] = picker.selected();
    if (delegation) data.append("delegation", delegation.code);
    submit.disabled = true;
    try {
      const imported = await api(`/negotiations/${seg(negotiation.slug)}/proposals/import`, { method: "POST", form: data });
      announce(`Imported ${plural(imported.created, "new proposal")}${imported.skipped?.length ? `; ${imported.skipped.length} could not be placed` : ""}.`);
      if (ctx.isCurrent()) await renderProposalList(ctx, negotiation.slug);
    } catch (failure) {
      formError(error, failure);
    } finally {
      submit.disabled = false;
    }
  });
  return h("details", { class: "card import-box" },
    h("summary", {}, h("h2", { class: "summary-title", text: "Import a delegation's Word file as proposals" })),
    form);
}
