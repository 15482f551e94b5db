"""Article pages stay light as the series grows (issue 8): the HTML of an
article page does not carry the whole site's navigation.

Built on a generated corpus of modest size (the benchmark's generator, 13
issues of 8 articles with 3,000 words each); the bound of 60 KB is the one
the issue sets for 60 issues. The sidebar shows the newest issues, the
current one with its articles and a link to all (transmit_kb.site.navigation);
a second, smaller corpus shows that its number of links stops growing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.corpus import CorpusOptions, write_corpus

SPHINX_BUILD = Path(sys.executable).parent / "sphinx-build"
LIMIT_KB = 60


def article_sizes(tmp: Path, issues: int) -> dict[str, tuple[int, int]]:
    """Bytes of every article page's HTML and the number of links in its sidebar."""
    src = write_corpus(tmp / f"korpus-{issues}", CorpusOptions(issues=issues))["ours"]
    out = tmp / f"html-{issues}"
    cmd = [
        str(SPHINX_BUILD),
        "-W",
        "--keep-going",
        "-q",
        "-j",
        "2",
        "-b",
        "html",
        str(src),
        str(out),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    pages = [p for p in (out / "ausgaben").glob("*/*.html") if p.name != "index.html"]
    assert len(pages) == issues * 8
    sizes = {}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        nav = BeautifulSoup(html, "html.parser").select_one("nav.bd-docs-nav")
        assert nav is not None
        sizes[page.relative_to(out).as_posix()] = (len(html.encode()), len(nav.select("a")))
    return sizes


@pytest.mark.slow
def test_article_html_is_small_and_does_not_grow_with_the_series(tmp_path: Path) -> None:
    large = article_sizes(tmp_path, 13)
    biggest = max(large, key=lambda page: large[page][0])
    print(f"largest article page at 13 issues: {biggest}, {large[biggest][0] / 1024:.1f} KB")
    assert large[biggest][0] <= LIMIT_KB * 1024, f"{biggest}: {large[biggest][0] / 1024:.1f} KB"
    # Past ``transmit_nav_max_entries`` (8) issues the navigation stops growing:
    # the largest sidebar with 13 issues has at most one link more than with 9
    # (the reader's own issue, when it is older than the 8 listed), so a page at
    # 60 issues differs from one at 13 only by the titles' lengths.
    small = article_sizes(tmp_path, 9)
    most = max(links for _, links in large.values())
    assert most <= max(links for _, links in small.values()) + 1
