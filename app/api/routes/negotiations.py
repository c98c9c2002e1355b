"""Negotiations: create, list, read, update."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import DbSession, Editor, Viewer
from app.api.paging import Offset
from app.api.schemas.negotiations import (
    NegotiationCreate,
    NegotiationPage,
    NegotiationRead,
    NegotiationUpdate,
)
from app.core.records import Page
from app.services import negotiation_views, negotiations
from app.services.negotiation_views import NegotiationView
from app.services.negotiations import NegotiationChanges, NewNegotiation

router = APIRouter(prefix="/api/v1/negotiations", tags=["negotiations"])


@router.post("", status_code=201, response_model=NegotiationRead)
def create_negotiation(
    body: NegotiationCreate, session: DbSession, caller: Editor
) -> NegotiationView:
    """Create a negotiation."""
    new = NewNegotiation(
        title=body.title,
        body=body.body,
        session=body.session,
        agenda_item=body.agenda_item,
        slug=body.slug,
        penholders=tuple(body.penholders),
        status=body.status,
    )
    created = negotiations.create_negotiation(session, caller.name, new)
    return negotiation_views.negotiation_view(session, created, with_drafts=True)


@router.get("", response_model=NegotiationPage)
def list_negotiations(
    session: DbSession,
    _: Viewer,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Offset = 0,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[NegotiationView]:
    """List negotiations, most recently changed first; `q` searches title, slug and body."""
    return negotiation_views.list_negotiations(session, limit=limit, offset=offset, q=q)


@router.get("/{slug}", response_model=NegotiationRead)
def read_negotiation(slug: str, session: DbSession, _: Viewer) -> NegotiationView:
    """One negotiation with its drafts."""
    return negotiation_views.read_negotiation(session, slug)


@router.patch("/{slug}", response_model=NegotiationRead)
def update_negotiation(
    slug: str, body: NegotiationUpdate, session: DbSession, caller: Editor
) -> NegotiationView:
    """Change a negotiation's title, body, session, agenda item, penholders or status."""
    changes = NegotiationChanges(
        title=body.title,
        body=body.body,
        session=body.session,
        agenda_item=body.agenda_item,
        penholders=None if body.penholders is None else tuple(body.penholders),
        status=body.status,
    )
    updated = negotiations.update_negotiation(session, caller.name, slug, changes)
    return negotiation_views.negotiation_view(session, updated, with_drafts=True)
