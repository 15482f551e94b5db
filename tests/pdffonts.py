"""Shared PDF checks of the tests: every font embedded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def _fonts(resources: Any, seen: set[int]) -> list[DictionaryObject]:
    found: list[DictionaryObject] = []
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return found
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        found.append(font)
        for descendant in font.get("/DescendantFonts", []):
            found.append(descendant.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        if isinstance(xobject, IndirectObject) and xobject.idnum in seen:
            continue
        if isinstance(xobject, IndirectObject):
            seen.add(xobject.idnum)
        found += _fonts(xobject.get_object().get("/Resources"), seen)
    return found


def assert_fonts_embedded(path: Path) -> None:
    """Every font (and descendant font) has a font file in its descriptor."""
    seen: set[int] = set()
    count = 0
    for page in PdfReader(path).pages:
        for font in _fonts(page.get("/Resources"), seen):
            if font.get("/Subtype") == "/Type0":
                continue  # its descendant carries the descriptor
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"{path.name}: {font.get('/BaseFont')} ohne Deskriptor"
            descriptor = descriptor.get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{path.name}: {font.get('/BaseFont')} ist nicht eingebettet"
            )
            count += 1
    assert count
