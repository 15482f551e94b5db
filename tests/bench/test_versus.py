"""``python -m benchmarks.versus`` and the feature mode of ``benchmarks.switch``.

Nothing here is timed: the builds only prove that the comparison runs, refuses
what it cannot compare and reports ratios and pages.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

import pytest

from benchmarks import switch, versus
from benchmarks.run import BenchError

SMALL = ["--issues", "1", "--articles", "2", "--words", "200", "--pairs", "1"]


def test_an_unknown_commit_is_refused_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert versus.main(["--commit", "keinsolchercommit", *SMALL, "--out", str(tmp_path)]) == 2
    assert "Unbekannter Commit 'keinsolchercommit'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing unpacked, installed or built
    with pytest.raises(BenchError, match="Unbekannter Commit"):
        versus.resolve_commit("0" * 40)


def test_cache_modes_are_checked() -> None:
    assert versus._modes("kalt") == ("kalt",)
    assert versus._modes("kalt, warm") == ("kalt", "warm")
    with pytest.raises(argparse.ArgumentTypeError):
        versus._modes("lau")


def test_the_old_build_reads_the_same_corpus_with_the_old_commits_conf(tmp_path: Path) -> None:
    new = tmp_path / "neu"
    (new / "ausgaben" / "01-a").mkdir(parents=True)
    (new / "_data").mkdir()
    (new / "index.md").write_text("# Start\n", encoding="utf-8")
    (new / "ausgaben" / "01-a" / "index.md").write_text("# Eins\n", encoding="utf-8")
    (new / "_data" / "notiz.md").write_text("kein Dokument\n", encoding="utf-8")
    (new / "conf.py").write_text("transmit_search = True\n", encoding="utf-8")
    old_checkout = tmp_path / "stand"
    (old_checkout / "source").mkdir(parents=True)
    old = versus.old_source(new, tmp_path / "alt", old_checkout)
    assert (old / "ausgaben" / "01-a" / "index.md").read_text(encoding="utf-8") == "# Eins\n"
    conf = (old / "conf.py").read_text(encoding="utf-8")
    assert repr(str(old_checkout / "source" / "conf.py")) in conf
    assert "transmit_search" not in conf
    assert versus.corpus_pages(new) == {"index.html", "ausgaben/01-a/index.html"}


def test_checkout_unpacks_a_commit_without_registering_a_worktree(tmp_path: Path) -> None:
    head = versus.resolve_commit("HEAD")
    worktrees = versus.git("worktree", "list")
    dest = versus.checkout(head, tmp_path / "src")
    assert (dest / "pyproject.toml").is_file()
    assert (dest / "_ext" / "transmit_kb" / "__init__.py").is_file()
    assert versus.git("worktree", "list") == worktrees
    (dest / "marker").write_text("", encoding="utf-8")
    assert versus.checkout(head, dest) == dest  # the same commit is kept, not unpacked again
    assert (dest / "marker").exists()


def test_feature_switch_reports_pages_instead_of_refusing_changed_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = ["-D", "html_title=Ein anderer Titel", *SMALL, "--out", str(tmp_path)]
    assert switch.main([*other, "--feature", "--cold-cache"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"Paar 1/1: ohne [\d.]+ s, mit [\d.]+ s CPU, Verhältnis [\d.]+", out)
    assert "Median mit / ohne -D html_title=Ein anderer Titel (kalter Cache)" in out
    assert re.search(r"^Seiten: ohne (\d+), mit \1$", out, re.MULTILINE)
    cache = tmp_path / "schalter-1" / "paare" / "cache-mit" / "transmit-kb" / "citations"
    assert any(cache.rglob("*.json"))  # the build rendered into its own cache folder


def test_page_lines_name_the_pages_only_one_build_wrote(tmp_path: Path) -> None:
    for name, pages in (("a", ["index.html", "x.html"]), ("b", ["index.html", "y/z.html"])):
        for page in pages:
            (tmp_path / name / page).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name / page).write_text("<html></html>", encoding="utf-8")
    lines = switch.page_lines(("alt", tmp_path / "a"), ("neu", tmp_path / "b"))
    assert lines == ["Seiten: alt 2, neu 2", "nur alt: 1 (x.html)", "nur neu: 1 (y/z.html)"]


def test_versus_builds_the_same_corpus_with_old_and_new_code_and_reports_ratios(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """HEAD against itself: a venv of its own for the old build, both cache modes.

    HEAD, not an older commit, so that the test runs in a shallow clone too; the
    work folder is given relative to the current directory, as in the docs.
    """
    monkeypatch.chdir(tmp_path)
    head = subprocess.run(
        ["git", "-C", str(versus.REPO), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    title = ["-D", "html_title=VersusNeu"]  # settings for the new build only
    assert versus.main(["--commit", "HEAD", *SMALL, *title, "--out", "bench"]) == 0
    out = capsys.readouterr().out
    assert "neu mit -D html_title=VersusNeu" in out
    for label in ("kalter Cache", "warmer Cache"):
        assert re.search(
            rf"Paar 1/1 \({label}\): alt [\d.]+ s, neu [\d.]+ s CPU, Verhältnis [\d.]+ "
            r"\(Warnungen: alt 0, neu 0\)",
            out,
        ), out
        assert re.search(rf"Median neu / alt \({label}\), 1 Ausgaben: [\d.]+", out), out
    assert re.search(r"^Seiten: alt (\d+), neu \1$", out, re.MULTILINE), out
    assert re.search(r"Alle \d+ Seiten des Korpus in beiden Builds", out), out
    built = tmp_path / "bench" / f"versus-{head[:7]}-1-D" / "paare"
    assert "VersusNeu" in (built / "neu" / "html" / "index.html").read_text(encoding="utf-8")
    assert "VersusNeu" not in (built / "alt" / "html" / "index.html").read_text(encoding="utf-8")
    venv = tmp_path / "bench" / f"stand-{head[:7]}" / "venv"
    shown = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import transmit_kb; print(transmit_kb.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (
        str(tmp_path / "bench" / f"stand-{head[:7]}" / "src") in shown
    )  # the old build's own code
