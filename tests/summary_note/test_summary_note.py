"""The note "Zusammenfassung der Wissensbasis", the kind "Einführung der Wissensbasis"
and a person's place of work versus origin (``municipality`` / ``origin``)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

ROOTS = Path(__file__).parents[1] / "roots"
ARTICLE = "ausgaben/02-zweite/beitrag.html"
ISSUE = "ausgaben/02-zweite/index.html"


def _root(tmp_path: Path, name: str = "src") -> Path:
    src = tmp_path / name
    shutil.copytree(ROOTS / "test-authors", src, ignore=shutil.ignore_patterns("_build"))
    return src


def _build(make_app: Callable, src: Path, **overrides: Any) -> tuple[Any, Path]:
    app = make_app("html", srcdir=src, confoverrides=overrides)
    app.build()
    return app, Path(app.outdir)


def _soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


def test_note_is_off_by_default(make_app: Callable, tmp_path: Path) -> None:
    """A project that does not switch the note on gets unchanged pages."""
    app, out = _build(make_app, _root(tmp_path))
    assert app.warning.getvalue() == ""
    for page in (ARTICLE, ISSUE):
        assert _soup(out, page).select(".tm-summary-note") == []


def test_note_once_on_every_summary_page(make_app: Callable, tmp_path: Path) -> None:
    src = _root(tmp_path)
    (src / "ueber.md").write_text("# Über die Reihe\n\nBezugswege.\n", encoding="utf-8")
    index = src / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n```{toctree}\n:hidden:\n\nueber\n```\n",
        encoding="utf-8",
    )
    own = src / "ausgaben/02-zweite/praxis.md"
    own.write_text(
        re.sub(
            r"^kind: .*$",
            "kind: Einführung der Wissensbasis",
            own.read_text("utf-8"),
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )
    app, out = _build(make_app, src, transmit_summary_note=True)
    assert app.warning.getvalue() == ""
    article = _soup(out, ARTICLE)
    notes = article.select(".tm-summary-note")
    assert len(notes) == 1
    text = " ".join(notes[0].get_text(" ", strip=True).split())
    assert text.startswith("Zusammenfassung der Wissensbasis")
    assert "Diese Seite fasst einen Beitrag aus Nr.\u00a02 von „Testreihe“ in eigenen" in notes[
        0
    ].get_text(" ")
    assert "Den vollständigen Beitrag enthält die Broschüre" in text
    link = notes[0].find("a")
    assert link is not None and link["href"] == "../../ueber.html"
    # under the header: after the abstract, before the first section of the text
    abstract = article.select_one(".tm-abstract")
    assert abstract is not None and abstract.find_next(class_="tm-summary-note") is notes[0]
    issue = _soup(out, ISSUE).select(".tm-summary-note")
    assert len(issue) == 1
    assert "Diese Seite fasst die Ausgabe Nr.\u00a02 von „Testreihe“" in issue[0].get_text(" ")
    intro = _soup(out, "ausgaben/02-zweite/praxis.html")
    note = intro.select_one(".tm-summary-note")
    assert note is not None
    assert note.select_one(".admonition-title").get_text(strip=True) == (
        "Einführung der Wissensbasis"
    )
    assert "kein Beitrag der Broschüre" in note.get_text(" ")
    facts = intro.select_one(".tm-article-facts")
    assert facts is not None and "Einführung der Wissensbasis" in facts.get_text(" ")
    # other pages carry no note
    assert _soup(out, "gast.html").select(".tm-summary-note") == []


def test_note_without_an_about_page_has_no_dead_link(make_app: Callable, tmp_path: Path) -> None:
    app, out = _build(make_app, _root(tmp_path), transmit_summary_note=True)
    assert app.warning.getvalue() == ""
    note = _soup(out, ARTICLE).select_one(".tm-summary-note")
    assert note is not None and note.find("a") is None
    assert note.get_text(" ", strip=True).endswith("als PDF der Herausgeberin.")


def test_origin_is_not_shown_as_a_place_of_work(make_app: Callable, tmp_path: Path) -> None:
    src = _root(tmp_path)
    persons = src / "_data/personen.yaml"
    persons.write_text(
        persons.read_text(encoding="utf-8").replace(
            "  role: Sozialplaner\n", "  role: Sozialplaner\n  origin: halle-saale\n"
        ),
        encoding="utf-8",
    )
    app, out = _build(make_app, src)
    assert app.warning.getvalue() == ""
    page = _soup(out, "autoren/bernd-muster.html")
    assert page.select_one(".tm-author-origin").get_text(strip=True) == "Aus Halle (Saale)"
    assert page.select(".tm-author-municipality") == []
    for script in page.find_all("script", type="application/ld+json"):
        data = json.loads(script.string or "{}")
        assert "workLocation" not in data and "homeLocation" not in data
    # the place of work keeps its label and its schema.org workLocation
    anna = _soup(out, "autoren/anna-beispiel.html")
    assert anna.select_one(".tm-author-municipality").get_text(strip=True) == "Kommune: Jena"
    assert anna.select(".tm-author-origin") == []


def test_unknown_origin_is_a_located_warning(make_app: Callable, tmp_path: Path) -> None:
    src = _root(tmp_path)
    persons = src / "_data/personen.yaml"
    persons.write_text(
        persons.read_text(encoding="utf-8").replace(
            "  role: Sozialplaner\n", "  role: Sozialplaner\n  origin: mannhein\n"
        ),
        encoding="utf-8",
    )
    app, _ = _build(make_app, src)
    warnings = app.warning.getvalue().replace("\\", "/")
    assert "Traceback" not in warnings
    assert re.search(r"_data/personen\.yaml:\d+: WARNING: Unbekannte Kommune 'mannhein'", warnings)
