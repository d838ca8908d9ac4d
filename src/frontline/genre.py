"""Document genres: what kind of report a text is, and the defaults that follow from it.

A General Staff summary, a governor's shelling report and a relayed Russian MoD claim state
events in different words and leave different things unsaid: who reports them (the genre's
default claimant), who acted when no side is named (the Russian side, in Ukrainian official
reports), and what a bare "attack" means (shelling, in a regional administration's report).

The genres are an ordered table of rows; the row whose marker pattern occurs earliest in the
document's opening text wins (table order breaks a tie): a relayed Russian claim that goes on
to quote the General Staff is a claim, a General Staff summary that names the Russian MoD
later is a summary. Every row carries example openings that must be detected as
that genre; they are the tests (``tests/test_genre.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .patterns import Caseless


@dataclass(frozen=True, slots=True)
class Genre:
    """One row of :data:`GENRES`.

    name : str
        The genre id stored on every event (``Event.source``).
    markers : Caseless
        Searched, case-insensitively, in the first ``head`` characters of the cleaned text.
    claimant : str
        Who states an event when the text names no source.
    actor : str
        Who acted when the text names no side, recorded as the cue "genre: <name>" ("unknown":
        no default). Every genre here reports Russia's war, where an event with no side named
        is a Russian action about nineteen times in twenty (288 of 304 development events):
        the Russian side, unless a rule reads another from the text.
    lead_sets_claimant : bool
        An attribution in the opening sentences ("According to the General Staff, ...")
        becomes the document's default claimant, and a sentence that names no source keeps
        the last one of its paragraph (a quoted statement). Off for ISW and for digests,
        whose sentences attribute one claim each and whose unattributed prose is the
        author's own.
    lead_dates_events : bool
        A relative day in the opening ("over the past day", "On Saturday") dates the events
        that state no day of their own: a morning summary or a governor's report is about
        the previous day. Off where the publication day is the events' day by convention
        (a relayed claim published on D is dated D; a key-events list is dated by its date).
    past_day_is_report_day : bool
        A bulletin's "over the past day" / "past 24 hours" in a sentence of its own dates the
        event to the publication day, not the day before: a relayed Russian MoD bulletin
        ("units liberated X over the past day, the ministry said") is dated the day it is
        published, by the convention for claims made on D about an undated action. Only
        the genre's own claimant's bulletin: the General Staff's answer quoted in the same
        wire story keeps its previous day.
    type_map : tuple of (from, to)
        Event types re-read in this genre (a governor's "attacked the community" is shelling,
        not a ground assault).
    examples : tuple of str
        Openings that must be detected as this genre.
    """

    name: str
    markers: Caseless
    head: int
    claimant: str
    actor: str = "unknown"
    lead_sets_claimant: bool = True
    lead_dates_events: bool = False
    past_day_is_report_day: bool = False
    type_map: tuple[tuple[str, str], ...] = ()
    examples: tuple[str, ...] = ()

    def event_type(self, event_type: str, explicit: bool) -> str:
        """``event_type`` as this genre reads it; ``explicit`` types (an assault named as
        such) are kept."""
        if explicit:
            return event_type
        for a, b in self.type_map:
            if a == event_type:
                return b
        return event_type


def _rx(pattern: str) -> Caseless:
    return Caseless(pattern)


# The names of the Russian Ministry of Defence and its spokesmen (case-insensitive): the one
# home of the concept, read by the ru_mod genre here and the ru_mod claimant row of
# frontline.semantics.SOURCE_RULES.
RU_MOD_NAMES = (
    r"\b(?:Russian|Russia's|Moscow's) (?:Ministry of Defen[cs]e|Defen[cs]e Ministry|MoD)\b|"
    r"\bMinistry of Defen[cs]e of (?:the )?Russia|\bBattlegroup\b|\bKonashenkov\b|"
    r"\b(?:Defen[cs]e Ministry|Ministry of Defen[cs]e) in Moscow\b"
)
_RU_MOD = (
    RU_MOD_NAMES + r"|press cent(?:er|re) of the \w+ group|(?:liberat|took control|taken control|"
    r"established control)\w*[^.]{0,80}\bDefen[cs]e Ministry\b|"
    # "the Russian military said", "Moscow claims", "units of the West group", "the Center
    # group of forces": the claim relayed without the ministry's name
    r"\b(?:Russian|Russia's) (?:military|army|armed forces)\b[^.]{0,30}"
    r"\b(?:said|says|claim(?:s|ed)?|reported|announced)\b|"
    r"\b(?:Moscow|Russia) (?:says|said|claims|claimed)\b|"
    r"\b(?:units|troops|forces) of the \w+ (?:battle)?group\b|"
    r"\bgroup(?:ing)? of (?:forces|troops)\b"
)

GENRES: tuple[Genre, ...] = (
    Genre(
        "isw",
        _rx(
            r"Institute for the Study of War|Russian Offensive Campaign Assessment|"
            r"\d:\d\d\s*[AP]M ET|Russian (?:Main|Subordinate Main|Supporting) Effort|"
            r"Key Takeaways"
        ),
        400,
        claimant="isw",
        actor="RU",
        lead_sets_claimant=False,
        examples=(
            "November 12, 7:30 PM ET\nRussian forces continued ground attacks near Bakhmut.",
            "Russian Main Effort – Eastern Ukraine\n\nRussian forces attacked near Kreminna.",
        ),
    ),
    Genre(
        "news_digest",
        _rx(
            r"list of key events|key events,? (?:on )?day|LATEST DEVELOPMENTS|live updates|"
            r"WAR IN UKRAINE:|at a glance|what we know on day|key developments|war latest|"
            r"\blive blog\b|\bday \d[\d,]* of (?:the |Russia's |Russian )?(?:full-scale )?"
            r"(?:war|invasion)\b"
        ),
        400,
        claimant="media",
        actor="RU",
        lead_sets_claimant=False,
        examples=(
            "Russia-Ukraine war: List of key events, day 900\nHere is the situation on Monday.",
            "Russia-Ukraine war at a glance: what we know on day 1,001 of the invasion",
            "Ukraine war latest: drones hit Odesa overnight",
            "Russia-Ukraine war: key events on day 1,200\nHere are the main events on Friday.",
            "This is the situation on day 800 of Russia's full-scale invasion of Ukraine.",
        ),
    ),
    Genre(
        "general_staff",
        _rx(
            r"General Staff (?:of (?:the )?(?:Armed Forces|Ukraine|AFU)|reported|reports?|said|"
            r"says|as of|update|data)\b|(?:Ukraine's|Ukrainian|AFU|military's) General Staff\b|"
            r"(?:from|by) the General Staff\b|according to the General Staff|"
            r"(?:combat engagements|combat clashes)"
            r"[^.]{0,120}General Staff|General Staff[^.]{0,200}combat (?:engagements|clashes)|"
            # The summary's own formulas, when the text never names the General Staff
            r"\bcombat (?:engagements|clashes) (?:took place|were recorded|occurred)\b|"
            r"\bin the \w+(?:-\w+)? direction,? the (?:enemy|occupiers|invaders) (?:attacked|"
            r"(?:tried|attempted) to (?:advance|break through)|launched|made|carried out)\b"
            r"[^.]{0,40}?\b\d+ times\b"
        ),
        700,
        claimant="ua_general_staff",
        actor="RU",
        lead_dates_events=True,
        examples=(
            "War update: 40 combat clashes in past day\nThat is according to the General Staff.",
            "According to the General Staff of the Armed Forces of Ukraine, the enemy attacked 30 "
            "times.",
            "Operational update from the General Staff as of 08:00\nThe enemy attacked 90 times.",
            "The General Staff of the AFU: 95 clashes over the past day",
            "Ukraine's General Staff counts 140 Russian attacks along the front line",
            # No name of the General Staff: its formulas
            "Over the past day, 112 combat engagements took place along the front line.",
            "Situation at the front\nIn the Lyman direction, the enemy attacked 9 times near "
            "Terny.",
        ),
    ),
    Genre(
        "ru_mod",
        _rx(_RU_MOD),
        700,
        claimant="ru_mod",
        actor="RU",
        past_day_is_report_day=True,
        examples=(
            "Russia says its forces took a village\nRussia's defence ministry said on Friday its "
            "forces had taken the village.",
            "Units of the Battlegroup Center have liberated the settlement, the ministry said.",
            "The Russian military said on Tuesday its troops had taken a village near Pokrovsk.",
            "Moscow claims capture of another village\nRussia's army said it had taken it.",
            "Russian units of the West group took more advantageous lines, TASS reported.",
            # The lead is the claim; the General Staff's answer comes after it.
            "Moscow says it took a village\nRussian troops took a village in the east, the "
            "Defence Ministry in Moscow said. Ukraine's General Staff said on Tuesday that "
            "the attacks were repelled.",
        ),
    ),
    Genre(
        "regional_admin",
        _rx(
            r"\bgovernors?\b|(?:Regional|Oblast|regional) (?:Military |State )?Administration|"
            r"regional (?:military )?administration|\bregional (?:head|chief)\b|\bRMA\b|\bOVA\b|"
            r"regional authorities|"
            r"communities in \w+ (?:Oblast|region)|(?:shelling|attacks?) (?:of|on) \w+ "
            r"(?:district|region|Oblast)|Day in \w+ region|\bhead of the \w+ (?:regional|Regional)|"
            # An unattributed post that lists hromadas by their adjectival names ("the
            # Khotinska and Bilopilska communities") or counts the explosions
            r"\b\w+s[ck]a (?:territorial )?(?:communit(?:y|ies)|hromadas?)\b|"
            r"\bexplosions were recorded\b"
        ),
        900,
        claimant="ua_official",
        actor="RU",
        lead_dates_events=True,
        # A regional report's "attacked the community" is fire, not a ground assault; a
        # listed place with no verb of its own is one of the day's shelled settlements.
        type_map=(("ground_assault", "shelling"), ("other", "shelling")),
        examples=(
            "Russia shells 3 communities in Sumy Oblast\nThe regional military administration "
            "reported 12 explosions.",
            "Russian attacks killed two people over the past day, the governor said.",
            "Russian attacks killed 3 in Donetsk Oblast, regional head Vadym Filashkin said.",
            # No attribution: the hromadas it lists, the explosions it counts
            "Over the past day, Russian troops shelled the Krasnopilska, Myropilska and "
            "Velykopysarivska communities: 31 explosions were recorded.",
            "Over the past day the enemy fired on the border; 14 explosions were recorded.",
        ),
    ),
    Genre("article", _rx(r"(?!)"), 0, claimant="media", actor="RU"),
)
GENRE_NAMES: tuple[str, ...] = tuple(g.name for g in GENRES)
_BY_NAME = {g.name: g for g in GENRES}


def detect_genre(text: str) -> Genre:
    """The genre of :data:`GENRES` whose markers occur earliest in the opening of ``text``
    (each row reads its own ``head``); the first such row on a tie, the last row if none."""
    best, at = GENRES[-1], len(text) + 1
    for g in GENRES:
        m = g.markers.search(text[: g.head])
        if m is not None and m.start() < at:
            best, at = g, m.start()
            if at == 0:
                break  # no later row can start earlier, and a tie goes to this one
    return best


def genre(name: str) -> Genre:
    """The genre called ``name`` (unknown names, e.g. from older exports: the article row)."""
    return _BY_NAME.get(name, GENRES[-1])
