"""Read YAML while keeping the line of every key, so content errors can be located."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


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
    loader = yaml.SafeLoader(text)
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
