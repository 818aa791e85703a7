"""Trình chiếu / Presentation: the committee slides one at a time (large type, previous/next, the slide
number in the URL) for the filters chosen on the other pages, and the same slides as a PowerPoint pack."""

from massorg.export import slides
from massorg.ui import components as ui
from massorg.ui import documents, printing, slideshow
from massorg.ui.context import current

ctx = current()
if not slideshow.presenting():
    ui.header(ctx, "presentation.title", "presentation.intro")
else:
    printing.print_header(ctx, ctx.t("presentation.title"))

inputs = slides.slide_inputs(ctx.snapshot, ctx.filters, ctx.lang)
total = slides.slide_count()
index = slideshow.current_index(total)  # ?slide=N; previous/next write it, so a copied link opens that slide

slideshow.toolbar(ctx, inputs, index, total)
slideshow.show(ctx, slides.build_slide(index, inputs), inputs)
slideshow.caption(inputs)
if not slideshow.presenting():
    documents.report_downloads(ctx, inputs)
