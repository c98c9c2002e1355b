"""Small synthetic .docx files for the reader's tests: a zip of hand-written XML strings.

`docx(body, ...)` wraps WordprocessingML body markup into a complete package that Word and
LibreOffice open; `p`, `r`, `lvl`, `abstract_num` and `num` write the markup tersely.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
MAIN_CONTENT_TYPE = f"{_CT}.document.main+xml"
_PARTS = {  # relationship type -> (part name, content type, root element)
    "styles": ("styles.xml", f"{_CT}.styles+xml", "styles"),
    "numbering": ("numbering.xml", f"{_CT}.numbering+xml", "numbering"),
    "footnotes": ("footnotes.xml", f"{_CT}.footnotes+xml", "footnotes"),
    "endnotes": ("endnotes.xml", f"{_CT}.endnotes+xml", "endnotes"),
    "comments": ("comments.xml", f"{_CT}.comments+xml", "comments"),
    "settings": ("settings.xml", f"{_CT}.settings+xml", "settings"),
}
SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
)


def zip_bytes(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive holding exactly these entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def package_entries(
    body: str,
    *,
    main_content_type: str = MAIN_CONTENT_TYPE,
    **parts: str | None,
) -> dict[str, bytes]:
    """The entries of a .docx: `body` is the inside of `w:body`; parts are inner XML by kind."""
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{main_content_type}"/>']
    rels = []
    entries: dict[str, bytes] = {}
    for index, (kind, inner) in enumerate(sorted(parts.items())):
        if inner is None:
            continue
        name, content_type, root = _PARTS[kind]
        overrides.append(f'<Override PartName="/word/{name}" ContentType="{content_type}"/>')
        rels.append(f'<Relationship Id="rIdP{index}" Type="{_REL}/{kind}" Target="{name}"/>')
        entries[f"word/{name}"] = f"{_HEAD}<w:{root} {NAMESPACES}>{inner}</w:{root}>".encode()
    entries["[Content_Types].xml"] = (
        f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{''.join(overrides)}</Types>"
    ).encode()
    entries["_rels/.rels"] = (
        f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    ).encode()
    entries["word/_rels/document.xml.rels"] = (
        f'{_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{''.join(rels)}</Relationships>"
    ).encode()
    entries["word/document.xml"] = (
        f"{_HEAD}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"
    ).encode()
    return entries


def docx(body: str, main_content_type: str = MAIN_CONTENT_TYPE, **parts: str | None) -> bytes:
    """A complete .docx whose body is `body` (see `package_entries`)."""
    return zip_bytes(package_entries(body, main_content_type=main_content_type, **parts))


def r(
    text: str,
    *,
    italic: bool | None = None,
    style: str | None = None,
    rpr: str = "",
    deleted: bool = False,
) -> str:
    """A run of text; `italic` False writes `<w:i w:val="0"/>`, None writes nothing."""
    props = ""
    if style:
        props += f'<w:rStyle w:val="{style}"/>'
    if italic is True:
        props += "<w:i/>"
    elif italic is False:
        props += '<w:i w:val="0"/>'
    props += rpr
    tag = "w:delText" if deleted else "w:t"
    rpr_xml = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr_xml}<{tag} xml:space="preserve">{escape(text)}</{tag}></w:r>'


def p(
    *content: str,
    style: str | None = None,
    num_id: int | None = None,
    ilvl: int | None = None,
    mark: str = "",
) -> str:
    """A paragraph: strings starting with '<' are markup, others become plain runs."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num_id is not None or ilvl is not None:
        ppr += "<w:numPr>"
        ppr += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        ppr += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        ppr += "</w:numPr>"
    if mark:
        ppr += f"<w:rPr>{mark}</w:rPr>"
    inner = "".join(c if c.startswith("<") else r(c) for c in content)
    return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{inner}</w:p>"


def lvl(
    ilvl: int,
    fmt: str = "decimal",
    text: str | None = None,
    *,
    start: int | None = 1,
    restart: int | None = None,
    legal: bool = False,
    style: str | None = None,
) -> str:
    """A numbering level; `text` defaults to "%n." for level n."""
    pattern = f"%{ilvl + 1}." if text is None else text
    out = f'<w:lvl w:ilvl="{ilvl}">'
    out += f'<w:start w:val="{start}"/>' if start is not None else ""
    out += f'<w:numFmt w:val="{fmt}"/>'
    out += f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    out += f'<w:pStyle w:val="{style}"/>' if style else ""
    out += "<w:isLgl/>" if legal else ""
    out += f'<w:lvlText w:val="{escape(pattern, {chr(34): "&quot;"})}"/>'
    indent = 720 * (ilvl + 1)
    out += f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr></w:lvl>'
    return out


def abstract_num(aid: int, *levels: str, extra: str = "") -> str:
    """An abstract numbering definition holding these levels."""
    return (
        f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>'
        f"{extra}{''.join(levels)}</w:abstractNum>"
    )


def num(nid: int, aid: int, *overrides: str) -> str:
    """A numbering instance of an abstract definition, with optional `w:lvlOverride`s."""
    return f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{"".join(overrides)}</w:num>'


def start_override(ilvl: int, start: int) -> str:
    """A level override that restarts level `ilvl` at `start`."""
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


def style(
    sid: str, kind: str = "paragraph", *, based_on: str | None = None, ppr: str = "", rpr: str = ""
) -> str:
    """A style definition."""
    out = f'<w:style w:type="{kind}" w:styleId="{sid}"><w:name w:val="{sid}"/>'
    out += f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    out += f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    out += f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return out + "</w:style>"


def revision(kind: str, content: str, *, author: str = "Norway", rid: int = 1) -> str:
    """A tracked change (`ins`, `del`, `moveFrom`, `moveTo`) around run markup."""
    date = "2026-11-28T10:00:00Z"
    return f'<w:{kind} w:id="{rid}" w:author="{author}" w:date="{date}">{content}</w:{kind}>'
