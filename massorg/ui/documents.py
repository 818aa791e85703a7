"""Download buttons for the documents built from the current view: the A4 report (Presentation page)
and the phone summary card (Overview).
Files are built only when clicked (a callable as `data`), from the same inputs as the slides."""

from __future__ import annotations

import streamlit as st

from massorg.export import card, report
from massorg.export.slides import SlideInputs, slide_inputs
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


def card_downloads(ctx: PageContext) -> None:
    """The summary card for the leaders' Zalo group, as PNG and as a one-page PDF."""
    inputs = slide_inputs(ctx.snapshot, ctx.filters, ctx.lang)
    with st.container(horizontal=True, gap="small"):
        st.download_button(ctx.t("documents.card.download_png"), data=lambda: card.card_png(inputs),
                           file_name=card.card_file_name(inputs, ".png"), mime=card.PNG_MIME,
                           key="download_card_png", on_click="ignore", icon=":material/smartphone:",
                           help=ctx.t("documents.card.download_help"))
        st.download_button(ctx.t("documents.card.download_pdf"), data=lambda: card.card_pdf(inputs),
                           file_name=card.card_file_name(inputs, ".pdf"), mime=card.PDF_MIME,
                           key="download_card_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                           help=ctx.t("documents.card.download_help"))
