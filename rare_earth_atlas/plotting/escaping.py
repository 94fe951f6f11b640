"""Make text from data safe to show in Streamlit elements that interpret Markdown.

Streamlit renders captions, labels and markdown with Markdown (plus its own extensions:
emoji and icon shortcodes, coloured text, LaTeX between dollar signs). Text that comes
from data or users must show literally, so every ASCII punctuation character is
backslash-escaped, which CommonMark defines as "show this character as itself".
"""

from __future__ import annotations

import string

_PUNCTUATION = set(string.punctuation)


def escape_markdown(text: object) -> str:
    """Return ``text`` with every ASCII punctuation character backslash-escaped, and line
    breaks turned into spaces (a caption is one paragraph)."""
    s = " ".join(str(text).splitlines())
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in s)
