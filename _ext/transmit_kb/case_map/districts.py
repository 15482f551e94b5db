"""The district shapes (Kreise) of Sachsen, Sachsen-Anhalt and Thüringen, keyed by AGS.

``data/kreise.json`` is made by ``tools/map/build_districts.py`` from the BKG's
boundaries (see ``data/QUELLE.md``); this module only reads it.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data" / "kreise.json"
#: the source note the BKG's terms (GeoNutzV § 3) require, with the note that we changed the data
ATTRIBUTION = "© GeoBasis-DE / BKG 2017 (Daten verändert)"
#: the federal states the map draws
STATES = ("Sachsen", "Sachsen-Anhalt", "Thüringen")


@dataclass(frozen=True)
class District:
    """A Landkreis or kreisfreie Stadt with its projected outline."""

    ags: str
    name: str
    kind: str
    state: str
    bbox: tuple[int, int, int, int]
    label: tuple[int, int]
    path: str

    @property
    def title(self) -> str:
        """How the site names it: ``Landkreis Sömmerda``, ``Jena``."""
        return f"Landkreis {self.name}" if self.kind == "Landkreis" else self.name


@dataclass(frozen=True)
class DistrictMap:
    """All districts, in the file's order (by AGS)."""

    width: int
    height: int
    districts: tuple[District, ...]

    def by_ags(self) -> dict[str, District]:
        return {d.ags: d for d in self.districts}


@functools.cache
def load(path: Path = DATA) -> DistrictMap:
    """The committed district file (read once per process)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    districts = tuple(
        District(
            ags=d["ags"],
            name=d["name"],
            kind=d["kind"],
            state=d["state"],
            bbox=tuple(d["bbox"]),  # type: ignore[arg-type]
            label=tuple(d["label"]),  # type: ignore[arg-type]
            path=d["path"],
        )
        for d in raw["districts"]
    )
    return DistrictMap(raw["width"], raw["height"], districts)


def district_key(key: str) -> str:
    """The district part (first five digits) of an AGS; a Gemeinde lies in its Kreis."""
    return key.strip()[:5]


def district_of(key: str) -> District | None:
    """The drawn district of a municipality's AGS, or None (another state, no key)."""
    return _index().get(district_key(key)) if len(key.strip()) >= 5 else None


@functools.cache
def _index() -> dict[str, District]:
    return load().by_ags()
