"""Character spans of a report's cleaned text in the document as the user has it.

Ingest cleans a document before extraction (markup flattened, footnote markers, URLs and
carriage returns dropped), so a mention's offsets in ``Report.text`` are not offsets in the
file. :func:`span_map` aligns the two texts once per report and the exports' ``char_start``/
``char_end`` go through it: ``original[char_start:char_end]`` is the mention as the file has
it (for HTML and Markdown: the decoded file, tags and all).

The alignment is by pieces (sentences, line ends) where the original has them verbatim, else by
words, in order: each piece or word of the cleaned text is looked up in the original a little
past the previous one, with what cleaning removes wholesale (tags, hidden elements,
comments, URLs, Markdown link targets, footnote markers) masked out first so that no word is
matched inside it. Cleaning only deletes and re-spaces, so every word of the cleaned text is in
the original, in the same order.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["SpanMap", "span_map"]

_WORD_RE = re.compile(r"\w+")
# The pieces aligned whole when the original has them verbatim: a sentence (up to its stop and
# closing marks, where a footnote marker often follows) or the rest of a line; each starts and
# ends with a word character or a mark, never with the space that cleaning may have changed.
_PIECE_RE = re.compile(r"[^\s](?:[^\n.!?]*[.!?]+[\"”’')\]]*|[^\n]*[^\s])?")
_HTML_HIDDEN_RE = re.compile(
    r"<!--.*?-->|<(script|style|head|noscript|template|svg)\b.*?</\1\s*>|<[^>]*>",
    re.DOTALL | re.IGNORECASE,
)
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_URL_LINE_RE = re.compile(r"^[ \t]*/\S{25,}[ \t]*$", re.MULTILINE)
_MD_TARGET_RE = re.compile(r"\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_FOOTNOTE_RE = re.compile(r"\[\d{1,3}(?:[,\-–]\s?\d{1,3})*\]")
# How far past the previous word the next one may be, in the masked original: what cleaning
# drops and the masks do not cover is short (list markers, a link-only line's text).
_WINDOW = 4000


@dataclass(frozen=True, slots=True)
class SpanMap:
    """Offsets in a cleaned text -> offsets in its original (call it with a span).

    Each aligned word has its start in the cleaned text (``clean_at``), its start and end in
    the original (``original_at``, ``original_end``: the end differs from start + length when
    markup splits the word) and its length; no words means the texts are the same.
    """

    clean_at: tuple[int, ...] = ()
    original_at: tuple[int, ...] = ()
    original_end: tuple[int, ...] = ()
    lengths: tuple[int, ...] = ()
    original_length: int = 0

    def __call__(self, start: int, end: int) -> tuple[int, int]:
        """The span ``[start, end)`` of the cleaned text as a span of the original."""
        if not self.clean_at:
            return start, end
        first = self._point(start)
        if end <= start:
            return first, first
        i = bisect_right(self.clean_at, end - 1) - 1
        if i >= 0 and end == self.clean_at[i] + self.lengths[i]:
            last = self.original_end[i]  # a span ends where a word ends
        else:
            last = self._point(end - 1) + 1
        return first, max(first, last)

    def _point(self, x: int) -> int:
        i = bisect_right(self.clean_at, x) - 1
        if i < 0:  # before the first word: what precedes it was only trimmed
            return max(0, min(self.original_at[0] - (self.clean_at[0] - x), self.original_length))
        into = x - self.clean_at[i]
        point = self.original_at[i] + into
        if into >= self.lengths[i] and i + 1 < len(self.original_at):
            point = min(point, self.original_at[i + 1] - 1)  # in a gap: never past the next word
        return min(point, self.original_length)


def _kept_segments(original: str, html: bool) -> list[tuple[int, int]]:
    """The (start, end) regions of ``original`` that cleaning keeps words from."""
    masks: list[tuple[int, int]] = []
    patterns = [_URL_RE, _URL_LINE_RE, _MD_TARGET_RE, _FOOTNOTE_RE]
    if html:
        patterns.insert(0, _HTML_HIDDEN_RE)
    for pattern in patterns:
        masks.extend(m.span() for m in pattern.finditer(original))
    masks.sort()
    kept: list[tuple[int, int]] = []
    pos = 0
    for start, end in masks:
        if start > pos:
            kept.append((pos, start))
        pos = max(pos, end)
    if pos < len(original):
        kept.append((pos, len(original)))
    return kept


def span_map(clean: str, original: str, *, html: bool = False) -> SpanMap:
    """Align ``clean`` (what ingest made of ``original``) with ``original``.

    Parameters
    ----------
    clean
        The cleaned text (``Report.text``).
    original
        The decoded document: the file's text for plain text, the page source for HTML and
        Markdown.
    html
        Whether ``original`` is HTML (its tags and hidden elements are then masked).
    """
    if clean == original:
        return SpanMap()
    segments = _kept_segments(original, html)
    visible = "".join(original[a:b] for a, b in segments)
    seg_visible: list[int] = []  # where each kept segment starts in ``visible``
    total = 0
    for a, b in segments:
        seg_visible.append(total)
        total += b - a
    clean_at: list[int] = []
    visible_at: list[int] = []
    lengths: list[int] = []

    def one_segment(v: int, n: int) -> bool:
        return bisect_right(seg_visible, v) == bisect_right(seg_visible, v + n - 1)

    cursor = 0
    for piece in _PIECE_RE.finditer(clean):
        # Most pieces (a sentence, or a line) are in the original as they are: one record
        # maps the whole piece; the others are aligned word by word.
        text = piece.group()
        j = visible.find(text, cursor, cursor + _WINDOW + len(text))
        if j >= 0 and one_segment(j, len(text)):
            clean_at.append(piece.start())
            visible_at.append(j)
            lengths.append(len(text))
            cursor = j + len(text)
            continue
        for m in _WORD_RE.finditer(text):
            word = m.group()
            j = _find_word(visible, word, cursor)
            if j < 0:
                continue  # not near: leave the cursor, the next word finds its place
            clean_at.append(piece.start() + m.start())
            visible_at.append(j)
            lengths.append(len(word))
            cursor = j + len(word)
    if not clean_at:
        return SpanMap()

    def to_original(v: int) -> int:
        k = bisect_right(seg_visible, v) - 1
        return segments[k][0] + (v - seg_visible[k])

    return SpanMap(
        tuple(clean_at),
        tuple(to_original(v) for v in visible_at),
        tuple(to_original(v + n - 1) + 1 for v, n in zip(visible_at, lengths, strict=True)),
        tuple(lengths),
        len(original),
    )


def _find_word(text: str, word: str, start: int) -> int:
    """The first whole-word occurrence of ``word`` in ``text[start:start + window]``, or -1."""
    stop = start + _WINDOW + len(word)
    j = text.find(word, start, stop)
    while j >= 0:
        before = text[j - 1] if j > 0 else " "
        after = text[j + len(word)] if j + len(word) < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return j
        j = text.find(word, j + 1, stop)
    return -1
