"""Extract: find place mentions in sentences and the spatial role each one plays.

For every sentence we find gazetteer names (capitalised n-grams looked up in the gazetteer's
name index), classify each as a settlement/feature, an admin region, or a label to ignore,
then read the spatial grammar around them (:mod:`frontline.spatial`): anchors of
"<distance> <bearing> of X", targets bound to those anchors, oblast qualifiers, offsets with
no named place, and mentions that are not events (titles, rhetoric lists, plans, sector
labels).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container
from dataclasses import dataclass, replace
from typing import Protocol

from .clauses import clause_at, clause_spans, crosses_clause
from .names import (
    RU_ADJ_ENDINGS,
    fold,
    oblast_code,
    skeleton,
    spelling_variant,
    strip_city,
    strip_possessive,
)
from .patterns import required_texts
from .records import Distance, Mention, Place, Report, SpatialRelation
from .spatial import BEARING_RE, DISTANCE_RE, make_offset, parse_bearing, parse_distance

# Words that start with a capital but are never place names in these reports, although
# some appear among GeoNames' alternate names. Checked only for single-token matches.
STOP_NAMES = frozenset(
    """
    a an the this that these those it its he she they we our his her their there here
    russian russians russia ukrainian ukrainians ukraine ukraines european europe
    american america western eastern northern southern central north south east west key
    takeaways general staff ministry defense defence mod isw institute war study
    assessment update press president prime minister deputy commander army forces force
    military kremlin wagner group telegram channel source sources official officials
    governor mayor head chechen chechnya belarus belarusian china chinese nato us usa uk
    eu un iran iranian monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december today
    yesterday alexander sergey sergei vladimir ivan pavel maria dmitry dmitri yevgeny
    yevheny igor serhiy volodymyr denis oleksandr andriy andrei mykola petro valery
    viktor yuri yuriy mark joe biden putin geneva moldova georgia brest grozny
    novorossiysk nizhny kyrgyz azov vostok sparta signal oleg ilya bogdan kagan
    strelkov wall police policy human levada german zelensky zelenskyy shoigu gerasimov
    surovikin prigozhin dugin kadyrov peskov lavrov medvedev solovyov fedorov bratchuk
    miroshnik khusnullin orthodox church council republic republics oblast oblasts raion
    region regions city cnn nyt bbc reuters ap afp newsweek financial times maxar planet
    satellogic starlink spacex patriot himars shahed geran iskander kalibr kinzhal
    lancet atacms soviet union day night main effort axis direction operational command
    as in on at by for with from to after before since while during if when where also
    some most other many both all one two three four five six seven eight nine ten such
    however meanwhile according despite although though because then thus therefore no
    not yes via per near into onto within without about around against among between art
    museum national state federal international new old great little radio avangard
    sarmat poseidon burevestnik tsirkon zircon oniks bastion
    """.split()
)
# Common first names in these reports (Russian and Ukrainian forms): before a capitalised
# word they mark it as a surname even at the start of a sentence.
FIRST_NAMES = frozenset(
    """
    alexander aleksandr oleksandr sergey sergei serhiy serhii vladimir volodymyr ivan pavel
    pavlo maria mariya dmitry dmitri dmytro yevgeny yevheny yevhen igor ihor denis denys
    andriy andrii andrei andrey mykola nikolai petro pyotr valery valerii viktor yuri yuriy
    yurii oleg oleh vitaly vitalii vadym vadim anton artem roman ruslan maksym maxim mikhail
    mykhailo kirill ramzan rodion marat anna olena elena iryna irina natalia tetiana
    """.split()
)
# The occupation's names for the oblasts, as Russian sources abbreviate them.
REGION_ABBREVIATIONS = {"DPR": "Donetsk", "DNR": "Donetsk", "LPR": "Luhansk", "LNR": "Luhansk"}
# Multi-word names abroad that GeoNames also lists as old or alternate names of Ukrainian
# villages (Novhorodske was "New York"); a report means the city abroad.
STOP_SURFACES = frozenset({"new york", "washington", "paris", "berlin", "london", "moscow"})
# Names of outlets, institutions and units that start with a place name.
_STOP_PHRASE_RE = re.compile(
    r"(?:Kyiv (?:Independent|Post)|Kharkiv Human Rights|Odesa Journal|"
    r"(?:Donetsk|Luhansk) People[’']s Militia|Azov (?:Regiment|Battalion|Sea)|Sea of Azov|"
    r"Mariupol Defenders)\b"
)
# The words those phrases begin with: the phrase is tried only at a token that is one.
_STOP_PHRASE_FIRST = frozenset(
    {"Kyiv", "Kharkiv", "Odesa", "Donetsk", "Luhansk", "Azov", "Sea", "Mariupol"}
)
# Capitalised words that, directly before a name, show it is a person's surname
# ("Igor Artamonov") unless they are a nationality or a place-type adjective.
_NOT_FIRST_NAMES = frozenset(
    """
    russian ukrainian occupied russian-occupied ukrainian-controlled liberated western
    eastern northern southern central greater the a an in near of at from to and or
    """.split()
)

# Tokens: letter-initial words with inner apostrophes ("Mar'yinka").
_TOKEN_RE = re.compile(r"[^\W\d_][\w'’ʼ]*")
_NAME_JOINS = frozenset({" ", "-", "–"})
# Where a capitalised token may start: an ASCII capital or any other non-ASCII letter, with
# the rest of its run of word characters (what _TOKEN_RE would take from there).
_CAP_START_RE = re.compile(r"[^\W\d_a-z][\w'’ʼ]*+")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# In ASCII text: capitals not after a letter, and the non-letters a token can run through.
_ASCII_CAP_RE = re.compile(r"(?<![A-Za-z])[A-Z][\w'’ʼ]*+")
_ASCII_RUN = frozenset("0123456789_'")
_REGION_SUFFIX = re.compile(
    r"^\s*(?P<w>Oblasts?|oblasts?|[Rr]egions?|[Pp]eople[’']?s\s+[Rr]epublic|Governorate|"
    r"[Pp]rovince|Krai|krai|"
    # The oblast's bodies and head: "the Kharkiv Regional Military Administration", "Kherson
    # regional council", "the Sumy RMA", "Kharkiv Governor Oleh Syniehubov" (not "the Kharkiv
    # regional centre": the city).
    r"[Rr]egional(?!\s+cent(?:re|er)s?\b)|RMA|OVA|ODA|RSA|OMA|[Gg]overnor)\b"
)
# A raion or district ("Kupiansk district", "in Beryslav and Kherson districts"); not a hromada
# ("the Nikopol hromada" is an event at its centre, as "the Nikopol community" is).
_RAION_SUFFIX = re.compile(r"^\s*(?P<w>[Rr]aions?|[Dd]istricts?|[Mm]unicipality)\b")
_SKIP_SUFFIX = re.compile(
    r"^[\"”’]?\s*(?:River|river|Reservoir|reservoir|Canal|canal|Lake|Sea|Bay|Estuary|estuary|"
    r"Krai|Airport|airport|Airbase|[Aa]ir [Bb]ase|"
    r"[Gg]roup(?:ing)?s?(?! of (?:villages|settlements))|"
    r"Operational|[Bb]rigade|[Bb]attalion|[Rr]egiment|[Dd]ivision|Corps|Army|Guards?|"
    r"People[’']s [Mm]ilitia|Battle|Front|[Ff]leet|[Uu]niversity|Mountains?|Upland|"
    r"Park|Boulevard|Street|St\.|Avenue|Square|Prospekt|Prospect|Lane|Embankment|Institute|"
    r"[Ss]ubstation|[Pp]ower [Ss]tation|[Pp]ower [Pp]lant|Thermal|TPP|CHP|"
    r"[Mm]ilitary [Dd]istricts?|[Mm]ilitary [Uu]nit|[Dd]elta|[Ii]slands?|facilit(?:y|ies)|"
    r"[Pp]ipeline)\b"
)
_NEUTRAL_SUFFIX = re.compile(
    r"^\s*(?:[Dd]irections?|[Aa]x[ei]s|front(?:line)?s?|[Ss]ectors?|[Hh]ighway|[Rr]oad|"
    r"[Ll]ine|[Tt]actical [Aa]rea|[Bb]ridgehead|[Pp]ocket|[Ss]alient|[Cc]auldron)\b"
)
_ADMIN_WORD = re.compile(r"Oblasts?|Raion|District|Region|Municipality|Hromada|Krai")
_CITY_SUFFIX = re.compile(r"^\s*City\b")
_TITLE_AFTER = re.compile(
    r"^\s*(?:(?:City|Oblast|[Rr]egional|Raion|[Mm]ilitary|[Oo]ccupation|[Cc]ivil(?:ian)?|"
    r"[Mm]ilitary-[Cc]ivilian)\s+)*(?:[Aa]dministration|[Ss]pokes(?:person|man|woman)|"
    r"[Mm]ayor|[Gg]overnor|[Hh]ead|[Cc]ouncil|[Pp]rosecutor|[Pp]olice|[Cc]ommandant|"
    r"[Aa]mbassador|[Oo]mbudsman|[Ee]parchy|[Mm]etropolitan)\b"
)
_TITLE_BEFORE = re.compile(
    r"(?:[Mm]ayor|[Gg]overnor|[Hh]ead|[Cc]hief|[Ss]pokesperson|[Aa]dministrator)\s+of\s+"
    r"(?:the\s+)?(?:occupied\s+|Russian-occupied\s+)?$"
)
_RHETORIC_BEFORE = re.compile(
    r"(?:such as|cities like|cities including|regions like)\s+"
    r"(?:[A-Z][\w'’ʼ-]*+(?:\s++[A-Z][\w'’ʼ-]*+)*+,?\s++(?:and\s++|or\s++)?)*+$"
)
# What is said about a place: "shifted their rhetoric regarding the Kakhovka HPP".
_ABOUT_BEFORE = re.compile(
    r"\b(?:rhetoric|narratives?|statements?|claims)\s+(?:about|regarding|concerning|on)\s+"
    r"(?:the\s+)?$|"
    # A meeting's topic: "Putin discussed the situation around Avdiivka with Shoigu".
    r"\b(?:discuss(?:ed|es|ing)?|briefed (?:\w+\s+){0,3}?on|talks? (?:about|on))\s+(?:the\s+)?"
    r"(?:(?:situation|fighting|developments|battle|operations?)\s+)?(?:(?:around|in|near|at|"
    r"for|of)\s+)?(?:the\s+)?$"
)
_PLAN_BEFORE = re.compile(
    r"(?:\b(?:plan(?:s|ned|ning)?|intend(?:s|ed)?|prepar(?:e|es|ing) to|threaten(?:s|ed)?|"
    r"aim(?:s|ed)? to|hope(?:s|d)? to|want(?:s|ed)? to|in order to|to redeploy|"
    r"(?:has|have|had) been trying to|setting (?:the )?(?:information(?:al)? )?conditions "
    r"(?:to|for))\b|\bobjectives?:)[^;:]*$"
)
# Sought, expected or prepared for, not done: "seek to capture X", "are unlikely to take X",
# "preparing for an offensive toward X", "a possible Ukrainian counteroffensive toward X";
# up to a new verb of the clause ("... and intensified operations around Y" is done).
_SOUGHT_BEFORE = re.compile(
    r"\b(?:seek(?:s|ing)? to|sought to|unlikely to|likely to|"
    r"prepar(?:e|es|ed|ing) for (?:\w+\s+){0,3}?(?:offensives?|counteroffensives?|attacks?|"
    r"assaults?|operations?|advances?)|"
    r"(?:possible|potential|prospective|expected|anticipated|future|upcoming|imminent)\s+"
    r"(?:\w+\s+){0,2}?(?:offensives?|counteroffensives?|attacks?|assaults?|operations?|"
    r"advances?))\b(?:(?!\b(?:and|but)\s+(?:also\s+)?[a-z]+ed\b)[^;:])*$"
)
# Visits, meetings and ceremonies are where people went, not where fighting happened: "visited
# troops in X", "met commanders in X", "mourners gathered in X for the funeral", "held a
# rally in X" (a few words between the cue and its preposition).
_VISIT_BEFORE = re.compile(
    r"\b(?:visit(?:ed|s|ing)?|toured|(?:a |his |her |their )?trip to|met(?: with)?|"
    r"meeting(?: with)?|summit|talks|mourners|mourned|funerals?|buried|burial|"
    r"commemorat\w+|ceremony|ceremonies|rall(?:y|ies)|protest(?:ed|s|ers)?)\b"
    r"(?:\s+[\w'’-]+){0,5}?\s+(?:in|at|to|near)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
# Where a speaker is, not where things happen: "Speaking in Odesa, X said".
_SPEAKING_IN_BEFORE = re.compile(
    r"\b(?:[Ss]peaking|[Ww]riting|[Tt]alking|[Aa]ddressing \w+)\s+(?:in|from|at)\s+(?:the\s+)?$"
)
# Objectives approached, not reached: "as it closes on the important city of Pokrovsk".
_APPROACH_BEFORE = re.compile(
    r"\b(?:clos(?:es|ed|ing) (?:in )?on|approach(?:es|ed|ing)|near(?:s|ed|ing)|(?:drive|march)"
    r"(?:s|ed|ing)? on|(?:mov|inch|creep|draw|get)(?:es|ed|ing|s)? closer to|edg(?:es|ing) "
    r"(?:closer )?to(?:wards?)?)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}?"
    r"(?:(?:city|town|village)\s+of\s+)?$"
)
# An event named by a noun, with no telling of it ("their seizures of Severodonetsk", "the
# Ukrainian liberation of Mariupol", "Russian defeats around Lyman"): background or analysis,
# unless announced or claimed ("announced the capture of Spirne").
_NOMINAL_BEFORE = re.compile(
    r"\b(?:The|the|Their|their|its|his|her|Ukrainian|Russian|Ukraine[’']s|Russia[’']s|military)\s+"
    r"(?:[a-z-]+\s+)?(?:liberation|seizures?|recapture|capture|loss|fall|defen[cs]e|defeats?|"
    r"failures?|withdrawal|retreat)\s+(?:(?:in|around|near)\s+[A-Z][\w'’-]*(?:\s+Oblast)?\s+and\s+)?"
    r"(?:of|around|at|in|near|for|from)\s+(?:the\s+)?$"
)
# A course not taken: "instead of opting for an encirclement via attacks on Khromove".
_COUNTERFACTUAL_BEFORE = re.compile(r"\b(?:instead of|rather than)\b[^;:,]*$")
# What an operation would need: "the military requirement ... includes the liberation of X".
_REQUIREMENT_BEFORE = re.compile(r"\b(?:requirements?|requires?|required to)\b[^;:]*$")
# Control a place gives over others: "allows for control of ... the Mykolaiv and Kherson ports".
_CONTROL_OVER_BEFORE = re.compile(
    r"\b(?:allows?|allowing|enables?|enabling|gives?|giving)\s+(?:for\s+)?(?:\w+\s+)?"
    r"(?:control|access)\s+(?:of|over|to)\b[^;:]*$"
)
# How a person is portrayed: "painted Lapin as a hero for saving the units in Lyman".
_PORTRAYAL_BEFORE = re.compile(
    r"\b(?:paint(?:s|ed|ing)?|portray(?:s|ed|ing)?|depict(?:s|ed|ing)?|fram(?:es|ed|ing))\s+"
    r"[^;:]{0,60}?\bas\b[^;:]*$"
)
# A claim said to be wrong: "previous claims that Ukrainian forces withdrew from Spirne were
# premature", "claims that X fell are false".
_PREVIOUS_CLAIM_BEFORE = re.compile(
    r"\b(?:previous|earlier|prior)\s+(?:\w+\s+)?(?:claims?|reports?)\s+(?:that|of)\b[^;:]*$"
)
_REFUTED_AFTER = re.compile(
    r"[^;:.,]*?\b(?:were|was|are|is|proved|proven|to be)\s+(?:\w+\s+)?(?:premature|false|"
    r"untrue|unfounded|fabricated|incorrect|inaccurate|fake)\b"
)
# Words that put a clause in the past, before the report's events: "Kots previously
# operated in Kherson City", "Vuhledar was once a mining town". A bare "once" does not
# (a count or a conjunction: "the enemy attacked once near Stepove", "once units arrive").
_EARLIER_BEFORE = re.compile(
    r"\b(?:previously|formerly|long before|(?:(?<=was )|(?<=were )|(?<=is )|(?<=are )|"
    r"(?<=had )|(?<=has )|(?<=have )|(?<=which )|(?<=who ))once(?!\s+again\b))\b[^;:]*$"
)
_ANNOUNCED_BEFORE = re.compile(
    r"\b(?:announced|claimed|reported|confirmed|completed|denied|declared|celebrated|"
    r"acknowledged|began|begun|started|continued|ordered|conducted|"
    # A feint is told as an event of its own ("attempting to simulate their withdrawal").
    r"simulat\w*|feign\w*|imitat\w*)\s+$"
)
# "the Kharkiv and Lyman defeats": a name used as the adjective of a past event.
_NOMINAL_AFTER = re.compile(r"^(?:\s+and\s+[A-Z][\w'’-]*)?\s+(?:defeats?|failures?)\b")
# A name made an adjective of a person or group: "Beryslav-based volunteers", "the
# Kharkiv-born commander", "a Donetsk-registered company".
_COMPOUND_ADJ_AFTER = re.compile(
    r"^[-‑](?:based|born|bred|bound|backed|led|made|registered|raised|native|headquartered)\b"
)
# What befell a place in a year named: "Kupiansk, which had 27,000 residents, was occupied by
# Russian forces from February to September 2022", "Vuhledar fell in October 2024" (an
# event of the report's day names no year).
_PAST_YEAR_AFTER = re.compile(
    r"^(?:,\s+(?:a|an|which|the)\s+(?:[^,;.()]|,(?=\d)){1,100},)?\s+(?:(?:was|were|had been)\s+"
    r"(?:occupied|liberated|captured|recaptured|seized|taken|annexed)|fell)\b"
    r"(?:\s+(?:by|to)\s+[^,;.]{1,40}?)?\s+(?:in|from|until|between|since)\s+"
    r"(?:(?:early|mid|late)[ -])?(?:[A-Z][a-z]+\s+(?:(?:to|and)\s+[A-Z][a-z]+\s+)?)?(?:19|20)\d\d\b"
)
# Roads and logistics: "via Valuiki", "the road that runs to Starobilsk", "north via X".
_ROUTE_BEFORE = re.compile(
    r"\b(?:via|runs? (?:to|through|from)|running (?:to|through)|roads? (?:to|from|between)|"
    r"routes? (?:to|from)|rail(?:way)?s? (?:to|from|between)|(?:redeploy|transferr|relocat|"
    r"mov)(?:ed|ing) (?:\w+ ){0,3}?from)\s+"
    # "the railway that runs from just north of Luhansk"
    r"(?:(?:just\s+|directly\s+)?(?:north|south|east|west)\w*\s+of\s+)?"
    r"(?:the\s+)?(?:[A-Z][\w'’-]*,?\s+(?:and\s+)?){0,4}"
    r"(?:(?<=[a-z] )(?:toward|towards|to)\s+(?:the\s+)?)?$"  # "via Volnovakha toward X"
)
# Rivers and their parts: "the east bank of the Dnipro", "the Dnipro and Southern Bug rivers".
_RIVER_PART_BEFORE = re.compile(
    r"\b(?:banks?|shores?|coast|delta|mouth|estuary|crossings?|bridges?) of (?:the )?$"
)
_RIVERS_AFTER = re.compile(
    r"^(?:,?\s+(?:and\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?){0,3}\s+rivers\b"
)
# "the Dnipro's left bank", "the Oskil's eastern bank": a river's bank, named by its river.
_RIVER_BANK_AFTER = re.compile(
    r"^['’]s\s+(?:left|right|east|west|eastern|western|north|south|northern|southern|"
    r"opposite|other)\s+banks?\b"
)
# Forecasts and hypotheticals ("Russian forces will likely attack towards X", "that line
# would be 40 km northwest of Melitopol") are not events.
# "May", "must" and "need to" too ("Russian forces may attack Kyiv", "must be kept out of
# range of Enerhodar"), but not "may have"/"must have", which state a past event; and
# conditionals ("If Ukraine regains control of Melitopol, ...").
_FORECAST_BEFORE = re.compile(
    r"\b(?:will|would|could|might|should|may(?! have\b)|must(?! have\b)|needs? to)\b"
    r"(?! not\b)[^;:]*$|\b(?:If|if)\b[^;:,]*$"
)
# "Vesele near Pokrovsk", "Shumi, near the mining town of Toretsk", "Mykhailivka, a village
# at the gates of the town of Selydove": after another place, the second name only locates
# the first.
_LOCATOR_GAP = re.compile(
    r"^\s+near\s+$|"  # no comma: "Vesele near Pokrovsk" (", near X" continues a list)
    r"^,?\s+(?:(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}?(?:village|town|city|settlement)\s+)?"
    r"(?:(?:located|situated|lying)\s+)?(?:near|outside|close to|not far from|at the gates of|"
    r"on the outskirts of|in the vicinity of)\s+(?:the\s+)?"
    r"(?:[a-z-]+\s+){0,3}?(?:town|city|village|settlement|hub)\s+of\s+$"
)
# ", near X," after "the village of Y": X locates Y (an apposition closed by a comma or the
# sentence's end).
_COMMA_NEAR_GAP = re.compile(r"^,\s+near\s+$")
_PLACE_OF_LEFT = re.compile(r"\b(?:village|town|city|settlement)s?\s+of\s+$")
_APPOSITION_END = re.compile(r"\s*(?:[,.;)]|$)")
# "Soledar is located near the strategic city of Bakhmut": a locator too.
_LOCATED_LEFT = re.compile(
    r"\b(?:is|are|was|were|lies|lie)\s+(?:located\s+|situated\s+)?(?:near|outside|close to|"
    r"not far from)\s+(?:the\s+)?(?:(?:[a-z-]+\s+){0,3}?(?:town|city|village|settlement)\s+of\s+)?$"
)
# "Pokrovsk, a transport hub with ..., lies on a main road", "Melitopol is a critical
# junction": a description of the place, not something that happened there.
_DESCRIBED_AFTER = re.compile(
    r"^(?:,\s+(?:a|an|which|the)\s+(?:[^,;.()]|,(?=\d)){1,100},)?\s+(?:(?:is|are|was|were)\s+"
    r"(?:once\s+)?(?:located|"
    r"situated|home|a|an|one of)\b|(?:lies|lie|sits|sit|serves|serve)\b|has been (?:badly |"
    r"heavily |severely |largely )?(?:damaged|destroyed)\b)"
)
# The capital named for the government ("with Kyiv saying", "Kyiv's insistence", "Kiev lost
# 125 soldiers"): a place only after a locative word ("strikes on Kyiv", "in Kyiv").
_CAPITAL_METONYMS = frozenset({"Kyiv", "Kiev"})
_LOCATIVE_LEFT = re.compile(
    r"\b(?:in|on|at|near|over|against|targeting|targeted|struck|hit|hitting|attacked|attacking|"
    r"shelled|toward|towards|into|outside|around|of the city of|of the capital)\s+"
    r"(?:the\s+)?(?:(?:city|capital)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
_SECTOR_BEFORE = re.compile(
    r"\b(?:operations|counteroffensives?|offensives?|efforts|campaign)\s+"
    r"(?:[a-z]+\s+){0,2}in\s+the\s+(?:direction|directions)\s+of\s+"
    r"(?:[A-Z][\w'’ʼ-]*+(?:\s++[A-Z][\w'’ʼ-]*+)*+,?\s++(?:and\s++|or\s++)?)*+$"
)
# "on the Kupiansk, Lyman, Sloviansk, and Kramatorsk directions": every name of the list.
_LIST_TO_SECTOR = re.compile(
    r"(?:(?:\s*+,\s*+|\s++)(?:and\s++|or\s++)?[A-Z][\w'’ʼ-]*+(?:\s++[A-Z][\w'’ʼ-]*+)?)++"
    r"\s+(?:directions|axes|fronts|sectors)\b"
)
_HYPHEN_PAIR_AFTER = re.compile(r"^\s?[-–—]\s?[A-Z]")
_HYPHEN_PAIR_BEFORE = re.compile(r"[A-Za-z][-–—]\s?$")
_DIRECTIONAL_ADJ = re.compile(
    r"\b(?:northern|southern|eastern|western|northeastern|northwestern|southeastern|"
    r"southwestern)\s+$",
    re.IGNORECASE,
)
# spatial.BEARING_RE's words without its group name, for patterns that name their own group.
_BEARING_WORDS = BEARING_RE.pattern[len("(?P<bearing>") : -1]
_ANCHOR_LEFT = re.compile(
    rf"(?:(?P<dist>{DISTANCE_RE.pattern})\s*)?"
    rf"(?:(?:to\s+the\s+)?(?P<bear>{_BEARING_WORDS})\s+)?"
    r"(?P<prep>of|from|outside(?:\s+of)?)\s+(?:the\s+)?(?:(?:town|city|village|settlement)\s+of\s+)?"
    r"(?:(?:Russian-|Ukrainian-)?(?:occupied|held|controlled)\s+)?$",
    re.IGNORECASE,
)
# The word before the preposition of an _ANCHOR_LEFT match that has a distance or bearing
# ends with a bearing or a distance unit.
_ANCHOR_WORD = re.compile(
    r"(?:north|south|east|west|ern|kms?|kilomet(?:er|re)s?|miles?|mi|"
    r"(?<!\w)(?:nne|ene|ese|sse|ssw|wsw|wnw|nnw|ne|se|sw|nw|n|e|s|w))$"
)
_PREPS = frozenset({"of", "from", "outside"})
_PLACE_WORDS = frozenset({"town", "city", "village", "settlement"})


def _last_words_at(text: str, n: int) -> int:
    """Offset where the last ``n`` whitespace-separated words of ``text`` begin (0 if fewer).

    A ``$``-anchored search whose matches span at most ``n`` words finds the same match
    from there (``pattern.search(text, pos)`` still sees the text before ``pos``).
    """
    parts = text.rsplit(None, n)
    return len(parts[0]) if len(parts) > n else 0


_CONTROL_WORD = re.compile(r"(?:russian-|ukrainian-)?(?:occupied|held|controlled)")


def _may_anchor(left: str) -> bool:
    """Can ``left`` end with "<distance and/or bearing> of|from|outside [the] [town of] "?

    A necessary condition for an _ANCHOR_LEFT match with a distance or bearing, read off the
    last few words; the full search (slow: it is tried at every position) runs only then.
    """
    if not left[-1:].isspace():
        return False
    words = left.rsplit(None, 6)[-6:]  # the last six words, without splitting the rest
    if not all(w.isascii() for w in words):
        return True  # IGNORECASE relates a few non-ASCII letters to ASCII ones: search
    words = [w.lower() for w in words]
    if words and _CONTROL_WORD.fullmatch(words[-1]):
        words.pop()  # "northwest of the Russian-occupied Donetsk"
    # The preposition's possible places: last word, before "the", before "town of", before
    # "the town of"; "outside of" is one preposition.
    ends = [len(words) - 1]
    if words[-1:] == ["the"]:
        ends.append(len(words) - 2)
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _PLACE_WORDS:
        ends.append(len(words) - 3)
        if len(words) >= 3 and words[-3] == "the":
            ends.append(len(words) - 4)
    for e in ends:
        if e < 1 or words[e] not in _PREPS:
            continue
        before = [e - 1]
        if words[e] == "of" and words[e - 1] == "outside":
            before.append(e - 2)
        if any(b >= 0 and _ANCHOR_WORD.search(words[b]) for b in before):
            return True
    return False


_OUTSKIRTS_LEFT = re.compile(
    r"\boutskirts\s+of\s+(?:the\s+)?(?:(?:town|city|village)\s+of\s+)?$", re.IGNORECASE
)
_TOWARDS_LEFT = re.compile(
    r"\b(?:towards?|in\s+the\s+directions?\s+of|approaches\s+to)\s+"
    r"(?:the\s+)?(?:[A-Z][\w'’ʼ-]*+(?:\s++[A-Z][\w'’ʼ-]*+)*+,?\s++(?:and\s++|or\s++)?)*+$",
)
_BETWEEN_LEFT = re.compile(r"\bbetween\s+(?:[A-Z][\w'’ʼ-]*+(?:\s++[A-Z][\w'’ʼ-]*+)*+\s+and\s+)?$")
_LIST_GAP = re.compile(r"^\s*(?:,\s*)?(?:(?:and|or)\s+)?(?:near\s+)?$")
_BACKBIND_GAP = re.compile(
    r"^\s*(?:,\s*)?\(?\s*(?:both\s+|all\s+(?:\w+\s+)?|each\s+)?(?:(?:a|an|the)\s+(?:small\s+|large\s+)?"
    r"(?:village|settlement|town|city|suburb)\s+|(?:[Rr]ail(?:way)?\s+)?[Ss]tation|area|settlement|village|town|"
    r"[Rr]ail\s+[Ss]tation)?\s*,?\s*\(?\s*(?:(?:just|immediately|directly|roughly)\s+)?"
    # "Andriivka, which lies about 10km south of Bakhmut", "X, located 5km east of Y".
    r"(?:(?:which|that)\s+(?:lies|is|was|sits)\s+(?:located\s+|situated\s+)?|"
    r"(?:located|situated|lying)\s+)?$"
)
# "X, Luhansk Oblast", "near A and B in Kharkiv Oblast", "A, B and C of Sumy region".
_QUALIFIER_GAP = re.compile(r"^\s*(?:,|\s+in|,\s+in|\s+of)\s+(?:the\s+)?$|^,\s*$")


# A text with a match of these "...$" patterns (and of the not-event rows' after patterns)
# contains one of their required texts: where none occurs, the search (tried at every
# position of the text before a name) is skipped.
_REQUIRED: dict[re.Pattern[str], tuple[str, ...]] = {
    p: required_texts(p.pattern, p.flags) or ("",)  # ("",): nothing known, always search
    for p in (
        _TOWARDS_LEFT,
        _BETWEEN_LEFT,
    )
}  # and the patterns of NOT_EVENT_RULES, added below the table


def _search_if(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, skipped when ``text`` holds none of its required texts."""
    return pattern.search(text) if _may_match(pattern, text) else None


def _may_match(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``text`` holds one of the required texts of ``pattern`` (True when it has
    none known): else no part of ``text`` can hold a match."""
    needs = _REQUIRED.get(pattern)
    if needs is None:
        return True
    for word in needs:  # a plain loop: any() over a generator costs half as much again
        if word in text:
            break
    else:
        return False
    return True


class NameIndex(Protocol):
    """What extraction needs from the gazetteer."""

    @property
    def max_name_tokens(self) -> int: ...

    def lookup(self, surface: str) -> tuple[Place, ...]: ...

    def oblast_code(self, text: str) -> str | None: ...

    def region(self, text: str) -> Place | None: ...


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A gazetteer name found in a sentence (offsets relative to the sentence)."""

    start: int
    end: int  # end of the name itself
    surface: str
    kind: str  # place | region | raion | skip | neutral
    end_ext: int  # end including a suffix word ("Oblast", "City")
    admin1: str | None = None
    not_event: str | None = None
    key: str = ""  # the name to look up when it differs from the surface (a hromada's centre)


def primary_match(surface: str, places: tuple[Place, ...]) -> bool:
    """Does ``surface`` spell the canonical name of one of ``places`` (not only an alternate
    name)? Transliteration variants count (the skeleton key)."""
    key = fold(surface)
    keys = {key, strip_city(key) or key}
    skels = {skeleton(k) for k in keys}
    for p in places:
        pk = fold(p.name)
        if pk in keys or skeleton(pk) in skels:
            return True
    return False


class CachedIndex:
    """Memoises gazetteer look-ups by surface string: report prose repeats the same
    capitalised n-grams ("Russian forces", "General Staff") thousands of times.

    Owned by a :class:`frontline.extractor.Extractor`, which keeps one across reports;
    the memos live and die with it.
    """

    def __init__(self, gaz: NameIndex) -> None:
        self.gaz = gaz
        self.max_name_tokens = gaz.max_name_tokens
        self._lookup: dict[str, tuple[Place, ...]] = {}
        self._oblast: dict[str, str | None] = {}
        self._region: dict[str, Place | None] = {}
        self._starts: dict[str, bool] = {}
        self._typos: dict[str, str] = {}
        self._russian: dict[str, str | None] = {}  # _russian_key's memo

    def clear(self) -> None:
        """Forget every memoised look-up."""
        self._lookup.clear()
        self._oblast.clear()
        self._region.clear()
        self._starts.clear()
        self._typos.clear()
        self._russian.clear()

    def typo_key(self, word: str) -> str:
        """The name a misspelt place name most likely stands for ("Hulyiapole" ->
        "Huliaipole"): the gazetteer's closest name at :data:`TYPO_MIN_SCORE` or better, or
        "" (none, or two different names equally close)."""
        hit = self._typos.get(word)
        if hit is None:
            fuzzy = getattr(self.gaz, "fuzzy", None)
            found = fuzzy(word, limit=3, score_cutoff=TYPO_MIN_SCORE) if fuzzy else []
            # The closest names, each with its largest place ("Huliaipole" the town beats a
            # "Hulyaypole" hamlet); a tie between names of the same size decides nothing.
            size: dict[str, int] = {}
            for p, score in found:
                if score == found[0][1]:
                    key = fold(p.name)
                    size[key] = max(size.get(key, -1), p.population)
            ranked = sorted(size.items(), key=lambda kv: -kv[1])
            unique = len(ranked) == 1 or (len(ranked) > 1 and ranked[0][1] > ranked[1][1])
            hit = self._typos[word] = ranked[0][0] if ranked and unique else ""
        return hit

    def could_start(self, word: str) -> bool:
        """The gazetteer's ``could_start`` (True when it has none), memoised per word."""
        hit = self._starts.get(word)
        if hit is None:
            test = getattr(self.gaz, "could_start", None)
            hit = self._starts[word] = test(word) if test is not None else True
        return hit

    def lookup(self, surface: str) -> tuple[Place, ...]:
        hit = self._lookup.get(surface)
        if hit is None:
            hit = self._lookup[surface] = self.gaz.lookup(surface)
        return hit

    def oblast_code(self, text: str) -> str | None:
        if text not in self._oblast:
            self._oblast[text] = self.gaz.oblast_code(text)
        return self._oblast[text]

    def region(self, text: str) -> Place | None:
        if text not in self._region:
            self._region[text] = self.gaz.region(text)
        return self._region[text]


# After a hromada's adjective: "community", or the rest of a list that ends in
# "communities" ("the Khotinska, Yunakivska and Esmanska communities").
_COMMUNITY_AFTER = re.compile(
    r"(?:(?:,\s*|\s+)(?:and\s+|or\s+)?[A-Z][\w'’ʼ-]*(?:\s[A-Z][\w'’ʼ-]*)?){0,12}?,?\s+"
    r"(?:(?:and|or)\s+)?(?:territorial\s+)?(?:communit(?:y|ies)|hromadas?)\b"
)
# A word no gazetteer name begins with is read as a misspelt place only in a place's slot
# ("near X", "west of X", "in the village of X") and with a place-name ending, at this
# similarity (rapidfuzz ratio, 0-100) to one gazetteer name.
TYPO_MIN_SCORE = 85.0
_COUNTRIES = frozenset(
    {"Ukraine", "Russia", "Belarus", "Moldova", "Georgia", "Poland", "Romania", "Hungary",
     "Slovakia", "Transnistria", "Kazakhstan", "Armenia", "Azerbaijan", "Lithuania", "Latvia",
     "Estonia", "Finland", "Turkey", "Bulgaria"}
)  # fmt: skip
_TYPO_SLOT = re.compile(
    r"\b(?:near|outside|towards?|(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|"
    r"(?:village|town|settlement|city)\s+of|directions?\s+of)\s+(?:the\s+)?$"
)
_TOPONYM_END = re.compile(
    r"(?:ivka|ivske|ivsk|ove|eve|yne|ine|ka|va|ske|sk|pole|ky|tsi|chi|ia|ya|ne)$"
)


def community_centre(adjective: str, gaz: NameIndex) -> str | None:
    """The gazetteer name of the centre a hromada adjective names ("Dubovykivska" ->
    "Dubovyky", "Krasnopilska" -> "Krasnopillia", "Pysarivska" -> "Pysarivka"), or None.

    Ukrainian forms the adjective from the centre's stem with -ska; the stem's own ending
    (-ka, -e, -ia, -y, -lia) is lost, so each is tried back in turn.
    """
    found = community_centres(adjective, gaz)
    return found[0] if found else None


def community_centres(adjective: str, gaz: NameIndex) -> tuple[str, ...]:
    """Every gazetteer name a hromada adjective may stand for, the likeliest first (see
    :func:`community_centre`): "Pokrovska" is Pokrovsk's hromada and Pokrovske's alike, and
    the document's oblast decides (:func:`_community_in_oblast`)."""
    base = fold(adjective)
    if not base.endswith("ska") or len(base) < 7:
        return ()
    base = base[:-3]
    # A compound's first word: "Velykopysarivska" is Velyka Pysarivka's, "Seredyno-Budska"
    # Seredyna-Buda's, "Velykoburlutska" Velykyi Burluk's.
    heads = [""]
    for prefix, words in _COMPOUND_HEADS:
        if base.startswith(prefix) and len(base) > len(prefix) + 2:
            base = base[len(prefix) :].lstrip()
            heads = list(words)
            break
    tries = []
    if base.endswith("il"):
        tries.append(base[:-2] + "illia")  # Krasnopilska: Krasnopillia
    if base.endswith("iv"):
        tries += [base[:-2] + "y", base + "ka"]  # Dubovykivska: Dubovyky; Pysarivska
        # i for o in a closed syllable: Mezhivska Mezhova, Myrivska Myrove, Lozivska Lozova;
        # Novosilkivska: Novosilka.
        tries += [base[:-2] + "ova", base[:-2] + "ove", base[:-2] + "a"]
    if base.endswith("t"):
        tries += [base + "s", base[:-1] + "k"]  # Marhanetska: Marhanets; Burlutska: Burluk
    if base.endswith("an"):
        tries.append(base[:-2] + "na")  # Dvorichanska: Dvorichna
    if base.endswith("ian"):
        tries += [base[:-3] + "a", base[:-3] + "ia"]  # Vorozhbianska: Vorozhba
    if base.endswith("yn"):
        tries.append(base[:-2] + "a")  # Shostkynska: Shostka
    tries += [base + "ka", base + "e", base + "ia", base + "a", base, base + "y", base + "sk"]
    tries.append(base + "ske")  # Bilozerska: Bilozerske
    # Of the names that exist, the most populous one's: a hromada is named after its centre,
    # not after a hamlet that happens to share the stem (Yunakivska: Yunakivka, not Yunaky).
    # A name spelt as the gazetteer spells it beats one found only by a looser key.
    ranked: dict[str, tuple[int, bool]] = {}
    for head in heads:
        for name in tries:
            places = gaz.lookup(head + name)
            if not places or head + name in ranked:
                continue
            ranked[head + name] = (
                max(p.population for p in places),
                any(fold(p.name) == head + name for p in places),
            )
    return tuple(sorted(ranked, key=lambda n: ranked[n], reverse=True))


# Compound hromada adjectives: the first word's stem and the words it stands for.
_COMPOUND_HEADS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("velyko", ("velyka ", "velykyi ", "velyke ")),
    ("malo", ("mala ", "malyi ", "male ")),
    ("seredyno ", ("seredyna ",)),
    ("nyzhno", ("nyzhnia ", "nyzhnii ", "nyzhnie ")),
    ("verkhno", ("verkhnia ", "verkhnii ", "verkhnie ")),
)


def find_names(
    text: str,
    gaz: NameIndex,
    persons: set[str] | None = None,
    lower_words: Container[str] = frozenset(),
) -> list[NameSpan]:
    """Gazetteer names in ``text``, longest match first, left to right.

    ``persons`` collects surnames seen after a first name ("Igor Artamonov") so that a later
    bare "Artamonov" in the same document is not taken for a village either.
    ``lower_words`` are the words the document also uses in lower case: a capitalised
    "Human" or "Policy" that only matches an alternate name (Uman, Polytsi) is English.
    """
    skip = persons if persons is not None else set()
    # Only capitalised tokens can start or continue a name, so the scan walks those alone
    # (a fifth of all tokens). Two capitalised tokens are adjacent words of one name when the
    # text between them is exactly one space or hyphen (then no other token lies between).
    caps = cap_tokens(text)
    ncap = len(caps)
    cache = gaz if isinstance(gaz, CachedIndex) else None
    known = cache._starts if cache is not None else {}  # could_start's memo, read inline
    out: list[NameSpan] = []
    chains: dict[int, int] = {}  # _community_span's memo of hyphenated runs
    k = 0
    maxn = max(1, gaz.max_name_tokens)
    while k < ncap:
        s0, e0 = caps[k]
        word = text[s0:e0]
        stop = _STOP_PHRASE_RE.match(text, s0) if word in _STOP_PHRASE_FIRST else None
        if stop:
            while k < ncap and caps[k][0] < stop.end():
                k += 1
            continue
        if word in REGION_ABBREVIATIONS:
            # "Novomikhailovka and Konstantinovka in the DPR": the oblast, as a qualifier.
            code = gaz.oblast_code(REGION_ABBREVIATIONS[word])
            if code:
                out.append(NameSpan(s0, e0, word, "region", e0, admin1=code))
            k += 1
            continue
        ok = known.get(word)
        if ok is None and cache is not None:
            ok = cache.could_start(word)
        if ok is False:
            # "the Dubovykivska community": a hromada's adjective names its centre.
            if hromada := _community_span(text, caps, k, gaz, chains):
                out.append(hromada[0])
                k += hromada[1]
                continue
            # "Malye Shcherbaki": a Russian adjective no Ukrainian name begins with.
            n = 1
            while (
                n < min(maxn, 3)
                and k + n < ncap
                and text[caps[k + n - 1][1] : caps[k + n][0]] in _NAME_JOINS
            ):
                n += 1
            ru = None
            while n > 0 and ru is None:
                ru = _russian_form_span(s0, text[s0 : caps[k + n - 1][1]], gaz)
                n -= 1
            if ru is not None:
                out.append(ru)
                k += n + 1
                continue
            if (
                cache is not None
                and len(word) >= 7
                and word not in _COUNTRIES
                and _TOPONYM_END.search(word)
                and _TYPO_SLOT.search(text, max(0, s0 - 30), s0)
                and (key := cache.typo_key(word))
            ):
                # "west of Hulyiapole": a published misspelling in a place's slot; the
                # resolver keeps it only near the places around it.
                out.append(NameSpan(s0, e0, word, "typo", e0, key=key))
            k += 1  # no gazetteer name begins with this word
            continue
        # Longest run of capitalised words joined by one space or hyphen ("Velyka Novosilka",
        # "Kam'yanka-Dniprovska"), at most the longest gazetteer name.
        run = 1
        while (
            run < maxn
            and k + run < ncap
            and text[caps[k + run - 1][1] : caps[k + run][0]] in _NAME_JOINS
        ):
            run += 1
        found = None
        for n in range(run, 0, -1):
            end = caps[k + n - 1][1]
            if n > 1 and _ADMIN_WORD.fullmatch(text, caps[k + n - 1][0], end):
                continue  # "Kyivskyi Raion" is read as a name plus its suffix word
            if n == 1 and run > 1 and _ru_adjective_of_unknown_name(text, caps, k):
                break  # "Novoe Shevchenko": one name the gazetteer lacks, not Novoe
            surface = strip_possessive(text[s0:end])
            low = surface.lower()
            if (
                low in STOP_NAMES
                or low in STOP_SURFACES
                or low in skip
                or (n == 1 and surface.isupper())
            ):
                break
            span = _classify(text, s0, s0 + len(surface), surface, gaz)
            if span is None:
                span = _russian_form_span(s0, surface, gaz)
            if span is None:
                continue
            if (
                n == 1
                and span.kind == "place"
                and low in lower_words
                and not primary_match(surface, gaz.lookup(surface))
            ):
                break
            found = (span, n)
            break
        if found is None:
            hromada = _community_span(text, caps, k, gaz, chains)
            if hromada:
                out.append(hromada[0])
            k += hromada[1] if hromada else 1
            continue
        span, n = found
        why = _person_or_foreign(text, caps, k, n, span, gaz)
        if why == "person":
            skip.add(span.surface.lower())
        elif why is None:
            out.append(span)
        # Skip past the consumed tokens, including a suffix word.
        k += n
        while k < ncap and caps[k][0] < span.end_ext:
            k += 1
    return _mark_region_pairs(text, out, gaz)


# Russian noun endings of a name's last word ("Stepovaya Novoselovka": Stepova Novoselivka);
# its first words' adjective endings are names.RU_ADJ_ENDINGS.
_RU_NOUN_ENDINGS = (("ovskoye", "ivske"), ("evskoye", "ivske"), ("ovskoe", "ivske"),
                    ("evskoe", "ivske"), ("ovka", "ivka"), ("evka", "ivka"), ("skoye", "ske"),
                    ("skoe", "ske"), ("oye", "e"), ("oe", "e"))  # fmt: skip
_RU_ADJ_HINT = re.compile(r"(?:aya|ye|oe|yy|iy)\b|yo")
# A one-word name read in Ukrainian only with a neuter adjective's ending ("Olgovskoye":
# Olhivske); other endings the gazetteer's own variants already cover.
_RU_NEUTER_END = re.compile(r"(?:skoye|skoe)$")


# A first word in a Russian adjective's form ("Novoe", "Staraya", "Krasnyy"): before another
# capitalised word, the two are one name (the adjective agrees with the noun that follows).
_RU_ADJ_WORD = re.compile(r"[A-Z][a-z]{2,}(?:aya|oye|oe|iye|yye|ye|yy|iy|yaya)")
# A second word that is no part of a name: a suffix word, or a month after a name.
_NOT_NAME_PART = re.compile(
    r"(?:Oblasts?|Raions?|Districts?|Regions?|Municipality|Hromadas?|Krai|City|January|"
    r"February|March|April|May|June|July|August|September|October|November|December)"
)


def _ru_adjective_of_unknown_name(text: str, caps: list[tuple[int, int]], k: int) -> bool:
    """Whether capitalised token ``k`` is a Russian adjective ("Novoe") that begins a longer
    name with the next one ("Novoe Shevchenko", joined by a space), so that, the whole being
    unknown, the adjective alone names no place. Lists without commas ("Kupiansk Svatove")
    start with no adjective and keep their names."""
    (s0, e0), (s1, e1) = caps[k], caps[k + 1]
    return (
        text[e0:s1] == " "
        and _RU_ADJ_WORD.fullmatch(text, s0, e0) is not None
        and _NOT_NAME_PART.fullmatch(text, s1, e1) is None
    )


def _russian_form_span(start: int, surface: str, gaz: NameIndex) -> NameSpan | None:
    """A name in a Russian spelling the gazetteer lacks ("Velikaya Novosyolka", "Malye
    Shcherbaki", "Olgovskoye") as a place whose key is its Ukrainian form, or None."""
    if isinstance(gaz, CachedIndex):  # report prose repeats its capitalised words
        memo = gaz._russian
        if surface in memo:
            key = memo[surface]
        else:
            key = memo[surface] = _russian_key(surface, gaz)
    else:
        key = _russian_key(surface, gaz)
    if key is None:
        return None
    end = start + len(surface)
    return NameSpan(start, end, surface, "place", end, key=key)


def _russian_key(surface: str, gaz: NameIndex) -> str | None:
    """The key a Russian spelling of :func:`_russian_form_span` is looked up by, or None."""
    words = fold(surface).split(" ")
    if len(words) < 2:
        if len(surface) < 8 or not _RU_NEUTER_END.search(words[0]):
            return None
    elif not _RU_ADJ_HINT.search(" ".join(words[:-1])):
        return None
    plain = [w.replace("yo", "e") for w in words]  # ё: Zelyonoe, Novosyolka
    out = []
    for i, w in enumerate(plain):
        for ru, uk in RU_ADJ_ENDINGS if i < len(words) - 1 else _RU_NOUN_ENDINGS:
            if w.endswith(ru) and len(w) > len(ru) + 2:
                w = w[: -len(ru)] + uk
                break
        out.append(w)
    # The Russian form with ё as е (GeoNames lists "Velikaya Novoselka"), else the Ukrainian.
    for key in dict.fromkeys((" ".join(plain), " ".join(out))):
        if key != " ".join(words) and gaz.lookup(key):
            return key
    return None


def _community_span(
    text: str, caps: list[tuple[int, int]], k: int, gaz: NameIndex, chains: dict[int, int]
) -> tuple[NameSpan, int] | None:
    """A hromada's adjective at capitalised token ``k`` ("the Dubovykivska community", "the
    Khotinska, Yunakivska and Esmanska communities", "the Seredyno-Budska community") as a
    mention of its centre, and the number of tokens it spans; None if there is none.

    ``chains`` is the caller's memo for the sentence: the number of tokens from each token
    to the end of its run of hyphen-joined ones, so that a long run is walked once, not
    once from each of its tokens."""
    s0, e0 = caps[k]
    if not text.endswith("ska", s0, e0) and text[e0 : e0 + 1] not in ("-", "–"):
        return None  # most words: neither the adjective nor the start of a compound one
    n = chains.get(k, 0)
    if not n:
        n = 1
        while k + n < len(caps) and text[caps[k + n - 1][1] : caps[k + n][0]] in ("-", "–"):
            n += 1
        chains.update((k + i, n - i) for i in range(n))
    start, end = caps[k][0], caps[k + n - 1][1]
    if not text.endswith("ska", start, end) or not _COMMUNITY_AFTER.match(text, end):
        return None
    word = text[start:end]
    centre = community_centre(word, gaz)
    return (NameSpan(start, end, word, "place", end, key=centre), n) if centre else None


# "Rostov, Russia", "the village of Bessalovka in the Kursk region": a place abroad (the
# Russian regions on Ukraine's border, whose villages share names with Ukrainian ones).
_FOREIGN_AFTER = re.compile(
    r"^,?\s+(?:in\s+)?(?:(?:Russia|Belarus|Moldova|Poland|Georgia)\b(?!n)|(?:the\s+|Russia[’']s\s+)?"
    r"(?:Kursk|Belgorod|Bryansk|Rostov|Voronezh|Oryol|Krasnodar)\s+(?:[Rr]egion|[Oo]blast)\b)"
)


# After "the X", words that show X is a settlement ("the Avdiivka area", "the Toretsk
# direction", "the Bakhmut outskirts"), not a river or a feature named like a village.
_THE_OK_AFTER = re.compile(
    r"(?:,?\s+(?:and\s+)?[A-Z][\w'’ʼ-]*){1,6}\s+(?:communities|hromadas|villages|settlements|"
    r"towns|districts)\b|"  # "the Nikopol, Pokrovske, and Marhanets communities"
    r"\s+(?:[Rr]ail(?:way)?\s+)?[Ss]tation|\s+(?:and|or)\s+[A-Z]|[’']?s?\s+(?:area|areas|"
    r"direction|directions|axis|sector|outskirts|vicinity|district|community|hromada|"
    r"front|frontline|front line|environs|suburbs?|settlement|garrison|pocket|salient|"
    r"bridgehead|enclave)\b"
)


_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|told|wrote|added|noted|stated)\s+$")


def _person_or_foreign(
    text: str, caps: list[tuple[int, int]], i: int, n: int, span: NameSpan, gaz: NameIndex
) -> str | None:
    """Why a name found in the gazetteer is not a place here: "person" for a surname after a
    first name ("Igor Artamonov"; the document's later bare "Artamonov" is not a place
    either), "foreign" for a place abroad ("Rostov, Russia"), "feature" for a river or
    area named like a village ("east of the Oskil"); else None. ``caps`` are the sentence's
    capitalised tokens, ``i`` the name's."""
    if span.kind != "place":
        return None
    if _FOREIGN_AFTER.match(text[span.end_ext :]):
        return "foreign"
    if (
        n == 1
        and text[max(0, span.start - 4) : span.start].lower() == "the "
        and not span.surface.endswith("City")
        and not _THE_OK_AFTER.match(text, span.end_ext)
        and not gaz.oblast_code(span.surface)
    ):
        # "east of the Oskil", "the Inhulets": a river or area named like a village.
        return "feature"
    if _SPEAKER_BEFORE.search(text, max(0, span.start - 20), span.start) and re.match(
        r"\s*(?:[.,;]|$)", text[span.end_ext : span.end_ext + 2]
    ):
        return "person"  # '... were damaged," said Likhoviy.': the speaker
    if (
        n == 1
        and span.surface.lower() in FIRST_NAMES
        and i + 1 < len(caps)
        and text[caps[i][1] : caps[i + 1][0]] == " "
        and not _ADMIN_WORD.fullmatch(text, *caps[i + 1])
        and not _CITY_SUFFIX.match(text, caps[i][1])
    ):
        return "person"  # a first name before a surname: "Natalia Humenyuk"
    if n == 1 and i > 0:
        ps, pe = caps[i - 1]
        prev = text[ps:pe]
        gap = text[pe : caps[i][0]]  # one space only when no lowercase word lies between
        sentence_start = not text[:ps].strip()
        if (
            gap == " "
            and prev[0].isupper()
            and prev.lower() not in _NOT_FIRST_NAMES
            and not prev.isupper()
            # "Ukraine's Kherson", "Donetsk Oblast's Kostiantynivka": a possessive, no name.
            and not prev.endswith(("'s", "’s", "ʼs"))
            # At a sentence start a capital proves nothing ("Near Bakhmut"): there the word
            # before must be a known first name.
            and (not sentence_start or prev.lower() in FIRST_NAMES)
        ):
            return "person"
    return None


def _letter_follows(text: str, end: int) -> bool:
    """Is the first non-space character from ``end`` a letter? Every suffix word _classify
    looks for starts with one: after a comma, bracket or full stop (most names) none can
    follow."""
    j = end
    if j < len(text) and text[j] in _CLOSING_QUOTES:
        j += 1  # 'the "Khortytsia" military unit'
    while j < len(text) and text[j].isspace():
        j += 1
    return j < len(text) and text[j].isalpha()


_CLOSING_QUOTES = frozenset('"”’»')


def _classify(text: str, start: int, end: int, surface: str, gaz: NameIndex) -> NameSpan | None:
    places, code = gaz.lookup(surface), gaz.oblast_code(surface)
    if not _letter_follows(text, end):
        if places:
            return NameSpan(start, end, surface, "place", end)
        if code and surface[0].isupper():
            return NameSpan(start, end, surface, "region", end, admin1=code)
        return None
    if not places and not code:
        # The common case (most capitalised n-grams are not names): decide without regexes,
        # except for raions whose name is not also a settlement's.
        m = _RAION_SUFFIX.match(text[end : end + 60])
        reg = gaz.region(f"{surface} Raion") if m else None
        if m and reg is not None:
            return NameSpan(start, end, surface, "raion", end + m.end(), admin1=reg.admin1)
        return None
    after = text[end : end + 60]  # suffix words ("Oblast", "City", "River") follow directly
    m = _REGION_SUFFIX.match(after)
    if m:
        if code:
            return NameSpan(start, end, surface, "region", end + m.end(), admin1=code)
        return NameSpan(start, end, surface, "skip", end + m.end())
    m = _RAION_SUFFIX.match(after)
    if m:
        reg = gaz.region(f"{surface} Raion")
        if reg is not None or places:
            return NameSpan(
                start,
                end,
                surface,
                "raion",
                end + m.end(),
                admin1=reg.admin1 if reg is not None else None,
            )
        return None
    if not places:
        if code and surface[0].isupper():
            return NameSpan(start, end, surface, "region", end, admin1=code)
        return None
    if _SKIP_SUFFIX.match(after):
        return NameSpan(start, end, surface, "skip", end)
    if _NEUTRAL_SUFFIX.match(after):
        return NameSpan(start, end, surface, "neutral", end, not_event="sector label")
    m = _CITY_SUFFIX.match(after)
    if m:
        return NameSpan(start, end + m.end(), text[start : end + m.end()], "place", end + m.end())
    return NameSpan(start, end, surface, "place", end)


def _mark_region_pairs(text: str, spans: list[NameSpan], gaz: NameIndex) -> list[NameSpan]:
    """Bare oblast-capital names used as regions.

    "Donetsk and Luhansk" (two oblast names joined), "X, Luhansk" after a place, and
    "Kharkiv, Luhansk, and Donetsk oblasts" mean the oblasts, not the cities.
    """
    out = list(spans)
    # Left to right (a list's later names follow its first region), then right to left (its
    # earlier names precede "... and Mykolaiv oblasts"): each name is read against a
    # neighbour already decided.
    n = len(spans)
    for k in [*range(n), *range(n - 1, -1, -1)]:
        sp = out[k]
        if sp.kind != "place" or sp.surface.endswith("City"):
            continue
        code = gaz.oblast_code(sp.surface)
        if not code:
            continue
        prev = out[k - 1] if k > 0 else None
        nxt = out[k + 1] if k + 1 < len(spans) else None
        as_region = False
        if nxt is not None and re.fullmatch(
            r",?\s+(?:and|or)\s+|,\s+", text[sp.end_ext : nxt.start]
        ):
            if nxt.kind == "region" or (
                gaz.oblast_code(nxt.surface)
                and not nxt.surface.endswith("City")
                and re.match(
                    r"\s*(?:$|[.,;]|\s(?:oblasts|regions|both|are|were)\b)", text[nxt.end_ext :]
                )
            ):
                as_region = True
        if prev is not None and re.fullmatch(
            r",?\s+(?:and|or)\s+|,\s+", text[prev.end_ext : sp.start]
        ):
            if prev.kind == "region" and prev.surface != sp.surface:
                as_region = True
            elif (
                prev.kind == "place"
                and text[prev.end_ext : sp.start].strip() == ","
                and re.match(
                    r"\s*(?:$|[.;)]|,\s+(?:a|an|the|and|where|which|on|in)\b)", text[sp.end_ext :]
                )
                and gaz.lookup(prev.surface) != ()
            ):
                # "near Svatove, Luhansk." names the oblast of the previous place.
                as_region = True
        left = text[: sp.start]
        if _DIRECTIONAL_ADJ.search(left, _last_words_at(left, 1)) and not re.match(
            r"\s*City", text[sp.end :]
        ):
            as_region = True
        if _REGION_LIST_AFTER.match(text, sp.end_ext):
            as_region = True  # "in Sumy and Kursk oblasts": Kursk is no Ukrainian name
        if _POSSESSIVE_BEFORE_NAME.match(text, sp.end):
            as_region = True  # "Dnipropetrovsk's Dubovykivska community": the oblast
        elif _renamed(sp.surface, gaz.lookup(sp.surface)):
            # An oblast named after a city since renamed ("Dnipropetrovsk" for Dnipro's
            # oblast): no settlement is called so today, so the name is the oblast's.
            as_region = True
        if as_region:
            out[k] = replace(sp, kind="region", admin1=code)
    for k, sp in enumerate(out):
        # "shelled Kupiansk, Bohodukhiv, and Kharkiv districts": every name of the list.
        if sp.kind == "place" and _RAION_LIST_AFTER.match(text, sp.end_ext):
            out[k] = replace(sp, kind="raion")
    return out


def _renamed(surface: str, places: tuple[Place, ...]) -> bool:
    """Is no place called ``surface`` today, however romanised? "Dnipropetrovsk" (Dnipro) and
    "Kirovograd" (Kropyvnytskyi) are; "Kharkov", "Kiev" and "Nikolayev" (Kharkiv, Kyiv and
    Mykolaiv spelt the Russian way) are not: a spelling of about the same length."""
    if primary_match(surface, places):
        return False
    return not any(
        spelling_variant(surface, p.name) and 0.7 <= len(surface) / len(p.name) <= 1.43
        for p in places
    )


# "Dnipropetrovsk's Dubovykivska community": the oblast's; but "Kharkiv's Saltivskyi
# district" and "Kherson's Korabelnyi district" are districts of the city.
_POSSESSIVE_BEFORE_NAME = re.compile(
    r"[’'ʼ]s\s+[A-Z](?![\w'’ʼ-]*(?:skyi|zkyi|tskyi|nyi)\s+(?:district|raion)\b)"
)
# The rest of a list of oblasts or districts after a name: "[, X] and Y oblasts".
_REGION_LIST_AFTER = re.compile(
    r"(?:,\s+[A-Z][\w'’-]*){0,5},?\s+(?:and|or)\s+[A-Z][\w'’-]*\s+(?:oblasts|regions)\b"
)
# The rest of a list of cities after a name: "[, X] and Y cities" (or the name's own
# "cities"): the cities, whatever sense an oblast's name had before in the document.
_CITY_LIST_AFTER = re.compile(
    r"(?:(?:,\s+(?:and\s+)?|,?\s+(?:and|or)\s+)[A-Z][\w'’-]*){0,6}\s+cities\b"
)
_RAION_LIST_AFTER = re.compile(
    r"(?:(?:,\s+(?:and\s+)?|\s+(?:and|or)\s+)[A-Z][\w'’-]*){1,5}\s+(?:districts|raions)\b"
)


def _one_sense_per_document(
    text: str, spans: list[NameSpan], bare_regions: dict[str, str]
) -> list[NameSpan]:
    """A bare oblast-capital name ("Luhansk") once used for the oblast keeps that sense in
    the rest of the document, unless written "Luhansk City"."""
    out = []
    for k, sp in enumerate(spans):
        bare = sp.end_ext == sp.end
        if sp.kind == "region" and bare and sp.admin1:
            bare_regions[sp.surface] = sp.admin1
        elif (
            sp.kind == "place"
            and bare
            and sp.surface in bare_regions
            and not _CITY_OF_LEFT.search(text, max(0, sp.start - 40), sp.start)
            and not _listed_with_settlements(text, spans, k)
            and not _CITY_LIST_AFTER.match(text, sp.end_ext)
        ):
            sp = replace(sp, kind="region", admin1=bare_regions[sp.surface])
        out.append(sp)
    return out


# "the city of Zaporizhzhia", "the regional capital of Kherson", "the southern city of X":
# the city, whatever the oblast's name did earlier in the document.
_CITY_OF_LEFT = re.compile(
    r"\b(?:city|town|capital|center|centre)\s+of\s+(?:the\s+)?$|\b(?:southern|northern|"
    r"eastern|western|frontline|front-line|regional|oblast|industrial|port)\s+(?:city|town|"
    r"capital|center|centre)\s+(?:of\s+)?$",
    re.IGNORECASE,
)


def _listed_with_settlements(text: str, spans: list[NameSpan], k: int) -> bool:
    """Whether name ``k`` stands in a list ("Zaporizhzhia, Orihiv, Huliaipole") next to a
    settlement that is not also an oblast's name: a list of places, not of oblasts."""
    for j in (k - 1, k + 1):
        if not 0 <= j < len(spans):
            continue
        a, b = (spans[j], spans[k]) if j < k else (spans[k], spans[j])
        other = spans[j]
        if (
            other.kind == "place"
            and other.end_ext == other.end
            and oblast_code(other.surface) is None
            and _LIST_GAP.match(text[a.end_ext : b.start])
        ):
            return True
    return False


@dataclass
class _Work:
    span: NameSpan
    role: str = "target"
    relation: SpatialRelation | None = None
    not_event: str | None = None
    anchor_dist: Distance | None = None  # parsed Distance for anchors
    anchor_bear: float | None = None
    anchor_text: str = ""
    bound: bool = False


def _of_phrase_possible(left: str) -> tuple[bool, bool]:
    """Can ``left`` end the way _TITLE_BEFORE, and _OUTSKIRTS_LEFT, require? Both end in
    "of [the] [occupied] " so "of" is one of the last three words (in any case for the
    case-blind outskirts rule, whose last word is "of" or "the": no non-ASCII letter folds
    to those)."""
    tail = left.rsplit(None, 3)[-3:]
    if "of" in tail:
        return True, tail[-1].lower() in ("of", "the")
    if any(w.lower() == "of" for w in tail):
        return False, tail[-1].lower() in ("of", "the")
    return False, False


# The farthest a not-event cue reaches left of a name when its row sets no window: a cue of
# the development corpus lies at most 280 characters before the name it marks ("plans to
# capture A, B, ... and X"). Bounded so that the work per name does not grow with the
# length of its sentence.
CUE_REACH = 400


@dataclass(frozen=True, slots=True)
class NotEventRule:
    """One row of :data:`NOT_EVENT_RULES`: a reason a named place is no event, read off its
    context.

    The rule holds when a ``before`` pattern is found at the end of the text before the
    name (the sentence's or the clause's, ``scope``; only its last ``chars`` characters or
    ``words`` words when set, else its last :data:`CUE_REACH`) and no ``unless`` pattern
    precedes that match, or when an ``after`` pattern matches the text right after the name
    (its first ``after_chars``). ``names`` limits the rule to those surfaces, and
    ``not_before`` then inverts it: the rule holds unless that pattern ends the text before.
    ``examples`` are (sentence, name) pairs the rule must mark (tests/test_mentions.py reads
    them).
    """

    reason: str
    before: tuple[re.Pattern[str], ...] = ()
    scope: str = "clause"  # "clause" | "sentence"
    chars: int = 0
    words: int = 0
    unless: re.Pattern[str] | None = None
    after: tuple[re.Pattern[str], ...] = ()
    after_chars: int = 0
    names: frozenset[str] = frozenset()
    not_before: re.Pattern[str] | None = None
    examples: tuple[tuple[str, str], ...] = ()

    def holds(self, surface: str, left: str, cl_left: str, after: str) -> bool:
        if self.names and surface not in self.names:
            return False
        if not self.before and not self.names:
            return self._after_holds(after)
        text = left if self.scope == "sentence" else cl_left
        if self.words:
            text = text[_last_words_at(text, self.words) :]
        else:
            text = text[-(self.chars or CUE_REACH) :]
        if self.names:
            return self.not_before is None or not self.not_before.search(text)
        for pat in self.before:
            m = _search_if(pat, text)
            if m and not (self.unless and self.unless.search(text[: m.start()])):
                return True
        return self._after_holds(after)

    def _after_holds(self, after: str) -> bool:
        """Whether an ``after`` pattern matches the text right after the name."""
        if not self.after:
            return False
        tail = after[: self.after_chars] if self.after_chars else after
        return any(pat.match(tail) for pat in self.after)


# Why a named place is no event, by its context: an ordered table (the first row that holds
# gives the reason). Adding a rule is adding a row and its examples.
# "the village of X of the Y community", "X village in the Y hromada": the hromada only
# gives the village's address (the gold's neutral), the event is at the village.
_ADDRESS_BEFORE = re.compile(
    r"(?:\bvillage\s+of\s+[A-Z][\w'’ʼ-]*+(?:[ -][A-Z][\w'’ʼ-]*+){0,2}|"
    r"\b[A-Z][\w'’ʼ-]*+\s+village),?\s+(?:of|in)\s+the\s+$"
)
NOT_EVENT_RULES: tuple[NotEventRule, ...] = (
    NotEventRule(
        "title",
        before=(_TITLE_BEFORE,),
        scope="sentence",
        words=8,
        after=(_TITLE_AFTER,),
        examples=(
            ("Melitopol Mayor Ivan Fedorov reported explosions.", "Melitopol"),
            ("The head of occupied Kherson said that residents must leave.", "Kherson"),
        ),
    ),
    NotEventRule(
        "rhetoric",
        before=(_RHETORIC_BEFORE,),
        scope="sentence",
        examples=(("Dugin named Russian cities such as Bakhmut and Soledar.", "Bakhmut"),),
    ),
    NotEventRule(
        "rhetoric",
        before=(_ABOUT_BEFORE,),
        chars=60,
        examples=(
            ("Occupation officials again shifted their rhetoric regarding Nova Kakhovka.",
             "Nova Kakhovka"),
            ("Putin discussed the situation around Avdiivka with Shoigu.", "Avdiivka"),
        ),
    ),
    NotEventRule(
        "sector label",
        before=(_SECTOR_BEFORE,),
        after=(_LIST_TO_SECTOR, _HYPHEN_PAIR_AFTER),
        examples=(
            ("Russian forces dug in along a Kupiansk-Svatove line.", "Kupiansk"),
            ("Fighting went on in the Kupiansk, Lyman, and Kramatorsk directions.", "Lyman"),
        ),
    ),
    NotEventRule(
        "sector label",
        before=(_HYPHEN_PAIR_BEFORE,),
        scope="sentence",
        chars=3,
        examples=(("Russian forces dug in along a Kupiansk-Svatove line.", "Svatove"),),
    ),
    NotEventRule(
        "plan",
        before=(_PLAN_BEFORE,),
        examples=(
            ("Russian forces plan to attack Vuhledar.", "Vuhledar"),
            ("Russia is setting information conditions to attack the dam at Nova Kakhovka.",
             "Nova Kakhovka"),
            ("Russian objective: advance within artillery range of Zaporizhzhia City.",
             "Zaporizhzhia City"),
        ),
    ),
    NotEventRule(
        "plan",
        before=(_SOUGHT_BEFORE,),
        chars=100,
        examples=(
            ("Russian forces seek to capture Pokrovsk.", "Pokrovsk"),
            ("Russian forces are unlikely to take Kupiansk soon.", "Kupiansk"),
            ("Russian forces are preparing for an offensive toward Zaporizhzhia City.",
             "Zaporizhzhia City"),
            ("The command fears a possible Ukrainian counteroffensive toward Melitopol.",
             "Melitopol"),
        ),
    ),
    NotEventRule(
        "visit or ceremony",
        before=(_VISIT_BEFORE,),
        chars=80,
        examples=(
            ("Zelenskyy visited troops in the region and met commanders in Orikhiv.", "Orikhiv"),
            ("Mourners gathered in Lviv for the funeral of a soldier.", "Lviv"),
            ("Former residents held a rally in Kyiv to mark the siege.", "Kyiv"),
        ),
    ),
    NotEventRule(
        "speaker's place",
        before=(_SPEAKING_IN_BEFORE,),
        chars=40,
        examples=(
            ("Speaking in Odesa, Zelensky said Russian forces attacked near Pokrovsk.", "Odesa"),
        ),
    ),
    NotEventRule(
        "forecast",
        before=(_FORECAST_BEFORE,),
        examples=(
            ("Russian forces will likely attack towards Siversk.", "Siversk"),
            ("If Ukraine regains control of Melitopol, the road will be cut.", "Melitopol"),
        ),
    ),
    NotEventRule(
        "metonym",
        scope="sentence",
        chars=40,
        names=_CAPITAL_METONYMS,
        not_before=_LOCATIVE_LEFT,
        examples=(("Moscow accused Kyiv of shelling the plant.", "Kyiv"),),
    ),
    NotEventRule(
        "description",
        before=(_LOCATED_LEFT,),
        chars=80,
        after=(_DESCRIBED_AFTER,),
        after_chars=160,
        examples=(
            ("Soledar is located near the strategic city of Bakhmut.", "Bakhmut"),
            ("Melitopol is a critical junction of roads.", "Melitopol"),
            ("Pokrovsk, which had a pre-war population of 60,000, was a key logistics hub.",
             "Pokrovsk"),
        ),
    ),
    NotEventRule(
        "objective",
        before=(_APPROACH_BEFORE,),
        chars=80,
        examples=(
            ("Russia closes on the important city of Pokrovsk.", "Pokrovsk"),
            ("Russian forces are trying to open a line of advance to drive on Dnipro.", "Dnipro"),
        ),
    ),
    NotEventRule(
        "history or analysis",
        before=(_NOMINAL_BEFORE,),
        chars=80,
        unless=_ANNOUNCED_BEFORE,
        after=(_NOMINAL_AFTER,),
        after_chars=40,
        examples=(
            ("The liberation of Enerhodar is central to the plan.", "Enerhodar"),
            ("The shocks of the Kharkiv and Lyman defeats exposed fissures.", "Lyman"),
            ("Milbloggers criticized the command for the withdrawal from Lyman.", "Lyman"),
        ),
    ),
    NotEventRule(
        "refuted claim",
        before=(_PREVIOUS_CLAIM_BEFORE,),
        scope="sentence",
        chars=160,
        after=(_REFUTED_AFTER,),
        after_chars=100,
        examples=(
            ("He said previous claims that Ukrainian forces left Spirne were premature.", "Spirne"),
            ("Claims that Russian forces took Robotyne are false.", "Robotyne"),
        ),
    ),
    NotEventRule(
        "counterfactual",
        before=(_COUNTERFACTUAL_BEFORE,),
        examples=(("Russian forces stormed the plant instead of attacking Khromove.", "Khromove"),),
    ),
    NotEventRule(
        "analysis",
        before=(_REQUIREMENT_BEFORE, _CONTROL_OVER_BEFORE),
        chars=200,
        examples=(
            ("Such an operation requires Ukrainian forces to hold Kupiansk.", "Kupiansk"),
            ("The spit allows for control of the river entrance and the Kherson port.", "Kherson"),
        ),
    ),
    NotEventRule(
        "rhetoric",
        before=(_PORTRAYAL_BEFORE,),
        chars=160,
        examples=(("Outlets painted him as a hero for saving the units in Lyman.", "Lyman"),),
    ),
    NotEventRule(
        "history",
        before=(_EARLIER_BEFORE,),
        examples=(
            ("Kots previously operated in Kherson City.", "Kherson City"),
            ("The unit had once held positions in Bakhmut.", "Bakhmut"),
        ),
    ),
    NotEventRule(
        "history",
        after=(_PAST_YEAR_AFTER,),
        after_chars=200,
        examples=(
            ("Kupiansk, which had 27,000 residents, was occupied by Russian forces from February "
             "to September 2022.", "Kupiansk"),
            ("Vuhledar fell in October 2024 after a two-year defence.", "Vuhledar"),
        ),
    ),
    NotEventRule(
        "route",
        before=(_ROUTE_BEFORE,),
        chars=120,
        examples=(
            ("Russian forces flowed via Valuiky into Luhansk Oblast.", "Valuiky"),
            ("The railway that runs from just north of Svatove is important.", "Svatove"),
            ("The rail line north via Volnovakha toward Donetsk City is key.", "Donetsk City"),
        ),
    ),
    NotEventRule(
        "attribute",
        after=(_COMPOUND_ADJ_AFTER,),
        after_chars=16,
        examples=(
            ("Beryslav-based volunteers delivered water to Tiahynka.", "Beryslav"),
            ("Two Kupiansk-born soldiers were awarded medals.", "Kupiansk"),
        ),
    ),
    NotEventRule(
        "address",
        before=(_ADDRESS_BEFORE,),
        chars=80,
        examples=(
            (
                "In the village of Kozacha Lopan of the Derhachi community, a man was injured.",
                "Derhachi",
            ),
            ("A house burned in Kurylivka village of the Kupiansk community.", "Kupiansk"),
        ),
    ),
    NotEventRule(
        "river",
        before=(_RIVER_PART_BEFORE,),
        scope="sentence",
        chars=40,
        after=(_RIVERS_AFTER, _RIVER_BANK_AFTER),
        after_chars=80,
        examples=(
            ("Russian boats crossed to the east bank of the Dnipro.", "Dnipro"),
            ("Sabotage groups tried to land on the Dnipro's left bank near Krynky.", "Dnipro"),
        ),
    ),
)


# Every rule's search is gated by the texts its matches must contain (read off the pattern;
# a pattern with no such texts is searched ungated).
for _rule in NOT_EVENT_RULES:
    for _p in (*_rule.before, *_rule.after):
        if (_needs := required_texts(_p.pattern, _p.flags)) is not None:
            _REQUIRED.setdefault(_p, _needs)


def _row_needs(rule: NotEventRule) -> tuple[str, ...] | None:
    """Texts one of which a sentence contains when ``rule`` holds for some name of it: the
    texts its before and after patterns read are parts of the sentence, so each needs one of
    its pattern's required texts (None: a row of names, or a pattern with none known)."""
    if rule.names:
        return None
    out: list[str] = []
    for p in (*rule.before, *rule.after):
        if (needs := _REQUIRED.get(p)) is None:
            return None
        out.extend(needs)
    return tuple(out)


_ROW_NEEDS = tuple((rule, _row_needs(rule)) for rule in NOT_EVENT_RULES)


def rules_for(sentence: str) -> tuple[NotEventRule, ...]:
    """The rows of :data:`NOT_EVENT_RULES` that may hold for some name of ``sentence``, in
    order: tested once per sentence rather than for each name."""
    out = []
    for rule, needs in _ROW_NEEDS:
        if needs is None:
            out.append(rule)
            continue
        for word in needs:
            if word in sentence:
                out.append(rule)
                break
    return tuple(out)


def not_event_reason(
    surface: str,
    left: str,
    cl_left: str,
    after: str,
    rules: tuple[NotEventRule, ...] = NOT_EVENT_RULES,
) -> str | None:
    """The reason of the first :data:`NOT_EVENT_RULES` row that holds for a name, or None;
    ``rules`` is :func:`rules_for` of the name's sentence when the caller has it."""
    for rule in rules:
        if rule.holds(surface, left, cl_left, after):
            return rule.reason
    return None


# Kinds of name whose role is settled by the kind, with no cue read around them.
_NO_CUES = frozenset({"region", "raion", "skip", "neutral"})


def analyse_sentence(text: str, spans: list[NameSpan]) -> list[_Work]:
    """Assign roles, relations and not-event reasons to the names of one sentence."""
    work = [_Work(sp) for sp in spans]
    clauses = clause_spans(text, "cues")
    # The rows and relations the sentence may hold, read once for all its names: worth it
    # when it has several (a sentence of one name tests each row at that name alone).
    rules, between, towards = NOT_EVENT_RULES, True, True
    if sum(sp.kind not in _NO_CUES for sp in spans) > 1:
        rules = rules_for(text)
        between, towards = _may_match(_BETWEEN_LEFT, text), _may_match(_TOWARDS_LEFT, text)
    for w in work:
        sp = w.span
        left = text[: sp.start]
        cl_left = text[clause_at(clauses, sp.start)[0] : sp.start]
        if sp.kind in ("region", "raion"):
            w.role = "region"
            continue
        if sp.kind in ("skip",):
            w.role = "skip"
            continue
        if sp.kind == "neutral":
            w.role = "neutral"
            w.not_event = sp.not_event
            continue
        after = text[sp.end_ext :]
        _, outskirts_left = _of_phrase_possible(left)
        w.not_event = not_event_reason(sp.surface, left, cl_left, after, rules)
        # An anchor phrase spans at most 16 words: qualifier 3 ("no more than"), numbers
        # and units 6 ("10 - 15 - km"), bearing 3 ("north north east"), "outside of the town
        # of" 5; glued forms ("15km") have fewer, and a match starting inside a word is still
        # within its last word.
        am = _ANCHOR_LEFT.search(left, _last_words_at(left, 16)) if _may_anchor(left) else None
        if am and (am["dist"] or am["bear"]):
            m = am
            w.role = "anchor"
            w.anchor_text = m.group(0).strip()
            if m["dist"]:
                dm = DISTANCE_RE.search(m["dist"])
                w.anchor_dist = parse_distance(dm) if dm else None
            if m["bear"]:
                w.anchor_bear = parse_bearing(m["bear"])
            continue
        if outskirts_left and _OUTSKIRTS_LEFT.search(left, _last_words_at(left, 8)):
            w.relation = SpatialRelation(kind="outskirts", text="outskirts of")
        elif between and _search_if(_BETWEEN_LEFT, cl_left):
            w.relation = SpatialRelation(kind="between", text="between")
        elif towards and _search_if(_TOWARDS_LEFT, cl_left):
            w.relation = SpatialRelation(kind="towards", text="towards")
    _outskirts_anchors(text, work)
    _bind_anchors(text, work)
    # A reason read at one end of a list holds for the whole list: "their seizures of
    # Severodonetsk and Lysychansk", "the towns of Svatove, Starobilsk, and Bilovodsk sit on".
    for k in range(1, len(work)):
        w, prev = work[k], work[k - 1]
        joined = w.role == prev.role == "target" and _LIST_GAP.match(
            text[prev.span.end_ext : w.span.start]
        )
        if joined and prev.not_event == "history or analysis" and w.not_event is None:
            w.not_event = prev.not_event
    for k in range(len(work) - 2, -1, -1):
        w, nxt = work[k], work[k + 1]
        joined = w.role == nxt.role == "target" and _LIST_GAP.match(
            text[w.span.end_ext : nxt.span.start]
        )
        if joined and nxt.not_event == "description" and w.not_event is None:
            w.not_event = nxt.not_event
    for k in range(1, len(work)):
        w, prev = work[k], work[k - 1]
        if (
            w.role == "target"
            and w.not_event is None
            and w.relation is None
            and prev.role == "target"
            and prev.relation is None  # not "outskirts of X near Y", "east of X near Y"
            and (
                _LOCATOR_GAP.match(gap := text[prev.span.end_ext : w.span.start])
                or (
                    # "the village of Hostre, near Kurakhove, ...": a locator when the place
                    # before was not itself "near" one ("near Bakhmut, near Soledar": a list).
                    _COMMA_NEAR_GAP.match(gap)
                    and _PLACE_OF_LEFT.search(text, max(0, prev.span.start - 40), prev.span.start)
                    and _APPOSITION_END.match(text, w.span.end_ext)
                )
            )
        ):
            w.not_event = "locator"
    for k in range(1, len(work)):
        w, prev = work[k], work[k - 1]
        if (
            w.role == prev.role == "target"
            and w.not_event is None
            and _ALIAS_OPEN.fullmatch(text[prev.span.end_ext : w.span.start])
            and _ALIAS_CLOSE.match(text, w.span.end_ext)
        ):
            w.not_event = "alias"  # "Toretsk (Dzerzhinsk)": the same place, named again
    for k in range(len(work) - 1):
        w, nxt = work[k], work[k + 1]
        if (
            w.role == nxt.role == "target"
            and w.not_event is None
            and _RESIDENT_OF_LEFT.search(text, max(0, w.span.start - 30), w.span.start)
            and _HAPPENED_IN_GAP.fullmatch(text, w.span.end_ext, nxt.span.start)
        ):
            # "A resident of Kramatorsk was wounded in Druzhkivka": the person's home, not
            # where it happened (with no other place, "a resident of X was injured" is X's).
            w.not_event = "address"
    _apply_qualifiers(text, work)
    return work


_RESIDENT_OF_LEFT = re.compile(r"\b(?:residents?|natives?|inhabitants?)\s+of\s+(?:the\s+)?$")
_HAPPENED_IN_GAP = re.compile(
    r"[^.;,]{0,60}?\b(?:was|were|has been|have been)\s+(?:\w+\s+){0,2}?(?:in|near|at)\s+"
    r"(?:the\s+)?(?:(?:village|town|city|settlement)\s+of\s+)?"
)


# A second name of the place before it, in brackets: "Toretsk (Dzerzhinsk)", "Kotlyarovka
# (Kotliarivka in Ukrainian)", "Bila Hora (formerly Belaya Gora)".
_ALIAS_OPEN = re.compile(
    r"\s*\(\s*(?:(?:also\s+)?(?:known as|called|formerly|or|Russian:|Ukrainian:)\s+)?"
)
_ALIAS_CLOSE = re.compile(r"\s*(?:in (?:Ukrainian|Russian))?\s*\)")


def _rel_from_anchor(a: _Work, kind: str = "near") -> SpatialRelation:
    return SpatialRelation(
        kind=kind,
        anchor=a.span.surface,
        anchor_start=a.span.start,
        anchor_end=a.span.end,
        offset=make_offset(a.anchor_dist, a.anchor_bear),
        text=f"{a.anchor_text} {a.span.surface}".strip(),
    )


def _merge(base: SpatialRelation | None, new: SpatialRelation) -> SpatialRelation:
    if base is None:
        return new
    return replace(
        new,
        kind=base.kind if base.kind != "in_region" else new.kind,
        qualifier_admin1=base.qualifier_admin1 or new.qualifier_admin1,
    )


# "on the northwestern outskirts of Donetsk City near Vodyane": the bearing word before
# "outskirts of", and the gap to the places it locates.
_OUTSKIRTS_BEARING = re.compile(
    rf"(?P<bear>{_BEARING_WORDS})\s+outskirts\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_OUTSKIRTS_NEAR_GAP = re.compile(r"^,?\s+(?:in\s+the\s+\w+\s+of\s+|near\s+)$")


def _outskirts_anchors(text: str, work: list[_Work]) -> None:
    """ "the outskirts of X near Y, Z": X only locates Y and Z (an anchor, with the bearing
    its outskirts are named by), as "DIR of X near Y" does."""
    for k, w in enumerate(work[:-1]):
        rel, nxt = w.relation, work[k + 1]
        if rel is None or rel.kind != "outskirts" or w.role != "target" or w.not_event:
            continue
        if nxt.role != "target" or not _OUTSKIRTS_NEAR_GAP.match(
            text[w.span.end_ext : nxt.span.start]
        ):
            continue
        bm = _OUTSKIRTS_BEARING.search(text, max(0, w.span.start - 40), w.span.start)
        w.role, w.relation = "anchor", None
        w.anchor_text = f"{bm['bear']} outskirts of" if bm else "outskirts of"
        w.anchor_bear = parse_bearing(bm["bear"]) if bm else None


def _bind_anchors(text: str, work: list[_Work]) -> None:
    """Bind each anchor phrase to the targets it constrains.

    Backward when it directly follows a target ("Pishchane, Kharkiv Oblast (24km northwest of
    Svatove)", "Mayorsk Rail Station south of Bakhmut"), else forward to the targets of the
    same clause up to the next anchor.
    """
    clauses: tuple[tuple[int, int], ...] = ()  # split when an anchor binds forward
    for k, a in enumerate(work):
        if a.role != "anchor":
            continue
        phrase_start = a.span.start - len(a.anchor_text) - 1
        # Backward: previous non-region work item directly before the phrase.
        prev_targets = []
        j = k - 1
        while j >= 0 and work[j].role == "region":
            j -= 1
        # A postposed "X (24km northwest of Y)" or "X, 50km southeast of Y," describes X even
        # if an earlier phrase of the clause already constrained it: the adjacent one wins.
        # "west of Verbove (18km southeast of Orikhiv)": a bearing-only anchor, which becomes
        # the event's place (vicinity) below, is described by the bracket as a target is.
        if j < k - 1 and not all(
            _REGION_AFTER_GAP.match(text[work[t].span.end_ext : work[t + 1].span.start])
            for t in range(j, k - 1)
        ):
            j = -1  # the regions between are no qualifiers of that target: another clause
        if j >= 0 and (
            work[j].role == "target"
            or (
                work[j].role == "anchor"
                and work[j].anchor_dist is None
                and a.anchor_dist is not None
                and "(" in text[work[j].span.end_ext : max(work[j].span.end_ext, phrase_start)]
            )
        ):
            gap_start = work[k - 1].span.end_ext if k - 1 >= 0 else 0
            if _BACKBIND_GAP.match(text[gap_start : max(gap_start, phrase_start)]):
                prev_targets.append(j)
                # The whole list that ends there: "near A and B (10km south of C)".
                i = j - 1
                while (
                    i >= 0
                    and work[i].role == "target"
                    and _LIST_GAP.match(text[work[i].span.end_ext : work[i + 1].span.start])
                ):
                    prev_targets.append(i)
                    i -= 1
        if prev_targets:
            for t in prev_targets:
                work[t].relation = _merge(work[t].relation, _rel_from_anchor(a))
            a.bound = True
            continue
        # Forward: targets after the anchor, same clause, before the next anchor.
        clauses = clauses or clause_spans(text, "anchors")
        for tw in work[k + 1 :]:
            if tw.role == "anchor" or crosses_clause(clauses, a.span.end_ext, tw.span.start):
                break
            if _NEW_PREDICATE.search(text, a.span.end_ext, tw.span.start):
                break  # "advanced west of Kotlyne and seized Zvirove": a new event
            if tw.role == "target" and tw.not_event is None:
                rel = tw.relation
                kind = rel.kind if rel and rel.kind != "in_region" else "near"
                tw.relation = _merge(rel, _rel_from_anchor(a, kind))
                a.bound = True
    for a in work:
        if a.role == "anchor" and not a.bound:
            if a.anchor_dist is not None:
                phrase_start = a.span.start - len(a.anchor_text) - 1
                if _SETTLEMENT_LIES_LEFT.search(text, max(0, phrase_start - 60), phrase_start):
                    # "the town, which lies about 15 km north of Donetsk": where a place
                    # named before lies, no event of its own; the name only anchors it.
                    continue
                # "a new base approximately 70km southeast of Kherson City": no named place.
                a.role = "offset"
                a.relation = _rel_from_anchor(a, "offset")
            else:
                # "strikes west of Hulyaipole": the event is in the anchor's vicinity.
                a.role = "target"
                a.relation = _rel_from_anchor(a, "vicinity")
                phrase_start = a.span.start - len(a.anchor_text) - 1
                if _UNKNOWN_NAME_PAREN.search(text, max(0, phrase_start - 40), phrase_start):
                    # "advanced south of Varachyne (north of Sumy City)": it locates the
                    # place before the bracket, it is not an event at Sumy City.
                    a.not_event = "locator"


# A second verb after an anchor phrase starts a new event, whose places the anchor does not
# locate: "advanced west of Kotlyne and seized Zvirove".
_NEW_PREDICATE = re.compile(
    r"\b(?:and|then)\s+(?:also\s+|reportedly\s+|likely\s+|later\s+)?(?:[a-z]{3,}ed|took|"
    r"struck|hit|made|fought|drove|held|shot|seiz\w*|captur\w*|attack\w*)\b|"
    # A new place phrase: "advanced southeast of Rodynske and into eastern Bilytske".
    r"\band\s+(?:into|inside|within|toward|towards|near|around|in\s+the\s+(?:area|vicinity)\s+of)\b"
)
# Between a place and the regions after it that qualify it: "X, Luhansk Oblast", "X and Y in
# western Luhansk Oblast".
_REGION_AFTER_GAP = re.compile(r"^\s*,?\s*(?:(?:in|of)\s+)?(?:the\s+)?(?:[a-z]+\s+)?$")
# A settlement, then where it lies: "the town, which lies", "Avdiivka, located".
_SETTLEMENT_LIES_LEFT = re.compile(
    r"(?:\b(?:town|city|village|settlement|hub)|\b[A-Z][\w'’-]+)\s*,?\s+(?:(?:which|that)\s+"
    r"(?:lies|is|was|sits|stands)\s+(?:located\s+|situated\s+)?|(?:located|situated|lying)\s+)$"
)
# A capitalised word, then the opening bracket of an anchor phrase: "Varachyne (north of".
_UNKNOWN_NAME_PAREN = re.compile(r"[A-Z][\w'’-]+\s*\(\s*$")


# Between two items of a list that one qualifier ends: a comma or "and", and any names in
# between that are not in the gazetteer ("A, Unknownivka, and B of Donetsk region").
_QUALIFIED_LIST_GAP = re.compile(
    r"^\s*(?:,\s*(?:[A-Z][\w'’ʼ-]*(?:\s+[A-Z][\w'’ʼ-]*){0,2}\s*,\s*){0,3})?"
    r"(?:(?:and|or)\s+)?(?:near\s+)?$"
)


def _apply_qualifiers(text: str, work: list[_Work]) -> None:
    """ "X, Luhansk Oblast" and "near A and B in Kharkiv Oblast" qualify the preceding list."""
    for k, r in enumerate(work):
        if r.role != "region" or not r.span.admin1 or k == 0:
            continue
        j = k - 1
        prev = work[j]
        if prev.role not in ("target", "offset", "anchor"):
            continue
        gap = text[prev.span.end_ext : r.span.start]
        if not _QUALIFIER_GAP.match(gap):
            continue
        group = [j]
        while (
            j > 0
            and work[j - 1].role in ("target",)
            and _QUALIFIED_LIST_GAP.match(text[work[j - 1].span.end_ext : work[j].span.start])
        ):
            j -= 1
            group.append(j)
        for t in group:
            rel = work[t].relation or SpatialRelation(kind="in_region")
            work[t].relation = replace(rel, qualifier_admin1=r.span.admin1)
        r.role = "qualifier"


_WORD_CHAR = re.compile(r"[\w'’ʼ]")
_LETTER = re.compile(r"[^\W\d_]")


class LowerWords:
    """``word in LowerWords(text)``: is ``word`` a lowercase token (:data:`_TOKEN_RE`) of
    ``text``? Answered on demand with ``str.find`` and memoised: tokenising a whole report
    to build the set costs more than the few questions extraction asks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._memo: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        hit = self._memo.get(word)
        if hit is None:
            hit = self._memo[word] = (
                word.islower() and bool(_TOKEN_RE.fullmatch(word)) and self._occurs(word)
            )
        return hit

    def _occurs(self, word: str) -> bool:
        text, n = self.text, len(word)
        p = text.find(word)
        while p >= 0:
            if not _WORD_CHAR.match(text, p + n) and self._token_start(p):
                return True
            p = text.find(word, p + 1)
        return False

    def _token_start(self, p: int) -> bool:
        return _token_start(self.text, p)


def _token_start(text: str, p: int) -> bool:
    """Does a :data:`_TOKEN_RE` token start at ``p``, given a letter there? Yes unless a
    letter precedes it within the same run of word characters (then the token began at that
    letter and runs on through ``p``)."""
    q = p
    while q > 0 and _WORD_CHAR.match(text, q - 1):
        q -= 1
        if _LETTER.match(text, q):
            return False
    return True


def cap_tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the :data:`_TOKEN_RE` tokens of ``text`` whose first letter is a capital.

    Only capitals and non-ASCII letters are visited (a fifth of the tokens); one whose
    previous character is a word character is a token start only if no letter precedes it
    in that run ("3Kherson" yes, "McDonald"'s D and "a'B"'s B no).
    """
    if text.isascii():
        # Only A-Z can start one; one after a letter continues a token, one after a digit,
        # "_" or "'" does if a letter comes earlier in that run.
        return [
            m.span()
            for m in _ASCII_CAP_RE.finditer(text)
            if (s := m.start()) == 0 or text[s - 1] not in _ASCII_RUN or _token_start(text, s)
        ]
    out = []
    for m in _CAP_START_RE.finditer(text):
        s = m.start()
        c = text[s]
        if not ("A" <= c <= "Z" or c.isupper()):
            continue  # a non-ASCII lowercase letter ("é")
        if s:
            prev = text[s - 1]
            if prev in _ASCII_LETTERS or (_WORD_CHAR.match(prev) and not _token_start(text, s)):
                continue
        out.append(m.span())
    return out


def extract_mentions(report: Report, gaz: NameIndex) -> list[Mention]:
    """Every place mention of a report, with role and spatial relation.

    Pass the :class:`CachedIndex` of an :class:`frontline.extractor.Extractor` to keep its
    memos across reports; a bare gazetteer gets a memo for this report only.
    """
    gaz = gaz if isinstance(gaz, CachedIndex) else CachedIndex(gaz)
    out: list[Mention] = []
    persons: set[str] = set()
    bare_regions: dict[str, str] = {}
    lower_words = LowerWords(report.text)
    for si, sent in enumerate(report.sentences):
        spans = find_names(sent.text, gaz, persons, lower_words)
        if not spans:
            continue
        spans = _one_sense_per_document(sent.text, spans, bare_regions)
        for w in analyse_sentence(sent.text, spans):
            sp = w.span
            if w.role in ("skip",):
                continue
            rel = w.relation
            if rel is not None and rel.anchor_start is not None:
                rel = replace(
                    rel,
                    anchor_start=sent.start + rel.anchor_start,
                    anchor_end=sent.start + (rel.anchor_end or 0),
                )
            role = w.role if w.role != "neutral" else "target"
            if role in ("region", "qualifier"):
                rel = SpatialRelation(kind="region", qualifier_admin1=sp.admin1)
            out.append(
                Mention(
                    doc=report.doc,
                    start=sent.start + sp.start,
                    end=sent.start + sp.end,
                    surface=sp.surface,
                    key=sp.key or sp.surface,
                    role=role,  # type: ignore[arg-type]
                    sentence=si,
                    relation=rel,
                    not_event_reason=w.not_event,
                    context=sp.kind if sp.kind != "place" else "",
                )
            )
    if out:
        out = _community_in_oblast(out, gaz)
        out = _with_anaphora(report, out, gaz)
    return out


def _community_in_oblast(mentions: list[Mention], gaz: CachedIndex) -> list[Mention]:
    """A hromada adjective read as the centre in an oblast the report names ("the
    Bilozerska community" in a Kherson report: Bilozerka, not Donetsk's Bilozerske), else
    as :func:`community_centre` read it (the most populous)."""
    oblasts = {
        m.relation.qualifier_admin1
        for m in mentions
        if m.role in ("region", "qualifier") and m.relation is not None
    }
    oblasts.discard(None)
    if not oblasts:
        return mentions
    out = mentions
    for i, m in enumerate(mentions):
        if m.key == m.surface or not m.surface.endswith("ska"):
            continue  # not a hromada adjective
        names = community_centres(m.surface, gaz)
        if len(names) < 2 or any(p.admin1 in oblasts for p in gaz.lookup(names[0])):
            continue
        for name in names[1:]:
            if any(p.admin1 in oblasts for p in gaz.lookup(name)):
                out = out if out is not mentions else list(mentions)
                out[i] = replace(m, key=name)
                break
    return out


@dataclass(frozen=True, slots=True)
class AnaphoraRule:
    """One row of :data:`ANAPHORA_RULES`: a phrase that names an earlier place again ("near
    the latter", "in the same area", "in the city"), and the least population its place must
    have (a "city" is no village). ``examples`` are (text, antecedent) pairs."""

    pattern: re.Pattern[str]
    min_population: int = 0
    examples: tuple[tuple[str, str], ...] = ()


# Phrases that point back at the last place named as an event target in the same sentence or
# the one before it (same section): each becomes a mention of that place at the phrase.
ANAPHORA_RULES: tuple[AnaphoraRule, ...] = (
    AnaphoraRule(
        re.compile(r"\b(?:[Nn]ear|[Ii]n|[Aa]round|[Oo]utside|[Tt]owards?)\s+the\s+"
                   r"(?:latter|same (?:area|direction|sector|village|settlement))\b"),
        examples=(
            ("Fighting went on near Kreminna and Vodiane. Near the latter, jets struck.",
             "Vodiane"),
            ("Russian forces attacked near Krynky. They fired rockets in the same area.",
             "Krynky"),
        ),
    ),
    AnaphoraRule(
        re.compile(r"\b(?:[Nn]ear|[Ii]n|[Aa]round|[Oo]utside)\s+the\s+(?:village|settlement)\b"
                   r"(?!\s+(?:of|council|head|administration)\b)"),
        examples=(("Battles went on near Bilohorivka, and units operate near the settlement.",
                   "Bilohorivka"),),
    ),
    AnaphoraRule(
        re.compile(r"\b(?:[Nn]ear|[Ii]n|[Aa]round|[Oo]utside)\s+the\s+(?:city|town)\b"
                   r"(?!\s+(?:of|council|head|administration|centre|center)\b)"),
        min_population=5000,
        examples=(("Russia claimed Soledar. Kyiv said fighting goes on in the city.", "Soledar"),),
    ),
)
ANAPHORA_REACH = 1  # sentences back
# A word every ANAPHORA_RULES phrase has, to find the sentences worth reading.
_ANAPHORA_HINT = re.compile(r"\bthe (?:latter|same|village|settlement|city|town)\b")


def _with_anaphora(report: Report, mentions: list[Mention], gaz: CachedIndex) -> list[Mention]:
    """``mentions`` with a mention for each phrase of :data:`ANAPHORA_RULES` whose place the
    text named shortly before (its surface and key; ``context`` says "anaphora: <phrase>")."""
    found: list[Mention] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    hints = [m.start() for m in _ANAPHORA_HINT.finditer(report.text)]
    if not hints:
        return mentions  # one search of the report: most have no such phrase
    for si, sent in enumerate(report.sentences):
        k = bisect.bisect_left(hints, sent.start)
        if k == len(hints) or hints[k] >= sent.end:
            continue
        for rule in ANAPHORA_RULES:
            for hit in rule.pattern.finditer(sent.text):
                start = sent.start + hit.start()
                ante = _antecedent(report, by_sentence, si, start, rule.min_population, gaz)
                if ante is None:
                    continue
                left = sent.text[: hit.start()]
                cl_left = left[clause_at(clause_spans(sent.text, "cues"), hit.start())[0] :]
                reason = not_event_reason(ante.surface, left, cl_left, sent.text[hit.end() :])
                found.append(
                    Mention(
                        doc=report.doc,
                        start=start,
                        end=sent.start + hit.end(),
                        surface=ante.surface,
                        key=ante.key,
                        role="target",
                        sentence=si,
                        relation=SpatialRelation(
                            kind="anaphora",
                            anchor=ante.surface,
                            anchor_start=ante.start,
                            anchor_end=ante.end,
                            text=hit.group(0),
                        ),
                        not_event_reason=reason,
                        context=f"anaphora: {hit.group(0)}",
                    )
                )
    if not found:
        return mentions
    return sorted([*mentions, *found], key=lambda m: (m.start, m.end))


def _antecedent(
    report: Report,
    by_sentence: dict[int, list[Mention]],
    si: int,
    before: int,
    min_population: int,
    gaz: CachedIndex,
) -> Mention | None:
    """The last event target mention before offset ``before`` in sentence ``si`` or the
    :data:`ANAPHORA_REACH` sentences before it (same section), big enough when asked."""
    section = report.sentences[si].section
    for k in range(si, max(-1, si - ANAPHORA_REACH - 1), -1):
        if report.sentences[k].section != section:
            break
        for m in reversed(by_sentence.get(k, ())):
            if m.start >= before or m.role != "target" or m.not_event_reason or m.context:
                continue  # a located event target, not an anchor, label or route
            if min_population:
                places = gaz.lookup(m.key)
                if not places or places[0].population < min_population:
                    continue
            return m
    return None
