"""``transmit-kb check``: validate all content quickly, without a Sphinx build.

It reuses the validation the build runs (registries, front matter) and adds
what a reader of the Markdown can see without Sphinx: duplicate issue numbers,
case-study cards, images without alt text or file, toctree entries and
``{doc}`` links to missing pages, pages in no toctree, and ``{term}``
references that the glossary does not define. Every finding is located
(``path:line``) and says how to fix it.
"""

from __future__ import annotations

import ast
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

import yaml

from ..case_studies.options import validate_case_study
from ..core.frontmatter import IssueMeta, parse_page, split_front_matter
from ..core.generated import GENERATED_MARK
from ..core.registry import Registry, load_registry
from ..core.schema import suggest

SOURCE_DIR = "source"
ISSUES_DIR = "ausgaben"
DATA_DIR = "_data"

#: directives whose body is not Markdown (never scanned for images or roles)
LITERAL_DIRECTIVES = frozenset(
    {
        "code",
        "code-block",
        "code-cell",
        "sourcecode",
        "literalinclude",
        "raw",
        "math",
        "eval-rst",
        "mermaid",
        "graphviz",
        "csv-table",
    }
)

PLACEHOLDER = "Platzhalter:"

#: the case-study card directive (case_studies.py)
CASE_STUDY_DIRECTIVE = "case-study"
#: the author box directive (authors.py) and its one argument, a person id
AUTHOR_BOX_DIRECTIVE = "author-box"

_FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>.*?)\s*$")
_DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^\s*:(?P<key>[\w-]+):(?:\s+(?P<value>.*?))?\s*$")
_ROLE = re.compile(r"\{(?P<role>term|doc)\}`(?P<text>[^`]+)`")
_CODE_SPAN = re.compile(r"(?<!\})(`+)(?!\{).+?\1", re.DOTALL)
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<target>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_EXPLICIT = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


# --------------------------------------------------------------------------- scanning


@dataclass
class Directive:
    """A MyST directive fence found in a page, with its options and body lines."""

    name: str
    argument: str
    line: int
    options: dict[str, str] = field(default_factory=dict)
    option_lines: dict[str, int] = field(default_factory=dict)
    body: list[tuple[int, str]] = field(default_factory=list)
    end_line: int = 0

    def option_line(self, key: str) -> int:
        """Line of option ``key``, or of the directive when it is absent."""
        return self.option_lines.get(key, self.line)


@dataclass
class Scan:
    """What one Markdown page contains, as far as the checks need it."""

    directives: list[Directive]
    paragraphs: list[tuple[int, str]]  # (first line, text) of Markdown outside literal blocks


@dataclass
class _Open:
    char: str
    count: int
    literal: bool
    directive: Directive | None


def _closes(line: str, top: _Open) -> bool:
    stripped = line.strip()
    return len(stripped) >= top.count and set(stripped) == {top.char}


def _parse_options(directive: Directive) -> None:
    """Move the leading ``:key: value`` lines (or a ``---`` YAML block) into options."""
    body = directive.body
    index = 0
    if body and body[0][1].strip() == "---":
        for end in range(1, len(body)):
            if body[end][1].strip() == "---":
                text = "\n".join(line for _, line in body[1:end])
                try:
                    data = yaml.safe_load(text)
                except yaml.YAMLError:
                    data = None
                if isinstance(data, dict):
                    for key, value in data.items():
                        directive.options[str(key)] = "" if value is None else str(value)
                        directive.option_lines[str(key)] = next(
                            (n for n, line in body[1:end] if line.strip().startswith(f"{key}:")),
                            body[0][0],
                        )
                directive.body = body[end + 1 :]
                return
    while index < len(body):
        match = _OPTION.match(body[index][1])
        if not match:
            break
        key = match["key"]
        directive.options[key] = (match["value"] or "").strip()
        directive.option_lines[key] = body[index][0]
        index += 1
    directive.body = body[index:]


def scan_markdown(text: str) -> Scan:
    """Find directive fences and the Markdown paragraphs of a MyST page."""
    lines = text.split("\n")
    start = 0
    if split_front_matter(text) is not None:
        start = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---") + 1
    directives: list[Directive] = []
    paragraphs: list[tuple[int, str]] = []
    stack: list[_Open] = []
    current: list[str] = []
    current_start = 0

    def flush() -> None:
        nonlocal current
        if current:
            paragraphs.append((current_start, "\n".join(current)))
            current = []

    for index in range(start, len(lines)):
        number = index + 1
        line = lines[index]
        top = stack[-1] if stack else None
        if top is not None and _closes(line, top):
            stack.pop()
            if top.directive is not None:
                top.directive.end_line = number
            flush()
            continue
        if top is not None and top.literal:
            for entry in stack:
                if entry.directive is not None:
                    entry.directive.body.append((number, line))
            continue
        match = _FENCE_OPEN.match(line)
        if match and not (match["fence"][0] == "`" and "`" in match["info"]):
            flush()
            info = _DIRECTIVE_INFO.match(match["info"])
            for entry in stack:
                if entry.directive is not None:
                    entry.directive.body.append((number, line))
            if info is None:
                stack.append(_Open(match["fence"][0], len(match["fence"]), True, None))
                continue
            directive = Directive(info["name"], info["arg"].strip(), number)
            directives.append(directive)
            literal = directive.name in LITERAL_DIRECTIVES
            stack.append(_Open(match["fence"][0], len(match["fence"]), literal, directive))
            continue
        for entry in stack:
            if entry.directive is not None:
                entry.directive.body.append((number, line))
        if not line.strip() or (stack and _OPTION.match(line)):
            flush()
            continue
        if not current:
            current_start = number
        current.append(line)
    flush()
    for directive in directives:
        if not directive.end_line:
            directive.end_line = len(lines)
        _parse_options(directive)
    return Scan(directives, paragraphs)


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, order=True)
class Finding:
    """One located problem (``level`` is ``Fehler`` or ``Hinweis``)."""

    path: str
    line: int
    message: str
    level: str = "Fehler"


@dataclass
class Report:
    """All findings of one check run."""

    findings: list[Finding] = field(default_factory=list)
    pages: int = 0

    @property
    def errors(self) -> list[Finding]:
        """Only the findings that fail the check."""
        return [f for f in self.findings if f.level == "Fehler"]


@dataclass
class _Page:
    path: Path
    rel: str  # path relative to the project root, for messages
    docname: str
    text: str
    generated: bool
    scan: Scan


def _iter_sources(srcdir: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(srcdir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(("_", ".")))
        for name in sorted(filenames):
            if name.endswith(".md"):
                yield Path(dirpath) / name


#: folders the build writes into the source tree (as in ``make clean`` and .gitignore)
GENERATED_FOLDERS = (
    "autoren",
    "praxisbeispiele/laender",
    "praxisbeispiele/kommunen",
    "praxisbeispiele/themen",
)


def generated_folders(root: Path, srcdir: Path) -> list[str]:
    """Folders below ``srcdir`` (as docname prefixes) that the build generates.

    They are :data:`GENERATED_FOLDERS` and the source folders in ``root/.gitignore``.
    """
    folders = list(GENERATED_FOLDERS)
    ignore = root / ".gitignore"
    try:
        prefix = srcdir.resolve().relative_to(root.resolve()).as_posix() + "/"
    except ValueError:
        return folders
    if ignore.exists():
        for raw in ignore.read_text(encoding="utf-8").splitlines():
            entry = raw.strip().lstrip("/")
            if entry.startswith(prefix) and entry.endswith("/"):
                folder = entry[len(prefix) :].rstrip("/")
                if folder not in folders:
                    folders.append(folder)
    return folders


def _resolve(docname: str, target: str) -> str:
    """A document reference as Sphinx resolves it: relative or from the source root."""
    target = target.strip()
    if target.endswith(".md"):
        target = target[:-3]
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))


def _split_explicit(text: str) -> tuple[str, str]:
    """``(title, target)`` of ``Title <target>`` or ``("", text)``."""
    match = _EXPLICIT.match(text.strip())
    if match:
        return match["title"], match["target"].strip()
    return "", text.strip()


class _Checker:
    def __init__(self, root: Path, srcdir: Path | None = None) -> None:
        self.root = root
        self.srcdir = srcdir if srcdir is not None else root / SOURCE_DIR
        self.report = Report()
        self.generated = generated_folders(root, self.srcdir)
        self.unreadable: set[str] = set()

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: str, line: int, message: str, level: str = "Fehler") -> None:
        self.report.findings.append(Finding(path, line, message, level))

    def is_generated(self, docname: str) -> bool:
        return any(docname == g or docname.startswith(g + "/") for g in self.generated)

    def run(self) -> Report:
        if not self.srcdir.is_dir():
            self.add(
                self.rel(self.srcdir),
                0,
                f"Der Quellordner '{self.rel(self.srcdir)}' fehlt. Rufen Sie den Befehl "
                "im Projektordner auf oder geben Sie ihn mit --root an.",
            )
            return self.report
        registry = load_registry(self.srcdir, DATA_DIR)
        for path, problem in registry.problems:
            self.add(self.rel(path), problem.line, problem.message)
        pages = self.load_pages()
        self.report.pages = sum(not page.generated for page in pages)
        docnames = {page.docname for page in pages} | self.unreadable
        self.check_front_matter(pages, registry)
        self.check_toctrees(pages, docnames)
        self.check_images(pages)
        self.check_terms(pages)
        self.check_doc_links(pages, docnames)
        self.check_case_studies(pages, registry)
        self.check_author_boxes(pages, registry)
        self.check_placeholders(pages)
        self.check_offers(pages)
        self.check_topics(pages, registry)
        self.report.findings.sort()
        return self.report

    def load_pages(self) -> list[_Page]:
        pages = []
        for path in _iter_sources(self.srcdir):
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                line = path.read_bytes()[: exc.start].count(b"\n") + 1
                self.add(
                    self.rel(path),
                    line,
                    "Die Datei ist nicht UTF-8-kodiert. Speichern Sie sie im Editor als UTF-8.",
                )
                self.unreadable.add(path.relative_to(self.srcdir).with_suffix("").as_posix())
                continue
            docname = path.relative_to(self.srcdir).with_suffix("").as_posix()
            generated = text.startswith(GENERATED_MARK)
            pages.append(_Page(path, self.rel(path), docname, text, generated, scan_markdown(text)))
        return pages

    # --- front matter and issue numbers

    def check_front_matter(self, pages: list[_Page], registry: Registry) -> None:
        numbers: dict[int, _Page] = {}
        self.orphans: set[str] = set()
        for page in pages:
            if page.generated:
                continue
            parsed = parse_page(page.text, page.docname, ISSUES_DIR, registry)
            for problem in parsed.problems:
                self.add(page.rel, problem.line, problem.message)
            split = split_front_matter(page.text)
            if split is not None and re.search(r"^orphan:\s*true\s*$", split[0], re.M):
                self.orphans.add(page.docname)
            if isinstance(parsed.record, IssueMeta):
                first = numbers.setdefault(parsed.record.number, page)
                if first is not page:
                    line = _key_line(page.text, "number")
                    self.add(
                        page.rel,
                        line,
                        f"Die Ausgabennummer {parsed.record.number} ist doppelt vergeben: "
                        f"auch in {first.rel}. Vergeben Sie eine neue Nummer.",
                    )

    # --- toctrees and pages outside every toctree

    def check_toctrees(self, pages: list[_Page], docnames: set[str]) -> None:
        included: set[str] = set()
        for page in pages:
            for directive in page.scan.directives:
                if directive.name != "toctree":
                    continue
                glob = "glob" in directive.options
                for line, raw in directive.body:
                    entry = raw.strip()
                    if not entry or entry == "self":
                        continue
                    _, target = _split_explicit(entry)
                    if _URL.match(target):
                        continue
                    resolved = _resolve(page.docname, target)
                    if glob and any(char in target for char in "*?["):
                        included.update(d for d in docnames if fnmatch(d, resolved))
                        continue
                    included.add(resolved)
                    if resolved in docnames or self.is_generated(resolved) or page.generated:
                        continue
                    hint = suggest(resolved, docnames)
                    self.add(
                        page.rel,
                        line,
                        f"Das Inhaltsverzeichnis verweist auf '{target}', aber die Datei "
                        f"'{self.rel(self.srcdir / resolved)}.md' gibt es nicht.{hint} "
                        "Korrigieren Sie "
                        "den Eintrag oder legen Sie die Seite an.",
                    )
        for page in pages:
            if (
                page.generated
                or page.docname == "index"
                or page.docname in included
                or page.docname in self.orphans
            ):
                continue
            self.add(
                page.rel,
                1,
                "Die Seite steht in keinem Inhaltsverzeichnis ({toctree}). Tragen Sie "
                f"'{page.docname.rsplit('/', 1)[-1]}' in das Inhaltsverzeichnis der "
                "übergeordneten Seite ein (bei einem Beitrag: index.md der Ausgabe).",
            )

    # --- images

    def _image_file(self, page: _Page, line: int, target: str) -> None:
        if not target or _URL.match(target) or target.startswith("#"):
            return
        path = (
            self.srcdir / target.lstrip("/")
            if target.startswith("/")
            else page.path.parent / target
        )
        if "*" in target or path.exists():
            return
        self.add(
            page.rel,
            line,
            f"Die Bilddatei '{target}' gibt es nicht (gesucht: {self.rel(path)}). "
            "Prüfen Sie Dateinamen und Pfad; er gilt relativ zur Seite.",
        )

    def check_images(self, pages: list[_Page]) -> None:
        for page in pages:
            if page.generated:
                continue
            for directive in page.scan.directives:
                if directive.name not in ("image", "figure"):
                    continue
                if not directive.options.get("alt", "").strip():
                    self.add(
                        page.rel,
                        directive.line,
                        f"Dem Bild '{directive.argument}' fehlt ein Alternativtext. Ergänzen "
                        f"Sie unter der Zeile '{{{directive.name}}}' die Option ':alt: …' mit "
                        "einer kurzen Beschreibung des Bildinhalts.",
                    )
                self._image_file(page, directive.line, directive.argument)
            for first, text in page.scan.paragraphs:
                cleaned = _CODE_SPAN.sub(lambda m: "\n" * m.group(0).count("\n"), text)
                for match in _IMAGE.finditer(cleaned):
                    line = first + cleaned[: match.start()].count("\n")
                    if not match["alt"].strip():
                        self.add(
                            page.rel,
                            line,
                            f"Dem Bild '{match['target']}' fehlt ein Alternativtext. "
                            "Schreiben Sie eine kurze Beschreibung in die eckigen Klammern: "
                            "![Beschreibung](pfad).",
                        )
                    self._image_file(page, line, match["target"])

    # --- glossary terms and document links

    def _roles(self, pages: list[_Page], role: str) -> Iterator[tuple[_Page, int, str]]:
        for page in pages:
            if page.generated:
                continue
            for first, text in page.scan.paragraphs:
                for match in _ROLE.finditer(text):
                    if match["role"] == role:
                        line = first + text[: match.start()].count("\n")
                        yield page, line, " ".join(match["text"].split())

    def check_terms(self, pages: list[_Page]) -> None:
        terms: dict[str, str] = {}
        for page in pages:
            for directive in page.scan.directives:
                if directive.name != "glossary":
                    continue
                for _, raw in directive.body:
                    if raw.strip() and not raw[0].isspace():
                        term = " ".join(raw.split(" : ")[0].split())
                        terms.setdefault(term.lower(), term)
        for page, line, text in self._roles(pages, "term"):
            _, target = _split_explicit(text)
            if target.lower() in terms:
                continue
            hint = suggest(target, terms.values())
            self.add(
                page.rel,
                line,
                f"Der Begriff '{target}' steht nicht im Glossar.{hint} Ergänzen Sie ihn in "
                "glossar.md oder verweisen Sie mit {term}`Text <Begriff>` auf einen "
                "vorhandenen Begriff.",
            )

    def check_doc_links(self, pages: list[_Page], docnames: set[str]) -> None:
        for page, line, text in self._roles(pages, "doc"):
            _, target = _split_explicit(text)
            resolved = _resolve(page.docname, target)
            if resolved in docnames or self.is_generated(resolved):
                continue
            self.add(
                page.rel,
                line,
                f"Der Verweis {{doc}} auf '{target}' führt ins Leere: "
                f"'{self.rel(self.srcdir / resolved)}.md' gibt es nicht."
                f"{suggest(resolved, docnames)} Pfade gelten relativ zur Seite oder, mit '/' "
                "am Anfang, zum Quellordner.",
            )

    # --- case studies

    def check_case_studies(self, pages: list[_Page], registry: Registry) -> None:
        """The card checks of the build (``validate_case_study``) plus duplicate ids."""
        seen: dict[str, tuple[str, int]] = {}
        for page in pages:
            if page.generated:
                continue
            for directive in page.scan.directives:
                if directive.name != CASE_STUDY_DIRECTIVE:
                    continue
                ident = directive.argument.strip()
                for option, message in validate_case_study(ident, directive.options, registry):
                    line = directive.option_line(option) if option else directive.line
                    self.add(page.rel, line, message)
                if not ident:
                    continue
                if ident in seen:
                    where, at = seen[ident]
                    self.add(
                        page.rel,
                        directive.line,
                        f"Die Praxisbeispiel-Kennung '{ident}' ist doppelt vergeben (zuerst "
                        f"in {where}:{at}). Kennungen müssen eindeutig sein.",
                    )
                else:
                    seen[ident] = (page.rel, directive.line)

    # --- author boxes

    def check_author_boxes(self, pages: list[_Page], registry: Registry) -> None:
        for page in pages:
            if page.generated:
                continue
            for directive in page.scan.directives:
                if directive.name != AUTHOR_BOX_DIRECTIVE:
                    continue
                ident = directive.argument.strip()
                if not ident:
                    self.add(
                        page.rel,
                        directive.line,
                        "Der Direktive 'author-box' fehlt die Kennung der Person, z. B. "
                        "':::{author-box} walter-werner'.",
                    )
                elif ident not in registry.persons:
                    self.add(page.rel, directive.line, registry.unknown("persons", ident))

    # --- placeholders left by the scaffolding commands (notes, not errors)

    def check_placeholders(self, pages: list[_Page]) -> None:
        for page in pages:
            if page.generated:
                continue
            for index, line in enumerate(page.text.split("\n"), start=1):
                if PLACEHOLDER in line:
                    self.add(
                        page.rel,
                        index,
                        "Hier steht noch Platzhaltertext aus der Vorlage. Ersetzen Sie ihn "
                        "vor der Veröffentlichung.",
                        "Hinweis",
                    )
                    break

    def check_offers(self, pages: list[_Page]) -> None:
        """A ``nur-wenn-gesetzt`` block whose address is empty in conf.py (a Hinweis)."""
        from ..findability.offer_values import DIRECTIVE, unset_offers

        blocks = [
            (page.rel, directive.line, directive.argument.strip())
            for page in pages
            if not page.generated
            for directive in page.scan.directives
            if directive.name == DIRECTIVE
        ]
        if not blocks:
            return
        config = conf_values(self.srcdir / "conf.py")
        for path, line, message in unset_offers(blocks, config):
            self.add(path, line, message, "Hinweis")

    def check_topics(self, pages: list[_Page], registry: Registry) -> None:
        """A card whose topics differ from its article's (with ``transmit_findability``)."""
        from ..findability.taxonomy import front_matter_topics, topic_mismatches

        if not conf_values(self.srcdir / "conf.py").get("transmit_findability"):
            return

        def label(topic: str) -> str:
            return registry.topics[topic].label if topic in registry.topics else topic

        for page in pages:
            if page.generated:
                continue
            page_topics = front_matter_topics(page.text)
            for directive in page.scan.directives:
                if directive.name != CASE_STUDY_DIRECTIVE:
                    continue
                card = [t.strip() for t in directive.options.get("topics", "").split(",")]
                card = [t for t in card if t]
                ident = directive.argument.strip()
                for message in topic_mismatches(ident, card, page_topics, label):
                    self.add(page.rel, directive.line, message)


def conf_values(conf: Path) -> dict[str, object]:
    """The literal top-level assignments of ``conf.py`` (without running it)."""
    try:
        tree = ast.parse(conf.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return {}
    values: dict[str, object] = {}
    for statement in tree.body:
        target = getattr(statement, "target", None) or next(
            iter(getattr(statement, "targets", [])), None
        )
        value = getattr(statement, "value", None)
        if isinstance(target, ast.Name) and value is not None:
            try:
                values[target.id] = ast.literal_eval(value)
            except ValueError:
                continue
    return values


def _key_line(text: str, key: str) -> int:
    for index, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return index
    return 1


# --------------------------------------------------------------------------- output


def project_dirs(path: Path) -> tuple[Path, Path]:
    """``(root, srcdir)`` for a project folder or for a Sphinx source folder itself."""
    if not (path / SOURCE_DIR).is_dir() and (path / "conf.py").is_file():
        return path.parent, path
    return path, path / SOURCE_DIR


def collect(root: Path) -> Report:
    """Check the project in ``root`` (content in ``root/source``, or ``root`` has conf.py)."""
    project, srcdir = project_dirs(Path(root))
    return _Checker(project, srcdir).run()


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_finding(finding: Finding) -> str:
    """``path:line: Fehler: message``."""
    return f"{finding.path}:{finding.line}: {finding.level}: {finding.message}"


def github_annotation(finding: Finding) -> str:
    """The finding as a GitHub Actions workflow command (an annotation on the PR)."""
    command = "error" if finding.level == "Fehler" else "warning"
    return (
        f"::{command} file={_escape_property(finding.path)},line={finding.line}"
        f"::{_escape_data(finding.message)}"
    )


def summary(report: Report) -> str:
    """The closing line: how many errors in how many files, or how many pages passed."""
    errors = report.errors
    notes = len(report.findings) - len(errors)
    tail = ""
    if notes:
        tail = f"; {notes} Hinweis" if notes == 1 else f"; {notes} Hinweise"
    if not errors:
        return f"Keine Fehler gefunden ({report.pages} Seiten geprüft){tail}"
    files = len({f.path for f in errors})
    return f"{len(errors)} Fehler in {files} {'Datei' if files == 1 else 'Dateien'}{tail}"
