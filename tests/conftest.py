"""Shared fixtures: the real reference data, and a writable copy of it for breaking on purpose."""

import shutil
from pathlib import Path

import pytest

from rare_earth_atlas.data.reference import DEFAULT_REFERENCE_DIR, ReferenceData, load_reference

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return load_reference()


@pytest.fixture
def reference_copy(tmp_path) -> Path:
    """A copy of data/reference that a test may edit."""
    target = tmp_path / "reference"
    shutil.copytree(DEFAULT_REFERENCE_DIR, target)
    return target
