"""Building blocks of the Presentation page: presentation mode, the slide toolbar (previous, next,
"slide N of M" kept in the URL, the PowerPoint download), and each kind of slide in large type.

The slides come from massorg.export.slides, the same definitions the PowerPoint pack is built from.
"""

from __future__ import annotations

import html

import streamlit as st

from massorg.export import slides
from massorg.export.deck import PPTX_MIME, deck_bytes, deck_file_name
from massorg.export.names import slug
from massorg.ui import components as ui
from massorg.ui.charts import toolbar_config
from massorg.ui.context import PageContext, set_url_param, url_param
from massorg.ui.downloads import built_or_explained
from massorg.ui.figures.presentation import slide_figure
from massorg.ui.phone_charts import for_screen

# Type sizes for a projector at 1366×768 seen from the back of a room; classes used by the slides.
SLIDE_CSS = """<style>
.massorg-slide-title {font-size: 2.1rem; font-weight: 700; color: #004C8C; line-height: 1.2; margin: 0 0 .35rem 0;}
.massorg-takeaway {font-size: 1.55rem; line-height: 1.35; color: #1a1a1a; margin: 0 0 .4rem 0;}
.massorg-subtitle {font-size: 1.7rem; color: #1a1a1a; margin: .2rem 0 1rem 0;}
.massorg-lines {font-size: 1.3rem; color: #444; line-height: 1.5; margin: 0 0 .8rem 0;}
.massorg-demo {font-size: 1.05rem; font-weight: 700; color: #C00000; margin: .4rem 0;}
.massorg-badge {font-size: 1rem; font-weight: 700; color: #C00000; white-space: nowrap;}
.massorg-position {font-size: 1.15rem; color: #444; white-space: nowrap;}
</style>"""
# Presentation mode: no sidebar, no header bar, the whole width, large KPI cards.
PRESENTING_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: .9rem 2.2rem .5rem 2.2rem !important; max-width: 100% !important;}
[data-testid="stMetricValue"] {font-size: 2.5rem !important;}
[data-testid="stMetricLabel"] p {font-size: 1.15rem !important;}
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important;}
[data-testid="stMetricDelta"] {font-size: 1.1rem !important;}
/* The slide fills the screen: the chart takes the height the heading, toolbar and source line leave
   (so at 1366×768 the source line stays on screen, and at 1920×1080 no band is left blank). */
@media (min-width: 700px) {
[data-testid="stMainBlockContainer"] {height: 100vh; display: flex; flex-direction: column; box-sizing: border-box;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] {flex: 1 1 auto; min-height: 0;}
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > :has(.st-key-slide_charts) {flex: 1 1 0; min-height: 260px;}
.st-key-slide_charts > [data-testid="stLayoutWrapper"] {flex: 1 1 0 !important; min-height: 0;}
.st-key-slide_charts, .st-key-slide_charts [data-testid="stHorizontalBlock"], .st-key-slide_charts [data-testid="stColumn"],
.st-key-slide_charts [data-testid="stColumn"] > [data-testid="stVerticalBlock"] {height: 100% !important;}
.st-key-slide_charts [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {flex: 1 1 0 !important; height: auto !important; min-height: 0;}
.st-key-slide_charts [data-testid="stFullScreenFrame"], .st-key-slide_charts [data-testid="stPlotlyChart"] {height: 100% !important;}
}
/* A phone keeps the slide's natural height: the page scrolls. */
@media (max-width: 699px) {
.st-key-slide_charts [data-testid="stPlotlyChart"] .js-plotly-plot {height: 460px !important;}
}
</style>"""
MODE_KEY = "presentation_mode"
CHART_HEIGHT = 500  # px: the chart under a two-line takeaway fits a 768-px-high screen


def current_index(total: int) -> int:
    """The slide in the URL (?slide=N, counted from 1) as a 0-based index; a bad value means the first."""
    raw = url_param("slide")
    try:
        number = int(raw) if raw is not None else 1
    except ValueError:
        number = 1
    return min(max(number, 1), total) - 1


def _go(number: int) -> None:
    set_url_param("slide", str(number))


def presenting() -> bool:
    """Whether presentation mode is on (it is when the page opens)."""
    return bool(st.session_state.get(MODE_KEY, True))


def _mode_switch(ctx: PageContext) -> None:
    """The presentation-mode switch; its CSS is sent with this page only, so other pages keep the sidebar."""
    st.html(SLIDE_CSS)
    if st.toggle(ctx.t("presentation.mode"), value=True, key=MODE_KEY, help=ctx.t("presentation.mode_help")):
        st.html(PRESENTING_CSS)


def toolbar(ctx: PageContext, inputs: slides.SlideInputs, index: int, total: int) -> None:
    """Previous / next (also the arrow keys), 'Slide N of M', the demo badge, the presentation-mode
    switch and the PowerPoint download, on one line."""
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        st.button(ctx.t("presentation.previous"), icon=":material/chevron_left:", key="slide_previous",
                  shortcut="left", disabled=index == 0, on_click=_go, args=(index,))
        st.markdown(f'<span class="massorg-position">{html.escape(ctx.t("presentation.position", n=index + 1, total=total))}'
                    "</span>", unsafe_allow_html=True, width="content")
        st.button(ctx.t("presentation.next"), icon=":material/chevron_right:", icon_position="right",
                  key="slide_next", shortcut="right", disabled=index == total - 1, on_click=_go, args=(index + 2,))
        if ctx.is_demo and presenting():  # otherwise the page header carries the demo notice
            st.markdown(f'<span class="massorg-badge">⚠ {html.escape(ctx.t("deck.demo_badge"))}</span>',
                        unsafe_allow_html=True, width="content")
        st.space("stretch")
        _mode_switch(ctx)
        deck = built_or_explained(ctx, lambda: _deck(inputs.snapshot.id, inputs.filters, inputs.lang,
                                                     inputs.made_on, inputs), deck_file_name(inputs))
        if deck is not None:
            st.download_button(ctx.t("common.download_pptx"), data=deck,
                               file_name=deck_file_name(inputs), mime=PPTX_MIME, key="download_pptx", on_click="ignore",
                               icon=":material/slideshow:", type="primary", help=ctx.t("presentation.download_help"))


@st.cache_data(max_entries=16, ttl=3600, show_spinner=False)
def _deck(snapshot_id: str, filters, lang: str, made_on, _inputs: slides.SlideInputs) -> bytes:
    """The pack for these inputs, built once (about 0.1 s) and kept while the presenter pages through."""
    return deck_bytes(_inputs)


def _heading(title: str, takeaway: str | None = None) -> None:
    parts = [f'<div class="massorg-slide-title">{html.escape(title)}</div>']
    if takeaway:
        parts.append(f'<div class="massorg-takeaway">{html.escape(takeaway)}</div>')
    st.markdown("".join(parts), unsafe_allow_html=True)


def _title_slide(slide: slides.TitleSlide) -> None:
    lines = "<br>".join(html.escape(line) for line in slide.filter_lines)
    facts = "<br>".join(html.escape(line) for line in (slide.snapshot_line, slide.date_line))
    demo = f'<div class="massorg-demo">{html.escape(slide.demo_notice)}</div>' if slide.demo_notice else ""
    st.markdown(
        f'<div class="massorg-slide-title" style="font-size:2.8rem;margin-top:1.5rem">{html.escape(slide.title)}</div>'
        f'<div class="massorg-subtitle">{html.escape(slide.subtitle)}</div>'
        f'<div class="massorg-lines">{lines}</div><div class="massorg-lines">{facts}</div>{demo}',
        unsafe_allow_html=True,
    )


def _kpi_slide(ctx: PageContext, slide: slides.KpiSlide) -> None:
    _heading(slide.title)
    if not slide.cards:
        ui.empty(ctx)
        return
    for row in (slide.cards[:4], slide.cards[4:]):
        ui.kpi_row([(card.label, card.value, card.delta, card.exact) for card in row])


def _chart_slide(ctx: PageContext, slide: slides.ChartSlide, inputs: slides.SlideInputs) -> None:
    _heading(slide.title, slide.takeaway if slide.charts else None)
    if not slide.charts:
        ui.empty(ctx)
        return
    fitted = presenting()  # presentation mode: the chart fills the height the screen leaves
    with st.container(key="slide_charts" if fitted else None):
        columns = st.columns([0.58, 0.42] if len(slide.charts) == 2 else [1])
    footer = ctx.footer()
    for column, chart in zip(columns, slide.charts):
        title = chart.title or slide.title
        fig = slide_figure(chart, lang=ctx.lang, title=title if chart.title else "", footer=footer,
                           height=CHART_HEIGHT, narrow=len(slide.charts) > 1)
        config = toolbar_config(f"{slug(title)}_{inputs.filters.year_from}-{inputs.filters.year_to}_{ctx.snapshot.id}")
        fig = for_screen(fig)
        if fitted:
            fig.update_layout(height=None, autosize=True)
            config |= {"responsive": True}
        with column:
            st.plotly_chart(fig, theme=None, config=config, key=f"slide_{slide.key}_{chart.kind}",
                            height="stretch" if fitted else "content")


def show(ctx: PageContext, slide: slides.Slide, inputs: slides.SlideInputs) -> None:
    """Draw one slide of any kind."""
    if isinstance(slide, slides.TitleSlide):
        _title_slide(slide)
    elif isinstance(slide, slides.KpiSlide):
        _kpi_slide(ctx, slide)
    else:
        _chart_slide(ctx, slide, inputs)


def caption(inputs: slides.SlideInputs) -> None:
    """The slide's footer: source, snapshot and the filters in words."""
    st.caption(inputs.footer())
