"""The delegation registry as stored: search it, add to it, read names with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from app.core.delegations import Delegation, Registry
from app.core.errors import Conflict, InvalidInput
from app.core.records import DelegationRef
from app.core.vocabulary import DelegationKind
from app.db.models import Delegation as DelegationRow
from app.db.repositories import delegations as delegations_repo
from app.db.repositories import tokens as tokens_repo


def registry_of(session: Session) -> Registry:
    """A core registry built from every stored delegation."""
    return Registry(_core(row) for row in delegations_repo.all_delegations(session))


def _core(row: DelegationRow) -> Delegation:
    return Delegation(
        code=row.code,
        name=row.name,
        kind=DelegationKind(row.kind),
        aliases=tuple(row.aliases or ()),
        members=tuple(row.members or ()),
    )


def list_delegations(session: Session, *, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    """A page of the registry: all by name, or those matching `q` (name, code, alias) best first."""
    registry = registry_of(session)
    if q and q.strip():
        found = registry.search(q, limit=len(registry))
    else:
        found = sorted(registry, key=lambda d: d.name.casefold())
    return {"items": [d.to_record() for d in found[offset : offset + limit]], "total": len(found)}


def add_delegation(session: Session, actor: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Add a delegation or an ad hoc group; members are given by code, name or alias."""
    code = fields["code"].strip()
    taken = delegations_repo.delegation_by_code(session, code)
    if taken is not None:
        raise Conflict(f"The code '{code}' is taken by {taken.name}.")
    registry = registry_of(session)
    kind = DelegationKind(fields.get("kind") or "group")
    members = resolve_delegations(registry, fields.get("members") or [], what="members")
    if members and kind != DelegationKind.GROUP:
        raise InvalidInput("Only a group has members; set kind to 'group'.")
    new = Delegation(
        code=code,
        name=fields["name"].strip(),
        kind=kind,
        aliases=tuple(dict.fromkeys(a.strip() for a in fields.get("aliases") or () if a.strip())),
        members=tuple(m.code for m in members),
    )
    try:
        Registry([*registry, new])
    except ValueError as clash:
        raise Conflict(str(clash)) from None
    session.add(
        DelegationRow(
            code=new.code,
            name=new.name,
            kind=str(new.kind),
            aliases=list(new.aliases),
            members=list(new.members),
            builtin=False,
        )
    )
    session.flush()
    tokens_repo.record_audit(session, actor, "delegation.create", code, {"name": new.name})
    return new.to_record()


def resolve_delegations(
    registry: Registry, written: Sequence[str], *, what: str = "delegations"
) -> list[Delegation]:
    """The delegations named by code, name or alias, without repeats, or InvalidInput naming
    the ones that are unknown."""
    found: list[Delegation] = []
    unknown: list[str] = []
    for name in written:
        delegation = registry.resolve(name)
        if delegation is None:
            unknown.append(name)
        elif delegation not in found:
            found.append(delegation)
    if unknown:
        listed = ", ".join(f"'{name}'" for name in unknown)
        raise InvalidInput(
            f"Unknown {what}: {listed}. Use a code, UN name or alias from /api/v1/delegations."
        )
    return found


def delegation_refs(session: Session, codes: Iterable[str]) -> dict[str, DelegationRef]:
    """Delegations named by code, by code (an unknown code is named by itself)."""
    codes = list(codes)
    names = delegations_repo.delegation_names(session, codes)
    return {code: DelegationRef(code, names.get(code, code)) for code in codes}
