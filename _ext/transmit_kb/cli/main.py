"""``transmit-kb``: the editors' command line (scaffolding, checks, live preview).

Run ``transmit-kb --help`` or ``python -m transmit_kb --help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from ..core.frontmatter import ARTICLE_KINDS
from .check import (
    SOURCE_DIR,
    collect,
    format_finding,
    generated_folders,
    github_annotation,
    summary,
)
from .release import add_release_findings
from .scaffold import (
    ScaffoldError,
    plan_new_article,
    plan_new_author,
    plan_new_case_study,
    plan_new_issue,
)

# argparse's own messages, in German
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"Diese Angaben fehlen: \1"),
    (r"unrecognized arguments: (.*)", r"Unbekannte Angaben: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"\1: ungültige Auswahl \2 "
        r"(möglich: \3)",
    ),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: ungültiger Wert \3"),
    (r"argument (\S+): expected one argument", r"\1 erwartet einen Wert"),
)


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that speaks German."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe anzeigen und beenden")

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_MESSAGES:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {message}\n")


def run_check(root: Path, stream: TextIO | None = None, release: bool = False) -> int:
    """Check ``root``, print every finding and a summary; return the number of errors.

    ``release`` adds every gap that blocks publication (``cli.release``).
    """
    out = stream if stream is not None else sys.stdout
    report = collect(root)
    if release:
        add_release_findings(report, Path(root))
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in report.findings:
        print(format_finding(finding), file=out)
        if github:
            print(github_annotation(finding), file=out)
    print(summary(report), file=out)
    return len(report.errors)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' ist kein Datum der Form JJJJ-MM-TT") from None


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _report(root: Path, written: list[Path], message: str) -> None:
    print(message)
    for path in written:
        print(f"  {_rel(root, path)}")


# --------------------------------------------------------------------------- commands


def _new_issue(args: argparse.Namespace) -> int:
    srcdir = args.root / SOURCE_DIR
    folder, changes = plan_new_issue(srcdir, args.number, args.title, args.slug, args.topic)
    written = changes.write()
    _report(args.root, written, f"Ausgabe Nr. {args.number} angelegt in {_rel(args.root, folder)}:")
    print(
        "Nächste Schritte: Front-Matter in index.md ergänzen (Themen, Zusammenfassung), "
        "Beiträge schreiben, dann 'transmit-kb check' und 'transmit-kb serve'."
    )
    return 0


def _new_article(args: argparse.Namespace) -> int:
    srcdir = args.root / SOURCE_DIR
    path, changes = plan_new_article(
        srcdir, args.issue, args.slug, args.title, args.kind, args.author, args.topic
    )
    written = changes.write()
    _report(args.root, written, f"Beitrag angelegt: {_rel(args.root, path)}. Geänderte Dateien:")
    return 0


def _new_author(args: argparse.Namespace) -> int:
    changes = plan_new_author(
        args.root / SOURCE_DIR,
        args.id,
        args.name,
        args.role,
        args.organisation,
        args.municipality,
        args.academic_title,
    )
    written = changes.write()
    _report(args.root, written, f"Person '{args.id}' eingetragen in:")
    return 0


def _new_case_study(args: argparse.Namespace) -> int:
    article = args.article if args.article.is_absolute() else args.root / args.article
    if not article.exists() and (args.root / SOURCE_DIR / args.article).exists():
        article = args.root / SOURCE_DIR / args.article
    changes = plan_new_case_study(
        args.root / SOURCE_DIR,
        article,
        args.id,
        args.municipality,
        args.title,
        args.topic,
        args.summary,
        args.reviewed,
    )
    written = changes.write()
    _report(args.root, written, f"Praxisbeispiel '{args.id}' angefügt an:")
    return 0


def _check(args: argparse.Namespace) -> int:
    root = args.path if args.path is not None else args.root
    return 1 if run_check(root, release=args.release) else 0


def serve_command(root: Path, host: str, port: int, open_browser: bool) -> list[str]:
    """The ``sphinx-autobuild`` command line for a live preview of ``root``."""
    srcdir = root / SOURCE_DIR
    command = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        str(srcdir),
        str(root / "_build" / "serve"),
        "--host",
        host,
        "--port",
        str(port),
        "--re-ignore",
        r"(__pycache__|\.pyc$|\.swp$|~$)",
    ]
    if (root / "_ext").is_dir():
        command += ["--watch", str(root / "_ext")]
    for folder in generated_folders(root, srcdir):
        command += ["--ignore", str(srcdir / folder)]
    if open_browser:
        command.append("--open-browser")
    return [*command, "-j", "auto", "-b", "html"]


def _serve(args: argparse.Namespace) -> int:
    if importlib.util.find_spec("sphinx_autobuild") is None:
        print(
            "Fehler: sphinx-autobuild ist nicht installiert. Installieren Sie es mit "
            "\"pip install -e '.[serve]'\" oder starten Sie die Vorschau mit 'make serve'.",
            file=sys.stderr,
        )
        return 1
    if not (args.root / SOURCE_DIR).is_dir():
        print(f"Fehler: {args.root / SOURCE_DIR} fehlt; geben Sie --root an.", file=sys.stderr)
        return 1
    command = serve_command(args.root, args.host, args.port, args.open)
    print(f"Vorschau auf http://{args.host}:{args.port}/ (beenden mit Strg+C)")
    try:
        return subprocess.call(command, cwd=args.root)
    except KeyboardInterrupt:
        return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    """The ``transmit-kb`` argument parser with all subcommands."""
    root_help = "Projektordner mit dem Ordner source/ (Vorgabe: aktueller Ordner)"
    parser = _Parser(
        prog="transmit-kb",
        description="Werkzeuge für die Redaktion der Wissensbasis „TransMit plus“.",
        epilog="Hilfe zu einem Befehl: transmit-kb BEFEHL --help",
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help=root_help)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=root_help)
    commands = parser.add_subparsers(
        dest="command", title="Befehle", metavar="BEFEHL", parser_class=_Parser
    )

    def add(name: str, help: str, run: Callable[[argparse.Namespace], int]) -> _Parser:
        sub: _Parser = commands.add_parser(
            name,
            help=help,
            description=help,
            parents=[common],  # type: ignore[list-item]
        )
        sub.set_defaults(run=run)
        return sub

    issue = add("new-issue", "Eine neue Ausgabe anlegen (Ordner, Seiten, Navigation).", _new_issue)
    issue.add_argument("number", metavar="NUMMER", type=int, help="Nummer der Ausgabe, z. B. 3")
    issue.add_argument("title", metavar="TITEL", help="Titel der Ausgabe")
    issue.add_argument("--slug", default="", help="Ordnername ohne Nummer (Vorgabe: aus dem Titel)")
    issue.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="THEMA",
        help="Thema aus _data/themen.yaml (mehrfach möglich; Vorgabe: das erste Thema)",
    )

    article = add("new-article", "Einen Beitrag in einer Ausgabe anlegen.", _new_article)
    article.add_argument("issue", metavar="AUSGABE", type=int, help="Nummer der Ausgabe")
    article.add_argument("slug", metavar="DATEINAME", help="Dateiname ohne .md, z. B. jena")
    article.add_argument("title", metavar="TITEL", help="Titel des Beitrags")
    article.add_argument(
        "--kind",
        default="Beitrag",
        choices=ARTICLE_KINDS,
        metavar="ART",
        help=f"Art des Beitrags: {', '.join(ARTICLE_KINDS)} (Vorgabe: Beitrag)",
    )
    article.add_argument(
        "--author",
        action="append",
        default=[],
        metavar="KENNUNG",
        help="Person aus _data/personen.yaml (mehrfach möglich)",
    )
    article.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="THEMA",
        help="Thema aus _data/themen.yaml (mehrfach möglich; Vorgabe: das erste Thema)",
    )

    author = add("new-author", "Eine Person in _data/personen.yaml eintragen.", _new_author)
    author.add_argument("id", metavar="KENNUNG", help="Kennung, z. B. vorname-nachname")
    author.add_argument("name", metavar="NAME", help="Vor- und Nachname")
    author.add_argument("--role", required=True, help="Funktion, z. B. 'Sozialplanerin'")
    author.add_argument("--organisation", default="", help="Organisation, z. B. 'Stadt Jena'")
    author.add_argument(
        "--municipality", default="", metavar="KOMMUNE", help="Kennung aus _data/kommunen.yaml"
    )
    author.add_argument(
        "--academic-title", default="", metavar="TITEL", help="Akademischer Titel, z. B. 'Dr.'"
    )

    case = add(
        "new-case-study", "Eine Praxisbeispiel-Karte an einen Beitrag anfügen.", _new_case_study
    )
    case.add_argument("id", metavar="KENNUNG", help="Kennung des Praxisbeispiels")
    case.add_argument(
        "--municipality", required=True, metavar="KOMMUNE", help="Kennung aus _data/kommunen.yaml"
    )
    case.add_argument("--title", required=True, help="Titel des Praxisbeispiels")
    case.add_argument(
        "--article",
        required=True,
        type=Path,
        metavar="PFAD",
        help="Beitragsdatei, z. B. source/ausgaben/02-x/jena.md",
    )
    case.add_argument(
        "--topic",
        action="append",
        default=[],
        metavar="THEMA",
        help="Thema aus _data/themen.yaml (mehrfach möglich)",
    )
    case.add_argument("--summary", default="", help="Kurzbeschreibung in zwei bis drei Sätzen")
    case.add_argument(
        "--reviewed",
        type=_date,
        default=None,
        metavar="DATUM",
        help="Datum der letzten Prüfung, JJJJ-MM-TT (Vorgabe: heute)",
    )

    check = add("check", "Alle Inhalte ohne Sphinx-Build prüfen (schnell).", _check)
    check.add_argument(
        "path",
        metavar="PFAD",
        nargs="?",
        type=Path,
        default=None,
        help="Projektordner (Vorgabe: --root)",
    )
    check.add_argument(
        "--release",
        action="store_true",
        help="auch alles melden, was eine Veröffentlichung verhindert (rechtliche Angaben, "
        "ungeprüfte Leichte Sprache, html_baseurl, Bestell-Adresse, überfällige Prüfungen)",
    )

    serve = add("serve", "Vorschau mit automatischem Neubau und Neuladen im Browser.", _serve)
    serve.add_argument("--host", default="127.0.0.1", help="Adresse (Vorgabe: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="Port (Vorgabe: 8000)")
    serve.add_argument("--open", action="store_true", help="den Browser öffnen")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``transmit-kb``; return the exit code (1 when a command refuses or finds errors)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except ScaffoldError as exc:
        print(f"Fehler: {exc} Es wurde nichts geändert.", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
