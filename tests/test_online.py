"""The opt-in online fallback (``--online``) against a stub Nominatim on 127.0.0.1.

No test reaches the internet: the stub answers ``/search`` from a table of made-up places
(names no gazetteer has) and records every request. The report sentences are written here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlparse

import pytest

from frontline.axes import load_axes
from frontline.gazetteer import load_gazetteer
from frontline.online import (
    CACHE_FILE,
    ONLINE_CONFIDENCE,
    ONLINE_CUE,
    OnlineGeocoder,
    online_extractor,
    why_not,
)
from frontline.pipeline import decide, run_texts

ROOT = Path(__file__).resolve().parents[1]


def _result(name: str, lat: float, lon: float, **extra: Any) -> dict[str, Any]:
    return {
        "place_id": 1,
        "osm_type": "node",
        "osm_id": abs(hash(name)) % 10**9,
        "lat": str(lat),
        "lon": str(lon),
        "name": name,
        "display_name": f"{name}, Ukraine",
        "class": "place",
        "type": "village",
        "address": {"state": "Donetsk Oblast", "country_code": "ua"},
        **extra,
    }


# Made-up villages (no gazetteer has them) and what the stub says of them.
ANSWERS: dict[str, list[dict[str, Any]]] = {
    "Zorevytsia": [_result("Zorevytsia", 48.41, 37.92)],  # near Bakhmut's south, Donetsk
    "Tykhoiarivka": [_result("Tykhoiarivka", 55.75, 37.61)],  # Moscow's coordinates
    "Hrebenivka": [_result("Hrebenka", 48.50, 37.90)],  # another name
    "Lisova Hrebla": [_result("Lisova Hrebla", 48.45, 37.85)],  # Donetsk, named as Kharkiv
}
REPORT = (
    "Ukrainian General Staff reported on November 12, 2022 that Russian forces attacked near "
    "Zorevytsia and Bakhmut. Russian forces also shelled Tykhoiarivka and attacked near "
    "Hrebenivka. Russian forces attacked near Lisova Hrebla, Kharkiv Oblast."
)


class _Stub(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        _Stub.requests.append({"path": url.path, "agent": self.headers["User-Agent"], **params})
        body = json.dumps(ANSWERS.get(params.get("q", ""), [])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def stub() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    _Stub.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def gaz() -> Any:
    return load_gazetteer()


def _extract(gaz: Any, url: str, cache: Path, text: str = REPORT) -> Any:
    ex = online_extractor(gaz, load_axes(), cache, url=url, min_delay_s=0.0)
    return ex, run_texts([text], gaz, extractor=ex)


def test_a_name_the_gazetteer_lacks_is_found_online(gaz: Any, stub: str, tmp_path: Path) -> None:
    assert not gaz.lookup("Zorevytsia")
    _ex, coll = _extract(gaz, stub, tmp_path)
    by_place = {e.place: e for e in coll.events}
    online = by_place["Zorevytsia"]
    assert online.gazetteer_id.startswith("nominatim:node/")
    assert (online.lon, online.lat) == (37.92, 48.41)
    assert online.admin1 == "05" and online.precision == "settlement"  # Donetsk Oblast
    assert online.cues[-1] == ONLINE_CUE and online.confidence <= ONLINE_CONFIDENCE
    # A gazetteer place of the same sentence is untouched.
    assert ONLINE_CUE not in by_place["Bakhmut"].cues
    assert by_place["Bakhmut"].gazetteer_id.startswith(("geonames:", "osm:"))
    # Every question went to /search, bounded to the theatre, for settlements, in the
    # theatre's countries, with frontline's own User-Agent.
    asked = {r["q"]: r for r in _Stub.requests}
    assert set(asked) == set(ANSWERS)  # known names (Bakhmut) are never asked
    for r in asked.values():
        assert r["path"] == "/search" and r["bounded"] == "1" and r["format"] == "json"
        assert r["viewbox"] == "22.0,44.0,41.0,53.5" and r["countrycodes"] == "ua,ru,by"
        assert r["featureType"] == "settlement" and r["agent"].startswith("frontline")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Tykhoiarivka", "outside the theatre"),
        ("Hrebenivka", "named 'Hrebenka'"),
    ],
)
def test_implausible_answers_are_no_candidates(
    gaz: Any, stub: str, tmp_path: Path, name: str, reason: str
) -> None:
    assert why_not(name, json.loads(json.dumps(ANSWERS[name][0]))) != ""
    _ex, coll = _extract(gaz, stub, tmp_path)
    assert name not in {e.place for e in coll.events}
    from frontline.online import _kept

    assert why_not(name, _kept(ANSWERS[name][0])).startswith(reason)


@pytest.mark.parametrize(
    ("result", "reason"),
    [
        (_result("Zorevytsia", 48.4, 37.9, **{"class": "highway", "type": "residential"}),
         "not a settlement"),
        (_result("Zorevytsia", 48.4, 37.9, address={"country_code": "pl"}), "in another country"),
        (_result("Zorevytsia", 48.4, 37.9), ""),
    ],
)  # fmt: skip
def test_why_not(result: dict[str, Any], reason: str) -> None:
    from frontline.online import _kept

    assert why_not("Zorevytsia", _kept(result)).startswith(reason)
    assert bool(why_not("Zorevytsia", _kept(result))) == bool(reason)


def test_the_resolvers_checks_apply_to_online_places(gaz: Any, stub: str, tmp_path: Path) -> None:
    """Lisova Hrebla is found in Donetsk Oblast; the text puts it in Kharkiv Oblast."""
    ex, _coll = _extract(gaz, stub, tmp_path)
    report = _coll.reports[0]
    mentions = ex.mentions(report)
    decisions = decide(report, ex.resolve(report, mentions), mentions)
    reasons = {d.mention.surface: d.reason for d in decisions}
    assert reasons["Lisova Hrebla"].startswith("unresolved: Lisova Hrebla is not in the oblast")
    assert reasons["Zorevytsia"] == "event"


def test_answers_are_cached_as_json_and_not_asked_again(
    gaz: Any, stub: str, tmp_path: Path
) -> None:
    _extract(gaz, stub, tmp_path)
    first = len(_Stub.requests)
    cache = json.loads((tmp_path / CACHE_FILE).read_text(encoding="utf-8"))
    assert {k.split(" ", 1)[1] for k in cache["answers"]} == set(ANSWERS)
    assert "OpenStreetMap" in cache["note"]
    ex, coll = _extract(gaz, stub, tmp_path)  # a new geocoder on the same cache
    assert len(_Stub.requests) == first and ex.online.geocoder.requests == 0
    assert "Zorevytsia" in {e.place for e in coll.events}


def test_an_unreachable_server_warns_once_and_caches_nothing(
    gaz: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}"
    _ex, coll = _extract(gaz, url, tmp_path)
    assert "Bakhmut" in {e.place for e in coll.events}
    assert not any(ONLINE_CUE in e.cues for e in coll.events)
    assert len([r for r in caplog.records if "online geocoding stopped" in r.message]) == 1
    assert not (tmp_path / CACHE_FILE).exists()


def test_a_bad_url_is_a_clear_error(tmp_path: Path) -> None:
    from frontline.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="scheme://host"):
        OnlineGeocoder(tmp_path, url="127.0.0.1:8080/search")


def _cli(args: list[str], cwd: Path, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "frontline", *args], cwd=cwd, env=env,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_cli_online_is_opt_in(stub: str, tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    env = {"FRONTLINE_NOMINATIM_URL": stub, "FRONTLINE_CACHE_DIR": str(tmp_path / "cache")}
    off = _cli(["-q", "extract", "r.txt", "-o", "off.geojson"], tmp_path, env)
    assert off.returncode == 0, off.stderr
    assert _Stub.requests == []  # without --online nothing is asked
    args = ["-q", "extract", "r.txt", "-o", "on.geojson", "--online", "--jobs", "2"]
    on = _cli(args, tmp_path, env)
    assert on.returncode == 0, on.stderr
    features = json.loads((tmp_path / "on.geojson").read_text(encoding="utf-8"))["features"]
    props = {f["properties"]["place"]: f["properties"] for f in features}
    assert props["Zorevytsia"]["gazetteer_id"].startswith("nominatim:")
    assert ONLINE_CUE in props["Zorevytsia"]["cues"]
    places_off = {
        f["properties"]["place"]
        for f in json.loads((tmp_path / "off.geojson").read_text(encoding="utf-8"))["features"]
    }
    assert set(props) - places_off == {"Zorevytsia"}
    args = ["-q", "map", "r.txt", "-o", "maps", "--online", "--date", "2022-11-12"]
    mapped = _cli(args, tmp_path, env)
    assert mapped.returncode == 0, mapped.stderr
    assert "Zorevytsia" in (tmp_path / "maps" / "2022-11-12.html").read_text(encoding="utf-8")


def test_api_online_parameter(stub: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import frontline
    from frontline.api import extract_events

    monkeypatch.setenv("FRONTLINE_NOMINATIM_URL", stub)
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(tmp_path))
    assert "Zorevytsia" not in {e.place for e in extract_events(REPORT)}
    assert _Stub.requests == []
    events = extract_events(REPORT, online=True)
    assert "Zorevytsia" in {e.place for e in events}
    gdf = frontline.extract(REPORT, online=True)
    assert ONLINE_CUE in gdf.loc[gdf["place"] == "Zorevytsia", "cues"].iloc[0]
