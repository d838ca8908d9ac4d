"""Ingest: read a document, strip markup and noise, find its date, sections and sentences.

Pure core: no geodata, no third-party imports beyond charset-normalizer and BeautifulSoup.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from .errors import ConfigurationError, InputError
from .genre import detect_genre
from .records import Report, Section, Sentence
from .spans import span_map

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
    # "Nov. 12" and "Nov 12" alike: the dot is often dropped (a day number follows anyway).
    + [m.capitalize() + r"\.?" for m in MONTHS if m not in _MONTH_LIST]
)

# A date in running text: "November 12, 2022", "November 12", "Nov. 12".
DATE_RE = re.compile(
    rf"\b(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# "27 February 2026" (European order, used by Ukrainian outlets).
DAY_FIRST_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_RE})(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
# "12.06.2024" (day, month, year with dots, as Ukrainian outlets and administrations write it).
NUMERIC_DATE_RE = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?!\.?\d)"
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
# Link text excludes "[" and the target takes at most one level of parentheses ("Battle_(2022)"),
# so each attempt ends at the next bracket: a line of 100,000 "[" (or "[a](") is one pass, not
# 100,000 scans to its end.
_MD_LINK_RE = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_MD_MARK_RE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))", re.MULTILINE)
# Emphasis and code spans; the content excludes the delimiter character for the same reason.
_MD_EMPH_RE = re.compile(
    r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*|__(?=\S)([^_\n]+?)(?<=\S)__"
    r"|\*(?=\S)([^*\n]+?)(?<=\S)\*|`(?=\S)([^`\n]+?)(?<=\S)`"
)

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
    doc, text, _original = _read_with_original(path, max_bytes)
    return doc, text


def _read_with_original(
    path: str | Path, max_bytes: int | None
) -> tuple[str, str, str]:
    """:func:`read_document`'s ``(doc, text)`` and the decoded file before markup removal."""
    doc = display_name(path)
    limit = max_bytes or None
    if doc == "-":
        doc = "<stdin>"
        raw = sys.stdin.buffer.read(-1 if limit is None else limit + 1)
    else:
        raw = _read_file(Path(path), doc, limit)
    if limit is not None and len(raw) > limit:
        _too_large(doc, None, limit)
    original = text = decode_bytes(raw, doc)
    if _looks_like_html(doc, text):
        text = html_to_text(text)
    elif doc.lower().endswith((".md", ".markdown")):
        text = markdown_to_text(text)
    if not text.strip():
        raise InputError(
            f"{quoted(doc)}: contains no text after removing markup; pass a report"
        )
    return doc, text, original


def _read_file(p: Path, doc: str, limit: int | None) -> bytes:
    """At most ``limit + 1`` bytes of a regular file; one-line InputErrors for the rest.

    The file is opened non-blocking and checked with fstat before any read, so a FIFO with no
    writer, a device or a socket is refused at once instead of hanging or reading forever.
    """
    shown = quoted(doc)
    if p.is_dir():
        raise InputError(
            f"{shown}: is a directory; pass the files in it (e.g. {quoted(doc + '/*.txt')})"
        )
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{shown}: no such file; check the path") from None
    except OSError as exc:
        raise InputError(
            f"{shown}: cannot be read ({exc.strerror}); check its permissions"
        ) from None
    with open(fd, "rb", closefd=True) as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(
                f"{shown}: is not a regular file (a FIFO, device or socket); save the report "
                "to a file, or pipe it to stdin with '-'"
            )
        if limit is not None and st.st_size > limit:
            _too_large(doc, st.st_size, limit)
        try:
            return fh.read(-1 if limit is None else limit + 1)  # bounded even if it grew
        except OSError as exc:
            raise InputError(
                f"{shown}: cannot be read ({exc.strerror}); check the file"
            ) from None


def display_name(path: str | os.PathLike[str]) -> str:
    """``path`` as a document name that is valid Unicode.

    A file name with bytes that are not UTF-8 arrives surrogate-escaped ("caf\\udce9.txt"); it
    cannot be encoded (event ids hash the name, exports are UTF-8), so the bytes are written as
    escapes instead ("caf\\xe9.txt"). Other names are returned unchanged.
    """
    name = os.fspath(path)
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    if name.isascii():
        return name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that no file system produced
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def quoted(doc: str) -> str:
    """``doc`` for a one-line message: as is, or its repr when it holds a newline or another
    character that would break the line."""
    return doc if doc.isprintable() else repr(doc)


def _too_large(doc: str, size: int | None, limit: int) -> NoReturn:
    """Raise the one-line error for an input above ``limit`` bytes (``size`` if known)."""
    what = f"is {_mb(size)}" if size is not None else f"has more than {_mb(limit)}"
    raise InputError(
        f"{quoted(doc)}: {what}, above the {_mb(limit)} limit for one report; split it into one "
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
    """Decode UTF-8 (with or without BOM), UTF-16/UTF-32 (with or without BOM), Windows-1252
    (Latin-1) text, else the encoding charset-normalizer detects."""
    shown = quoted(doc)
    if not raw.strip():
        raise InputError(f"{shown}: is empty; pass a file containing report text")
    has_nul = b"\x00" in raw
    if has_nul or raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_wide(raw)
        if text is not None:
            if not text.strip():
                raise InputError(f"{shown}: is empty; pass a file containing report text")
            if "\x00" in text or _control_ratio(text[:4096].encode("utf-8", "replace")) > 0.05:
                _binary(shown)
            return text
    if has_nul or _control_ratio(raw[:4096]) > 0.05:
        _binary(shown)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _decode_western(raw)
    if text is not None:
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(
            f"{shown}: text encoding not recognised; convert it to UTF-8 (e.g. iconv -t UTF-8)"
        )
    return str(best)


def _binary(shown: str) -> NoReturn:
    raise InputError(
        f"{shown}: looks binary, not text; pass a plain-text, Markdown or HTML report"
    )


# Byte-order marks, UTF-32 first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _decode_wide(raw: bytes) -> str | None:
    """UTF-16/UTF-32 text (by its byte-order mark, else by where the zero bytes sit), or None.

    Without a mark the encoding shows in the zero bytes of a sample: every character of the
    Basic Multilingual Plane has two zero bytes in UTF-32; ASCII (spaces, digits and
    punctuation even in Cyrillic text) has one zero byte per pair in UTF-16, always on the same
    side.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    sample = raw[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if not sample:
        return None

    def zeros(part: bytes) -> float:
        return part.count(0) / max(len(part), 1)

    quarters = [zeros(sample[i::4]) for i in range(4)]
    if len(raw) % 4 == 0 and min(quarters[2:]) > 0.95 and quarters[0] < 0.5:
        candidates = ["utf-32-le"]
    elif len(raw) % 4 == 0 and min(quarters[:2]) > 0.95 and quarters[3] < 0.5:
        candidates = ["utf-32-be"]
    else:
        even, odd = zeros(sample[0::2]), zeros(sample[1::2])
        if len(raw) % 2:
            return None
        candidates = (
            ["utf-16-le"] if odd > 0.1 and even < 0.02 else
            ["utf-16-be"] if even > 0.1 and odd < 0.02 else []
        )  # fmt: skip
    for encoding in candidates:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return None


# Runs of bytes >= 0x80. In Windows-1252/Latin-1 prose they are single characters (curly
# quotes, dashes, accented letters: at most two in a row); in single-byte Cyrillic (cp1251,
# KOI8-R) whole words are such runs.
_HIGH_RUN_RE = re.compile(rb"[\x80-\xff]{3,}")


def _decode_western(raw: bytes) -> str | None:
    """Windows-1252 text (Latin-1 where its five unused bytes occur), or None when the high
    bytes look like another single-byte script (left to charset-normalizer).

    charset-normalizer guesses from letter statistics, which a short English report with a
    few curly quotes does not have: it reads them as e.g. Polish ("ą" for "à").
    """
    if _HIGH_RUN_RE.search(raw):
        return None
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


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


_BLOCK_TAGS = frozenset(
    {
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
    }
)
# Elements whose content is not visible text.
_HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head"})


_SPACES_RE = re.compile(r"[ \t\r\f\v]+")


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line (time linear in the page).

    One walk over the parsed page in document order, with the open elements on a stack: a
    line break where a block element opens and where it closes (when the walk leaves it).
    Inserting line breaks into the tree at each block tag took a minute for 10,000
    paragraphs; a recursive walk would overflow on 10,000 nested divs.
    """
    from bs4 import BeautifulSoup, CData, NavigableString, Tag

    soup = BeautifulSoup(html, "html.parser")
    parts: list[str] = []
    stack: list[list[Any]] = []  # [tag, hides]: the open elements, outermost first
    heads: list[list[Any]] = []  # open <head> entries, unhidden by a <body> inside them
    hidden = 0
    for element in soup.descendants:
        parent = element.parent
        while stack and stack[-1][0] is not parent:
            tag, hides = stack.pop()
            hidden -= hides
            if heads and heads[-1][0] is tag:
                heads.pop()
            if tag.name in _BLOCK_TAGS:
                parts.append("\n")
        if isinstance(element, Tag):
            name = element.name
            if name == "body":  # an unclosed <head> ends where the body starts
                for entry in heads:
                    hidden -= entry[1]
                    entry[1] = False
                heads.clear()
            entry = [element, name in _HIDDEN_TAGS]
            hidden += entry[1]
            if name == "head":
                heads.append(entry)
            if name in _BLOCK_TAGS:
                parts.append("\n")
            stack.append(entry)
        elif not hidden and type(element) in (NavigableString, CData):
            parts.append(str(element))  # not comments, doctypes or processing instructions
    text = "".join(parts)
    lines = (_SPACES_RE.sub(" ", ln).strip() for ln in text.split("\n"))
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
    return _MD_EMPH_RE.sub(_emphasised, text)


def _emphasised(m: re.Match[str]) -> str:
    return next(g for g in m.groups() if g is not None)


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD (same length, so spans hold)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return _SURROGATE_RE.sub("\ufffd", text)


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
    """1..12 for a month name or abbreviation as :data:`MONTH_RE` matches it ("Feb."), or
    the month's number as :data:`NUMERIC_DATE_RE` does ("06"; the date check rejects 13)."""
    if name.isdigit():
        return int(name)
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
        words = len(line.split())
        # A dateline with a clock time may be a longer title ("Operational update from the
        # General Staff as of 08:00 on May 10, 2024").
        if words > 16 or (words > 12 and not _DATELINE_RE.search(line)):
            continue
        m = DATE_RE.search(line) or DAY_FIRST_RE.search(line) or NUMERIC_DATE_RE.search(line)
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
    shown = quoted(doc)
    date, year = check_date(date), check_year(year)
    file_date, file_year = date_from_filename(doc)
    if date:
        return date, int(date[:4]), warnings
    m = _header_date(text)
    if m:
        y = int(m["year"]) if m["year"] else year or file_year
        if y:
            day = parse_date(m["month"], m["day"], y)
            if day is None:
                warnings.append(
                    f"{shown}: the report date {m[0]!r} is not a real day; its events get date "
                    "null. Correct it in the text or pass --date YYYY-MM-DD"
                )
            return day, y, warnings
        warnings.append(
            f"{shown}: the report date {m[0]!r} has no year; pass --year or --date "
            "(or name the file with its date, e.g. 2022-11-12.txt)"
        )
        return None, None, warnings
    if file_date:
        return file_date, file_year, warnings
    warnings.append(
        f"{shown}: no report date found; its events get date null. Pass --date YYYY-MM-DD"
    )
    return None, year or file_year, warnings


# Years a report date may have: the header patterns only read 19xx and 20xx.
YEAR_RANGE = (1900, 2100)


def check_year(year: object) -> int | None:
    """``year`` if it is None or an int in :data:`YEAR_RANGE`; else a ConfigurationError."""
    if year is None:
        return None
    lo, hi = YEAR_RANGE
    if isinstance(year, bool) or not isinstance(year, int):
        raise ConfigurationError(
            f"year={year!r} is not valid; pass the year as an int between {lo} and {hi}, "
            "e.g. year=2022"
        )
    if not lo <= year <= hi:
        raise ConfigurationError(
            f"year={year!r} is outside {lo}..{hi}; pass the four-digit year of the reports, "
            "e.g. 2022"
        )
    return year


def check_date(date: object) -> str | None:
    """``date`` as ``YYYY-MM-DD`` (from that string or a ``datetime.date``) if it is a real day
    in :data:`YEAR_RANGE`; None stays None; anything else is a ConfigurationError."""
    if date is None:
        return None
    if isinstance(date, dt.datetime):
        date = date.date()
    if isinstance(date, dt.date):
        day: dt.date | None = date
    elif isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            day = None
    else:
        day = None
    if day is None:
        raise ConfigurationError(
            f"date={date!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-11-12"
        )
    check_year(day.year)
    return day.isoformat()


def header_month_day(text: str) -> tuple[str, str] | None:
    """The (month, day) of a year-less header date, for batch year inference."""
    m = _header_date(text)
    if m and not m["year"]:
        return m["month"], m["day"]
    return None


def detect_source(text: str) -> str:
    """The document genre's name (:func:`frontline.genre.detect_genre`)."""
    return detect_genre(text).name


# A label, then what happened, on one line with no full stop: "Pokrovsk direction – 41
# attacks near Myrnohrad, Lysivka", "Kramatorsk direction: 4 attacks near Chasiv Yar". A
# statement, not a heading: the label has at most 4 words, the statement at least 3, two
# of them not capitalised and no fewer than 40% ("Special Edition: Army General Aleksandr
# Dvornikov" stays a heading), and no objective (ISW's "Russian Main Effort – Eastern
# Ukraine (Russian objective: ...)" stays one, as do its "Russian objective: ..." lines).
_LABELLED_LINE_RE = re.compile(
    r"^(?P<label>(?:[^\s(]+\s+){0,3}[^\s(]+?)(?::|\s+[–—-])\s+(?P<rest>.*)$"
)


def _labelled_statement(s: str) -> bool:
    m = _LABELLED_LINE_RE.match(s)
    if not m or "objective" in s.lower():
        return False
    words = m["rest"].split()
    lower = sum(1 for w in words if not w[0].isupper())
    return (
        len(words) >= 3
        and lower >= 2
        and lower >= 0.4 * len(words)
        and any(w[0].islower() for w in words)  # "Assessment: February 26, 2022": a heading
    )


# A sentence written without its full stop: "Russian shelling killed a man in Nikopol". A
# statement, not a heading: at least 5 words, no fewer than 40% (and 3) not capitalised, and
# a past-tense verb of what befell a place with a word after it ("Russian forces conducted
# another massive wave of missile strikes" and "Russia attacks 5 communities" stay headings;
# the document's first line, its title, stays one whatever it says).
_EVENT_VERB_RE = re.compile(
    r"\b(?:killed|injured|wounded|struck|shelled|attacked|destroyed|damaged|hit|captured|"
    r"liberated|repelled|advanced)\s+[\w'’]"
)


def _event_statement(s: str) -> bool:
    words = s.split()
    lower = sum(1 for w in words if not w[0].isupper())
    return (
        len(words) >= 5
        and lower >= 3
        and lower >= 0.4 * len(words)
        and _EVENT_VERB_RE.search(s) is not None
    )


def _is_heading(line: str, first: bool = False) -> bool:
    """Is ``line`` a heading? ``first``: the document's first line (its title), where a
    labelled line ("Kherson region: 2 dead after shelling") is a heading too."""
    s = line.strip()
    if not s or len(s) > 260:
        return False
    if s[-1] in '.!?"”:;,' and not s.endswith("):"):
        return False
    if not first and (_labelled_statement(s) or _event_statement(s)):
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
        while e - s > MAX_SENTENCE_CHARS:  # a list or a scrape with no full stop
            cut = _sentence_cut(line, s, s + MAX_SENTENCE_CHARS)
            out.append((s, cut))
            s = cut
            while s < e and line[s].isspace():
                s += 1
        if s < e:
            out.append((s, e))
    return out


# The longest sentence of the corpora (the ISW reports, the development texts) has 652
# characters. A longer run without a sentence end (a list of thousands of places, a page
# scraped without punctuation) is cut into pieces of at most this many: the work of the
# extraction per sentence grows with the square of its length.
MAX_SENTENCE_CHARS = 1200
_CUT_RE = re.compile(r"[,;]\s")


def _sentence_cut(line: str, start: int, end: int) -> int:
    """Where to end a piece of ``line[start:end]``: after its last comma or semicolon in the
    second half, else before its last space there, else at ``end``."""
    half = (start + end) // 2
    last = None
    for m in _CUT_RE.finditer(line, half, end):
        last = m.start() + 1
    if last is not None:
        return last
    space = line.rfind(" ", half, end)
    return space if space > half else end


def structure(text: str) -> tuple[tuple[Section, ...], tuple[Sentence, ...]]:
    """Split clean text into headed sections and sentences with exact spans."""
    sections: list[Section] = []
    sentences: list[Sentence] = []
    current_heading, current_start = "", 0
    paragraph = 0
    for start, _end, line in iter_lines(text):
        if not line.strip():
            continue
        if _is_heading(line, first=not sections and not sentences):
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
    original: str | None = None,
) -> Report:
    """Build a :class:`Report` from already-decoded text.

    Lone surrogates (which no decoder produces, but a caller's string may hold) become U+FFFD,
    one character for one, so spans stay valid and every export can encode the quotes.
    ``original`` is the document as the user has it when ``text`` was flattened from markup
    (default: ``text`` itself); ``Report.spans`` maps the clean text's offsets into it.
    """
    doc = display_name(doc)
    if not isinstance(text, str):
        raise InputError(
            f"{quoted(doc)}: expected report text as str, got {type(text).__name__}; "
            "decode bytes first (e.g. data.decode('utf-8')) or pass a file path"
        )
    text = replace_surrogates(text)
    clean = clean_text(text)
    if not clean.strip():
        raise InputError(f"{quoted(doc)}: contains no report text; pass a non-empty report")
    report_date, yr, warnings = find_report_date(clean, doc, date=date, year=year)
    sections, sentences = structure(clean)
    if original is None:
        spans = span_map(clean, text)
    else:
        original = replace_surrogates(original)
        spans = span_map(clean, original, html=_looks_like_html(doc, original))
    return Report(
        doc=doc,
        text=clean,
        report_date=report_date,
        source=detect_source(clean),
        sections=sections,
        sentences=sentences,
        year=yr,
        warnings=tuple(warnings),
        spans=spans,
    )


def ingest(
    path: str | Path,
    *,
    date: str | None = None,
    year: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Report:
    """Read and ingest one document (``"-"`` for stdin; ``max_bytes`` as in read_document)."""
    doc, text, original = _read_with_original(path, max_bytes)
    return ingest_text(text, doc, date=date, year=year, original=original)
