"""The Extractor owns every memo kept between reports (issue 13, part 2).

Two gazetteers or two axis configs in one process each get their own answers, nothing is
keyed by ``id()`` (so a new object never inherits a dropped one's memos), and dropping the
Extractor frees its gazetteer.
"""

from __future__ import annotations

import gc
import pickle
import weakref

import pytest

from frontline import axes as axes_mod
from frontline import mentions as mentions_mod
from frontline.axes import Axis, AxisConfig, load_axes
from frontline.extractor import Extractor, forget_shared_extractor, shared_extractor
from frontline.gazetteer import clear_gazetteer_cache
from frontline.ingest import ingest_text
from frontline.pipeline import process_report, run_texts
from frontline.records import LonLat, Place, Report

# Invented places and prose (no report text): one name, placed differently per gazetteer.
TEXT = (
    "Assessment, March 3, 2024\n\n"
    "Kharkiv Axis\n\n"
    "Russian forces attacked near Zorianivka on March 2.\n"
)


class TinyGazetteer:
    """A NameIndex with one settlement, "Zorianivka", at the given point."""

    max_name_tokens = 1

    def __init__(self, lon: float, lat: float, pid: str) -> None:
        self.place = Place(pid, "Zorianivka", lat, lon, "07", "settlement", "PPL", 500)
        self.lookups = 0

    def lookup(self, surface: str) -> tuple[Place, ...]:
        self.lookups += 1
        return (self.place,) if surface == "Zorianivka" else ()

    def oblast_code(self, text: str) -> str | None:
        return None

    def region(self, text: str) -> Place | None:
        return None


def _config(axis_id: str, lon: float = 37.0, lat: float = 49.5) -> AxisConfig:
    axis = Axis(axis_id, axis_id.title(), ("kharkiv",), ((LonLat(lon, lat), "anchor"),))
    return AxisConfig((axis,), 70.0, "rear")


@pytest.fixture(scope="module")
def report() -> Report:
    return ingest_text(TEXT, "<tiny>", date="2024-03-03")


def test_the_tiny_report_gives_one_event(report: Report) -> None:
    events = Extractor(TinyGazetteer(37.0, 49.5, "t:a"), _config("north")).extract(report)
    assert [(e.place_name, e.gazetteer_id, e.axis) for e in events] == [
        ("Zorianivka", "t:a", "north")
    ]


def test_two_gazetteers_in_one_process_each_give_their_own_places(report: Report) -> None:
    config = _config("north")
    a = Extractor(TinyGazetteer(37.0, 49.5, "t:a"), config)
    b = Extractor(TinyGazetteer(35.0, 47.8, "t:b"), config)
    for _ in range(3):  # alternately, so that warm memos would show a mix-up
        (ea,) = a.extract(report)
        (eb,) = b.extract(report)
        assert (ea.gazetteer_id, ea.lon, ea.lat) == ("t:a", 37.0, 49.5)
        assert (eb.gazetteer_id, eb.lon, eb.lat) == ("t:b", 35.0, 47.8)


def test_two_axis_configs_in_one_process_each_give_their_own_axes(report: Report) -> None:
    gaz = TinyGazetteer(37.0, 49.5, "t:a")
    a, b = Extractor(gaz, _config("north")), Extractor(gaz, _config("south"))
    for _ in range(3):
        assert [e.axis for e in a.extract(report)] == ["north"]
        assert [e.axis for e in b.extract(report)] == ["south"]
        assert [e.axis for e in process_report(report, gaz, _config("east"))] == ["east"]


def test_a_new_axis_config_never_gets_a_dropped_configs_axes() -> None:
    # The id()-keyed module memo answered a new config with a collected one's axes when
    # the new axes tuple reused the old one's address (this loop: about 1 in 40 before;
    # only a full collection frees the old tuples soon enough).
    for k in range(150):
        north = Axis(f"axis{k}", "North", ("kharkiv",), ((LonLat(37.0, 49.5), "anchor"),))
        other = Axis(f"other{k}", "Other", ("donetsk",), ())
        config = AxisConfig(tuple([north, other][: 1 + k % 2]), 70.0, "rear")
        assert [a.id for a in config.for_heading("Kharkiv Axis")] == [f"axis{k}"]
        assert config.assign(LonLat(37.0, 49.5), "Kharkiv Axis", "2024-03-03") == f"axis{k}"
        del config, north, other
        gc.collect()


def test_no_id_keyed_module_memos_remain() -> None:
    for name in ("_HEADING_MEMO", "_PHRASE_MEMO"):
        assert not hasattr(axes_mod, name)
    for name in ("_CACHES", "cached"):
        assert not hasattr(mentions_mod, name)


def test_the_gazetteer_is_freed_once_the_extractor_is_dropped(report: Report) -> None:
    gaz = TinyGazetteer(37.0, 49.5, "t:a")
    ex = Extractor(gaz, _config("north"))
    ex.extract(report)
    process_report(report, gaz, _config("north"))
    run_texts([TEXT], gaz, date="2024-03-03")
    ref = weakref.ref(gaz)
    del gaz, ex
    gc.collect()
    assert ref() is None


def test_clear_empties_every_memo_and_changes_no_answer(report: Report) -> None:
    gaz = TinyGazetteer(37.0, 49.5, "t:a")
    config = _config("north")
    ex = Extractor(gaz, config)
    first = ex.extract(report)
    assert ex.index._lookup and ex.resolver._static_memo and ex.resolver._coords_memo
    assert config._headings and config._memo
    calls = gaz.lookups
    assert ex.extract(report) == first
    assert gaz.lookups == calls  # warm: every look-up memoised
    ex.clear()
    assert not (ex.index._lookup or ex.index._starts)
    assert not (ex.resolver._static_memo or ex.resolver._coords_memo)
    assert not (config._headings or config._phrases or config._memo or config._tuples)
    assert ex.extract(report) == first
    assert gaz.lookups > calls  # cold again


def test_an_axis_config_pickles_without_its_memos() -> None:
    config = _config("north")
    config.for_heading("Kharkiv Axis", "2024-03-03")
    config.assign(LonLat(37.0, 49.5), "Kharkiv Axis", "2024-03-03")
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert not (copy._memo or copy._headings or copy._tuples)
    assert copy.assign(LonLat(37.0, 49.5), "Kharkiv Axis", "2024-03-03") == "north"


def test_shared_extractor_is_one_per_process_and_clear_gazetteer_cache_drops_it() -> None:
    gaz = TinyGazetteer(37.0, 49.5, "t:a")
    axes = load_axes()
    ex = shared_extractor(gaz, axes)
    assert shared_extractor(gaz, axes) is ex
    other = TinyGazetteer(35.0, 47.8, "t:b")
    assert shared_extractor(other, axes) is not ex  # replaced: at most one is kept
    ref = weakref.ref(gaz)
    del gaz, ex
    gc.collect()
    assert ref() is None
    ref_other = weakref.ref(other)
    del other
    clear_gazetteer_cache()
    gc.collect()
    assert ref_other() is None
    forget_shared_extractor()


def test_run_texts_refuses_an_extractor_of_another_gazetteer(report: Report) -> None:
    from frontline.errors import ConfigurationError

    ex = Extractor(TinyGazetteer(37.0, 49.5, "t:a"), load_axes())
    with pytest.raises(ConfigurationError, match="another gazetteer"):
        run_texts([TEXT], TinyGazetteer(35.0, 47.8, "t:b"), extractor=ex)
    (event,) = run_texts([TEXT], ex.gazetteer, date="2024-03-03", extractor=ex).events
    assert event.gazetteer_id == "t:a"
