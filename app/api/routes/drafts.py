"""Drafts: upload, list, read, and the original file."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.api.deps import AppSettings, DbSession, Editor, Viewer
from app.api.downloads import attachment
from app.api.paging import Offset
from app.api.schemas.drafts import DraftPage, DraftRead, DraftUpdate
from app.api.uploads import UPLOAD_OPENAPI, read_upload
from app.core.parsing import served_media_type
from app.core.records import Page
from app.services import draft_corrections, drafts, negotiation_views
from app.services.draft_corrections import DraftCorrection
from app.services.drafts import Upload
from app.services.negotiation_views import DraftBriefView, DraftView
from app.settings import Settings

router = APIRouter(prefix="/api/v1/negotiations/{slug}/drafts", tags=["drafts"])
SeqPath = Annotated[str, Path(pattern=r"^(latest|[1-9][0-9]{0,8})$", examples=["latest", "1"])]


@router.post("", status_code=201, response_model=DraftRead, openapi_extra=UPLOAD_OPENAPI)
async def upload_draft(
    slug: str, request: Request, session: DbSession, caller: Editor, settings: AppSettings
) -> Response:
    """Upload a draft (.docx, .pdf, .txt, .md as multipart `file`, or JSON `text`): parsed,
    aligned against its base, diffed and stored in one transaction."""
    upload = await read_upload(request, settings.max_upload_bytes)
    return await run_in_threadpool(_store, session, caller.name, slug, upload, settings)


def _store(session: Session, actor: str, slug: str, upload: Upload, settings: Settings) -> Response:
    """Store the upload and render the answer, in a worker thread: the event loop never
    parses, aligns, diffs or serialises a draft (a 20 MB answer takes tens of ms)."""
    draft = drafts.upload_draft(
        session,
        actor,
        slug,
        upload,
        settings.docx_limits,
        settings.pdf_limits,
        settings.upload_budget_s,
    )
    view = DraftRead.model_validate(negotiation_views.read_draft(session, slug, draft.seq))
    return Response(view.model_dump_json(), status_code=201, media_type="application/json")


@router.get("", response_model=DraftPage)
def list_drafts(
    slug: str,
    session: DbSession,
    _: Viewer,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> Page[DraftBriefView]:
    """A negotiation's drafts in order."""
    return negotiation_views.list_drafts(session, slug, limit=limit, offset=offset)


@router.get("/{seq}", response_model=DraftRead)
def read_draft(slug: str, seq: SeqPath, session: DbSession, _: Viewer) -> DraftView:
    """One draft with its paragraphs; `seq` may be `latest`."""
    return negotiation_views.read_draft(session, slug, seq)


@router.patch("/{seq}", response_model=DraftRead)
def correct_draft(
    slug: str, seq: SeqPath, body: DraftUpdate, session: DbSession, caller: Editor
) -> DraftView:
    """Put a draft right: a new `label`, or `withdrawn` true (hidden, kept, restorable) or
    false (restored); the drafts compared with it are compared again."""
    correction = DraftCorrection(label=body.label, withdrawn=body.withdrawn)
    return draft_corrections.correct_draft(session, caller.name, slug, seq, correction)


@router.get("/{seq}/source", response_class=Response)
def draft_source(slug: str, seq: SeqPath, session: DbSession, _: Viewer) -> Response:
    """The original upload, byte for byte."""
    raw, media_type, file_name = negotiation_views.draft_source(session, slug, seq)
    return attachment(raw, served_media_type(raw, media_type), file_name)
