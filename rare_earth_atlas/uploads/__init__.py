"""An analyst's own file, from bytes to something the pages can show.

reader (bytes -> a table, with every structural problem named) -> cells (text cells -> numbers
and flags) -> kinds (what the table is, which column means what) -> one validator per kind
(facilities, country_year, demand) -> pipeline (process_upload, compare_with_usgs); figures
draws an upload against the atlas's figures."""
