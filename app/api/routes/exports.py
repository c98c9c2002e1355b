"""Word exports: clean draft, redline, compilation text."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from app.api.deps import DbSession, Viewer
from app.api.downloads import attachment
from app.core.vocabulary import ExportKind
from app.services.exports import DOCX, export_document

router = APIRouter(prefix="/api/v1/negotiations/{slug}", tags=["exports"])
SeqPath = Annotated[str, Path(pattern=r"^(latest|[1-9][0-9]{0,8})$")]
WORD: dict[int | str, dict[str, Any]] = {200: {"content": {DOCX: {}}, "description": "A Word file"}}


@router.get("/drafts/{seq}/document.docx", response_class=Response, responses=WORD)
def clean_draft(slug: str, seq: SeqPath, session: DbSession, _: Viewer) -> Response:
    """The clean draft in UN layout, with real Word numbering and footnotes."""
    raw, name = export_document(session, slug, ExportKind.CLEAN, draft=seq)
    return attachment(raw, DOCX, name)


@router.get("/compare.docx", response_class=Response, responses=WORD)
def redline(
    slug: str,
    session: DbSession,
    _: Viewer,
    from_seq: Annotated[int, Query(alias="from", ge=1, le=10**9)],
    to_seq: Annotated[int, Query(alias="to", ge=1, le=10**9)],
) -> Response:
    """Draft `to` with every change against `from` as a tracked change by its delegations."""
    raw, name = export_document(
        session, slug, ExportKind.COMPARE, draft=to_seq, from_draft=from_seq
    )
    return attachment(raw, DOCX, name)


@router.get("/drafts/{seq}/compilation.docx", response_class=Response, responses=WORD)
def compilation(slug: str, seq: SeqPath, session: DbSession, _: Viewer) -> Response:
    """Each paragraph followed by the pending proposals on it, proposers in brackets."""
    raw, name = export_document(session, slug, ExportKind.COMPILATION, draft=seq)
    return attachment(raw, DOCX, name)
