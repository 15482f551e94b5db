"""German words for the search index: spelling variants and compound splitting.

Both sides of the search use the same normal form of a word: lower case,
``ä ö ü ß`` written as ``ae oe ue ss`` (:func:`fold`), then Snowball's German
stem. The same Snowball stemmer, shipped with Sphinx as JavaScript, gives the
same stems in the browser (``transmit-stemmer.js``), so "Sömmerda",
"Soemmerda" and "SOEMMERDA" meet in one index term, as do "Straße" and
"Strasse".

Compounds ("Bildungsmonitoring", "Jugendhilfeplanung") are split into parts
that are words of their own: a part counts as a word when it occurs on its
own somewhere in the corpus or stands in the curated list ``data/komposita.txt``.
Linking elements (Fugenelemente) ``-s-``, ``-es-``, ``-n-``, ``-en-``, ``-er-`` and a
dropped final ``-e`` ("Schul|entwicklung") are handled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import snowballstemmer

#: curated parts (one word a line, ``#`` starts a comment), shipped as package data
CURATED_FILE = Path(__file__).parent / "data" / "komposita.txt"
#: shortest part learned from the corpus; curated parts may be shorter (``amt``)
MIN_PART = 4
#: shortest curated part
MIN_CURATED_PART = 3
#: linking elements removed from the end of a head ("Bildungs" -> "Bildung",
#: "Kinder" -> "Kind")
LINKS = ("es", "s", "en", "n", "er")

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case with umlauts and ß spelled out (``Straße`` -> ``strasse``)."""
    # chained replace: several times faster than str.translate on long texts
    return text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def words(text: str) -> list[str]:
    """The words of ``text`` (NFC), folded; digits-only tokens are dropped."""
    folded = fold(unicodedata.normalize("NFC", text)).replace("_", " ")
    return [w for w in _WORD.findall(folded) if not w.isdigit()]


_HYPHENATED = re.compile(r"(?<![\w-])\w+(?:-\w+)+")


def joined(text: str) -> list[str]:
    """Hyphenated compounds written as one word, folded ("Online-Befragung" ->
    "onlinebefragung"), so either spelling finds the other."""
    if "-" not in text:
        return []
    folded = fold(unicodedata.normalize("NFC", text)).replace("_", " ")
    found = (match.replace("-", "") for match in _HYPHENATED.findall(folded))
    return [word for word in found if not word.isdigit()]


@cache
def _stemmer() -> snowballstemmer.stemmer:  # type: ignore[valid-type]
    return snowballstemmer.stemmer("german")


def stem(word: str) -> str:
    """The index term of a folded word (Snowball German, like the browser's stemmer)."""
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def load_curated(path: Path = CURATED_FILE) -> frozenset[str]:
    """The curated parts, folded."""
    if not path.is_file():
        return frozenset()
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            found.add(fold(word))
    return frozenset(found)


class CompoundSplitter:
    """Splits folded words into parts known from a vocabulary.

    ``vocabulary`` holds the folded words that occur on their own in the
    corpus; ``curated`` the shipped list; ``stopwords`` are never parts.
    """

    def __init__(
        self,
        vocabulary: Iterable[str],
        curated: Iterable[str] = (),
        stopwords: Iterable[str] = (),
    ) -> None:
        stop = {fold(w) for w in stopwords}
        known = {w for w in vocabulary if len(w) >= MIN_PART} - stop
        known |= {w for w in curated if len(w) >= MIN_CURATED_PART} - stop
        self._known = known
        # a non-final segment -> the word it stands for: the word itself, with a
        # linking element, or without its final -e ("Schul|entwicklung")
        ordered = sorted(known)
        self._inner_forms: dict[str, str] = {w: w for w in ordered}
        for link in LINKS:
            for w in ordered:
                self._inner_forms.setdefault(w + link, w)
        for w in ordered:
            if w.endswith("e"):
                self._inner_forms.setdefault(w[:-1], w)
        # an inflected last part counts too ("...planungen": "planung" is known)
        self._stems: dict[str, str] = {}
        self._known_stems = {self._stem(w) for w in known}
        self._memo: dict[str, tuple[str, ...]] = {}

    def _stem(self, word: str) -> str:
        if word not in self._stems:
            self._stems[word] = stem(word)
        return self._stems[word]

    def _inner(self, segment: str) -> str | None:
        """The known word a non-final segment stands for (linking element removed)."""
        return self._inner_forms.get(segment)

    def _final(self, segment: str) -> str | None:
        if segment in self._known or self._stem(segment) in self._known_stems:
            return segment
        return None

    def _segments(self, word: str) -> list[tuple[int, int, str]] | None:
        """The split of ``word`` into the fewest known segments (start, end, word)."""
        size = len(word)
        best: list[list[tuple[int, int, str]] | None] = [None] * (size + 1)
        best[0] = []
        inner = self._inner_forms.get
        for end in range(MIN_CURATED_PART, size + 1):
            for start in range(end - MIN_CURATED_PART + 1):
                before = best[start]
                if before is None or (end == size and start == 0):
                    continue
                segment = word[start:end]
                norm = self._final(segment) if end == size else inner(segment)
                if norm is None:
                    continue
                candidate = [*before, (start, end, norm)]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
        return best[size]

    def split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (without ``word`` itself), or ``()``.

        Runs of neighbouring parts that are words of their own are parts too:
        "jugendhilfeplanung" -> "jugendhilfe", "planung", "jugend", "hilfe".
        """
        if word in self._memo:
            return self._memo[word]
        result: tuple[str, ...] = ()
        if len(word) >= 2 * MIN_CURATED_PART:
            segments = self._segments(word)
            if segments and len(segments) > 1:
                parts = [norm for _, _, norm in segments]
                for part in list(parts):  # a part that is a compound itself
                    parts += self.split(part)
                for first in range(len(segments)):
                    for last in range(first + 1, len(segments)):
                        if first == 0 and last == len(segments) - 1:
                            continue  # the whole word
                        span = word[segments[first][0] : segments[last][1]]
                        final = last == len(segments) - 1
                        known = self._final(span) if final else self._inner(span)
                        if known is not None:
                            parts.append(known)
                result = tuple(dict.fromkeys(parts))
        self._memo[word] = result
        return result
