"""Event semantics: claimant, actor, event type, outcome and event date, as tables."""

from __future__ import annotations

import pytest

from frontline import semantics as S
from frontline.records import CLAIMANTS, EVENT_TYPES, Report
from frontline.semantics import (
    default_claimant,
    event_date,
    find_actor,
    find_claimant,
    find_event_type,
    find_outcome,
    heading_actor,
)

# ---------------------------------------------------------------- claimant


@pytest.mark.parametrize(
    ("sentence", "place", "default", "claimant"),
    [
        (
            "The Russian MoD claimed that Russian forces repelled Ukrainian assaults near "
            "Kuzemivka.",
            "Kuzemivka",
            "isw",
            "ru_mod",
        ),
        (
            "The Ukrainian General Staff reported that Russian forces shelled Nikopol.",
            "Nikopol",
            "isw",
            "ua_general_staff",
        ),
        (
            "According to the Ukrainian General Staff, Russian forces shelled Nikopol.",
            "Nikopol",
            "isw",
            "ua_general_staff",
        ),
        (
            "Geolocated footage published on November 12 shows Ukrainian forces in Kherson City.",
            "Kherson",
            "isw",
            "geolocated_footage",
        ),
        (
            "Satellite imagery shows Russian defensive positions near Oleshky.",
            "Oleshky",
            "isw",
            "satellite_imagery",
        ),
        (
            "Russian milbloggers claimed that Ukrainian forces attacked Kreminna.",
            "Kreminna",
            "isw",
            "ru_source",
        ),
        (
            # The outermost attribution decides: a Russian outlet reporting what an occupation
            # spokesperson announced is a Russian source's claim.
            "Russian outlet RIA Novosti reported that the occupation spokesperson announced "
            "that Russian forces left Nova Kakhovka.",
            "Nova Kakhovka",
            "isw",
            "ru_source",
        ),
        (
            "Russian forces have withdrawn from Ukraine's Kherson region west of the Dnipro "
            "River, the Russian Defense Ministry said on Friday.",
            "Kherson",
            "media",
            "ru_mod",
        ),
        (
            "Ukrainian Melitopol mayor Ivan Fedorov reported that occupation officials in "
            "Melitopol block residents.",
            "Melitopol block",
            "isw",
            "ua_official",
        ),
        # A typographic apostrophe reads as the ASCII one.
        ("Ukraine’s military said it fought 63 battles around Pokrovsk.", "Pokrovsk", "media",
         "ua_official"),
        ("Russian forces shelled Nikopol.", "Nikopol", "isw", "isw"),
        ("Russian forces shelled Nikopol.", "Nikopol", "media", "media"),
        ("Russian forces shelled Nikopol.", "Nikopol", "ua_general_staff", "ua_general_staff"),
        # "continues" attributes only a continued claim; the country as a subject that acts
        # is no source.
        ("Russia continues to claim that its forces took Terny.", "Terny", "isw", "ru_mod"),
        ("Russia continues to reinforce its positions near Terny.", "Terny", "isw", "isw"),
        ("Moscow said its forces had taken Terny.", "Terny", "media", "ru_mod"),
        ("A Russian milblogger criticized the Russian military and claimed that Russian "
         "forces advanced near Terny.", "Terny", "isw", "ru_source"),
    ],
)
def test_find_claimant(sentence: str, place: str, default: str, claimant: str):
    found, cue = find_claimant(sentence, sentence.index(place), default)
    assert found == claimant
    assert (cue == "") == (claimant == default)
    if cue:
        assert cue in sentence


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        ("Wagner Group financier Yevgeny Prigozhin acknowledged slow progress near Bakhmut.",
         "ru_source"),
        ("A Western Military District soldier claimed that Russian forces took heights near "
         "Makiivka.", "ru_source"),
        ("Russian sources also amplified footage of units operating near Vuhledar.", "ru_source"),
        ("Khodakovsky claimed that commanders committed all forces to an attack on Pavlivka.",
         "ru_source"),
    ],
)
def test_named_russian_sources(sentence: str, claimant: str) -> None:
    place = "Vuhledar" if "Vuhledar" in sentence else sentence.split()[-1].rstrip(".")
    assert find_claimant(sentence, sentence.index(place), "isw")[0] == claimant


@pytest.mark.parametrize(
    ("source", "claimant"),
    [
        ("isw", "isw"),
        ("general_staff", "ua_general_staff"),
        ("regional_admin", "ua_official"),
        ("ru_mod", "ru_mod"),
        ("news_digest", "media"),
        ("article", "media"),
        ("unknown", "media"),  # not a genre (an older export's value): read as an article
    ],
)
def test_default_claimant_per_source(source: str, claimant: str):
    assert default_claimant(source) == claimant


# ---------------------------------------------------------------- actor


@pytest.mark.parametrize(
    ("clause", "actor", "repelled"),
    [
        ("Russian forces repelled Ukrainian assaults near Kuzemivka", "UA", True),
        ("Ukrainian forces repelled Russian ground attacks near Bilohorivka", "RU", True),
        ("Ukrainian troops repulsed a Russian attack on Pavlivka", "RU", True),
        ("Russian forces struck Nikopol", "RU", False),
        ("Ukrainian forces struck a Russian ammunition depot in Nova Kakhovka", "UA", False),
        ("Wagner fighters attacked Bakhmut", "RU", False),
        ("Russia launched missiles at Kyiv", "RU", False),
        ("Ukraine struck the Kerch Strait Bridge", "UA", False),
        ("fighting continued near Bakhmut", "unknown", False),
        # The side named as the target did not act.
        ("Russian drones struck Ukrainian positions in Orikhiv", "RU", False),
        ("Russian forces continued intercepting Ukrainian drones near Poltavka", "RU", False),
        # The side that repelled an unnamed assault did not start it.
        ("Ukrainian soldiers repelled an assault on Bilohorivka", "RU", True),
        # Passive: the other side of whoever reports it (settled by describe()).
        ("an attack near Staromaiorske was successfully repelled", "enemy", True),
        ("the AFU's attempts to force a crossing were foiled near Nadiya", "enemy", True),
        ("Russian troops thwarted the AFU's attempts to cross the river", "UA", True),
        # Active, with no side on either hand: as the passive.
        ("units of the Zapad group repelled four counterattacks near Synkivka", "enemy", True),
        ("our defenders repelled seven attacks near Petropavlivka", "enemy", True),
        ("our soldiers stopped 38 attacks in the areas of Zelene", "enemy", True),
        # Fire in a place Russia holds, with no side named: Ukraine's.
        ("Ukrainian media reported explosions in the occupied port city of Berdiansk",
         "UA", False),
        # The side named on the fire itself: "Ukrainian shelling killed one person".
        ("officials in the occupied city of Donetsk said Ukrainian shelling killed one person",
         "UA", False),
        # Ground lost: the side pushed back is not the one that acted.
        ("Russian units were pushed back from Terny", "UA", False),
        ("Ukraine's military said it had pushed Russian troops back near Terny", "UA", False),
        # The country named as a place is no actor; its armed forces are.
        ("the ministry said it took Ukraine's town of Soledar", "unknown", False),
        ("one civilian was killed in eastern Ukraine", "unknown", False),
        ("the Armed Forces of Ukraine left the Kleshchiivka area", "UA", False),
        # A side named only as the target: the other acted.
        ("drone operators of a brigade are striking Ukrainian roads near X", "RU", False),
        ("partisan activity is targeting Russian railway lines near Tokmak", "UA", False),
        # Ukrainian positions stormed, advanced on or attacked: the target, not the actor.
        ("the enemy stormed Ukrainian positions near Terny", "RU", False),
        ("Russian attacks on Ukrainian positions near Terny continued", "RU", False),
        ("Russian infantry advanced toward Ukrainian positions near Terny", "RU", False),
        ("Ukrainian raids on Russian positions near Krynky", "UA", False),
        # "on" alone is no attack: an appeal to a side names the side.
        ("several states called on Russian forces to leave the plant", "RU", False),
    ],
)
def test_find_actor(clause: str, actor: str, repelled: bool):
    found, cue, was_repelled = find_actor(clause)
    assert (found, was_repelled) == (actor, repelled)
    assert (cue == "") == (actor == "unknown")


def test_repelling_side_is_not_the_initiator_without_an_assault_noun():
    assert find_actor("Ukrainian forces repelled Russian forces near Bakhmut")[0] == "RU"


@pytest.mark.parametrize(
    ("heading", "actor"),
    [
        ("Russian Main Effort—Eastern Ukraine", "RU"),
        ("Russian Subordinate Main Effort—Southern Ukraine", "RU"),
        ("Ukrainian Counteroffensives—Southern and Eastern Ukraine", "UA"),
        ("Activities in Russian-occupied areas", "RU"),
        ("Key Takeaways", "unknown"),
    ],
)
def test_heading_actor(heading: str, actor: str):
    assert heading_actor(heading) == actor


# ---------------------------------------------------------------- event type and outcome


@pytest.mark.parametrize(
    ("clause", "event_type"),
    [
        ("Russian forces repelled Ukrainian assaults near Kuzemivka", "ground_assault"),
        ("Russian forces attacked near Bakhmut", "ground_assault"),
        ("Russian forces shelled Nikopol", "shelling"),
        ("Russian forces conducted artillery fire on Marhanets", "shelling"),
        ("Russian forces conducted a missile strike on Kyiv", "strike"),
        ("Ukrainian forces struck a Russian ammunition depot", "strike"),
        ("Russian forces are digging trenches near Svatove", "defensive_works"),
        ("Russian forces have established a new base southeast of Kherson", "defensive_works"),
        ("Russian forces withdrew from Kherson City", "withdrawal"),
        ("Ukrainian forces captured Pravdyne", "advance"),
        ("Ukrainian forces liberated Kherson City", "advance"),
        ("Partisans killed a collaborator in Melitopol", "partisan"),
        ("Russian authorities deported residents of Oleshky", "occupation_measure"),
        ("Russian authorities continued mobilization in Crimea", "mobilization"),
        ("Wagner fighters brawled with Chechen units", "internal_conflict"),
        ("The Russian strike injured civilians in Zaporizhzhia", "strike"),
        ("Two civilians were wounded in Kharkiv", "civilian_harm"),
        ("Nothing was said about Vuhledar", "other"),
        ("Russian troops attacked Ukrainian fortifications in Avdiivka", "ground_assault"),
        ("Russian forces constructed additional fortifications around Vasylivka",
         "defensive_works"),
        ("soldiers digging trenches near Kreminna", "defensive_works"),
        ("Ukrainian shelling of Russian mobilized personnel near Makiivka", "shelling"),
        ("mobilized men held in a basement in Zaitseve", "mobilization"),
        ("searching occupied Horlivka for deserters", "mobilization"),
        ("the enemy attempted four times to advance near Hrekivka", "ground_assault"),
        ("Kherson came under enemy fire and air strikes", "shelling"),
        # Words that only look like triggers: an order-of-battle note, air defence.
        ("Order of Battle: elements of a brigade are operating near Konovalova", "other"),
        ("FPV drone operators are intercepting Ukrainian drones near Poltavka", "other"),
        ("Drone operators of a regiment are striking roads near Hulyaipilske", "strike"),
        ("Russian forces conducted unsuccessful offensive actions near Vuhledar",
         "ground_assault"),
        ("Russia's defence ministry said its forces had taken the village of Vesele", "advance"),
        ("the villages of Vodyanoye and Galitsynovka came under Russian control", "advance"),
        ("the invaders are trying to capture Synkivka", "ground_assault"),
        ("Russian forces continued routine fire west of Hulyaipole", "shelling"),
        ("Russian forces established defensive lines near Svatove", "defensive_works"),
        ("Russian troops continue to put pressure in the area of Synkivka", "ground_assault"),
        # A gain denied: the fighting is the event, or nothing is.
        ("Russian forces continued offensive operations near Terny but did not make confirmed "
         "advances", "ground_assault"),
        ("Russian forces attacked near Terny but did not make any territorial gains",
         "ground_assault"),
        ("Russian troops conducted assaults near Terny and made no gains", "ground_assault"),
        ("Russian forces have not made significant advances near Terny", "other"),
        ("Russian forces failed to advance near Terny", "ground_assault"),
        # Ground won back is an advance; sought, it is the aim of an assault.
        ("Russian troops attacked near Terny to regain lost positions", "ground_assault"),
        ("Russian forces sought to push Ukrainian forces out of artillery range of Terny",
         "shelling"),
        ("Russian forces advanced near Terny and did not withdraw", "advance"),
        # A feint is no withdrawal.
        ("Russian forces are attempting to simulate their withdrawal from Terny", "other"),
        # Harm to people beats "occupied" describing where a place lies.
        ("one person was injured in Terny, west of Russian-occupied Donetsk", "civilian_harm"),
        ("stores in occupied Terny switched to the ruble", "occupation_measure"),
    ],
)
def test_find_event_type(clause: str, event_type: str):
    found, cue = find_event_type(clause)
    assert found == event_type
    assert found in EVENT_TYPES
    assert (cue == "") == (event_type == "other")


@pytest.mark.parametrize(
    ("clause", "event_type", "repelled", "claimant", "outcome"),
    [
        (
            "Russian forces repelled Ukrainian assaults",
            "ground_assault",
            True,
            "ru_mod",
            "repelled",
        ),
        ("Ukrainian forces captured Pravdyne", "advance", False, "ru_source", "claimed"),
        ("Ukrainian forces captured Pravdyne", "advance", False, "geolocated_footage", "success"),
        (
            "Russian forces continued attacks near Bakhmut",
            "ground_assault",
            False,
            "isw",
            "ongoing",
        ),
        # Either side's statements are claims alike (records.CLAIM_CLAIMANTS).
        ("Russian forces shelled Nikopol", "shelling", False, "ua_general_staff", "claimed"),
        ("Russian forces shelled Nikopol", "shelling", False, "geolocated_footage", "unknown"),
        ("Russian forces shelled Nikopol", "shelling", False, "media", "claimed"),
    ],
)
def test_find_outcome(clause, event_type, repelled, claimant, outcome):
    assert find_outcome(clause, event_type, repelled, claimant) == outcome


# ---------------------------------------------------------------- dates


def report(report_date: str | None, year: int | None = None) -> Report:
    yr = year if year is not None else (int(report_date[:4]) if report_date else None)
    return Report("r.txt", "", report_date, "isw", (), (), yr)


@pytest.mark.parametrize(
    ("sentence", "place", "report_date", "date", "date_range", "history"),
    [
        (
            "Ukrainian forces entered Kherson on November 10.",
            "Kherson",
            "2022-11-12",
            "2022-11-10",
            None,
            False,
        ),
        (
            "Russian forces attacked Bakhmut on February 25 and 26.",
            "Bakhmut",
            "2026-02-27",
            "2026-02-26",
            ("2026-02-25", "2026-02-26"),
            False,
        ),
        (
            # The night of 25 to 26 is dated by its first day, as the gold convention has it.
            "Russian forces struck Odesa on the night of February 25 to 26.",
            "Odesa",
            "2026-02-27",
            "2026-02-25",
            ("2026-02-25", "2026-02-26"),
            False,
        ),
        (
            "Russian forces captured Lyman on October 1.",
            "Lyman",
            "2022-11-12",
            "2022-10-01",
            None,
            True,
        ),
        (
            "Russian forces struck Kyiv on December 30.",
            "Kyiv",
            "2023-01-02",
            "2022-12-30",
            None,
            False,
        ),
        ("Russian forces struck Kyiv.", "Kyiv", "2022-11-12", "2022-11-12", None, False),
        (
            "Russian forces seized Crimea in 2014 and now shell Kherson.",
            "Kherson",
            "2022-11-12",
            "2022-11-12",
            None,
            True,
        ),
        (
            "Russian forces struck Kyiv on November 11, 2022.",
            "Kyiv",
            "2022-11-12",
            "2022-11-11",
            None,
            False,
        ),
        # A month period that ended well before the report is background history ...
        ("Ukrainian forces liberated Lyman in early October.", "Lyman", "2022-11-12",
         "2022-11-12", None, True),
        ("Russian forces took Popasna in May 2022.", "Popasna", "2022-11-12", "2022-11-12",
         None, True),
        ("In early September, Russian forces seized Terny.", "Terny", "2022-11-12",
         "2022-11-12", None, True),
        ("Russian forces seized Terny at the beginning of September.", "Terny", "2022-11-12",
         "2022-11-12", None, True),
        ("Russian forces had seized Terny by early September.", "Terny", "2022-11-12",
         "2022-11-12", None, True),
        ("Russian forces seized Terny at the end of September.", "Terny", "2022-11-12",
         "2022-11-12", None, True),
        # ... but not a period of the report's own month however it is worded, ...
        ("In early November, Russian forces attacked Terny.", "Terny", "2022-11-12",
         "2022-11-12", None, False),
        ("Russian forces attacked Terny at the beginning of November.", "Terny", "2022-11-12",
         "2022-11-12", None, False),
        # ... nor a period that has not ended, nor "since" (ongoing), nor one that dates
        # another clause.
        ("Russian forces attacked Bakhmut in early November.", "Bakhmut", "2022-11-12",
         "2022-11-12", None, False),
        ("Russian forces have shelled Nikopol since July.", "Nikopol", "2022-11-12",
         "2022-11-12", None, False),
        ("Russian forces attacked Soledar, suggesting that ISW was right in July.", "Soledar",
         "2022-11-12", "2022-11-12", None, False),
        # A year made an adjective dates background: "the 2014 battles for X".
        ("Putin referred to the 2014 battles for Debaltseve as proof.", "Debaltseve",
         "2022-11-12", "2022-11-12", None, True),
        # A month abbreviated without its dot.
        ("Russian drones attacked Odesa on Nov 30.", "Odesa", "2024-12-09", "2024-11-30",
         None, False),
        # A deadline after the report is no event's day.
        ("Occupation officials announced that residents of Enerhodar must register by "
         "October 15.", "Enerhodar", "2022-10-08", "2022-10-08", None, False),
        # Day, month and year with dots; a day that does not exist dates nothing.
        ("On 10.06.2024, a drone hit Zolochiv.", "Zolochiv", "2024-06-12", "2024-06-10",
         None, False),
        ("On 31.06.2024, a drone hit Zolochiv.", "Zolochiv", "2024-06-12", "2024-06-12",
         None, False),
        # "the night of March 1-2" is the night's first day, not its "March 1-2" range.
        ("On the night of March 1-2, Russian drones attacked Odesa.", "Odesa", "2024-03-02",
         "2024-03-01", ("2024-03-01", "2024-03-02"), False),
    ],
)  # fmt: skip
def test_event_date(sentence, place, report_date, date, date_range, history):
    info = event_date(sentence, sentence.index(place), report(report_date))
    assert (info.date, info.date_range, info.history) == (date, date_range, history)
    assert info.explicit == (date != report_date)


def test_event_date_of_an_undated_report_is_null():
    info = event_date("Russian forces struck Kyiv.", 0, report(None))
    assert (info.date, info.date_range, info.explicit) == (None, None, False)


def test_a_date_30_days_before_the_report_is_history():
    info = event_date("Russian forces captured Kupiansk on October 10.", 0, report("2022-11-12"))
    assert info.history


def test_the_date_of_the_mentions_clause_wins():
    s = "Russian forces attacked Bakhmut on November 10 and shelled Nikopol on November 11."
    assert event_date(s, s.index("Bakhmut"), report("2022-11-12")).date == "2022-11-10"
    assert event_date(s, s.index("Nikopol"), report("2022-11-12")).date == "2022-11-11"


# ---------------------------------------------------------------- the rule tables' examples
@pytest.mark.parametrize(
    ("label", "example"),
    [(r.label, ex) for r in S.TYPE_RULES for ex in r.examples],
)
def test_event_type_rule_examples(label: str, example: str) -> None:
    assert find_event_type(example)[0] == label


@pytest.mark.parametrize(
    ("label", "example"),
    [(r.label, ex) for r in S.SOURCE_RULES for ex in r.examples],
)
def test_claimant_rule_examples(label: str, example: str) -> None:
    found = S._source_of(example)
    assert found is not None and found[0] == label


@pytest.mark.parametrize(
    ("label", "example"),
    [(r.label, ex) for r in S.DIRECT_SOURCE_RULES for ex in r.examples],
)
def test_direct_source_rule_examples(label: str, example: str) -> None:
    found = S._direct_source(example)
    assert found is not None and found[0] == label


def test_vocabularies_are_the_tables_labels() -> None:
    # One home per vocabulary: every event type but the fallback has a rule, every claimant
    # a source rule (or is the fallback); no rule names a value outside the vocabulary.
    assert {r.label for r in S.TYPE_RULES} | {"other"} == set(EVENT_TYPES)
    assert {r.label for r in S.SOURCE_RULES} | {"unknown"} == set(CLAIMANTS)
    assert all(r.examples for r in (*S.TYPE_RULES, *S.SOURCE_RULES))


@pytest.mark.parametrize(
    ("label", "example"),
    [(r.label, ex) for r in S.OUTCOME_RULES for ex in r.examples],
)
def test_outcome_rule_examples(label: str, example: str) -> None:
    # What each row decides: ground gained by an advance ISW assesses is a success, by one a
    # party claims a claim; fighting that goes on is ongoing.
    if label == "gained":
        assert find_outcome(example, "advance", False, "isw") == "success"
        assert find_outcome(example, "advance", False, "ru_mod") == "claimed"
    else:
        assert find_outcome(example, "ground_assault", False, "isw") == "ongoing"


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("the ministry said its forces had taken Vesele", "its forces"),
        ("attacks on the positions of our troops near Kupiansk", ""),
        ("its forces were involved in 63 skirmishes around Pokrovsk", ""),
        ("our troops repelled five attacks near Krynky", ""),
        ("the military said its forces had repelled attacks near Vovchansk", ""),
    ],
)
def test_own_side_is_the_acting_subject(text: str, own: str) -> None:
    assert S._own_side(text) == own


@pytest.mark.parametrize(
    "text",
    [
        "the group inflicted losses on two Ukrainian brigades near Terny",
        "the group hit manpower of a Ukrainian brigade near Terny",
        "units defeated manpower and hardware of three Ukrainian brigades in the areas of Terny",
    ],
)
def test_the_object_of_fire_names_no_actor(text: str) -> None:
    from frontline.semantics import without_fire_targets

    assert find_actor(without_fire_targets(text))[0] != "UA"


@pytest.mark.parametrize(
    "clause",
    [
        "Russian forces moved artillery to the east bank near Hola Prystan",
        "Russian forces redeployed MLRS systems to Tokmak",
    ],
)
def test_weapons_moved_are_not_fired(clause: str) -> None:
    from frontline.semantics import find_event_type

    assert find_event_type(clause)[0] == "other"
