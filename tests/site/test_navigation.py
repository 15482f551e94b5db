"""The sidebar: top-level entries everywhere, only the current branch opened."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

ARTICLE = "ausgaben/02-planungsprozesse/maurer-soemmerda.html"


def nav_of(site: Path, page: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.bd-docs-nav")
    assert nav is not None, f"no sidebar on {page}"
    return nav


def test_article_sidebar_opens_only_its_issue(built_site: Path) -> None:
    nav = nav_of(built_site, ARTICLE)
    links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
    assert links["Kommunales Bildungsmonitoring \u2013 Anschlüsse herstellen"] == (
        "../01-bildungsmonitoring/index.html"
    )
    assert not any("01-bildungsmonitoring/editorial" in href for href in links.values())
    assert any(href == "teichmann-jena.html" for href in links.values())
    current = nav.select("li.current.active > a")
    assert current[0].get_text(strip=True).startswith("Kommunale Planungsprozesse")
    assert current[-1]["href"] == "#"
    assert "Landkreis Sömmerda" in current[-1].get_text()
    assert nav.find_all("summary"), "the open branch has a toggle"
    for summary in nav.find_all("summary"):
        assert summary["aria-label"]


def test_start_page_sidebar_lists_captions_without_branches(built_site: Path) -> None:
    nav = nav_of(built_site, "index.html")
    captions = [p.get_text(strip=True) for p in nav.select("p.caption")]
    assert captions == ["Ausgaben", "Praxisbeispiele", "Nachschlagen", "Personen"]
    assert not nav.select("li.toctree-l2")


def test_every_page_is_reachable_from_the_start_page(built_site: Path) -> None:
    pages = {
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*.html")
        if not p.relative_to(built_site).as_posix().startswith(("_", "genindex", "search"))
    }
    seen, todo = set(), ["index.html"]
    while todo:
        page = todo.pop()
        if page in seen or page not in pages:
            continue
        seen.add(page)
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("nav.bd-docs-nav a, article a"):
            href = a.get("href", "").split("#")[0]
            if href and "://" not in href:
                todo.append(urljoin(page, href))
    assert pages - seen == set()


def test_long_captions_show_the_first_entries_the_current_one_and_a_link_to_all() -> None:
    from types import SimpleNamespace

    from transmit_kb.site.navigation import NavTree, render_nav

    issues = [f"ausgaben/{n:02d}/index" for n in range(12, 0, -1)]  # newest first
    tree = NavTree(
        sections=[("Ausgaben", issues), ("Nachschlagen", ["glossar"])],
        children={"ausgaben/02/index": ["ausgaben/02/artikel"]},
        parent={"ausgaben/02/artikel": "ausgaben/02/index"},
        titles={doc: doc.split("/")[1] for doc in issues},
    )
    app = SimpleNamespace(
        config=SimpleNamespace(
            transmit_nav_max_entries=3, transmit_nav_max_children=20, root_doc="index"
        ),
        builder=SimpleNamespace(get_relative_uri=lambda here, there: f"{there}.html"),
    )
    soup = BeautifulSoup(render_nav(app, tree, "ausgaben/02/artikel"), "html.parser")  # type: ignore[arg-type]
    first = soup.select("ul")[0]
    links = [a.get_text() for a in first.select("li.toctree-l1 > a")]
    assert links == ["12", "11", "10", "02", "Alle 12 Ausgaben auf der Startseite"]
    assert first.select_one("li.toctree-l2 > a")["href"] == "#"  # the article itself
    assert first.select_one("li.tm-nav-more > a")["href"] == "index.html"
    assert [a.get_text() for a in soup.select("ul")[-1].select("a")] == ["glossar"]


def _author_nav(page: str, people: int, size: int) -> BeautifulSoup:
    from types import SimpleNamespace

    from transmit_kb.site.navigation import NavTree, render_nav

    kids = [f"autoren/p{n:03d}" for n in range(people)]
    tree = NavTree(
        sections=[("Personen", ["autoren/index"])],
        children={"autoren/index": kids},
        parent={kid: "autoren/index" for kid in kids},
        titles={"autoren/index": "Autorinnen &amp; Autoren", **{k: k[-4:] for k in kids}},
        plain_titles={"autoren/index": "Autorinnen & Autoren"},
    )
    app = SimpleNamespace(
        config=SimpleNamespace(
            transmit_nav_max_entries=8, transmit_nav_max_children=size, root_doc="index"
        ),
        builder=SimpleNamespace(get_relative_uri=lambda here, there: f"{there}.html"),
    )
    return BeautifulSoup(render_nav(app, tree, page), "html.parser")  # type: ignore[arg-type]


def test_a_long_branch_shows_the_pages_around_the_current_one_and_a_link_to_all() -> None:
    soup = _author_nav("autoren/p025", people=30, size=6)
    names = [a.get_text() for a in soup.select("li.toctree-l2 > a")]
    assert names == [
        "p022",
        "p023",
        "p024",
        "p025",
        "p026",
        "p027",
        "Alle 30 Seiten unter „Autorinnen & Autoren“",
    ]
    assert soup.select_one("li.toctree-l2.current > a")["href"] == "#"
    more = soup.select_one("li.tm-nav-more > a")
    assert more["href"] == "autoren/index.html"
    # at the end of the list the window keeps its size
    names = [a.get_text() for a in _author_nav("autoren/p029", 30, 6).select("li.toctree-l2 > a")]
    assert names[:6] == ["p024", "p025", "p026", "p027", "p028", "p029"]


def test_the_page_above_a_long_branch_shows_its_first_pages_and_no_link_to_itself() -> None:
    soup = _author_nav("autoren/index", people=30, size=6)
    names = [a.get_text() for a in soup.select("li.toctree-l2 > a")]
    assert names == ["p000", "p001", "p002", "p003", "p004", "p005"]
    assert not soup.select("li.tm-nav-more")


def test_a_short_branch_is_shown_whole() -> None:
    soup = _author_nav("autoren/p003", people=6, size=6)
    assert len(soup.select("li.toctree-l2 > a")) == 6
    assert not soup.select("li.tm-nav-more")
