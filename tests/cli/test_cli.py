"""The maintainers' workflow: ``transmit-kb`` commands, ``check``, CI files and the guide."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from transmit_kb.cli.check import collect, github_annotation, scan_markdown
from transmit_kb.cli.main import main, run_check, serve_command
from transmit_kb.cli.scaffold import issue_slug, yaml_scalar
from transmit_kb.core import messages
from transmit_kb.core.frontmatter import ARTICLE_FIELDS, ISSUE_FIELDS
from transmit_kb.core.registry import load_registry

TESTS = Path(__file__).parents[1]
PROJECT = TESTS.parent
BASIC = TESTS / "roots" / "test-basic"
DOCS = PROJECT / "docs"
GENERATED = (
    "autoren",
    "praxisbeispiele/laender",
    "praxisbeispiele/kommunen",
    "praxisbeispiele/themen",
)


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder whose ``source/`` is a fresh copy of the basic test root."""
    root = tmp_path / "projekt"
    shutil.copytree(BASIC, root / "source")
    return root


def tree_hash(root: Path) -> str:
    """A digest of every file's path and content below ``root``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m transmit_kb --root ROOT ARGS`` in a subprocess."""
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "transmit_kb", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


def errors(root: Path) -> list[str]:
    return [f"{f.path}:{f.line}: {f.message}" for f in collect(root).errors]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize(
    "command",
    [[], ["new-issue"], ["new-article"], ["new-author"], ["new-case-study"], ["check"], ["serve"]],
)
def test_every_command_has_german_help(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: transmit-kb")
    assert "diese Hilfe anzeigen" in out
    assert "--root" in out


def test_usage_errors_are_german(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["new-issue"])
    assert exit_info.value.code == 2
    assert "Fehler: Diese Angaben fehlen: NUMMER, TITEL" in capsys.readouterr().err


def test_slug_keeps_the_meaningful_words() -> None:
    assert issue_slug("Testausgabe") == "testausgabe"
    assert issue_slug("Kommunale Planungsprozesse unter dem Fokus Bildung") == (
        "kommunale-planungsprozesse"
    )
    long = issue_slug("Bildungsübergänge gestalten: Von der Kita über die Schule in den Beruf")
    assert long.startswith("bildungsuebergaenge-gestalten")
    assert len(long) <= 30


def test_yaml_scalar_round_trips() -> None:
    for value in ["Einfach", "Befragung: Ergebnisse", "# kein Kommentar", "yes", "12", "a 'b'"]:
        assert yaml.safe_load(f"k: {yaml_scalar(value)}") == {"k": value}


# --------------------------------------------------------------------------- new-issue


def test_new_issue_creates_pages_and_navigation(project: Path) -> None:
    assert main(["--root", str(project), "new-issue", "3", "Neue Ausgabe über Bildung"]) == 0
    folder = project / "source" / "ausgaben" / "03-neue-ausgabe-bildung"
    assert sorted(p.name for p in folder.iterdir()) == ["beitrag.md", "editorial.md", "index.md"]
    index = (folder / "index.md").read_text(encoding="utf-8")
    front = yaml.safe_load(index.split("---")[1])
    assert front["number"] == 3
    assert front["title"] == "Neue Ausgabe über Bildung"
    assert front["series"] == "TransMit plus – Perspektive Kommunales Bildungsmanagement"  # noqa: RUF001
    assert front["publisher"] == (
        "Transferagentur Mitteldeutschland für Kommunales Bildungsmanagement"
    )
    assert front["topics"] == ["bildungsmonitoring"]  # the first topic of themen.yaml
    assert "# Themen der Ausgabe" in index  # every field is explained
    start = (project / "source" / "index.md").read_text(encoding="utf-8")
    entries = [line for line in start.splitlines() if line.startswith("ausgaben/")]
    assert entries == [
        "ausgaben/03-neue-ausgabe-bildung/index",
        "ausgaben/02-zweite/index",
        "ausgaben/01-erste/index",
    ]
    assert errors(project) == []


def test_new_issue_goes_between_older_and_newer(project: Path) -> None:
    source = project / "source"
    shutil.move(source / "ausgaben" / "02-zweite", source / "ausgaben" / "05-zweite")
    edit(source / "ausgaben" / "05-zweite" / "index.md", "number: 2", "number: 5")
    edit(source / "index.md", "ausgaben/02-zweite/index", "ausgaben/05-zweite/index")
    assert main(["--root", str(project), "new-issue", "2", "Dazwischen", "--slug", "mitte"]) == 0
    start = (source / "index.md").read_text(encoding="utf-8")
    entries = [line for line in start.splitlines() if line.startswith("ausgaben/")]
    assert entries == [
        "ausgaben/05-zweite/index",
        "ausgaben/02-mitte/index",
        "ausgaben/01-erste/index",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2", "Noch eine zweite"], "Die Ausgabennummer 2 ist schon vergeben"),
        (["7", "Titel", "--topic", "sozialplanug"], "Meinten Sie 'sozialplanung'?"),
        (["0", "Titel"], "Die Nummer 0 ist ungültig"),
    ],
)
def test_new_issue_refuses_and_changes_nothing(
    project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hash(project)
    assert main(["--root", str(project), "new-issue", *args]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Es wurde nichts geändert." in err
    assert tree_hash(project) == before


def test_new_issue_refuses_an_existing_folder(project: Path) -> None:
    (project / "source" / "ausgaben" / "04-entwurf").mkdir()
    before = tree_hash(project)
    result = run(project, "new-issue", "4", "Entwurf")
    assert result.returncode == 1
    assert "Der Ordner source/ausgaben/04-entwurf existiert bereits" in result.stderr
    assert tree_hash(project) == before


# --------------------------------------------------------------------------- other scaffolds


def test_new_article_is_added_to_the_issue(project: Path) -> None:
    args = ["new-article", "1", "jena", "Ein Beispiel: Jena", "--kind", "Praxisbeispiel"]
    assert main(["--root", str(project), *args, "--author", "anna-beispiel"]) == 0
    issue = project / "source" / "ausgaben" / "01-erste"
    front = yaml.safe_load((issue / "jena.md").read_text(encoding="utf-8").split("---")[1])
    assert front["title"] == "Ein Beispiel: Jena"
    assert front["authors"] == ["anna-beispiel"]
    assert front["kind"] == "Praxisbeispiel"
    assert "artikel\njena\n```" in (issue / "index.md").read_text(encoding="utf-8")
    assert errors(project) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1", "neu", "Titel", "--author", "anna-beispil"], "Meinten Sie 'anna-beispiel'?"),
        (["1", "artikel", "Titel"], "existiert bereits"),
        (["9", "neu", "Titel"], "Es gibt keine Ausgabe Nr. 9"),
        (["1", "Neu Und Groß", "Titel"], "kein gültiger Dateiname"),
    ],
)
def test_new_article_refuses(
    project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hash(project)
    assert main(["--root", str(project), "new-article", *args]) == 1
    assert message in capsys.readouterr().err
    assert tree_hash(project) == before


def test_new_author_appends_a_valid_entry(project: Path) -> None:
    args = ["new-author", "carla-neu", "Carla Neu", "--role", "Planerin: Bildung"]
    args += ["--organisation", "Stadt Halle (Saale)", "--municipality", "halle-saale"]
    assert main(["--root", str(project), *args, "--academic-title", "Dr."]) == 0
    registry = load_registry(project / "source", "_data")
    assert registry.problems == []
    person = registry.persons["carla-neu"]
    assert person.display_name == "Dr. Carla Neu"
    assert person.role == "Planerin: Bildung"
    assert person.municipality == "halle-saale"
    assert list(registry.persons)[:2] == ["anna-beispiel", "bernd-muster"]


def test_new_author_refuses_a_duplicate_id(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = tree_hash(project)
    assert main(["--root", str(project), "new-author", "anna-beispiel", "A", "--role", "R"]) == 1
    assert "schon vergeben" in capsys.readouterr().err
    assert tree_hash(project) == before


def test_new_case_study_appends_a_card_that_checks(project: Path) -> None:
    article = "source/ausgaben/01-erste/artikel.md"
    args = ["new-case-study", "jena-beispiel", "--municipality", "jena", "--title", "Jena"]
    args += ["--article", article, "--reviewed", "2024-05-31", "--summary", "Kurz."]
    assert main(["--root", str(project), *args]) == 0
    text = (project / article).read_text(encoding="utf-8")
    assert ":::{case-study} jena-beispiel\n:municipality: jena\n" in text
    assert ":reviewed: 2024-05-31" in text
    assert errors(project) == []
    before = tree_hash(project)
    assert main(["--root", str(project), *args]) == 1  # the id is taken now
    assert tree_hash(project) == before


# --------------------------------------------------------------------------- check


def test_check_passes_the_basic_root(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(project), "check"]) == 0
    assert capsys.readouterr().out == "Keine Fehler gefunden (5 Seiten geprüft)\n"


def test_check_passes_the_real_site() -> None:
    assert errors(PROJECT) == []


def test_check_reports_located_errors(project: Path) -> None:
    article = project / "source" / "ausgaben" / "01-erste" / "artikel.md"
    edit(article, "kind: Praxisbeispiel", "kind: Praxisbericht")
    edit(article, "authors: [anna-beispiel]", "authors: [anna-beispil]")
    result = run(project, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    path = "source/ausgaben/01-erste/artikel.md"
    assert any(
        line.startswith(f"{path}:3: Fehler: Unbekannte Person 'anna-beispil'") for line in lines
    )
    assert any(line.startswith(f"{path}:4: Fehler: Das Feld 'kind'") for line in lines)
    assert lines[-1] == "2 Fehler in 1 Datei"
    assert not any(line.startswith("::") for line in lines)


def test_check_writes_github_annotations(project: Path) -> None:
    edit(project / "source" / "ausgaben" / "01-erste" / "artikel.md", "anna-beispiel", "x-y")
    result = run(project, "check", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert (
        "::error file=source/ausgaben/01-erste/artikel.md,line=3::Unbekannte Person 'x-y'."
        in result.stdout
    )


def test_annotation_escapes_newlines_and_separators() -> None:
    from transmit_kb.cli.check import Finding

    finding = Finding("a,b:c.md", 2, "zwei\nZeilen 100%")
    assert github_annotation(finding) == "::error file=a%2Cb%3Ac.md,line=2::zwei%0AZeilen 100%25"


def test_check_finds_content_mistakes(project: Path) -> None:
    source = project / "source"
    edit(source / "ausgaben" / "02-zweite" / "index.md", "number: 2", "number: 1")
    edit(source / "ausgaben" / "02-zweite" / "index.md", "beitrag\n", "beitrag\nfehlt\n")
    (source / "glossar.md").write_text(
        "# Glossar\n\n:::{glossary}\nBildungsmonitoring\n  Erklärung.\n:::\n", encoding="utf-8"
    )
    edit(source / "index.md", "ausgaben/01-erste/index\n", "ausgaben/01-erste/index\nglossar\n")
    (source / "ausgaben" / "01-erste" / "da.png").write_bytes(b"png")
    (source / "extra.md").write_text("# Extra\n", encoding="utf-8")
    article = source / "ausgaben" / "01-erste" / "artikel.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n![](da.png) ![Ein Bild](weg.png)\n\n"
        "{term}`bildungsmonitoring` und {term}`Text <Monitoring>`, {doc}`../02-zweite/nix`.\n\n"
        "```{figure} da.png\nUnterschrift\n```\n\n"
        "```{image} da.png\n:alt: Beschreibung\n```\n\n"
        "```markdown\n![](egal.png) {term}`Egal`\n```\n\n"
        ":::{case-study} fall\n:municipality: jenna\n:topics: sozialplanung, foo\n"
        ":summary: Eins.\n:reviewed: 2026-02-30\n:::\n\n"
        ":::{case-study} fall\n:municipality: jena\n:title: Zwei\n:summary: Zwei.\n:::\n",
        encoding="utf-8",
    )
    found = errors(project)
    path = "source/ausgaben/01-erste/artikel.md"
    expected = [
        (path, 13, "Dem Bild 'da.png' fehlt ein Alternativtext"),
        (path, 13, "Die Bilddatei 'weg.png' gibt es nicht"),
        (path, 15, "Der Begriff 'Monitoring' steht nicht im Glossar"),
        (path, 15, "Der Verweis {doc} auf '../02-zweite/nix' führt ins Leere"),
        (path, 17, "Dem Bild 'da.png' fehlt ein Alternativtext. Ergänzen Sie unter"),
        (path, 29, "Der Praxisbeispiel-Karte 'fall' fehlt die Option ':title:'"),
        (path, 30, "Unbekannte Kommune 'jenna'. Meinten Sie 'jena'?"),
        (path, 31, "Unbekanntes Thema 'foo'"),
        (path, 33, "':reviewed: 2026-02-30' ist kein gültiges Datum"),
        (path, 36, "Der Praxisbeispiel-Karte 'fall' fehlt die Option ':reviewed:'"),
        (path, 36, "Die Praxisbeispiel-Kennung 'fall' ist doppelt vergeben"),
        ("source/ausgaben/02-zweite/index.md", 2, "Die Ausgabennummer 1 ist doppelt vergeben"),
        ("source/ausgaben/02-zweite/index.md", 14, "Das Inhaltsverzeichnis verweist auf 'fehlt'"),
        ("source/extra.md", 1, "Die Seite steht in keinem Inhaltsverzeichnis"),
    ]
    for file, line, text in expected:
        assert any(e.startswith(f"{file}:{line}: {text}") for e in found), (file, line, found)
    assert len(found) == len(expected), found
    assert run_check(project) == len(expected)


def test_check_reports_unknown_author_boxes(project: Path) -> None:
    article = project / "source" / "ausgaben" / "01-erste" / "artikel.md"
    article.write_text(
        article.read_text(encoding="utf-8")
        + "\n:::{author-box} bernd-muster\n:::\n\n:::{author-box} bernd-muser\n:::\n",
        encoding="utf-8",
    )
    assert errors(project) == [
        "source/ausgaben/01-erste/artikel.md:16: Unbekannte Person 'bernd-muser'. "
        "Meinten Sie 'bernd-muster'? Neue Einträge gehören in _data/personen.yaml."
    ]


def test_check_reports_registry_problems(project: Path) -> None:
    edit(project / "source" / "_data" / "personen.yaml", "role: Sozialplaner", "rolle: x")
    found = errors(project)
    assert any(
        e.startswith("source/_data/personen.yaml:9: Unbekanntes Feld 'rolle'") for e in found
    )


def test_check_accepts_the_source_folder_itself(project: Path) -> None:
    edit(project / "source" / "ausgaben" / "01-erste" / "artikel.md", "anna-beispiel", "x-y")
    found = [f"{f.path}:{f.line}" for f in collect(project / "source").errors]
    assert found == ["source/ausgaben/01-erste/artikel.md:3"]


def test_check_reports_a_file_that_is_not_utf8(project: Path) -> None:
    path = project / "source" / "ausgaben" / "01-erste" / "artikel.md"
    path.write_bytes(path.read_bytes().replace(b"Text.", "Gr\u00fc\u00dfe.".encode("latin-1")))
    assert errors(project) == [
        "source/ausgaben/01-erste/artikel.md:11: Die Datei ist nicht UTF-8-kodiert. "
        "Speichern Sie sie im Editor als UTF-8."
    ]


def test_check_skips_generated_folders(project: Path) -> None:
    (project / ".gitignore").write_text("source/generiert/\n", encoding="utf-8")
    edit(
        project / "source" / "index.md",
        "ausgaben/01-erste/index\n",
        "ausgaben/01-erste/index\ngeneriert/index\n",
    )
    edit(
        project / "source" / "index.md",
        "ausgaben/01-erste/index\n",
        "ausgaben/01-erste/index\nautoren/index\n",
    )
    assert errors(project) == []


def test_scanner_ignores_code_and_tracks_nesting() -> None:
    text = (
        "---\ntitle: x\n---\n\n"
        "````{note}\n```{toctree}\n:hidden:\n\na\nb\n```\n````\n\n"
        "```python\n:::{case-study} nein\n:::\n```\n"
    )
    scan = scan_markdown(text)
    assert [(d.name, d.line, d.end_line) for d in scan.directives] == [
        ("note", 5, 12),
        ("toctree", 6, 11),
    ]
    toctree = scan.directives[1]
    assert toctree.options == {"hidden": ""}
    assert [line for _, line in toctree.body if line] == ["a", "b"]


# --------------------------------------------------------------------------- real site


@pytest.mark.slow
def test_new_issue_on_the_real_site_builds_without_warnings(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(
        PROJECT / "source", root / "source", ignore=shutil.ignore_patterns("__pycache__")
    )
    for generated in GENERATED:
        shutil.rmtree(root / "source" / generated, ignore_errors=True)
    shutil.copy(PROJECT / ".gitignore", root / ".gitignore")
    result = run(root, "new-issue", "3", "Testausgabe")
    assert result.returncode == 0, result.stderr
    assert (root / "source" / "ausgaben" / "03-testausgabe" / "index.md").exists()
    assert errors(root) == []

    before = tree_hash(root)
    again = run(root, "new-issue", "3", "Testausgabe")
    assert again.returncode == 1
    assert "Die Ausgabennummer 3 ist schon vergeben" in again.stderr
    assert tree_hash(root) == before

    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    out = tmp_path / "html"
    build = subprocess.run(
        [str(sphinx_build), "-W", "--keep-going", "-b", "html", "source", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = [card.get_text(" ", strip=True) for card in soup.select("div.tm-issue-card")]
    assert cards[0].startswith("Nr. 3: Testausgabe")
    assert [re.search(r"Nr\. (\d+)", card)[1] for card in cards] == ["3", "2", "1"]  # type: ignore[index]


def test_serve_binds_to_loopback() -> None:
    command = serve_command(PROJECT, "127.0.0.1", 8000, open_browser=False)
    assert command[1:3] == ["-m", "sphinx_autobuild"]
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert str(PROJECT / "source" / "autoren") in command  # generated pages do not retrigger


# --------------------------------------------------------------------------- CI files


def _load_yaml(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@pytest.mark.parametrize(
    "name",
    [
        ".github/workflows/pr.yml",
        ".github/workflows/pages.yml",
        ".readthedocs.yaml",
        ".pre-commit-config.yaml",
    ],
)
def test_yaml_files_load(name: str) -> None:
    _load_yaml(PROJECT / name)


def _run_steps(workflow: dict) -> list[str]:
    return [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def test_pr_workflow_runs_what_ci_runs() -> None:
    workflow = _load_yaml(PROJECT / ".github" / "workflows" / "pr.yml")
    assert "pull_request" in workflow[True]  # PyYAML reads the key `on` as True
    commands = "\n".join(_run_steps(workflow))
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    assert re.search(r"^make test$", commands, re.M)
    for needed in ("transmit-kb check", "make all", "make epub", "chromium poppler-utils"):
        assert needed in commands


def test_pages_workflow_deploys_the_html() -> None:
    workflow = _load_yaml(PROJECT / ".github" / "workflows" / "pages.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    uses = [step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_readthedocs_is_strict() -> None:
    config = _load_yaml(PROJECT / ".readthedocs.yaml")
    assert config["version"] == 2
    assert config["sphinx"] == {"configuration": "source/conf.py", "fail_on_warning": True}


def test_pre_commit_pins_the_same_ruff() -> None:
    config = _load_yaml(PROJECT / ".pre-commit-config.yaml")
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = next(
        dep.split("==")[1]
        for dep in pyproject["project"]["optional-dependencies"]["test"]
        if dep.startswith("ruff==")
    )
    ruff = next(repo for repo in config["repos"] if repo["repo"].endswith("ruff-pre-commit"))
    assert ruff["rev"] == f"v{pinned}"
    hooks = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"] if "entry" in hook]
    assert any("transmit-kb check" in entry for entry in hooks)


# --------------------------------------------------------------------------- the guide


def _yaml_examples() -> list[str]:
    text = (DOCS / "front-matter.md").read_text(encoding="utf-8")
    return re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S)


def test_front_matter_doc_has_examples_of_both_kinds() -> None:
    examples = [yaml.safe_load(block) for block in _yaml_examples()]
    assert any("number" in example for example in examples)
    assert any("kind" in example for example in examples)


@pytest.mark.parametrize("index", range(3))
def test_front_matter_examples_pass_check(project: Path, index: int) -> None:
    block = _yaml_examples()[index]
    source = project / "source"
    page = f"---\n{block}---\n\n## Abschnitt\n\nText.\n"
    if "number" in yaml.safe_load(block):
        folder = source / "ausgaben" / "03-beispiel"
        folder.mkdir()
        (folder / "index.md").write_text(page, encoding="utf-8")
        edit(source / "index.md", ":hidden:\n", ":hidden:\nausgaben/03-beispiel/index\n")
    else:
        (source / "ausgaben" / "02-zweite" / "beispiel.md").write_text(page, encoding="utf-8")
        edit(source / "ausgaben" / "02-zweite" / "index.md", "beitrag\n", "beitrag\nbeispiel\n")
    assert errors(project) == []


def test_front_matter_doc_names_every_field() -> None:
    text = (DOCS / "front-matter.md").read_text(encoding="utf-8")
    for spec in (*ISSUE_FIELDS, *ARTICLE_FIELDS):
        assert f"| `{spec.name}` |" in text, spec.name


def test_every_warning_subtype_is_documented() -> None:
    text = (DOCS / "warnungen.md").read_text(encoding="utf-8")
    for subtype in messages.SUBTYPES:
        assert f"### `transmit.{subtype}`" in text, subtype


@pytest.mark.slow
def test_guide_builds_without_warnings(tmp_path: Path) -> None:
    sphinx_build = Path(sys.executable).parent / "sphinx-build"
    result = subprocess.run(
        [str(sphinx_build), "-W", "--keep-going", "-q", "-b", "html", str(DOCS), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "warnungen.html").exists()


def test_check_imports_neither_the_sphinx_application_nor_the_themes() -> None:
    """``transmit-kb check`` stays quick: the package imports its features only in ``setup``."""
    heavy = ["sphinx.application", "sphinx.builders.html", "pydata_sphinx_theme", "bs4"]
    heavy += [
        "transmit_kb.search.index",
        "transmit_kb.print_edition.build",
        "transmit_kb.authors.people",
    ]
    code = "import sys, transmit_kb.cli.main; print([m for m in sys.argv[1:] if m in sys.modules])"
    found = subprocess.run(
        [sys.executable, "-c", code, *heavy], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "[]"


def test_check_starts_without_sphinx_directives_or_transforms() -> None:
    """``transmit-kb check`` must answer fast (target: 10 % of a build): no builder machinery."""
    heavy = ["sphinx.transforms.post_transforms", "sphinx.util.docutils", "sphinx.application"]
    probe = (
        "import sys, transmit_kb.cli.check, transmit_kb.cli.main; "
        f"print([name for name in {heavy!r} if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
