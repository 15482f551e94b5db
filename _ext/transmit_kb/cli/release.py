"""``transmit-kb check --release``: every gap that blocks publication, located.

On top of the normal content check it reports

* required fields of ``transmit_publisher`` that are empty (config key and line),
* pages in Leichte Sprache that no review group has approved (``ls_review``),
* a missing ``html_baseurl`` (the public address: sitemap, feedback e-mails),
* a missing ``transmit_order_url`` while a page offers ordering print copies
  (outside a ``nur-wenn-gesetzt`` block),
* case studies whose ``:reviewed:`` date is older than ``transmit_review_max_age_days``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..core.frontmatter import split_front_matter
from ..findability.offer_values import DIRECTIVE as OFFER_DIRECTIVE
from ..legal.fields import CONFIG_NAME, config_line, read_publisher
from .check import CASE_STUDY_DIRECTIVE, Finding, Report, _Checker, project_dirs

#: what counts as offering print copies in a page's text
_ORDERING = re.compile(r"\bbestell", re.IGNORECASE)
DEFAULT_MAX_AGE_DAYS = 730


def read_conf(srcdir: Path) -> tuple[dict[str, Any], str]:
    """The names ``conf.py`` defines (evaluated as Sphinx does), and its text."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    conf = srcdir / "conf.py"
    if not conf.is_file():
        return {}, ""
    return eval_config_file(conf, Tags()), conf.read_text(encoding="utf-8")


def _line_of(text: str, name: str) -> int:
    for index, line in enumerate(text.split("\n"), start=1):
        if re.match(rf"\s*{re.escape(name)}\s*[:=]", line):
            return index
    return 1


def _front_matter_line(text: str, key: str) -> int:
    for index, line in enumerate(text.split("\n"), start=1):
        if line.startswith(f"{key}:"):
            return index
    return 1


def _front_matter(text: str) -> dict[str, str]:
    split = split_front_matter(text)
    if split is None:
        return {}
    values = {}
    for line in split[0].split("\n"):
        key, sep, value = line.partition(":")
        if sep and not line.startswith((" ", "\t")):
            values[key.strip()] = value.strip()
    return values


def _today(conf: dict[str, Any]) -> dt.date:
    value = str(conf.get("transmit_today") or "")
    try:
        return dt.date.fromisoformat(value) if value else dt.date.today()
    except ValueError:
        return dt.date.today()


def release_findings(root: Path) -> list[Finding]:
    """The gaps that block publication of the project in ``root``."""
    project, srcdir = project_dirs(Path(root))
    checker = _Checker(project, srcdir)
    conf, conf_text = read_conf(srcdir)
    conf_rel = checker.rel(srcdir / "conf.py")
    findings: list[Finding] = []

    def add(path: str, line: int, message: str) -> None:
        findings.append(Finding(path, line, message))

    # legal fields
    if CONFIG_NAME in conf and conf[CONFIG_NAME] is not None:
        publisher, problems = read_publisher(conf[CONFIG_NAME])
        for key, message in problems:
            add(conf_rel, config_line(conf_text, key), message)
        for field in publisher.missing():
            add(
                conf_rel,
                config_line(conf_text, field.key),
                f"{CONFIG_NAME}['{field.key}'] ({field.label}) fehlt. Die rechtlichen Seiten "
                "zeigen hier eine Lücke; tragen Sie die Angabe der Herausgeberin ein.",
            )
    # public address
    if not str(conf.get("html_baseurl") or "").strip():
        add(
            conf_rel,
            _line_of(conf_text, "html_baseurl"),
            "html_baseurl fehlt: die öffentliche Adresse der Website (z. B. "
            "'https://beispiel.de/wissensbasis/'). Sie steht in Rückmelde-E-Mails und Links.",
        )
    pages = [page for page in checker.load_pages() if not page.generated]
    # Leichte Sprache not yet reviewed
    for page in pages:
        values = _front_matter(page.text)
        state = values.get("ls_review")
        if state is None:
            continue
        if state != "geprüft":
            add(
                page.rel,
                _front_matter_line(page.text, "ls_review"),
                f"Die Seite in Leichter Sprache ist nicht geprüft (ls_review: {state}). Eine "
                "Prüfgruppe muss sie lesen; danach 'ls_review: geprüft' und "
                "'ls_review_date: JJJJ-MM-TT' eintragen.",
            )
        elif not values.get("ls_review_date"):
            add(
                page.rel,
                _front_matter_line(page.text, "ls_review"),
                "Die Seite ist als geprüft markiert, aber 'ls_review_date' fehlt.",
            )
    # ordering print copies without an order form
    if not str(conf.get("transmit_order_url") or "").strip():
        line = _line_of(conf_text, "transmit_order_url")
        # the download boxes offer ordering only with the address (print_edition), and
        # a {nur-wenn-gesetzt} block is left out without it (findability.offers; the
        # plain check gives a Hinweis): only a sentence outside such a block promises
        offering = []
        for page in pages:
            hidden = [
                (d.line, d.end_line) for d in page.scan.directives if d.name == OFFER_DIRECTIVE
            ]
            for first, text in page.scan.paragraphs:
                match = _ORDERING.search(text)
                if match and not any(start <= first <= end for start, end in hidden):
                    at = first + text[: match.start()].count("\n")
                    offering.append((page.rel, at, "sie erwähnt die Bestellung"))
                    break
        for rel, at, why in offering:
            add(
                rel,
                at,
                f"transmit_order_url fehlt ({conf_rel}:{line}), aber {why}. Tragen Sie die "
                "Adresse des Bestellformulars ein.",
            )
    # case studies not reviewed for too long
    max_age = int(conf.get("transmit_review_max_age_days") or DEFAULT_MAX_AGE_DAYS)
    today = _today(conf)
    for page in pages:
        for directive in page.scan.directives:
            if directive.name != CASE_STUDY_DIRECTIVE:
                continue
            raw = directive.options.get("reviewed", "").strip()
            try:
                reviewed = dt.date.fromisoformat(raw)
            except ValueError:
                continue  # the normal check reports a malformed date
            age = (today - reviewed).days
            if age > max_age:
                add(
                    page.rel,
                    directive.option_line("reviewed"),
                    f"Das Praxisbeispiel '{directive.argument}' wurde zuletzt am {raw} geprüft, "
                    f"vor {age} Tagen (erlaubt: {max_age}). Prüfen Sie es und setzen Sie "
                    "':reviewed:' auf das Datum der Prüfung.",
                )
    return findings


def add_release_findings(report: Report, root: Path) -> None:
    """Extend a normal check ``report`` with the release gaps."""
    report.findings.extend(release_findings(root))
    report.findings.sort()
