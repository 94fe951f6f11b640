"""The facility map: filters with live counts, markers, presets, flows, cluster summaries and the
pydeck map (map)."""
