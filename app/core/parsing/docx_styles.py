"""Word styles: the numbering and the italics a paragraph or run inherits from its styles.

Style chains are followed through `w:basedOn` (cycles and chains deeper than `MAX_CHAIN`
styles are cut). Italics follow ECMA-376 §17.7.3 for toggle properties: direct run formatting
wins outright; otherwise the paragraph style chain and the character style chain each give their
first explicit value and the two are combined with XOR (italic emphasis inside an italic
paragraph style prints upright); when neither style says anything, `w:docDefaults` decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from app.core.parsing.docx_names import attr, int_attr, on_off, w

MAX_CHAIN = 32  # styles followed through basedOn before giving up


@dataclass(frozen=True, slots=True)
class StyleNumbering:
    """The numbering a paragraph style carries: numId, ilvl (None if unset) and which style."""

    num_id: int
    ilvl: int | None
    style_id: str


@dataclass(slots=True)
class _Style:
    based_on: str | None
    italic: bool | None
    num_id: int | None = None
    ilvl: int | None = None


@dataclass(slots=True)
class StyleSheet:
    """The styles part, reduced to what the reader needs."""

    paragraph: dict[str, _Style] = field(default_factory=dict)
    character: dict[str, _Style] = field(default_factory=dict)
    numbering_styles: dict[str, int] = field(default_factory=dict)
    default_paragraph: str | None = None
    default_italic: bool = False
    _italic_cache: dict[tuple[str | None, str | None], bool] = field(default_factory=dict)

    def numbering_of(self, style_id: str | None) -> StyleNumbering | None:
        """The numPr a paragraph style (or its default) carries, following basedOn."""
        for sid, style in self._chain(self.paragraph, style_id or self.default_paragraph):
            if style.num_id is not None:
                return StyleNumbering(style.num_id, style.ilvl, sid)
        return None

    def chain_ids(self, style_id: str | None) -> list[str]:
        """The ids of a paragraph style and of the styles it is based on, nearest first."""
        return [sid for sid, _ in self._chain(self.paragraph, style_id or self.default_paragraph)]

    def italic(self, para_style: str | None, char_style: str | None) -> bool:
        """Whether a run with no direct italic setting prints in italics."""
        key = (para_style, char_style)
        cached = self._italic_cache.get(key)
        if cached is None:
            from_para = self._first_italic(self.paragraph, para_style or self.default_paragraph)
            from_char = self._first_italic(self.character, char_style)
            if from_para is None and from_char is None:
                cached = self.default_italic
            else:
                cached = bool(from_para) != bool(from_char)
            self._italic_cache[key] = cached
        return cached

    def _first_italic(self, styles: dict[str, _Style], style_id: str | None) -> bool | None:
        for _, style in self._chain(styles, style_id):
            if style.italic is not None:
                return style.italic
        return None

    @staticmethod
    def _chain(styles: dict[str, _Style], style_id: str | None) -> list[tuple[str, _Style]]:
        seen: list[tuple[str, _Style]] = []
        sid = style_id
        while sid is not None and sid in styles and len(seen) < MAX_CHAIN:
            if any(s == sid for s, _ in seen):
                break
            seen.append((sid, styles[sid]))
            sid = styles[sid].based_on
        return seen


def read_styles(root: etree._Element | None) -> StyleSheet:
    """Read the styles part (None when the package has none)."""
    sheet = StyleSheet()
    if root is None:
        return sheet
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('i')}")
    sheet.default_italic = bool(on_off(defaults))
    for el in root.iterfind(w("style")):
        sid = attr(el, w("styleId"))
        kind = attr(el, w("type")) or "paragraph"
        if sid is None:
            continue
        num_pr = el.find(f"{w('pPr')}/{w('numPr')}")
        style = _Style(
            based_on=attr(el.find(w("basedOn"))),
            italic=on_off(el.find(f"{w('rPr')}/{w('i')}")),
            num_id=int_attr(num_pr.find(w("numId"))) if num_pr is not None else None,
            ilvl=int_attr(num_pr.find(w("ilvl"))) if num_pr is not None else None,
        )
        if kind == "paragraph":
            sheet.paragraph[sid] = style
            if attr(el, w("default")) in ("1", "true", "on"):
                sheet.default_paragraph = sid
        elif kind == "character":
            sheet.character[sid] = style
        elif kind == "numbering" and style.num_id is not None:
            sheet.numbering_styles[sid] = style.num_id
    return sheet
