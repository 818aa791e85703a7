"""Download buttons for the documents built from the current view: the A4 report (Presentation page).
Files are built only when clicked (a callable as `data`), from the same inputs as the slides."""

from __future__ import annotations

import streamlit as st

from massorg.export import report
from massorg.export.slides import SlideInputs
from massorg.ui.context import PageContext


def report_downloads(ctx: PageContext, inputs: SlideInputs) -> None:
    """Word and PDF report; the PDF button says why it is off when LibreOffice is missing."""
    with st.container(horizontal=True, gap="small"):
        st.download_button(ctx.t("documents.report.download_docx"), data=lambda: report.report_docx(inputs),
                           file_name=report.report_file_name(inputs, ".docx"), mime=report.DOCX_MIME,
                           key="download_report_docx", on_click="ignore", icon=":material/description:",
                           help=ctx.t("documents.report.download_help"))
        has_soffice = report.soffice_path() is not None
        st.download_button(ctx.t("documents.report.download_pdf"), data=lambda: report.report_pdf(inputs),
                           file_name=report.report_file_name(inputs, ".pdf"), mime=report.PDF_MIME,
                           key="download_report_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                           disabled=not has_soffice,
                           help=ctx.t("documents.report.download_help" if has_soffice else "documents.report.no_soffice"))
