"""The pathological corpus of issue 19: inputs that once took exponential or quadratic time.

Each family builds a text of about ``size`` characters from a short unit written for these
tests (place names from the gazetteer, no report text), repeated with variations. Shared by
tests/test_robust.py (the ratio of time to size) and benchmarks/bench_pathological.py
(seconds per 100 kB, peak memory).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from frontline.extractor import Extractor
from frontline.ingest import ingest

PLACES = (
    "Avdiivka Marinka Kreminna Soledar Lyman Siversk Vuhledar Pisky Toretsk Bilohorivka "
    "Novoselivske Kupiansk Svatove Kharkiv Izium Zolote Hirske Popasna Orikhiv Robotyne"
).split()
# Capitalised words that name nothing: a run of them must not make a pattern backtrack.
NONCE = [a + b + c for a in ("Ka", "Bo", "Ze", "Mu") for b in ("ran", "lek", "vod") for c in "aeo"]


def caps(n: int, i: int) -> str:
    """``n`` capitalised words, place names and nonce words alternating."""
    return " ".join(
        PLACES[(7 * i + k) % len(PLACES)] if k % 2 else NONCE[(7 * i + k) % len(NONCE)]
        for k in range(n)
    )


def places(n: int, i: int, sep: str = ", ") -> str:
    return sep.join(PLACES[(i + k) % len(PLACES)] for k in range(n))


# name -> (file suffix, the i-th unit of the text)
_UNITS: dict[str, tuple[str, Callable[[int], str]]] = {
    "attacked + 40 capitalised words": (
        ".txt",
        lambda i: f"Russian forces attacked Bakhmut {caps(40, i)} lowercase.\n",
    ),
    "such as + 26 capitalised words": (
        ".txt",
        lambda i: f"Dugin named cities such as {caps(26, i)} today, then Bakhmut.\n",
    ),
    "towards + 26 capitalised words": (
        ".txt",
        lambda i: f"Russian forces advanced towards {caps(26, i)} today and took Bakhmut.\n",
    ),
    "names without commas": (".txt", lambda i: caps(50, i) + " "),
    "quotes and apostrophes": (
        ".txt",
        lambda i: (
            f"\"{PLACES[i % 20]}' \u2018{PLACES[(i + 3) % 20]}\u2019s "
            f"\u201c{NONCE[i % len(NONCE)]}\u201d '{PLACES[(i + 5) % 20]}\" "
        ),
    ),
    "hyphenated names": (
        ".txt",
        lambda i: f"{PLACES[i % 20]}-{NONCE[i % len(NONCE)]}-{PLACES[(i + 7) % 20]}-",
    ),
    "markdown brackets": (".md", lambda i: "Bakhmut " + "[" * 100 if i == 0 else "[" * 100),
    "right-to-left with combining marks": (
        ".txt",
        lambda i: (
            f"{PLACES[i % 20]} \u05d1\u05b8\u05bc\u05d7\u05b0\u05de\u05d5\u05bc\u05ea "
            "\u0628\u064e\u062e\u0652\u0645\u064f\u0648\u062a\u0650 \u200f"
        ),
    ),
    "will ...: lines": (
        ".txt",
        lambda i: f"Russian forces will likely attack {places(30, i)}:\n",
    ),
    "plan ...: lines": (".txt", lambda i: f"Russian forces plan to capture {places(30, i)}:\n"),
    "repeated sentence": (".txt", lambda i: "Russian forces attacked near Bakhmut. "),
    "place lists": (".txt", lambda i: f"Russian forces shelled {places(10, i)}.\n"),
}


def _html(name: str, size: int) -> str:
    if name == "html: <p> blocks":
        unit = "<p>Bakhmut was shelled.</p>"
        return "<html><body>" + unit * max(1, size // len(unit)) + "</body></html>"
    if name == "html: nested <div>":
        n = max(1, size // 35)
        return "<html><body>" + "<div>Soledar was shelled. " * n + "</div>" * n
    n = max(1, size // 42)
    return (
        "<html><body>" + "<table><tr><td>" * n + "Kreminna was shelled."
        + "</td></tr></table>" * n
    )  # fmt: skip


HTML_FAMILIES = ("html: <p> blocks", "html: nested <div>", "html: nested tables")
FAMILIES: tuple[str, ...] = (*_UNITS, *HTML_FAMILIES)


def build(name: str, size: int) -> tuple[str, str]:
    """(file suffix, text of about ``size`` characters) of family ``name``."""
    if name in HTML_FAMILIES:
        return ".html", _html(name, size)
    suffix, unit = _UNITS[name]
    parts: list[str] = []
    n = i = 0
    while n < size:
        parts.append(unit(i))
        n += len(parts[-1])
        i += 1
    return suffix, "".join(parts)


def write(name: str, size: int, folder: Path) -> Path:
    """The family's text of about ``size`` characters, as a file in ``folder``."""
    suffix, text = build(name, size)
    path = folder / f"pathological-{FAMILIES.index(name)}-{size}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def cpu_seconds(path: Path, extractor: Extractor, repeats: int = 3) -> float:
    """The least CPU time (``time.process_time``) of ``repeats`` runs of ingest and
    extraction of ``path``: the minimum resists the noise of a shared machine."""
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        extractor.extract(ingest(path, date="2023-01-01"))
        best = min(best, time.process_time() - t)
    return best
