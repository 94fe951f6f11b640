"""Your data (/data): upload your own facilities, country-year figures or demand assumptions."""

import streamlit as st

from components import uploads
from components.data_access import reference_data
from rare_earth_atlas import uploads as up
from rare_earth_atlas.provenance import to_safe_csv
from rare_earth_atlas.text import escape_markdown
from rare_earth_atlas.upload_schema import KINDS

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
            st.download_button(
                f"Download the {spec.label.split(' (')[0].lower()} template (CSV)",
                data=to_safe_csv(example),
                file_name=f"rare-earth-atlas_template_{kind}.csv",
                mime="text/csv",
                key=f"template_{kind}",
                on_click="ignore",
                icon=":material/download:",
            )

# The uploader's key changes after each batch, which clears it: files live in the session
# store from then on, so removing one there is final.
batch = st.session_state.setdefault("_upload_batch", 0)
files = st.file_uploader(
    "Upload CSV or Excel files",
    type=["csv", "txt", "tsv", "xlsx"],
    accept_multiple_files=True,
    key=f"uploader_{batch}",
    help="Up to 50 MB a file. Excel: the first sheet is read.",
)
if files:
    for file in files:
        uploads.add_upload(file.name, file.getvalue())
    st.session_state["_upload_batch"] = batch + 1
    st.rerun()

stored_uploads = list(uploads.store().values())
if not stored_uploads:
    st.info("No data uploaded yet in this session. Start from a template above, or upload your own file.")


def _mapping_editor(stored: uploads.StoredUpload) -> None:
    """Kind and column choices; a change reprocesses the file."""
    outcome = stored.outcome
    kind_col, _ = st.columns([2, 3])
    with kind_col:
        kind = st.selectbox(
            "What this file holds",
            list(KINDS),
            index=list(KINDS).index(outcome.kind or outcome.guess.closest),
            format_func=KIND_NAMES.get,
            key=f"kind_{stored.upload_id}",
            help="Recognised from the column names; change it if the guess is wrong.",
        )
    if kind != (outcome.kind or outcome.guess.closest):
        uploads.reprocess(stored.upload_id, kind, None)
        st.rerun()
    spec = KINDS[kind]
    with st.expander(
        "Columns: how your headers were matched", icon=":material/view_column:", expanded=outcome.error is not None
    ):
        st.caption("Pick which of your columns holds each template column. Required columns are marked *.")
        choices = [NOT_IN_FILE, *outcome.headers]
        chosen = {}
        columns = st.columns(3)
        for i, column in enumerate((*spec.required, *spec.optional)):
            current = outcome.mapping.get(column, NOT_IN_FILE) if outcome.kind == kind else NOT_IN_FILE
            with columns[i % 3]:
                picked = st.selectbox(
                    f"{column}{' *' if column in spec.required else ''}",
                    choices,
                    index=choices.index(current) if current in choices else 0,
                    key=f"map_{stored.upload_id}_{kind}_{column}",
                    help=up.COLUMN_DESCRIPTIONS[column],
                )
            if picked != NOT_IN_FILE:
                chosen[column] = picked
        if chosen != (outcome.mapping if outcome.kind == kind else {}):
            uploads.reprocess(stored.upload_id, kind, chosen)
            st.rerun()


def _show_upload(stored: uploads.StoredUpload) -> None:
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
                uploads.remove_upload(stored.upload_id)
                st.rerun()
        if read is None:  # nothing could be read: one message, nothing else to choose
            st.error(escape_markdown(outcome.error))
            return
        _mapping_editor(stored)
        if outcome.error:
            st.error(escape_markdown(outcome.error))
            return
        result = outcome.result
        unit = "values" if outcome.kind == "country_year" else "rows"
        read_col, kept_col, rejected_col = st.columns(3)
        read_col.metric(f"{unit.capitalize()} read", f"{result.read:,}")
        kept_col.metric("Kept", f"{result.kept:,}")
        rejected_col.metric("Not used", f"{result.rejected:,}")
        if outcome.notes:
            st.text("\n".join(f"• {note}" for note in outcome.notes))
        if len(result.report):
            st.caption(f"{len(result.report):,} problem(s), each with its line in your file and what was done:")
            st.dataframe(result.report, hide_index=True, key=f"report_{stored.upload_id}")
            st.download_button(
                "Download the report (CSV)",
                data=lambda report=result.report: to_safe_csv(report),
                file_name=f"{stored.filename.rsplit('.', 1)[0]}_report.csv",
                mime="text/csv",
                key=f"report_csv_{stored.upload_id}",
                on_click="ignore",
                icon=":material/download:",
            )
        else:
            st.success("No problems found: every row was used.")
        page, where = uploads.PAGE_FOR_KIND[outcome.kind]
        switch_col, link_col = st.columns([2, 2], vertical_alignment="center")
        with switch_col:
            key = f"show_data_{stored.upload_id}"
            st.session_state[key] = stored.shown
            st.toggle(f"Show on {where}", key=key, on_change=uploads.set_shown, args=(stored.upload_id, key))
        with link_col:
            st.page_link(page, label=f"Open {where}", icon=":material/arrow_forward:")


for stored in stored_uploads:
    _show_upload(stored)
