"""The core's data shapes: frozen dataclasses, standard library only.

A parsed draft is a `Draft` holding `Paragraph`s in document order. The aligner turns two drafts'
paragraphs into `Step`s (one lineage step each); the differ turns two paragraph texts into `Op`s
and numbered `Hunk`s. Nothing here knows about databases, HTTP or settings.

Shapes, once:

- `Paragraph.text` is the paragraph without its printed number, exactly as the reader sees it
  (footnote markers removed, inner whitespace of hard-wrapped lines collapsed to one space).
- `Paragraph.italics` are half-open character ranges `(start, end)` into `text` that print in
  italics; for a UN paragraph the first one is usually the lead ("Recalling", "Urges").
- `Step.old` / `Step.new` are 0-based indices into the base and new drafts' `paragraphs`.
- `Hunk.old_start`/`old_end` and `new_start`/`new_end` are half-open character offsets into the
  old and new texts; `first_op`/`last_op` index into the diff's ops (inclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.core.vocabulary import ChangeKind, DiffOpKind, ParagraphKind, RevisionKind


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote referenced from a paragraph; `offset` is where its marker sat in `text`."""

    marker: str
    text: str
    offset: int = -1


@dataclass(frozen=True, slots=True)
class Revision:
    """A tracked change found in a Word file: kind, author, ISO date (or None) and its text."""

    kind: RevisionKind
    author: str
    date: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Comment:
    """A Word comment: author, ISO date (or None), its text and the text it is anchored on."""

    author: str
    date: str | None
    text: str
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a draft, in document order.

    `label` is what negotiators say ("PP3", "OP5", "OP5 bis", "OP5(a)", "" for title/other);
    `number` is the number as printed ("5.", "5 bis.", "(a)", "" when unnumbered); `level` is 0
    for title, preambular, operative and other paragraphs, 1 for (a), 2 for (i).
    """

    kind: ParagraphKind
    label: str
    number: str
    lead: str
    text: str
    level: int = 0
    italics: tuple[tuple[int, int], ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    revisions: tuple[Revision, ...] = ()
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    """A parsed draft: its paragraphs and what the masthead said.

    `title` repeats the text of the `title` paragraph (empty when none was found); `formula` is
    the enacting formula ("The Human Rights Council,"); `masthead` holds recognised header facts
    (`symbol`, `date`, `distribution`, `session`, `agenda_item`, `sponsors`, `body`) as pairs.
    """

    paragraphs: tuple[Paragraph, ...]
    title: str = ""
    formula: str = ""
    language: str = "en"
    masthead: tuple[tuple[str, str], ...] = ()

    def masthead_value(self, key: str) -> str | None:
        """The masthead fact named `key`, or None."""
        return next((v for k, v in self.masthead if k == key), None)


@dataclass(frozen=True, slots=True)
class Step:
    """One lineage step between a base draft and a new draft.

    `old` and `new` are paragraph indices: `added` has no `old`, `deleted` no `new`, `split` one
    old and several new, `merged` several old and one new. `moved` is true when the paragraph
    left its place in document order (a `moved` step may also be modified: `modified`).
    `similarity` is in [0, 1]: 1.0 for identical normalised text.
    """

    kind: ChangeKind
    old: tuple[int, ...]
    new: tuple[int, ...]
    moved: bool = False
    modified: bool = False
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Alignment:
    """All steps between two drafts: every base and every new paragraph appears in one step."""

    steps: tuple[Step, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Op:
    """One diff operation: `equal`, `insert` or `delete` with its text."""

    op: DiffOpKind
    text: str


@dataclass(frozen=True, slots=True)
class Hunk:
    """A numbered run of non-equal ops: the words deleted and inserted there, and where."""

    index: int
    delete: str
    insert: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    first_op: int
    last_op: int


@dataclass(frozen=True, slots=True)
class Diff:
    """A word-level diff: ops that rebuild both texts, and their hunks."""

    ops: tuple[Op, ...]
    hunks: tuple[Hunk, ...]

    @property
    def old_text(self) -> str:
        """The text before: equal and deleted ops."""
        return "".join(o.text for o in self.ops if o.op != DiffOpKind.INSERT)

    @property
    def new_text(self) -> str:
        """The text after: equal and inserted ops."""
        return "".join(o.text for o in self.ops if o.op != DiffOpKind.DELETE)
