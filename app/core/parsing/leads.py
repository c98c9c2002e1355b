"""Leads, the opening words that give a paragraph its shape, and the words of each language.

A lead is the participle, adjective or verb phrase a paragraph opens with, printed in italics:
"Recalling also", "Deeply concerned", "Calls upon", "Expresses its deep concern", "回顾". The
word lists below (English, French, Spanish, Russian, Arabic, Chinese) decide where a lead ends
and whether it is a preambular one; `reads_preambular` and `reads_operative` use them to
classify the unnumbered paragraphs of a draft, and `guess_language` names the draft's language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from app.core.script import Script, is_cjk, script_of

__all__ = [
    "find_lead",
    "guess_language",
    "has_preambular_lead",
    "reads_operative",
    "reads_preambular",
]


def _words(text: str) -> list[str]:
    """The space-separated words of a lexicon line."""
    return text.split()


_ADVERBS = frozenset(
    _words(
        "deeply gravely seriously strongly fully firmly profoundly also further again once "
        "urgently sincerely greatly highly particularly equally profondément gravement "
        "sérieusement vivement "
        "pleinement fermement également aussi profundamente gravemente seriamente sumamente "
        "plenamente firmemente también asimismo глубоко серьезно вновь также"
    )
)
_FOLLOWERS = tuple(
    tuple(phrase.split())
    for phrase in (
        "also", "further", "again", "moreover", "furthermore", "once again", "en outre",
        "également", "aussi", "de nouveau", "à nouveau", "instamment", "vivement", "fermement",
        "énergiquement", "también", "además", "asimismo", "nuevamente", "igualmente",
        "encarecidamente", "firmemente", "enérgicamente", "также", "далее", "вновь",
        "настоятельно",
    )
)  # fmt: skip
_HEAD_FOLLOWERS: dict[str, tuple[str, ...]] = {
    "calls": ("upon", "on"), "call": ("upon", "on"), "calling": ("upon", "on"),
    "bearing": ("in mind",), "taking": ("note", "into account"), "takes": ("note",),
    "gardant": ("à l'esprit", "présent à l'esprit"), "tenant": ("compte",),
    "prenant": ("note", "acte"), "prend": ("note", "acte"), "ayant": ("à l'esprit",),
    "teniendo": ("presente", "en cuenta"), "tomando": ("nota",), "toma": ("nota",),
}  # fmt: skip


def _by_first_word(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases (as word tuples) grouped by their first word, to look up one token's phrases."""
    grouped: dict[str, tuple[tuple[str, ...], ...]] = {}
    for phrase in phrases:
        grouped[phrase[0]] = (*grouped.get(phrase[0], ()), phrase)
    return grouped


_FOLLOWERS_BY_FIRST = _by_first_word(_FOLLOWERS)
_HEAD_FOLLOWERS_BY_FIRST = {
    head: _by_first_word(tuple(p.split()) for p in phrases)
    for head, phrases in _HEAD_FOLLOWERS.items()
}
_FEELINGS = frozenset(
    _words(
        "appreciation concern satisfaction interest regret alarm gratitude approval support "
        "préoccupation inquiétude intérêt reconnaissance consternation soutien aprecio "
        "preocupación satisfacción interés beneplácito reconocimiento pesar alarma inquietud "
        "agradecimiento gratitud apoyo"
    )
)
_INTENSIFIERS = frozenset(
    _words(
        "deep grave great serious particular profound profonde vive grande sérieuse profunda gran "
        "honda seria its son sa ses su sus"
    )
)
_STOPWORDS = frozenset(
    _words(
        "the a an in on at for to by of with le la les l un une des en dans pour el los las del "
        "con para por y et and"
    )
)
_PREAMBULAR_WORDS = frozenset(
    _words(
    "concerned alarmed aware mindful conscious convinced determined cognizant cognisant "
    "desirous guided committed encouraged disturbed appalled shocked dismayed saddened "
    "outraged gratified pleased inspired resolved conscient consciente conscients "
    "conscientes soucieux soucieuse inquiet inquiète conscientes"
    )
    + [f"{stem}{end}" for stem in ("préoccupé", "alarmé", "convaincu", "résolu", "guidé",
                                   "déterminé", "encouragé", "attaché")
       for end in ("", "e", "s", "es")]
    + [f"{stem}{end}" for stem in ("convencid", "preocupad", "alarmad", "decidid", "guiad",
                                   "resuelt", "deseos", "alentad", "comprometid")
       for end in ("o", "a", "os", "as")]
)  # fmt: skip
_CJK_PREAMBULAR = (
    "回顾", "又回顾", "还回顾", "重申", "又重申", "深为关切", "深感关切", "严重关切", "关切地",
    "赞赏地注意到", "注意到", "又注意到", "欢迎", "又欢迎", "确认", "又确认", "认识到", "又认识到",
    "强调", "又强调", "铭记", "深信", "意识到", "决心", "遵循", "申明", "承认", "考虑到",
    "深感震惊", "震惊",
)  # fmt: skip
_CJK_OPERATIVE = (
    "敦促", "促请", "吁请", "请", "又请", "还请", "决定", "又决定", "鼓励", "又鼓励", "邀请",
    "谴责", "强烈谴责", "呼吁", "支持", "赞赏", "表示", "认可", "核可",
)  # fmt: skip
_LEAD_WINDOW = 200  # characters searched for a lead; the longest leads are ~40
_MAX_INTENSIFIERS = 2  # words between "with"/"its" and the feeling: "its deep concern"
_ENDINGS_PREAMBULAR = ("ing", "ant", "ando", "iendo", "yendo")
_PREAMBULAR_ENDINGS = (",", "،", "，", ";", "；", ":", "：")  # a paragraph's closing mark
_LANGUAGE_OF_SCRIPT = {Script.CJK: "zh", Script.ARABIC: "ar", Script.CYRILLIC: "ru"}
_TOKEN = re.compile(r"\S+")  # a token of `str.split()`, with its place
_HEAD_WORD = re.compile(r"[^\W\d_][\w'’\-]*")


def _word(token: str) -> str:
    """A token without surrounding punctuation, lower-cased, for comparison."""
    return token.strip(',;:.!?()«»"“”').lower().replace("’", "'")


def _lead_tokens(text: str) -> tuple[list[str], int]:
    """The whitespace tokens of `text`'s opening, and how many of them form the lead."""
    tokens = text[:_LEAD_WINDOW].split()
    i = 0
    while i < len(tokens) - 1 and _word(tokens[i]) in _ADVERBS:
        i += 1
    if i >= len(tokens):
        return tokens, 0
    head = tokens[i].rstrip(",;:.")
    head_word = _word(head)
    if not _HEAD_WORD.fullmatch(head) or head_word in _STOPWORDS:
        return tokens, 0
    if i == 0 and head[0].islower():
        return tokens, 0
    if head_word == "se" and i + 1 < len(tokens):
        i += 1
    i += 1
    expressive = head_word.startswith(("express", "exprim", "reiter", "réitér"))
    head_followers = _HEAD_FOLLOWERS_BY_FIRST.get(head_word, {})
    while i < len(tokens) and not tokens[i - 1].endswith((",", ";", ":", ".")):
        words = [_word(t) for t in tokens[i : i + 4]]
        phrases = (
            *_FOLLOWERS_BY_FIRST.get(words[0], ()),
            *head_followers.get(words[0], ()),
        )
        taken = max((len(p) for p in phrases if tuple(words[: len(p)]) == p), default=0)
        if not taken and (words[0] in ("with", "avec", "con") or expressive):
            rest = words[1:] if words[0] in ("with", "avec", "con") else words
            extra = next((n for n, w in enumerate(rest) if w not in _INTENSIFIERS), len(rest))
            if extra <= _MAX_INTENSIFIERS and len(rest) > extra and rest[extra] in _FEELINGS:
                taken = extra + 1 + (len(words) - len(rest))
        if not taken:
            break
        i += taken
    return tokens, i


def find_lead(text: str) -> str:
    """The opening participle, adjective or verb phrase ("Recalling also", "Calls upon", "回顾")."""
    text = text.lstrip()
    if not text:
        return ""
    if is_cjk(text[0]):
        return max((w for w in (*_CJK_PREAMBULAR, *_CJK_OPERATIVE) if text.startswith(w)),
                   key=len, default="")  # fmt: skip
    tokens, count = _lead_tokens(text)
    if count == 0:
        return ""
    if _word(tokens[0]) in ("إذ", "وإذ") and count == 1 and len(tokens) > 1:
        count = 2
    if _word(tokens[count - 1]) in ("having", "ayant", "habiendo") and len(tokens) > count:
        count += 1
    last = next(islice(_TOKEN.finditer(text, 0, _LEAD_WINDOW), count - 1, None))
    return text[: last.end()].rstrip(",;:.،")


def has_preambular_lead(text: str) -> bool:
    """Whether the paragraph opens like a preambular one ("Recalling", "Deeply concerned")."""
    return _is_preambular(find_lead(text))


def _is_preambular(lead: str) -> bool:
    """Whether a lead found by `find_lead` is a preambular one."""
    if not lead:
        return False
    if is_cjk(lead[0]):
        return lead in _CJK_PREAMBULAR
    words = [_word(w) for w in lead.split()]
    if words[0] in ("إذ", "وإذ"):
        return True
    head = next((w for w in words if w not in _ADVERBS), words[-1])
    return head in _PREAMBULAR_WORDS or head.endswith(_ENDINGS_PREAMBULAR)


def reads_preambular(text: str) -> bool:
    """Whether an unnumbered paragraph before the operative part reads as preambular.

    It does when it ends with a comma (or another preambular ending), or opens with a lead
    participle followed by at least three more words (six characters in CJK): a short heading
    such as "Bearing in mind" alone is not a paragraph.
    """
    if text.startswith("[") and text.endswith("]"):
        return False
    if text.endswith(_PREAMBULAR_ENDINGS):
        return True
    lead = find_lead(text)
    if not _is_preambular(lead):
        return False
    rest = text[len(lead) :].strip()
    return len(rest) >= 6 if is_cjk(text[0]) else len(rest.split()) >= 3


def reads_operative(text: str) -> bool:
    """An unnumbered paragraph that closes like an operative one and has no preambular lead."""
    return text.endswith((";", "；", ".", "。", "؛")) and not has_preambular_lead(text)


def guess_language(text: str) -> str:
    """ISO 639-1 code of the draft's language from its script and commonest short words."""
    scripts = dict.fromkeys(Script, 0)
    for ch, count in Counter(text).items():  # each distinct character tested once
        script = script_of(ch)
        if script is not None:
            scripts[script] += count
    best = max(scripts, key=lambda k: scripts[k])
    if best != Script.LATIN:
        return _LANGUAGE_OF_SCRIPT[best]
    words = Counter(re.findall(r"\w+", text.lower()))
    marks = {
        "en": {"the", "and", "of", "to", "its"},
        "fr": {"et", "les", "des", "du", "le", "l", "sur"},
        "es": {"y", "los", "las", "el", "del", "su", "sus"},
    }
    scores = {lang: sum(words[w] for w in vocab) for lang, vocab in marks.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))
