"""What a printed page carries that the screen does not: the print style and chart fitting
(print.css, print.js) and a header with the page title, the filters, the snapshot and the demo
notice, shown only on paper."""

from __future__ import annotations

import html
from pathlib import Path

import streamlit as st

from massorg.export.filters import filter_lines
from massorg.export.tables import vietnam_now
from massorg.numbers import fmt_date
from massorg.ui.context import PageContext

PRINT_CSS = Path(__file__).with_name("print.css")
PRINT_JS = Path(__file__).with_name("print.js")


def install() -> None:
    """The print style (no space on the page) and the chart-fitting script; once per run."""
    st.html(f"<style>{PRINT_CSS.read_text(encoding='utf-8')}</style>")


def print_header(ctx: PageContext, title: str) -> None:
    """The header a printed page starts with (hidden on screen) and the script that fits its charts."""
    lines = [f'<div class="massorg-print-title">{html.escape(title)}</div>']
    lines.append(f"<div>{html.escape(' · '.join(filter_lines(ctx.filters, ctx.lang)))}</div>")
    lines.append("<div>" + html.escape(ctx.t("documents.print.snapshot", snapshot=ctx.snapshot.id,
                                              as_of=fmt_date(ctx.snapshot.as_of, ctx.lang),
                                              printed=fmt_date(vietnam_now(), ctx.lang))) + "</div>")
    if ctx.is_demo:
        lines.append(f'<div class="massorg-print-demo">{html.escape(ctx.t("app.demo_notice"))}</div>')
    script = PRINT_JS.read_text(encoding="utf-8")
    st.html(f'<div class="massorg-print-header">{"".join(lines)}</div><script>{script}</script>',
            unsafe_allow_javascript=True)
