"""The shortcuts taken for speed (issue 8) give exactly what the plain code they replace gives.

Each property compares a fast path with the straightforward reference it stands for, on
generated text built from the words that matter to it (and the characters that could break
it: digits, underscores, apostrophes, case traps such as the long s or the Kelvin sign).
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline import mentions as M
from frontline import semantics as S
from frontline.axes import load_axes
from frontline.gazetteer import load_gazetteer
from frontline.ingest import _control_ratio, _last_word
from frontline.patterns import required_texts
from frontline.records import LonLat

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))


def _same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groupdict() == b.groupdict() and a[0] == b[0]


def texts(words: list[str], max_size: int = 14) -> st.SearchStrategy[str]:
    seps = st.sampled_from([" ", " ", " ", "  ", "\t", ", ", "-", ""])
    return st.lists(st.tuples(st.sampled_from(words), seps), max_size=max_size).map(
        lambda parts: "".join(w + s for w, s in parts)
    )


# -- semantics: case-insensitive patterns searched in lower-cased text ----------------------
_CASELESS = (
    [p for _, p in S._TYPES]
    + [r.pattern for r in S.SOURCE_RULES]
    + [
        S._ANY_TYPE,
        S._REPEL,
        S._REPEL_FORCES,
        S._SUBJECT,
        S._GAINED,
        S._ONGOING,
    ]
)
_SEM_WORDS = [
    "Russian", "RUSSIAN", "forces", "repelled", "Ukrainian", "attacks", "shelling", "MLRS",
    "Shahed", "attempted to advance", "storm", "killed", "General Staff", "milbloggers",
    "geolocated", "Kremlin", "Maxar", "\u0130", "\u017f", "\u212a", "\u0131", "\u00e9", "\u00df",
    "\u1e9e", "\u03a3", "mobiliz", "Kherson", "’s", "5", "_",
]  # fmt: skip


@SETTINGS
@given(texts(_SEM_WORDS))
def test_caseless_search_equals_ignorecase_search(text: str) -> None:
    low = S.lowered(text)
    for pat in _CASELESS:
        want = pat.exact.search(text)
        assert _same(pat.search(text), want), (pat.exact.pattern, text)
        assert _same(pat.search(text, low), want), (pat.exact.pattern, text)


def test_lowered_refuses_case_traps() -> None:
    assert S.lowered("Ru\u017fsian") is None  # long s: IGNORECASE matches it to "s"
    assert S.lowered("\u0130zium") is None  # lower-cases to two characters
    assert S.lowered("Russian FORCES") == "russian forces"


def test_union_of_types_matches_when_any_type_does() -> None:
    for clause in ("Ukrainian forces shelled Kherson", "nothing happened", "a brawl broke out"):
        any_type = any(p.exact.search(clause) for _, p in S._TYPES)
        assert (S._ANY_TYPE.search(clause) is not None) is any_type


# -- mentions: token scan, lower-case words, bounded left-context searches -----------------
_TOKEN_WORDS = [
    "Kupiansk", "5Kupiansk", "'Kyiv'", "_Lviv", "iPhone", "McDonald", "\u01c5x", "\u00c9clair",
    "\u00e9clair", "ʼKherson", "a'B", "12ab3Cd", "Bakhmut’s", "near", "of", "Кременная",
    "NATO", "x\u00b2Y", "\u00b2Kyiv", "\u216bA", "\u00e9Kyiv", "\u00c9K", "_", "’",
]  # fmt: skip


@SETTINGS
@given(texts(_TOKEN_WORDS) | texts([w for w in _TOKEN_WORDS if w.isascii()]))
def test_capitalised_token_scan_equals_full_tokenisation(text: str) -> None:
    want = [m.span() for m in M._TOKEN_RE.finditer(text) if text[m.start()].isupper()]
    assert M.cap_tokens(text) == want


_STOP_WORDS = [
    "Kyiv Independent", "Kyiv Post", "Kharkiv Human Rights", "Odesa Journal",
    "Donetsk People’s Militia", "Luhansk People's Militia", "Azov Regiment", "Azov Sea",
    "Sea of Azov", "Mariupol Defenders", "Kyiv", "Azov", "Seaside", "Kyivan", "near",
]  # fmt: skip


@SETTINGS
@given(texts(_STOP_WORDS))
def test_stop_phrases_start_with_a_listed_word(text: str) -> None:
    # find_names tries _STOP_PHRASE_RE only at tokens in _STOP_PHRASE_FIRST.
    for s, e in M.cap_tokens(text):
        if M._STOP_PHRASE_RE.match(text, s):
            assert text[s:e] in M._STOP_PHRASE_FIRST, text


_LOWER = ["human", "Human", "5human", "x_human", "human’s", "policy", "a", "é"]


@SETTINGS
@given(texts(_LOWER), st.sampled_from([*_LOWER, "x"]))
def test_lower_words_equals_the_set_of_lowercase_tokens(text: str, word: str) -> None:
    reference = frozenset(w for w in M._TOKEN_RE.findall(text) if w.islower())
    assert (word in M.LowerWords(text)) == (word in reference)


_LEFT_WORDS = [
    "no more than", "10 to 15", "15km", "km", "north north east", "northwest", "NE", "of",
    "the", "town of", "from", "outside", "governor", "Vice-mayor", "Russian-occupied",
    "outskirts", "near", "x", "\u017f", "5-km", "(10",
]  # fmt: skip


@SETTINGS
@given(texts(_LEFT_WORDS, max_size=30))
def test_bounded_left_searches_equal_full_searches(left: str) -> None:
    for pat, words in ((M._TITLE_BEFORE, 8), (M._OUTSKIRTS_LEFT, 8), (M._ANCHOR_LEFT, 16)):
        assert _same(pat.search(left, M._last_words_at(left, words)), pat.search(left))
    tail = max(0, len(left) - 3)
    assert _same(M._HYPHEN_PAIR_BEFORE.search(left, tail), M._HYPHEN_PAIR_BEFORE.search(left))


@pytest.mark.parametrize(
    "left",
    [
        "Russian forces attacked no more than 10 to 15 km north north east of the town of ",
        "Fighting continued no more than 10 - 15 - km north north east outside of the town of ",
        "Fighting continued an estimated 3,5 to 4 miles east north eastern from the city of ",
        "Fighting continued approximately 3.5-km southwest of ",
        "The occupation head of the Russian-occupied ",
        "Ukrainian forces struck the outskirts of the city of ",
    ],
)
def test_bounded_left_searches_on_long_phrases(left: str) -> None:
    for pat, words in ((M._TITLE_BEFORE, 8), (M._OUTSKIRTS_LEFT, 8), (M._ANCHOR_LEFT, 16)):
        assert _same(pat.search(left, M._last_words_at(left, words)), pat.search(left))


@SETTINGS
@given(texts(_LEFT_WORDS, max_size=30))
def test_anchor_prefilter_never_drops_an_anchor_phrase(left: str) -> None:
    m = M._ANCHOR_LEFT.search(left)
    if m and (m["dist"] or m["bear"]):
        assert M._may_anchor(left), left


@pytest.mark.parametrize(
    ("left", "expected"),
    [("15km northwest of ", True), ("north of the town of ", True), ("the governor of ", False)],
)
def test_anchor_prefilter_examples(left: str, expected: bool) -> None:
    assert M._may_anchor(left) is expected


# -- gazetteer: a word no name begins with -------------------------------------------------
@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def test_every_place_name_can_start_with_its_first_word(gaz) -> None:
    for i in range(0, len(gaz), 11):
        place = gaz._place(i)
        first = re.split(r"[\s\-–]+", place.name.strip())[0]
        if gaz.lookup(place.name):
            assert gaz.could_start(first), place.name


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    texts(
        [
            "Russian",
            "Forces",
            "Kherson",
            "City",
            "Luhansk",
            "Oblast",
            "Kupiansk",
            "Raion",
            "Staff",
            "General",
            "New",
            "Nova",
            "Kakhovka",
            "The",
            "Bakhmut’s",
            "Zzyzx",
        ],
        4,
    )
)
def test_could_start_false_means_no_lookup_finds_anything(gaz, surface: str) -> None:
    surface = surface.strip(" ,-\t")
    words = surface.split()
    if not words or gaz.could_start(words[0]):
        return
    assert not gaz.lookup(surface)
    assert not gaz.oblast_code(surface)
    assert gaz.region(f"{surface} Raion") is None


def test_could_start_equals_the_test_against_every_keys_first_word(gaz) -> None:
    from frontline.names import fold, oblast_keys, skeleton, strip_possessive, ukrainian_forms

    exact = {k.split(" ", 1)[0] for k in (*gaz._index, *gaz._region_index, *oblast_keys())}
    loose = {k.split(" ", 1)[0] for k in (*gaz._skeleton, *gaz._region_skeleton)}

    def plain(word: str) -> bool:
        for w in {word, strip_possessive(word)}:
            first = fold(w).split(" ", 1)[0]
            if not first or first == "the" or first in exact or skeleton(first) in loose:
                return True
            # A Russian form whose Ukrainian one is a name ("Spirnoe": Spirne).
            if any(v in gaz._index or skeleton(v) in gaz._skeleton for v in ukrainian_forms(first)):
                return True
        return False

    keys = sorted(gaz._index)[::97] + sorted(gaz._skeleton)[::89]
    words = [k.split(" ")[-1].title() for k in keys] + [k.split(" ")[0] for k in keys]
    words += ["Russian", "General", "Staff", "Velyka", "Nova", "Zzyzx", "Luhanska", "Kyivs’s"]
    # Words that only begin multi-word keys (no one-word key of their own).
    for index in (gaz._index, gaz._skeleton):
        only = sorted({k.split(" ")[0] for k in index if " " in k} - set(index))
        assert only
        words += [w.title() for w in only[::7]]
    for word in words:
        assert gaz.could_start(word) is plain(word), word


def test_could_start_rules_out_english_words(gaz) -> None:
    assert not gaz.could_start("Zzyzx")
    assert gaz.could_start("Kupiansk") and gaz.could_start("Bakhmut’s")


# -- ingest --------------------------------------------------------------------------------
@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("ab.é_ 5,’²٣Ⅻ\u0301-")), max_size=20))
def test_last_word_equals_anchored_regex(line: str) -> None:
    m = re.search(r"([\w.]+)$", line)
    assert _last_word(line, 0, len(line)) == (m.group(1) if m else "")


@SETTINGS
@given(st.binary(max_size=64))
def test_control_ratio_counts_control_bytes(sample: bytes) -> None:
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    assert _control_ratio(sample) == (bad / len(sample) if sample else 0.0)


_CLAUSE_WORDS = [
    "such as", "cities like", "cities including", "regions like", "operations",
    "counteroffensives", "offensive", "efforts", "campaign", "in the direction of",
    "in the directions of", "towards", "toward", "approaches to", "between", "and", "or",
    "will", "would not", "should", "could", "might", "plans", "planned", "intends",
    "prepares to", "threatened", "aimed to", "hoped to", "wants to", "Kherson",
    "Velyka Novosilka", ";", ":", "x", "in", "the", "of", "_", "5",
]  # fmt: skip


@SETTINGS
@given(texts(_CLAUSE_WORDS, max_size=24))
def test_word_gated_searches_equal_plain_searches(text: str) -> None:
    for pat in M._REQUIRED:
        assert _same(M._search_if(pat, text), pat.search(text)), (pat.pattern, text)


# Words of the not-event rows' before and after patterns, and names to read them at.
_ROW_WORDS = [
    *_CLAUSE_WORDS, "Mayor", "head of", "Kyiv", "Kiev", "is located near", "the city of",
    "-based", "-", "fell in", "October 2024", "liberation of", "claims that", "were false",
    "instead of", "requires", "control of", "portrayed", "as", "previously", "via", "village",
    "bank of the", "rivers", "rhetoric regarding", "is a", "Lyman", "Bakhmut", ",", ".",
]  # fmt: skip


@SETTINGS
@given(texts(_ROW_WORDS, max_size=24), st.data())
def test_rows_a_sentence_may_hold_give_the_reason_all_rows_give(
    sentence: str, data: st.DataObject
) -> None:
    # analyse_sentence tests only rules_for(sentence) at the names of a sentence.
    rules = M.rules_for(sentence)
    for name in ("Lyman", "Bakhmut", "Kyiv", "Kiev"):
        start = sentence.find(name)
        if start < 0:
            continue
        end = start + len(name)
        cut = data.draw(st.integers(0, start))  # where the name's clause begins
        args = (name, sentence[:start], sentence[cut:start], sentence[end:])
        assert M.not_event_reason(*args, rules) == M.not_event_reason(*args), (sentence, name)


@SETTINGS
@given(texts(["northern", "Southern", "NORTHWESTERN", "the", "x", "\u017f", "-"]))
def test_directional_adjective_search_in_the_last_word(left: str) -> None:
    want = M._DIRECTIONAL_ADJ.search(left)
    assert _same(M._DIRECTIONAL_ADJ.search(left, M._last_words_at(left, 1)), want)


# -- axes: distances with per-anchor terms computed once ------------------------------------
def _plain_gc_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


@SETTINGS
@given(st.floats(-89.9, 89.9), st.floats(-179.9, 179.9))
def test_axis_distance_equals_plain_haversine_to_the_nearest_anchor(lat: float, lon: float) -> None:
    p = LonLat(lon, lat)
    for axis in load_axes().axes:
        want = min(
            (_plain_gc_km(lat, lon, a.lat, a.lon) for a, _ in axis.anchors), default=math.inf
        )
        assert axis.distance_km(p) == want, axis.id
        assert axis.distance_km(p) == want  # memoised


def test_axis_distance_agrees_with_the_ellipsoid() -> None:
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    for axis in (a for a in load_axes().axes if a.anchors):
        anchor = axis.anchors[0][0]
        p = LonLat(anchor.lon + 0.3, anchor.lat - 0.2)
        km = min(geod.inv(p.lon, p.lat, a.lon, a.lat)[2] / 1000 for a, _ in axis.anchors)
        assert abs(axis.distance_km(p) - km) <= 0.006 * km, axis.id


@SETTINGS
@given(st.text(alphabet=st.sampled_from(["a", "B", " ", "\u017f", "\u212a", "\u00e9", "\u0130"])))
def test_lowered_is_lower_unless_a_case_trap(text: str) -> None:
    traps = any(c in text for c in "\u017f\u212a\u0131\u0130")
    assert S.lowered(text) == (None if traps else text.lower())


# -- semantics: searches skipped when a required word is absent -----------------------------
_DATE_WORDS = [
    "on", "November", "12", "and", "13", "night of", "February", "25-26", "in", "since",
    "2014", "1999", "2022", ",", "May", "may", "\u0663", "Accord", "According", "ACCORDING",
    "to", "the", "\u0130", "\u0131", "x",
]  # fmt: skip


@SETTINGS
@given(texts(_DATE_WORDS, max_size=16))
def test_date_and_attribution_gates_are_necessary(sentence: str) -> None:
    from frontline.ingest import DATE_RE

    if any(rx.search(sentence) for rx in (S._NIGHT_RANGE, S._RANGE_RE, DATE_RE)):
        assert S._may_state_dates(sentence)
    if S._OLD_YEAR.search(sentence):
        assert S._may_name_old_year(sentence)
    if S._ACCORDING.search(sentence):
        low = S.lowered(sentence)
        assert low is None or "according" in low


@SETTINGS
@given(
    texts(["Russian", "forces", "claimed that", "reported", "said", "near", "X"]),
    st.integers(-5, 120),
)
def test_actor_text_by_cached_attribution_ends(clause: str, rel_start: int) -> None:
    from frontline.semantics import _ATTRIBUTION, actor_text

    cut = 0
    for m in _ATTRIBUTION.finditer(clause):
        if m.end() <= max(rel_start, 0) + 1:
            cut = m.end()
    assert actor_text(clause, rel_start) == clause[cut:]


# -- required_texts: what every text with a match contains --------------------------------
_ATOMS = st.sampled_from(
    ["ab", "b", "ba", "a", "abc", "c", "[ab]", "[ab]c", "a?", "b*", "b+", ".", r"\s", " ", r"\b"]
)
_PATTERNS = st.recursive(
    _ATOMS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map("".join),
        st.lists(inner, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.lists(inner, min_size=2, max_size=3).map("|".join),
        inner.map(lambda x: r"\b" + x),
        inner.map(lambda x: "(" + x + ")?"),
        inner.map(lambda x: "(?:" + x + ")+"),
        inner.map(lambda x: "(?>" + x + ")"),
        inner.map(lambda x: "(?<=a)" + x),
        inner.map(lambda x: "(?P<g>" + x + ")"),
    ),
    max_leaves=8,
)


@SETTINGS
@given(_PATTERNS, st.text(alphabet="abc .", max_size=12))
def test_every_text_with_a_match_contains_a_required_text(pattern: str, text: str) -> None:
    try:
        rx = re.compile(pattern)
    except re.error:
        return  # e.g. a group name used twice
    needs = required_texts(pattern)
    if needs is not None and rx.search(text):
        assert any(lit in text for lit in needs), (pattern, text, needs)


def test_required_texts_examples() -> None:
    assert required_texts(r"\b(?:withdr[ae]w|\bwithdrawn\b|retreat)") == ("withdr", "retreat")
    assert required_texts("(?:ab|b)") == ("b",)
    assert required_texts(r"\bshell(?:ed|ing)\b|\bartillery\b") == ("shell", "artillery")
    # A class of a few letters is spelt out; a text inside the pattern serves as well as a
    # start, and the longest are chosen ("head" rather than "of").
    assert required_texts(r"[Mm]ayor|\bgur") == ("Mayor", "mayor", "gur")
    assert required_texts(r"(?:[Mm]ayor|[Hh]ead)\s+of\s+$") == ("Mayor", "mayor", "Head", "head")
    assert required_texts(r"(?:has|had) been trying") == (" been trying",)
    assert required_texts(r"(?:a|b)?c") == ("c",)
    assert required_texts(r"(?:a|b)?\s") is None  # nothing literal every match consumes
    assert required_texts(r"(?i)russian") is None  # inline flag: case would not match
    assert required_texts("russian", re.IGNORECASE) is None
    assert required_texts("russian forces", re.VERBOSE) == ("russianforces",)
    # Lookarounds consume nothing: the run of literals goes on across them.
    assert required_texts(r"(?:(?<=was )|(?<=had ))once(?! again)") == ("once",)
    assert required_texts(r"(?<!x)\b(?=y)yes") == ("yes",)
    assert S._TYPES[4][1].needs is not None  # the gate is on for the event types
    assert all(starts != ("",) for starts in M._REQUIRED.values())  # and left rules


# -- names: fold and skeleton shortcuts ------------------------------------------------------
def _plain_fold(name: str) -> str:
    import unicodedata

    from frontline import names as N

    text = N.romanize_uk(name) if N._CYRILLIC_RE.search(name) else name.lower()
    text = N._APOSTROPHE_RE.sub("", text)
    text = unicodedata.normalize("NFKD", text).translate(N._LATIN_EXTRA)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = N._NON_ALNUM_RE.sub(" ", text)
    return N._SPACES_RE.sub(" ", text).strip()


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("aZkh -'’.,\t0Mé\u0131\u00dfЇїКрамоторськ"))))
def test_fold_and_skeleton_equal_their_plain_forms(name: str) -> None:
    from frontline import names as N

    assert N.fold.__wrapped__(name) == _plain_fold(name)
    key = _plain_fold(name)
    plain = key
    for old, new in N._SKELETON_STEPS:
        plain = plain.replace(old, new)
    assert N.skeleton.__wrapped__(key) == N._DOUBLE_RE.sub(r"\1", plain)


# -- axes: memoised heading and date look-ups -----------------------------------------------
@pytest.mark.parametrize("date", [None, "2022-03-10", "2022-06-01", "2022-12-01", "2025-01-01"])
def test_heading_axes_equal_the_plain_match_on_every_date(date: str | None) -> None:
    config = load_axes()
    headings = ["", "Kharkiv Axis", "Russian Main Effort—Eastern Ukraine"]
    headings += [h.title() for a in config.axes for h in a.headings]
    for heading in headings:
        want = tuple(
            a
            for a in config.axes
            if a.active(date) and any(k in heading.lower() for k in a.headings)
        )
        assert config.for_heading(heading, date) == want, (heading, date)
        assert config.for_heading(heading, date) is config.for_heading(heading, date)
    active = tuple(a for a in config.axes if a.anchors and a.active(date))
    assert config.located(date) == active


def test_assign_is_the_same_for_equal_axes_of_different_dates() -> None:
    config = load_axes()
    p = LonLat(37.8, 48.6)
    # Two dates outside every period select the same axes: one tuple, one memo entry.
    assert config.located("2024-01-01") is config.located("2025-01-01")
    assert config.assign(p, "", "2024-01-01") == config.assign(p, "", "2025-01-01")


@SETTINGS
@given(texts(["said", '"', "”", "“", " ", "Russian", "MoD", "x", "\u00a0", "\t"], max_size=30))
def test_subject_equals_its_plain_form(text: str) -> None:
    closing = [m.end() for m in re.finditer(r'(?<=\S)["”]', text)]
    plain = text[closing[-1] :] if closing else text
    assert S._subject(text) == " ".join(plain.split()[-12:])


_OF_WORDS = [
    "the mayor", "Mayor", "governor", "head", "of", "OF", "Of", "the", "THE", "occupied",
    "Russian-occupied", "outskirts", "OUTSKIRTS", "town", "city of", "x", "\u017f", "\u212a",
]  # fmt: skip


@SETTINGS
@given(texts(_OF_WORDS, max_size=10))
def test_of_phrase_gates_are_necessary(left: str) -> None:
    title, outskirts = M._of_phrase_possible(left)
    if M._TITLE_BEFORE.search(left):
        assert title, left
    if M._OUTSKIRTS_LEFT.search(left):
        assert outskirts, left


@pytest.mark.parametrize(
    "left",
    [
        "the Mayor of the occupied ",
        "the Governor of  Russian-occupied\t",
        "Head of ",
        "on the OUTSKIRTS OF THE ",
        "the outskirts of the village of ",
    ],
)
def test_of_phrase_gates_on_the_longest_endings(left: str) -> None:
    title_match = M._TITLE_BEFORE.search(left) is not None
    outskirts_match = M._OUTSKIRTS_LEFT.search(left) is not None
    assert title_match or outskirts_match  # each example ends with one of the phrases
    title, outskirts = M._of_phrase_possible(left)
    assert (title or not title_match) and (outskirts or not outskirts_match)


@SETTINGS
@given(
    st.text(alphabet=st.sampled_from([" ", "\t", "\u00a0", ",", "(", ".", "5", "O", "C", "é"]))
    | texts(["Oblast", "City", "River", "direction", "Raion", "St.", ",", "(", "5", "x"])
)
def test_suffix_words_need_a_letter_first(after: str) -> None:
    # _classify skips the suffix patterns when no letter follows the name.
    if not M._letter_follows(after, 0):
        for rx in (
            M._REGION_SUFFIX,
            M._RAION_SUFFIX,
            M._SKIP_SUFFIX,
            M._NEUTRAL_SUFFIX,
            M._CITY_SUFFIX,
        ):
            assert rx.match(after[:60]) is None, (rx.pattern, after)


def test_anchor_window_assumptions_hold() -> None:
    # analyse_sentence searches anchor phrases in the last 16 words, counting 3 for the
    # longest distance qualifier and 3 for the longest bearing: a longer one needs a wider
    # window.
    from frontline.spatial import _QUALIFIERS, BEARING_RE

    assert max(len(q.split()) for q in _QUALIFIERS) <= 3
    assert BEARING_RE.fullmatch("north north east")
    assert not BEARING_RE.fullmatch("north north north east")


_URL_WORDS = [
    "Kherson", "https://x.com/a/very/long/tracking/path/1234567890", "www.isw.org", "/",
    "and/or", "\n", "[12]", "[3, 4]", "http:", "://", "www", "text", "  ",
]  # fmt: skip


@SETTINGS
@given(texts(_URL_WORDS))
def test_clean_text_gates_equal_the_plain_cleaning(text: str) -> None:
    from frontline import ingest as I

    plain = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    plain = plain.replace("\ufeff", "")
    plain = "\n".join(ln for ln in plain.split("\n") if not I._URL_LINE_RE.match(ln))
    plain = I._URL_RE.sub("", I._FOOTNOTE_RE.sub("", plain)).strip("\n")
    assert I.clean_text(text) == plain
