"""Every configuration value of ``transmit_kb``, declared once: name, type, default, docs.

:class:`Settings` is the one place a value is declared; :func:`register`
adds each field to Sphinx with its type and rebuild scope, and
:func:`settings` reads a typed view of an app's configuration. The
reference in ``docs/konfiguration.md`` lists the same fields (a test
compares them).

A project that only loads the extension gets every site-wide feature
switched off; ``source/conf.py`` switches on what this site uses.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def _value(default: Any, rebuild: str, doc: str, types: frozenset[type] = frozenset()) -> Any:
    """A field with Sphinx's rebuild scope and a one-line German description.

    ``types``: the accepted types, where they are more than the default's type.
    """
    return field(default=default, metadata={"rebuild": rebuild, "doc": doc, "types": types})


@dataclass(frozen=True)
class Settings:
    """The configuration values of the extension (all named ``transmit_*``)."""

    # --- our content model
    transmit_issues_dir: str = _value(
        "", "env", "Ordner der Ausgaben (z. B. 'ausgaben'); leer: kein Inhaltsmodell."
    )
    transmit_data_dir: str = _value("_data", "env", "Ordner der Register (YAML).")
    transmit_review_max_age_days: int = _value(
        730, "env", "Nach so vielen Tagen gilt ein Praxisbeispiel als ungeprüft."
    )
    transmit_today: str = _value("", "env", "Heutiges Datum für Prüfungen (leer: heute).")
    transmit_summary_note: bool = _value(
        False, "env", "Hinweis 'Zusammenfassung der Wissensbasis' auf Ausgaben- und Beitragsseiten."
    )
    # --- legal pages, accessibility statement, Leichte Sprache (docs/rechtliches.md)
    transmit_publisher: dict[str, str] | None = field(
        default=None,
        metadata={
            "rebuild": "env",
            "doc": "Angaben der Herausgeberin (Name, Anschrift, E-Mail …); leer: Lücke markiert.",
            "types": frozenset({dict, type(None)}),
        },
    )
    transmit_legal_pages: dict[str, str] = field(
        default_factory=dict,
        metadata={"rebuild": "html", "doc": "Rechtliche Seiten: Art -> Dokument (Fußzeile)."},
    )
    transmit_accessibility_file: str = _value(
        "_data/barrierefreiheit.yaml", "env", "Erklärte Einschränkungen der Barrierefreiheit."
    )
    transmit_accessible_pdf_dir: str = _value(
        "../_build/pdfua", "env", "Wo die barrierefreien PDFs liegen."
    )
    transmit_easy_language: str = _value("", "html", "Startseite in Leichter Sprache.")
    transmit_case_map: bool = _value(
        False, "env", "Karte der Praxisbeispiele (Finder, Länder, Druckausgabe)."
    )
    transmit_accessible_edition: bool = _value(
        False, "env", "Barrierefreie Fassung (PDF/UA), barrierefreies EPUB, Druckformen."
    )
    transmit_pdfua_dir: str = _value("../_build/pdfua", "html", "Wo die PDF/UA-Dateien liegen.")
    transmit_citation: bool = _value(
        False, "env", "Zitieren: Zitationen, Exporte, Metadaten, Sitemap, Druckseiten."
    )
    # --- print edition
    transmit_order_url: str = _value("", "html", "Bestellformular für gedruckte Hefte.")
    transmit_funding_note: str = _value("", "", "Förderhinweis im Impressum.")
    transmit_pdf_dir: str = _value("../_build/pdf", "html", "Wo die PDFs liegen.")
    transmit_epub_dir: str = _value("../_build/epub", "html", "Wo die EPUBs liegen.")
    transmit_pdf_issues: list[str] = field(
        default_factory=list, metadata={"rebuild": "", "doc": "Ausgabenordner dieses PDF-Baus."}
    )
    transmit_pdf_series: bool = _value(False, "", "Alle Ausgaben in einem Band.")
    transmit_epub_issue: str = _value("", "", "Ausgabenordner dieses EPUB-Baus.")
    # --- site-wide features (off unless switched on)
    transmit_theme_overrides: bool = _value(
        False, "html", "Unser Stylesheet, Favicon und die Vorlagen-Überschreibungen."
    )
    transmit_german_texts: bool = _value(
        False, "html", "Deutsche Texte, die Sphinx und dem Theme fehlen."
    )
    transmit_sidebar: bool = _value(
        False, "html", "Seitenleiste, die nur den Zweig der Seite öffnet."
    )
    transmit_nav_max_entries: int = _value(8, "html", "Einträge je Ebene der Seitenleiste.")
    transmit_nav_max_children: int = _value(20, "html", "Unterseiten je Zweig (dann 'Alle …').")
    transmit_search: bool = _value(False, "html", "Unsere Suche (Komposita, Varianten).")
    transmit_search_compounds: bool = _value(True, "html", "Komposita in der Suche zerlegen.")
    transmit_light_pages: bool = _value(
        False, "html", "Font-Awesome-Auswahl, Bootstrap-Ersatz, Theme-CSS ohne ungenutzte Regeln."
    )
    transmit_compact_pages: bool = _value(
        False, "html", "Seiten ohne Einrückung und Kommentare der Vorlagen."
    )
    transmit_findability: bool = _value(
        False, "env", "Auffindbarkeit: eine Taxonomie, Übersichten nur mit Inhalt, Glossar A-Z."
    )
    transmit_site_ui: bool = _value(
        False, "html", "Oberfläche: Schrift, Farben, Brotkrumen, Startseite, schlanke Seiten."
    )
    transmit_sidebar_toggle_fix: bool | None = field(
        default=None,
        metadata={
            "rebuild": "html",
            "doc": "☰/☷ auf Telefonen (pydata #2451); None: an mit transmit_site_ui.",
            "types": frozenset({bool, type(None)}),
        },
    )
    # --- speed layer (speed/): on, but only on the verified library versions
    transmit_gc_tuning: bool = _value(True, "", "Weniger Pausen des Garbage Collectors.")
    transmit_parse_settings_cache: bool = _value(
        True, "", "Docutils-Einstellungen einmal je Build."
    )
    transmit_quick_smartquotes: bool = _value(
        True, "env", "Smart Quotes nur für Blöcke mit Anführungszeichen."
    )
    transmit_render_cache: bool = _value(True, "", "Prüfsummen und Titel einmal je Build.")
    transmit_theme_render_once: bool = _value(
        True, "", "Theme-Komponenten nicht probeweise rendern."
    )
    transmit_never_empty_components: list[str] = field(
        default_factory=list,
        metadata={"rebuild": "html", "doc": "Weitere Theme-Komponenten, die nie leer sind."},
    )
    transmit_fast_page_toc: bool = _value(True, "html", "Seitengliederung ohne BeautifulSoup.")
    transmit_stored_outlines: bool = _value(True, "env", "Gliederungen erst beim Lesen entpickeln.")
    transmit_citeproc_cache: bool = _value(
        True, "", "Abfragen, Variablenprüfungen und Referenzen von citeproc-py einmal je Build."
    )


def declared() -> tuple[dataclasses.Field[Any], ...]:
    """Every declared configuration value."""
    return dataclasses.fields(Settings)


def default_of(item: dataclasses.Field[Any]) -> Any:
    """The default value of a declared field."""
    if item.default_factory is not dataclasses.MISSING:
        return item.default_factory()
    return item.default


def _types(item: dataclasses.Field[Any], default: Any) -> frozenset[type]:
    if item.metadata.get("types"):
        return frozenset(item.metadata["types"])
    if isinstance(default, list | tuple):
        return frozenset({list, tuple})
    return frozenset({type(default)})


def register(app: Sphinx) -> None:
    """Add every declared value to Sphinx, with its type and rebuild scope."""
    for item in declared():
        default = default_of(item)
        app.add_config_value(
            item.name,
            default,
            item.metadata["rebuild"],
            types=_types(item, default),
            description=item.metadata["doc"],
        )


def settings(config: Config) -> Settings:
    """A typed view of ``config``'s values of this extension."""
    return Settings(**{item.name: getattr(config, item.name) for item in declared()})


def public_address(config: Config) -> str:
    """The site's public address (``html_baseurl``, ending in ``/``), or ``""``.

    The one setting for it: sitemap, canonical links, OpenGraph, citations,
    the PDF imprint and each article's web address in the PDFs all read it.
    """
    base = str(config.html_baseurl or "").strip()
    return base if not base or base.endswith("/") else base + "/"


def add_to_list_setting(config: Config, name: str, value: str, *, first: bool = False) -> None:
    """Add ``value`` to the list setting ``name`` (once), as a new list.

    Sphinx hands every project that leaves a setting out of ``conf.py`` the
    same default object; changed in place, our folders would reach every
    later project built in the same process (a test run, a script).
    """
    current = list(getattr(config, name) or [])
    if value not in current:
        setattr(config, name, [value, *current] if first else [*current, value])


def own_dict_setting(config: Config, name: str) -> dict[str, Any]:
    """The dict setting ``name`` as this project's own copy, to fill in (see
    :func:`add_to_list_setting`)."""
    value = dict(getattr(config, name) or {})
    setattr(config, name, value)
    return value
