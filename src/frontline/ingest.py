"""Ingest: read a document, strip markup and noise, find its date, sections and sentences.

Pure core: no geodata, no third-party imports beyond charset-normalizer and BeautifulSoup.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from .errors import InputError
from .genre import detect_genre
from .records import Report, Section, Sentence

_MONTH_LIST = (
    "january february march april may june july august september october november december"
).split()
# Month names and the abbreviations reports use ("Feb. 23", "Sept. 5"), lower-cased, to 1..12.
MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_LIST, start=1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_LIST, start=1) if m != "may"},
    "sept": 9,
}
# Full names before their abbreviations, so that "March" is not read as "Mar".
MONTH_RE = "|".join(
    [m.capitalize() for m in _MONTH_LIST]
    + [m.capitalize() + r"\." for m in MONTHS if m not in _MONTH_LIST]
)

# A date in running text: "November 12, 2022", "November 12", "Nov. 12".
DATE_RE = re.compile(
    rf"\b(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# "27 February 2026" (European order, used by Ukrainian outlets).
DAY_FIRST_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_RE})(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# What marks a header line as a publication dateline: a weekday name or a clock time.
_DATELINE_RE = re.compile(
    r"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|\b\d{1,2}:\d\d\b", re.IGNORECASE
)
_FILE_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)")
_FILE_YEAR_RE = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_FOOTNOTE_RE = re.compile(r"\[\d{1,3}(?:[,\-–]\s?\d{1,3})*\]")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
# A line that is only a URL or URL path (tracking links pasted from social media).
_URL_LINE_RE = re.compile(r"^\s*(?:https?://|www\.|/)\S{25,}\s*$")
_MD_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MD_MARK_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", re.MULTILINE)
_MD_EMPH_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")

# Abbreviations after which a full stop does not end a sentence.
_ABBREV = {
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "sgt",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "no",
    "vs",
    "approx",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "e.g",
    "i.e",
    "adm",
    "gov",
    "sen",
    "rep",
    "pres",
    "jr",
    "sr",
}
_SENT_END_RE = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]{0,2}[A-Z0-9А-ЯІЇЄҐ])")

ISW_MARKERS = ("Russian Offensive Campaign Assessment", "Institute for the Study of War")
_HEADER_LINES = 8


# One report is a few kB (ISW toplines ~6 kB, a long live blog page ~1 MB of HTML). A bigger
# input is almost always the wrong file (a concatenated dump, a log, a disk image) and would be
# held whole in memory several times over (text, cleaned text, sentences), so it is refused
# before it is read unless the limit is raised.
DEFAULT_MAX_BYTES = 20_000_000


def read_document(
    path: str | Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
    """Read a document and return ``(doc, text)`` with markup stripped.

    Parameters
    ----------
    path : str or Path
        The file, or ``"-"`` for stdin.
    max_bytes : int or None
        Refuse inputs larger than this many bytes (None or 0: no limit). A regular file is
        refused from its size before any of it is read; stdin and other streams are read at
        most ``max_bytes + 1`` bytes, so memory stays bounded either way.

    Raises
    ------
    InputError
        Naming the file and the fix, for missing, too large, empty, binary or undecodable
        input.
    """
    doc = str(path)
    limit = max_bytes or None
    if doc == "-":
        doc = "<stdin>"
        raw = sys.stdin.buffer.read(-1 if limit is None else limit + 1)
    else:
        p = Path(path)
        if p.is_dir():
            raise InputError(f"{doc}: is a directory; pass the files in it (e.g. {doc}/*.txt)")
        try:
            size = p.stat().st_size
            if limit is not None and size > limit:
                _too_large(doc, size, limit)
            with p.open("rb") as fh:  # bounded even if the size changed, or is a stream's 0
                raw = fh.read(-1 if limit is None else limit + 1)
        except FileNotFoundError:
            raise InputError(f"{doc}: no such file; check the path") from None
        except OSError as exc:
            raise InputError(
                f"{doc}: cannot be read ({exc.strerror}); check its permissions"
            ) from None
    if limit is not None and len(raw) > limit:
        _too_large(doc, None, limit)
    text = decode_bytes(raw, doc)
    if _looks_like_html(doc, text):
        text = html_to_text(text)
    elif doc.lower().endswith((".md", ".markdown")):
        text = markdown_to_text(text)
    if not text.strip():
        raise InputError(f"{doc}: contains no text after removing markup; pass a report")
    return doc, text


def _too_large(doc: str, size: int | None, limit: int) -> NoReturn:
    """Raise the one-line error for an input above ``limit`` bytes (``size`` if known)."""
    what = f"is {_mb(size)}" if size is not None else f"has more than {_mb(limit)}"
    raise InputError(
        f"{doc}: {what}, above the {_mb(limit)} limit for one report; split it into one "
        f"file per report, or raise the limit with --max-bytes "
        f"{_suggest_limit(size or limit * 2)} (0 = no limit)"
    )


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n} bytes"


def _suggest_limit(size: int) -> str:
    """A round --max-bytes value above ``size`` ("120MB", "5000")."""
    if size < 1_000_000:
        return str(size + 1)
    step = 10 if size >= 10_000_000 else 1
    return f"{-(-size // (step * 1_000_000)) * step}MB"


def decode_bytes(raw: bytes, doc: str) -> str:
    """Decode UTF-8 (with or without BOM), else the encoding charset-normalizer detects."""
    if not raw.strip():
        raise InputError(f"{doc}: is empty; pass a file containing report text")
    if raw.count(b"\x00") > 0 or _control_ratio(raw[:4096]) > 0.05:
        raise InputError(
            f"{doc}: looks binary, not text; pass a plain-text, Markdown or HTML report"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(
            f"{doc}: text encoding not recognised; convert it to UTF-8 (e.g. iconv -t UTF-8)"
        )
    return str(best)


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    # Bytes 0-31 except tab, newline, form feed and carriage return, counted in C.
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_like_html(doc: str, text: str) -> bool:
    if doc.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype html", "<html")) or (
        "<body" in text[:5000].lower() and "</p>" in text.lower()
    )


_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "ul",
    "ol",
    "table",
)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


# A line that is only a link ("- [Other headline](https://...)"): a list of related
# articles or a menu, whose titles name places of other stories.
_LINK_LINE_RE = re.compile(r"^\s*(?:[-*•+]\s*)?!?\[[^\]\n]*\]\([^)\n]*\)?\s*$", re.MULTILINE)


def drop_link_lines(text: str) -> str:
    """``text`` without its lines that hold nothing but a Markdown link."""
    if "](" not in text:
        return text
    return _LINK_LINE_RE.sub("", text)


def markdown_to_text(md: str) -> str:
    """Drop Markdown syntax that would otherwise end up in quotes (links keep their text,
    link-only lines go)."""
    text = _MD_LINK_RE.sub(r"\1", drop_link_lines(md))
    text = _MD_MARK_RE.sub("", text)
    return _MD_EMPH_RE.sub(r"\2", text)


def clean_text(text: str) -> str:
    """Remove ISW footnote markers, tracking URLs and stray carriage returns."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\ufeff", "")
    # URL lines and URLs need "http", "www." or "/": most reports have none, and a
    # substring test is far cheaper than the patterns.
    if "/" in text or "www." in text:  # "http" always comes with "/"
        text = drop_link_lines(text)
        if "](" in text:  # Markdown links pasted into plain text keep their words
            text = _MD_LINK_RE.sub(r"\1", text)
        lines = [ln for ln in text.split("\n") if not _URL_LINE_RE.match(ln)]
        text = "\n".join(lines)
    text = _FOOTNOTE_RE.sub("", text)
    if "://" in text or "www." in text:
        text = _URL_RE.sub("", text)
    return text.strip("\n")


def parse_date(month: str, day: str, year: int | None) -> str | None:
    """``("November", "12", 2022) -> "2022-11-12"``; None for impossible dates or no year."""
    if year is None:
        return None
    try:
        return dt.date(year, month_number(month), int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def month_number(name: str) -> int:
    """1..12 for a month name or abbreviation as :data:`MONTH_RE` matches it ("Feb.")."""
    return MONTHS[name.rstrip(".").lower()]


def date_from_filename(doc: str) -> tuple[str | None, int | None]:
    """A full date (``2022-11-12``) or only a year found in the file name."""
    name = Path(doc).name
    m = _FILE_DATE_RE.search(name)
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat(), int(m[1])
        except ValueError:
            pass
    y = _FILE_YEAR_RE.search(name)
    return None, (int(y[1]) if y else None)


def _header_date(text: str) -> re.Match[str] | None:
    """The date of a dateline among the first lines.

    Only short lines count ("WAR IN UKRAINE: November 11, 2022", "November 12, 7:30 PM ET",
    "Friday, 27 February 2026, 22:49"): a date inside a long caption or sentence is the date
    of something else.
    """
    first = None
    for line in text.split("\n")[:_HEADER_LINES]:
        if len(line.split()) > 12:
            continue
        m = DATE_RE.search(line) or DAY_FIRST_RE.search(line)
        if m is None:
            continue
        if _DATELINE_RE.search(line):
            # A publication dateline ("Friday, 27 February 2026, 17:07") beats a date in the
            # headline ("Ukraine frontline update February 26 2026"), which may name the day
            # the news is about rather than the day it was published.
            return m
        first = first or m
    return first


def find_report_date(
    text: str, doc: str, *, date: str | None = None, year: int | None = None
) -> tuple[str | None, int | None, list[str]]:
    """Return ``(report_date, year, warnings)``.

    Order: explicit ``date``; a dated header line ("WAR IN UKRAINE: November 11, 2022",
    "November 12, 7:30 PM ET", "Key Takeaways March 2, 2022"); the file name. A header date
    with no year takes the year from ``year``, then the file name; otherwise the date is
    reported as ambiguous and left for the caller (a batch may supply the year).
    """
    warnings: list[str] = []
    file_date, file_year = date_from_filename(doc)
    if date:
        return date, int(date[:4]), warnings
    m = _header_date(text)
    if m:
        if m["year"]:
            return parse_date(m["month"], m["day"], int(m["year"])), int(m["year"]), warnings
        y = year or file_year
        if y:
            return parse_date(m["month"], m["day"], y), y, warnings
        warnings.append(
            f"{doc}: the report date {m[0]!r} has no year; pass --year or --date "
            "(or name the file with its date, e.g. 2022-11-12.txt)"
        )
        return None, None, warnings
    if file_date:
        return file_date, file_year, warnings
    warnings.append(
        f"{doc}: no report date found; its events get date null. Pass --date YYYY-MM-DD"
    )
    return None, year or file_year, warnings


def header_month_day(text: str) -> tuple[str, str] | None:
    """The (month, day) of a year-less header date, for batch year inference."""
    m = _header_date(text)
    if m and not m["year"]:
        return m["month"], m["day"]
    return None


def detect_source(text: str) -> str:
    """The document genre's name (:func:`frontline.genre.detect_genre`)."""
    return detect_genre(text).name


def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 260:
        return False
    if s[-1] in '.!?"”:;,' and not s.endswith("):"):
        return False
    words = s.split()
    # Short lines are headings; ISW's long ones carry a parenthetical objective:
    # "Russian Main Effort—Eastern Ukraine (Russian objective: ...)".
    if len(words) > 16 and len(s.split("(")[0].split()) > 12:
        return False
    # Headings start with a capital letter and are not a date line or a bare URL.
    return s[0].isupper() and not DATE_RE.match(s)


def iter_lines(text: str) -> Iterator[tuple[int, int, str]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _last_word(line: str, start: int, end: int) -> str:
    """The run of word characters and dots that ends ``line[start:end]`` ("" if none);
    a backwards scan, where a ``$``-anchored regex search would try every position."""
    i = end
    while i > start and (line[i - 1].isalnum() or line[i - 1] in "_."):
        i -= 1
    return line[i:end]


def split_sentences(line: str) -> list[tuple[int, int]]:
    """Sentence spans within one paragraph line.

    Hand-written on purpose: report prose is regular, we need exact character spans, and
    the usual statistical splitters need model downloads this tool cannot rely on.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END_RE.finditer(line):
        end = m.start() + 1
        prev = _last_word(line, start, end - 1).lower()
        if prev in _ABBREV or (len(prev) == 1 and prev.isalpha()):
            continue
        close = m.end() - len(m.group(0)) + len(m.group(0).rstrip())
        spans.append((start, close))
        start = m.end()
    if line[start:].strip():
        spans.append((start, len(line.rstrip())))
    # Trim leading whitespace of each span.
    out = []
    for s, e in spans:
        while s < e and line[s].isspace():
            s += 1
        if s < e:
            out.append((s, e))
    return out


def structure(text: str) -> tuple[tuple[Section, ...], tuple[Sentence, ...]]:
    """Split clean text into headed sections and sentences with exact spans."""
    sections: list[Section] = []
    sentences: list[Sentence] = []
    current_heading, current_start = "", 0
    paragraph = 0
    for start, _end, line in iter_lines(text):
        if not line.strip():
            continue
        if _is_heading(line):
            sections.append(Section(current_heading, current_start, start))
            current_heading, current_start = line.strip(), start
            continue
        paragraph += 1
        for s, e in split_sentences(line):
            sentences.append(Sentence(start + s, start + e, line[s:e], len(sections), paragraph))
    sections.append(Section(current_heading, current_start, len(text)))
    return tuple(sections), tuple(sentences)


def ingest_text(
    text: str,
    doc: str = "<text>",
    *,
    date: str | None = None,
    year: int | None = None,
) -> Report:
    """Build a :class:`Report` from already-decoded text."""
    clean = clean_text(text)
    if not clean.strip():
        raise InputError(f"{doc}: contains no report text; pass a non-empty report")
    report_date, yr, warnings = find_report_date(clean, doc, date=date, year=year)
    sections, sentences = structure(clean)
    return Report(
        doc=doc,
        text=clean,
        report_date=report_date,
        source=detect_source(clean),
        sections=sections,
        sentences=sentences,
        year=yr,
        warnings=tuple(warnings),
    )


def ingest(
    path: str | Path,
    *,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Report:
    """Read and ingest one document (``"-"`` for stdin; ``max_bytes`` as in read_document)."""
    doc, text = read_document(path, max_bytes=max_bytes)
    return ingest_text(text, doc, date=date, year=year)
