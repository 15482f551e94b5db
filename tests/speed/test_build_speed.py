"""Speed-ups of the build must not change a byte of its output nor outlive it."""

from __future__ import annotations

import gc
import shutil
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from rebuild import build_again, html_pages
from transmit_kb.speed.gc_pauses import BUILD_THRESHOLDS, ends_the_process
from transmit_kb.speed.patching import PatchTargetMissing, is_wrapped, wrap_once


def _count_renders(app: Any) -> Counter[str]:
    """Count every template render of ``app`` from now on."""
    renders: Counter[str] = Counter()
    templates = app.builder.templates
    render = templates.render

    def counting(name: str, context: dict[str, Any]) -> str:
        renders[name] += 1
        return render(name, context)

    templates.render = counting
    return renders


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_known_components_are_rendered_once_and_pages_stay_the_same(
    make_app: Any, app: Any, tmp_path: Path
) -> None:
    renders = _count_renders(app)
    app.build()
    fast = html_pages(Path(app.outdir))
    pages = renders["page.html"]
    assert pages == len(fast) - 2  # every document page (search and genindex have their own)
    # components are rendered inside the page template; a render of their own
    # is the theme's trial render, which the known components no longer get
    assert renders["navbar-logo.html"] == renders["article-header-buttons.html"] == 0
    # a component that may be empty still gets its trial render
    assert renders["page-toc.html"] >= pages

    slow_app = make_app(
        "html",
        srcdir=app.srcdir,
        builddir=tmp_path / "ohne",
        freshenv=True,
        confoverrides={"transmit_theme_render_once": False},
    )
    slow_renders = _count_renders(slow_app)  # counted from the first page on
    slow_app.build()
    assert slow_renders["navbar-logo.html"] == slow_renders["page.html"] + 2
    assert html_pages(Path(slow_app.outdir)) == fast


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_collector_is_tuned_during_the_build_and_nothing_stays_frozen(app: Any) -> None:
    seen: list[tuple[tuple[int, ...], int]] = []
    app.connect(
        "html-page-context",
        lambda *args: seen.append((gc.get_threshold(), gc.get_freeze_count())),
    )
    # before our handler (999) and after it: what each document leaves is frozen
    read: list[tuple[int, int]] = []
    app.connect("doctree-read", lambda *args: read.append((gc.get_freeze_count(), 0)), 998)
    app.connect(
        "doctree-read", lambda *args: read.append((read.pop()[0], gc.get_freeze_count())), 1000
    )
    app.build()
    assert seen, "pages were written"
    assert len(read) >= 3
    assert all(after > before for before, after in read)
    assert read[-1][0] >= read[0][1], "frozen objects stay frozen while reading"
    thresholds, frozen = seen[0]
    assert thresholds == BUILD_THRESHOLDS
    assert frozen > 10_000, "the read environment is frozen while pages are written"
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx(
    "html", testroot="basic", freshenv=True, confoverrides={"transmit_gc_tuning": False}
)
def test_collector_tuning_can_be_switched_off(app: Any) -> None:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    try:
        frozen: list[int] = []
        app.connect("html-page-context", lambda *args: frozen.append(gc.get_freeze_count()))
        app.build()
        assert frozen and set(frozen) == {0}
        assert gc.get_threshold() == (700, 10, 10)
    finally:
        gc.set_threshold(*before)


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_reused_parse_settings_change_no_page(make_app: Any, app: Any, tmp_path: Path) -> None:
    built: list[int] = []
    from docutils import frontend

    init = frontend.OptionParser.__init__

    def counting(self: Any, *args: Any, **kwargs: Any) -> None:
        built.append(1)
        init(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(frontend.OptionParser, "__init__", counting)
        app.build()
        fast_count = len(built)
        built.clear()
        slow_app = build_again(
            make_app, app, tmp_path / "ohne", transmit_parse_settings_cache=False
        )
    documents = len(app.env.found_docs)
    assert documents >= 5
    assert fast_count < 5, "settings are built once per build, not per document"
    assert len(built) >= documents, "switched off, every document builds its own"
    assert html_pages(Path(slow_app.outdir)) == html_pages(Path(app.outdir))


def test_a_document_records_only_its_own_dependencies(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    """Reused settings must not carry one document's included files into the next."""
    srcdir = tmp_path / "quelle"
    shutil.copytree(rootdir / "test-basic", srcdir)
    (srcdir / "baustein.txt").write_text("Ein eingebundener Absatz.\n", encoding="utf-8")
    article = srcdir / "ausgaben" / "01-erste" / "artikel.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\n```{include} ../../baustein.txt\n```\n",
        encoding="utf-8",
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    with_dependency = {
        doc
        for doc, files in app.env.dependencies.items()
        if any("baustein" in str(f) for f in files)
    }
    assert with_dependency == {"ausgaben/01-erste/artikel"}
    assert "Ein eingebundener Absatz." in (
        Path(app.outdir) / "ausgaben" / "01-erste" / "artikel.html"
    ).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_sphinx_build_keeps_the_heap_frozen_for_its_exit(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In ``sphinx-build`` the process ends after the build: nothing is given back."""
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/sphinx-build", "-b", "html"])
    assert ends_the_process()
    try:
        app.build()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
    monkeypatch.setattr(sys, "argv", ["pytest"])
    assert not ends_the_process()


def _site_with_marked_up_titles(rootdir: Path, tmp_path: Path) -> Path:
    """test-basic plus pages whose titles hold inline markup, a link and an image."""
    srcdir = tmp_path / "quelle"
    shutil.copytree(rootdir / "test-basic", srcdir)
    pages = {
        "markup": "# Daten *lesen* mit `Code` und **Mut**\n\nText.\n",
        "verweis": "# Über [die Startseite](index.md)\n\nText.\n",
        "bild": "# Ein Titel mit ![Bild](bild.png)\n\nText.\n",
    }
    for name, text in pages.items():
        (srcdir / f"{name}.md").write_text(text, encoding="utf-8")
    (srcdir / "bild.png").write_bytes(
        bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
            "1f15c4890000000d4944415478da63f8cfc0f01f0005000201"
            "aa7dd8f60000000049454e44ae426082"
        )
    )
    index = srcdir / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "ausgaben/01-erste/index\n", "ausgaben/01-erste/index\nmarkup\nverweis\nbild\n"
        ),
        encoding="utf-8",
    )
    return srcdir


def test_cached_titles_and_checksums_change_no_page(
    make_app: Any, rootdir: Path, tmp_path: Path
) -> None:
    srcdir = _site_with_marked_up_titles(rootdir, tmp_path)
    rendered: list[str] = []
    from sphinx.builders.html import StandaloneHTMLBuilder

    render_partial = StandaloneHTMLBuilder.render_partial

    def counting(self: Any, node: Any) -> dict[str, str]:
        rendered.append(type(node).__name__)
        return render_partial(self, node)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(StandaloneHTMLBuilder, "render_partial", counting)
        app = make_app("html", srcdir=srcdir, builddir=tmp_path / "mit", freshenv=True)
        app.build()
        cached = rendered.count("title")
        rendered.clear()
        slow_app = build_again(make_app, app, tmp_path / "ohne", transmit_render_cache=False)
    uncached = rendered.count("title")
    assert cached < uncached, "titles of neighbours and parents are rendered once"
    pages = html_pages(Path(app.outdir))
    assert html_pages(Path(slow_app.outdir)) == pages
    # the pages around the marked-up titles show them (previous/next links)
    neighbour = pages["verweis.html"].decode()
    assert "Daten <em>lesen</em> mit <code" in neighbour


def test_only_titles_of_text_and_inline_markup_count_as_alike_everywhere() -> None:
    from docutils import nodes
    from transmit_kb.speed.render_cache import renders_alike_everywhere

    plain = nodes.title("", "", nodes.Text("Daten "), nodes.emphasis("", "lesen"))
    linked = nodes.title("", "", nodes.reference("", "Start", refuri="index.html"))
    pictured = nodes.title("", "", nodes.image(uri="bild.png"))
    assert renders_alike_everywhere(plain)
    assert not renders_alike_everywhere(linked)
    assert not renders_alike_everywhere(pictured)
    assert not renders_alike_everywhere(nodes.paragraph("", "Kein Titel"))
    assert not renders_alike_everywhere(None)


def test_a_title_is_rendered_once_only_if_it_renders_alike_everywhere() -> None:
    """The cache keeps plain titles; a title holding a link is rendered for every page."""
    from docutils import nodes
    from transmit_kb.speed import render_cache

    calls: list[nodes.Node] = []

    def render_partial(node: nodes.Node) -> dict[str, str]:
        calls.append(node)
        return {"title": node.astext()}

    plain = nodes.title("", "", nodes.Text("Daten "), nodes.emphasis("", "lesen"))
    linked = nodes.title("", "", nodes.reference("", "Start", refuri="index.html"))
    render = render_cache._caching_titles(render_partial)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(render_cache._state, "active", True)
        patch.setattr(render_cache, "_titles", {})  # this test's cache, gone afterwards
        first = render(plain)
        first["title"] = "verändert"  # a caller changing its copy changes nothing cached
        assert render(plain) == {"title": "Daten lesen"}
        render(linked)
        render(linked)
    assert calls == [plain, linked, linked]


@pytest.mark.sphinx("html", testroot="basic", freshenv=True)
def test_no_collections_while_the_saved_environment_loads(
    make_app: Any, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pickle

    app.build()
    enabled_while_loading: list[bool] = []
    load = pickle.load

    def loading(*args: Any, **kwargs: Any) -> Any:
        enabled_while_loading.append(gc.isenabled())
        return load(*args, **kwargs)

    monkeypatch.setattr(pickle, "load", loading)
    again = make_app("html", srcdir=app.srcdir, builddir=Path(app.doctreedir).parent)
    monkeypatch.setattr(pickle, "load", load)
    writing: list[bool] = []
    again.connect("html-page-context", lambda *args: writing.append(gc.isenabled()))
    (Path(app.srcdir) / "index.md").touch()
    again.build()
    assert enabled_while_loading[:1] == [False], "the environment loads without collections"
    assert writing and all(writing)
    assert gc.isenabled()


def test_a_library_function_is_wrapped_once_per_process() -> None:
    from types import SimpleNamespace

    library = SimpleNamespace(answer=lambda: 41)
    wrapped: list[object] = []

    def plus_one(function: Any) -> Any:
        wrapped.append(function)
        return lambda: function() + 1

    assert wrap_once(library, "answer", plus_one)
    assert not wrap_once(library, "answer", plus_one), "a second app wraps nothing"
    assert library.answer() == 42 and len(wrapped) == 1 and is_wrapped(library.answer)
    with pytest.raises(PatchTargetMissing, match="missing fehlt"):
        wrap_once(library, "missing", plus_one)  # a verified version lacks it: a wrong patch
    assert not hasattr(library, "missing")


@pytest.mark.sphinx("html", testroot="smartquotes", freshenv=True)
def test_smart_quotes_skip_blocks_without_quotes_and_change_no_page(
    make_app: Any, app: Any, tmp_path: Path
) -> None:
    from docutils.utils import smartquotes

    educated: list[int] = []
    educate = smartquotes.educate_tokens

    def counting(*args: Any, **kwargs: Any) -> Any:
        educated.append(1)
        return educate(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(smartquotes, "educate_tokens", counting)
        app.build()
        quick = len(educated)
        educated.clear()
        slow_app = build_again(make_app, app, tmp_path / "ohne", transmit_quick_smartquotes=False)
    assert 0 < quick < len(educated), "blocks without quotes, dashes or dots are skipped"
    pages = html_pages(Path(app.outdir))
    assert pages == html_pages(Path(slow_app.outdir))
    page = pages["index.html"].decode("utf-8")
    low, high = "\N{DOUBLE LOW-9 QUOTATION MARK}", "\N{LEFT DOUBLE QUOTATION MARK}"
    single_low, single_high = "\N{SINGLE LOW-9 QUOTATION MARK}", "\N{LEFT SINGLE QUOTATION MARK}"
    dash, em_dash = "\N{EN DASH}", "\N{EM DASH}"
    for educated_text in (
        f"{low}Bildung{high}",
        f"{single_low}Planung{single_high}",
        "Otto\N{RIGHT SINGLE QUOTATION MARK}s",
        f"2010{dash}2020",
        f"ja {em_dash} oder",
        "weiter\N{HORIZONTAL ELLIPSIS}",
        f"über <em>mehrere {low}Knoten</em> hinweg{high}",  # one block across inline nodes
        f"{low}innen{high} {dash} und",
        f"Punkt mit {low}Zitat{high}",
    ):
        assert educated_text in page, educated_text
    assert '"Vorformatiert" -- bleibt' in page  # preformatted text is left alone


@pytest.mark.sphinx("html", testroot="search", freshenv=True)
def test_on_an_unverified_library_version_every_patch_switches_itself_off(
    make_app: Any, app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transmit_kb.speed import PATCHES, patching

    app.build()
    verified_pages = html_pages(Path(app.outdir))
    assert all(getattr(app.config, patch.switch) for patch in PATCHES)
    monkeypatch.setattr(patching, "installed_version", lambda distribution: "0.0.1")
    other = make_app("html", srcdir=app.srcdir, builddir=tmp_path / "andere", freshenv=True)
    other.build()
    status = other.status.getvalue()
    for patch in PATCHES:
        assert getattr(other.config, patch.switch) is False, patch.switch
        line = f"Beschleunigung {patch.switch} ausgeschaltet, nicht geprüft mit "
        assert status.count(line) == 1, patch.switch
    assert "0.0.1 (geprüft: 9.0.4)" in status
    assert html_pages(Path(other.outdir)) == verified_pages
    # a second app in one process re-registers Sphinx's nodes: only that may warn
    warnings = [w for w in other.warning.getvalue().splitlines() if "already registered" not in w]
    assert not warnings


def test_every_patch_names_its_targets_versions_and_gain() -> None:
    from transmit_kb.speed import PATCHES
    from transmit_kb.speed.patching import installed_version

    assert len({patch.switch for patch in PATCHES}) == len(PATCHES)
    for patch in PATCHES:
        assert patch.replaces and patch.gain and patch.switch.startswith("transmit_")
        for distribution, version in patch.verified.items():
            assert installed_version(distribution) == version, (patch.switch, distribution)
