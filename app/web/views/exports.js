// The three Word exports: clean draft, redline, compilation.

import { download, seg } from "../api.js";
import { actionButton, announce } from "../ui.js";

function run(path, name) {
  return async () => {
    const saved = await download(path, name);
    announce(`Downloaded ${saved}.`);
  };
}

/** A button that downloads the clean Word text of draft `seq`. */
export function cleanButton(slug, seq, label = "Word: clean text") {
  return actionButton(label, run(`/negotiations/${seg(slug)}/drafts/${seg(seq)}/document.docx`, `${slug}-${seq}.docx`), { class: "secondary" });
}

/** A button that downloads the Word redline from draft `from` to draft `to`. */
export function redlineButton(slug, from, to, label = "Word: redline") {
  const query = new URLSearchParams({ from, to });
  return actionButton(label, run(`/negotiations/${seg(slug)}/compare.docx?${query}`, `${slug}-${from}-${to}-redline.docx`), { class: "secondary", "data-export": "redline" });
}

/** A button that downloads the compilation text of draft `seq`. */
export function compilationButton(slug, seq, label = "Word: compilation") {
  return actionButton(label, run(`/negotiations/${seg(slug)}/drafts/${seg(seq)}/compilation.docx`, `${slug}-${seq}-compilation.docx`), { class: "secondary" });
}
