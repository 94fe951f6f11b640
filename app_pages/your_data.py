"""Your data (/data): upload your own facilities, country-year figures or demand assumptions."""

import streamlit as st

from components import your_data
from components.data_access import reference_data
from components.downloads import csv_download
from rare_earth_atlas.plotting.escaping import escape_markdown
from rare_earth_atlas.uploads import pipeline as up
from rare_earth_atlas.uploads.country_year import DIMENSION_NAMES
from rare_earth_atlas.uploads.kinds import KINDS

NOT_IN_FILE = "— not in my file —"
KIND_NAMES = {name: kind.label for name, kind in KINDS.items()}

st.title("Your data: put your own figures next to the atlas")
st.markdown(
    "Upload a CSV or Excel file of **facilities** (shown on the map), **country-year figures** such as production "
    "(compared with USGS on the Capacity page) or **demand assumptions** (the Demand page's custom scenario). "
    "Files are read as they come: any encoding, comma, semicolon, tab or pipe separated, notes above the header, "
    "USGS-style tables with one column per year. Every problem is listed with its line; good rows are used. "
    "Your data stays in this browser session and is never saved or shared."
)

reference = reference_data()

with st.expander("Templates: the columns each kind expects", icon=":material/description:"):
    for tab, (kind, spec) in zip(st.tabs([KIND_NAMES[k] for k in KINDS]), KINDS.items(), strict=True):
        with tab:
            st.dataframe(up.template_descriptions(kind), hide_index=True, key=f"template_columns_{kind}")
            example = up.template_table(kind, reference)
            st.caption("Example rows (real figures from the atlas's reference data):")
            st.dataframe(example, hide_index=True, key=f"template_example_{kind}")
            csv_download(
                f"Download the {spec.label.split(' (')[0].lower()} template (CSV)",
                example,
                f"rare-earth-atlas_template_{kind}.csv",
                key=f"template_{kind}",
            )

# The uploader's key changes after each batch, which clears it: files live in the session
# store from then on, so removing one there is final.
batch = st.session_state.setdefault("_upload_batch", 0)
files = st.file_uploader(
    "Upload CSV or Excel files",
    type=["csv", "txt", "tsv", "xlsx"],
    accept_multiple_files=True,
    key=f"uploader_{batch}",
    help="Up to 50 MB a file. Excel: pick the sheet once it is read (the atlas proposes one).",
)
if files:
    for file in files:
        your_data.add_upload(file.name, file.getvalue())
    st.session_state["_upload_batch"] = batch + 1
    st.rerun()

stored_uploads = list(your_data.store().values())
if not stored_uploads:
    st.info("No data uploaded yet in this session. Start from a template above, or upload your own file.")


def _mapping_editor(stored: your_data.StoredUpload) -> None:
    """Kind and column choices; a change reprocesses the file."""
    outcome = stored.outcome
    kind_col, _ = st.columns([2, 3])
    with kind_col:
        kind = st.selectbox(
            "What this file holds",
            list(KINDS),
            index=list(KINDS).index(outcome.kind or outcome.guess.closest),
            format_func=KIND_NAMES.get,
            key=f"kind_{stored.upload_id}_{outcome.sheet}",  # a new sheet starts from its own guess
            help="Recognised from the column names; change it if the guess is wrong.",
        )
    if kind != (outcome.kind or outcome.guess.closest):
        your_data.reprocess(stored.upload_id, kind=kind, mapping=None)
        st.rerun()
    spec = KINDS[kind]
    shown_kind = outcome.kind or outcome.guess.closest  # the kind whose columns the mapping holds
    with st.expander(
        "Columns: how your headers were matched", icon=":material/view_column:", expanded=outcome.error is not None
    ):
        st.caption("Pick which of your columns holds each template column. Required columns are marked *.")
        choices = [NOT_IN_FILE, *outcome.headers]
        chosen = {}
        columns = st.columns(3)
        for i, column in enumerate((*spec.required, *spec.optional)):
            current = outcome.mapping.get(column, NOT_IN_FILE) if shown_kind == kind else NOT_IN_FILE
            with columns[i % 3]:
                picked = st.selectbox(
                    f"{column}{' *' if column in spec.required else ''}",
                    choices,
                    index=choices.index(current) if current in choices else 0,
                    key=f"map_{stored.upload_id}_{outcome.sheet}_{kind}_{column}",
                    help=up.COLUMN_DESCRIPTIONS[column],
                )
            if picked != NOT_IN_FILE:
                chosen[column] = picked
        if chosen != (outcome.mapping if shown_kind == kind else {}):
            your_data.reprocess(stored.upload_id, kind=kind, mapping=chosen)
            st.rerun()


def _sheet_picker(stored: your_data.StoredUpload) -> None:
    """A workbook's sheets, the one read preselected; picking another reads that one."""
    outcome = stored.outcome
    names = [info.name for info in outcome.sheets]
    labels = {
        info.name: f"{info.name} · {info.rows} rows × {info.columns} columns"
        + (f" · {info.title}" if info.title else "")
        for info in outcome.sheets
    }
    picked = st.selectbox(
        f"Sheet ({len(names)} in the workbook)",
        names,
        index=names.index(outcome.sheet) if outcome.sheet in names else 0,
        format_func=labels.get,
        key=f"sheet_{stored.upload_id}",
        help="Each sheet is read as one table, with titles above and notes below it set aside.",
    )
    if outcome.sheet_proposed:
        st.caption(
            escape_markdown(f"Proposed: {outcome.sheet}, the sheet that looks most like a table the atlas understands.")
        )
    if picked != outcome.sheet:
        your_data.reprocess(stored.upload_id, sheet=picked)
        st.rerun()


def _country_question(stored: your_data.StoredUpload) -> None:
    """For a table of years and values with no country column: which country it describes."""
    outcome = stored.outcome
    names = your_data.country_names()
    options = [*outcome.country_hints, *[n for n in names if n not in outcome.country_hints]]
    st.warning(
        "This file has no country column. Which country do its figures describe? "
        "Its values are read as that country's, and compared with USGS's figures for it."
    )
    hint = (
        f" (suggested from the file's title or name: {', '.join(outcome.country_hints)})"
        if outcome.country_hints
        else ""
    )
    picked = st.selectbox(
        "The country this file describes",
        options,
        index=None,
        placeholder="Pick a country" + hint,
        key=f"country_{stored.upload_id}",
    )
    if picked:
        your_data.reprocess(stored.upload_id, country=picked)
        st.rerun()


def _subset_editor(stored: your_data.StoredUpload) -> None:
    """What the file's commodity, statistic, detail and flow columns hold, and which values to use."""
    outcome = stored.outcome
    if not outcome.dimensions:
        return
    st.markdown("**What the values are**")
    st.caption(
        "Your file says what each value is. Only the values you pick here reach the charts; the rest are set aside "
        "and counted. The atlas proposes the ones that match its own figures (rare earths, mine production)."
    )
    columns = st.columns(len(outcome.dimensions))
    for column, (dimension, values) in zip(columns, outcome.dimensions.items(), strict=True):
        counts = dict(values)
        with column:
            picked = st.multiselect(
                f"{DIMENSION_NAMES[dimension].capitalize()} to use",
                list(counts),
                default=[v for v in outcome.subset.get(dimension, []) if v in counts],
                format_func=lambda v, counts=counts: f"{v or '(empty)'} · {counts[v]:,}",
                key=f"subset_{stored.upload_id}_{dimension}_{'|'.join(outcome.subset.get(dimension, []))}",
            )
        if picked != outcome.subset.get(dimension, []):
            chosen = {
                d: v
                for d, v in outcome.subset.items()
                if list(outcome.dimensions).index(d) < list(outcome.dimensions).index(dimension)
            }
            chosen[dimension] = picked
            your_data.reprocess(stored.upload_id, subset=chosen)
            st.rerun()


def _show_upload(stored: your_data.StoredUpload) -> None:
    outcome = stored.outcome
    read = outcome.read
    with st.container(border=True, key=f"upload_{stored.upload_id}"):
        title_col, remove_col = st.columns([5, 1], vertical_alignment="center")
        with title_col:
            st.markdown(f"#### {escape_markdown(stored.filename)}")
            if read is not None:
                how = "Excel workbook" if read.delimiter is None else f"{read.encoding.upper()} text"
                st.caption(
                    escape_markdown(
                        f"{up.file_size_text(outcome.size_bytes)} · {how} · header on line {read.header_line}"
                    )
                )
        with remove_col:
            if st.button("Remove", key=f"remove_{stored.upload_id}", icon=":material/delete:"):
                your_data.remove_upload(stored.upload_id)
                st.rerun()
        if read is None:  # nothing could be read: one message, nothing else to choose
            st.error(escape_markdown(outcome.error))
            return
        if len(outcome.sheets) > 1:
            _sheet_picker(stored)
        if outcome.question == "country":
            if outcome.notes:
                st.text("\n".join(f"• {note}" for note in outcome.notes))
            _country_question(stored)
            return
        _mapping_editor(stored)
        if outcome.error:
            st.error(escape_markdown(outcome.error))
            return
        result = outcome.result
        if outcome.kind == "country_year":
            _subset_editor(stored)
        unit = "values" if outcome.kind == "country_year" else "rows"
        set_aside = getattr(result, "set_aside_count", 0)
        if set_aside:
            file_col, aside_col, read_col, kept_col, rejected_col = st.columns(5)
            file_col.metric(f"{unit.capitalize()} in the file", f"{result.in_file:,}")
            aside_col.metric("Set aside", f"{set_aside:,}", help="Other commodities or statistics, counted below.")
        else:
            read_col, kept_col, rejected_col = st.columns(3)
        read_col.metric(f"{unit.capitalize()} read", f"{result.read:,}")
        kept_col.metric("Kept", f"{result.kept:,}")
        rejected_col.metric("Not used", f"{result.rejected:,}")
        if outcome.notes:
            st.text("\n".join(f"• {note}" for note in outcome.notes))
        if set_aside:
            with st.expander(f"What was set aside ({set_aside:,} {unit})", icon=":material/filter_alt:"):
                st.dataframe(
                    result.set_aside.sort_values("values", ascending=False),
                    hide_index=True,
                    key=f"set_aside_{stored.upload_id}",
                    column_config={"dimension": "Column", "value": "Value", "values": "Values", "reason": "Why"},
                )
        if len(result.report):
            st.caption(f"{len(result.report):,} problem(s), each with its line in your file and what was done:")
            st.dataframe(result.report, hide_index=True, key=f"report_{stored.upload_id}")
            csv_download(
                "Download the report (CSV)",
                result.report,
                f"{stored.filename.rsplit('.', 1)[0]}_report.csv",
                key=f"report_csv_{stored.upload_id}",
            )
        else:
            st.success("No problems found: every row was used.")
        page, where = your_data.PAGE_FOR_KIND[outcome.kind]
        switch_col, link_col = st.columns([2, 2], vertical_alignment="center")
        with switch_col:
            key = f"show_data_{stored.upload_id}"
            st.session_state[key] = stored.shown
            st.toggle(f"Show on {where}", key=key, on_change=your_data.set_shown, args=(stored.upload_id, key))
        with link_col:
            st.page_link(page, label=f"Open {where}", icon=":material/arrow_forward:")


for stored in stored_uploads:
    _show_upload(stored)
