"""USGS's own files, as USGS publishes them, uploaded as an analyst would: each is read, the
right part of it is used (the rest set aside and counted), it reaches the right page, and USGS's
figures come back agreeing with the atlas's, which are built from the same publications.

The files are read where the project keeps USGS's originals, unchanged: ``$RARE_EARTH_ATLAS_USGS_DIR``,
then ``../shared/data/usgs/`` beside the checkout, then ``data/raw/usgs/`` (the committed,
byte-identical copies the reference data is built from), so a clone without the shared folder
still tests all three.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from rare_earth_atlas.data.countries import is_aggregate, normalise_country
from rare_earth_atlas.data.reference import load_reference
from rare_earth_atlas.uploads.pipeline import compare_with_usgs, process_upload
from rare_earth_atlas.uploads.reader import read_upload

ROOT = Path(__file__).resolve().parents[2]
PLACES = [Path(p) for p in [os.environ.get("RARE_EARTH_ATLAS_USGS_DIR", "")] if p] + [
    ROOT.parent / "shared" / "data" / "usgs",
    ROOT / "data" / "raw" / "usgs",
]
MCS = "usgs_mcs2026_commodities_data.csv"
MYB = "usgs_myb2022_rare_earths_tables.xlsx"
DS140 = "usgs_ds140_rare_earths_2020.xlsx"


def _original(name: str) -> bytes:
    for place in PLACES:
        if (place / name).exists():
            return (place / name).read_bytes()
    pytest.fail(f"USGS's {name} is missing (looked in {', '.join(str(p) for p in PLACES)})")


@cache
def _reference():
    return load_reference()


_UPLOADS: dict = {}


def _upload(name: str, **choices):
    key = (name, repr(sorted(choices.items())))
    if key not in _UPLOADS:
        _UPLOADS[key] = process_upload(_original(name), name, _reference(), **choices)
    return _UPLOADS[key]


def test_every_country_spelling_of_the_mcs_2026_release_resolves():
    table = read_upload(_original(MCS), MCS).table
    names = sorted({str(c).strip() for c in table["Country"]})
    unresolved = [n for n in names if normalise_country(n) is None and not is_aggregate(n)]
    assert unresolved == []
    assert normalise_country("Congo (Kinshasa)") == "COD" and normalise_country("Korea, North") == "PRK"
    assert is_aggregate("China, Germany, and Russia") and is_aggregate("World total")


def test_the_mcs_release_uses_rare_earth_mine_production_and_sets_the_rest_aside():
    outcome = _upload(MCS)
    assert outcome.error is None and outcome.kind == "country_year"
    assert outcome.subset == {
        "commodity": ["Rare Earths"], "measure": ["Production"], "detail": ["Mine production", "Mine production: rounded"],
    }  # fmt: skip
    result = outcome.result
    assert result.in_file == 8886 and result.read + result.set_aside_count == 8886
    assert (
        result.read == 36 and result.kept == 24
    )  # 17 countries + the world, 2024 and 2025; dashes and totals not used
    reasons = set(result.set_aside["reason"])
    assert reasons == {"another commodity", "another statistic", "another detail"}
    assert not result.report["problem"].str.contains("country not recognised").any()
    assert set(result.values["commodity"]) == {"Rare Earths"} and set(result.values["measure"]) == {"Production"}


def test_the_mcs_release_agrees_with_the_atlas_and_explains_the_revised_reserves():
    reference = _reference()
    production = compare_with_usgs(_upload(MCS).result.values, reference.mine_production, reference.reserves)
    compared = production.dropna(subset=["difference_tonnes_reo"])
    assert len(compared) == 24 and (compared["difference_tonnes_reo"] == 0).all()
    with_reserves = _upload(
        MCS,
        subset={
            "commodity": ["Rare Earths"],
            "measure": ["Production", "Reserves"],
            "detail": ["Mine production", "Reserves"],
        },
    )
    both = compare_with_usgs(with_reserves.result.values, reference.mine_production, reference.reserves)
    reserves = both[(both["statistic"] == "reserves") & both["difference_tonnes_reo"].notna()].set_index("iso3")
    differing = reserves[reserves["difference_tonnes_reo"] != 0]
    # Version 1.0 of the release has Brazil's reserves before USGS's correction in version 1.3.
    assert list(differing.index) == ["BRA"]
    assert (
        differing.loc["BRA", "your_tonnes_reo"] == 21_000_000 and differing.loc["BRA", "usgs_tonnes_reo"] == 11_000_000
    )
    assert (
        "version 1.3" in differing.loc["BRA", "explanation"] and "earlier figure" in differing.loc["BRA", "explanation"]
    )


def test_the_minerals_yearbook_workbook_proposes_table_8_and_agrees_with_the_atlas():
    outcome = _upload(MYB)
    assert [s.name for s in outcome.sheets] == ["Note", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8"]
    assert outcome.sheet == "T8" and outcome.sheet_proposed
    assert "WORLD MINE PRODUCTION" in next(s.title for s in outcome.sheets if s.name == "T8")
    result = outcome.result
    assert (result.read, result.kept, result.rejected) == (65, 59, 6)  # 13 rows x 5 years; Total and a dash not used
    assert set(result.values["unit"]) == {"t REO"}  # from the title row
    australia = result.values[result.values["iso3"] == "AUS"]
    assert australia["estimated"].all()  # "Australiae": the estimate mark glued to the name
    burundi_2018 = result.values[(result.values["iso3"] == "BDI") & (result.values["year"] == 2018)]
    assert bool(burundi_2018["estimated"].iloc[0])  # "e" in the marker column after 2018
    reference = _reference()
    comparison = compare_with_usgs(result.values, reference.mine_production, reference.reserves)
    compared = comparison.dropna(subset=["difference_tonnes_reo"])
    assert len(compared) == 59 and (compared["difference_tonnes_reo"] == 0).all()
    assert "Australiae" not in set(comparison["country"])  # the atlas's name, not the footnoted one


def test_data_series_140_asks_for_its_country_then_reads_production():
    question = _upload(DS140)
    assert question.question == "country" and question.result is None
    assert question.country_hints[:1] == ["United States"]  # from "U.S. GEOLOGICAL SURVEY" in the title rows
    outcome = _upload(DS140, country="United States")
    assert outcome.error is None and outcome.question is None
    assert outcome.subset == {"measure": ["Production"]}
    result = outcome.result
    assert result.layout == "wide by statistic" and set(result.values["iso3"]) == {"USA"}
    world = result.set_aside[result.set_aside["value"] == "World production"]
    assert list(world["reason"]) == ["a world total, not United States"]
    reference = _reference()
    comparison = compare_with_usgs(result.values, reference.mine_production, reference.reserves)
    compared = comparison.dropna(subset=["difference_tonnes_reo"]).set_index("year")
    assert list(compared.index) == [2018, 2019, 2020] and (compared["difference_tonnes_reo"] == 0).all()


def test_the_committed_copies_are_usgs_originals_unchanged():
    shared = ROOT.parent / "shared" / "data" / "usgs"
    committed = ROOT / "data" / "raw" / "usgs"
    for name in (MCS, MYB, DS140):
        assert (committed / name).exists(), f"{name} is not committed under data/raw/usgs/"
        if (shared / name).exists():
            assert (committed / name).read_bytes() == (shared / name).read_bytes(), f"{name} differs from USGS's"
