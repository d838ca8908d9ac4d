"""Place-name normalisation: lookup keys, loose skeletons, spelling variants, oblast names.

Pure functions, no I/O. Every name that goes into the gazetteer index and every surface form
the extractor looks up passes through :func:`fold`, so both sides meet on the same key.

Design
------
* :func:`fold` is the exact key: Cyrillic is first romanised with the Ukrainian national
  system (KMU resolution No. 55 of 2010), then Latin diacritics are stripped, apostrophes and
  soft-sign marks vanish, hyphens and whitespace runs become one space. ``"Мар’їнка"`` and
  ``"Marinka"`` both become ``"marinka"``.
* :func:`skeleton` is a looser key used only when the exact key finds nothing. It collapses the
  differences between the Ukrainian-national and the older Russian-based romanisations
  (``y``/``i``, ``h``/``g``, doubled letters) so that "Mayorsk" meets "Maiorsk" and
  "Gulyaipole" meets "Huliaipole", while distinct names ("Kreminna"/"Kremenchuk") stay apart.
* The admin1 tables map every way reports name an oblast ("Luhanska", "LNR", "Luganskaya") to
  the GeoNames admin1 code, and back to the spelling ISW uses ("Luhansk Oblast").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

__all__ = [
    "ADMIN1_NAMES",
    "direction_towns",
    "ending_variants",
    "fold",
    "oblast_code",
    "romanize_ru",
    "romanize_uk",
    "skeleton",
    "spelling_variant",
    "strip_city",
    "variants",
]

# --- Ukrainian national romanisation (KMU 2010) -------------------------------------------
# Letters whose romanisation depends on the position: word-initial form, other form.
_POSITIONAL: dict[str, tuple[str, str]] = {
    "є": ("ye", "ie"),
    "ї": ("yi", "i"),
    "й": ("y", "i"),
    "ю": ("yu", "iu"),
    "я": ("ya", "ia"),
}
_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "",
    # Russian and Belarusian letters met in GeoNames alternate names; the KMU table has none,
    # so use the common Russian-based forms to keep such names searchable.
    "ы": "y", "э": "e", "ё": "e", "ъ": "", "ў": "u",
}  # fmt: skip
# Apostrophes, soft-sign marks and quote look-alikes written inside names (Mar'yinka, Mar”yinka).
_APOSTROPHES = "'’ʼ`”ʹ′‘\"ʺ´"
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
# Latin letters that NFKD does not decompose into ASCII.
_LATIN_EXTRA = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ħ": "h"}
)
_NON_ALNUM_RE = re.compile(r"[^a-z0-9 ]+")
_SPACES_RE = re.compile(r"\s+")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")


def romanize_uk(text: str) -> str:
    """Romanise Ukrainian Cyrillic with the national system (KMU 2010); keep other characters.

    Parameters
    ----------
    text : str
        Any text; only Cyrillic letters are changed. The result is lowercase.

    Returns
    -------
    str
        ``"Мар’їнка"`` -> ``"mar’inka"``, ``"Згурівка"`` -> ``"zghurivka"``.
    """
    low = text.lower()
    out: list[str] = []
    prev_letter = False
    for i, ch in enumerate(low):
        if ch in _POSITIONAL:
            initial, other = _POSITIONAL[ch]
            out.append(other if prev_letter else initial)
        elif ch == "г" and i > 0 and low[i - 1] == "з":
            out.append("gh")  # KMU: "зг" is written "zgh" so it is not read as "zh"
        elif ch in _PLAIN:
            out.append(_PLAIN[ch])
        else:
            out.append(ch)
        # An apostrophe stays inside the word: "Мар’їнка" has a non-initial ї.
        prev_letter = ch.isalpha() or (ch in _APOSTROPHES and prev_letter)
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """Return the exact lookup key of a place name.

    Parameters
    ----------
    name : str
        A name as written, Latin or Cyrillic.

    Returns
    -------
    str
        Lowercase ASCII, apostrophes dropped, hyphens and whitespace runs turned into one
        space: ``fold("Mar'yinka") == "maryinka"``, ``fold("Нова Каховка") == "nova kakhovka"``.
        Characters of other scripts vanish, so the key may be empty.
    """
    if name.isascii():  # nothing to romanise, decompose or drop
        text = _APOSTROPHE_RE.sub("", name.lower())
    else:
        text = romanize_uk(name) if _CYRILLIC_RE.search(name) else name.lower()
        text = _APOSTROPHE_RE.sub("", text)
        text = unicodedata.normalize("NFKD", text).translate(_LATIN_EXTRA)
        text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = _NON_ALNUM_RE.sub(" ", text)  # hyphens, dots, commas, brackets
    return _SPACES_RE.sub(" ", text).strip()


# --- skeleton ------------------------------------------------------------------------------
# Order matters: digraphs become single letters that no later step touches, so "kh"/"zh"
# survive h -> g; j and w are mapped before "zh" is turned into j.
_SKELETON_STEPS: tuple[tuple[str, str], ...] = (
    ("j", "y"),  # German/Polish forms: Guljajpole
    ("w", "v"),  # German forms: Swatowo
    ("shch", "q"),
    ("sch", "q"),
    ("zh", "j"),
    ("kh", "x"),
    ("ch", "c"),
    ("ts", "c"),  # Polish/Czech forms write ц as c: Zajcevo
    ("sh", "w"),
    ("h", "g"),  # Ukrainian г is h, Russian-based forms write g: Huliaipole / Gulyaipole
    ("y", "i"),  # й/и/ї/я/ю written y or i: Mayorsk / Maiorsk, Kupyansk / Kupiansk
)
_DOUBLE_RE = re.compile(r"(.)\1+")


# --- Russian-scheme romanisation (BGN/PCGN-like) ----------------------------------------
# Reports relaying Russian sources spell villages from their Russian names ("Kleshcheyevka",
# "Vodyanoye", "Krasnogorovka"), which the KMU table above cannot produce from the Russian
# Cyrillic alternate names GeoNames lists. Used only for names with no Ukrainian-only letter.
_RU_PLAIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_RU_IOTATED = {"е": ("ye", "e"), "ё": ("yo", "e")}  # (initial / after a vowel or sign, else)
_RU_VOWELS_SIGNS = frozenset("аеёиоуыэюяьъ")
_UK_ONLY = frozenset("іїєґ")
_YE_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])ye")


def romanize_ru(text: str) -> str | None:
    """Romanise Russian Cyrillic the way English-language reports do (BGN/PCGN-like), or None
    for text with a Ukrainian-only letter (і, ї, є, ґ) or no Cyrillic at all.

    ``"Клещеевка"`` -> ``"kleshcheyevka"``, ``"Водяное"`` -> ``"vodyanoye"``.
    """
    low = text.lower()
    if not _CYRILLIC_RE.search(low) or any(ch in _UK_ONLY for ch in low):
        return None
    out: list[str] = []
    prev = ""
    for ch in low:
        if ch in _RU_IOTATED:
            soft, hard = _RU_IOTATED[ch]
            out.append(soft if (not prev.isalpha() or prev in _RU_VOWELS_SIGNS) else hard)
        else:
            out.append(_RU_PLAIN.get(ch, ch))
        prev = ch
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def skeleton(key: str) -> str:
    """Return a loose key that merges romanisation variants of one name.

    Parameters
    ----------
    key : str
        A key made by :func:`fold`.

    Returns
    -------
    str
        ``skeleton(fold("Mar'yinka")) == skeleton("marinka")``; used only as a fallback when the
        exact key finds nothing, because it also merges a few unrelated names.
    """
    s = key
    for old, new in _SKELETON_STEPS:
        s = s.replace(old, new)
    # Doubled letters: Zaporizhzhia/Zaporizhia, Mariinka/Marinka (after y -> i), Kreminna.
    return _DOUBLE_RE.sub(_first_of_run, s)


# Adjectival endings reports get wrong: a Russian-style or inflected ending ("Chasovyi Yar"
# for Chasov/Chasiv Yar, "Zelenyi" for Zelene, "Rusynyi Yar" for Rusyn Yar) or a dropped one
# ("Staromayorsk" for Staromaiorske). (ending as written, endings to try instead), longest
# first; tried only after every exact and loose key has failed.
_ENDING_SWAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("skyi", ("ske", "sk")),
    ("yi", ("", "e", "a")),
    ("iy", ("", "e")),
    ("yy", ("", "e")),
    ("ij", ("", "e")),
    ("sk", ("ske", "skoye", "skoe")),
)


# Russian forms of a romanised place name and the Ukrainian ones of the same place
# ("Novoselovskoye" is Novoselivske, "Galitsynovka" Halytsynivka, "Sokol" Sokil): a report
# relaying the Russian MoD spells the Russian form, which GeoNames may not list for that
# village. Each row: (Russian, Ukrainian, least length of the word, an example word and its
# Ukrainian-form key: tests/test_names.py checks every row's example).
# Endings, the first that fits (longest first); the last two are the Ukrainian o -> i of a
# final closed syllable (Kharkov/Kharkiv, Sokol/Sokil).
_RU_UA_ENDINGS: tuple[tuple[str, str, int, str, str], ...] = (
    ("ovskoye", "ivske", 6, "novoselovskoye", "novoselivske"),
    ("evskoye", "ivske", 6, "zaliznevskoye", "zaliznivske"),
    ("ovskoe", "ivske", 6, "petrovskoe", "petrivske"),
    ("evskoe", "ivske", 6, "zhuravlevskoe", "zhuravlivske"),
    ("skoye", "ske", 6, "staromayorskoye", "staromayorske"),
    ("skoe", "ske", 6, "pervomayskoe", "pervomayske"),
    ("eyevka", "iivka", 7, "dyleyevka", "dyliivka"),
    ("eevka", "iivka", 6, "andreevka", "andriivka"),
    ("ovka", "ivka", 6, "galitsynovka", "galitsynivka"),
    ("evka", "ivka", 6, "tabaevka", "tabaivka"),
    ("oye", "e", 6, "vodyanoye", "vodyane"),
    ("oe", "e", 6, "spirnoe", "spirne"),
    ("aya", "a", 6, "kamennaya", "kamenna"),
    ("ovo", "ove", 6, "kalinovo", "kalinove"),
    ("evo", "eve", 6, "zaytsevo", "zaytseve"),
    ("ino", "ine", 6, "pushkino", "pushkine"),
    ("ov", "iv", 4, "kharkov", "kharkiv"),
    ("ol", "il", 5, "sokol", "sokil"),
)
# Stems, anywhere in the word, all that fit: the Russian a/i of the Ukrainian o/y at the
# start of a given name ("Novoaleksandrovka" is Novooleksandrivka, "Nikolaevka" Mykolaivka).
_RU_UA_STEMS: tuple[tuple[str, str, int, str, str], ...] = (
    ("aleks", "oleks", 6, "novoaleksandrovka", "novooleksandrivka"),
    ("nikol", "mykol", 6, "nikolaevka", "mykolaivka"),
)
# Vowels of the stem, read in Ukrainian only together with an ending row (the Russian yo of a
# Ukrainian e: "Semyonovka" is Semenivka; alone, "Artyomovsk" would lose its own alias).
_RU_UA_VOWELS: tuple[tuple[str, str, int, str, str], ...] = (
    ("yo", "e", 6, "semyonovka", "semenivka"),
)
# Words that end like a Russian form but are Ukrainian names as they stand.
_RU_UA_KEEP = frozenset({"kyiv", "lviv"})


# Russian adjective endings of a name's first words and the Ukrainian ones ("Novaya Poltavka"
# is Nova Poltavka, "Malye Shcherbaki" Mali Shcherbaky, "Zelyonoe Pole" Zelene Pole).
RU_ADJ_ENDINGS = (("aya", "a"), ("iye", "i"), ("ye", "i"), ("oye", "e"), ("oe", "e"),
                  ("yy", "yi"), ("iy", "yi"))  # fmt: skip


def ukrainian_adjectives(key: str) -> str | None:
    """The key with the Russian adjective endings of its first words (:data:`RU_ADJ_ENDINGS`)
    read in Ukrainian: ``ukrainian_adjectives("novaya poltavka") == "nova poltavka"``; None
    when no word before the last has one."""
    words = key.split(" ")
    out = list(words)
    for i, w in enumerate(words[:-1]):
        for ru, uk in RU_ADJ_ENDINGS:
            if w.endswith(ru) and len(w) > len(ru) + 2:
                out[i] = w[: -len(ru)] + uk
                break
    return " ".join(out) if out != words else None


@functools.lru_cache(maxsize=1 << 14)
def ukrainian_forms(key: str) -> tuple[str, ...]:
    """The Ukrainian-form keys of a key whose last word has a Russian ending or stem
    (:data:`_RU_UA_ENDINGS`, :data:`_RU_UA_STEMS`), one per ending row that fits:
    ``ukrainian_forms("novoselovskoye") == ("novoselivske", "novoselovske")``; () for any
    other."""
    head, _, last = key.rpartition(" ")
    if last in _RU_UA_KEEP:
        return ()
    stem = last
    for ru, ua, least, _ex, _out in _RU_UA_STEMS:
        if len(stem) >= least and ru in stem:
            stem = stem.replace(ru, ua)
    # Every ending row that fits, the most specific first ("novopokrovskoe": the o->i of
    # -ovskoe gives novopokrivske, the plain -skoe novopokrovske; the gazetteer says which).
    rows = [
        (ru, ua) for ru, ua, least, _ex, _out in _RU_UA_ENDINGS
        if len(last) >= least and stem.endswith(ru)
    ]  # fmt: skip
    forms = [stem[: -len(ru)] + ua for ru, ua in rows] or [stem]
    if rows:
        # The stem's Russian vowels too, after the forms without them (the gazetteer says
        # which names a place).
        voweled = stem
        for ru, ua, least, _ex, _out in _RU_UA_VOWELS:
            if len(stem) >= least:
                voweled = voweled.replace(ru, ua)
        if voweled != stem:
            forms += [voweled[: -len(ru)] + ua for ru, ua in rows]
    return tuple(dict.fromkeys(f"{head} {f}" if head else f for f in forms if f != last))


def spelling_variant(surface: str, name: str) -> bool:
    """Is ``surface`` another romanisation of ``name`` ("Zaporozhye" of Zaporizhzhia, and by
    its Ukrainian form "Nikolayev" of Mykolaiv) rather than a different name?"""
    from rapidfuzz import fuzz  # imported here: only names off the index need it

    a, b = fold(surface), fold(name)
    a = strip_city(a) or a
    return any(fuzz.ratio(f, b) >= 60.0 for f in (a, *ukrainian_forms(a)))


@functools.lru_cache(maxsize=1 << 14)
def ending_variants(key: str, starts_name: bool = False) -> tuple[str, ...]:
    """Other keys a folded name may stand for when its word endings are swapped
    (:data:`_ENDING_SWAPS`): ``ending_variants("chasovyi yar") == ("chasov yar", ...)``.

    One word changed at a time. A lone word keeps an ending ("Likhoviy" is a surname, not
    the village Likhov) and short ones are left alone ("Kursk" is not "Kurskoye"): only an
    adjective before a noun ("Chasovyi Yar") loses its ending, only a long name gains one.
    ``starts_name``: ``key`` is the first word of a longer name, read by the rules for those.
    """
    words = key.split(" ")
    multi = len(words) > 1 or starts_name
    out: list[str] = []
    for i, w in enumerate(words):
        if len(w) < (5 if multi else 7):
            continue
        for end, swaps in _ENDING_SWAPS:
            if w.endswith(end):
                stem = w[: -len(end)]
                out.extend(
                    " ".join([*words[:i], stem + s, *words[i + 1 :]])
                    for s in swaps
                    if s or multi
                )
                break
    return tuple(dict.fromkeys(k for k in out if k != key))


# A direction named by the adjective of its town, as General Staff summaries translate them
# ("the Pokrovske direction" is Pokrovsk's, "Siverskiy" Siversk's, "Vremivske" Vremivka's,
# "Orikhivske" Orikhiv's). Rows: (adjective ending, what replaces it, in order of trial,
# an example adjective key and the first town key it gives: tests/test_names.py checks them).
_DIRECTION_ADJECTIVES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    ("ivske", ("ivka", "iv", "ivsk"), "vremivske", "vremivka"),
    ("ske", ("sk", ""), "pokrovske", "pokrovsk"),
    ("skyi", ("sk", ""), "siverskyi", "siversk"),
    ("skiy", ("sk", ""), "siverskiy", "siversk"),
    ("skyy", ("sk", ""), "siverskyy", "siversk"),
    ("sky", ("sk", ""), "siversky", "siversk"),
)


def direction_towns(key: str) -> tuple[str, ...]:
    """The town keys a direction's adjective may stand for, most likely first
    (``direction_towns("pokrovske") == ("pokrovsk", "pokrov")``); () for a name that is no
    such adjective. Only the last word changes ("Velykyi Burluk" is no adjective)."""
    head, _, last = key.rpartition(" ")
    for end, swaps, _ex, _town in _DIRECTION_ADJECTIVES:
        if last.endswith(end) and len(last) > len(end) + 3:
            stem = last[: -len(end)]
            return tuple(f"{head} {stem}{s}" if head else f"{stem}{s}" for s in swaps)
    return ()


def _first_of_run(m: re.Match[str]) -> str:
    # A function, not the template r"\1": Python 3.11 expands templates in Python per match.
    return m[1]


_IYI_RE = re.compile(r"(?<=[a-z])iyi")
_II_RE = re.compile(r"(?<=[a-z])ii(?=[a-z])")
_CITY_SUFFIXES = (" city", " town")


def variants(name: str) -> set[str]:
    """Return the exact keys under which a name is indexed.

    Parameters
    ----------
    name : str
        A name as written in a source.

    Returns
    -------
    set of str
        The folded name plus its "-iyi-"/"-ii-" twin (Avdiyivka / Avdiivka: both spell
        Ukrainian "іï"). Empty when the name folds to nothing.
    """
    key = fold(name)
    if not key:
        return set()
    out = {key}
    ru = romanize_ru(name) if not name.isascii() else None
    if ru:
        # "Vodyanoye" and "Vodyanoe", "Kleshcheyevka" and "Kleshcheevka".
        for form in (ru, _YE_AFTER_VOWEL.sub("e", ru)):
            if k := fold(form):
                out.add(k)
    if "iyi" in key:
        out.add(_IYI_RE.sub("ii", key))
    if "ii" in key:
        out.add(_II_RE.sub("iyi", key))
    return out


_POSSESSIVES = frozenset({"'s", "’s", "ʼs"})


def strip_possessive(text: str) -> str:
    """``"Bakhmut's"`` -> ``"Bakhmut"`` (straight, curly or modifier apostrophe)."""
    return text[:-2] if text[-2:] in _POSSESSIVES else text


def strip_city(key: str) -> str | None:
    """Return ``key`` without a trailing "city"/"town" word, or None if it has none.

    ISW writes "Kherson City" and "Zaporizhzhia City" for the city as opposed to the oblast.
    """
    for suffix in _CITY_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)].strip()
    return None


# --- oblasts (GeoNames admin1 codes of Ukraine) --------------------------------------------
ADMIN1_NAMES: dict[str, str] = {
    "01": "Cherkasy Oblast",
    "02": "Chernihiv Oblast",
    "03": "Chernivtsi Oblast",
    "04": "Dnipropetrovsk Oblast",
    "05": "Donetsk Oblast",
    "06": "Ivano-Frankivsk Oblast",
    "07": "Kharkiv Oblast",
    "08": "Kherson Oblast",
    "09": "Khmelnytskyi Oblast",
    "10": "Kirovohrad Oblast",
    "11": "Crimea",
    "12": "Kyiv City",
    "13": "Kyiv Oblast",
    "14": "Luhansk Oblast",
    "15": "Lviv Oblast",
    "16": "Mykolaiv Oblast",
    "17": "Odesa Oblast",
    "18": "Poltava Oblast",
    "19": "Rivne Oblast",
    "20": "Sevastopol",
    "21": "Sumy Oblast",
    "22": "Ternopil Oblast",
    "23": "Vinnytsia Oblast",
    "24": "Volyn Oblast",
    "25": "Zakarpattia Oblast",
    "26": "Zaporizhia Oblast",
    "27": "Zhytomyr Oblast",
}

# Extra spellings per code: Ukrainian adjectival (Latin, as fold() makes it from Cyrillic too),
# Russian-based stems and adjectives, and the occupation entities reports name.
_ADMIN1_EXTRA: dict[str, tuple[str, ...]] = {
    "01": ("cherkasy", "cherkaska", "cherkassy", "cherkasskaya"),
    "02": ("chernihiv", "chernihivska", "chernigov", "chernigovskaya"),
    "03": ("chernivtsi", "chernivetska", "chernovtsy", "chernovitskaya", "bukovina"),
    "04": ("dnipropetrovsk", "dnipropetrovska", "dnepropetrovsk", "dnepropetrovskaya", "dnipro"),
    "05": ("donetsk", "donetska", "donetskaya", "dnr", "dpr", "donetsk peoples republic",
           "donbas donetsk"),
    "06": ("ivano frankivsk", "ivano frankivska", "ivano frankovsk", "ivano frankovskaya"),
    "07": ("kharkiv", "kharkivska", "kharkov", "kharkovskaya"),
    "08": ("kherson", "khersonska", "khersonskaya"),
    "09": ("khmelnytskyi", "khmelnytska", "khmelnitsky", "khmelnitskaya"),
    "10": ("kirovohrad", "kirovohradska", "kirovograd", "kirovogradskaya", "kropyvnytskyi"),
    "11": ("crimea", "krym", "crimean", "autonomous republic of crimea", "respublika krym",
           "avtonomna respublika krym", "republic of crimea", "crimean peninsula"),
    "12": ("kyiv city", "misto kyiv", "kiev city", "city of kyiv"),
    "13": ("kyiv", "kyivska", "kiev", "kievskaya"),
    "14": ("luhansk", "luhanska", "lugansk", "luganskaya", "lnr", "lpr",
           "luhansk peoples republic", "lugansk peoples republic"),
    "15": ("lviv", "lvivska", "lvov", "lvovskaya"),
    "16": ("mykolaiv", "mykolaivska", "nikolaev", "nikolayev", "nikolaevskaya", "mykolayiv"),
    "17": ("odesa", "odeska", "odessa", "odesskaya"),
    "18": ("poltava", "poltavska", "poltavskaya"),
    "19": ("rivne", "rivnenska", "rovno", "rovenskaya"),
    "20": ("sevastopol", "sebastopol", "sevastopol city", "misto sevastopol"),
    "21": ("sumy", "sumska", "sumskaya"),
    "22": ("ternopil", "ternopilska", "ternopol", "ternopolskaya"),
    "23": ("vinnytsia", "vinnytska", "vinnitsa", "vinnitskaya", "vinnytsya"),
    "24": ("volyn", "volynska", "volynskaya"),
    "25": ("zakarpattia", "zakarpatska", "zakarpatskaya", "transcarpathia", "transcarpathian"),
    "26": ("zaporizhia", "zaporizhzhia", "zaporizka", "zaporozhye", "zaporozhskaya",
           "zaporizhzhya", "zaporozhzhia"),
    "27": ("zhytomyr", "zhytomyrska", "zhitomir", "zhitomirskaya"),
}  # fmt: skip

# Words that say "this is an oblast" and can be dropped before matching the stem.
_ADMIN1_SUFFIX_RE = re.compile(
    r"\s+(oblast|oblasti|oblast s|obl|region|province|oblastʹ|oblast'|area|raion)$"
)
_OBLAST_KEYS: dict[str, str] = {}
for _code, _name in ADMIN1_NAMES.items():
    _OBLAST_KEYS[fold(_name)] = _code
    for _alias in _ADMIN1_EXTRA.get(_code, ()):
        _OBLAST_KEYS[_alias] = _code
# Cyrillic names as written in Ukrainian and Russian text ("Луганська область").
for _code, _cyr in (
    ("05", "донецкая"), ("14", "луганская"), ("07", "харьковская"), ("08", "херсонская"),
    ("26", "запорожская"), ("04", "днепропетровская"), ("16", "николаевская"),
    ("17", "одесская"), ("21", "сумская"), ("02", "черниговская"), ("13", "киевская"),
    ("11", "крым"),
):  # fmt: skip
    _OBLAST_KEYS.setdefault(fold(_cyr), _code)


def oblast_keys() -> Iterable[str]:
    """Every key :func:`oblast_code` recognises (folded oblast names and aliases)."""
    return _OBLAST_KEYS.keys()


def oblast_code(text: str) -> str | None:
    """Return the GeoNames admin1 code of Ukraine named by ``text``, or None.

    Parameters
    ----------
    text : str
        "Luhansk Oblast", "Luhanska", "Luhansk region", "LNR", "Luganskaya", "Луганська
        область", "Kyiv City", ...

    Returns
    -------
    str or None
        The two-digit code ("14"). A bare "Kyiv" means Kyiv Oblast ("13"); "Kyiv City" is "12".
    """
    key = fold(text)
    if not key:
        return None
    if key in _OBLAST_KEYS:
        return _OBLAST_KEYS[key]
    if key.startswith("the "):
        return oblast_code(key[4:])
    stem = _ADMIN1_SUFFIX_RE.sub("", key)
    if stem != key and stem in _OBLAST_KEYS:
        return _OBLAST_KEYS[stem]
    return None
