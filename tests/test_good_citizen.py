"""The extension in someone else's project: with its defaults, it changes nothing.

Two foreign trees (``tests/roots/test-foreign-*``: MyST with sphinx-design and
the book theme in German; reStructuredText with the default theme in
English; dropdowns, tabs, cards, badges and icons; ``orphan``, ``nosearch``,
``tocdepth``, ``sd_hide_title`` and ``myst`` front matter) are built with and
without ``transmit_kb``. Pages, scripts, stylesheets, the search index, the
text builder's output and the warnings must be the same.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOTS = Path(__file__).parent / "roots"
SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
TREES = ["foreign-book", "foreign-rst"]


def _build(tmp: Path, tree: str, builder: str, with_extension: bool) -> tuple[Path, str]:
    """Build a copy of ``tree``; the output folder and the warnings (paths made relative)."""
    name = f"{tree}-{builder}-{'mit' if with_extension else 'ohne'}"
    src = tmp / name / "src"
    shutil.copytree(ROOTS / f"test-{tree}", src)
    out = tmp / name / "out"
    cmd = [str(SPHINX_BUILD), "-q", "-b", builder, str(src), str(out)]
    if with_extension:
        cmd[1:1] = ["-t", "transmit"]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stderr.replace(str(src), "SRC")


def _search_index(out: Path) -> dict[str, object]:
    text = (out / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    assert isinstance(index, dict)
    return index


def _page(path: Path) -> tuple[str, list[str], list[str]]:
    """A page's body text and the scripts and stylesheets it loads (without ``?v=``)."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    text = " ".join((soup.body or soup).get_text(" ").split())
    scripts = [re.sub(r"\?v=\w+$", "", str(s.get("src"))) for s in soup.find_all("script")]
    styles = [
        re.sub(r"\?v=\w+$", "", str(link.get("href")))
        for link in soup.find_all("link", rel="stylesheet")
    ]
    return text, scripts, styles


@pytest.mark.parametrize("tree", TREES)
def test_html_is_the_same_with_and_without_the_extension(tree: str, tmp_path: Path) -> None:
    plain, plain_warnings = _build(tmp_path, tree, "html", with_extension=False)
    ours, our_warnings = _build(tmp_path, tree, "html", with_extension=True)
    assert our_warnings == plain_warnings
    pages = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.html"))
    assert pages == sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*.html"))
    assert len(pages) >= 5
    for page in pages:
        assert _page(ours / page) == _page(plain / page), page
    # the search index: the same words, titles and objects; only ``envversion``
    # differs by design (it lists the loaded extensions and domains)
    plain_index, our_index = _search_index(plain), _search_index(ours)
    assert set(our_index.pop("envversion")) >= set(plain_index.pop("envversion"))  # type: ignore[arg-type]
    assert our_index == plain_index
    assert "suchverbot" not in json.dumps(our_index).lower()  # nosearch still works
    plain_static = sorted(p.name for p in (plain / "_static").rglob("*") if p.is_file())
    assert sorted(p.name for p in (ours / "_static").rglob("*") if p.is_file()) == plain_static


@pytest.mark.parametrize("tree", TREES)
def test_text_output_is_the_same_with_and_without_the_extension(tree: str, tmp_path: Path) -> None:
    plain, plain_warnings = _build(tmp_path, tree, "text", with_extension=False)
    ours, our_warnings = _build(tmp_path, tree, "text", with_extension=True)
    assert our_warnings == plain_warnings
    files = sorted(p.relative_to(plain).as_posix() for p in plain.rglob("*.txt"))
    assert files and files == sorted(p.relative_to(ours).as_posix() for p in ours.rglob("*.txt"))
    for name in files:
        assert (ours / name).read_bytes() == (plain / name).read_bytes(), name
