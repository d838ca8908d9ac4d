"""Name normalisation: fold keys, skeletons, variants, oblast names (pure, no data files)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline import names
from frontline.names import (
    ADMIN1_NAMES,
    ending_variants,
    fold,
    oblast_code,
    romanize_ru,
    romanize_uk,
    skeleton,
    strip_city,
    ukrainian_forms,
    variants,
)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mar'yinka", "maryinka"),
        ("Mar’yinka", "maryinka"),
        ("Marʼyinka", "maryinka"),
        ("Mar”yinka", "maryinka"),
        ("Marinka", "marinka"),
        ("Мар’їнка", "marinka"),  # KMU 2010: non-initial ї -> i
        ("Марьинка", "marynka"),  # Russian spelling: ь dropped
        ("Kuzemivka", "kuzemivka"),
        ("Куземівка", "kuzemivka"),
        ("Нова Каховка", "nova kakhovka"),
        ("Nova  Kakhovka", "nova kakhovka"),
        ("Kupiansk-Vuzlovyi", "kupiansk vuzlovyi"),
        ("Купʼянськ-Вузловий", "kupiansk vuzlovyi"),
        ("Kadiïvka", "kadiivka"),
        ("Artëmovsk", "artemovsk"),
        ("Gorłówka", "gorlowka"),
        ("Згурівка", "zghurivka"),  # KMU: зг -> zgh
        ("Ялта", "yalta"),  # initial я -> ya
        ("Южне", "yuzhne"),
        ("Єнакієве", "yenakiieve"),  # initial є -> ye, later є -> ie
        ("Гуляйполе", "huliaipole"),  # non-initial й -> i
        ("Йосипівка", "yosypivka"),  # initial й -> y
        ("Щастя", "shchastia"),
        ("  Kherson City, ", "kherson city"),
        ("カホフカ", ""),  # other scripts vanish
    ],
)
def test_fold(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mar'yinka", "Marinka"),
        ("Mar'yinka", "Maryinka"),
        ("Mar'yinka", "Mariinka"),
        ("Мар’їнка", "Mar'yinka"),
        ("Avdiivka", "Avdiyivka"),
        ("Huliaipole", "Hulyaipole"),
        ("Hulyaipole", "Gulyaipole"),
        ("Huliaipole", "Guljajpole"),
        ("Zaporizhzhia", "Zaporizhia"),
        ("Zaporizhzhia", "Zaporizhzhya"),
        ("Mayorsk", "Maiorsk"),
        ("Pervomaiske", "Pervomayske"),
        ("Kupiansk", "Kupyansk"),
        ("Kostiantynivka", "Kostyantynivka"),
        ("Myrnohrad", "Myrnograd"),
        ("Svatove", "Swatowe"),
        ("Kreminna", "Kremina"),
    ],
)
def test_skeleton_merges_romanisation_variants(a: str, b: str) -> None:
    assert skeleton(fold(a)) == skeleton(fold(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kreminna", "Kremenchuk"),
        ("Pavlivka", "Pavlohrad"),
        ("Vuhledar", "Ugledar"),  # a different name, joined only by aliases.csv
        ("Soledar", "Sholedar"),  # sh stays distinct from s
        ("Kherson", "Kharkiv"),
        ("Siversk", "Sievierodonetsk"),
        ("Lyman", "Liman Pershyi"),
        ("Stepne", "Stepove"),
    ],
)
def test_skeleton_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert skeleton(fold(a)) != skeleton(fold(b))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Avdiyivka", {"avdiyivka", "avdiivka"}),
        ("Avdiivka", {"avdiivka", "avdiyivka"}),
        ("Kuzemivka", {"kuzemivka"}),
        ("", set()),
        ("ウ", set()),
    ],
)
def test_variants(name: str, expected: set[str]) -> None:
    assert variants(name) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("kherson city", "kherson"),
        ("zaporizhzhia city", "zaporizhzhia"),
        ("donetsk city", "donetsk"),
        ("kherson", None),
        ("city", None),
    ],
)
def test_strip_city(key: str, expected: str | None) -> None:
    assert strip_city(key) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Luhansk Oblast", "14"),
        ("Luhansk", "14"),
        ("Luhanska", "14"),
        ("Luhanska oblast", "14"),
        ("Luhansk region", "14"),
        ("LNR", "14"),
        ("Luhansk People's Republic", "14"),
        ("Luganskaya", "14"),
        ("Луганська область", "14"),
        ("DNR", "05"),
        ("Donetsk", "05"),
        ("Donetsk Oblast", "05"),
        ("Kharkiv", "07"),
        ("Kharkovskaya", "07"),
        ("Zaporizhia", "26"),
        ("Zaporizhzhia", "26"),
        ("Zaporizhia Oblast", "26"),
        ("Kherson", "08"),
        ("Crimea", "11"),
        ("Dnipropetrovsk", "04"),
        ("Mykolaiv", "16"),
        ("Odesa", "17"),
        ("Odessa", "17"),
        ("Sumy", "21"),
        ("Chernihiv", "02"),
        ("Kyiv City", "12"),
        ("Kyiv Oblast", "13"),
        ("the Luhansk region", "14"),
        ("Bakhmut", None),
        ("", None),
        ("Oblast", None),
    ],
)
def test_oblast_code(text: str, code: str | None) -> None:
    assert oblast_code(text) == code


def test_admin1_names_cover_every_ukrainian_code() -> None:
    assert sorted(ADMIN1_NAMES) == [f"{i:02d}" for i in range(1, 28)]
    for code, name in ADMIN1_NAMES.items():
        assert oblast_code(name) == code, name


@given(st.text())
def test_fold_never_crashes_and_is_idempotent(text: str) -> None:
    key = fold(text)
    assert fold(key) == key
    assert key == key.strip() and "  " not in key
    assert skeleton(key) == skeleton(key)  # total, deterministic


@given(st.text(alphabet="абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’ -"))
def test_romanized_ukrainian_is_ascii(text: str) -> None:
    assert fold(romanize_uk(text)).isascii()


@pytest.mark.parametrize(
    ("key", "starts_name", "expected"),
    [
        ("chasovyi yar", False, "chasov yar"),  # an adjective before a noun loses its ending
        ("rusynyi", True, "rusyn"),  # the first word of a longer name, likewise
        ("staromayorsk", False, "staromayorske"),  # a long name gains a dropped ending
        ("zelenyi", False, "zelene"),
    ],
)
def test_ending_variants_include(key: str, starts_name: bool, expected: str) -> None:
    assert expected in ending_variants(key, starts_name)


@pytest.mark.parametrize("key", ["kursk", "likhov", "pokrovsk"])
def test_ending_variants_leave_short_and_plain_names_alone(key: str) -> None:
    # A lone word never loses its ending, short ones never gain one ("Kursk" is not
    # "Kurskoye"); the variants are a last resort after every exact and loose key failed.
    assert "" not in ending_variants(key) and key[:-2] not in ending_variants(key)
    assert all(not v.startswith("kursk") for v in ending_variants("kursk"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Клещеевка", "kleshcheyevka"),
        ("Водяное", "vodyanoye"),
        ("Красногоровка", "krasnogorovka"),
        ("Клищіївка", None),  # a Ukrainian-only letter: not a Russian name
        ("Bakhmut", None),
    ],
)
def test_romanize_ru(name: str, expected: str | None) -> None:
    assert romanize_ru(name) == expected


def test_variants_index_russian_spellings_of_russian_names() -> None:
    assert {"vodyanoye", "vodyanoe"} <= variants("Водяное")


@pytest.mark.parametrize(
    ("key", "forms"),
    [
        ("novoselovskoye", ("novoselivske", "novoselovske")),
        ("novopokrovskoe", ("novopokrivske", "novopokrovske")),
        ("spirnoe", ("spirne",)),
        ("galitsynovka", ("galitsynivka",)),
        ("stepova novoselovka", ("stepova novoselivka",)),
        ("vodyanoye", ("vodyane",)),
        ("novoaleksandrivka", ("novooleksandrivka",)),
        ("bakhmut", ()),
        ("kursk", ()),
        ("kyiv", ()),
        ("lyman", ()),
        ("pol", ()),
    ],
)
def test_ukrainian_forms_of_russian_endings(key: str, forms: tuple[str, ...]) -> None:
    assert ukrainian_forms(key) == forms


@pytest.mark.parametrize(
    ("key", "form"),
    [
        ("novaya poltavka", "nova poltavka"),
        ("malye shcherbaki", "mali shcherbaki"),
        ("velikaya novoselka", "velika novoselka"),
        ("novyi myr", None),  # already Ukrainian
        ("novoye", None),  # one word: no adjective before a noun
    ],
)
def test_ukrainian_adjectives_of_a_names_first_words(key: str, form: str | None) -> None:
    assert names.ukrainian_adjectives(key) == form


@pytest.mark.parametrize(
    "row", [*names._RU_UA_ENDINGS, *names._RU_UA_STEMS], ids=lambda r: f"{r[0]}->{r[1]}"
)
def test_every_russian_form_row_rewrites_its_example(row) -> None:
    _ru, _ua, _least, example, expected = row
    assert ukrainian_forms(example)[0] == expected


@pytest.mark.parametrize("row", names._RU_UA_VOWELS, ids=lambda r: f"{r[0]}->{r[1]}")
def test_every_russian_vowel_row_rewrites_its_example(row) -> None:
    _ru, _ua, _least, example, expected = row
    assert expected in ukrainian_forms(example)


def test_a_russian_vowel_alone_is_no_ukrainian_form() -> None:
    # "Artyomovsk" (Bakhmut's old name) has no ending row: its yo stays, and no Artemivka of
    # another oblast becomes its "Ukrainian form".
    assert ukrainian_forms("artyomovsk") == ()


@pytest.mark.parametrize("row", names._DIRECTION_ADJECTIVES, ids=lambda r: r[0])
def test_every_direction_adjective_row_gives_its_town(row) -> None:
    _end, _swaps, adjective, town = row
    assert names.direction_towns(adjective)[0] == town


@pytest.mark.parametrize("key", ["kupiansk", "velykyi burluk", "ske", "kurakhove"])
def test_a_town_name_is_no_direction_adjective(key: str) -> None:
    assert names.direction_towns(key) == ()

