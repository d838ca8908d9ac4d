"""A naive gazetteer matcher: the baseline the whole-command figures are divided by.

A script, not part of frontline (it imports nothing from it, only the standard library), so
its cost does not change when frontline's does. It does what the simplest geoparser would:

1. read the gazetteer folder's sources, the ones frontline builds from: every populated place
   (feature class P) of the GeoNames dump (``geonames/UA.zip``) under its name, ASCII name and
   Latin alternate names, and every settlement of the OSM CSVs (``osm/*.csv``) under its
   English name (no population: GeoNames places win a shared name), lower-cased;
2. find runs of capitalised words in each report with one regular expression;
3. for each run, the longest sub-run (up to four words) that is a name, located at the most
   populous place of that name;
4. write the matches as a GeoJSON FeatureCollection (one feature per line).

No roles, no event decisions, no dates: a floor of "read the gazetteer, scan the text, write
the file" that any real extractor has to pay too. Run from the repository root::

    .venv/bin/python benchmarks/naive_matcher.py ../shared/corpus/isw_2022_toplines/ -o x.geojson
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GAZETTEER = REPO.parent / "shared" / "gazetteer"
MAX_WORDS = 4
# A run of capitalised words ("Kupiansk", "Velyka Novosilka", "Bilohorivka's").
CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z '’-]*")


def load_names(dump: Path) -> dict[str, tuple[int, float, float, str]]:
    """Lower-cased name -> (population, lat, lon, geonameid) of its most populous place."""
    names: dict[str, tuple[int, float, float, str]] = {}
    with zipfile.ZipFile(dump) as zf:
        member = next(n for n in zf.namelist() if n.endswith(".txt") and n != "readme.txt")
        with zf.open(member) as raw:
            for line in io.TextIOWrapper(raw, encoding="utf-8"):
                row = line.split("\t")
                if len(row) < 15 or row[6] != "P":
                    continue
                place = (int(row[14] or 0), float(row[4]), float(row[5]), row[0])
                spellings = {row[1], row[2], *row[3].split(",")}
                for name in spellings:
                    if not name or not _LATIN.fullmatch(name):
                        continue
                    key = name.lower()
                    if key not in names or place[0] > names[key][0]:
                        names[key] = place
    return names


def add_osm_names(path: Path, names: dict[str, tuple[int, float, float, str]]) -> None:
    """Each OSM settlement's English name, where GeoNames has no place of that name."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row.get("name_en") or ""
            if name and _LATIN.fullmatch(name) and name.lower() not in names:
                place = (0, float(row["lat"]), float(row["lon"]), f"osm:{row['osm_id']}")
                names[name.lower()] = place


def report_files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix in (".txt", ".md", ".html")))
        else:
            out.append(p)
    return out


def matches(text: str, names: dict[str, tuple[int, float, float, str]]):
    """(start, end, surface, place) of each name found in ``text``, longest first per run."""
    for run in CAPITALISED.finditer(text):
        words = list(re.finditer(r"[^ -]+", run.group()))
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + MAX_WORDS), i, -1):
                start, end = words[i].start(), words[j - 1].end()
                surface = run.group()[start:end].removesuffix("'s").removesuffix("’s")
                place = names.get(surface.lower())
                if place is not None:
                    yield run.start() + start, run.start() + start + len(surface), surface, place
                    i = j
                    break
            else:
                i += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--gazetteer-dir", type=Path, default=GAZETTEER)
    args = parser.parse_args(argv)
    names = load_names(args.gazetteer_dir / "geonames" / "UA.zip")
    for osm in sorted((args.gazetteer_dir / "osm").glob("*.csv")):
        add_osm_names(osm, names)
    lines = []
    for path in report_files(args.paths):
        text = path.read_text(encoding="utf-8", errors="replace")
        for start, end, surface, (pop, lat, lon, gid) in matches(text, names):
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "doc": path.name, "place": surface, "geonameid": gid,
                    "population": pop, "char_start": start, "char_end": end,
                },
            }  # fmt: skip
            lines.append(json.dumps(feature, sort_keys=True, ensure_ascii=False))
    with open(args.output, "w", encoding="utf-8") as fh:
        fh.write('{"features": [\n' + ",\n".join(lines) + '\n], "type": "FeatureCollection"}\n')
    print(f"{len(lines)} matches -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
