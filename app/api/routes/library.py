"""The library of adopted resolutions: import, list, read, search; a paragraph's precedents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.deps import AppSettings, DbSession, Editor, Viewer
from app.api.library_uploads import LIBRARY_UPLOAD_OPENAPI, read_library_upload
from app.api.paging import Offset
from app.api.schemas.library import (
    LibraryDocumentDetailRead,
    LibraryDocumentPage,
    LibraryImportRead,
    LibrarySearchPage,
    PrecedentPage,
)
from app.core.records import Page
from app.core.vocabulary import ImportOutcome, SearchMode
from app.db.models import LibraryDocument
from app.db.repositories.library import LibraryScope
from app.services import library, library_search
from app.services.library_search import LibraryHit, Precedent

router = APIRouter(tags=["library"])
Body = Annotated[str | None, Query(max_length=40, description="GA, HRC…")]
From = Annotated[dt.date | None, Query(alias="from", description="adopted on or after")]
To = Annotated[dt.date | None, Query(alias="to", description="adopted on or before")]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.post(
    "/api/v1/library/documents",
    response_model=LibraryImportRead,
    status_code=201,
    openapi_extra=LIBRARY_UPLOAD_OPENAPI,
)
async def import_document(
    request: Request, response: Response, session: DbSession, caller: Editor, settings: AppSettings
) -> library.Imported:
    """Import an adopted resolution (multipart `file` and optional facts); the same content
    again changes nothing (200), other content for a known symbol needs `replace=true` (409)."""
    upload, replace = await read_library_upload(request, settings.max_upload_bytes)
    imported = await run_in_threadpool(
        library.import_upload,
        session,
        caller.name,
        upload,
        replace=replace,
        docx_limits=settings.docx_limits,
    )
    if imported.outcome == ImportOutcome.UNCHANGED:
        response.status_code = 200
    return imported


@router.get("/api/v1/library/documents", response_model=LibraryDocumentPage)
def list_documents(
    session: DbSession,
    _: Viewer,
    body: Body = None,
    from_date: From = None,
    to_date: To = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[LibraryDocument]:
    """The library's resolutions, newest first; `q` matches symbols and titles."""
    scope = LibraryScope(body, from_date, to_date)
    return library.list_documents(session, scope, q=q, limit=limit, offset=offset)


@router.get("/api/v1/library/documents/{document_id}", response_model=LibraryDocumentDetailRead)
def read_document(document_id: int, session: DbSession, _: Viewer) -> library.LibraryDocumentView:
    """One adopted resolution with its paragraphs."""
    return library.read_document(session, document_id)


@router.get("/api/v1/library/search", response_model=LibrarySearchPage)
def search(
    session: DbSession,
    _: Viewer,
    q: Annotated[str, Query(min_length=1, max_length=5000)],
    mode: SearchMode = SearchMode.PHRASE,
    body: Body = None,
    from_date: From = None,
    to_date: To = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Page[LibraryHit]:
    """Adopted paragraphs holding the exact words (`phrase`), all the words (`words`), or
    closest to a whole paragraph (`similar`)."""
    scope = LibraryScope(body, from_date, to_date)
    return library_search.search_library(session, q, mode, scope, limit=limit, offset=offset)


@router.get(
    "/api/v1/negotiations/{slug}/drafts/{seq}/paragraphs/{paragraph_id}/precedents",
    response_model=PrecedentPage,
)
def precedents(
    slug: str,
    seq: Annotated[str, Path(pattern=r"^(latest|[1-9][0-9]{0,8})$")],
    paragraph_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: DbSession,
    _: Viewer,
) -> Page[Precedent]:
    """The adopted paragraphs closest to this draft paragraph, each with its word diff."""
    return library_search.paragraph_precedents(session, slug, seq, paragraph_id)
