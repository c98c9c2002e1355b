// Agreed or new language: a hunk of a comparison asked for with `precedents=true` carries
// `agreed` (the adopted texts holding its inserted words; empty: new language) when it
// inserts four words or more.

import { formatDate, h } from "./dom.js";

/** "A/HRC/RES/55/12 OP4 (4 April 2024)" for one source. */
export function sourceName(source) {
  const when = source.adopted_on ? ` (${formatDate(source.adopted_on)})` : "";
  return `${source.symbol}${source.label ? ` ${source.label}` : ""}${when}`;
}

/** The class a hunk takes ("agreed", "new-language") or "" when it was not looked up. */
export function agreedClass(hunk) {
  if (!hunk || !Array.isArray(hunk.agreed)) return "";
  return hunk.agreed.length ? "agreed" : "new-language";
}

/**
 * A mark after a looked-up hunk: "agreed" with its sources (shown on hover or focus, and
 * read out as the mark's description), or "new". Null when the hunk was not looked up.
 */
export function agreedMark(hunk) {
  const className = agreedClass(hunk);
  if (!className) return null;
  const sources = hunk.agreed.map(sourceName);
  const description = sources.length
    ? `Agreed language, adopted in ${sources.join("; ")}`
    : "New language: these words are in no adopted text of the library";
  return h("span", { class: `agreed-mark ${className}`, title: description },
    h("span", { class: "agreed-word", text: sources.length ? "agreed" : "new" }),
    h("span", { class: "agreed-sources", role: "note", text: description }));
}
