"""Scaffolding for the editors: new issues, articles, authors and case-study cards.

Every command first computes all file changes, validates them, and only then
writes; when it refuses (German :class:`ScaffoldError`), no file has changed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import yaml

from ..core.frontmatter import ARTICLE_KINDS, split_front_matter
from ..core.registry import ID_PATTERN, Registry, load_registry
from ..core.schema import suggest
from ..core.text import slugify
from .check import CASE_STUDY_DIRECTIVE, DATA_DIR, ISSUES_DIR, Directive, scan_markdown

SERIES = "TransMit plus – Perspektive Kommunales Bildungsmanagement"  # noqa: RUF001
PUBLISHER = "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
TEMPLATES = Path(__file__).parent / "templates_scaffold"
NAV_CAPTION = "Ausgaben"

#: words left out of a folder name made from a title
_STOPWORD_TEXT = (
    "der die das den dem des ein eine einer eines einem einen und oder im in "
    "ins am an auf aus bei mit nach von vom vor zu zum zur fuer ueber unter "
    "als wie wo was durch gegen ohne um"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_SLUG_MAX = 30


class ScaffoldError(Exception):
    """A German message saying why a command refused to change anything."""


@dataclass
class Changes:
    """Files a command will write: path -> new text (new files and edited files)."""

    files: dict[Path, str] = field(default_factory=dict)

    def write(self) -> list[Path]:
        """Write every file (creating folders) and return the paths."""
        for path, text in self.files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return list(self.files)


# --------------------------------------------------------------------------- helpers


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain where YAML reads it back unchanged, else quoted."""
    plain = value.strip()
    if plain and "\n" not in plain and not plain.startswith(("'", '"', "[", "{", "-", "#")):
        try:
            if yaml.safe_load(f"k: {plain}") == {"k": plain}:
                return plain
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: list[str]) -> str:
    """A flow-style YAML list, e.g. ``[eins, zwei]``."""
    return "[" + ", ".join(yaml_scalar(v) for v in values) + "]"


def issue_slug(title: str) -> str:
    """A short folder slug from a title: the meaningful words, at most about 30 characters."""
    words = [w for w in slugify(title).split("-") if w]
    meaningful = [w for w in words if w not in _STOPWORDS] or words
    slug = ""
    for word in meaningful:
        candidate = f"{slug}-{word}" if slug else word
        if slug and len(candidate) > _SLUG_MAX:
            break
        slug = candidate
    return slug[:_SLUG_MAX].strip("-") or "ausgabe"


def _render(name: str, **values: str) -> str:
    template = Template((TEMPLATES / name).read_text(encoding="utf-8"))
    return template.substitute(values)


def _front_matter(path: Path) -> dict[str, object]:
    try:
        split = split_front_matter(path.read_text(encoding="utf-8"))
        data = yaml.safe_load(split[0]) if split else None
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def existing_issues(srcdir: Path) -> dict[int, Path]:
    """Issue number -> folder, from the front matter of ``ausgaben/*/index.md``."""
    found: dict[int, Path] = {}
    for index in sorted((srcdir / ISSUES_DIR).glob("*/index.md")):
        number = _front_matter(index).get("number")
        if isinstance(number, int) and not isinstance(number, bool):
            found.setdefault(number, index.parent)
    return found


def _registry(srcdir: Path) -> Registry:
    return load_registry(srcdir, DATA_DIR)


def _check_topics(registry: Registry, topics: list[str]) -> list[str]:
    if not registry.topics:
        raise ScaffoldError(
            f"In {DATA_DIR}/themen.yaml steht kein gültiges Thema. Legen Sie dort zuerst "
            "mindestens ein Thema an."
        )
    if not topics:
        return [next(iter(registry.topics))]
    for topic in topics:
        if topic not in registry.topics:
            raise ScaffoldError(registry.unknown("topics", topic))
    return topics


def _toctrees(text: str) -> list[Directive]:
    return [d for d in scan_markdown(text).directives if d.name == "toctree"]


def _insert_lines(text: str, after_line: int, new: list[str]) -> str:
    lines = text.split("\n")
    lines[after_line:after_line] = new
    return "\n".join(lines)


def _entry_number(entry: str) -> int | None:
    match = re.match(rf"/?{ISSUES_DIR}/(\d+)-", entry.strip())
    return int(match.group(1)) if match else None


def add_to_navigation(text: str, entry: str, number: int) -> str:
    """Insert ``entry`` into the start page's issue toctree, newest issue first."""
    trees = _toctrees(text)
    tree = next((t for t in trees if t.options.get("caption") == NAV_CAPTION), None)
    if tree is None:
        tree = next(
            (t for t in trees if any(_entry_number(line) is not None for _, line in t.body)),
            None,
        )
    if tree is None:
        raise ScaffoldError(
            "Die Startseite source/index.md hat kein Inhaltsverzeichnis mit der Überschrift "
            f"'{NAV_CAPTION}' (```{{toctree}} mit ':caption: {NAV_CAPTION}'). Legen Sie es an "
            "und rufen Sie den Befehl erneut auf."
        )
    entries = [(line, raw) for line, raw in tree.body if raw.strip()]
    for line, raw in entries:
        other = _entry_number(raw)
        if other is not None and other < number:
            indent = raw[: len(raw) - len(raw.lstrip())]
            return _insert_lines(text, line - 1, [indent + entry])
    if entries:
        line, raw = entries[-1]
        indent = raw[: len(raw) - len(raw.lstrip())]
        return _insert_lines(text, line, [indent + entry])
    last_option = max(tree.option_lines.values(), default=tree.line)
    return _insert_lines(text, last_option, ["", entry])


def add_to_toctree(text: str, entry: str) -> str:
    """Append ``entry`` to the first toctree of an issue page (or add a toctree)."""
    trees = _toctrees(text)
    if not trees:
        return (
            text.rstrip("\n") + f"\n\n## Inhalt\n\n```{{toctree}}\n:maxdepth: 1\n\n{entry}\n```\n"
        )
    tree = trees[0]
    entries = [line for line, raw in tree.body if raw.strip()]
    after = entries[-1] if entries else max(tree.option_lines.values(), default=tree.line)
    return _insert_lines(text, after, [entry])


# --------------------------------------------------------------------------- commands


def plan_new_issue(
    srcdir: Path, number: int, title: str, slug: str = "", topics: list[str] | None = None
) -> tuple[Path, Changes]:
    """The files for issue ``number``: its folder, three pages, the start page entry."""
    if not 1 <= number <= 99:
        raise ScaffoldError(f"Die Nummer {number} ist ungültig; erlaubt sind 1 bis 99.")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("Der Titel darf nicht leer sein.")
    slug = slug or issue_slug(title)
    if not ID_PATTERN.fullmatch(slug):
        raise ScaffoldError(
            f"'{slug}' ist kein gültiger Ordnername (nur Kleinbuchstaben, Ziffern, Bindestriche)."
        )
    issues = existing_issues(srcdir)
    if number in issues:
        raise ScaffoldError(
            f"Die Ausgabennummer {number} ist schon vergeben: "
            f"{issues[number].relative_to(srcdir.parent).as_posix()}/index.md. "
            "Wählen Sie eine andere Nummer."
        )
    folder = srcdir / ISSUES_DIR / f"{number:02d}-{slug}"
    same_number = sorted((srcdir / ISSUES_DIR).glob(f"{number:02d}-*"))
    if folder.exists() or same_number:
        taken = (folder if folder.exists() else same_number[0]).relative_to(srcdir.parent)
        raise ScaffoldError(
            f"Der Ordner {taken.as_posix()} existiert bereits. Wählen Sie eine andere Nummer "
            "oder löschen Sie den Ordner, wenn er nicht mehr gebraucht wird."
        )
    start = srcdir / "index.md"
    if not start.exists():
        raise ScaffoldError("Die Startseite source/index.md fehlt.")
    topic_ids = _check_topics(_registry(srcdir), topics or [])
    kinds = ", ".join(ARTICLE_KINDS)
    changes = Changes()
    changes.files[folder / "index.md"] = _render(
        "ausgabe-index.md",
        number=str(number),
        title=yaml_scalar(title),
        series=yaml_scalar(SERIES),
        publisher=yaml_scalar(PUBLISHER),
        topics=yaml_list(topic_ids),
    )
    changes.files[folder / "editorial.md"] = _render(
        "editorial.md",
        title=yaml_scalar(f"Einführung in Nr. {number}"),
        authors="[]",
        kinds=kinds,
        topics=yaml_list(topic_ids),
    )
    changes.files[folder / "beitrag.md"] = _render(
        "beitrag.md",
        title=yaml_scalar("Titel des Beitrags"),
        authors="[]",
        kinds=kinds,
        kind="Beitrag",
        topics=yaml_list(topic_ids),
    )
    entry = f"{ISSUES_DIR}/{folder.name}/index"
    changes.files[start] = add_to_navigation(start.read_text(encoding="utf-8"), entry, number)
    return folder, changes


def plan_new_article(
    srcdir: Path,
    issue: int,
    slug: str,
    title: str,
    kind: str = "Beitrag",
    authors: list[str] | None = None,
    topics: list[str] | None = None,
) -> tuple[Path, Changes]:
    """A new article page in issue ``issue``, added to the issue's toctree."""
    issues = existing_issues(srcdir)
    if issue not in issues:
        known = ", ".join(str(n) for n in sorted(issues)) or "keine"
        raise ScaffoldError(
            f"Es gibt keine Ausgabe Nr. {issue}. Vorhanden: {known}. Legen Sie sie mit "
            "'transmit-kb new-issue' an."
        )
    if not ID_PATTERN.fullmatch(slug) or slug == "index":
        raise ScaffoldError(
            f"'{slug}' ist kein gültiger Dateiname für einen Beitrag (nur Kleinbuchstaben, "
            "Ziffern und Bindestriche, nicht 'index'), z. B. 'praxisbeispiel-jena'."
        )
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("Der Titel darf nicht leer sein.")
    if kind not in ARTICLE_KINDS:
        raise ScaffoldError(
            f"Unbekannte Art '{kind}'.{suggest(kind, ARTICLE_KINDS)} "
            f"Erlaubt sind: {', '.join(ARTICLE_KINDS)}."
        )
    folder = issues[issue]
    path = folder / f"{slug}.md"
    if path.exists():
        raise ScaffoldError(
            f"Die Datei {path.relative_to(srcdir.parent).as_posix()} existiert bereits."
        )
    registry = _registry(srcdir)
    for author in authors or []:
        if author not in registry.persons:
            raise ScaffoldError(
                registry.unknown("persons", author)
                + " Mit 'transmit-kb new-author' legen Sie eine Person an."
            )
    topic_ids = _check_topics(registry, topics or [])
    changes = Changes()
    changes.files[path] = _render(
        "beitrag.md",
        title=yaml_scalar(title),
        authors=yaml_list(authors or []),
        kinds=", ".join(ARTICLE_KINDS),
        kind=kind,
        topics=yaml_list(topic_ids),
    )
    index = folder / "index.md"
    changes.files[index] = add_to_toctree(index.read_text(encoding="utf-8"), slug)
    return path, changes


def plan_new_author(
    srcdir: Path,
    ident: str,
    name: str,
    role: str,
    organisation: str = "",
    municipality: str = "",
    academic_title: str = "",
) -> Changes:
    """A new person at the end of ``_data/personen.yaml``."""
    if not ID_PATTERN.fullmatch(ident):
        raise ScaffoldError(
            f"'{ident}' ist keine gültige Kennung (nur Kleinbuchstaben, Ziffern und "
            "Bindestriche), z. B. 'vorname-nachname'."
        )
    for label, value in (("Name", name), ("Funktion (--role)", role)):
        if not value.strip():
            raise ScaffoldError(f"{label} darf nicht leer sein.")
    path = srcdir / DATA_DIR / "personen.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    try:
        entries = yaml.safe_load(text) or []
    except yaml.YAMLError as exc:
        raise ScaffoldError(
            f"{path.name} ist kein gültiges YAML ({exc}); beheben Sie das zuerst "
            "(transmit-kb check zeigt die Stelle)."
        ) from None
    ids = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    if ident in ids:
        raise ScaffoldError(
            f"Die Kennung '{ident}' ist in {DATA_DIR}/personen.yaml schon vergeben. "
            "Wählen Sie eine andere, z. B. mit einem zweiten Vornamen."
        )
    if municipality:
        registry = _registry(srcdir)
        if municipality not in registry.municipalities:
            raise ScaffoldError(registry.unknown("municipalities", municipality))
    lines = [f"- id: {ident}", f"  name: {yaml_scalar(name)}"]
    if academic_title:
        lines.append(f"  academic_title: {yaml_scalar(academic_title)}")
    lines.append(f"  role: {yaml_scalar(role)}")
    if organisation:
        lines.append(f"  organisation: {yaml_scalar(organisation)}")
    if municipality:
        lines.append(f"  municipality: {municipality}")
    prefix = text if not text or text.endswith("\n") else text + "\n"
    return Changes({path: prefix + "\n".join(lines) + "\n"})


def plan_new_case_study(
    srcdir: Path,
    article: Path,
    ident: str,
    municipality: str,
    title: str,
    topics: list[str] | None = None,
    summary: str = "",
    reviewed: dt.date | None = None,
) -> Changes:
    """A case-study card appended to ``article``."""
    if not article.is_file():
        raise ScaffoldError(f"Die Seite {article} gibt es nicht.")
    if not ID_PATTERN.fullmatch(ident):
        raise ScaffoldError(
            f"'{ident}' ist keine gültige Kennung (nur Kleinbuchstaben, Ziffern und "
            "Bindestriche), z. B. 'jena-bildungsbuero'."
        )
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("Der Titel (--title) darf nicht leer sein.")
    for page in sorted(srcdir.rglob("*.md")):
        for directive in scan_markdown(page.read_text(encoding="utf-8")).directives:
            if directive.name == CASE_STUDY_DIRECTIVE and directive.argument.strip() == ident:
                where = page.relative_to(srcdir.parent).as_posix()
                raise ScaffoldError(
                    f"Die Praxisbeispiel-Kennung '{ident}' ist schon vergeben "
                    f"({where}:{directive.line})."
                )
    registry = _registry(srcdir)
    if municipality not in registry.municipalities:
        raise ScaffoldError(registry.unknown("municipalities", municipality))
    topic_ids = _check_topics(registry, topics or [])
    reviewed = reviewed or dt.date.today()
    summary = " ".join(summary.split()) or (
        "Platzhalter: Beschreiben Sie das Praxisbeispiel in zwei bis drei Sätzen."
    )
    block = [
        f":::{{{CASE_STUDY_DIRECTIVE}}} {ident}",
        f":municipality: {municipality}",
        f":title: {title}",
        f":topics: {', '.join(topic_ids)}",
        f":summary: {summary}",
        f":reviewed: {reviewed.isoformat()}",
        ":::",
    ]
    text = article.read_text(encoding="utf-8").rstrip("\n")
    return Changes({article: text + "\n\n" + "\n".join(block) + "\n"})
