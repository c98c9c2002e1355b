"""Proposals: record them, list them, change their status; import a Word file's changes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from app.api.deps import AppSettings, DbSession, Editor, Viewer
from app.api.paging import Offset
from app.api.schemas.proposals import (
    ProposalCreate,
    ProposalImportRead,
    ProposalPage,
    ProposalRead,
    ProposalUpdate,
)
from app.api.uploads import form_file
from app.core.errors import InvalidInput
from app.core.records import Page
from app.core.vocabulary import ProposalStatus
from app.services import proposal_import, proposal_views, proposals
from app.services.proposal_import import WordFile, WordImport
from app.services.proposal_views import ProposalView
from app.services.proposals import NewProposal, ProposalChanges

IMPORT_FIELDS = ("delegation", "draft")
IMPORT_OPENAPI = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "delegation": {"type": "string", "maxLength": 200},
                        "draft": {"type": "integer", "minimum": 1},
                    },
                }
            }
        },
    }
}

router = APIRouter(prefix="/api/v1/negotiations/{slug}/proposals", tags=["proposals"])


@router.post("", status_code=201, response_model=ProposalRead)
def create_proposal(
    slug: str, body: ProposalCreate, session: DbSession, caller: Editor
) -> ProposalView:
    """Record a proposal against a draft (default the latest)."""
    new = NewProposal(
        delegations=tuple(body.delegations),
        action=body.action,
        draft=body.draft,
        lineage_id=body.lineage_id,
        after_lineage_id=body.after_lineage_id,
        find=body.find,
        text=body.text,
        source=body.source,
        note=body.note,
        status=body.status,
    )
    created = proposals.create_proposal(session, caller.name, slug, new)
    return proposal_views.read_proposal(session, created)


@router.get("", response_model=ProposalPage)
def list_proposals(
    slug: str,
    session: DbSession,
    _: Viewer,
    draft: Annotated[int | None, Query(ge=1, le=10**9)] = None,
    status: ProposalStatus | None = None,
    delegation: Annotated[str | None, Query(max_length=200)] = None,
    lineage_id: Annotated[str | None, Query(max_length=36)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> Page[ProposalView]:
    """A negotiation's proposals, oldest first; filter by draft, status, delegation, lineage."""
    return proposal_views.list_proposals(
        session,
        slug,
        draft=draft,
        status=status,
        delegation=delegation,
        lineage_id=lineage_id,
        limit=limit,
        offset=offset,
    )


@router.patch("/{proposal_id}", response_model=ProposalRead)
def update_proposal(
    slug: str, proposal_id: int, body: ProposalUpdate, session: DbSession, caller: Editor
) -> ProposalView:
    """Change a proposal's status, note or text."""
    changes = ProposalChanges(
        status=body.status, note=body.note, text=body.text, given=frozenset(body.model_fields_set)
    )
    updated = proposals.update_proposal(session, caller.name, slug, proposal_id, changes)
    return proposal_views.read_proposal(session, updated)


@router.post(
    "/import", status_code=201, response_model=ProposalImportRead, openapi_extra=IMPORT_OPENAPI
)
async def import_proposals(
    slug: str, request: Request, session: DbSession, caller: Editor, settings: AppSettings
) -> WordImport:
    """A Word file's tracked changes become pending proposals (multipart `file`, optional
    `delegation`, optional `draft` seq, default the latest); comments become notes."""
    upload = await read_word_file(request, settings.max_upload_bytes)
    return await run_in_threadpool(
        proposal_import.import_word_proposals,
        session,
        caller.name,
        slug,
        upload,
        settings.docx_limits,
    )


async def read_word_file(request: Request, max_bytes: int) -> WordFile:
    """The multipart form of an import: the file, and the optional delegation and draft."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput("Send the Word file as multipart/form-data with a 'file' field.")
    async with request.form(max_files=1, max_fields=len(IMPORT_FIELDS) + 1) as form:
        raw, file_name, _ = await form_file(form, IMPORT_FIELDS, max_bytes, "the Word file")
        draft = str(form.get("draft") or "").strip()
        delegation = str(form.get("delegation") or "").strip()
    if draft and not (draft.isdigit() and int(draft) >= 1):
        raise InvalidInput(f"draft '{draft}' is not a draft number.")
    return WordFile(raw, file_name, delegation or None, int(draft) if draft else None)
