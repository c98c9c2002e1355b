"""The delegation registry as stored: search it, add to it, read names with it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.core.delegations import Delegation, Registry
from app.core.errors import Conflict, InvalidInput
from app.core.records import DelegationRef, Page
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


def list_delegations(
    session: Session, *, q: str | None, limit: int, offset: int
) -> Page[Delegation]:
    """A page of the registry: all by name, or those matching `q` (name, code, alias) best first."""
    registry = registry_of(session)
    if q and q.strip():
        found = registry.search(q, limit=len(registry))
    else:
        found = sorted(registry, key=lambda d: d.name.casefold())
    return Page.of(found, limit=limit, offset=offset)


@dataclass(frozen=True, slots=True)
class NewDelegation:
    """A delegation or ad hoc group to add; members and aliases as the user wrote them."""

    code: str
    name: str
    kind: DelegationKind = DelegationKind.GROUP
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()


def add_delegation(session: Session, actor: str, new: NewDelegation) -> Delegation:
    """Add a delegation or an ad hoc group; members are given by code, name or alias."""
    code = new.code.strip()
    taken = delegations_repo.delegation_by_code(session, code)
    if taken is not None:
        raise Conflict(f"The code '{code}' is taken by {taken.name}.")
    registry = registry_of(session)
    kind = DelegationKind(new.kind)
    members = resolve_delegations(registry, new.members, what="members")
    if members and kind != DelegationKind.GROUP:
        raise InvalidInput("Only a group has members; set kind to 'group'.")
    added = Delegation(
        code=code,
        name=new.name.strip(),
        kind=kind,
        aliases=tuple(dict.fromkeys(a.strip() for a in new.aliases if a.strip())),
        members=tuple(m.code for m in members),
    )
    try:
        Registry([*registry, added])
    except ValueError as clash:
        raise Conflict(str(clash)) from None
    session.add(
        DelegationRow(
            code=added.code,
            name=added.name,
            kind=str(added.kind),
            aliases=list(added.aliases),
            members=list(added.members),
            builtin=False,
        )
    )
    session.flush()
    tokens_repo.record_audit(session, actor, "delegation.create", code, {"name": added.name})
    return added


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
