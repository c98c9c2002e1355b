"""Matching proposals to changes: which hunk each proposal explains, and how surely."""

from __future__ import annotations

from app.core.diffing import diff_paragraph
from app.core.matching import (
    ChangeEdit,
    HunkEdit,
    Match,
    ProposalEdit,
    match_proposals,
    proposal_outcomes,
)
from app.core.similarity import paragraph_similarity

OP4 = "Calls upon States to investigate attacks independently and impartially;"
OP21 = "Calls upon all States to give serious consideration to requests for visits;"
OP23 = "Requests the Secretary-General to report at its sixty-first session;"


def modified(old: str, new: str, lineage: str = "L1", change_id: int = 1) -> ChangeEdit:
    """The change of one paragraph edited from `old` to `new`, with the differ's hunks."""
    diff = diff_paragraph(old, new)
    hunks = tuple(HunkEdit(h.index, h.delete, h.insert, h.old_start, h.old_end) for h in diff.hunks)
    return ChangeEdit(change_id, "modified", (lineage,), old, new, hunks)


def proposal(
    pid: int, action: str, find: str | None, text: str | None, target: str, lineage: str = "L1"
) -> ProposalEdit:
    """A text proposal on the paragraph `target` of lineage `lineage`."""
    return ProposalEdit(pid, action, lineage, find, text, target)


def by_hunk(matches: list[Match]) -> dict[int | None, list[int]]:
    """Proposal ids per hunk index."""
    found: dict[int | None, list[int]] = {}
    for match in matches:
        found.setdefault(match.hunk_index, []).append(match.proposal_id)
    return found


def test_a_replacement_carried_out_word_for_word_matches_in_full() -> None:
    new = OP4.replace("independently and impartially", "independently, impartially and effectively")
    replace = proposal(
        1,
        "replace",
        "independently and impartially",
        "independently, impartially and effectively",
        OP4,
    )
    matches = match_proposals([replace], [modified(OP4, new)])
    assert len(matches) == 2  # the differ shows the edit as two hunks; both are the proposal's
    assert all(m.proposal_id == 1 and m.confidence == 1.0 and m.full for m in matches)
    assert proposal_outcomes(matches) == {1: "accepted"}


def test_a_hunk_inserting_urges_does_not_fully_match_a_proposal_inserting_urges_strongly() -> None:
    old = "The Council encourages States to act;"
    new = "The Council encourages and urges States to act;"
    insert = proposal(1, "insert", "encourages", " and urges strongly", old)
    [match] = match_proposals([insert], [modified(old, new)])
    assert not match.full and 0.5 <= match.confidence < 1.0
    assert proposal_outcomes([match]) == {1: "partly-accepted"}


def test_a_proposal_on_another_paragraph_never_matches() -> None:
    new = OP21.replace("give serious consideration to", "accept")
    elsewhere = proposal(1, "replace", "give serious consideration to", "accept", OP21, "L2")
    assert match_proposals([elsewhere], [modified(OP21, new, lineage="L1")]) == []


def test_a_rewrite_in_other_words_inside_the_named_span_is_partly_the_proposal() -> None:
    new = OP21.replace("give serious consideration to", "respond favourably to")
    replace = proposal(1, "replace", "give serious consideration to", "accept", OP21)
    [match] = match_proposals([replace], [modified(OP21, new)])
    assert not match.full and 0.5 <= match.confidence < 1.0


def test_a_neighbour_that_only_touches_loses_to_the_proposal_that_wrote_the_words() -> None:
    new = OP23.replace("session;", "session, within existing resources;")
    russia = proposal(
        1, "insert", "at its sixty-first session", ", within existing resources", OP23
    )
    eu = proposal(2, "replace", "sixty-first session", "sixtieth session", OP23)
    matches = match_proposals([russia, eu], [modified(OP23, new)])
    assert by_hunk(matches) == {0: [1]}
    assert matches[0].full


def test_a_proposal_on_words_elsewhere_in_the_paragraph_does_not_match() -> None:
    new = OP23.replace("Secretary-General", "High Commissioner")
    other = proposal(1, "replace", "sixty-first session", "sixtieth session", OP23)
    assert match_proposals([other], [modified(OP23, new)]) == []


def test_a_rewrite_next_to_the_span_in_other_words_is_attributed_with_low_confidence() -> None:
    old = "Calls upon States to ensure participation at all levels without fear of reprisal;"
    new = old.replace("levels without", "levels, peacefully and without")
    oic = proposal(1, "replace", "without fear of reprisal", "in accordance with national law", old)
    [match] = match_proposals([oic], [modified(old, new)])
    assert match.proposal_id == 1 and match.confidence < 0.5 and not match.full


def test_an_insert_without_find_matches_its_words_wherever_they_appear() -> None:
    old = "Urges States to protect defenders;"
    new = "Urges States to protect defenders effectively;"
    anywhere = proposal(1, "insert", None, "effectively", old)
    [match] = match_proposals([anywhere], [modified(old, new)])
    assert match.full and match.confidence == 1.0
    unrelated = proposal(2, "insert", None, "promptly", old)
    assert match_proposals([unrelated], [modified(old, new)]) == []


def test_two_delegations_proposing_the_same_words_share_the_hunk() -> None:
    new = OP21.replace("give serious consideration to", "accept")
    first = proposal(1, "replace", "give serious consideration to", "accept", OP21)
    second = proposal(2, "replace", "give serious consideration to", "accept", OP21)
    assert by_hunk(match_proposals([first, second], [modified(OP21, new)])) == {0: [1, 2]}


def test_a_deletion_matches_the_hunk_that_removes_its_words() -> None:
    old = "Calls upon States to release defenders, and to release those detained arbitrarily;"
    new = "Calls upon States to release defenders;"
    delete = proposal(1, "delete", ", and to release those detained arbitrarily", None, old)
    [match] = match_proposals([delete], [modified(old, new)])
    assert match.full and match.confidence == 1.0


def test_new_paragraph_proposals_match_added_paragraphs_by_text_similarity() -> None:
    added_text = "Stressing the importance of international cooperation and capacity-building,"
    added = ChangeEdit(7, "added", (), "", added_text)
    african_group = ProposalEdit(
        1,
        "new-paragraph",
        text="Stressing the importance of international cooperation, "
        "technical assistance and capacity-building,",
    )
    cuba = ProposalEdit(
        2,
        "new-paragraph",
        text="Stressing that the work of the Council should be guided by "
        "the principles of universality, impartiality and non-selectivity,",
    )
    [match] = match_proposals([african_group, cuba], [added])
    assert (match.proposal_id, match.change_id, match.hunk_index) == (1, 7, None)
    assert 0.5 <= match.confidence < 1.0 and not match.full
    exact = ProposalEdit(3, "new-paragraph", text=added_text.rstrip(",") + ";")
    assert paragraph_similarity(exact.text or "", added_text) == 1.0


def test_delete_paragraph_matches_the_deleted_step_in_full() -> None:
    deleted = ChangeEdit(3, "deleted", ("L9",), "Decides to remain seized of the matter.", "")
    delete = ProposalEdit(1, "delete-paragraph", "L9", target_text=deleted.old_text)
    other = ProposalEdit(2, "delete-paragraph", "L8", target_text="Another paragraph.")
    assert match_proposals([delete, other], [deleted]) == [Match(1, 3, None, 1.0, True)]


def test_delete_paragraph_on_a_paragraph_that_survived_is_at_most_partly_accepted() -> None:
    old = "Calls upon States to support defenders in exile, including through flexible visas;"
    new = old.replace("including through flexible visas", "in accordance with international law")
    delete = ProposalEdit(1, "delete-paragraph", "L1", target_text=old)
    [match] = match_proposals([delete], [modified(old, new)])
    assert not match.full and match.confidence < 0.5
    assert proposal_outcomes([match]) == {1: "partly-accepted"}


def test_a_delete_paragraph_proposal_loses_a_hunk_to_the_proposal_that_wrote_it() -> None:
    new = OP21.replace("give serious consideration to", "accept")
    replace = proposal(1, "replace", "give serious consideration to", "accept", OP21)
    delete = ProposalEdit(2, "delete-paragraph", "L1", target_text=OP21)
    assert by_hunk(match_proposals([replace, delete], [modified(OP21, new)])) == {0: [1]}


def test_chinese_text_is_matched_character_by_character() -> None:
    old = "鼓励各国保护人权维护者；"
    new = "敦促各国保护人权维护者；"
    replace = proposal(1, "replace", "鼓励", "敦促", old)
    [match] = match_proposals([replace], [modified(old, new)])
    assert match.full and match.confidence == 1.0
