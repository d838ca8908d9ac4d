"""Suite-wide settings.

With FRONTLINE_STRICT=1 (set by .ci/run) a skipped test fails the run: CI installs Chromium,
GDAL and the npm assets, so a skip there would hide a missing feature.
"""

from __future__ import annotations

import os

import pytest

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("FRONTLINE_STRICT") == "1" and _skipped:
        print(f"\nFRONTLINE_STRICT: {len(_skipped)} skipped test(s) count as failures:")
        for nodeid in _skipped:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
