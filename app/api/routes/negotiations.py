"""Negotiations: create, list, read, update."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import DbSession, Editor, Viewer
from app.api.schemas import NegotiationCreate, NegotiationPage, NegotiationRead, NegotiationUpdate
from app.services import catalogue, negotiations

router = APIRouter(prefix="/api/v1/negotiations", tags=["negotiations"])


@router.post("", status_code=201, response_model=NegotiationRead)
def create_negotiation(body: NegotiationCreate, session: DbSession, caller: Editor) -> Any:
    """Create a negotiation."""
    created = negotiations.create_negotiation(session, caller.name, body.model_dump())
    return catalogue.negotiation_view(session, created, with_drafts=True)


@router.get("", response_model=NegotiationPage)
def list_negotiations(
    session: DbSession,
    _: Viewer,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:
    """List negotiations, most recently changed first; `q` searches title, slug and body."""
    return catalogue.list_negotiations(session, limit=limit, offset=offset, q=q)


@router.get("/{slug}", response_model=NegotiationRead)
def read_negotiation(slug: str, session: DbSession, _: Viewer) -> Any:
    """One negotiation with its drafts."""
    return catalogue.read_negotiation(session, slug)


@router.patch("/{slug}", response_model=NegotiationRead)
def update_negotiation(
    slug: str, body: NegotiationUpdate, session: DbSession, caller: Editor
) -> Any:
    """Change a negotiation's title, body, session, agenda item, penholders or status."""
    fields = body.model_dump(exclude_unset=True, exclude_none=True)
    updated = negotiations.update_negotiation(session, caller.name, slug, fields)
    return catalogue.negotiation_view(session, updated, with_drafts=True)
