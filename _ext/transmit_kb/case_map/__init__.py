"""A map of the case studies by district (Landkreis / kreisfreie Stadt), without tiles.

Switched on by ``transmit_case_map = True`` (off by default, so a project that
only loads ``transmit_kb`` is unchanged). Then:

* the finder shows the map below its filters (event ``transmit-case-finder``)
  and gets a filter "Kreis oder kreisfreie Stadt" (``?kreis=<AGS>``, event
  ``transmit-case-facets``); ``transmit-map.js`` makes the districts filter the
  finder and follow its other filters;
* each generated state overview starts with ``:::{case-study-map}`` for its state
  (event ``transmit-case-overview-page``);
* every map comes with a table of the same numbers, the municipalities outside
  the three drawn states and the BKG's source note;
* each issue's PDF with case studies ends with their map as an image
  (:mod:`.print`).

The district shapes are committed data (:mod:`.districts`, ``data/QUELLE.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.docutils import SphinxDirective

from ..case_studies.cards import CaseView, all_views, views_where
from ..core.config import add_to_list_setting
from ..core.domain import get_domain
from ..core.links import CASES_DIR, overview_docname
from ..core.listings import ListingKind, make_listing, register_listing
from ..core.messages import warn
from ..core.model import get_registry
from ..core.text import slugify
from .districts import ATTRIBUTION, STATES, District, district_of, load
from .svg import Entry, count_text, html_svg, level

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

STATIC = Path(__file__).parent / "static"
FACET = ("district", "kreis", "Kreis oder kreisfreie Stadt")
FINDER_DOC = f"{CASES_DIR}/index"

#: listing data: (drawn districts: (AGS, count, municipality ids)),
#: (outside: (municipality id, name, state, count))
MapData = tuple[tuple[tuple[str, int, tuple[str, ...]], ...], tuple[tuple[str, str, str, int], ...]]


def enabled(app: Sphinx) -> bool:
    return bool(app.config.transmit_case_map)


def map_data(views: list[CaseView] | tuple[CaseView, ...]) -> MapData:
    """Counts per drawn district and per municipality outside the drawn states."""
    drawn: dict[str, dict[str, int]] = {}
    outside: dict[str, tuple[str, str, int]] = {}
    for view in views:
        where = view.municipality
        district = district_of(where.key)
        if district is not None:
            places = drawn.setdefault(district.ags, {})
            places[where.id] = places.get(where.id, 0) + 1
        else:
            name, state, count = outside.get(where.id, (where.name, where.state, 0))
            outside[where.id] = (name, state, count + 1)
    return (
        tuple(
            (ags, sum(places.values()), tuple(sorted(places)))
            for ags, places in sorted(drawn.items())
        ),
        tuple(
            (mid, name, state, count)
            for mid, (name, state, count) in sorted(outside.items(), key=lambda i: i[1][0])
        ),
    )


def _state_views(env: BuildEnvironment, state: str) -> tuple[CaseView, ...]:
    return views_where(env, "state", state) if state else tuple(all_views(env))


def _listing_data(env: BuildEnvironment, options: dict[str, Any]) -> MapData:
    return map_data(_state_views(env, options.get("state", "")))


def _uri(app: Sphinx, docname: str, target: str) -> str:
    if target not in app.env.found_docs:
        return ""
    try:
        return app.builder.get_relative_uri(docname, target)
    except NoUri:
        return ""


def _names(app: Sphinx) -> dict[str, str]:
    return {m.id: m.name for m in get_registry(app.env).municipalities.values()}


def _table(app: Sphinx, docname: str, data: MapData, title: str, ident: str) -> nodes.Element:
    """The map's text alternative: district, state, count (and its municipalities)."""
    if not data[0]:
        return nodes.paragraph("", "Auf der Karte ist noch kein Praxisbeispiel eingetragen.")
    by_ags = load().by_ags()
    names = _names(app)
    table = nodes.table(classes=["tm-map-table"], ids=[f"{ident}-tabelle"])
    table += nodes.title("", title)
    group = nodes.tgroup(cols=3)
    table += group
    for width in (60, 25, 15):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    heads = ("Kreis oder kreisfreie Stadt", "Land", "Anzahl")
    head += nodes.row("", *(nodes.entry("", nodes.paragraph("", text)) for text in heads))
    body = nodes.tbody()
    group += body
    rows = sorted(data[0], key=lambda item: by_ags[item[0]].title.casefold())
    for ags, count, places in rows:
        district = by_ags[ags]
        first = nodes.paragraph()
        for index, mid in enumerate(places):
            if index:
                first += nodes.Text(", ")
            uri = _uri(app, docname, overview_docname("municipality", mid))
            text = names.get(mid, mid)
            link = nodes.reference("", text, refuri=uri, internal=True) if uri else None
            first += link if link is not None else nodes.Text(text)
        if [names.get(mid) for mid in places] != [district.title]:
            first.insert(0, nodes.Text(f"{district.title}: "))
        cells = (
            nodes.entry("", first),
            nodes.entry("", nodes.paragraph("", district.state)),
            nodes.entry("", nodes.paragraph("", str(count)), classes=["tm-map-count"]),
        )
        body += nodes.row("", *cells, classes=[f"tm-map-row-{ags}"])
    return table


def _outside(data: MapData) -> nodes.paragraph | None:
    if not data[1]:
        return None
    paragraph = nodes.paragraph("", "Nicht auf der Karte: ", classes=["tm-map-outside"])
    for index, (_, name, state, count) in enumerate(data[1]):
        if index:
            paragraph += nodes.Text("; ")
        paragraph += nodes.Text(f"{name} ({state}): {count_text(count)}")
    return paragraph


def _drawn(state: str) -> list[District]:
    return [d for d in load().districts if not state or d.state == state]


def _title(state: str) -> str:
    where = state or f"{', '.join(STATES[:-1])} und {STATES[-1]}"
    return f"Karte: Praxisbeispiele nach Kreis in {where}"


def _entries(app: Sphinx, docname: str, data: MapData) -> list[Entry]:
    by_ags = load().by_ags()
    entries = []
    for ags, count, places in data[0]:
        href = _uri(app, docname, overview_docname("municipality", places[0])) if places else ""
        entries.append(Entry(by_ags[ags], count, href))
    return entries


def _legend() -> str:
    steps = [(1, "1"), (2, "2"), (3, "3 und mehr")]
    swatches = "".join(
        f'<li><span class="tm-map-swatch tm-map-level-{level(n)}" aria-hidden="true"></span>'
        f"{text}</li>"
        for n, text in steps
    )
    return (
        '<figcaption><p class="tm-map-legend-title">Praxisbeispiele je Kreis '
        "(die Zahl steht in der Fläche):</p>"
        f'<ul class="tm-map-legend">{swatches}</ul>'
        f'<p class="tm-map-source">Kartengrundlage: {ATTRIBUTION}</p></figcaption>'
    )


def render_map(app: Sphinx, docname: str, state: str, data: MapData) -> list[nodes.Node]:
    """Map (HTML only), table and outside list; nothing when the map is switched off."""
    if not enabled(app):
        return []
    title = _title(state)
    content: list[nodes.Node] = []
    interactive = app.builder.format == "html" and app.builder.name != "epub"
    ident = "karte-" + (slugify(state) or "alle")
    if interactive:
        finder = _uri(app, docname, FINDER_DOC)
        svg = html_svg(_drawn(state), _entries(app, docname, data), title, finder, ident)
        content.append(
            nodes.raw("", f'<figure class="tm-map-figure">{svg}{_legend()}</figure>', format="html")
        )
    caption = "Praxisbeispiele nach Kreis (Tabelle zur Karte)"
    content.append(_table(app, docname, data, caption, ident))
    outside = _outside(data)
    if outside is not None:
        content.append(outside)
    if not interactive:
        content.append(nodes.paragraph("", f"Kartengrundlage: {ATTRIBUTION}"))
    return [nodes.container("", *content, classes=["tm-map"])]


def _render_listing(
    app: Sphinx, docname: str, options: dict[str, Any], data: MapData
) -> list[nodes.Node]:
    return render_map(app, docname, options.get("state", ""), data)


class CaseMapDirective(SphinxDirective):
    """``:::{case-study-map}`` with an optional ``:state:``: the map with its table."""

    has_content = False
    option_spec: ClassVar[dict[str, Callable[[str], Any]]] = {
        "state": lambda value: (value or "").strip()
    }

    def run(self) -> list[nodes.Node]:
        state = self.options.get("state", "")
        if state and state not in STATES:
            warn(
                "listing",
                f"Die Karte kennt das Bundesland '{state}' nicht (möglich: "
                f"{', '.join(STATES)}). Lassen Sie ':state:' weg für alle drei.",
                self.get_location(),
            )
            return []
        options = {"state": state} if state else {}
        return [make_listing("case-study-map", options)]


# --------------------------------------------------------------------------
# Hooks into the finder and the generated overview pages


def _finder_map(app: Sphinx, docname: str, views: tuple[CaseView, ...]) -> list[nodes.Node]:
    return render_map(app, docname, "", map_data(views)) if enabled(app) else []


def _district_facet(app: Sphinx, view: CaseView) -> list[tuple[str, str, str, str, str]]:
    if not enabled(app):
        return []
    district = district_of(view.municipality.key)
    return [(*FACET, district.ags, district.title)] if district is not None else []


def _state_page(app: Sphinx, facet: str, value: str) -> str:
    if enabled(app) and facet == "state" and value in STATES:
        return f":::{{case-study-map}}\n:state: {value}\n:::\n"
    return ""


def _has_map(env: BuildEnvironment, pagename: str) -> bool:
    specs = get_domain(env).lookup("listings", pagename) or ()
    return any(
        kind == "case-study-map" or (kind == "case-studies" and options.get("finder"))
        for kind, options in specs
    )


def _add_assets(app: Sphinx) -> None:
    if enabled(app) and app.builder.format == "html":
        add_to_list_setting(app.config, "html_static_path", str(STATIC))


def _page_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and enabled(app) and _has_map(app.env, pagename):
        app.add_css_file("transmit-map.css")
        app.add_js_file("transmit-map.js", loading_method="defer")


def setup_case_map(app: Sphinx) -> None:
    """The map directive, its listing and the hooks into finder and overviews."""
    app.add_directive("case-study-map", CaseMapDirective)
    register_listing("case-study-map", ListingKind(_listing_data, _render_listing))
    app.connect("transmit-case-finder", _finder_map)
    app.connect("transmit-case-facets", _district_facet)
    app.connect("transmit-case-overview-page", _state_page)
    app.connect("builder-inited", _add_assets)
    app.connect("html-page-context", _page_assets)
    from .print import setup_print

    setup_print(app)
