"""A citeproc-py output format that marks emphasis with private-use characters.

citeproc-py's own HTML format passes some field values through unescaped, so
its output is never used as markup. This format leaves text as it is and wraps
italic and bold runs in marks that :func:`transmit_kb.citation.render.to_html`
turns into ``<em>``/``<strong>`` (escaping all text as the HTML writer does).
The module is the formatter: citeproc-py looks up ``preformat`` and the
classes below on it.
"""

from __future__ import annotations

#: opening marks per kind and the one closing mark; removed from every input value
ITALIC, BOLD, CLOSE = "\ue000", "\ue001", "\ue00f"
MARKS = frozenset({ITALIC, BOLD, CLOSE})
_WITHOUT_MARKS = str.maketrans(dict.fromkeys(MARKS))


def preformat(text: object) -> str:
    """Values as they are, without any of our marks."""
    return str(text).translate(_WITHOUT_MARKS)


class _Wrapped(str):
    mark = ""

    def __new__(cls, text: str) -> _Wrapped:
        return super().__new__(cls, f"{cls.mark}{text}{CLOSE}" if cls.mark else str(text))


class Italic(_Wrapped):
    mark = ITALIC


class Oblique(Italic):
    pass


class Bold(_Wrapped):
    mark = BOLD


class Light(_Wrapped):
    pass


class Underline(_Wrapped):
    pass


class Superscript(_Wrapped):
    pass


class Subscript(_Wrapped):
    pass


class SmallCaps(_Wrapped):
    pass
