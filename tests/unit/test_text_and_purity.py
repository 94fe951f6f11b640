"""Text from data shows literally; the domain package never imports streamlit; docs cover the data."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import rare_earth_atlas
from rare_earth_atlas.data.reference import SCHEMAS
from rare_earth_atlas.plotting.escaping import escape_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_markdown_characters_are_escaped():
    assert escape_markdown("**bold** [x](javascript:alert(1)) $x$ :red[y]") == (
        r"\*\*bold\*\* \[x\]\(javascript\:alert\(1\)\) \$x\$ \:red\[y\]"
    )
    assert escape_markdown("line one\nline two") == "line one line two"
    assert escape_markdown("宁波 Ningbo") == "宁波 Ningbo"


def test_domain_package_never_imports_streamlit():
    modules = [m.name for m in pkgutil.walk_packages(rare_earth_atlas.__path__, "rare_earth_atlas.")]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('streamlit' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "False", f"one of {modules} imports streamlit"


def test_data_readme_documents_every_reference_column():
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    for schema in SCHEMAS.values():
        heading = f"### `{schema.file}`"
        assert heading in readme, schema.file
        section = readme.split(heading, 1)[1].split("\n### ", 1)[0]
        for column in schema.column_names:
            assert f"| `{column}` |" in section, f"{schema.file}: column {column} is not documented"
