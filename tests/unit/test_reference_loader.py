"""The loader names the file, line, column and reason when a reference file is broken."""

import pandas as pd
import pytest

from rare_earth_atlas.data.reference import ReferenceDataError, load_reference


def _edit(directory, file, line, column, value):
    path = directory / file
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.loc[line - 2, column] = value
    table.to_csv(path, index=False)


def _problems(directory) -> list[str]:
    with pytest.raises(ReferenceDataError) as caught:
        load_reference(directory)
    return [str(p) for p in caught.value.problems]


def test_out_of_range_latitude_is_reported_with_file_line_and_column(reference_copy):
    _edit(reference_copy, "facilities.csv", 5, "lat", "129.87")
    assert _problems(reference_copy) == ["facilities.csv, line 5, column lat: 129.87 is above the maximum 90"]


def test_text_in_a_number_column(reference_copy):
    _edit(reference_copy, "mine_production.csv", 3, "tonnes_reo", "lots")
    assert _problems(reference_copy) == ["mine_production.csv, line 3, column tonnes_reo: 'lots' is not a number"]


def test_unknown_source_id(reference_copy):
    _edit(reference_copy, "stage_shares.csv", 2, "source_id", "made_up_source")
    assert _problems(reference_copy) == [
        "stage_shares.csv, line 2, column source_id: source 'made_up_source' is not in sources.csv"
    ]


def test_value_outside_the_allowed_set(reference_copy):
    _edit(reference_copy, "facilities.csv", 2, "status", "rumoured")
    problems = _problems(reference_copy)
    assert len(problems) == 1 and "facilities.csv, line 2, column status: 'rumoured' is not one of" in problems[0]


def test_duplicate_key(reference_copy):
    path = reference_copy / "quotas.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    pd.concat([table, table.iloc[[0]]]).to_csv(path, index=False)
    problems = _problems(reference_copy)
    assert problems == [f"quotas.csv, line {len(table) + 2}, column year: duplicate key (year=2017)"]


def test_missing_column_and_missing_file(reference_copy):
    pd.read_csv(reference_copy / "reserves.csv").drop(columns="qualifier").to_csv(
        reference_copy / "reserves.csv", index=False
    )
    (reference_copy / "policy_events.csv").unlink()
    problems = _problems(reference_copy)
    assert "reserves.csv, line 1, column qualifier: column(s) missing from the header" in problems
    assert any(p.startswith("policy_events.csv: file not found") for p in problems)


def test_capacity_without_unit(reference_copy):
    table = pd.read_csv(reference_copy / "facilities.csv", dtype=str, keep_default_na=False)
    line = int(table.index[table["capacity_value"] != ""][0]) + 2
    _edit(reference_copy, "facilities.csv", line, "capacity_unit", "")
    assert _problems(reference_copy) == [
        f"facilities.csv, line {line}, column capacity_unit: a capacity needs its unit"
    ]


def test_every_problem_is_listed_at_once(reference_copy):
    _edit(reference_copy, "facilities.csv", 2, "lon", "500")
    _edit(reference_copy, "mine_production.csv", 2, "status", "guessed")
    assert len(_problems(reference_copy)) == 2
