"""Create .venv with pip, using only the standard library.

Debian's python3 ships without ensurepip (that lives in the python3-venv package), so
``python3 -m venv .venv`` fails on a fresh machine. This script creates the environment
and, where ensurepip is missing, creates it without pip and installs pip from its wheel on
PyPI (the one registry such machines reach), so ``make run`` needs nothing but python3.

    python3 scripts/bootstrap_venv.py .venv
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path
from urllib.parse import urljoin

PIP_JSON_URL = "https://pypi.org/pypi/pip/json"


def has_ensurepip() -> bool:
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return False
    return True


def install_pip_from_pypi(python: Path) -> None:
    with urllib.request.urlopen(PIP_JSON_URL, timeout=60) as response:
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        # Mirrors may give the file's address relative to the JSON page.
        with urllib.request.urlopen(urljoin(PIP_JSON_URL, wheel["url"]), timeout=120) as response:
            path.write_bytes(response.read())
        # A pip wheel can run itself: python pip.whl/pip install pip.whl
        subprocess.run([str(python), f"{path}/pip", "install", "--no-index", str(path)], check=True)


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
    with_pip = has_ensurepip()
    venv.EnvBuilder(with_pip=with_pip, clear=False).create(target)
    python = target / "bin" / "python"
    if not with_pip:
        print("ensurepip is not available (Debian without python3-venv): installing pip from PyPI")
        install_pip_from_pypi(python)
    subprocess.run([str(python), "-m", "pip", "--version"], check=True)


if __name__ == "__main__":
    main()
