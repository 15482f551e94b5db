"""Case-study cards, listings, generated overviews, finder markup, open data, review currency."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from buildlog import phases

ROOTS = Path(__file__).parents[1] / "roots"
SAALE = "ausgaben/01-erste/saale.md"
KREIS = "ausgaben/02-zweite/kreis.md"


def copy_root(name: str, target: Path) -> Path:
    shutil.copytree(ROOTS / f"test-{name}", target, ignore=shutil.ignore_patterns("_build"))
    return target


def soup_of(outdir: Path | str, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(outdir) / page).read_text(encoding="utf-8"), "html.parser")


def main(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("article.bd-article") or soup.select_one("div.body") or soup.body
    assert isinstance(found, Tag)
    return found


def listed(outdir: Path | str, page: str) -> list[str]:
    """Titles of the case-study cards a listing page shows, in order."""
    cards = main(soup_of(outdir, page)).select(".tm-case-listing-card .sd-card-title")
    return [card.get_text(" ", strip=True) for card in cards]


def fields(card: Tag) -> dict[str, str]:
    names = [dt.get_text(strip=True).rstrip(":") for dt in card.select("dl.tm-case-facts dt")]
    values = [" ".join(dd.get_text().split()) for dd in card.select("dl.tm-case-facts dd")]
    return dict(zip(names, values, strict=True))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --------------------------------------------------------------------------
# One build of the clean root, shared by the read-only tests


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("cases")
    src = copy_root("cases", work / "src")
    out = work / "out"
    sphinx = Path(sys.executable).parent / "sphinx-build"
    result = subprocess.run(
        [str(sphinx), "-W", "--keep-going", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_card_shows_every_field_with_registry_data(site: Path) -> None:
    card = main(soup_of(site, "ausgaben/01-erste/saale.html")).select_one("article.tm-case-card")
    assert card is not None
    assert card["id"] == "praxisbeispiel-saale-monitoring"
    assert card["aria-label"] == "Praxisbeispiel: Monitoring mit allen Ämtern"
    assert fields(card) == {
        "Kommune": "Saalestadt",
        "Bundesland": "Sachsen-Anhalt",  # from kommunen.yaml, not from the card
        "Art der Kommune": "kreisfreie Stadt",
        "Themen": "Bildungsmonitoring, Beteiligung",
        "Zeitraum": "2018 bis 2020",
        "Beteiligte Einheit": "Bildungsbüro",
        "Ansprechstelle": "Bildungsbüro der Stadt",
        "Zuletzt geprüft": "15. Januar 2026",
    }
    links = {a.get_text(strip=True): a["href"] for a in card.select("dl.tm-case-facts a")}
    assert links == {
        "Saalestadt": "../../praxisbeispiele/kommunen/saalestadt.html",
        "Sachsen-Anhalt": "../../praxisbeispiele/laender/sachsen-anhalt.html",
        "Bildungsmonitoring": "../../praxisbeispiele/themen/bildungsmonitoring.html",
        "Beteiligung": "../../praxisbeispiele/themen/beteiligung.html",
    }
    assert "Saalestadt bespricht ihren Bildungsbericht" in card.get_text()
    points = [li.get_text(strip=True) for li in card.select(".tm-case-points li")]
    assert points == ["Erster Kernpunkt.", "Zweiter Kernpunkt."]
    assert card.select_one(".tm-case-stale") is None


def test_card_leaves_out_unknown_fields(site: Path) -> None:
    card = main(soup_of(site, "ausgaben/02-zweite/stadt.html")).select_one("article.tm-case-card")
    assert card is not None
    assert set(fields(card)) == {
        "Kommune",
        "Bundesland",
        "Art der Kommune",
        "Themen",
        "Zuletzt geprüft",
    }
    assert card.select_one(".tm-case-points") is None


def test_listings_filter_and_combine(site: Path) -> None:
    soup = main(soup_of(site, "auswahl.html"))
    sections = {
        section.select_one("h2").get_text(strip=True).rstrip("#¶"): [
            title.get_text(" ", strip=True)
            for title in section.select(".tm-case-listing-card .sd-card-title")
        ]
        for section in soup.select("section section")
    }
    assert sections == {
        "Thüringen": ["Ein Team für Sozialplanung", "Stabsstelle für Sozialplanung"],
        "Landkreise zum Thema Sozialplanung": ["Stabsstelle für Sozialplanung"],
        "Aus Nr. 1": ["Monitoring mit allen Ämtern"],
    }


def test_listing_card_links_card_article_and_issue(site: Path) -> None:
    card = main(soup_of(site, "auswahl.html")).select_one(".tm-cs-issue-1")
    assert card is not None and card.name == "article"
    links = {a.get_text(strip=True): a["href"] for a in card.select("a")}
    assert links["Monitoring mit allen Ämtern"] == (
        "ausgaben/01-erste/saale.html#praxisbeispiel-saale-monitoring"
    )
    assert links["Monitoring in Saalestadt"] == "ausgaben/01-erste/saale.html"
    assert links["Nr. 1: Erste Ausgabe"] == "ausgaben/01-erste/index.html"
    assert "Saalestadt · kreisfreie Stadt · Sachsen-Anhalt" in card.get_text()


def test_finder_lists_everything_with_filter_values(site: Path) -> None:
    soup = soup_of(site, "praxisbeispiele/index.html")
    assert listed(site, "praxisbeispiele/index.html") == [
        "Ein Team für Sozialplanung",
        "Stabsstelle für Sozialplanung",
        "Monitoring mit allen Ämtern",
    ]
    form = soup.select_one("form.tm-finder")
    assert form is not None and form.has_attr("hidden")  # shown by the script only
    options = {
        select["name"]: [(o["value"], o.get_text(strip=True)) for o in select.select("option")]
        for select in form.select("select")
    }
    assert options["land"] == [
        ("", "Alle"),
        ("sachsen-anhalt", "Sachsen-Anhalt"),
        ("thueringen", "Thüringen"),
    ]
    assert options["art"] == [
        ("", "Alle"),
        ("kreisfreie-stadt", "kreisfreie Stadt"),
        ("landkreis", "Landkreis"),
    ]
    assert [v for v, _ in options["thema"]] == [
        "",
        "beteiligung",
        "bildungsmonitoring",
        "sozialplanung",
    ]
    assert [v for v, _ in options["ausgabe"]] == ["", "2", "1"]
    for select in form.select("select"):
        assert form.select_one(f'label[for="{select["id"]}"]') is not None
    assert any("transmit-finder.js" in s.get("src", "") for s in soup.select("script"))
    assert not any(
        "transmit-finder.js" in s.get("src", "")
        for s in soup_of(site, "auswahl.html").select("script")
    )


def test_generated_overviews(site: Path) -> None:
    assert listed(site, "praxisbeispiele/laender/thueringen.html") == [
        "Ein Team für Sozialplanung",
        "Stabsstelle für Sozialplanung",
    ]
    assert listed(site, "praxisbeispiele/themen/beteiligung.html") == [
        "Monitoring mit allen Ämtern"
    ]
    page = main(soup_of(site, "praxisbeispiele/kommunen/saalestadt.html"))
    articles = [li.get_text(" ", strip=True) for li in page.select(".tm-case-articles li")]
    assert articles == ["Monitoring in Saalestadt (Praxisbeispiel, Nr. 1: Erste Ausgabe)"]
    index = main(soup_of(site, "praxisbeispiele/laender/index.html"))
    assert [li.get_text(" ", strip=True) for li in index.select(".tm-case-overview li")] == [
        "Sachsen-Anhalt (1 Praxisbeispiel)",
        "Thüringen (2 Praxisbeispiele)",
    ]


def test_open_data_json_and_csv(site: Path) -> None:
    data = json.loads((site / "praxisbeispiele" / "praxisbeispiele.json").read_text("utf-8"))
    assert data["count"] == 3
    saale = next(case for case in data["case_studies"] if case["id"] == "saale-monitoring")
    assert saale["municipality"] == {
        "id": "saalestadt",
        "name": "Saalestadt",
        "kind": "kreisfreie Stadt",
        "state": "Sachsen-Anhalt",
        "key": "15099000",
    }
    assert saale["topics"] == [
        {"id": "bildungsmonitoring", "label": "Bildungsmonitoring"},
        {"id": "beteiligung", "label": "Beteiligung"},
    ]
    assert saale["issue"] == {"number": 1, "title": "Erste Ausgabe"}
    assert saale["points"] == ["Erster Kernpunkt.", "Zweiter Kernpunkt."]
    assert saale["reviewed"] == "2026-01-15"
    assert (site / saale["url"].split("#")[0]).exists()
    with (site / "praxisbeispiele" / "praxisbeispiele.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [row["id"] for row in rows] == [c["id"] for c in data["case_studies"]]
    row = next(row for row in rows if row["id"] == "saale-monitoring")
    assert row["bundesland"] == "Sachsen-Anhalt"
    assert row["kernpunkte"] == "Erster Kernpunkt. | Zweiter Kernpunkt."
    links = main(soup_of(site, "praxisbeispiele/index.html")).select(".tm-open-data a")
    assert [a["href"] for a in links] == ["praxisbeispiele.json", "praxisbeispiele.csv"]


# --------------------------------------------------------------------------
# Incremental and parallel builds


def test_listings_follow_edits_additions_and_removals(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    out = tmp_path / "out"
    app = make_app("html", srcdir=src, builddir=out, freshenv=True)
    app.build()
    app.cleanup()

    replace(src / KREIS, ":title: Stabsstelle für Sozialplanung", ":title: Stabsstelle neu")
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    assert app.warning.getvalue() == ""
    read, written = phases(app.status.getvalue())
    assert read == {"ausgaben/02-zweite/kreis"}
    assert {"praxisbeispiele/index", "auswahl", "praxisbeispiele/laender/thueringen"} <= written
    html = Path(app.outdir)
    assert "Stabsstelle neu" in listed(html, "praxisbeispiele/index.html")
    assert "Stabsstelle neu" in listed(html, "praxisbeispiele/laender/thueringen.html")
    app.cleanup()

    (src / KREIS).write_text(
        (src / KREIS).read_text(encoding="utf-8").split(":::{case-study}")[0], encoding="utf-8"
    )
    app = make_app("html", srcdir=src, builddir=out, freshenv=False)
    app.build()
    assert "Stabsstelle neu" not in listed(html, "praxisbeispiele/index.html")
    assert listed(html, "praxisbeispiele/laender/thueringen.html") == ["Ein Team für Sozialplanung"]
    data = json.loads((html / "praxisbeispiele" / "praxisbeispiele.json").read_text("utf-8"))
    assert data["count"] == 2


def _listing_pages(outdir: Path) -> dict[str, str]:
    pages = {}
    for page in [
        "auswahl.html",
        *(p.relative_to(outdir).as_posix() for p in (outdir / "praxisbeispiele").rglob("*.html")),
    ]:
        pages[page] = str(main(soup_of(outdir, page)))
    return pages


def test_parallel_build_equals_serial(make_app: Callable, tmp_path: Path) -> None:
    results = []
    for jobs in (1, 2):
        src = copy_root("cases", tmp_path / f"src-{jobs}")
        app = make_app("html", srcdir=src, freshenv=True, parallel=jobs)
        app.build()
        assert app.warning.getvalue() == ""
        results.append(_listing_pages(Path(app.outdir)))
        app.cleanup()
    assert len(results[0]) > 10
    assert results[0] == results[1]


# --------------------------------------------------------------------------
# Content mistakes: located, explained, never a traceback


def build_warnings(make_app: Callable, src: Path, **overrides: Any) -> tuple[str, Path]:
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    return app.warning.getvalue(), Path(app.outdir)


def test_duplicate_id_names_both_places(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    replace(src / KREIS, "{case-study} kreis-stabsstelle", "{case-study} saale-monitoring")
    warnings, _ = build_warnings(make_app, src)
    [line] = [w for w in warnings.splitlines() if "doppelt" in w]
    assert "kreis.md:" in line and "saale.md:13" in line
    assert "saale-monitoring" in line and "[transmit.case_study]" in line


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (":municipality: saalestadt", ":municipality: saale-stadt", 14, "'saalestadt'"),
        (
            ":topics: bildungsmonitoring, beteiligung",
            ":topics: bildungsmonitoring, beteilgung",
            16,
            "'beteiligung'",
        ),
        (":title: Monitoring", ":titel: Monitoring", 15, "'title'"),
        (":reviewed: 2026-01-15", ":reviewed: 15.01.2026", 21, "JJJJ-MM-TT"),
        (
            ":summary: Saalestadt bespricht ihren Bildungsbericht mit allen Ämtern.\n",
            "",
            13,
            "':summary:'",
        ),
        ("{case-study} saale-monitoring", "{case-study} Saale_Monitoring", 13, "Kennung"),
    ],
)
def test_card_mistakes_are_located(
    make_app: Callable, tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    src = copy_root("cases", tmp_path / "src")
    replace(src / SAALE, old, new)
    warnings, _ = build_warnings(make_app, src)
    located = [w for w in warnings.splitlines() if f"saale.md:{line}:" in w]
    assert located, warnings
    assert expected in located[0] and "[transmit.case_study]" in located[0]
    assert "Traceback" not in warnings


def test_strict_build_stops_without_traceback(tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    replace(src / SAALE, ":municipality: saalestadt", ":municipality: atlantis")
    sphinx = Path(sys.executable).parent / "sphinx-build"
    result = subprocess.run(
        [str(sphinx), "-W", "--keep-going", "-q", "-b", "html", str(src), str(tmp_path / "o")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "saale.md:14" in result.stderr and "Unbekannte Kommune 'atlantis'" in result.stderr


def test_fields_are_escaped_everywhere(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    evil = "<script>alert(1)</script> & *fett*"
    replace(src / SAALE, ":title: Monitoring mit allen Ämtern", f":title: {evil}")
    replace(src / SAALE, ":unit: Bildungsbüro", f":unit: {evil}")
    warnings, out = build_warnings(make_app, src)
    assert warnings == ""
    for page in ("ausgaben/01-erste/saale.html", "praxisbeispiele/index.html", "auswahl.html"):
        raw = (out / page).read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in raw
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *fett*" in raw
    card = main(soup_of(out, "ausgaben/01-erste/saale.html")).select_one("article.tm-case-card")
    assert card is not None and fields(card)["Beteiligte Einheit"] == evil


# --------------------------------------------------------------------------
# Review currency


def test_stale_card_gets_note_and_its_own_warning(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    warnings, out = build_warnings(make_app, src, transmit_today="2028-02-01")
    stale = [w for w in warnings.splitlines() if "[transmit.review]" in w]
    # 2026-01-15 is 747 days before 2028-02-01; 2026-03-01 is 702 days
    assert len(stale) == 1 and "saale.md:21" in stale[0] and "saale-monitoring" in stale[0]
    note = main(soup_of(out, "ausgaben/01-erste/saale.html")).select_one(".tm-case-stale")
    assert note is not None and "15. Januar 2026" in note.get_text()


def test_review_warning_can_be_suppressed_and_age_configured(
    make_app: Callable, tmp_path: Path
) -> None:
    src = copy_root("cases", tmp_path / "src")
    warnings, out = build_warnings(
        make_app, src, transmit_today="2028-02-01", suppress_warnings=["transmit.review"]
    )
    assert warnings == ""
    assert main(soup_of(out, "ausgaben/01-erste/saale.html")).select_one(".tm-case-stale")
    warnings, _ = build_warnings(make_app, src, transmit_review_max_age_days=200)
    assert len([w for w in warnings.splitlines() if "[transmit.review]" in w]) == 2


# --------------------------------------------------------------------------
# Other builders get every field as standard nodes


def test_text_builder_shows_every_field(make_app: Callable, tmp_path: Path) -> None:
    src = copy_root("cases", tmp_path / "src")
    app = make_app("text", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    text = " ".join((Path(app.outdir) / "ausgaben/01-erste/saale.txt").read_text("utf-8").split())
    for expected in (
        "Praxisbeispiel: Monitoring mit allen Ämtern",
        "Bundesland: Sachsen-Anhalt",
        "Art der Kommune: kreisfreie Stadt",
        "Zeitraum: 2018 bis 2020",
        "Ansprechstelle: Bildungsbüro der Stadt",
        "Zuletzt geprüft: 15. Januar 2026",
        "Zweiter Kernpunkt.",
    ):
        assert expected in text
    finder = (Path(app.outdir) / "praxisbeispiele/index.txt").read_text("utf-8")
    assert "Monitoring mit allen Ämtern" in finder and "Alle Filter" not in finder


# --------------------------------------------------------------------------
# The examples of docs/praxisbeispiele.md


DOCS = Path(__file__).parents[2] / "docs"


def test_guide_examples_build(make_app: Callable, tmp_path: Path) -> None:
    import re

    doc = (DOCS / "praxisbeispiele.md").read_text(encoding="utf-8")
    examples = re.findall(r"````markdown\n(.*?)````", doc, re.S)
    [registry_entry] = [b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "- id:" in b]
    card_example = next(e for e in examples if "{case-study} " in e)
    list_example = next(e for e in examples if "{case-study-list}" in e)
    assert any("{case-study-finder}" in e for e in examples)

    src = copy_root("cases", tmp_path / "src")
    with (src / "_data" / "kommunen.yaml").open("a", encoding="utf-8") as f:
        f.write(registry_entry)
    with (src / "_data" / "themen.yaml").open("a", encoding="utf-8") as f:
        f.write("- id: organisationsstruktur\n  label: Organisationsstruktur\n")
    with (src / KREIS).open("a", encoding="utf-8") as f:
        f.write("\n" + card_example + "\n## Liste\n\n" + list_example)
    warnings, out = build_warnings(make_app, src)
    assert warnings == ""
    page = main(soup_of(out, "ausgaben/02-zweite/kreis.html"))
    card = page.select_one("#praxisbeispiel-jena-integrierte-sozialplanung")
    assert card is not None
    assert fields(card)["Bundesland"] == "Thüringen"
    assert fields(card)["Beteiligte Einheit"] == "Team Integrierte Sozialplanung"
    titles = [t.get_text(strip=True) for t in page.select(".tm-case-listing-card .sd-card-title")]
    assert titles == ["Stabsstelle für Sozialplanung"]  # Thüringen and Landkreis


def test_lookup_by_facet_equals_a_scan_of_all_case_studies(
    make_app: Callable, tmp_path: Path
) -> None:
    from transmit_kb.case_studies.cards import _cases_data, _matches, all_views, views_where

    app = make_app("html", srcdir=copy_root("cases", tmp_path / "src"), freshenv=True)
    app.build()
    views = all_views(app.env)
    assert len(views) >= 3
    values = {
        "state": {v.municipality.state for v in views},
        "kind": {v.municipality.kind for v in views},
        "municipality": {v.municipality.id for v in views},
        "issue": {str(v.issue_number) for v in views},
        "topic": {t for v in views for t in v.case.topics},
    }
    for facet, seen in values.items():
        for value in [*seen, "gibt-es-nicht"]:
            scan = tuple(v for v in views if _matches(v, {facet: value}))
            assert views_where(app.env, facet, value) == scan
    state, topic = sorted(values["state"])[0], sorted(values["topic"])[0]
    both = {"state": state, "topic": topic}
    assert _cases_data(app.env, both) == tuple(v for v in views if _matches(v, both))
    assert any(_matches(v, {"state": state}) for v in views)
