"""The "Copy link" control shown on every page: every setting is in the link.

Every page keeps its settings in the address bar, so the link to copy is the browser's current
URL at the moment of the click (a link built on the server would miss changes made since the
last full rerun, for example a sector switched inside a fragment). A small same-origin
component reads the parent page's URL and copies it; where the clipboard is not available the
link is shown, selected, for Ctrl+C. The URL is only ever set as text (``value`` and
``textContent``), never as HTML. No request leaves the machine.
"""

from __future__ import annotations

import streamlit as st

_HTML = """
<style>
  body { margin: 0; font-family: "Source Sans 3", "Source Sans Pro", sans-serif; }
  button { font: inherit; font-size: 14px; padding: 4px 10px; border-radius: 8px; cursor: pointer;
           border: 1px solid rgba(49, 51, 63, 0.3); background: white; color: rgb(49, 51, 63); }
  button:hover { border-color: #ff4b4b; color: #ff4b4b; }
  input { width: 100%; box-sizing: border-box; margin-top: 6px; font-size: 12px; display: none; }
  span { font-size: 13px; color: rgb(49, 51, 63); margin-left: 8px; }
</style>
<button id="copy" type="button" title="Copy a link that opens this exact view">Copy link to this view</button>
<span id="status" role="status"></span>
<input id="link" readonly aria-label="Link to this view">
<script>
  const button = document.getElementById("copy");
  const status = document.getElementById("status");
  const field = document.getElementById("link");
  button.addEventListener("click", async () => {
    const url = window.parent.location.href;
    field.value = url;
    try {
      await navigator.clipboard.writeText(url);
      status.textContent = "Copied";
    } catch (error) {
      field.style.display = "block";
      field.focus();
      field.select();
      const copied = document.execCommand && document.execCommand("copy");
      status.textContent = copied ? "Copied" : "Press Ctrl+C to copy";
    }
  });
</script>
"""


def copy_link_button() -> None:
    st.iframe(_HTML, height=80)  # the button, and room for the link where the clipboard is unavailable
