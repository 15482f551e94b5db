"""Front matter of issues and articles: typed, validated, located errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).parents[1] / "roots" / "test-basic"
ARTICLE = "ausgaben/01-erste/artikel.md"
ISSUE = "ausgaben/02-zweite/index.md"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh copy of the basic root that a test may break."""
    target = tmp_path / "src"
    shutil.copytree(ROOT, target)
    return target


def replace(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def build(make_app: Callable, tmp_path: Path) -> Callable:
    def run(site: Path) -> tuple[str, Path]:
        app = make_app("html", srcdir=site, freshenv=True)
        app.build()
        return app.warning.getvalue(), Path(app.outdir)

    return run


def test_clean_root_has_no_warnings(site: Path, build: Callable) -> None:
    warnings, _ = build(site)
    assert warnings == ""


def test_issue_list_is_generated_newest_first(site: Path, build: Callable) -> None:
    _, out = build(site)
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [
        card.select_one(".sd-card-title").get_text(strip=True)
        for card in soup.select(".tm-issue-card")
    ]
    assert titles == ["Nr. 2: Zweite Ausgabe", "Nr. 1: Erste Ausgabe"]
    second = soup.select(".tm-issue-card")[0].get_text(" ", strip=True)
    assert "24. April 2020" in second
    assert "Mit Untertitel" in second


def test_title_becomes_heading_and_facts_are_shown(site: Path, build: Callable) -> None:
    _, out = build(site)
    soup = BeautifulSoup((out / "ausgaben/02-zweite/beitrag.html").read_text(), "html.parser")
    assert soup.find("h1").get_text(strip=True).startswith("Ein Beitrag")
    facts = soup.select_one(".tm-article-facts").get_text(" ", strip=True)
    assert "Beitrag" in facts and "Integrierte Sozialplanung" in facts
    assert "Worum es geht." in soup.select_one(".tm-abstract").get_text()


def test_unknown_key_is_located_with_suggestion(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "kind: Praxisbeispiel", "kind: Praxisbeispiel\nabstrakt: x")
    warnings, _ = build(site)
    assert f"{ARTICLE}:5:" in warnings.replace("\\", "/")
    assert "Unbekanntes Feld 'abstrakt'" in warnings
    assert "Meinten Sie 'abstract'" in warnings


def test_missing_required_field(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "abstract: Kurz gesagt.\n", "")
    warnings, _ = build(site)
    assert "Pflichtfeld 'abstract' fehlt" in warnings
    assert ARTICLE in warnings.replace("\\", "/")


def test_wrong_type_and_bad_date(site: Path, build: Callable) -> None:
    replace(site, ISSUE, "number: 2", "number: zwei")
    replace(site, ISSUE, "published: 2020-04-24", "published: 24.04.2020")
    warnings, _ = build(site)
    assert f"{ISSUE}:2:" in warnings and "muss eine ganze Zahl sein" in warnings
    assert f"{ISSUE}:6:" in warnings and "JJJJ-MM-TT" in warnings


def test_unknown_topic_and_author(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "topics: [bildungsmonitoring]", "topics: [bildungsmonitorin]")
    replace(site, ARTICLE, "authors: [anna-beispiel]", "authors: [ana-beispiel]")
    warnings, _ = build(site)
    assert "Unbekanntes Thema 'bildungsmonitorin'" in warnings
    assert "'bildungsmonitorin'" in warnings and "Meinten Sie 'bildungsmonitoring'" in warnings
    assert "'ana-beispiel'" in warnings and "Meinten Sie 'anna-beispiel'" in warnings


def test_invalid_kind_lists_choices(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "kind: Praxisbeispiel", "kind: Praxisbeispeil")
    warnings, _ = build(site)
    assert "Meinten Sie 'Praxisbeispiel'" in warnings
    assert "Erlaubt sind: Editorial, Beitrag" in warnings


def test_duplicate_issue_number_names_both_files(site: Path, build: Callable) -> None:
    replace(site, ISSUE, "number: 2", "number: 1")
    warnings, _ = build(site)
    assert "Ausgabennummer 1 ist doppelt vergeben" in warnings
    assert "01-erste" in warnings and "02-zweite" in warnings


def test_malformed_yaml_is_located(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "kind: Praxisbeispiel", "kind: [Praxisbeispiel")
    warnings, _ = build(site)
    assert "Fehlerhaftes YAML" in warnings
    assert ARTICLE in warnings.replace("\\", "/")
    assert "Traceback" not in warnings


def test_h1_in_body_is_reported(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "## Abschnitt", "# Abschnitt")
    warnings, _ = build(site)
    assert f"{ARTICLE}:9:" in warnings and "Hauptüberschrift" in warnings


def test_title_is_shown_literally(site: Path, build: Callable) -> None:
    replace(
        site,
        ARTICLE,
        "title: Ein Artikel über Jena",
        'title: "<script>alert(1)</script> *fett* [x](y)"',
    )
    warnings, out = build(site)
    assert warnings == ""
    soup = BeautifulSoup((out / "ausgaben/01-erste/artikel.html").read_text(), "html.parser")
    assert soup.find("script", string="alert(1)") is None
    assert soup.find("h1").get_text().startswith("<script>alert(1)</script> *fett* [x](y)")


def test_strict_build_fails_with_one_located_line(site: Path, tmp_path: Path) -> None:
    replace(site, ISSUE, "title: Zweite Ausgabe", "titel: Zweite Ausgabe")
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "sphinx-build"),
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            str(site),
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if "titel" in line]
    assert lines and f"{ISSUE}:3:" in lines[0].replace("\\", "/")
    assert "Meinten Sie 'title'" in lines[0]


def test_suppress_warnings_silences_frontmatter(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "kind: Praxisbeispiel", "kind: Praxisbeispiel\nfoo: 1")
    conf = site / "conf.py"
    conf.write_text(conf.read_text() + '\nsuppress_warnings = ["transmit.frontmatter"]\n')
    warnings, _ = build(site)
    assert "foo" not in warnings


def test_comment_in_code_block_is_not_a_heading(site: Path, build: Callable) -> None:
    replace(site, ARTICLE, "Text.", "```bash\n# ein Kommentar\n```")
    warnings, _ = build(site)
    assert warnings == ""


@pytest.mark.slow
def test_orphan_on_every_page_of_the_site_builds_cleanly(tmp_path: Path) -> None:
    """Sphinx's own front-matter keys work on our pages too (issue, article, others)."""
    src = tmp_path / "source"
    shutil.copytree(
        Path(__file__).parents[2] / "source",
        src,
        ignore=shutil.ignore_patterns("_build", "autoren", "laender", "kommunen", "themen"),
    )
    pages = sorted(src.rglob("*.md"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\norphan:" in text.split("\n---", 1)[0]:
            continue  # orphan already (the legal pages)
        if text.startswith("---\n"):
            text = "---\norphan: true\nnosearch: false\n" + text[4:]
        else:
            text = "---\norphan: true\n---\n" + text
        page.write_text(text, encoding="utf-8")
    assert len(pages) >= 10
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    out = tmp_path / "html"
    result = subprocess.run(
        [str(sphinx_build), "-W", "--keep-going", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    article = out / "ausgaben" / "02-planungsprozesse" / "teichmann-jena.html"
    assert "Teichmann" in article.read_text(encoding="utf-8")
