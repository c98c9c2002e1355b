"""The delegation registry: the seed data, and reading names the way negotiators write them."""

from __future__ import annotations

import pytest

from app.core.delegations import Delegation, Registry, normalise_name
from app.core.vocabulary import DelegationKind
from app.data import load_delegations


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The registry built from the shipped seed data."""
    return Registry.from_records(load_delegations())


def codes(delegations: list[Delegation]) -> list[str]:
    """The codes of some delegations, in order."""
    return [delegation.code for delegation in delegations]


def kind_codes(registry: Registry, kind: DelegationKind) -> set[str]:
    """The codes of every delegation of one kind."""
    return {delegation.code for delegation in registry if delegation.kind == kind}


# The seed data


def test_the_seed_lists_all_193_member_states_under_iso_alpha_3_codes(registry: Registry) -> None:
    states = kind_codes(registry, DelegationKind.MEMBER_STATE)
    assert len(states) == 193
    assert all(len(code) == 3 and code.isupper() for code in states)


def test_the_two_observer_states_are_the_holy_see_and_the_state_of_palestine(
    registry: Registry,
) -> None:
    assert kind_codes(registry, DelegationKind.OBSERVER_STATE) == {"VAT", "PSE"}


def test_every_code_in_the_seed_is_used_once() -> None:
    seed_codes = [record["code"] for record in load_delegations()]
    assert len(seed_codes) == len(set(seed_codes))


def test_every_member_of_every_group_is_a_known_state(registry: Registry) -> None:
    states = kind_codes(registry, DelegationKind.MEMBER_STATE) | kind_codes(
        registry, DelegationKind.OBSERVER_STATE
    )
    for delegation in registry:
        assert set(delegation.members) <= states, delegation.code
        assert len(delegation.members) == len(set(delegation.members)), delegation.code


@pytest.mark.parametrize(
    ("code", "size"),
    [
        ("EU", 27),
        ("AG", 54),
        ("APG", 54),
        ("EEG", 23),
        ("GRULAC", 33),
        ("WEOG", 28),
        ("ARAB", 22),
        ("OIC", 57),
        ("NONALIGNED", 120),
        ("G77", 134),
        ("NB8", 8),
        ("NORDIC", 5),
        ("CELAC", 33),
        ("CARICOM", 14),
        ("AOSIS", 37),
    ],
)
def test_each_group_has_its_published_number_of_members(
    registry: Registry, code: str, size: int
) -> None:
    assert len(registry.members_of(code)) == size


def test_groups_with_informal_or_changing_membership_list_no_members(registry: Registry) -> None:
    assert registry.members_of("LMG") == []
    assert registry.members_of("LDC") == []


def test_the_five_regional_groups_share_out_every_member_state_but_the_united_states(
    registry: Registry,
) -> None:
    regional = [
        m for g in ("AG", "APG", "EEG", "GRULAC", "WEOG") for m in codes(registry.members_of(g))
    ]
    assert len(regional) == len(set(regional))
    assert kind_codes(registry, DelegationKind.MEMBER_STATE) - set(regional) == {"USA"}


def test_the_state_of_palestine_belongs_to_the_arab_group_and_the_oic(registry: Registry) -> None:
    assert "PSE" in codes(registry.members_of("ARAB"))
    assert "PSE" in codes(registry.members_of("OIC"))


def test_the_nordic_countries_are_the_nordic_baltic_eight_without_the_baltic_states(
    registry: Registry,
) -> None:
    nordic = set(codes(registry.members_of("NORDIC")))
    assert set(codes(registry.members_of("NB8"))) - nordic == {"EST", "LVA", "LTU"}


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("BOL", "Bolivia (Plurinational State of)"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("TUR", "Türkiye"),
        ("CIV", "Côte d'Ivoire"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("GBR", "United Kingdom of Great Britain and Northern Ireland"),
        ("VNM", "Viet Nam"),
        ("FSM", "Micronesia (Federated States of)"),
        ("SWZ", "Eswatini"),
    ],
)
def test_member_states_carry_their_un_short_names(registry: Registry, code: str, name: str) -> None:
    delegation = registry.get(code)
    assert delegation is not None and delegation.name == name


# Resolving one name


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Russia", "RUS"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("USA", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("Turkey", "TUR"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Venezuela", "VEN"),
        ("Bolivia", "BOL"),
        ("Vietnam", "VNM"),
        ("Laos", "LAO"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Tanzania", "TZA"),
        ("Moldova", "MDA"),
        ("Ivory Coast", "CIV"),
        ("Cape Verde", "CPV"),
        ("Swaziland", "SWZ"),
        ("Czech Republic", "CZE"),
        ("Macedonia", "MKD"),
        ("Holland", "NLD"),
        ("The Netherlands", "NLD"),
        ("Micronesia", "FSM"),
        ("DRC", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("Palestine", "PSE"),
        ("European Union", "EU"),
        ("OIC", "OIC"),
        ("Organization of Islamic Cooperation", "OIC"),
        ("G-77", "G77"),
        ("G77 and China", "G77"),
        ("Group of 77", "G77"),
        ("GRULAC", "GRULAC"),
    ],
)
def test_a_common_alias_resolves_to_its_delegation(
    registry: Registry, written: str, code: str
) -> None:
    resolved = registry.resolve(written)
    assert resolved is not None and resolved.code == code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Turkiye", "TUR"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        ("COTE D'IVOIRE", "CIV"),
        ("Sao Tomé and Principe", "STP"),
        ("  russian   federation ", "RUS"),
        ("Guinea Bissau", "GNB"),
    ],
)
def test_accents_case_spacing_and_punctuation_do_not_matter(
    registry: Registry, written: str, code: str
) -> None:
    resolved = registry.resolve(written)
    assert resolved is not None and resolved.code == code


def test_every_name_and_alias_resolves_to_its_own_delegation(registry: Registry) -> None:
    for delegation in registry:
        for written in (delegation.code, delegation.name, *delegation.aliases):
            resolved = registry.resolve(written)
            assert resolved is not None and resolved.code == delegation.code, written


def test_an_exact_code_resolves_before_anything_else(registry: Registry) -> None:
    namibia = registry.resolve("NAM")
    assert namibia is not None and namibia.name == "Namibia"


def test_everyday_words_are_not_read_as_codes(registry: Registry) -> None:
    assert registry.resolve("and") is None
    assert registry.resolve("can") is None


def test_an_unknown_name_resolves_to_nothing(registry: Registry) -> None:
    assert registry.resolve("Atlantis") is None
    assert registry.resolve("") is None


def test_a_registry_refuses_an_alias_that_would_mean_two_delegations() -> None:
    with pytest.raises(ValueError, match="Congo"):
        Registry(
            [
                Delegation("COG", "Congo", DelegationKind.MEMBER_STATE, ("Congo",)),
                Delegation(
                    "COD",
                    "Democratic Republic of the Congo",
                    DelegationKind.MEMBER_STATE,
                    ("Congo",),
                ),
            ]
        )


def test_a_registry_refuses_an_alias_equal_to_another_delegations_code() -> None:
    with pytest.raises(ValueError, match="NAM"):
        Registry(
            [
                Delegation("NAM", "Namibia", DelegationKind.MEMBER_STATE),
                Delegation("NONALIGNED", "Non-Aligned Movement", DelegationKind.GROUP, ("NAM",)),
            ]
        )


def test_a_registry_refuses_a_group_member_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="XXX"):
        Registry([Delegation("G", "Group", DelegationKind.GROUP, members=("XXX",))])


def test_a_delegation_survives_the_round_trip_through_its_json_shape(registry: Registry) -> None:
    eu = registry.get("EU")
    assert eu is not None
    assert Delegation.from_record(eu.to_record()) == eu
    assert eu.to_record()["kind"] == "group"


# Normalising names


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("The Côte d’Ivoire", "cote divoire"),
        ("Netherlands (Kingdom of the)", "netherlands kingdom of the"),
        ("U.S.A.", "usa"),
        ("Guinea-Bissau", "guinea bissau"),
        ("  TÜRKIYE ", "turkiye"),
        ("the", "the"),
    ],
)
def test_normalising_a_name_folds_case_accents_punctuation_and_a_leading_the(
    written: str, key: str
) -> None:
    assert normalise_name(written) == key


# Searching


def test_searching_russia_finds_the_russian_federation_first(registry: Registry) -> None:
    assert codes(registry.search("Russia"))[0] == "RUS"


def test_searching_ranks_an_exact_code_before_a_substring(registry: Registry) -> None:
    found = codes(registry.search("rus"))
    assert found[0] == "RUS"
    assert {"BLR", "CYP"} <= set(found)


def test_searching_a_word_prefix_finds_every_name_it_starts(registry: Registry) -> None:
    assert set(codes(registry.search("congo"))) == {"COG", "COD"}
    assert set(codes(registry.search("korea"))) == {"KOR", "PRK"}


def test_searching_respects_the_limit_and_ignores_an_empty_query(registry: Registry) -> None:
    assert len(registry.search("a", limit=5)) == 5
    assert registry.search("   ") == []


# Reading several delegations from free text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mexico; Chile", ["MEX", "CHL"]),
        ("EU, Mexico and Chile", ["EU", "MEX", "CHL"]),
        ("Pakistan on behalf of the OIC", ["PAK", "OIC"]),
        ("Cameroon (on behalf of the African Group)", ["CMR", "AG"]),
        ("United States", ["USA"]),
        ("USA", ["USA"]),
        ("Norway (penholder)", ["NOR"]),
        ("Bolivia (Plurinational State of), Iran (Islamic Republic of)", ["BOL", "IRN"]),
        ("Egypt on behalf of the Group of 77 and China", ["EGY", "G77"]),
        ("Trinidad and Tobago, Antigua and Barbuda", ["TTO", "ATG"]),
        ("Democratic People's Republic of Korea and Republic of Korea", ["PRK", "KOR"]),
        ("Mexico, Chile, Mexico", ["MEX", "CHL"]),
    ],
)
def test_reading_a_comment_author_or_bracket_names_its_delegations(
    registry: Registry, text: str, expected: list[str]
) -> None:
    assert codes(registry.resolve_many(text)) == expected


def test_reading_keeps_the_parts_that_name_no_delegation(registry: Registry) -> None:
    reading = registry.read_delegations("Norway (penholder); Group of Friends of X and Chile")
    assert codes(list(reading.delegations)) == ["NOR", "CHL"]
    assert reading.unresolved == ("penholder", "Group of Friends of X")


def test_connecting_words_are_not_reported_as_unresolved(registry: Registry) -> None:
    assert registry.unresolved_parts("Pakistan on behalf of the OIC") == []
    assert registry.unresolved_parts("the EU and its member states") == ["its member states"]


def test_an_abbreviation_shared_with_a_state_code_is_left_unresolved(registry: Registry) -> None:
    reading = registry.read_delegations("Cuba on behalf of NAM")
    assert codes(list(reading.delegations)) == ["CUB"]
    assert reading.unresolved == ("NAM",)
