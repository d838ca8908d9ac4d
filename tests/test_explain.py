"""``frontline explain``: every mention with its decision, reason, place and runner-ups."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.axes import load_axes
from frontline.cli import main
from frontline.explain import Explanation, explain_report, format_explanation
from frontline.gazetteer import load_gazetteer
from frontline.ingest import ingest, ingest_text
from frontline.mentions import NameIndex
from frontline.pipeline import decide, process_report
from frontline.records import Mention

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# Our own sentences, one behaviour each.
TEXT = (
    "November 12, 2022\n\n"
    "The mayor of Melitopol reported explosions. "
    "Russian forces shelled Kupiansk on November 12. "
    "Russian forces will likely attack Bakhmut in the coming weeks. "
    "Ukrainian troops advanced near Zzyzxovka. "
    "Russian forces attacked near Bilohorivka, 10km northeast of Siversk.\n"
)


@pytest.fixture(scope="module")
def gaz() -> NameIndex:
    return load_gazetteer()


@pytest.fixture(scope="module")
def lines(gaz: NameIndex) -> dict[str, str]:
    """The explanation's line of each surface."""
    text = format_explanation(explain_report(ingest_text(TEXT, "t.txt"), gaz))
    out = {}
    for line in text.splitlines()[:-1]:
        surface = line.split("'")[1]
        out[surface] = line
    return out


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Melitopol", ["role=target", "not an event: title", "-> Melitopol (geonames:"]),
        ("Kupiansk", ["EVENT shelling actor=RU", "date=2022-11-12", "conf 0."]),
        ("Bakhmut", ["not an event: forecast", "-> Bakhmut (geonames:", "| runner-ups: "]),
        ("Bilohorivka", ["EVENT ground_assault", "admin1 14", "runner-ups: Bilohorivka"]),
        ("Siversk", ["role=anchor", "not an event: anchor"]),
    ],
)  # fmt: skip
def test_each_mention_has_a_line(lines: dict[str, str], surface: str, expected: list[str]) -> None:
    assert surface in lines, lines
    for part in expected:
        assert part in lines[surface], (part, lines[surface])


def test_line_gives_sentence_and_span(lines: dict[str, str]) -> None:
    where = lines["Kupiansk"].split()[0]  # "s3:<start>-<end>"
    sentence, span = where.split(":")
    start, end = map(int, span.split("-"))
    assert sentence == "s3"
    assert TEXT[start:end] == "Kupiansk"


def test_runner_ups_carry_scores_and_reasons(lines: dict[str, str]) -> None:
    alts = lines["Bilohorivka"].split("| runner-ups: ")[1]
    assert "[name" in alts and alts.count("(geonames:") <= 3


def test_unknown_name_is_not_a_mention(lines: dict[str, str]) -> None:
    assert "Zzyzxovka" not in lines


def test_title_before_a_name_is_no_event(gaz: NameIndex) -> None:
    report = ingest_text("The Melitopol mayor reported explosions.", "m.txt", date="2022-11-12")
    assert not any(d.is_event for d in explain_report(report, gaz).decisions)


def test_mention_without_candidate_is_unresolved(gaz: NameIndex) -> None:
    report = ingest_text("Ukrainian troops advanced near Zzyzxovka.", "u.txt", date="2022-11-12")
    start = report.text.index("Zzyzxovka")
    m = Mention("u.txt", start, start + 9, "Zzyzxovka", "Zzyzxovka", "target", 0)
    [d] = decide(report, [], [m])
    assert (d.is_event, d.reason) == (False, "unresolved")
    text = format_explanation(Explanation(report, (d,)))
    assert "not an event: unresolved  -> no candidate" in text
    assert text.splitlines()[-1] == "1 mentions in u.txt: 1 unresolved"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_explain_and_extract_agree(gaz: NameIndex, path: Path) -> None:
    report = ingest(path)
    said = set()
    for d in explain_report(report, gaz).decisions:
        if d.is_event and d.resolved and d.resolved.resolution.place and d.semantics:
            s, place = d.semantics, d.resolved.resolution.place
            where = place.id if d.mention.role != "offset" else "offset"
            said.add((where, s.event_type, s.actor, s.claimant, s.date))
    made = {
        (e.gazetteer_id or "offset", e.event_type, e.actor, e.claimant, e.date)
        for e in process_report(report, gaz, load_axes())
    }
    assert said == made
    assert made  # the seeds do report events


def test_cli_explain(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["-q", "explain", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "not an event: title" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith(f"5 mentions in {path}")
    full = CliRunner().invoke(main, ["-q", "explain", "--all", str(path)])
    assert "    cues: " in full.stdout and "    relation: " in full.stdout


def test_cli_explain_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["-q", "explain", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr.startswith("frontline: error: ") and "nope.txt" in result.stderr
