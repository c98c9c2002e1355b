"""The delegation registry: search it, add a delegation or an ad hoc group."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import DbSession, Editor, Viewer
from app.api.paging import Offset
from app.api.schemas.delegations import DelegationCreate, DelegationPage, DelegationRead
from app.core.delegations import Delegation
from app.core.records import Page
from app.core.vocabulary import DelegationKind, Role
from app.services import delegations
from app.services.delegations import NewDelegation

router = APIRouter(prefix="/api/v1/delegations", tags=["delegations"])


@router.get("", response_model=DelegationPage)
def list_delegations(
    session: DbSession,
    _: Viewer,
    q: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Offset = 0,
) -> Page[Delegation]:
    """The registry by name; `q` finds names, codes and aliases, best match first."""
    return delegations.list_delegations(session, q=q, limit=limit, offset=offset)


@router.post("", status_code=201, response_model=DelegationRead)
def add_delegation(body: DelegationCreate, session: DbSession, caller: Editor) -> Delegation:
    """Add an ad hoc group (an editor may; members by code, name or alias) or a delegation of
    another kind (admin only)."""
    if body.kind != DelegationKind.GROUP:
        caller.require(Role.ADMIN)
    new = NewDelegation(
        code=body.code,
        name=body.name,
        kind=body.kind,
        aliases=tuple(body.aliases),
        members=tuple(body.members),
    )
    return delegations.add_delegation(session, caller.name, new)
