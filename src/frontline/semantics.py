"""Event semantics: date, actor, event type, outcome, claimant for a located mention.

Explainable rules over the sentence (and the clause holding the mention); the cue words
that decided each field are kept on the event (``Event.cues``).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass

from .ingest import DATE_RE, MONTH_RE, MONTHS
from .patterns import required_texts
from .records import CLAIM_CLAIMANTS, Report, Sentence

# ---------------------------------------------------------------- case-insensitive search
# Characters that re's IGNORECASE relates to ASCII letters beyond plain lower-casing (long s,
# Kelvin sign, dotless i, dotted capital I, which also lower-cases to two characters).
_CASE_TRAPS = re.compile("[\u017f\u212a\u0131\u0130]")


def lowered(text: str) -> str | None:
    """``text`` lower-cased, when :class:`Caseless` patterns may search that instead of the
    text itself (no case trap in it); else None."""
    if text.isascii():  # O(1): str knows whether it is ASCII
        return text.lower()
    return None if _CASE_TRAPS.search(text) else text.lower()


# Escapes ("\S", "\b") and group syntax ("(?P<side>") keep their case in a lower-cased pattern.
_SYNTAX = re.compile(r"(\\.|\(\?P<\w+>|\(\?P=\w+\))|[^\\(]+|\(")


class Caseless:
    """A case-insensitive pattern of ASCII words, searched in lower-cased text when exact.

    Case-sensitive matching of the lower-cased pattern in lower-cased text finds the same
    matches as ``re.IGNORECASE`` in the original, at half the cost; the match is then
    re-taken at the same position in the original so groups keep their case.
    """

    __slots__ = ("exact", "fast", "needs")

    def __init__(self, pattern: str) -> None:
        self.exact = re.compile(pattern, re.IGNORECASE)
        self.fast = re.compile(_SYNTAX.sub(lambda m: m[1] or m[0].lower(), pattern))
        # Texts one of which every matching text contains (None: no short list): when the
        # lower-cased text contains none of them, a few substring tests answer.
        needs = required_texts(self.fast.pattern)
        self.needs = needs if needs is not None and len(needs) <= 24 else None

    def search(self, text: str, low: str | None = None) -> re.Match[str] | None:
        """Search ``text``; ``low`` is ``lowered(text)`` when the caller has it."""
        if low is None:
            low = lowered(text)
            if low is None:
                return self.exact.search(text)
        if self.needs is not None:
            for lit in self.needs:
                if lit in low:
                    break
            else:
                return None
        m = self.fast.search(low)
        return self.exact.match(text, m.start()) if m else None


# ---------------------------------------------------------------- claimant
# (pattern for the attributing subject, claimant). First match wins, so specific first.
_SOURCES: tuple[tuple[Caseless, str], ...] = tuple(
    (Caseless(p), c)
    for p, c in (
        (r"\bgeolocated\b|\bgeolocation\b", "geolocated_footage"),
        (
            r"\bsatellite (?:imagery|footage|images?)\b|\bMaxar\b|\bPlanet Labs\b",
            "satellite_imagery",
        ),
        (r"\bRussian (?:Ministry of Defen[cs]e|MoD|Defen[cs]e Ministry)\b|\bthe MoD\b", "ru_mod"),
        (r"\b(?:Ukrainian )?General Staff\b", "ua_general_staff"),
        (
            r"\bmilbloggers?\b|\bRussian (?:sources?|outlets?|media|state media|Telegram|"
            r"insider|channels?|news)\b|\bRIA Novosti\b|\bTASS\b|\bWagner-affiliated\b|"
            r"\bA Russian source\b|\bprominent Russian\b|\bZvezda\b|\bRybar\b",
            "ru_source",
        ),
        (
            r"\bKremlin\b|\bPeskov\b|\bRussian (?:officials?|authorities|President|Presidential|"
            r"Deputy|governor|Governor|ambassador|Ambassador)\b|\boccupation (?:officials?|head|"
            r"administration|authorities)\b|\b(?:DNR|LNR) (?:officials?|head|leader)\b|"
            r"\bgovernor of Russia|\bRussia's (?:Defense|Foreign)|\bPutin\b|\bLavrov\b|"
            r"\bShoigu\b|\bGerasimov\b|\bLipetsk\b|\bBelgorod Oblast Governor\b",
            "ru_official",
        ),
        (
            r"\bUkrainian (?:officials?|President|military officials?|authorities|Navy|Air Force|"
            r"Ground Forces|Armed Forces|intelligence|Defense|Prime Minister)\b|\bZelensky|"
            r"\bResistance Center\b|\bGUR\b|\bMain (?:Military )?Intelligence Directorate\b|"
            r"\bOperational Command\b|\b[Mm]ayor\b|\bmilitary administration\b|\bSBU\b|"
            r"\bUkrainian .{0,40}(?:spokesperson|commander|Head)\b|\bUkraine's (?:Southern|"
            r"Eastern|Northern|Defense|Intelligence)\b|\bIntelligence Directorate\b|"
            r"\bDefense Ministry adviser\b|\bUkrainian Ministry\b|\bOblast Administration\b|"
            r"\bOblast Military Administration\b",
            "ua_official",
        ),
        (
            r"\bUkrainian (?:sources?|media|outlets?|Telegram|journalists?|reports?)\b|"
            r"\bSuspilne\b|\bUkrainska Pravda\b|\bDeepState\b",
            "ua_source",
        ),
        (r"\bISW\b|\bInstitute for the Study of War\b", "isw"),
        (
            r"\bCNN\b|\bFinancial Times\b|\bNew York Times\b|\bNYT\b|\bReuters\b|\bBBC\b|"
            r"\bAssociated Press\b|\bKyiv Independent\b|\bASTRA\b|\bNewsweek\b|\bthe Guardian\b|"
            r"\bWashington Post\b|\bWall Street Journal\b|\bmedia\b|\bjournalists\b",
            "media",
        ),
        (
            r"\bBritish Ministry of Defen[cs]e\b|\bUK (?:MoD|Ministry)\b|\bPentagon\b|"
            r"\bUS officials\b",
            "media",
        ),
    )
)
_REPORT_VERB = re.compile(
    r"\b(?:also\s+|further\s+|reportedly\s+|have\s+|has\s+|had\s+)*"
    r"(?:reported|reports|claimed|claims|claim|stated|states|said|says|announced|noted|"
    r"acknowledged|showed|shows|show|indicated|indicates|published|released|accused|"
    r"confirmed|denied|asserted|alleged|suggested|wrote|writes|told|posted|continues)\b"
)
_ACCORDING = re.compile(r"\baccording to ([^,.;]+)", re.IGNORECASE)


def _subject(text: str) -> str:
    """The words just before a reporting verb that can name who reports: at most 12 words,
    and nothing before a closing quotation mark (the quote belongs to someone else)."""
    end = len(text)
    while (p := max(text.rfind('"', 0, end), text.rfind("”", 0, end))) > 0:
        if not text[p - 1].isspace():  # a closing mark ends a word; an opening one follows a space
            text = text[p + 1 :]
            break
        end = p
    return " ".join(text.rsplit(None, 12)[-12:])


@functools.lru_cache(maxsize=4096)
def _source_of(subject: str) -> tuple[str, str] | None:
    for pat, claimant in _SOURCES:
        hit = pat.search(subject)
        if hit:
            return claimant, hit.group(0)
    return None


@functools.lru_cache(maxsize=1024)
def _attributions(sentence: str) -> tuple[tuple[int, str], ...]:
    """(offset, subject) of every attribution in a sentence: shared by its mentions."""
    subjects: list[tuple[int, str]] = []
    last = 0
    for m in _REPORT_VERB.finditer(sentence):
        subjects.append((m.start(), _subject(sentence[last : m.start()])))
        last = m.end()
    low = lowered(sentence)
    if low is None or "according" in low:  # the IGNORECASE search only where it can match
        for m in _ACCORDING.finditer(sentence):
            subjects.append((m.start(), m.group(1)))
    return tuple(subjects)


def find_claimant(sentence: str, mention_at: int, default: str) -> tuple[str, str]:
    """``(claimant, cue)`` for a mention at ``mention_at`` (offset in the sentence).

    The attributing subject is the text before a reporting verb ("The Russian MoD claimed
    that ..."), a trailing attribution (", the Russian Defense Ministry said") or "according
    to X". Sources with no reporting verb ("Geolocated footage shows") are matched directly.
    """
    subjects = _attributions(sentence)
    # The outermost attribution before the mention ("Russian outlet RIA Novosti reported
    # that the occupation spokesperson announced ..." is a Russian source's claim), then
    # the nearest one after it (", the Russian Defense Ministry said").
    ordered = sorted(
        subjects,
        key=lambda t: (t[0] > mention_at, t[0] if t[0] <= mention_at else t[0] - mention_at),
    )
    for _, subj in ordered:
        found = _source_of(subj)
        if found:
            return found
    direct = _direct_source(sentence)
    return direct if direct is not None else (default, "")


@functools.lru_cache(maxsize=1024)
def _direct_source(sentence: str) -> tuple[str, str] | None:
    """Sources that need no reporting verb ("Geolocated footage shows ...")."""
    low = lowered(sentence)
    for pat, claimant in _SOURCES[:2]:
        hit = pat.search(sentence, low)
        if hit:
            return claimant, hit.group(0)
    return None


# ---------------------------------------------------------------- event type
_TYPES: tuple[tuple[str, Caseless], ...] = tuple(
    (t, Caseless(p))
    for t, p in (
        # "attempted to advance near X" is an assault, not an advance.
        (
            "ground_assault",
            r"\b(?:attempt(?:ed|ing|s)?|tried|trying) to (?:advance|storm|break through|"
            r"improve (?:their|its) positions?)",
        ),
        (
            "internal_conflict",
            r"\bbrawl|\binfighting\b|\bmutin|\bshot (?:their|his) commander|"
            r"\btensions? between\b|\bconflict between\b|"
            r"\bclash(?:ed)? with (?:their|Russian|Chechen)",
        ),
        ("partisan", r"\bpartisans?\b|\bcar bomb|\bassassinat|\bsabotage|\bresistance fighters"),
        (
            "defensive_works",
            r"\bdefensive (?:positions|lines|structures|fortifications)|"
            r"\bfortification|\btrench|\bdragon'?s teeth|\bnew base\b|\bengineer(?:ing)? defensive|"
            r"\bdig(?:ging)? in\b",
        ),
        (
            "withdrawal",
            r"\bwithdr[ae]w|\bwithdrawn\b|\bretreat|\bsurrender|\bpulled back|"
            r"\bpull(?:ing)? out\b|\bleft the (?:city|town|village)",
        ),
        (
            "mobilization",
            r"\bmobiliz|\bconscript|\bdraft(?:ees?|ed|ing)?\b|\brecruit|\bdesert|"
            r"\bforce generation|\breservists?\b",
        ),
        (
            "advance",
            r"\badvanc(?:e|ed|es|ing)\b|\bcaptur|\bseiz|\bgains?\b|\bliberat|"
            r"\brecaptur|\btook control|\bentered\b|\breturned to\b|\bmade progress|\bpush(?:ed)? "
            r"(?:into|towards?)\b|\boffensive push",
        ),
        ("shelling", r"\bshell(?:ed|ing|s)\b|\bartillery\b|\bMLRS\b|\bmortars?\b|\btank fire\b"),
        (
            "strike",
            r"\bstrik(?:e|es|ing)\b|\bstruck\b|\bmissiles?\b|\bdrones?\b|\bairstrikes?\b|"
            r"\bHIMARS\b|\bShahed|\bglide bombs?\b|\bbomb(?:ed|ing)\b|\bexplosions?\b|"
            r"\bdestroyed an? (?:Russian|Ukrainian) (?:ammunition|fuel|depot)",
        ),
        (
            "ground_assault",
            r"\bassaults?\b|\battacks?\b|\battacked\b|\boffensive operations\b|"
            r"\brepel|\brepuls|\bcounterattack|\bcounteroffensive|\bstorm(?:ed|ing)?\b|\bfighting\b|"
            r"\bclashes\b|\bengagements?\b|\bpositional\b|\battempted to advance",
        ),
        (
            "occupation_measure",
            r"\boccup(?:ation|ied)\b|\bdeport|\bpassport|\bannex|"
            r"\breferend|\badministrative capital|\bprohibition|\bblock(?:ed|s)? residents|"
            r"\bstole|\blooting|\bloot|\bfiltration|\bconfiscat|\brelocat|\bevacuat",
        ),
        (
            "civilian_harm",
            r"\bcivilians? (?:killed|injured|wounded|casualties)|\bkilled\b|"
            r"\binjur|\bwounded\b|\bresidential\b|\bcivilian infrastructure",
        ),
    )
)


_ANY_TYPE = Caseless("|".join(f"(?:{pat.exact.pattern})" for _, pat in _TYPES))


@functools.lru_cache(maxsize=4096)
def find_event_type(clause: str) -> tuple[str, str]:
    low = lowered(clause)
    if not _ANY_TYPE.search(clause, low):
        return "other", ""  # two clauses in five: one search instead of a dozen
    for t, pat in _TYPES:
        m = pat.search(clause, low)
        if m:
            return t, m.group(0)
    return "other", ""


# ---------------------------------------------------------------- actor / outcome
_SIDE = r"(?P<side>Russian|Ukrainian|DNR|LNR|Wagner|Chechen|occupation|Kadyrovite)"
_REPEL = Caseless(
    r"\b(?:repelled|repulsed|repels|repel|defeated|stopped|thwarted|halted|beat back)\s+"
    r"(?:an?\s+|the\s+)?(?:several\s+|\w+\s+)?(?P<side>Russian|Ukrainian)\s+"
    r"(?:\w+\s+){0,2}(?:assaults?|attacks?|attempts?|offensives?|counterattacks?|"
    r"counteroffensives?|advances?|sabotage)"
)
_REPEL_FORCES = Caseless(
    r"\b(?:repelled|repulsed|repels|repel|beat back)\s+(?:the\s+)?(?P<side>Russian|Ukrainian)\s+"
    r"(?:forces|troops|units|infantry|soldiers)"
)
_SUBJECT = Caseless(
    _SIDE + r"(?:'s)?\s+(?:\w+\s+){0,2}(?:forces|troops|units|officials|authorities|artillery|"
    r"military|army|commanders?|soldiers|servicemen|servicemembers|personnel|actions|"
    r"aviation|drones?|missiles?|strikes?|occupiers|invaders|partisans|administration|"
    r"fighters|positions|counteroffensives?|advances|assaults?|gains|sources)"
)
_SIDE_WORD = {
    "russian": "RU",
    "dnr": "RU",
    "lnr": "RU",
    "wagner": "RU",
    "chechen": "RU",
    "occupation": "RU",
    "kadyrovite": "RU",
    "ukrainian": "UA",
}
_COUNTRY_SUBJECT = re.compile(
    r"\b(Russia|Ukraine|Moscow|Kyiv)\s+(?:is|has|was|had|continues|continued|launched|"
    r"conducted|struck|attacked|deployed|withdrew|began|started)\b"
)
_RU_CONTEXT = re.compile(
    r"\bRussia(?:n|'s)?\b|\bmobilized\b|\boccupied\b|\bKremlin\b|\binvaders\b|\boccupiers\b"
)
_UA_CONTEXT = re.compile(r"\bUkrain(?:e|ian)(?:'s)?\b")


def heading_actor(heading: str) -> str:
    """The side whose effort an ISW section describes ("Russian Main Effort", "Ukrainian
    Counteroffensives"); "unknown" otherwise."""
    h = heading.lower()
    if "ukrainian counteroffensive" in h or "ukrainian operations" in h:
        return "UA"
    if re.search(r"russian (?:main|subordinate|supporting)|\beffort\b|occupied areas", h):
        return "RU"
    return "unknown"


@functools.lru_cache(maxsize=4096)
def find_actor(clause: str) -> tuple[str, str, bool]:
    """``(actor, cue, repelled)`` for the clause that states the event."""
    low = lowered(clause)
    m = _REPEL.search(clause, low)
    if m:
        return _SIDE_WORD[m["side"].lower()], m.group(0), True
    m = _REPEL_FORCES.search(clause, low)
    if m:
        # "Ukrainian forces repelled Russian forces": the repeller is not the initiator.
        return _SIDE_WORD[m["side"].lower()], m.group(0), True
    m = _SUBJECT.search(clause, low)
    if m:
        return _SIDE_WORD[m["side"].lower()], m.group(0), False
    m = _COUNTRY_SUBJECT.search(clause)
    if m:
        return ("RU" if m[1].startswith("Russia") else "UA"), m.group(0), False
    ru, ua = bool(_RU_CONTEXT.search(clause)), bool(_UA_CONTEXT.search(clause))
    if ru and not ua:
        return "RU", "Russia", False
    if ua and not ru:
        return "UA", "Ukraine", False
    return "unknown", "", False


_GAINED = Caseless(r"\bcaptur|\bseiz|\bliberat|\badvanced\b|\bgains\b|\bwithdr|\bentered\b")
_ONGOING = Caseless(r"\bcontinu|\bongoing\b|\bcontested\b")


def find_outcome(clause: str, event_type: str, repelled: bool, claimant: str) -> str:
    if repelled:
        return "repelled"
    low = lowered(clause)
    if event_type in ("advance", "withdrawal") and _GAINED.search(clause, low):
        return "claimed" if claimant in CLAIM_CLAIMANTS else "success"
    if _ONGOING.search(clause, low):
        return "ongoing"
    if claimant in CLAIM_CLAIMANTS:
        return "claimed"
    return "unknown"


# ---------------------------------------------------------------- dates
_RANGE_RE = re.compile(
    rf"\b(?P<month>{MONTH_RE})\s+(?P<d1>\d{{1,2}})"
    r"(?:\s*(?:-|–|to|and)\s*|\s+and\s+)(?P<d2>\d{1,2})\b(?:,?\s+(?P<year>(?:19|20)\d\d))?"
)
_NIGHT_RANGE = re.compile(
    rf"night of (?P<month>{MONTH_RE})\s+(?P<d1>\d{{1,2}})"
    r"\s*(?:-|–|to)\s*(?P<d2>\d{1,2})"
)
_MONTH_NAMES = tuple(m.capitalize() for m in MONTHS)


# Every date pattern starts with a month name, every old year with "19" or "20": most
# sentences have neither, and str's substring test is far cheaper than the searches.
def _may_state_dates(sentence: str) -> bool:
    return any(m in sentence for m in _MONTH_NAMES)


def _may_name_old_year(sentence: str) -> bool:
    return "19" in sentence or "20" in sentence


_OLD_YEAR = re.compile(r"\b(?:in|since|during|of)\s+(?P<y>(?:19|20)\d\d)\b")
HISTORY_DAYS = 10


@dataclass(frozen=True, slots=True)
class DateInfo:
    date: str | None
    date_range: tuple[str, str] | None
    explicit: bool
    history: bool


def _mkdate(year: int, month: str, day: str, report_date: str | None) -> str | None:
    mon = MONTHS[month.lower()]
    try:
        d = dt.date(year, mon, int(day))
    except ValueError:
        return None
    if report_date and d.isoformat() > report_date:
        # "December 30" in a January 2 report is last year.
        rd = dt.date.fromisoformat(report_date)
        if (d - rd).days > 31:
            try:
                d = dt.date(year - 1, mon, int(day))
            except ValueError:
                return None
    return d.isoformat()


def event_date(sentence: str, mention_at: int, report: Report) -> DateInfo:
    """The date an event happened: an explicit date of its clause, else the report date.

    "on November 10" beats the report date; "on February 25 and 26" gives the later day and
    a date_range; a date long before the report date marks background history.
    """
    rd = report.report_date
    found, history = _dates_in(sentence, rd, report.year)
    if not found:
        return DateInfo(rd, None, False, history)
    # Prefer the first date after the mention (its clause), else the last before it.
    after = [f for f in found if f[0] >= mention_at]
    pick = min(after, key=lambda f: f[0]) if after else max(found, key=lambda f: f[0])
    _, d, rng = pick
    if rd and d:
        delta = (dt.date.fromisoformat(rd) - dt.date.fromisoformat(d)).days
        if delta > HISTORY_DAYS:
            history = True
    return DateInfo(d, rng, True, history)


@functools.lru_cache(maxsize=1024)
def _dates_in(
    sentence: str, rd: str | None, year: int | None
) -> tuple[tuple[tuple[int, str, tuple[str, str] | None], ...], bool]:
    """The dates a sentence states (offset, date, range) and whether it names a year long
    before the report's: shared by the sentence's mentions."""
    found: list[tuple[int, str, tuple[str, str] | None]] = []
    if year is not None and _may_state_dates(sentence):
        for rx in (_NIGHT_RANGE, _RANGE_RE):
            for m in rx.finditer(sentence):
                y = int(m["year"]) if "year" in m.groupdict() and m["year"] else year
                a = _mkdate(y, m["month"], m["d1"], rd)
                b = _mkdate(y, m["month"], m["d2"], rd)
                if a and b and a < b:
                    found.append((m.start(), b, (a, b)))
        for m in DATE_RE.finditer(sentence):
            if any(s <= m.start() < s + 30 for s, _, r in found if r):
                continue
            y = int(m["year"]) if m["year"] else year
            d = _mkdate(y, m["month"], m["day"], rd)
            if d:
                found.append((m.start(), d, None))
    history = False
    if rd and _may_name_old_year(sentence):
        for m in _OLD_YEAR.finditer(sentence):
            if int(m["y"]) < int(rd[:4]) - 1:
                history = True
    return tuple(found), history


_CLAUSE_CUT = re.compile(r";|,\s+(?:while|but|whereas)\b")


@functools.lru_cache(maxsize=1024)
def _clause_bounds(text: str) -> tuple[tuple[int, int], ...]:
    cuts = [0, *(m.end() for m in _CLAUSE_CUT.finditer(text)), len(text)]
    return tuple(itertools.pairwise(cuts))


def clause_of(sentence: Sentence, rel_start: int) -> str:
    """The clause of a sentence holding offset ``rel_start``: split at ';' and ', while'."""
    text = sentence.text
    for a, b in _clause_bounds(text):
        if a <= rel_start < b:
            return text[a:b]
    return text


def default_claimant(source: str) -> str:
    return {
        "isw": "isw",
        "general_staff": "ua_general_staff",
        "liveblog": "media",
        "article": "media",
    }.get(source, "unknown")
