"""Read YAML while keeping the line of every key, so content errors can be located."""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .files import STALE_PICKLE

#: libyaml's parser where PyYAML was built with it (ten times faster), else PyYAML's own
Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LocatedMapping:
    """A YAML mapping with the (1-based) line of the mapping and of each key."""

    values: dict[str, Any]
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        """Line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlError(ValueError):
    """Malformed YAML, with the line where the parser gave up."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, offset: int) -> LocatedMapping:
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = str(loader.construct_object(key_node, deep=True))
        line = key_node.start_mark.line + 1 + offset
        if key in values:
            raise YamlError(f"Das Feld '{key}' steht doppelt im selben Eintrag.", line)
        values[key] = loader.construct_object(value_node, deep=True)
        lines[key] = line
    return LocatedMapping(values, node.start_mark.line + 1 + offset, lines)


def _compose(text: str, offset: int) -> tuple[yaml.SafeLoader, yaml.Node | None]:
    loader = Loader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        problem = exc.problem or str(exc)
        raise YamlError(f"Fehlerhaftes YAML: {problem}.", line) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"Fehlerhaftes YAML: {exc}", 1 + offset) from None


def load_mapping(text: str, offset: int = 0) -> LocatedMapping:
    """Parse a YAML mapping; ``offset`` is added to every line (front matter)."""
    loader, node = _compose(text, offset)
    if node is None:
        return LocatedMapping({}, 1 + offset)
    if not isinstance(node, yaml.MappingNode):
        raise YamlError(
            "Erwartet wird eine Zuordnung 'feld: wert'.", node.start_mark.line + 1 + offset
        )
    try:
        return _mapping(loader, node, offset)
    except yaml.YAMLError as exc:
        raise YamlError(f"Fehlerhaftes YAML: {exc}", node.start_mark.line + 1 + offset) from None


def load_mapping_list(text: str) -> list[LocatedMapping]:
    """Parse a YAML list of mappings, as the registries are written."""
    loader, node = _compose(text, 0)
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise YamlError(
            "Erwartet wird eine Liste von Einträgen ('- id: …').", node.start_mark.line + 1
        )
    entries = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise YamlError("Jeder Eintrag muss eine Zuordnung sein.", item.start_mark.line + 1)
        entries.append(_mapping(loader, item, 0))
    return entries


def cached_mapping_list(text: str, cache: Path | None) -> list[LocatedMapping]:
    """:func:`load_mapping_list`, remembered in the folder ``cache`` by the text's hash.

    Registries change rarely; parsing them costs a noticeable part of a
    one-page rebuild. Errors are not cached (they are raised again).
    """
    if cache is None:
        return load_mapping_list(text)
    path = cache / (hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + ".pickle")
    try:
        with path.open("rb") as stream:
            cached = pickle.load(stream)
        if isinstance(cached, list):
            return cached
    except STALE_PICKLE:
        pass
    result = load_mapping_list(text)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as stream:
        pickle.dump(result, stream, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    return result
