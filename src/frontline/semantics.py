"""Event semantics: date, actor, event type, outcome, claimant for a located mention.

Explainable rules over the sentence (and the clause holding the mention); the cue words
that decided each field are kept on the event (``Event.cues``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from .clauses import clause_at, clause_spans
from .genre import RU_MOD_NAMES, Genre
from .genre import genre as genre_of
from .ingest import DATE_RE, DAY_FIRST_RE, MONTH_RE, MONTHS, NUMERIC_DATE_RE, month_number
from .patterns import Caseless, lowered
from .records import CLAIM_CLAIMANTS, Report, Sentence


class Rule:
    """One row of an ordered rule table: a label, its case-insensitive pattern, and the
    examples (texts the row must give the label to, in table order) that are its tests."""

    __slots__ = ("examples", "label", "pattern")

    def __init__(self, label: str, pattern: str, examples: tuple[str, ...]) -> None:
        self.label = label
        self.pattern = Caseless(pattern)
        self.examples = examples

    def __repr__(self) -> str:
        return f"Rule({self.label!r}, {self.pattern.exact.pattern[:40]!r}...)"


# ---------------------------------------------------------------- claimant
# Who is named as the source: an ordered table (first match wins, so specific first) of
# rows (claimant, pattern over the attributing subject, examples of subjects it must give).
# The examples are the tests (tests/test_semantics.py reads them).
SOURCE_RULES: tuple[Rule, ...] = tuple(
    Rule(c, p, ex)
    for p, c, ex in (
        (
            r"\bgeolocated\b|\bgeolocation\b",
            "geolocated_footage",
            ("Geolocated footage published on March 9",),
        ),
        (
            r"\bsatellite (?:imagery|footage|images?)\b|\bMaxar\b|\bPlanet Labs\b",
            "satellite_imagery",
            (
                "Satellite imagery collected on April 2",
                "Maxar imagery",
            ),
        ),
        (
            RU_MOD_NAMES + r"|\bthe MoD\b|\bpress cent(?:er|re) of the\b",
            "ru_mod",
            (
                "The Russian Ministry of Defense (MoD)",
                "Russia's defence ministry",
                "Units of the Battlegroup Yug",
                "the head of the press center of the West group",
            ),
        ),
        (
            r"\b(?:Ukrainian )?General Staff\b",
            "ua_general_staff",
            (
                "The Ukrainian General Staff",
                "the General Staff of the Armed Forces of Ukraine",
            ),
        ),
        # Russia's opposition and independent press ("Russian opposition sources", Meduza):
        # media, before the Russian-source row.
        (
            r"\b(?:Russian\s+)?(?:opposition|independent|exiled)\s+(?:\w+\s+)?(?:sources?|outlets?|"
            r"media|journalists?)\b|\bMeduza\b|\bMediazona\b|\bVerstka\b|\bNovaya Gazeta\b",
            "media",
            ("Russian opposition sources", "Russian independent outlet Meduza"),
        ),
        (
            r"\bmilbloggers?\b|\bRussian (?:sources?|outlets?|media|state media|Telegram|"
            r"insider|channels?|news)\b|\bRIA Novosti\b|\bTASS\b|\bWagner-affiliated\b|"
            r"\bA Russian source\b|\bprominent Russian\b|\bZvezda\b|\bRybar\b|\bPrigozhin\b|"
            r"\b(?:Russian|pro-Russian|pro-Kremlin) (?:war |military )?bloggers?\b|"
            r"\bWagner Group (?:financier|financer|founder|commander|fighters?)\b|\bKhodakovsky\b|"
            r"\bGirkin\b|\bStrelkov\b|\bWarGonzo\b|\bTwo Majors\b|\b(?:Russian|Wagner|DNR|LNR|"
            r"Western Military District|Southern Military District|Central Military District|"
            r"Eastern Military District) (?:soldiers?|servicem[ae]n|fighters?|commanders?|"
            r"correspondents?|war ?correspondents?)\b",
            "ru_source",
            (
                "A prominent Russian milblogger",
                "Russian sources",
                "Wagner Group financier Yevgeny Prigozhin",
                "A Western Military District soldier",
                "Russian war bloggers",
            ),
        ),
        # Russia's groups of forces and their spokesmen ("Russia's Dnepr Group of Forces", "the
        # Vostok group"): after the Russian sources (a milblogger "affiliated with the Western
        # Grouping of Forces" is a milblogger), before the Ukrainian row's "spokesperson";
        # Ukraine's groups have -ern names (the ua_official row).
        (
            r"\b(?:Russia's|Russian)\s+(?:\w+\s+){0,2}?(?:[Gg]roup(?:ing)?|[Bb]attlegroup)\s+of\s+"
            r"(?:[Ff]orces|[Tt]roops)\b|\b(?:Zapad|Sever|Tsentr|Vostok|Yug|Dnepr)\s+(?:[Gg]roup(?:ing)?|"
            r"[Bb]attlegroup)\b",
            "ru_mod",
            (
                "A spokesperson for Russia's Dnepr Group of Forces",
                "Vostok Group spokesperson Alexander Gordeev",
            ),
        ),
        (
            r"\bKremlin\b|\bPeskov\b|\bRussian (?:officials?|authorities|President|Presidential|"
            r"Deputy|governor|Governor|ambassador|Ambassador)\b|\boccupation (?:officials?|head|"
            r"administration|authorities)\b|\b(?:DNR|LNR) (?:officials?|head|leader)\b|"
            r"\bgovernor of Russia|\bRussia's (?:Defense|Foreign)|\bPutin\b|\bLavrov\b|"
            r"\bShoigu\b|\bGerasimov\b|\bLipetsk\b|\bBelgorod Oblast Governor\b|"
            r"\bPushilin\b|\bKadyrov\b|\bSaldo\b|\bBalitsky\b|\bPasechnik\b|\bGladkov\b|"
            r"\bKremlin-appointed\b|\bZakharova\b|\bMedvedev\b|"
            r"\b(?:Russian|Kremlin|Moscow)-(?:installed|appointed|backed)\b",
            "ru_official",
            (
                "Kremlin Spokesperson Dmitry Peskov",
                "DNR Head Denis Pushilin",
                "Russian occupation officials",
                "The Russian-installed governor",
            ),
        ),
        (
            r"\bUkrainian (?:officials?|President|military officials?|authorities|Navy|Air Force|"
            r"Ground Forces|Armed Forces|intelligence|Defense|Prime Minister)\b|\bZelensky|"
            r"\bUkrainian (?:First )?(?:Deputy )?(?:\w+ )?Minister\b|\bMalyar\b|\bUmerov\b|"
            r"\bReznikov\b|\bBudanov\b|\bKuleba\b|\bSybiha\b|\bYermak\b|\bPodolyak\b|"
            r"\bShmyhal\b|\bSvyrydenko\b|\bHnatov\b|\bVoloshyn\b|\bTrehubov\b|"
            r"\bResistance Center\b|\bGUR\b|\bMain (?:Military )?Intelligence Directorate\b|"
            r"\bOperational Command\b|\b[Mm]ayor\b|\bmilitary administration\b|\bSBU\b|"
            r"\bUkrainian .{0,40}(?:spokesperson|commander|Head)\b|\bUkraine's (?:Southern|"
            r"Eastern|Northern|Defense|Intelligence)\b|\bIntelligence Directorate\b|"
            r"\bDefense Ministry adviser\b|\bUkrainian Ministry\b|\bOblast Administration\b|"
            r"\bOblast Military Administration\b|\b[Gg]overnors?\b|\b[Rr]egional (?:[Mm]ilitary |"
            r"[Ss]tate )?[Aa]dministration\b|\bRMA\b|\bOVA\b|\bregional authorities\b|"
            r"\blocal (?:officials|authorities)\b|"
            r"\bUkrain(?:ian|e's) (?:military|army|forces)\b(?!\s+(?:observers?|analysts?|experts?|"
            r"bloggers?|commentators?|journalists?|sources?)\b)|"
            # Units, services and officers: "Ukraine's 47th Mechanized Brigade", "the Ukrainian
            # State Border Guard Service", "Ukrainian Lieutenant Colonel X", "the commander of
            # a Ukrainian battalion".
            r"\bUkrain(?:ian|e's)\s+(?:\w+\s+){0,3}?(?:[Bb]rigade|[Bb]attalion|[Rr]egiment|[Cc]orps|"
            r"[Dd]ivision|National Guard|Border Guard|Border Service|Defen[cs]e Forces|"
            r"Center for Countering Disinformation|Lieutenant|Colonel|Major|Captain|Sergeant|"
            r"General|officers?)\b|\b(?:commander|spokes(?:person|man)|head|chief)\s+of\s+(?:a|an|the)\s+"
            r"Ukrainian\b|"
            r"\bspokes(?:person|man|woman)\b|\bpress service\b|\b(?:Joint Forces|Eastern|Southern|"
            r"Northern|Tavria|Khortytsia) (?:Command|Group|[Gg]roup of [Ff]orces|Task Force)\b|"
            r"\bmilitary unit\b|\bhead of the\b.{0,60}\b[Aa]dministration\b|"
            r"\bhead of the \w+ (?:RMA|OVA|community|hromada)\b|"
            r"\bUkraine's (?:armed forces|Armed Forces|Air Force|Navy|Ground Forces|"
            r"[Cc]ommander)|\bSyrsk(?:yi|ii|y)\b|\bZaluzhn(?:yi|y)\b|"
            r"(?:^|\s)(?:Ukraine|Kyiv)\s*$",
            "ua_official",
            (
                "Kharkiv Oblast Governor Oleh Syniehubov",
                "the regional military administration",
                "the spokesperson of the Eastern Group",
                "the head of the Dnipropetrovsk Regional Military Administration",
                "Oleksandr Syrskyi, the commander-in-chief of Ukraine's armed forces,",
                "Ukraine's Air Force",
                "Ukrainian Deputy Defense Minister Hanna Malyar",
                "Ukraine's 47th Mechanized Brigade",
                "The Ukrainian State Border Guard Service",
                "The commander of a Ukrainian battalion operating near Terny",
                "The Ukrainian Joint Forces Task Force",
            ),
        ),
        (
            r"\bUkrainian (?:military )?(?:sources?|media|outlets?|Telegram|journalists?|"
            r"reports?)\b|"
            r"\bSuspilne\b|\bUkrainska Pravda\b|\bDeepState\b|\bMashovets\b|"
            r"\bUkrainian (?:military |war )?(?:observers?|analysts?|experts?|bloggers?|"
            r"commentators?)\b",
            "ua_source",
            (
                "Ukrainian sources",
                "Ukrainska Pravda",
                "A Ukrainian military observer",
            ),
        ),
        (r"\bISW\b|\bInstitute for the Study of War\b", "isw", ("ISW",)),
        (
            r"\bCNN\b|\bFinancial Times\b|\bNew York Times\b|\bNYT\b|\bReuters\b|\bBBC\b|"
            r"\bAssociated Press\b|\bKyiv Independent\b|\bASTRA\b|\bNewsweek\b|\bthe Guardian\b|"
            r"\bWashington Post\b|\bWall Street Journal\b|\bmedia\b|\bjournalists\b",
            "media",
            (
                "The Kyiv Independent",
                "Reuters",
            ),
        ),
        (
            r"\bBritish Ministry of Defen[cs]e\b|\bUK (?:MoD|Ministry)\b|\bPentagon\b|"
            r"\bUS officials\b",
            "media",
            (
                "The British Ministry of Defence",
                "US officials",
            ),
        ),
        # Footage of unstated origin ("A video published on March 9 purportedly showed ..."):
        # after every row that names who posted it.
        (
            r"\b(?:footage|videos?|images|photos?|photographs)(?:\s+(?:published|posted|"
            r"released|circulated|shared))?(?:\s+on\s+\w+\s+\d{1,2})?"
            r"(?:\s+(?:purportedly|reportedly|apparently|allegedly))?\s*$|"
            r"\bTelegram channels?\b|\blocal (?:\w+ ){0,3}?channels?\b",
            "unknown",
            (
                "A video published on March 9 purportedly",
                "New drone footage",
                "A local Kherson Oblast Telegram channel",
            ),
        ),
        # The Defense Ministry of a relayed Russian claim, named without its country ("the
        # Defense Ministry said"; "Moscow's Defense Ministry"): after every Ukrainian and
        # foreign ministry above.
        (
            r"\b(?:Defen[cs]e Ministry|[Mm]inistry of [Dd]efen[cs]e|defen[cs]e ministry)\b|"
            r"\b[Bb]attlegroup\b|\bpress cent(?:er|re)\b|\bKonashenkov\b|"
            # "The Russian military said", "Moscow said": after every row that names a
            # Russian source more closely ("a Russian military blogger").
            r"\b(?:Russian|Russia's) (?:military|army)\s*$|(?:^|\s)(?:Russia|Moscow)\s*$",
            "ru_mod",
            (
                "the Defense Ministry",
                "Moscow's Defense Ministry",
                "The Russian military",
                "Moscow",
            ),
        ),
    )
)
# The one lexicon of reporting verbs: who says what ("X reported that ...", "..., X said").
ATTRIBUTION_VERBS: tuple[str, ...] = (
    "reported",
    "reports",
    "claimed",
    "claims",
    "claim",
    "stated",
    "states",
    "said",
    "says",
    "announced",
    "noted",
    "acknowledged",
    "showed",
    "shows",
    "show",
    "indicated",
    "indicates",
    "published",
    "released",
    "accused",
    "confirmed",
    "denied",
    "asserted",
    "alleged",
    "suggested",
    "wrote",
    "writes",
    "told",
    "posted",
    "assessed",
    "amplified",
    "shared",
    "circulated",
)
_VERBS = "|".join(ATTRIBUTION_VERBS)
# Who is named before a reporting verb, or before "continues" ("X continues to claim").
_REPORT_VERB = re.compile(
    r"\b(?:also\s+|further\s+|reportedly\s+|have\s+|has\s+|had\s+)*"
    rf"(?:{_VERBS}|continues(?=\s+to\s+(?:{_VERBS}|claim|report|say|state|deny|insist|"
    r"accuse|allege)\b))\b"
)
# An attribution ending before the reported statement: "The Russian MoD claimed that ".
_ATTRIBUTION = re.compile(rf"\b(?:{_VERBS})\b(?:\s+on\s+\w+\.?\s+\d{{1,2}})?(?:\s+that)?\s+")
_ACCORDING = re.compile(r"\baccording to ([^,.;]+)", re.IGNORECASE)


# A reporting verb right after a comma, and the speaker after it: ", said the governor".
_INVERTED_VERBS = frozenset({"said", "says", "told", "stated", "wrote", "reported", "noted"})
_INVERTED_BEFORE = re.compile(r"(?<!\bhowever)(?<!\bmeanwhile)(?<!\balso),\s*$")
_INVERTED_SUBJECT = re.compile(
    r"\s+((?:(?:the|a|an)\s+)?[A-Z][^;.]{0,120}|(?:the|a|an)\s+[a-z][^;.]{0,120})[.;]?\s*$"
)


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


# Typographic apostrophes read as the ASCII one the rules spell ("Ukraine’s military"): one
# character for one, so offsets hold.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})


@functools.lru_cache(maxsize=4096)
def _source_of(subject: str) -> tuple[str, str] | None:
    plain = subject.translate(_APOSTROPHES)
    for rule in SOURCE_RULES:
        hit = rule.pattern.search(plain)
        if hit:
            return rule.label, subject[hit.start() : hit.end()]
    return None


@functools.lru_cache(maxsize=1024)
def _attributions(sentence: str) -> tuple[tuple[int, str], ...]:
    """(offset, subject) of every attribution in a sentence: shared by its mentions."""
    subjects: list[tuple[int, str]] = []
    last = 0
    for m in _REPORT_VERB.finditer(sentence):
        if m.group(0) in _INVERTED_VERBS and _INVERTED_BEFORE.search(
            sentence, max(0, m.start() - 16), m.start()
        ):
            # "..., said Donetsk regional governor Vadym Filashkin.": the speaker follows
            # the verb and ends the sentence; read before the words ahead of the verb (the
            # statement itself).
            after = _INVERTED_SUBJECT.match(sentence, m.end())
            if after is not None and " that " not in after.group(1):
                subjects.append((m.start(), after.group(1)))
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


# Sources a sentence names with no reporting verb, besides footage and imagery (the first two
# SOURCE_RULES rows): ISW's order-of-battle notes on Russian units, which it sources from
# Russian milbloggers ("Drone operators of the 38th Brigade are reportedly striking ...").
DIRECT_SOURCE_RULES: tuple[Rule, ...] = (
    Rule(
        "ru_source",
        r"^Order of Battle:|\b(?:operators|elements|units|servicemembers)\s+of\s+(?:the\s+)?"
        r"(?:Russian\s+)?\d+\w*\b[^.;]{0,200}?\breportedly\b",
        (
            "Order of Battle: Elements of a Russian brigade are operating near Konovalova.",
            "Drone operators of the 38th Brigade are reportedly striking roads near Hulyaipilske.",
        ),
    ),
)


@functools.lru_cache(maxsize=1024)
def _direct_source(sentence: str) -> tuple[str, str] | None:
    """Sources that need no reporting verb ("Geolocated footage shows ...")."""
    low = lowered(sentence)
    for rule in (*SOURCE_RULES[:2], *DIRECT_SOURCE_RULES):
        hit = rule.pattern.search(sentence, low)
        claimant = rule.label
        if hit:
            return claimant, hit.group(0)
    return None


# ---------------------------------------------------------------- event type
TYPE_RULES: tuple[Rule, ...] = tuple(
    Rule(t, p, ex)
    for t, p, ex in (
        # "attempted to advance near X" is an assault, not an advance.
        (
            "ground_assault",
            r"\b(?:attempt(?:ed|ing|s)?|tried|trying|failed) (?:\w+ ){0,2}?to (?:advance|storm|"
            r"break through|improve (?:their|its|the) (?:tactical )?(?:positions?|situation)|"
            r"capture|seize|take|encircle|"
            r"outflank|cross|regain|push|dislodge|oust|drive|knock|land)|"
            r"\b(?:put|puts|putting) (?:\w+ )?pressure\b",
            (
                "Russian forces attempted to advance near Bilohorivka",
                "the enemy tried four times to break through near Synkivka",
                "Russian troops failed to advance near Terny",
                "the enemy twice tried to improve the tactical situation near Terny",
                "Russian units unsuccessfully attempted to dislodge our units near Terny",
                "sabotage groups that tried to land on the bank near Krynky were destroyed",
            ),
        ),
        (
            "internal_conflict",
            r"\bbrawl|\binfighting\b|\bmutin|\bshot (?:their|his) commander|"
            r"\btensions? between\b|\bconflict between\b|"
            r"\bclash(?:ed)? with (?:their|Russian|Chechen)",
            ("a brawl between Wagner and Chechen units",),
        ),
        (
            "partisan",
            # A sabotage-and-reconnaissance group is a military raid (an assault), not
            # partisans.
            r"\bpartisans?\b|\bcar bomb|\bassassinat|\bresistance fighters|"
            r"\bsabotage(?![- ](?:and[- ])?reconnaissance|"
            r"\s+(?:groups?|units?|detachments?|teams?)\b)",
            ("partisans blew up a railway bridge", "an act of sabotage on a railway near Terny"),
        ),
        (
            "defensive_works",
            # Building them: "attacked Ukrainian fortifications" is an assault.
            r"\b(?:construct|build|built|erect|equipp?|prepar|reinforc|dig|dug|creat|establish)\w*"
            r"(?:\s+[\w-]+){0,4}?\s+(?:(?:new|additional|more)\s+)?(?:defensive|fortification|"
            r"trench|dragon|base)|\bfortif(?:y|ied|ying)\b|\bdragon'?s teeth|"
            r"\bnew base\b|\bengineer(?:ing)? defensive|\bdig(?:ging)? in\b|\bdigging\b",
            (
                "Russian forces constructed new trenches near Svatove",
                "soldiers digging trenches near Kreminna",
            ),
        ),
        (
            "withdrawal",
            r"\bwithdr[ae]w|\bwithdrawn\b|\bretreat|\bsurrender|\bpulled back|"
            r"\bpull(?:ing)? out\b|\bleft the (?:city|town|village)|"
            r"\b(?:forces|troops|units|soldiers|defenders|army)\s+(?:have\s+|had\s+)?left\b",
            (
                "Russian forces withdrew from Kherson City",
                "Ukrainian forces left Terny to avoid encirclement",
            ),
        ),
        (
            "mobilization",
            r"\bmobiliz(?:ation|e|es|ing)\b|\bconscript|\bdraft(?:ees?|ed|ing)?\b|\brecruit|"
            r"\bdesert|\bforce generation|\breservists?\b",
            (
                "searching the city for deserters",
                "the partial mobilization continued",
            ),
        ),
        (
            "advance",
            r"\badvanc(?:e|ed|es|ing)\b|\bcaptur|\bseiz|\bgains?\b|\bliberat|"
            r"\brecaptur|\btook control|\b(?:taken|taking|established|establishment of|gained) "
            r"control\b|\bcame under (?:\w+ )?control\b|\bentered\b|\breturned to\b|"
            r"\bmade progress|\bpush(?:ed)? (?:into|towards?)\b|\boffensive push|"
            r"\b(?:took|take|taking|gained|gaining) (?:further |more |some )?ground\b|"
            r"\b(?:had|has|have) (?:now )?taken\b|\b(?:gained|established) (?:new )?positions\b|"
            r"\bclearing\b|\btook\b[^.;]{0,40}\bunder control\b|"
            r"\b(?:took|taken) (?:the |another )?(?:\w+ )?(?:village|town|city|settlement)\b|"
            # Ground won back or an enemy pushed out.
            # Done, not sought: "to regain lost positions", "to push them out of artillery
            # range" are the aims of an assault.
            r"\bregained\b|\brestored (?:their |its )?(?:lost )?positions\b|"
            r"\bbr(?:oke|oken) through\b|"
            r"\b(?:forces|troops|units|soldiers|army)\s+(?:have\s+|had\s+)?occupied\b|"
            r"\b(?:rais|hoist|plant)(?:ed|ing) (?:a |the |their |its )?(?:\w+ )?flags?\b|"
            r"\b(?:pushed|drove|knocked) (?:\w+ ){0,3}?out of\b(?! (?:\w+ )?(?:artillery )?range)|"
            r"\bdr(?:ove|iven) out\b|\bexpelled\b|"
            r"\b(?:pushed|drove|driven|forced) (?:\w+ ){0,3}?back\b|"
            r"\bcleared (?:\w+ ){0,3}?(?:from|out of)\b|"
            # The Russian MoD's word for a gain ("improved their tactical position near X");
            # sought, not done, it is an assault (the first row: "tried to improve ...").
            r"\bimproved (?:their|its|the) (?:tactical )?(?:positions?|situation)\b|"
            r"\b(?:took|taken|occupied) (?:more )?(?:advantageous|better) (?:lines|positions)\b|"
            r"\b(?:achieved|achieving|achieves) (?:\w+ )?(?:partial|some|limited|tactical) "
            r"success(?:es)?\b",
            (
                "Russian forces advanced near Bakhmut",
                "Russian troops took control of Vesele",
                "Russian forces recently regained lost positions near Terny",
                "Ukrainian forces pushed Russian troops out of Terny",
                "Ukrainian forces drove out Russian troops from Terny",
                "Ukraine's military said it had pushed Russian troops back near Terny",
                "Ukrainian forces cleared Russian forces from Terny",
                "units of the group improved their tactical position near Terny",
                "Ukrainian forces achieved partial success west of Terny",
                "Wagner forces broke through Ukrainian defensive lines in Terny",
                "Russian forces occupied Terny",
                "Russian soldiers raised a flag over Terny",
            ),
        ),
        # A weapon or depot destroyed at a place (a Russian MoD counter-battery tally:
        # "the artillery destroyed four mortars in the area of X") is a strike on it, whatever
        # fired; before the shelling row, whose "artillery" and "mortars" it contains.
        (
            "strike",
            # The Russian MoD's "aviation, drones, missile troops and artillery struck ...":
            # the air and missile arms make it a strike, artillery among them or not.
            r"\b(?:(?:operational-tactical|army|attack|tactical) aviation|missile troops|"
            r"aviation and (?:artillery|drones|UAVs))\b|"
            r"\bdestroy(?:ed|ing)\b[^.;]{0,60}?\b(?:howitzers?|mortars?|launchers?|"
            r"self-propelled|radars?|depots?|(?:armou?red|combat) vehicles?|tanks?|MLRS|"
            r"HIMARS|command posts?|ammunition)\b",
            (
                "Russian gunners destroyed two mortars near Terny",
                "the artillery destroyed a howitzer near Terny",
                "Operational-tactical aviation, missile troops and artillery struck manpower "
                "near Terny",
            ),
        ),
        (
            "shelling",
            r"\bshell(?:ed|ing|s)?\b|\bartillery\b|\bMLRS\b|\bmortars?\b|\btank fire\b|"
            r"\bunder (?:\w+ )?fire\b|\bfired (?:at|on|upon)\b|\bopened fire\b|"
            r"\brocket salvos?\b|\bmultiple (?:launch )?rocket (?:launchers?|systems?)\b|"
            r"\bGrads?\b|\bUragans?\b|\bSmerch\b|\broutine fire\b|\bTOS-1A?\b|"
            r"\bfir(?:e|ed|ing) (?:at|on|against)\b",
            (
                "Russian forces shelled Nikopol",
                "Kherson came under enemy fire",
                "a man was killed in Terny after a shell struck his house",
                "Russian forces fired a TOS-1A at Terny",
                "the occupiers used a multiple launch rocket system against Terny",
            ),
        ),
        (
            "strike",
            r"\bstrik(?:e|es|ing)\b|\bstruck\b|\bmissiles?\b|\bdrones?\b|\bairstrikes?\b|"
            r"\bHIMARS\b|\bShahed|\b(?:glide|guided) (?:aerial )?bombs?\b|\bbomb(?:ed|ing)\b|"
            r"\bexplosions?\b|\bbombs?\b(?!\s+shelters?\b)|"
            r"\bdestroyed an? (?:Russian|Ukrainian) (?:ammunition|fuel|depot)|\bUAVs?\b|"
            r"\battack aircraft\b|\b(?:air|aviation) support\b|\bsupport of (?:\w+ )?(?:aircraft|"
            r"aviation)\b|\baviation (?:struck|strikes?|attacked|bombed)\b|"
            r"\baerial vehicles?\b|\b(?:dropp(?:ed|ing)|dumping) (?:of )?(?:\w+ ){0,2}?"
            r"(?:ammunition|munitions|explosives|grenades|bombs)\b|"
            # Weapons named alone: guided bombs, loitering munitions, missiles by name.
            r"\btarget(?:ed|ing|s)?\b[^.;]{0,40}?\b(?:energy|power|infrastructure|substations?|"
            r"power plants?)\b|"
            r"\bKABs?\b|\bLancets?\b|\bIskanders?\b|\bS-[34]00s?\b|\bGerans?\b|"
            r"\bKh-\d+|\bKalibrs?\b|\bKinzhals?\b|\bFPVs?\b|\bkamikaze\b|"
            r"\bloitering munitions?\b|\bair (?:attacks?|raids?)\b",
            (
                "a Russian missile strike hit Kharkiv",
                "Shahed drones struck Odesa",
                "an unmanned aerial vehicle hit a house in Kupiansk",
                "a man died after the dropping of ammunition in Kozacha Lopan",
                "the enemy attacked with the support of aircraft near Vodiane",
                "the enemy dropped two KABs on Terny",
                "Enemy aviation dropped bombs on Terny",
                "an air-dropped bomb hit Terny",
                "a Lancet hit a car in Terny",
                "Terny was hit by a Kh-59",
                "the enemy carried out an air attack on Terny",
                "Russian forces targeted energy infrastructure in Terny",
            ),
        ),
        (
            "ground_assault",
            # "an assault brigade", "assault units": the name of a unit, no assault.
            r"\bassault(?:s|ed|ing)?\b(?!\s+(?:brigades?|regiments?|battalions?|divisions?|"
            r"companies|company|detachments?|squads?|units?)\b)|"
            r"\battacks?\b|\battack(?:ed|ing)\b|\boffensive operations\b|"
            r"\boffensives\b|\b(?:unsuccessful|failed) offensive\b|"
            r"\binfiltrat(?:e|es|ed|ing)\b|\binfiltrations?\b(?!\s+groups?\b)|"
            r"\braid(?:s|ed|ing)?\b|"
            r"\bcontinued (?:its |their )?offensive\b|"
            r"\brepel|\brepuls|\bcounterattack|\bcounteroffensive|\bstorm(?:ed|ing)?\b|\bfighting\b|"
            r"\bclashes\b|\bengagements?\b|\bpositional\b|\battempted to advance|\bcut into\b|"
            r"\bbattles?\b|\bcombat\b|\bskirmish|\bfirefights?\b|\breconnaissance(?:-in-force| "
            r"in force| operations?)\b|\bmilitary operations?\b|\boffensive actions\b|"
            r"\bintensify (?:its|their) offensive|\bhottest\b|"
            r"\b(?:enemy|occupiers|invaders|Russians?) (?:was|were|is|are|remains?|remained) "
            r"(?:the )?most active\b",
            (
                "Ukrainian forces repelled Russian assaults near Kuzemivka",
                "two battles are ongoing near Vodiane",
                "Russian troops assaulted our positions near Terny",
                "Russian forces continued offensives near Terny",
                "the situation was the hottest near Terny",
                "the enemy was most active near Terny",
                "the enemy conducted one unsuccessful offensive near Terny",
                "Russian forces had been attacking from the north near Terny",
                "Ukrainian troops conducted a raid near Terny",
                "Russian forces are using motorcycles to infiltrate positions near Terny",
                "Russian forces repelled two Ukrainian sabotage and reconnaissance groups near "
                "Terny",
            ),
        ),
        # Fortifications named with no verb of building ("satellite imagery shows new trenches
        # near X"): after the assault row, so that "attacked Ukrainian trenches" is an assault.
        (
            "defensive_works",
            r"\b(?:new|fresh|additional|more|newly (?:built|dug)|freshly dug)\s+(?:\w+\s+)?"
            r"(?:trench(?:es|lines?)?|fortifications?|defensive (?:lines?|positions|structures)|"
            r"anti-tank (?:ditch|ditches|obstacles))\b|\bminefields?\b|"
            r"\bmin(?:ed|ing)\s+(?:the\s+)?(?:approaches|roads?|fields?|bridges?|banks?|area)\b",
            (
                "Satellite imagery shows new trenches near Kreminna",
                "Russian troops mined the approaches to Terny",
            ),
        ),
        # Fire on a named unit's men and equipment, in a Russian MoD tally ("inflicted fire
        # damage on manpower and equipment of the 24th brigade near X", "hit manpower and
        # equipment near X"): a strike, as its counter-battery tallies are. After the assault
        # row: "repelled two attacks, inflicting losses on the enemy" is the assault.
        (
            "strike",
            r"\binflict(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:fire\s+)?(?:damage|losses|"
            r"defeat)\s+(?:on|upon)\b|\b(?:hit|hitting)\s+(?:the\s+)?(?:\w+\s+)?(?:manpower|"
            r"personnel|(?:military\s+)?(?:equipment|hardware))\b|"
            r"\bdefeated\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:manpower|personnel|formations|equipment)\b",
            (
                "units of the group inflicted fire damage on manpower and equipment near Terny",
                "the troops inflicted heavy losses on a mechanised brigade near Terny",
                "the group hit manpower and equipment of two brigades near Terny",
                "units of the group defeated formations of two brigades near Terny",
                "the group inflicted losses on the personnel of an assault brigade near Terny",
            ),
        ),
        # "hit" with no word of the weapon: fire on a place ("Russia hit Kherson and 12 other
        # settlements"); "a missile hit X" is a strike (the row above).
        ("shelling", r"\bhit\b|\bhitting\b", ("Russian forces hit Kherson overnight",)),
        # "mobilized" after the fighting types: "Ukrainian shelling of mobilized personnel
        # near X" is shelling; mobilized men held in a basement are mobilization.
        ("mobilization", r"\bmobilized\b", ("mobilized men held in a basement in Zaitseve",)),
        (
            "civilian_harm",
            r"\bcivilians? (?:killed|injured|wounded|casualties)|\bkilled\b|"
            r"\binjur|\bwounded\b|\bresidential\b|\bcivilian infrastructure",
            ("one civilian was killed in Zalizne",),
        ),
        (
            "occupation_measure",
            r"\boccup(?:ation|ied)\b|\bdeport|\bpassport|\bannex|"
            r"\breferend|\badministrative capital|\bprohibition|\bblock(?:ed|s)? residents|"
            r"\bstole|\blooting|\bloot|\bfiltration|\bconfiscat|\brelocat|\bevacuat",
            ("occupation authorities deported residents of Oleshky",),
        ),
    )
)


_TYPES: tuple[tuple[str, Caseless], ...] = tuple((r.label, r.pattern) for r in TYPE_RULES)
# Words of a trigger that name no event of that type: ISW's "Order of Battle" notes, air
# defence ("intercepting Ukrainian drones": no strike on the place).
_NOT_A_TRIGGER = re.compile(
    r"\bOrder of Battle\b|\b(?:FPV\s+)?drone operators\b|\b(?:intercept|shoot(?:ing)? down|"
    r"shot down)\w*\s+"
    r"(?:\w+\s+){0,3}?(?:drones?|UAVs?|missiles?)\b|"
    # A gain or a retreat denied ("continued offensive operations but did not make confirmed
    # advances", "without any territorial gains"): the fighting is what is left.
    r"\b(?:did|do|does|have|has|had) not (?:yet )?(?:make|made|achieve|achieved|advance|"
    r"advanced|gain|gained|withdraw|withdrawn|retreat|retreated)\b(?:\s+(?:any|confirmed|significant|territorial|notable|new|"
    r"further|major))*(?:\s+(?:advances?|gains?|ground|progress))?|"
    r"\b(?:without|no)\s+(?:making\s+|achieving\s+)?(?:(?:any|confirmed|significant|"
    r"territorial|notable|new|further|major)\s+)*(?:advances|gains)\b|"
    r"\bwithout\s+(?:capturing|seizing|taking|gaining|advancing|breaking through)\b|"
    # Weapons moved, not fired: "moved artillery to the east bank near X".
    r"\b(?:mov|transferr|redeploy|relocat|deploy|br(?:ing|ought|ings))\w*\s+(?:\w+\s+){0,3}?"
    r"(?:artillery|MLRS|mortars?|air defen[cs]e|missile)\s+(?:\w+\s+){0,2}?"
    r"(?:to|from|into|toward|towards|closer)\b|"
    # A feint ("attempting to simulate their withdrawal from X") is no withdrawal.
    r"\b(?:simulat|feign|imitat|stag)\w*\s+(?:\w+\s+){0,2}?(?:withdrawal|retreat|"
    r"offensive|attack)s?\b",
    re.IGNORECASE,
)
_ANY_TYPE = Caseless("|".join(f"(?:{pat.exact.pattern})" for _, pat in _TYPES))
# What makes a sentence with no event-type word still report something at a place: unit
# presence, footage, targeting, fire, control. A place in a sentence with none of these and
# no event type ("Melitopol is a critical junction of roads", "the historically industrial
# cities of Donetsk and Luhansk") is analysis, not an event.
_OTHER_TRIGGER = Caseless(
    r"\boperat(?:ing|es|ed|ion|ions)\b|\bdeploy|\bredeploy|\bstationed\b|\bhold(?:s|ing)? "
    r"(?:the )?(?:line|positions?)\b|\bconcentrat|\bgather|\btransferr|\bprisoners?\b|"
    r"\bpresence\b|\bfootage\b|\bvideos?\b|\bsituation\b|\btarget(?:ed|ing|s)?\b|\bfire\b|"
    r"\bdestroy|\bhit\b|\bdamag|\bexplosions?\b|\bfighting\b|\bactive\b|\bhottest\b|"
    r"\bcontrol\b|\bliberation\b|\bfell\b|\bclear(?:ed|ing)\b|\bfortif|\bpositions\b|"
    r"\btroops\b|\bforces\b|\bunits?\b|\belements\b|\bbrigade|\bregiment|\bbattalion|"
    r"\bkilled\b|\binjur|\bwounded\b|\bcasualt|\bevacuat|\bvisit"
)


@functools.lru_cache(maxsize=1024)
def states_event(text: str) -> bool:
    """Whether ``text`` reports anything happening (a word of an event type or of
    :data:`_OTHER_TRIGGER`)."""
    low = lowered(text)
    return bool(_ANY_TYPE.search(text, low) or _OTHER_TRIGGER.search(text, low))


@functools.lru_cache(maxsize=4096)
def find_event_type(clause: str) -> tuple[str, str]:
    low = lowered(clause)
    if not _ANY_TYPE.search(clause, low):
        return "other", ""  # two clauses in five: one search instead of a dozen
    if _NOT_A_TRIGGER.search(clause):
        # Blank what only looks like a trigger, keeping offsets: "Order of Battle",
        # "intercepting Ukrainian drones".
        clause = _NOT_A_TRIGGER.sub(lambda m: " " * len(m.group(0)), clause)
        low = lowered(clause)
    for t, pat in _TYPES:
        m = pat.search(clause, low)
        if m:
            return t, m.group(0)
    return "other", ""


# ---------------------------------------------------------------- actor / outcome
_SIDE = r"(?P<side>Russian|Ukrainian|DNR|LNR|Wagner|Chechen|occupation|Kadyrovite)"
_REPEL = Caseless(
    r"\b(?:repelled|repulsed|repels|repel|defeated|stopped|thwarted|halted|beat back|foiled)\s+"
    r"(?:an?\s+|the\s+)?(?:several\s+|\w+\s+)?(?P<side>Russian|Ukrainian|AFU|enemy)"
    r"(?:'s|’s)?\s+"
    r"(?:\w+\s+){0,2}(?:assaults?|attacks?|attempts?|offensives?|counterattacks?|"
    r"counteroffensives?|advances?|sabotage)"
)
_REPEL_FORCES = Caseless(
    r"\b(?:repelled|repulsed|repels|repel|beat back)\s+(?:the\s+)?(?P<side>Russian|Ukrainian)\s+"
    r"(?:forces|troops|units|infantry|soldiers)"
)
_BOTH_SIDES = Caseless(
    r"\b(?:both )?(?:Russian and Ukrainian|Ukrainian and Russian) (?:forces|troops|units)\b"
)
_SUBJECT = Caseless(
    _SIDE + r"(?:'s)?\s+(?:\w+\s+){0,2}(?:forces|troops|units|officials|authorities|artillery|"
    r"military|army|commanders?|soldiers|servicemen|servicemembers|personnel|actions|"
    r"aviation|drones?|missiles?|strikes?|occupiers|invaders|partisans|administration|"
    r"fighters|positions|counteroffensives?|advances|assaults?|gains|sources|shelling|"
    r"bombardment|counterattacks?|attacks?|divisions?|brigades?|regiments?|battalions?|corps)"
)


@functools.lru_cache(maxsize=4096)
def _both_sides(statement: str) -> str:
    """The words naming both sides as acting ("Russian and Ukrainian forces clashed"), when
    no one side is the subject before them; else "". Shared by the statement's mentions."""
    both = _BOTH_SIDES.search(statement)
    if both and not _SUBJECT.exact.search(statement, 0, both.start()):
        return both.group(0)
    return ""


_SIDE_WORD = {
    "russian": "RU",
    "dnr": "RU",
    "lnr": "RU",
    "wagner": "RU",
    "chechen": "RU",
    "occupation": "RU",
    "kadyrovite": "RU",
    "ukrainian": "UA",
    "afu": "UA",
    "enemy": "enemy",  # the other side of the claimant's: settled by describe()
}
_COUNTRY_SUBJECT = re.compile(
    r"\b(Russia|Ukraine|Moscow|Kyiv)\s+(?:is|has|was|had|continues|continued|launched|"
    r"conducted|struck|attacked|deployed|withdrew|began|started)\b"
)
_RU_CONTEXT = re.compile(
    r"\bRussia(?:n|'s)?\b|\bmobilized\b|\b(?<!in the )(?<!in )occupied\b|\bKremlin\b|"
    r"\binvaders\b|\boccupiers\b"
)
# Fire on a place Russia holds ("explosions in the occupied port city of Berdiansk"): the
# side that fires there is Ukraine's, when no side is named as acting.
_IN_OCCUPIED = re.compile(r"\bin (?:the )?occupied\b")
# "Ukraine" alone names the country where things happen ("Ukraine's city of Soledar", "in
# eastern Ukraine"), not a side that acts (that is _COUNTRY_SUBJECT's "Ukraine launched").
_UA_CONTEXT = re.compile(r"\bUkrainian\b|\bArmed Forces of Ukraine\b|\bcontrol of Ukraine\b")


def heading_actor(heading: str) -> str:
    """The side whose effort an ISW section describes ("Russian Main Effort", "Ukrainian
    Counteroffensives"); "unknown" otherwise."""
    h = heading.lower()
    if "ukrainian counteroffensive" in h or "ukrainian operations" in h:
        return "UA"
    if re.search(r"russian (?:main|subordinate|supporting)|\beffort\b|occupied areas", h):
        return "RU"
    return "unknown"


# "Ukrainian soldiers repelled an assault": the side named is the one that repelled it.
_SUBJECT_REPELLED = Caseless(
    _SIDE + r"(?:'s)?\s+(?:\w+\s+){0,2}(?:forces|troops|units|soldiers|defenders|servicemen|"
    r"military|army)\s+(?:\w+\s+){0,2}(?:repelled|repulsed|thwarted|foiled|stopped|beat back)\b"
)
# "Russian units were pushed back from X": the side named lost the ground; the other gained it.
_SUBJECT_PUSHED = Caseless(
    _SIDE + r"(?:'s)?\s+(?:\w+\s+){0,2}(?:forces|troops|units|soldiers|servicemen|military|"
    r"army)\s+(?:were|was|have been|had been|has been)\s+(?:\w+\s+)?(?:pushed|driven|forced|"
    r"knocked|thrown)\s+(?:back|out)\b"
)
# "an attack near X was repelled": the attacker is the other side of whoever says so.
_PASSIVE_REPELLED = Caseless(
    r"\b(?:was|were|been|being)\s+(?:successfully\s+|also\s+)?(?:repelled|repulsed|thwarted|"
    r"foiled|stopped)\b"
)
# "units of the Zapad group repelled four counterattacks near X": a repulse that names no side
# on either hand; the attacker is the other side of whoever says so, as in the passive.
_ACTIVE_REPELLED = Caseless(
    r"\b(?:repelled|repulsed|repels|repel|beat back|fought off|thwarted|foiled|stopped|"
    r"halted)\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}(?:assaults?|attacks?|counter-?attacks?|attempts?|"
    r"offensives?|counteroffensives?)\b"
)
_OTHER_SIDE = {"RU": "UA", "UA": "RU"}
# A verb or preposition that makes the side phrase after it the target.
_TARGET_VERB_BEFORE = re.compile(
    r"\b(?:struck|strike|strikes|striking|hit|hitting|targeted|targeting|target|shelled|"
    r"shelling|attacked|attacking|intercepted|intercepting|destroyed|destroying|against|at|"
    r"storm|stormed|storming|assault|assaulted|assaulting|toward|towards|pushed|pushing|"
    r"expelled|expelling|cleared|clearing|dislodged|ousted|"
    r"through|breach|breached|breaching|penetrate|encircle|encircled|surround|surrounded|"
    r"(?:attacks?|assaults?|strikes?|raids?|fire) on)\s+"
    r"(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)


# The object of fire on men and equipment ("inflicted losses on manpower and equipment of two
# Ukrainian brigades near X", "hit enemy manpower near X"): the side it names is the target,
# never the actor; :func:`without_fire_targets` blanks it before the actor is read.
_FIRE_TARGET = re.compile(
    r"\b(?:inflict(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:fire\s+)?(?:damage|losses|"
    r"defeat)\s+(?:on|upon)|(?:hit|hitting|struck|strik(?:e|es|ing)|defeated|defeating)"
    r"(?=\s+(?:the\s+)?(?:\w+\s+)?(?:manpower|personnel|equipment|hardware)\b))"
    r"(?P<object>[^.;,]{0,160}?)(?=\s+(?:near|in|at|around|close to|during|with)\b|[.;,]|$)",
    re.IGNORECASE,
)
_FIRE_TARGET_WORDS = ("inflict", "manpower", "personnel", "equipment", "hardware")


@functools.lru_cache(maxsize=1024)
def without_fire_targets(text: str) -> str:
    """``text`` with the objects of :data:`_FIRE_TARGET` blanked (offsets kept)."""
    low = text.lower()
    if not any(w in low for w in _FIRE_TARGET_WORDS):
        return text
    return _FIRE_TARGET.sub(
        lambda m: m.group(0)[: m.start("object") - m.start()] + " " * len(m["object"]), text
    )


@functools.lru_cache(maxsize=4096)
def find_actor(clause: str) -> tuple[str, str, bool]:
    """``(actor, cue, repelled)`` for the clause that states the event."""
    if "\u2019" in clause or "\u02bc" in clause:
        clause = clause.translate(_APOSTROPHES)
    low = lowered(clause)
    m = _REPEL.search(clause, low)
    if m:
        return _SIDE_WORD[m["side"].lower()], m.group(0), True
    m = _REPEL_FORCES.search(clause, low)
    if m:
        # "Ukrainian forces repelled Russian forces": the repeller is not the initiator.
        return _SIDE_WORD[m["side"].lower()], m.group(0), True
    m = _SUBJECT_REPELLED.search(clause, low)
    if m and _SIDE_WORD[m["side"].lower()] in _OTHER_SIDE:
        return _OTHER_SIDE[_SIDE_WORD[m["side"].lower()]], m.group(0), True
    m = _SUBJECT_PUSHED.search(clause, low)
    if m and _SIDE_WORD[m["side"].lower()] in _OTHER_SIDE:
        return _OTHER_SIDE[_SIDE_WORD[m["side"].lower()]], m.group(0), False
    m = _PASSIVE_REPELLED.search(clause, low) or _ACTIVE_REPELLED.search(clause, low)
    if m and not _SUBJECT.search(clause, low):
        return "enemy", m.group(0), True
    m = _SUBJECT.search(clause, low)
    if m:
        side = _SIDE_WORD[m["side"].lower()]
        before = max(0, m.start() - 30)
        if side in _OTHER_SIDE and _TARGET_VERB_BEFORE.search(clause, before, m.start()):
            # "struck Ukrainian positions", "intercepting Ukrainian drones": the side named is
            # the target; the other side acted.
            return _OTHER_SIDE[side], m.group(0), False
        return side, m.group(0), False
    m = _COUNTRY_SUBJECT.search(clause)
    if m:
        return ("RU" if m[1].startswith("Russia") else "UA"), m.group(0), False
    ru, ua = _acting(_RU_CONTEXT, clause), _acting(_UA_CONTEXT, clause)
    if ru is not True and ua is not True and (m := _IN_OCCUPIED.search(clause)):
        return "UA", m.group(0), False
    if ru is True and ua is not True:
        return "RU", "Russia", False
    if ua is True and ru is not True:
        return "UA", "Ukraine", False
    if ru is True or ua is True:
        return "unknown", "", False
    # A side named only as the target ("striking Ukrainian roads"): the other acted.
    if ua is None and ru is False:
        return "RU", "Ukraine targeted", False
    if ru is None and ua is False:
        return "UA", "Russia targeted", False
    return "unknown", "", False


def _acting(side: re.Pattern[str], clause: str) -> bool | None:
    """Whether ``side`` names a side in ``clause`` as one that acts (True), only as the
    target of a verb before it (None), or not at all (False)."""
    targeted = False
    for m in side.finditer(clause):
        if not _TARGET_VERB_BEFORE.search(clause, max(0, m.start() - 30), m.start()):
            return True
        targeted = True
    return None if targeted else False


# Outcome words, as rows with their examples (tests/test_semantics.py reads them): ground
# changed hands ("gained": a success, or a claim when a party says so) or the fighting goes on.
OUTCOME_RULES: tuple[Rule, ...] = (
    Rule(
        "gained",
        r"\bcaptur|\bseiz|\bliberat|\badvanced\b|\bgains\b|\bwithdr|\bentered\b",
        ("Russian forces captured Vesele", "Ukrainian forces liberated Kherson City"),
    ),
    Rule(
        "ongoing",
        r"\bcontinu|\bongoing\b|\bcontested\b",
        ("fighting continued near Bakhmut", "two battles are ongoing near Vodiane"),
    ),
)
_GAINED, _ONGOING = (r.pattern for r in OUTCOME_RULES)


@functools.lru_cache(maxsize=4096)
def find_outcome(clause: str, event_type: str, repelled: bool, claimant: str) -> str:
    """The outcome (:data:`frontline.records.OUTCOMES`) of an event stated in ``clause``."""
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
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?$")
_DEADLINE_BEFORE = re.compile(r"\b(?:by|until|till|before|no later than)\s+$")
_SPAN_RE = re.compile(
    rf"\b(?:between|from)\s+(?P<m1>{MONTH_RE})\s+(?P<d1>\d{{1,2}})\s+(?:and|to|until|through)"
    rf"\s+(?P<m2>{MONTH_RE})\s+(?P<d2>\d{{1,2}})\b"
)
_NIGHT_RANGE = re.compile(
    rf"night of (?P<month>{MONTH_RE})\s+(?P<d1>\d{{1,2}})"
    r"\s*(?:-|–|to)\s*(?P<d2>\d{1,2})"
)
_MONTH_NAMES = tuple(m.capitalize() for m in MONTHS)


# Every date pattern starts with a month name or is digits with dots ("12.06.2024"), every old
# year has "19" or "20": most sentences have neither, and str's substring test is far cheaper
# than the searches.
@functools.lru_cache(maxsize=1024)
def _may_state_dates(sentence: str) -> bool:
    return any(m in sentence for m in _MONTH_NAMES) or (
        "." in sentence and NUMERIC_DATE_RE.search(sentence) is not None
    )


def _may_name_old_year(sentence: str) -> bool:
    return "19" in sentence or "20" in sentence


# "in 2014", "since 2015", and a year made an adjective: "the 2014 battles for Debaltseve".
_OLD_YEAR = re.compile(
    r"\b(?:(?:in|since|during|of)\s+|the\s+(?=(?:19|20)\d\d\s+[a-z]))(?P<y>(?:19|20)\d\d)\b"
)
# An explicit date this many days before the report still dates an event of it (a recap "on
# October 8" in an October 22 report; satellite imagery "between March 2 and March 22");
# older ones are background history.
HISTORY_DAYS = 21


@dataclass(frozen=True, slots=True)
class DateInfo:
    date: str | None
    date_range: tuple[str, str] | None
    explicit: bool
    history: bool
    statement: bool = False  # the date only dates a statement ("footage published on D")


def _mkdate(year: int, month: str, day: str, report_date: str | None) -> str | None:
    mon = month_number(month)
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
    a date_range; a date long before the report date marks background history. A date that
    only dates a statement ("reported on May 26") counts when the sentence has no relative
    day ("over the past day") of its own: a claim published on D is dated D.
    """
    rd = report.report_date
    found, history = _dates_in(sentence, rd, report.year)
    events = [f for f in found if not f[3]]
    statement = False
    if not events and found and relative_date(sentence, rd) is None:
        events, statement = list(found), True
    if not events:
        vague = _vague_past(sentence, mention_at, rd, report.year)
        return DateInfo(rd, None, False, history or vague)
    # Prefer the first date after the mention (its clause), else the last before it.
    after = [f for f in events if f[0] >= mention_at]
    pick = min(after, key=lambda f: f[0]) if after else max(events, key=lambda f: f[0])
    _, d, rng, _ = pick
    if rd and d:
        delta = (dt.date.fromisoformat(rd) - dt.date.fromisoformat(d)).days
        if delta > HISTORY_DAYS:
            history = True
    return DateInfo(d, rng, True, history, statement)


# A period of a month, with no day: "in early October", "In mid-March," opening a sentence,
# "in October 2022", "by early May", "at the beginning of June", "at the end of June".
_MONTH_PERIOD = re.compile(
    r"\b(?:[Ii]n|[Dd]uring|[Bb]y|[Aa]t)\s+(?:the\s+)?(?:(?P<part>early|mid|late)[\s-]+|"
    r"(?P<early>(?:beginning|start|first (?:days?|week|weeks|half)) of\s+)|"
    r"(?P<late>(?:end|last (?:days?|week|weeks)|second half) of\s+))?"
    rf"(?P<month>{MONTH_RE})\b(?!\s+\d{{1,2}}\b)(?:\s+(?P<year>(?:19|20)\d\d))?"
)
# The last day of each part a period may name ("early": up to the 10th).
_PERIOD_END = {"early": "10", "mid": "20", "late": "28", None: "28"}


def _period_part(m: re.Match[str]) -> str | None:
    """The part of the month a :data:`_MONTH_PERIOD` match names (a key of _PERIOD_END)."""
    return m["part"] or ("early" if m["early"] else "late" if m["late"] else None)


def _vague_past(sentence: str, at: int, rd: str | None, year: int | None) -> bool:
    """Whether the clause at ``at`` (the ``cues`` clause rules) sets what it tells in a month
    period that ended more than :data:`HISTORY_DAYS` before the report date ("in early
    October" in a November report)."""
    if rd is None or year is None or not _may_state_dates(sentence):
        return False
    start, end = clause_at(clause_spans(sentence, "cues"), at)
    return _old_period(sentence, start, end, rd, year)


@functools.lru_cache(maxsize=1024)
def _old_period(sentence: str, start: int, end: int, rd: str, year: int) -> bool:
    """:func:`_vague_past` of one clause, ``sentence[start:end]``: shared by its mentions."""
    for m in _MONTH_PERIOD.finditer(sentence, start, end):
        y = int(m["year"]) if m["year"] else year
        last = _mkdate(y, m["month"], _PERIOD_END[_period_part(m)], rd)
        if last and (dt.date.fromisoformat(rd) - dt.date.fromisoformat(last)).days > HISTORY_DAYS:
            return True
    return False


@functools.lru_cache(maxsize=1024)
def _dates_in(
    sentence: str, rd: str | None, year: int | None
) -> tuple[tuple[tuple[int, str, tuple[str, str] | None, bool], ...], bool]:
    """The dates a sentence states (offset, date, range, dates a statement only) and whether
    it names a year long before the report's: shared by the sentence's mentions."""
    found: list[tuple[int, str, tuple[str, str] | None, bool]] = []
    if year is not None and _may_state_dates(sentence):
        for rx in (_NIGHT_RANGE, _RANGE_RE):
            for m in rx.finditer(sentence):
                if rx is _RANGE_RE and any(s <= m.start() < s + 12 for s, _, r, _ in found if r):
                    continue  # the days of "the night of March 1-2", read as a night above
                y = int(m["year"]) if "year" in m.groupdict() and m["year"] else year
                a = _mkdate(y, m["month"], m["d1"], rd)
                b = _mkdate(y, m["month"], m["d2"], rd)
                if a and b and a < b:
                    # "on February 25 and 26": the later day; "the night of April 8 to 9":
                    # the night's first day (the night before the morning report).
                    found.append((m.start(), a if rx is _NIGHT_RANGE else b, (a, b), False))
        for m in _SPAN_RE.finditer(sentence):
            # "between March 2 and March 22" (imagery over a window): the window's end.
            a = _mkdate(year, m["m1"], m["d1"], rd)
            b = _mkdate(year, m["m2"], m["d2"], rd)
            if a and b and a < b:
                found.append((m.start(), b, (a, b), False))
        for rx in (DATE_RE, DAY_FIRST_RE, NUMERIC_DATE_RE):
            for m in rx.finditer(sentence):
                if any(s <= m.start() < s + 30 for s, _, r, _ in found if r):
                    continue
                if any(s <= m.start() < s + 12 for s, *_ in found):
                    continue  # "12 October 2024" read both ways
                if _SINCE_BEFORE.search(sentence, max(0, m.start() - 8), m.start()):
                    continue  # "holding positions since May 5": a period's start, no event's day
                y = int(m["year"]) if m["year"] else year
                d = _mkdate(y, m["month"], m["day"], rd)
                if d and rd and d > rd and _DEADLINE_BEFORE.search(
                    sentence, max(0, m.start() - 20), m.start()
                ):
                    continue  # "must register by October 15": a deadline, no event's day
                if d:
                    found.append((m.start(), d, None, is_reporting_date(sentence, m.start())))
    history = False
    if rd and _may_name_old_year(sentence):
        for m in _OLD_YEAR.finditer(sentence):
            if int(m["y"]) < int(rd[:4]) - 1:
                history = True
    return tuple(found), history


# (claimant, event type) whose statement date ("geolocated footage published on March 9
# shows that Russian forces advanced") is not the event's: the report dates the gain.
REPORT_DAY_EVIDENCE: frozenset[tuple[str, str]] = frozenset(
    {("geolocated_footage", "advance"), ("satellite_imagery", "advance")}
)


def clause_of(sentence: Sentence, rel_start: int) -> str:
    """The clause of a sentence holding offset ``rel_start``: split at ';' and ', while'
    (the "statements" rules of :data:`frontline.clauses.CLAUSE_RULES`)."""
    text = sentence.text
    spans = clause_spans(text, "statements")
    if not 0 <= rel_start < len(text):
        return text
    a, b = clause_at(spans, rel_start)
    return text[a:b]


def default_claimant(source: str) -> str:
    """The claimant of a statement that names none, in a report of genre ``source``."""
    return genre_of(source).claimant


# ---------------------------------------------------------------- relative dates
@dataclass(frozen=True, slots=True)
class RelativeDay:
    """A phrase that dates an event relative to the report's publication day.

    ``days`` is added to the report date; ``examples`` are sentences in which the rule must
    fire (the tests read them).
    """

    label: str
    pattern: Caseless
    days: int
    examples: tuple[str, ...]


RELATIVE_DAYS: tuple[RelativeDay, ...] = tuple(
    RelativeDay(label, Caseless(pattern), days, examples)
    for label, pattern, days, examples in (
        (
            "same day",
            r"\bthis (?:morning|afternoon|evening)\b|\btoday\b|\bsince the (?:beginning|start) "
            r"of the day\b|\bthroughout the day\b|\b(?:during|over) the day\b|\bas of \d",
            0,
            (
                "Since the beginning of the day, 20 combat engagements took place.",
                "This morning the enemy attacked near Lyman.",
            ),
        ),
        (
            "two days before",
            r"\bthe day before yesterday\b",
            -2,
            ("The attack happened the day before yesterday.",),
        ),
        # A daily bulletin's window: the day before a morning report, but the publication day
        # in a genre that dates a relayed bulletin so (Genre.past_day_is_report_day).
        (
            "past day",
            r"\b(?:over|during|in|for|within) the (?:past|last|previous) (?:day|24 hours)\b|"
            r"\b(?:past|last) (?:day|24 hours)\b",
            -1,
            ("Over the past day, the enemy shelled 20 settlements.",),
        ),
        (
            "previous day",
            r"\byesterday\b|\bthe (?:previous|prior) day\b|\bthe day before\b",
            -1,
            (
                "Two people were killed in strikes yesterday.",
                "The day before, drones struck the port.",
            ),
        ),
        (
            "days before",
            r"\b(?:two|2) days ago\b",
            -2,
            ("Drones struck the port two days ago.",),
        ),
        (
            "previous night",
            r"\bovernight\b|\b(?:at|last|during the) night\b|\bearly on\b",
            -1,
            ("Overnight, drones struck the city.", "At night, the occupiers attacked the village."),
        ),
    )
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_RE = Caseless(
    r"\b(?:on|last|since|overnight|late|early|(?:hours|morning|evening|night) of)\s+"
    r"(?P<wd>(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b"
)
# A date that only says when a statement was made ("said on Thursday", "reported early on May
# 26", "said on the morning of June 12"): what precedes it ends with a reporting verb, at most
# two more words and a part of the day.
_REPORTING_PREFIX = re.compile(
    rf"\b(?:{_VERBS}|published|wrote)\s+(?:\w+\s+){{0,2}}"
    r"(?:(?:morning|afternoon|evening|night)\s+of\s+)?$"
)


def is_reporting_date(text: str, start: int) -> bool:
    """Whether the date at ``start`` of ``text`` dates a statement, not an event."""
    return _REPORTING_PREFIX.search(text[max(0, start - 40) : start]) is not None


def _shift(report_date: str, days: int) -> str:
    return (dt.date.fromisoformat(report_date) + dt.timedelta(days=days)).isoformat()


def _weekday_date(report_date: str, weekday: str) -> str:
    """The last day named ``weekday`` on or before the report date."""
    rd = dt.date.fromisoformat(report_date)
    back = (rd.weekday() - _WEEKDAYS.index(weekday.lower())) % 7
    return (rd - dt.timedelta(days=back)).isoformat()


@functools.lru_cache(maxsize=2048)
def relative_date(
    text: str, report_date: str | None, *, statements: bool = True
) -> tuple[str, str] | None:
    """``(date, cue)`` of the first relative-day phrase of ``text`` (a weekday, or a row of
    :data:`RELATIVE_DAYS`), or None. A weekday of the event ("claimed on Friday that it took
    the town on Thursday": Thursday) beats one that dates the statement, which counts only
    when no other is named; ``statements=False`` skips those altogether, for a document's
    default day."""
    if report_date is None:
        return None
    low = lowered(text)
    said = None  # the first weekday that dates a statement: when no other day is named
    for m in _WEEKDAY_RE.exact.finditer(text):
        if not is_reporting_date(text, m.start()):
            return _weekday_date(report_date, m["wd"]), f"weekday: {m.group(0)}"
        said = said or m
    found: tuple[int, RelativeDay, str] | None = None
    for rule in RELATIVE_DAYS:
        hit = rule.pattern.search(text, low)
        if hit and (found is None or hit.start() < found[0]):
            found = (hit.start(), rule, hit.group(0))
    if statements and said is not None:
        day = _weekday_date(report_date, said["wd"])
        if found is not None and found[1].days < 0:
            # "attacked 12 settlements over the past 24 hours, the governor said on Sunday":
            # the day before the statement's.
            _, rule, cue = found
            return _shift(day, rule.days), f"{rule.label}: {cue} before {said.group(0)}"
        return day, f"weekday: {said.group(0)}"
    if found is None:
        return None
    _, rule, cue = found
    return _shift(report_date, rule.days), f"{rule.label}: {cue}"


# ---------------------------------------------------------------- the side called "the enemy"
# Words for the other side: in a Ukrainian report the Russian forces, in a Russian claim the
# Ukrainian ones ("the enemy ... attacked the positions of our troops").
_ENEMY = Caseless(
    r"\b(?:the )?(?:enemy|occupiers|occupants|invaders|aggressor|adversary|russists|rashists)\b"
)
# Before "the enemy" as an object: "deep into the enemy's defenses", "positions of the enemy".
_ENEMY_TARGET_BEFORE = re.compile(
    r"\b(?:into|of|on|against|at|toward|towards|through|targeting|struck|hit|hitting|"
    r"destroyed|destroying|inflicted|inflicting|defeated|defeating|pushed|pushing)\s+$",
    re.IGNORECASE,
)
# "Russia's defence ministry said its forces had captured X": the claimant's own side.
_OWN_SIDE = Caseless(
    r"\b(?:its|our|their own) (?:forces|troops|units|army|soldiers|servicemen)\b|"
    # A commander's order to his own men: "Syrskyi said he had ordered troops to withdraw".
    r"\bordered (?:the |his |its |their )?(?:forces|troops|units|soldiers) to\b"
)
# What makes "our troops" the target rather than the actor: "attacks on the positions of
# our troops", "fire against our units".
_OBJECT_BEFORE = re.compile(r"\b(?:of|on|against|at|toward|towards|targeting)\s+(?:the\s+)?$")


@functools.lru_cache(maxsize=4096)
def _enemy_at(text: str) -> tuple[int, str] | None:
    """Where the first word of :data:`_ENEMY` in ``text`` starts, and the word, or None
    (shared by a clause's mentions)."""
    m = _ENEMY.search(text)
    return (m.start(), m.group(0)) if m else None


# What makes "its forces" the defender: "its forces were involved in 63 skirmishes", "our
# troops repelled".
_DEFENDING_AFTER = re.compile(
    r"\s+(?:(?:were|are|was|have been|had been)\s+(?:involved|engaged)\b|"
    r"(?:(?:have|has|had)\s+(?:successfully\s+|also\s+)?)?(?:repelled|repulsed|"
    r"held|defended|fought off|thwarted|stopped|halted|beat back)\b)"
)


@functools.lru_cache(maxsize=1024)
def _own_side(text: str) -> str:
    """The words naming the claimant's own forces as the subject ("its forces had taken"),
    or "" (none, only as a target: "the positions of our troops", or as the defender)."""
    for m in _OWN_SIDE.exact.finditer(text):
        if _OBJECT_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if _DEFENDING_AFTER.match(text, m.end()):
            continue
        return m.group(0)
    return ""


_SIDE_OF_CLAIMANT = {
    "ru_mod": "RU",
    "ru_official": "RU",
    "ru_source": "RU",
    "ua_general_staff": "UA",
    "ua_official": "UA",
    "ua_source": "UA",
}


def _enemy_of(claimant: str) -> str:
    """The side a claimant calls "the enemy": Ukraine's in a Russian source, else Russia's."""
    return "UA" if _SIDE_OF_CLAIMANT.get(claimant) == "RU" else "RU"


# ---------------------------------------------------------------- one mention's semantics
@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What one report says once for all its events: its genre, the claimant its opening
    names, the day its opening dates events to, and each sentence's own attribution."""

    genre: Genre
    claimant: str
    claimant_cue: str
    date: str | None
    date_cue: str
    # Per sentence, the last attribution of an earlier sentence of its paragraph (a statement
    # quoted over several sentences), or None; () when the genre's lead sets no claimant.
    paragraph_claims: tuple[tuple[str, str] | None, ...]
    # Per sentence, the date carried to it from before, with its cue: the dated list it
    # stands under ("Key inflections on November 6:"), or the date its paragraph opened with
    # ("On April 20, Russian forces struck 13 communities. A civilian was injured ...");
    # () when the report has none.
    carried_dates: tuple[tuple[str, str] | None, ...] = ()


LEAD_SENTENCES = 4
# Claimants that are evidence of one sentence's fact, not a speaker quoted over several
# ("Geolocated footage published on April 20 indicates that Russian forces advanced in X.
# Russian forces attacked near Y."): they neither carry to the paragraph's later sentences
# nor become the document's claimant from its lead.
SENTENCE_ONLY_CLAIMANTS = frozenset({"geolocated_footage", "satellite_imagery"})


def document_context(report: Report) -> DocumentContext:
    """The document-level defaults of ``report`` (computed once per report)."""
    g = genre_of(report.source)
    claimant, c_cue = g.claimant, f"genre: {g.name}"
    date, d_cue = report.report_date, ""
    claims: tuple[tuple[str, str] | None, ...] = ()
    if g.lead_sets_claimant:
        claims = tuple(_sentence_claim(s.text) for s in report.sentences)
        for found in claims[:LEAD_SENTENCES]:
            if found is not None and found[0] not in SENTENCE_ONLY_CLAIMANTS:
                claimant, c_cue = found[0], f"lead: {found[1]}"
                break
    if g.lead_dates_events:
        for sent in report.sentences[:LEAD_SENTENCES]:
            # The lead's first dating wins: the day it says the attacks happened ("launched
            # 28 attacks on Feb. 23"), or a relative day ("over the past day").
            stated = _event_dates(sent.text, report)
            if stated:
                date, d_cue = stated[0], "lead date"
                break
            rel = relative_date(sent.text, report.report_date, statements=False)
            if rel is not None:
                date, d_cue = rel[0], f"lead {rel[1]}"
                break
    return DocumentContext(
        g, claimant, c_cue, date, d_cue, _paragraph_claims(report, claims), _carried_dates(report)
    )


def _paragraph_claims(
    report: Report, claims: tuple[tuple[str, str] | None, ...]
) -> tuple[tuple[str, str] | None, ...]:
    """:attr:`DocumentContext.paragraph_claims` from each sentence's own attribution."""
    if not claims:
        return ()
    out: list[tuple[str, str] | None] = []
    para, last = None, None
    for sent, found in zip(report.sentences, claims, strict=True):
        if sent.paragraph != para:
            para, last = sent.paragraph, None
        out.append(last)
        if found is not None and found[0] not in SENTENCE_ONLY_CLAIMANTS:
            last = found
    return tuple(out)


def _event_dates(sentence: str, report: Report) -> list[str]:
    """The dates ``sentence`` gives events (not the day a statement was made), in order."""
    if not _may_state_dates(sentence):
        return []
    found, _ = _dates_in(sentence, report.report_date, report.year)
    return [d for _, d, _, statement in found if not statement]


# A sentence that opens with its date dates the rest of its paragraph.
_OPENING_DATE = re.compile(rf"^(?:On|In the night of|On the night of)?\s*(?:{MONTH_RE})\s*\d")


def _carried_dates(report: Report) -> tuple[tuple[str, str] | None, ...]:
    """Per sentence, the date carried to it (:attr:`DocumentContext.carried_dates`): a
    paragraph that ends with ":" and states a date dates the paragraphs after it, up to the
    next section heading or the next such paragraph; a sentence that opens with a date ("On
    April 20, ...") dates the later sentences of its paragraph."""
    listed: str | None = None
    opened: tuple[int, str] | None = None  # (paragraph, date)
    section = heading_paragraph = -1
    out: list[tuple[str, str] | None] = []
    found = False
    for sent in report.sentences:
        if sent.section != section:
            listed, section = None, sent.section
        if opened is not None and opened[0] == sent.paragraph:
            out.append((opened[1], "paragraph date"))
        elif listed is not None and sent.paragraph != heading_paragraph:
            out.append((listed, "list heading"))
        else:
            out.append(None)
        if sent.text.endswith(":"):
            dates, _ = _dates_in(sent.text, report.report_date, report.year)
            if dates:
                listed, heading_paragraph, found = dates[-1][1], sent.paragraph, True
        elif _OPENING_DATE.match(sent.text) and (stated := _event_dates(sent.text, report)):
            opened, found = (sent.paragraph, stated[0]), True
    return tuple(out) if found else ()


def _sentence_claim(sentence: str) -> tuple[str, str] | None:
    """The claimant a sentence's own attribution names, wherever it stands, or None."""
    for _, subj in _attributions(sentence):
        found = _source_of(subj)
        if found:
            return found
    return _direct_source(sentence)


def _claim_in_paragraph(ctx: DocumentContext, index: int) -> tuple[str, str]:
    """A sentence's claimant when it names none: the last attribution earlier in its
    paragraph (a statement quoted over several sentences), else the document's."""
    found = ctx.paragraph_claims[index]
    if found is not None:
        return found[0], f"paragraph: {found[1]}"
    return ctx.claimant, ctx.claimant_cue


@dataclass(frozen=True, slots=True)
class Semantics:
    """Who did what, when, and who says so, for one located mention, with the cues."""

    date: str | None
    date_range: tuple[str, str] | None
    history: bool
    actor: str
    event_type: str
    outcome: str
    claimant: str
    cues: tuple[str, ...]
    stated: bool = True  # False: the sentence reports nothing happening at the place


_CASUALTIES = Caseless(
    r"\b(?:killed|killing|injured|injuring|wounded|wounding|died|dead|casualties|civilians?)\b"
)


@functools.lru_cache(maxsize=1024)
def _casualties(sentence: str) -> bool:
    """Whether ``sentence`` tells of people killed or wounded (shared by its mentions)."""
    return _CASUALTIES.search(sentence) is not None


# The occupying side named in a statement ("occupation authorities", "Russian-installed").
_OCCUPIERS = re.compile(r"\b(?:occup\w*|Russian|Russia's|Kremlin)", re.IGNORECASE)
_EXPLICIT_ASSAULT = re.compile(
    r"assault|storm|counter|infantry|offensive|advance|clash|battle", re.IGNORECASE
)


# How far into its sentence the lead of a list reaches ("Russian forces attacked near X;
# northwest of Y near Z; ..."): its subject and verb open the sentence. Bounded so that the
# lead of every later mention in a long sentence is one text, read once (the cut changes no
# event of the development corpus at 250 characters or more).
LEAD_CHARS = 400


def describe(
    report: Report, ctx: DocumentContext, index: int, rel_start: int, heading: str
) -> Semantics:
    """The semantics of a mention at ``rel_start`` in sentence ``index`` of ``report``."""
    sent = report.sentences[index]
    clause = clause_of(sent, rel_start)
    c_off = sent.text.find(clause)
    at = rel_start - max(c_off, 0)
    body = actor_text(clause, at)
    at -= len(clause) - len(body)
    claimant, c_cue = find_claimant(sent.text, rel_start, "")
    if not claimant:
        if ctx.genre.lead_sets_claimant:
            claimant, c_cue = _claim_in_paragraph(ctx, index)
        else:
            claimant, c_cue = ctx.claimant, ""
    statement = _statement_of(body, at)
    etype, t_cue = find_event_type(statement)
    # A coordinated statement of its own that tells of no fighting ("... and that units are
    # operating near the settlement") is "other": the verbs of the others are not its.
    settled = etype != "other" or (statement is not body and bool(_PRESENCE.search(statement)))
    if not settled:
        etype, t_cue = find_event_type(body)
    actor_body = without_fire_targets(body)
    actor, a_cue, repelled = find_actor(actor_body)
    if (
        statement is not body
        and a_cue
        and (s_at := body.find(statement)) >= 0
        and actor_body.find(a_cue) >= s_at + len(statement)
    ):
        # "Units of the group liberated X and repelled counterattacks by assault groups of
        # the Ukrainian Armed Forces near Y": a side named in a later statement did not act
        # at X.
        actor, a_cue, repelled = "unknown", "", False
    if (
        statement is not body
        and body.find(statement) > 0
        and _SUBJECT.search(statement)
        and not _INTERCEPTED.search(statement)  # the side shooting down drones defends
    ):
        # "..., and Ukrainian forces conducted a reconnaissance-in-force near X": a later
        # coordinated statement with a side of its own names who acted there.
        own_actor = find_actor(without_fire_targets(statement))
        if own_actor[0] != "unknown":
            actor, a_cue, repelled = own_actor
    if repelled and statement is not body and (s_at := body.find(statement)) > 0:
        # "its forces repelled nine attacks near X and destroyed two depots near Y": a later
        # verb with no subject of its own is the repeller's, not the attacker's.
        later = find_actor(without_fire_targets(statement))
        if later[0] == "unknown" and not later[2] and 0 <= actor_body.find(a_cue) < s_at:
            repeller = _OTHER_SIDE.get(actor) or _SIDE_OF_CLAIMANT.get(claimant, "unknown")
            actor, a_cue, repelled = repeller, f"{a_cue} (the repeller)", False
    both = _both_sides(statement)
    if both:
        # "..., and Russian and Ukrainian forces conducted ground attacks near X": neither
        # side alone initiated ("both" is recorded as no actor, with no fallback).
        actor, a_cue, repelled = "both", both, False
    lead = ""
    if etype == "other" or actor == "unknown":
        # ISW 2026 lists: "Russian forces attacked near X; northwest of Y near Z; ..." —
        # the verb and subject sit in the sentence's first clause.
        lead = actor_text(sent.text[: min(rel_start, LEAD_CHARS)], rel_start)
        if etype == "other" and not settled:
            etype, t_cue = find_event_type(lead)
        lead = without_fire_targets(lead)  # from here on, who acted
        if actor == "unknown":
            actor, a_cue, rep2 = find_actor(lead)
            repelled = repelled or rep2
    if actor == "enemy":
        actor = _enemy_of(claimant)
    if actor == "unknown" and claimant in _SIDE_OF_CLAIMANT:
        own = _own_side(actor_body) or _own_side(lead or sent.text)
        if own:
            actor, a_cue = _SIDE_OF_CLAIMANT[claimant], own
    if actor == "unknown":
        for text in (actor_body, lead or without_fire_targets(sent.text)):
            found = _enemy_at(text)
            if found:
                start, word = found
                actor, a_cue = _enemy_of(claimant), word
                if claimant in _SIDE_OF_CLAIMANT and _ENEMY_TARGET_BEFORE.search(
                    text, max(0, start - 30), start
                ):
                    # "advanced deep into the enemy's defenses": the enemy is the object;
                    # the claimant's own side acted.
                    actor, a_cue = _SIDE_OF_CLAIMANT[claimant], f"into {word}"
                break
    if actor == "unknown":
        actor = heading_actor(heading)
        a_cue = f"section: {heading[:40]}" if actor != "unknown" else ""
    if actor == "unknown" and ctx.genre.actor != "unknown":
        actor, a_cue = ctx.genre.actor, f"genre: {ctx.genre.name}"
    if etype == "other" and repelled:
        etype = "ground_assault"
    explicit = bool(_EXPLICIT_ASSAULT.search(t_cue))
    if (
        etype == "occupation_measure"
        and t_cue[:7].lower() == "evacuat"
        and (actor == "UA" or a_cue.startswith("genre:"))
        and (
            _SIDE_OF_CLAIMANT.get(claimant) == "UA"
            or (claimant in ("media", "unknown") and not _OCCUPIERS.search(statement))
        )
    ):
        # "Evacuation from the Khotin community continues", a Ukrainian official says, or
        # "Authorities ordered the evacuation of families from Myrnohrad" in a digest:
        # Ukraine's own authorities evacuating, no measure of an occupation (no occupying
        # side is named).
        etype, actor, t_cue, a_cue = "other", "UA", f"{t_cue} (Ukrainian)", "evacuation"
        explicit = True  # stated as such: no genre re-reads it
    if etype == "other" and (held := _HELD.search(statement)):
        # "Ukrainian troops are holding positions near X": presence, stated as such, is no
        # fire a genre's default reads into a bare mention.
        explicit, t_cue = True, held.group(0)
    if etype == "ground_assault" and not explicit and _casualties(sent.text):
        # "Russian attacks on Toretsk killed two people": a strike by fire, not an assault.
        etype, t_cue = "shelling", f"{t_cue} with casualties"
    mapped = ctx.genre.event_type(etype, explicit)
    if mapped != etype:
        etype, t_cue = mapped, f"{t_cue or 'no verb'} in a {ctx.genre.name} report"
    if actor == "both":  # both sides named as acting: no one side initiated
        actor = "unknown"
    outcome = find_outcome(body, etype, repelled, claimant)
    dinfo = event_date(sent.text, rel_start, report)
    date, d_cue = dinfo.date, ""
    if (
        dinfo.statement
        and report.report_date
        and (claimant, etype) in REPORT_DAY_EVIDENCE
    ):
        # Footage published on D that shows ground gained: the report assesses the line as
        # of its own day (a strike the footage shows happened when it was filmed: D).
        date, d_cue = report.report_date, f"report date: {claimant} of an {etype}"
    if not dinfo.explicit:
        rel = relative_date(sent.text, report.report_date)
        if rel is not None:
            date, d_cue = rel
            if (
                ctx.genre.past_day_is_report_day
                and claimant == ctx.genre.claimant
                and d_cue.startswith("past day:")
            ):
                date, d_cue = report.report_date, f"{d_cue}, a {ctx.genre.name} bulletin's day"
        elif ctx.carried_dates and (carried := ctx.carried_dates[index]) is not None:
            date, d_cue = carried
        elif ctx.date != report.report_date:
            date, d_cue = ctx.date, ctx.date_cue
    cues = tuple(
        f"{k}: {v}"
        for k, v in (("claimant", c_cue), ("type", t_cue), ("actor", a_cue), ("date", d_cue))
        if v
    )
    stated = etype != "other" or states_event(sent.text)
    return Semantics(
        date, dinfo.date_range, dinfo.history, actor, etype, outcome, claimant, cues, stated
    )


# Unit presence, the "other" a statement can tell with no word of fighting ("units are
# operating near X").
_PRESENCE = re.compile(
    r"\b(?:operat(?:ing|es|ed)|deploy\w*|redeploy\w*|stationed|presence|concentrat\w+)\b"
)


_INTERCEPTED = re.compile(r"\b(?:intercept\w*|shoot(?:ing)? down|shot down|downed)\b")
# Presence or control stated of a place: the "other" a genre's type_map must not re-read.
_HELD = re.compile(
    r"\b(?:operat(?:ing|es|ed)|deploy\w*|redeploy\w*|stationed|presence|concentrat\w+|"
    r"hold(?:s|ing)?\s+(?:the\s+)?(?:line|positions?|defen[cs]es?)|"
    r"(?:remains?|is|are|was|were)\s+(?:still\s+)?under\s+(?:the\s+)?(?:full\s+)?control)\b"
)


def _statement_of(body: str, at: int) -> str:
    """The coordinated statement of ``body`` that holds offset ``at`` (the ``events`` clause
    rules): "..., and Russian forces attacked near X" names the event at X."""
    spans = clause_spans(body, "events")
    if len(spans) == 1:
        return body
    start, end = clause_at(spans, max(at, 0))
    return body[start:end]


def actor_text(clause: str, rel_start: int) -> str:
    """The clause without its attribution ("The Russian MoD claimed that ...") before
    ``rel_start``."""
    limit = max(rel_start, 0) + 1
    cut = 0
    for end in _attribution_ends(clause):  # increasing
        if end > limit:
            break
        cut = end
    return clause[cut:]


@functools.lru_cache(maxsize=1024)
def _attribution_ends(clause: str) -> tuple[int, ...]:
    """Where each attribution phrase of a clause ends (shared by the clause's mentions)."""
    return tuple(m.end() for m in _ATTRIBUTION.finditer(clause))
