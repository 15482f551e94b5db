"""Full-text search in German that stays lean: a sharded index with excerpts.

Sphinx's own search loads the whole ``searchindex.js`` (the theme even loads
it on every page) and then fetches the full HTML of every hit for its
excerpt: 9 MB gzipped for a common word at 60 issues (docs/suche.md). With
our search Sphinx's index is switched off (``searchindex.js`` is an empty
stub) and the search page (``templates/search.html`` with
``static/transmit-search.js``) loads from ``_search/`` in the output:

``meta.<hash>.json`` (via ``meta.json``)
    the page list, the objects (persons, municipalities, issues, case
    studies, glossary terms), the stop words and the names of the shards;
``t/<prefix>.<hash>.json``
    the postings of all index terms starting with ``<prefix>`` (two letters),
    loaded only for the words of the query;
``x/<hash>.json``
    the plain text of one page, section by section, loaded only for the ten
    hits shown (excerpts), ten more on request.

Index terms are folded and stemmed (:mod:`transmit_kb.search.compounds`), so
spelling variants meet; compounds are also indexed under their parts, as a
lower tier: a page that contains the query word itself always ranks above
one that contains it only inside a compound, so exact-word queries rank as
without splitting (``transmit_search_compounds = False`` switches it off).
Scores are BM25 over title, headings and text, computed at build time.

Per-page records are collected on ``doctree-resolved`` (what the page
shows, including listings) and cached in the doctree folder, so an
incremental build re-reads only the pages it writes; the index is assembled
at ``build-finished``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import pickle
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.search._stopwords.de import GERMAN_STOPWORDS

from ..core.domain import get_domain
from ..core.files import STALE_PICKLE, files_below
from ..core.model import get_registry, model
from ..core.objects import SearchObject, domain_objects
from .compounds import CompoundSplitter, fold, joined, load_curated, stem, words

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

SEARCH_DIR = "_search"
CACHE_FILE = "transmit-search.pickle"
#: bump when :class:`PageRecord` changes, so old caches are ignored
RECORD_VERSION = 5
#: hits shown (with excerpts) at once; ``transmit-search.js`` uses the same number
SHOWN = 10
#: BM25 parameters and field weights
K1 = 1.2
B = 0.75
WEIGHTS = {"title": 8, "heading": 3, "body": 1}
#: a page whose title contains the word gets this many idf on top
TITLE_BONUS = 1.0
#: builders whose output gets our search (not epub, singlehtml, ...)
BUILDERS = frozenset({"html", "dirhtml"})
#: object kinds: (label shown, order among objects; lower first)
OBJECT_KINDS: dict[str, tuple[str, int]] = {
    "case_study": ("Praxisbeispiel", 0),
    "person": ("Person", 1),
    "issue": ("Ausgabe", 2),
    "municipality": ("Kommune", 3),
    "term": ("Glossar", 4),
}
STOPWORDS = frozenset(fold(w) for w in GERMAN_STOPWORDS)
#: blocks of labels and values (article facts, card meta lines, field lists):
#: their words are found, but excerpts are taken from the text around them
META_CLASSES = frozenset(
    {"tm-article-facts", "tm-card-meta", "tm-case-count", "tm-card-count", "tm-open-data"}
)
#: page metadata key whose value is shown as the result type of a text hit
PAGE_LABEL_KEY = "transmit_search_label"


# --------------------------------------------------------------------------
# What a page contributes


@dataclass
class PageRecord:
    """The searchable content of one page."""

    title: str
    #: (anchor, heading, text) per section, in reading order (until stored)
    sections: list[tuple[str, str, str]] = field(default_factory=list)
    #: where the sections are stored below ``_search/`` (``x/<hash>.json``)
    text_file: str = ""
    #: folded word -> count weighted by field (:data:`WEIGHTS`), every word
    words: dict[str, int] = field(default_factory=dict)
    #: index key -> weighted count, without stopwords and one-letter words
    keyed: dict[str, int] = field(default_factory=dict)
    #: index keys of the page's title
    titled: frozenset[str] = frozenset()
    #: number of words (not weighted)
    length: int = 0
    #: glossary anchor -> (term as written, definition)
    definitions: dict[str, tuple[str, str]] = field(default_factory=dict)

    def count(self, counts: dict[str, Counter[str]]) -> None:
        """Take the words counted per field (``title``, ``heading``, ``body``).

        Weighting and stemming happen here, once per page written, so that
        assembling the index from every page's record is only additions.
        Words and keys are interned: the records of all pages then share one
        string per word, and the cache stores each word once (half the size,
        half the time to load and save it).
        """
        titled = set()
        for name, counter in counts.items():
            weight = WEIGHTS[name]
            for word, number in counter.items():
                word = sys.intern(word)
                self.length += number
                self.words[word] = self.words.get(word, 0) + weight * number
                if word in STOPWORDS or len(word) < 2:
                    continue
                key = sys.intern(stem(word))
                self.keyed[key] = self.keyed.get(key, 0) + weight * number
                if name == "title":
                    titled.add(key)
        self.titled = frozenset(titled)


_SPACE = re.compile(r"\s+")


def _clean(parts: list[str]) -> str:
    return _SPACE.sub(" ", "".join(parts)).strip()


def _tokens(text: str) -> list[str]:
    return words(text) + joined(text)


def page_record(doctree: nodes.document) -> PageRecord:
    """The searchable content of a (resolved) doctree."""
    record = PageRecord(title="")
    counts: dict[str, Counter[str]] = {name: Counter() for name in WEIGHTS}
    chunks: list[tuple[str, str, list[str]]] = []
    meta_parts: list[str] = []  # indexed as body text, never shown as an excerpt

    def new_chunk(anchor: str, heading: str) -> list[str]:
        chunks.append((anchor, heading, []))
        return chunks[-1][2]

    def walk(node: nodes.Node, out: list[str]) -> None:
        if isinstance(node, (nodes.comment, nodes.raw, nodes.system_message)):
            return
        if isinstance(node, nodes.Element) and "no-search" in node["classes"]:
            return
        if isinstance(node, nodes.Text):
            out.append(node.astext())
            return
        if out is not meta_parts and (
            isinstance(node, nodes.field_list)
            or (isinstance(node, nodes.Element) and META_CLASSES & set(node["classes"]))
        ):
            walk_children(node, meta_parts)
            meta_parts.append("\n")
            return
        if isinstance(node, nodes.section):
            ids = node["ids"]
            title = node.next_node(nodes.title)
            heading = title.astext() if title is not None and title.parent is node else ""
            if not record.title and heading:
                record.title = heading
                counts["title"].update(_tokens(heading))
                anchor = ""  # the page itself
            else:
                counts["heading"].update(_tokens(heading))
                anchor = ids[0] if ids else ""
            inner = new_chunk(anchor, heading)
            for child in node.children:
                if child is not title:
                    walk(child, inner)
            return
        if isinstance(node, nodes.definition_list_item) and isinstance(
            node.parent.parent if node.parent else None, addnodes.glossary
        ):
            definition = node.next_node(nodes.definition)
            text = _clean([definition.astext()]) if definition is not None else ""
            for term in node.children:
                if isinstance(term, nodes.term) and term["ids"]:
                    record.definitions[term["ids"][0]] = (_clean([term.astext()]), text)
        walk_children(node, out)

    def walk_children(node: nodes.Node, out: list[str]) -> None:
        for child in node.children:
            walk(child, out)
        if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline):
            out.append("\n")  # paragraphs, titles, terms: a word ends here

    walk(doctree, new_chunk("", ""))
    counts["body"].update(_tokens(_clean(meta_parts)))
    for anchor, heading, parts in chunks:
        text = _clean(parts)
        counts["body"].update(_tokens(text))
        if text or heading:
            record.sections.append((anchor, heading, text))
    record.count(counts)
    return record


# --------------------------------------------------------------------------
# The index


@dataclass
class SearchIndex:
    """The assembled index (what is written to ``_search/``)."""

    docnames: list[str]
    titles: list[str]
    #: key -> [(doc index, score)]; score >= 1: exact word, < 0: only inside compounds
    terms: dict[str, list[tuple[int, int]]]
    objects: list[SearchObject] = field(default_factory=list)


def term_key(word: str) -> str:
    """The index key of a word as typed (folded, then stemmed)."""
    return stem(fold(word))


def _length_norms(lengths: list[int], average: float) -> list[float]:
    """BM25's length normalisation of each page (the part of a score that is the page's)."""
    return [K1 * (1 - B + B * length / average) for length in lengths]


def _idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def build_index(
    records: dict[str, PageRecord], compounds: bool = True, curated: frozenset[str] | None = None
) -> SearchIndex:
    """Score every (key, page) pair; with ``compounds`` add the parts of compounds."""
    docnames = sorted(records)
    total = len(docnames) or 1
    lengths = [records[d].length for d in docnames]
    average = sum(lengths) / total or 1.0

    exact: dict[str, dict[int, float]] = {}
    in_title: dict[str, set[int]] = {}
    for index, docname in enumerate(docnames):
        record = records[docname]
        for key, count in record.keyed.items():
            exact.setdefault(key, {})[index] = count
        for key in record.titled:
            in_title.setdefault(key, set()).add(index)

    parts: dict[str, dict[int, float]] = {}
    if compounds:
        vocabulary: set[str] = set()
        for record in records.values():
            vocabulary.update(record.words)
        splitter = CompoundSplitter(
            vocabulary, load_curated() if curated is None else curated, STOPWORDS
        )
        # each word is split once; its parts' keys, without repeats
        split_keys: dict[str, tuple[str, ...]] = {}
        for word in vocabulary:
            found = splitter.split(word)
            if found:
                split_keys[word] = tuple(dict.fromkeys(stem(part) for part in found))
        for index, docname in enumerate(docnames):
            words = records[docname].words
            for word in sorted(words.keys() & split_keys.keys()):
                count = words[word]
                for key in split_keys[word]:
                    if index in exact.get(key, ()):
                        continue  # the page has the word itself: exact tier only
                    postings = parts.setdefault(key, {})
                    postings[index] = postings.get(index, 0.0) + count

    # BM25: idf * tf * (K1 + 1) / (tf + norm), scaled by ten and rounded
    norms = _length_norms(lengths, average)
    gain = K1 + 1
    terms: dict[str, list[tuple[int, int]]] = {}
    for key, postings in exact.items():
        idf = _idf(total, len(postings))
        titled = in_title.get(key, ())
        bonus = TITLE_BONUS * idf
        # every score is positive: ``or 1`` keeps the smallest at 1
        terms[key] = [
            (
                index,
                round((idf * tf * gain / (tf + norms[index]) + (index in titled) * bonus) * 10)
                or 1,
            )
            for index, tf in postings.items()
        ]
    for key, postings in parts.items():
        idf = _idf(total, len(postings) + len(exact.get(key, ())))
        terms.setdefault(key, []).extend(
            (index, -max(1, min(999, round(idf * tf * gain / (tf + norms[index]) * 10))))
            for index, tf in postings.items()
        )
    for key in terms:
        terms[key].sort()
    return SearchIndex(docnames, [records[d].title for d in docnames], terms)


def rank(index: SearchIndex, query: str) -> list[str]:
    """Docnames of the text hits for ``query``, best first (as ``transmit-search.js``).

    Every word must match (exact key or, failing that, keys starting with it,
    at half the score). Pages are ordered by how many query words they hold
    as words of their own (not only inside compounds), then by the sum of the
    scores (a compound-part hit counts ``|score| / 1000``). When no page has
    every word, pages with any of them count.
    """
    per_word: list[dict[int, tuple[int, float]]] = []
    for word in dict.fromkeys(words(query)):
        if word in STOPWORDS or len(word) < 2:
            continue
        key = stem(word)
        postings = index.terms.get(key)
        matches = [postings] if postings is not None else []
        if postings is None and len(key) >= 3:
            matches = [p for k, p in index.terms.items() if k.startswith(key)]
        found: dict[int, tuple[int, float]] = {}
        for plist in matches:
            for doc, score in plist:
                hit = (1, float(score)) if score > 0 else (0, -score / 1000)
                if postings is None:
                    hit = (hit[0], hit[1] / 2)  # prefix match
                found[doc] = max(found.get(doc, (0, 0.0)), hit)
        per_word.append(found)
    totals: dict[int, tuple[int, float]] = dict(per_word[0]) if per_word else {}
    for found in per_word[1:]:
        totals = {d: _add(t, found[d]) for d, t in totals.items() if d in found}
    if not totals and len(per_word) > 1:  # no page has every word: any of them
        for found in per_word:
            for d, hit in found.items():
                totals[d] = _add(totals.get(d, (0, 0.0)), hit)
    order = sorted(totals, key=lambda d: (-totals[d][0], -totals[d][1], index.titles[d].lower(), d))
    return [index.docnames[d] for d in order]


def _add(a: tuple[int, float], b: tuple[int, float]) -> tuple[int, float]:
    return (a[0] + b[0], a[1] + b[1])


# --------------------------------------------------------------------------
# Objects: persons, municipalities, issues, case studies, glossary terms


def _first_sentences(text: str, limit: int = 160) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + " …"


def glossary_objects(env: BuildEnvironment, records: dict[str, PageRecord]) -> list[SearchObject]:
    """Glossary terms (standard domain) with the term as written and its definition."""
    std = env.domains.standard_domain
    objects = []
    for (objtype, name), (docname, anchor) in sorted(std.objects.items()):
        if objtype != "term" or docname not in env.found_docs:
            continue
        record = records.get(docname)
        term, definition = record.definitions.get(anchor, (name, "")) if record else (name, "")
        objects.append(
            SearchObject("term", anchor, term, docname, anchor, _first_sentences(definition))
        )
    return objects


def all_objects(
    env: BuildEnvironment, records: dict[str, PageRecord], index: SearchIndex
) -> list[SearchObject]:
    """Every object of the search, in the order they are shown for equal matches.

    Persons and municipalities without a page of their own (or of their
    articles and case studies) link to the page that mentions them most.
    """
    objects = domain_objects(env, get_domain(env)) + glossary_objects(env, records)
    have = {(o.kind, o.id) for o in objects}
    registry = get_registry(env)
    for person in registry.persons.values():
        hits = rank(index, person.name) if ("person", person.id) not in have else []
        if hits:
            description = ", ".join(p for p in (person.role, person.organisation) if p)
            objects.append(
                SearchObject("person", person.id, person.display_name, hits[0], "", description)
            )
    for place in registry.municipalities.values():
        hits = rank(index, place.name) if ("municipality", place.id) not in have else []
        if hits:
            description = f"{place.kind}, {place.state}"
            objects.append(
                SearchObject("municipality", place.id, place.name, hits[0], "", description)
            )
    return sorted(objects, key=lambda o: (OBJECT_KINDS[o.kind][1], fold(o.name), o.id))


# --------------------------------------------------------------------------
# Build: collect on doctree-resolved, cache, write at build-finished


@dataclass
class _BuildState:
    """Records of the pages written in this build (kept in the build's model)."""

    records: dict[str, PageRecord] = field(default_factory=dict)


def _wanted(app: Sphinx) -> bool:
    return app.builder.name in BUILDERS and app.config.transmit_search


def _state(app: Sphinx) -> _BuildState:
    state: _BuildState | None = model(app.env).search_state
    if state is None:
        state = _BuildState()
        model(app.env).search_state = state
    return state


def _collect(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not _wanted(app):
        return
    metadata = app.env.metadata.get(docname, {})
    if "nosearch" in metadata or "no-search" in metadata:
        record = PageRecord(title="")
        store_text(Path(app.outdir) / SEARCH_DIR, record)
        _state(app).records[docname] = record
        return
    record = page_record(doctree)
    store_text(Path(app.outdir) / SEARCH_DIR, record)
    _state(app).records[docname] = record


def _load_cache(path: Path) -> dict[str, PageRecord]:
    try:
        with path.open("rb") as stream:
            version, records = pickle.load(stream)
    except STALE_PICKLE:
        return {}
    return records if version == RECORD_VERSION else {}


def current_records(app: Sphinx) -> dict[str, PageRecord]:
    """Records of every document: cached ones updated by those written now."""
    env = app.env
    target = Path(app.outdir) / SEARCH_DIR
    cache = Path(app.doctreedir) / CACHE_FILE
    records = _load_cache(cache)
    records.update(_state(app).records)
    records = {d: r for d, r in records.items() if d in env.found_docs}
    stored = stored_files(target)
    for docname in sorted(env.found_docs):
        record = records.get(docname)
        if record is None or record.text_file not in stored:
            # cache or output lost and page not written now: read the stored doctree
            record = page_record(env.get_doctree(docname))
            store_text(target, record)
            records[docname] = record
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as stream:
        pickle.dump((RECORD_VERSION, records), stream, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return records


def stored_files(target: Path) -> set[str]:
    """Paths (relative, with ``/``) of the files below ``target``."""
    return {name for name, _ in files_below(target)}


def _digest(data: bytes) -> str:
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()[:10]


def _dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _write(path: Path, data: bytes, hashed: bool = True) -> None:
    """Write ``data`` unless ``path`` holds it (a ``hashed`` name implies its content)."""
    if path.is_file() and (hashed or path.read_bytes() == data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def store_text(target: Path, record: PageRecord) -> None:
    """Write the record's sections to ``x/<hash>.json`` below ``target``; keep the name."""
    data = _dumps(record.sections)
    record.text_file = f"x/{_digest(data)}.json"
    _write(target / record.text_file, data)
    record.sections = []


def shard_name(key: str) -> str:
    """The shard of a key: its first two letters (as file-name-safe text)."""
    prefix = key[:2]
    if re.fullmatch(r"[a-z0-9]+", prefix):
        return prefix
    return "u" + "-".join(f"{ord(c):x}" for c in prefix)


def write_index(
    outdir: Path,
    index: SearchIndex,
    records: dict[str, PageRecord],
    uris: dict[str, str],
    labels: dict[str, str] | None = None,
    doc_kinds: dict[str, str] | None = None,
    next_steps: list[tuple[str, str]] | None = None,
) -> dict[str, bytes]:
    """Write ``_search/`` and delete what no longer belongs; return the index files.

    Page texts are written when a record is made (:func:`store_text`); here
    only records that still hold their sections are stored.
    """
    files: dict[str, bytes] = {}
    shards: dict[str, dict[str, list[int]]] = {}
    for key in sorted(index.terms):
        flat = [n for pair in index.terms[key] for n in pair]
        shards.setdefault(shard_name(key), {})[key] = flat
    shard_files = {}
    for prefix, content in sorted(shards.items()):
        data = _dumps(content)
        name = f"t/{prefix}.{_digest(data)}.json"
        files[name] = data
        shard_files[prefix] = name
    target = outdir / SEARCH_DIR
    docs = []
    for docname, title in zip(index.docnames, index.titles, strict=True):
        record = records[docname]
        if not record.text_file or record.sections:
            store_text(target, record)
        docs.append([docname, uris[docname], title or docname, record.text_file])
    position = {d: i for i, d in enumerate(index.docnames)}
    objects = [
        [
            obj.kind,
            obj.name,
            position[obj.docname],
            obj.anchor,
            obj.description,
        ]
        for obj in index.objects
        if obj.docname in position
    ]
    meta = {
        "version": RECORD_VERSION,
        "shown": SHOWN,
        "kinds": {kind: label for kind, (label, _) in OBJECT_KINDS.items()},
        "stopwords": sorted(STOPWORDS),
        "shards": shard_files,
        "docs": docs,
        "objects": objects,
        # what each page is (Beitrag, Ausgabe, Person, Kommune, Glossar …), beside docs
        "doc_kinds": [(doc_kinds or {}).get(d, "Seite") for d in index.docnames],
        # offered when a query finds nothing: [text, address relative to the root]
        "next": [list(step) for step in next_steps or ()],
    }
    # result types of text hits (e.g. "Leichte Sprache"), by position in ``docs``
    page_labels = {str(position[d]): label for d, label in (labels or {}).items() if d in position}
    if page_labels:
        meta["labels"] = page_labels
    data = _dumps(meta)
    meta_name = f"meta.{_digest(data)}.json"
    files[meta_name] = data
    # the one file with a fixed name: tells the page which meta file is current
    files["meta.json"] = _dumps({"meta": meta_name})
    stored = stored_files(target)
    for name, data in files.items():
        if name == "meta.json" or name not in stored:  # a hashed name implies its content
            _write(target / name, data, hashed=name != "meta.json")
    keep = set(files) | {doc[3] for doc in docs}
    # a precompressed copy (``name.gz``, site_ui) stays and goes with its file
    stale = {name for name in stored if name.removesuffix(".gz") not in keep}
    for relative in sorted(stale):
        (target / relative).unlink()
    folders = {relative.rpartition("/")[0] for relative in stale}
    for folder in sorted(folders - {""}, reverse=True):
        if not any(os.scandir(target / folder)):
            (target / folder).rmdir()
    return files


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not _wanted(app):
        return
    records = current_records(app)
    for docname, record in records.items():  # a result never shows a docname as its title
        if not record.title and docname in app.env.titles:
            record.title = app.env.titles[docname].astext()
    index = build_index(records, compounds=app.config.transmit_search_compounds)
    index.objects = all_objects(app.env, records, index)
    uris = {docname: app.builder.get_target_uri(docname) for docname in index.docnames}
    labels = {
        docname: str(app.env.metadata.get(docname, {}).get(PAGE_LABEL_KEY))
        for docname in index.docnames
        if app.env.metadata.get(docname, {}).get(PAGE_LABEL_KEY)
    }
    # a page's own label (e.g. "Leichte Sprache") wins over what doc_kinds derives
    kinds = {**doc_kinds(app.env, index.docnames), **labels}
    write_index(
        Path(app.outdir), index, records, uris, labels, doc_kinds=kinds, next_steps=next_steps(app)
    )
    _write_empty_sphinx_index(Path(app.outdir))


def doc_kinds(env: BuildEnvironment, docnames: list[str]) -> dict[str, str]:
    """What each page is, as a search result says it: article kind, Ausgabe, Person …"""
    std = env.domains.standard_domain
    glossaries = {d for (kind, _), (d, _a) in std.objects.items() if kind == "term"}
    return {docname: doc_kind(env, docname, glossaries) for docname in docnames}


def doc_kind(env: BuildEnvironment, docname: str, glossaries: set[str]) -> str:
    """What one page is (see :func:`doc_kinds`)."""
    from ..core.links import AUTHORS_DIR, CASES_DIR, OVERVIEWS

    domain = get_domain(env)
    article = domain.lookup("article", docname)
    if article is not None:
        return str(article.kind or "Beitrag")
    if domain.lookup("issue", docname) is not None:
        return "Ausgabe"
    folder, _, name = docname.rpartition("/")
    if name != "index":
        if folder == AUTHORS_DIR:
            return "Person"
        kinds = {"state": "Bundesland", "municipality": "Kommune", "topic": "Thema"}
        for facet, (sub, _heading) in OVERVIEWS.items():
            if folder == f"{CASES_DIR}/{sub}":
                return kinds[facet]
    return "Glossar" if docname in glossaries else "Seite"


#: pages offered when a query finds nothing: (docname, text)
NEXT_STEPS = (
    ("praxisbeispiele/index", "Praxisbeispiele mit Filtern durchsuchen (Finder)"),
    ("praxisbeispiele/themen/index", "Alle Themen"),
    ("glossar", "Glossar: Fachbegriffe von A bis Z"),
)


def next_steps(app: Sphinx) -> list[tuple[str, str]]:
    """``(text, address)`` of the :data:`NEXT_STEPS` pages that the project has."""
    found = app.env.found_docs
    return [
        (text, app.builder.get_target_uri(docname))
        for docname, text in NEXT_STEPS
        if docname in found
    ]


def load_index(outdir: Path) -> tuple[dict[str, Any], SearchIndex]:
    """Read a written index back (meta and all terms), for tests and the benchmark."""
    target = Path(outdir) / SEARCH_DIR
    meta_name = json.loads((target / "meta.json").read_text(encoding="utf-8"))["meta"]
    meta = json.loads((target / meta_name).read_text(encoding="utf-8"))
    terms: dict[str, list[tuple[int, int]]] = {}
    for name in meta["shards"].values():
        for key, flat in json.loads((target / name).read_text(encoding="utf-8")).items():
            terms[key] = list(zip(flat[::2], flat[1::2], strict=True))
    docs = meta["docs"]
    index = SearchIndex([d[0] for d in docs], [d[2] for d in docs], terms)
    return meta, index


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def index_size(outdir: str | Path) -> dict[str, int]:
    """Sizes of the search data of a built site in bytes, raw and gzipped.

    ``query_max_gzip`` bounds what one single-word query transfers: the search
    script, the stemmer (``transmit-stemmer.js``), the meta file, the largest
    shard and the :data:`SHOWN` largest page texts (excerpts). Sphinx's own
    ``searchindex.js`` (no longer loaded by the search page) is given for
    comparison (with our search it is an empty stub). All values are 0 when
    there is no index.
    """
    outdir = Path(outdir)
    target = outdir / SEARCH_DIR
    sizes: dict[str, int] = {
        "files": 0,
        "bytes": 0,
        "gzip_bytes": 0,
        "meta_gzip": 0,
        "shards": 0,
        "largest_shard_gzip": 0,
        "largest_text_gzip": 0,
        "query_max_gzip": 0,
    }
    searchindex = outdir / "searchindex.js"
    if searchindex.is_file():
        data = searchindex.read_bytes()
        sizes["sphinx_searchindex_bytes"] = len(data)
        sizes["sphinx_searchindex_gzip"] = _gzip_size(data)
    if not (target / "meta.json").is_file():
        return sizes
    meta_name = json.loads((target / "meta.json").read_text(encoding="utf-8"))["meta"]
    shard_sizes, text_sizes = [], []
    for path in sorted(target.rglob("*.json")):
        data = path.read_bytes()
        packed = _gzip_size(data)
        sizes["files"] += 1
        sizes["bytes"] += len(data)
        sizes["gzip_bytes"] += packed
        relative = path.relative_to(target).as_posix()
        if relative.startswith("t/"):
            shard_sizes.append(packed)
        elif relative.startswith("x/"):
            text_sizes.append(packed)
        elif relative == meta_name:
            sizes["meta_gzip"] = packed
    sizes["shards"] = len(shard_sizes)
    sizes["largest_shard_gzip"] = max(shard_sizes, default=0)
    sizes["largest_text_gzip"] = max(text_sizes, default=0)
    scripts = 0
    for name in ("transmit-search.js", "transmit-stemmer.js"):
        path = outdir / "_static" / name
        if path.is_file():
            scripts += _gzip_size(path.read_bytes())
    sizes["query_max_gzip"] = (
        scripts
        + sizes["meta_gzip"]
        + sizes["largest_shard_gzip"]
        + sum(sorted(text_sizes, reverse=True)[:SHOWN])
    )
    return sizes


def _take_over(app: Sphinx) -> None:
    """Switch Sphinx's own index off: nothing loads it any more (see module doc)."""
    if _wanted(app):
        app.builder.search = False  # type: ignore[attr-defined]


def _search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if _wanted(app):
        # the stemmer is in place before any build-finished listener looks at
        # _static (page_weight reads every script's words), in fresh and incremental builds
        _write_stemmer(Path(app.outdir))
        # Sphinx writes the search page only while its own index is on
        yield "search", {}, "search.html"


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if not _wanted(app):
        return
    # templates/search.html loads our script instead of Sphinx's searchtools.js
    context["transmit_search"] = pagename == "search"
    # keep <link rel="search"> and every theme check for the search page
    hasdoc = context.get("hasdoc")
    if callable(hasdoc):
        context["hasdoc"] = lambda name: name == "search" or hasdoc(name)


#: written as ``searchindex.js``: the theme loads it on every page for its
#: search-as-you-type, which is off; an empty index keeps that script quiet
EMPTY_SPHINX_INDEX = (
    "/* Leer: die Suche dieser Website liegt in _search/ (transmit_kb.search.index). */\n"
    'Search.setIndex({"alltitles":{},"docnames":[],"envversion":{},"filenames":[],'
    '"indexentries":{},"objects":{},"objnames":{},"objtypes":{},"terms":{},'
    '"titles":[],"titleterms":{}})\n'
)


def stemmer_script() -> str:
    """Sphinx's German Snowball stemmer for the browser, as ``window.Stemmer``."""
    import sphinx

    folder = Path(sphinx.__file__).parent / "search" / "minified-js"
    parts = [
        "/* Snowball German stemmer (BSD licence), from Sphinx's search/minified-js. */",
        (folder / "base-stemmer.js").read_text(encoding="utf-8"),
        (folder / "german-stemmer.js").read_text(encoding="utf-8"),
        "window.Stemmer = GermanStemmer;",
    ]
    return "\n".join(parts) + "\n"


def _write_stemmer(outdir: Path) -> None:
    (outdir / "_static").mkdir(parents=True, exist_ok=True)
    _write(outdir / "_static" / "transmit-stemmer.js", stemmer_script().encode(), hashed=False)


def _write_empty_sphinx_index(outdir: Path) -> None:
    _write(outdir / "searchindex.js", EMPTY_SPHINX_INDEX.encode(), hashed=False)


def setup_search(app: Sphinx) -> None:
    """Our search page: sharded German index with compounds, variants and objects."""
    # static/transmit-search.js is shipped with site.py's static folder
    app.connect("builder-inited", _take_over)
    app.connect("html-collect-pages", _search_page)
    app.connect("html-page-context", _page_context)
    app.connect("doctree-resolved", _collect, priority=900)
    app.connect("build-finished", _build_finished)
