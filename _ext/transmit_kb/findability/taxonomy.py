"""One taxonomy: a card's topics match its article's; overviews only where something is listed.

* ``env-check-consistency``: each case-study card's ``:topics:`` are compared
  with the ``topics`` of the article it stands in; a topic on one side only is
  a ``transmit.taxonomy`` warning at the card (file:line), naming the topic
  and how to fix it.
* :func:`in_use` scans the sources before reading (the overview pages are
  generated at ``builder-inited``): the municipalities and states that have a
  case study, and the topics that a card or an article uses. State and
  municipality pages exist only with a case study (an author's home town
  without one gets no page); topic pages only for topics in use.
* :func:`finder_topics`: every topic in use, for the finder's topic list
  (topics without a case study then show 0 there); :func:`article_counts`
  for the topic overview ("0 Praxisbeispiele, 1 Beitrag").
* :func:`empty_listing`: an empty case-study list says so and names the finder.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from docutils import nodes

from ..case_studies.options import split_list
from ..core.domain import get_domain
from ..core.files import read_json_object
from ..core.frontmatter import split_front_matter
from ..core.generated import GENERATED_MARK
from ..core.messages import warn
from ..core.model import get_registry
from ..core.registry import Registry
from . import enabled

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

CARD_FENCE = "{case-study}"


@dataclass
class InUse:
    """What the sources use: municipality ids and states with a card, topic ids."""

    municipalities: set[str] = field(default_factory=set)
    states: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)

    def keeps(self, facet: str, value: str) -> bool:
        """Whether the overview page of ``value`` in ``facet`` lists something."""
        chosen = {"state": self.states, "municipality": self.municipalities}.get(facet)
        return value in (self.topics if chosen is None else chosen)


#: the ``topics`` key of front matter with its value (flow list or block list)
_TOPICS = re.compile(r"^topics:[^\n]*(?:\n(?:[ \t]+|-)[^\n]*)*", re.MULTILINE)


def front_matter_topics(text: str) -> list[str]:
    """The ``topics`` of a page's front matter (only that key is read: fast).

    Topic ids are plain words, written ``topics: [a, b]`` or as a block list;
    anything else is left to YAML.
    """
    parts = split_front_matter(text)
    match = _TOPICS.search(parts[0]) if parts is not None else None
    if match is None:
        return []
    first, *rest = match[0].split("\n")
    value = first.removeprefix("topics:").strip()
    if value.startswith("[") and value.endswith("]") and not rest:
        items = value[1:-1].split(",")
    elif not value and all(line.strip().startswith("- ") for line in rest):
        items = [line.strip()[2:] for line in rest]
    else:
        try:
            data = yaml.safe_load(match[0])
        except yaml.YAMLError:
            return []  # the build reports malformed front matter itself
        topics = data.get("topics") if isinstance(data, dict) else None
        items = [str(t) for t in topics] if isinstance(topics, list) else []
    return [t for t in (item.strip().strip("'\"") for item in items) if t]


#: a case-study card's opening fence and the ``:key: value`` lines that follow it
_CARD = re.compile(
    r"^[ \t]*(?::{3,}|`{3,})\{case-study\}[^\n]*\n(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
    re.MULTILINE,
)
_OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>[^\n]*)$", re.MULTILINE)


def card_options(text: str) -> list[dict[str, str]]:
    """The options of every case-study card in a page's Markdown (read without parsing)."""
    return [
        {m["key"]: m["value"].strip() for m in _OPTION.finditer(card["options"])}
        for card in _CARD.finditer(text)
    ]


#: per source file: size and time, then its topics and its cards' places (doctree folder)
SCAN_CACHE = "transmit-taxonomy.json"
_SCAN_VERSION = 1


def _file_uses(text: str) -> tuple[list[str], list[str]]:
    """The topics and the card places of one page's Markdown (none for a generated page)."""
    if GENERATED_MARK in text[:400]:
        return [], []
    topics = list(front_matter_topics(text))
    places: list[str] = []
    if CARD_FENCE in text:
        for options in card_options(text):
            places.append(options.get("municipality", ""))
            topics += split_list(options.get("topics", ""))
    return topics, places


def _load_scan_cache(cache: Path | None) -> dict[str, list[Any]]:
    saved = read_json_object(cache)
    if saved.get("version") != _SCAN_VERSION:
        return {}
    files = saved.get("files")
    return files if isinstance(files, dict) else {}


def scan_sources(srcdir: Path, registry: Registry, cache: Path | None = None) -> InUse:
    """The case-study places and the topics used below ``srcdir`` (generated pages aside).

    With ``cache`` (a JSON file), a page whose size and modification time are
    unchanged since the last build is not read again.
    """
    known = _load_scan_cache(cache)
    seen: dict[str, list[Any]] = {}
    found = InUse()
    for dirpath, dirnames, filenames in os.walk(srcdir):
        dirnames[:] = [d for d in dirnames if not d.startswith(("_", "."))]
        for name in filenames:
            if not name.endswith(".md"):
                continue
            path = Path(dirpath) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            key = path.relative_to(srcdir).as_posix()
            entry = known.get(key)
            if entry is None or entry[:2] != [stat.st_mtime_ns, stat.st_size]:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    continue  # reported by the build
                entry = [stat.st_mtime_ns, stat.st_size, *_file_uses(text)]
            seen[key] = entry
            topics, places = entry[2], entry[3]
            found.topics.update(topics)
            for place in places:
                if place in registry.municipalities:
                    found.municipalities.add(place)
                    found.states.add(registry.municipalities[place].state)
    if cache is not None and seen != known:
        cache.parent.mkdir(parents=True, exist_ok=True)
        data = {"version": _SCAN_VERSION, "files": seen}
        cache.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return found


def in_use(app: Sphinx) -> InUse | None:
    """What the overview pages may cover, or ``None`` (findability off: every page)."""
    if not enabled(app.config):
        return None
    cache = Path(app.doctreedir) / SCAN_CACHE
    return scan_sources(Path(app.srcdir), get_registry(app.env), cache)


def finder_topics(env: BuildEnvironment) -> list[tuple[str, str]]:
    """``(id, label)`` of every known topic used by a case study or an article."""
    if not enabled(env.config):
        return []
    registry = get_registry(env)
    used: set[str] = set()
    domain = get_domain(env)
    for _, article in domain.entries("article"):
        used.update(article.topics)
    for _, cases in domain.entries("case_studies"):
        for case in cases:
            used.update(case.topics)
    return [(t, registry.topics[t].label) for t in used if t in registry.topics]


def article_counts(env: BuildEnvironment) -> dict[str, int]:
    """Topic id -> number of articles naming it (for the topic overview); empty when off."""
    if not enabled(env.config):
        return {}
    counts: dict[str, int] = {}
    for _, article in get_domain(env).entries("article"):
        for topic in dict.fromkeys(article.topics):
            counts[topic] = counts.get(topic, 0) + 1
    return counts


def empty_listing(app: Sphinx, docname: str, finder: str) -> nodes.Element | None:
    """What an empty case-study listing says: there is none yet, and where to look.

    ``finder``: the docname of the finder page. ``None`` when findability is
    off (the listing keeps its short note).
    """
    if not enabled(app.config):
        return None
    from ..core.links import doc_link

    paragraph = nodes.paragraph(
        "", "Hierzu gibt es noch kein Praxisbeispiel.", classes=["tm-case-none"]
    )
    if finder in app.env.found_docs and finder != docname:
        paragraph += nodes.Text(" Alle Praxisbeispiele zeigt die Seite ")
        paragraph += doc_link(app, docname, finder, "Praxisbeispiele")
        paragraph += nodes.Text(" mit Filtern nach Bundesland, Thema und Ausgabe.")
    return paragraph


def topic_mismatches(
    case_id: str,
    card: list[str] | tuple[str, ...],
    page: list[str] | tuple[str, ...],
    label: Callable[[str], str],
) -> list[str]:
    """Messages for each topic that only the card or only its article names."""
    messages = []
    for topic in sorted(set(page) - set(card)):
        messages.append(
            f"Der Beitrag hat das Thema '{topic}' ({label(topic)}), die "
            f"Praxisbeispiel-Karte '{case_id}' nicht. Ergänzen Sie es in :topics: der "
            "Karte oder streichen Sie es in den topics des Beitrags."
        )
    for topic in sorted(set(card) - set(page)):
        messages.append(
            f"Die Praxisbeispiel-Karte '{case_id}' hat das Thema '{topic}' "
            f"({label(topic)}), der Beitrag nicht. Ergänzen Sie es in den topics des "
            "Beitrags oder streichen Sie es in :topics: der Karte."
        )
    return messages


def _check_topics(app: Sphinx, env: BuildEnvironment) -> None:
    if not enabled(app.config):
        return
    domain = get_domain(env)
    registry = get_registry(env)

    def label(topic: str) -> str:
        return registry.topics[topic].label if topic in registry.topics else topic

    for _, cases in domain.entries("case_studies"):
        for case in cases:
            article: Any = domain.lookup("article", case.docname)
            if article is None:
                continue
            for message in topic_mismatches(case.id, case.topics, article.topics, label):
                warn("taxonomy", message, (case.docname, case.line))


def setup_taxonomy(app: Sphinx) -> None:
    """The topic check (the overview filter is called by case_studies)."""
    app.connect("env-check-consistency", _check_topics)
