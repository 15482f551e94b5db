"""Typed field specifications and their validation, shared by front matter and registries."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .yamlsource import LocatedMapping


@dataclass(frozen=True)
class Problem:
    """One content mistake: the line it is on and a message saying how to fix it."""

    line: int
    message: str


Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Field:
    """A field of a front matter block or registry entry."""

    name: str
    kind: str  # "str", "int", "bool", "date", "str_list"
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    check: Check | None = None


_EXAMPLES = {
    "str": "ein Text",
    "int": "eine ganze Zahl, z. B. 3",
    "bool": "true oder false",
    "date": "ein Datum im Format JJJJ-MM-TT, z. B. 2020-04-24",
    "str_list": "eine Liste, z. B. [eins, zwei]",
}


def suggest(word: str, known: Iterable[str]) -> str:
    """A German 'did you mean' clause for a near-miss, or an empty string."""
    close = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " Meinten Sie " + " oder ".join(f"'{c}'" for c in close) + "?"


def _convert(spec: Field, value: Any) -> tuple[Any, str | None]:
    if spec.kind == "str":
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return None, "muss ein Text sein"
        text = str(value).strip()
        return text, None if text else "darf nicht leer sein"
    if spec.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return None, "muss eine ganze Zahl sein"
        return value, None
    if spec.kind == "bool":
        return (value, None) if isinstance(value, bool) else (None, "muss true oder false sein")
    if spec.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()), None
            except ValueError:
                return None, "ist kein gültiges Datum"
        return None, "muss ein Datum im Format JJJJ-MM-TT sein"
    if spec.kind == "str_list":
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(
            isinstance(v, str | int) and not isinstance(v, bool) for v in value
        ):
            return None, "muss eine Liste von Texten sein"
        return tuple(str(v).strip() for v in value), None
    raise AssertionError(spec.kind)


def validate(
    mapping: LocatedMapping, fields: Sequence[Field], what: str
) -> tuple[dict[str, Any], list[Problem]]:
    """Check ``mapping`` against ``fields``; return the converted values and the problems.

    ``what`` names the block with its preposition, e.g. "im Personeneintrag".
    """
    by_name = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, raw in mapping.values.items():
        line = mapping.line_of(key)
        spec = by_name.get(key)
        if spec is None:
            allowed = ", ".join(by_name)
            problems.append(
                Problem(
                    line,
                    f"Unbekanntes Feld '{key}' {what}.{suggest(key, by_name)} "
                    f"Erlaubt sind: {allowed}.",
                )
            )
            continue
        if raw is None:
            if spec.required:
                problems.append(
                    Problem(
                        line,
                        f"Das Feld '{key}' {what} ist leer; erwartet: "
                        f"{_EXAMPLES[spec.kind]}. {spec.help}".strip(),
                    )
                )
            continue
        value, error = _convert(spec, raw)
        if error is None and spec.choices:
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if item not in spec.choices:
                    error = (
                        f"enthält den unbekannten Wert '{item}'.{suggest(str(item), spec.choices)} "
                        f"Erlaubt sind: {', '.join(spec.choices)}"
                    )
                    break
        if error is None and spec.check is not None:
            check_error = spec.check(value)
            if check_error is not None:
                message = f"Das Feld '{key}' {what} {check_error}. {spec.help}"
                problems.append(Problem(line, message.strip()))
                continue
        if error is not None:
            message = (
                f"Das Feld '{key}' {what} {error}. Erwartet: {_EXAMPLES[spec.kind]}. {spec.help}"
            )
            problems.append(Problem(line, message.strip()))
            continue
        values[key] = value
    for spec in fields:
        if spec.required and spec.name not in mapping.values:
            problems.append(
                Problem(
                    mapping.line,
                    f"Pflichtfeld '{spec.name}' fehlt {what}. Ergänzen Sie "
                    f"'{spec.name}: …' ({_EXAMPLES[spec.kind]}). {spec.help}".strip(),
                )
            )
    return values, problems
