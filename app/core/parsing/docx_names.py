"""XML names of WordprocessingML (ECMA-376 transitional) used by the .docx reader."""

from __future__ import annotations

import functools

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
STRICT_DOC_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"


@functools.cache
def w(local: str) -> str:
    """The Clark name `{ns}local` of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{local}"


MC_ALTERNATE = f"{{{MC_NS}}}AlternateContent"
MC_CHOICE = f"{{{MC_NS}}}Choice"
MC_FALLBACK = f"{{{MC_NS}}}Fallback"
W_VAL = w("val")


def attr(el: etree._Element | None, name: str = W_VAL) -> str | None:
    """An attribute of `el` (default `w:val`), or None when `el` or the attribute is missing."""
    if el is None:
        return None
    value = el.get(name)
    return None if value is None else str(value)


def int_attr(el: etree._Element | None, name: str = W_VAL) -> int | None:
    """An integer attribute, or None when missing or not a number."""
    value = attr(el, name)
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def on_off(el: etree._Element | None) -> bool | None:
    """An ST_OnOff property: None when absent, else False for "0"/"false"/"off", True otherwise."""
    if el is None:
        return None
    return attr(el) not in ("0", "false", "off")
