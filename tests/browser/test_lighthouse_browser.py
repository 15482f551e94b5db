"""Lighthouse 12 (mobile) on the start page, an article and the finder.

Performance ≥ 95 and accessibility, best practices and SEO 100, against the
site as ``make all`` publishes it, served with gzip like a static host.
Lighthouse comes from ``node_modules`` (``package.json`` pins 12.2.3) and
drives Debian's Chromium (``CHROME_PATH``); nothing is fetched from elsewhere.

CPU throttling: Lighthouse's default slowdown (4x) is calibrated for a
high-end desktop (benchmark index 1500-2000, docs/throttling.md). On a
slower or busy host it warns ("slower CPU than Lighthouse expects") and
over-throttles; the run is then repeated with the multiplier that throttling
guide prescribes for the measured benchmark index (index / 440, at least 1),
so every run emulates the same phone. Both runs' scores are printed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import CHROMIUM, PROJECT
from .published import published_server, published_site

pytestmark = pytest.mark.browser
__all__ = ["published_server", "published_site"]

LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
PAGES = {
    "start": "index.html",
    "article": "ausgaben/02-planungsprozesse/werner-integrierte-sozialplanung.html",
    "finder": "praxisbeispiele/index.html",
}
MINIMUM = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}
#: the benchmark index Lighthouse's default 4x slowdown assumes (1750 / 4)
TARGET_INDEX = 440
DEFAULT_SLOWDOWN = 4.0


def _lighthouse(url: str, out: Path, slowdown: float) -> dict[str, Any]:
    if not LIGHTHOUSE.is_file():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `npm install` in {PROJECT}", pytrace=False)
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)", pytrace=False)
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing (apt-get install nodejs)", pytrace=False)
    command = [
        node,
        str(LIGHTHOUSE.resolve()),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0 or not out.is_file():
        pytest.fail(f"lighthouse failed ({result.returncode}):\n{result.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        pytest.fail(f"lighthouse: {report['runtimeError']}")
    return report


def _scores(report: dict[str, Any]) -> dict[str, float]:
    return {name: category["score"] for name, category in report["categories"].items()}


def _misses(report: dict[str, Any]) -> list[str]:
    lines = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lines.append(
                    f"{category['id']}: {ref['id']} {audit['score']} "
                    f"{audit.get('displayValue', '')}"
                )
    return lines


@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_mobile_scores(published_server: str, tmp_path: Path, kind: str) -> None:
    url = published_server + PAGES[kind]
    report = _lighthouse(url, tmp_path / "default.json", DEFAULT_SLOWDOWN)
    print(f"{kind}: {_scores(report)} at {DEFAULT_SLOWDOWN}x", *_misses(report), sep="\n  ")
    index = float(report["environment"]["benchmarkIndex"])
    slowdown = max(1.0, min(DEFAULT_SLOWDOWN, index / TARGET_INDEX))
    if slowdown < DEFAULT_SLOWDOWN:
        report = _lighthouse(url, tmp_path / "calibrated.json", slowdown)
        print(f"{kind}: {_scores(report)} at {slowdown:.2f}x (benchmark index {index:.0f})")
        print(*_misses(report), sep="\n  ")
    scores = _scores(report)
    low = {name: score for name, score in scores.items() if score < MINIMUM[name]}
    assert not low, f"{kind}: {low}\n" + "\n".join(_misses(report))
