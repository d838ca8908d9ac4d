"""Extraction over the real gazetteer: which names are places, what role they play, and which
mentions are not events (titles, rhetoric, sector labels, persons, rivers)."""

from __future__ import annotations

import pytest
from gazetteer_support import needs_full_gazetteer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline import mentions as M
from frontline.errors import InputError
from frontline.gazetteer import load_gazetteer
from frontline.ingest import ingest_text
from frontline.mentions import extract_mentions
from frontline.records import Distance, Mention, Offset

HEADER = "November 12, 2022\n"


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()  # cached in-process: one load for the whole session


def mentions(gaz, sentence: str) -> list[Mention]:
    report = ingest_text(HEADER + sentence, "2022-11-12.txt")
    return extract_mentions(report, gaz)


def summary(ms: list[Mention]) -> list[tuple[str, str, str | None, str | None]]:
    """(surface, role, relation kind, not-event reason) per mention. A region's surface is
    compared without its "Oblast" suffix: whether the span includes it is not the contract."""
    return [
        (
            m.surface.removesuffix(" Oblast") if m.role in ("region", "qualifier") else m.surface,
            m.role,
            m.relation.kind if m.relation else None,
            m.not_event_reason,
        )
        for m in ms
    ]


def event_candidates(ms: list[Mention]) -> list[str]:
    """Surfaces the pipeline may turn into events (targets/offsets with no not-event reason)."""
    return [m.surface for m in ms if m.role in ("target", "offset") and not m.not_event_reason]


MENTION_ROWS = [
    pytest.param(
        "The Russian MoD claimed that Russian forces repelled Ukrainian assaults within 15km "
        "northwest of Svatove near Volodymyrivka and Kuzemivka, Luhansk Oblast.",
        [
            ("Svatove", "anchor", None, None),
            ("Volodymyrivka", "target", "near", None),
            ("Kuzemivka", "target", "near", None),
            ("Luhansk", "qualifier", "region", None),
        ],
        id="within-15km-northwest-near-two-villages",
    ),
    pytest.param(
        "The Russian MoD reported that Russian forces defeated Ukrainian forces by artillery "
        "fire in the vicinity of Pishchane, Kharkiv Oblast (24km northwest of Svatove).",
        [
            ("Pishchane", "target", "near", None),
            ("Kharkiv", "qualifier", "region", None),
            ("Svatove", "anchor", None, None),
        ],
        id="parenthesised-offset-binds-backward",
    ),
    pytest.param(
        "Satellite footage showed that Russian forces have established a new base "
        "approximately 70km southeast of Kherson City.",
        [("Kherson City", "offset", "offset", None)],
        id="offset-with-no-named-place",
    ),
    pytest.param(
        "Russian forces continued routine air, missile, and artillery strikes west of Hulyaipole.",
        [("Hulyaipole", "target", "vicinity", None)],
        id="bearing-only-is-vicinity",
    ),
    pytest.param(
        "Ukrainian forces attacked east of Siversk near Verkhnokamianske.",
        [("Siversk", "anchor", None, None), ("Verkhnokamianske", "target", "near", None)],
        id="east-of-anchor-near-target",
        marks=needs_full_gazetteer,  # Verkhnokamianske is an OSM-only village
    ),
    pytest.param(
        "A man was injured in Selydove, 30 km northwest of the Russian-occupied Donetsk.",
        [("Selydove", "target", "near", None), ("Donetsk", "anchor", None, None)],
        id="occupied-anchor",
    ),
    pytest.param(
        "Russian forces attacked on the northwestern outskirts of Donetsk City near Nevelske.",
        [("Donetsk City", "anchor", None, None), ("Nevelske", "target", "near", None)],
        id="outskirts-of-anchor-near-target",
    ),
    pytest.param(
        "Russian forces attacked on the outskirts of Bakhmut.",
        [("Bakhmut", "target", "outskirts", None)],
        id="outskirts",
    ),
    pytest.param(
        "Ukrainian Melitopol mayor Ivan Fedorov reported that occupation officials block "
        "residents.",
        [("Melitopol", "target", None, "title")],
        id="mayor-title",
    ),
    pytest.param(
        "Dugin said that Russia must defend Russian cities such as Kherson, Belgorod, Kursk, "
        "Donetsk, and Simferopol.",
        [
            ("Kherson", "target", None, "rhetoric"),
            ("Donetsk", "target", None, "rhetoric"),
            ("Simferopol", "target", None, "rhetoric"),
        ],
        id="rhetoric-list",
    ),
    pytest.param(
        "Russian sources claimed that Ukrainian forces continued counteroffensive operations in "
        "the direction of Kreminna and Svatove.",
        [
            ("Kreminna", "target", "towards", "sector label"),
            ("Svatove", "target", "towards", "sector label"),
        ],
        id="direction-of-is-a-sector-label",
    ),
    pytest.param("Russian forces withdrew across the Dnipro River.", [], id="river"),
    pytest.param(
        "Russian soldiers are hiding in at least seven locations in Donetsk and Luhansk.",
        [("Donetsk", "region", "region", None), ("Luhansk", "region", "region", None)],
        id="oblast-capital-pair-means-regions",
    ),
    pytest.param(
        "Russian forces liberated Novomikhailovka and Konstantinovka in the DPR.",
        [
            ("Novomikhailovka", "target", "in_region", None),
            ("Konstantinovka", "target", "in_region", None),
            ("DPR", "qualifier", "region", None),
        ],
        id="dpr-abbreviation-qualifies-the-list",
    ),
    pytest.param(
        "Russian forces continued to attack in Donetsk and Luhansk oblasts.",
        [("Donetsk", "region", "region", None), ("Luhansk", "region", "region", None)],
        id="oblasts-plural",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), MENTION_ROWS)
def test_mentions_roles_and_relations(gaz, sentence: str, expected):
    assert summary(mentions(gaz, sentence)) == expected


def test_within_15km_relation_details(gaz):
    ms = mentions(gaz, MENTION_ROWS[0].values[0])
    for m in (m for m in ms if m.role == "target"):
        rel = m.relation
        assert rel is not None
        assert (rel.anchor, rel.offset, rel.qualifier_admin1) == (
            "Svatove",
            Offset(Distance(15.0, 0.0, 15.0, "within"), 315.0, 22.5),  # the parsed phrase
            "14",  # GeoNames admin1 of Luhansk Oblast
        )
        assert rel.bearing_deg == 315.0
        # The anchor span points at "Svatove" in the report text.
        report = ingest_text(HEADER + MENTION_ROWS[0].values[0], "2022-11-12.txt")
        assert report.text[rel.anchor_start : rel.anchor_end] == "Svatove"


def test_backward_binding_carries_the_stated_24km(gaz):
    (pishchane,) = [m for m in mentions(gaz, MENTION_ROWS[1].values[0]) if m.role == "target"]
    rel = pishchane.relation
    assert (rel.anchor, rel.bearing_deg, rel.offset.distance.stated_km, rel.qualifier_admin1) == (
        "Svatove",
        315.0,
        24.0,
        "07",  # Kharkiv Oblast
    )
    assert rel.offset.distance.min_km < 24.0 < rel.offset.distance.max_km


def test_offset_relation(gaz):
    (offset,) = mentions(gaz, MENTION_ROWS[2].values[0])
    rel = offset.relation
    assert (rel.anchor, rel.offset) == (
        "Kherson City",
        Offset(Distance(70.0, 56.0, 84.0, "approx"), 135.0, 22.5),
    )


@pytest.mark.parametrize(
    ("sentence", "not_events"),
    [
        (
            "Odesa Oblast Administration Spokesperson Serhiy Bratchuk claimed that Russian "
            "officials are planning the creation of an Orthodox PMC.",
            ["Odesa", "Odesa Oblast"],
        ),
        ("The Melitopol mayor reported explosions.", ["Melitopol"]),
        ("The head of occupied Kherson said that residents must leave.", ["Kherson"]),
        (
            "The report says that Igor Artamonov, governor of Russia's Lipetsk region, reported "
            "complaints.",
            ["Artamonov", "Lipetsk"],
        ),
        ("Russian forces withdrew across the Dnipro River.", ["Dnipro"]),
        # A hyphenated pair names a front line, not a place where something happened.
        ("Russian forces are digging in along the Svatove-Kreminna line.", ["Svatove", "Kreminna"]),
        ("Fighting continued on the Kupiansk-Svatove axis.", ["Kupiansk", "Svatove"]),
        ("Russian troops sit in Donetsk and Luhansk.", ["Donetsk", "Luhansk"]),
        (
            "Russian forces fired west of Hulyaipole and in Dnipropetrovsk, Kherson and "
            "Mykolaiv oblasts.",
            ["Dnipropetrovsk", "Kherson"],
        ),
        ("The Kyiv Independent reported that Russian forces shelled the area.", ["Kyiv"]),
        # Lists of oblasts or districts, a unit named in quotes, an objective.
        ("Russian forces attacked in Sumy and Kursk oblasts.", ["Sumy"]),
        ("Occupiers shelled Kupiansk, Bohodukhiv, and Kharkiv districts.", ["Bohodukhiv"]),
        ('The press service of the "Khortytsia" military unit said so.', ["Khortytsia"]),
        ("Russian objective: advance within artillery range of Zaporizhzhia City.",
         ["Zaporizhzhia City"]),
        # A reason read at one end of a list holds for the whole list; earlier times.
        ("The Russians showed it in their seizures of Severodonetsk and Lysychansk.",
         ["Severodonetsk", "Lysychansk"]),
        ("The towns of Svatove, Starobilsk, and Bilovodsk sit on major road junctions.",
         ["Svatove", "Starobilsk", "Bilovodsk"]),
        ("Kots previously operated in Kherson City.", ["Kherson City"]),
        ("The liberation of Enerhodar is central to the plan.", ["Enerhodar"]),
        ("Russian forces damaged the inactive Chernobyl facilities.", ["Chernobyl"]),
        ("One of his units redeployed from Rubizhne to reinforce the line.", ["Rubizhne"]),
        ("Hungary still buys oil through the Druzhba pipeline.", ["Druzhba"]),
        ("The spit allows for control of the entrance to the river and of Mykolaiv.",
         ["Mykolaiv"]),
        # An oblast named after a city since renamed; an oblast's possessive.
        ("A drone attack hit a village of Ukraine's Dnipropetrovsk, the governor said.",
         ["Dnipropetrovsk"]),
        ("A drone attack hit Dnipropetrovsk's Dubovykivska community.", ["Dnipropetrovsk"]),
        # The speaker named after "said".
        ('"Twelve were destroyed," said Likhoviy.', ["Likhoviy"]),
        # A first name before a surname.
        ("Spokesperson Natalia Humenyuk said the shelling went on.", ["Natalia"]),
        # A second place that only locates the first.
        ("Russian forces took the village of Vesele near Pokrovsk.", ["Pokrovsk"]),
        ("Russian forces captured Shumi, near the mining town of Toretsk.", ["Toretsk"]),
        ("Soledar is located near the strategic city of Bakhmut.", ["Bakhmut"]),
        # Descriptions, the capital named for its government, forecasts and conditionals.
        ("Pokrovsk, a transport hub, lies on a main road to Kramatorsk.", ["Pokrovsk"]),
        ("Melitopol is a critical junction of roads.", ["Melitopol"]),
        ("Moscow accused Kyiv of shelling the plant, with Kyiv saying the opposite.", ["Kyiv"]),
        ("Russian forces may attempt to attack Kharkiv again in spring.", ["Kharkiv"]),
        ("If Ukraine regains control of Melitopol, the road will be cut.", ["Melitopol"]),
        ("Shoigu proposed to re-establish the Leningrad Military District.", ["Leningrad"]),
        # A place in brackets after another only locates it; roads, rivers, nominal events.
        ("Russian forces advanced south of Varachyne (north of Sumy City).", ["Sumy City"]),
        ("Russian forces flowed via Valuiky into Luhansk Oblast.", ["Valuiky"]),
        ("The road that runs to Starobilsk was cut.", ["Starobilsk"]),
        ("Russian boats crossed to the east bank of the Dnipro.", ["Dnipro"]),
        ("The Russians showed their power in their seizures of Lysychansk.", ["Lysychansk"]),
        ("The shocks of the Kharkiv and Lyman defeats exposed fissures.", ["Lyman"]),
        ("Russia closes on the important city of Pokrovsk.", ["Pokrovsk"]),
        ("Selydove has been badly damaged by months of shelling.", ["Selydove"]),
        ("Lyman, the site of a Ukrainian counteroffensive in 2022, is a rail hub.", ["Lyman"]),
        # ", near X," after "the village of Y" locates Y; a list of sectors; moving closer.
        ("The army withdrew from the village of Hostre, near Kurakhove, to avoid encirclement.",
         ["Kurakhove"]),
        ("Zelenskyy said the situation in the Pokrovsk and Kupiansk sectors remained difficult.",
         ["Pokrovsk", "Kupiansk"]),
        ("Russian troops have moved closer to the industrial city of Kostiantynivka.",
         ["Kostiantynivka"]),
        # The last name of a list of districts is a district too.
        ("Russian troops hit residential areas in Beryslav and Kherson districts.",
         ["Beryslav", "Kherson"]),
        # A second name of the place in brackets is the same place, named again.
        ("Russian forces recently advanced into central Toretsk (Dzerzhinsk).", ["Dzerzhinsk"]),
        ("The MoD claimed the capture of Kotlyarovka (Kotliarivka in Ukrainian).",
         ["Kotliarivka"]),
        # A unit named after a place, with "group" (not only "group of forces").
        ("Ukraine's Khortytsia group said that Russian troops tried to break through near "
         "Lyman.", ["Khortytsia"]),
        # A village named with a Russian border region is abroad.
        ("Its forces repelled a sabotage group near the village of Bessalovka in the Kursk "
         "region.", ["Bessalovka"]),
        # Places a drive aims at; what rhetoric is about.
        ("Russian forces continued operations west of Lyman to drive on Sloviansk.",
         ["Sloviansk"]),
    ],
)
def test_places_that_are_not_events(gaz, sentence: str, not_events: list[str]):
    candidates = event_candidates(mentions(gaz, sentence))
    assert not set(candidates) & set(not_events)


@pytest.mark.parametrize(
    ("sentence", "events"),
    [
        ("Ukrainian forces repelled Russian assaults near Bilohorivka.", ["Bilohorivka"]),
        ("Russian forces shelled Nikopol and Marhanets.", ["Nikopol", "Marhanets"]),
        ("Ukrainian forces liberated Kherson City on November 11.", ["Kherson City"]),
        ("Russian forces attacked Mar'yinka and Pavlivka.", ["Mar'yinka", "Pavlivka"]),
        # "the outskirts of X near Y" is an event at Y, X only locating it (the gold's
        # convention, as for "DIR of X near Y"); ", near Y" continues a list; a capital after a
        # locative word.
        ("Russian forces attacked the outskirts of Donetsk City near Vodiane.", ["Vodiane"]),
        ("Russian forces attacked near Bakhmut, near Soledar.", ["Bakhmut", "Soledar"]),
        ("The army withdrew from the village of Hostre, near Kurakhove.", ["Hostre"]),
        ("Russian drones struck Kyiv overnight.", ["Kyiv"]),
        # An oblast capital spelt the Russian way is the city, as its Ukrainian name is.
        ("The ministry said missiles struck Kharkov overnight.", ["Kharkov"]),
        ("Russian drones attacked Kiev and Nikolayev on Sunday.", ["Kiev", "Nikolayev"]),
        # A possessive before the name is no first name: the name stays known to the document.
        (
            "Attacks hit Ukraine's Kherson, Donetsk, and Kharkiv oblasts. Russia hit the "
            "southern city of Kherson overnight.",
            ["Kherson"],
        ),
        ("Air strikes targeted Chasiv Yar, Druzhba, and Oleksandropil.",
         ["Chasiv Yar", "Druzhba", "Oleksandropil"]),
        ("The ministry announced the capture of Spirne.", ["Spirne"]),
        ("Russian forces may have advanced near Kreminna.", ["Kreminna"]),
        ("Russian forces recently advanced into central Toretsk (Dzerzhinsk).", ["Toretsk"]),
        # Russian spellings of two-word names the gazetteer lacks: read in Ukrainian.
        ("Units of the Vostok group liberated Velikaya Novosyolka and Novaya Poltavka.",
         ["Velikaya Novosyolka", "Novaya Poltavka"]),
        ("The ministry said its troops had taken Malye Shcherbaki and Stepovaya Novoselovka.",
         ["Malye Shcherbaki", "Stepovaya Novoselovka"]),
        ("Russian forces liberated Zelyonoe Pole in the Zaporozhye region.", ["Zelyonoe Pole"]),
        # A Russian adjective before another capitalised word begins one name: the whole
        # unknown, the adjective alone is no place ("Novoe" is Nove); before a suffix word or
        # alone it still is.
        ("Russian forces attacked near Novoe Ivanenko and Kupiansk.", ["Kupiansk"]),
        ("The paper Novaya Gazeta reported strikes on Kupiansk.", ["Kupiansk"]),
        ("Russian forces attacked near Svatove and Novoe.", ["Svatove", "Novoe"]),
        # A relative clause after the name does not hide the event of the main one.
        ("Izium, which Russian forces occupied in 2022, came under a missile strike.",
         ["Izium"]),
        # A city named like its oblast is the city when the text says so, even after the
        # oblast's name was used for the region; a list of communities starting with "The".
        (
            "Attacks hit Sumy, Kharkiv and Zaporizhzhia oblasts. Two missiles hit a house in "
            "the city of Zaporizhzhia.",
            ["Zaporizhzhia"],
        ),
        (
            "Russian forces shelled Kharkiv and Zaporizhzhia oblasts. Zaporizhzhia, Orikhiv "
            "and Huliaipole were shelled.",
            ["Zaporizhzhia", "Orikhiv", "Huliaipole"],
        ),
        # "X and Y cities": a list of the cities, whatever the oblasts' names meant before.
        (
            "Shelling hit Mykolaiv and Kherson oblasts. Drones later struck Kherson and "
            "Mykolaiv cities, injuring three people.",
            ["Kherson", "Mykolaiv"],
        ),
        ("The Nikopol, Pokrovske, and Marhanets communities were shelled.",
         ["Nikopol", "Pokrovske", "Marhanets"]),
        # "the X area" names a settlement's surroundings, and does not hide X for the rest
        # of the document (as a river named like a village would be).
        (
            "Fighting continued in the Avdiivka area. Russian forces attacked Avdiivka itself.",
            ["Avdiivka", "Avdiivka"],
        ),
        (
            "Ukrainian forces advanced east of the Oskil. Russian forces attacked Kupiansk.",
            ["Kupiansk"],
        ),
        # A city's district after a possessive is the city's, not the oblast's.
        ("The occupiers hit Kharkiv's Saltivskyi district with two drones overnight.",
         ["Kharkiv"]),
        ("Russian artillery hit Kherson's Korabelnyi district.", ["Kherson"]),
        # General Staff counts: "attacked once" is one attack, not an earlier time.
        ("In the Orikhiv direction, the enemy attacked once near Stepove and Mali Shcherbaky.",
         ["Stepove", "Mali Shcherbaky"]),
        # A second verb ends what an anchor locates; "(both DIR of X)" binds back to the list.
        ("Geolocated footage indicates that Russian forces advanced west of Kotlyne and seized "
         "Zvirove (both southwest of Pokrovsk).", ["Kotlyne", "Zvirove"]),
        # Hromada adjectives in a list ending in "communities", compounds among them.
        ("The Khotinska, Yunakivska, Velykopysarivska and Seredyno-Budska communities came "
         "under fire.", ["Khotinska", "Yunakivska", "Velykopysarivska", "Seredyno-Budska"]),
        ("In the Synelnykove district, the enemy struck the Mezhivska community with a guided "
         "bomb.", ["Mezhivska"]),
        ("The enemy shelled the Marhanets hromada and the Pokrovske hromada.",
         ["Marhanets", "Pokrovske"]),
        ("Russians fired at the Velykyi Burluk, Dvorichanska and Kupiansk hromadas.",
         ["Velykyi Burluk", "Dvorichanska", "Kupiansk"]),
        # A bracketed distance after "DIR of X" describes X; it is no offset event.
        ("Ukrainian forces achieved partial success west of Verbove (18km southeast of "
         "Orikhiv).", ["Verbove"]),
        # Where a town named before lies: no offset event.
        ("The withdrawal ends the battle for the town, which lies about 15 km north of "
         "Donetsk.", []),
        # A river's bank named by the river; a meeting's topic.
        ("Sabotage groups tried to land on the Dnipro's left bank near Krynky.", ["Krynky"]),
        ("Putin discussed the situation around Avdiivka with Shoigu.", []),
        # A person's home town is no event when it happened elsewhere.
        ("A resident of Kramatorsk was wounded in Druzhkivka.", ["Druzhkivka"]),
        ("A 54-year-old resident of Krasnopillia was injured by a drone.", ["Krasnopillia"]),
    ],
)
def test_places_that_are_events(gaz, sentence: str, events: list[str]):
    assert event_candidates(mentions(gaz, sentence)) == events


@pytest.mark.parametrize(
    ("adjective", "centre"),
    [
        ("Dubovykivska", "dubovyky"),
        ("Krasnopilska", "krasnopillia"),
        ("Marhanetska", "marhanets"),
        ("Yunakivska", "yunakivka"),  # the village, not the hamlet Yunaky
        ("Mezhivska", "mezhova"),  # i for o in a closed syllable
        ("Lozivska", "lozova"),
        ("Kupianska", "kupiansk"),
        ("Velykopysarivska", "velyka pysarivka"),  # a compound's first word
        ("Velykoburlutska", "velykyi burluk"),  # k before -ska is ts
        ("Seredyno-Budska", "seredyna buda"),
        ("Balakliiska", "balakliia"),
        ("Dvorichanska", "dvorichna"),
        ("Vorozhbianska", "vorozhba"),  # a soft stem: -ianska
        ("Shostkynska", "shostka"),
        ("Nyzhnosyrovatska", "nyzhnia syrovatka"),
        ("Bilozerska", "bilozerske"),
    ],
)
def test_community_centre(gaz, adjective: str, centre: str) -> None:
    assert M.community_centre(adjective, gaz) == centre


@pytest.mark.parametrize(
    ("surface", "key"),
    [
        ("Velikaya Novosyolka", "velikaya novoselka"),  # ё as е: GeoNames' Russian form
        ("Malye Shcherbaki", "mali shcherbaki"),
        ("Stepovaya Novoselovka", "stepova novoselivka"),
        ("Zelyonoe Pole", "zelenoe pole"),
        ("Olgovskoye", "olgivske"),  # Olhivske (g for h: the gazetteer's loose key)
    ],
)
def test_russian_form_keys(gaz, surface: str, key: str) -> None:
    span = M._russian_form_span(0, surface, gaz)
    assert span is not None and span.key == key and span.surface == surface


def test_person_at_sentence_start_is_not_a_place(gaz):
    assert "Artamonov" not in event_candidates(
        mentions(gaz, "Igor Artamonov said that conditions were poor.")
    )


def test_mention_spans_locate_the_surface(gaz):
    text = HEADER + " ".join(row.values[0] for row in MENTION_ROWS)
    report = ingest_text(text, "2022-11-12.txt")
    ms = extract_mentions(report, gaz)
    assert ms
    for m in ms:
        if m.context.startswith("anaphora: "):  # "near the latter": the phrase, not the name
            assert report.text[m.start : m.end] == m.context.removeprefix("anaphora: ")
        else:
            assert report.text[m.start : m.end] == m.surface
        sent = report.sentences[m.sentence]
        assert sent.start <= m.start < m.end <= sent.end


_WORDS = st.sampled_from(
    [
        "Svatove",
        "Kreminna",
        "Kherson City",
        "Luhansk Oblast",
        "Donetsk",
        "near",
        "within",
        "15km",
        "northwest",
        "of",
        "and",
        ",",
        "(",
        ")",
        "the",
        "direction",
        "mayor",
        "such as",
        "-",
        "River",
        "Igor",
        ".",
        "on November 12",
    ]
)


@given(st.text(min_size=1, max_size=200) | st.lists(_WORDS, max_size=25).map(" ".join))
@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_extract_never_crashes(gaz, text: str):
    try:
        report = ingest_text(text, "fuzz.txt", date="2022-11-12")
    except InputError:
        return
    for m in extract_mentions(report, gaz):
        assert report.text[m.start : m.end] == m.surface
        assert m.role in ("target", "anchor", "region", "qualifier", "offset")


@pytest.mark.parametrize(
    ("reason", "sentence", "name"),
    [(r.reason, sent, name) for r in M.NOT_EVENT_RULES for sent, name in r.examples],
)
def test_not_event_rule_examples(gaz, reason: str, sentence: str, name: str) -> None:
    found = [m for m in mentions(gaz, sentence) if m.surface == name]
    assert found, f"{name!r} not found as a mention"
    assert found[0].not_event_reason == reason


def test_every_not_event_rule_has_examples() -> None:
    assert all(r.examples for r in M.NOT_EVENT_RULES)


@pytest.mark.parametrize(
    ("text", "antecedent"), [ex for r in M.ANAPHORA_RULES for ex in r.examples]
)
def test_anaphora_rule_examples(gaz, text: str, antecedent: str) -> None:
    found = [m for m in mentions(gaz, text) if m.context.startswith("anaphora: ")]
    assert [m.surface for m in found] == [antecedent]
    (m,) = found
    assert m.relation is not None and m.relation.kind == "anaphora"


def test_every_anaphora_rule_has_examples() -> None:
    assert all(r.examples for r in M.ANAPHORA_RULES)


# Unseen-like paragraphs, one or more per genre, written for these tests (no report's text):
# (genre, text, places that must be event candidates, places that must not be).
GENRE_PARAGRAPHS = [
    (
        "general_staff",
        "In the Siversk direction, Russian troops tried to advance near Bilohorivka and "
        "Spirne three times. In the Orikhiv direction, the enemy attacked once near "
        "Stepove and Mali Shcherbaky. The enemy launched air strikes on Velyka Novosilka and "
        "Burlatske.",
        ["Bilohorivka", "Spirne", "Stepove", "Mali Shcherbaky", "Velyka Novosilka", "Burlatske"],
        ["Siversk", "Orikhiv"],
    ),
    (
        "general_staff",
        "Air strikes hit the areas of Myropillia, Yunakivka and Khotin of Sumy oblast; Zolochiv "
        "of Kharkiv oblast. In the Kursk region, Ukrainian forces repelled 12 Russian assaults. "
        "Ukraine's Khortytsia group said Russian troops tried to break through near Lyman.",
        ["Myropillia", "Yunakivka", "Khotin", "Zolochiv", "Lyman"],
        ["Sumy", "Kharkiv", "Kursk", "Khortytsia"],
    ),
    (
        "regional_admin",
        "Over the past day, the Russian army attacked the Nikopol district more than 20 times, "
        "Serhiy Lysak, head of the Dnipropetrovsk Regional Military Administration, said. The "
        "Marhanets, Myrove and Chervonohryhorivka communities were affected. In the Synelnykove "
        "district, the enemy struck the Mezhivska community with a guided bomb.",
        ["Marhanets", "Myrove", "Chervonohryhorivka", "Mezhivska"],
        ["Dnipropetrovsk", "Synelnykove"],
    ),
    (
        "regional_admin",
        "The Khotinska, Yunakivska, Esmanska and Shalyhynska communities came under fire. "
        "Beryslav-based volunteers delivered water to Tiahynka. Kharkiv district, Tsyrkuny "
        "village: a man was injured by a drone.",
        ["Khotinska", "Yunakivska", "Esmanska", "Shalyhynska", "Tiahynka", "Tsyrkuny"],
        ["Beryslav", "Kharkiv"],
    ),
    (
        "ru_claims",
        "Units of the Zapad group of forces liberated the settlement of Zapadne in the Kharkiv "
        "region. Units of the Vostok group struck formations near Velikaya Novosyolka. Its "
        "forces repelled a sabotage group near the village of Bessalovka in the Kursk region. "
        "Kiev has lost up to 1,200 soldiers over the past day.",
        ["Zapadne", "Velikaya Novosyolka"],
        ["Kharkiv", "Bessalovka", "Kursk", "Kiev"],
    ),
    (
        "isw_full",
        "Geolocated footage published on February 18 indicates that Russian forces advanced "
        "west of Kotlyne and seized Zvirove (both southwest of Pokrovsk). Russian forces "
        "recently advanced into central Toretsk (Dzerzhinsk). Russian forces continued "
        "operations west of Lyman to drive on Sloviansk.",
        ["Kotlyne", "Zvirove", "Toretsk", "Lyman"],
        ["Pokrovsk", "Dzerzhinsk", "Sloviansk"],
    ),
    (
        "news_digest",
        "A Russian guided bomb attack on the town of Kostiantynivka killed two civilians. "
        "Pokrovsk, which had a pre-war population of 60,000, was a key logistics hub. The "
        "army withdrew from the village of Hostre, near Kurakhove, to avoid encirclement.",
        ["Kostiantynivka", "Hostre"],
        ["Pokrovsk", "Kurakhove"],
    ),
]


@pytest.mark.parametrize(
    ("genre", "text", "events", "not_events"),
    GENRE_PARAGRAPHS,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(GENRE_PARAGRAPHS)],
)
def test_genre_paragraphs(gaz, genre: str, text: str, events: list[str], not_events: list[str]):
    candidates = event_candidates(mentions(gaz, text))
    assert [e for e in events if e not in candidates] == []
    assert [n for n in not_events if n in candidates] == []


@pytest.mark.parametrize(
    ("text", "surface", "key"),
    [
        # An adjective two centres share: the oblast the report names decides.
        ("Russian troops shelled 27 settlements of Kherson region. The Bilozerska community "
         "came under fire.", "Bilozerska", "bilozerka"),
        ("Russian troops shelled the Bilozerska community of Donetsk region.", "Bilozerska",
         "bilozerske"),
        ("The aggressor attacked the Nikopol district of Dnipropetrovsk region. The Myrivska "
         "community came under fire.", "Myrivska", "myrove"),
    ],
)
def test_hromada_centre_in_the_reports_oblast(gaz, text: str, surface: str, key: str) -> None:
    found = {m.surface: m.key for m in mentions(gaz, text)}
    assert found[surface] == key
