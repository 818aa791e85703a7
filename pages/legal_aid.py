"""Page under construction in this session: header and footer only until its issue lands."""

from massorg.ui import components as ui
from massorg.ui.context import current

ctx = current()
ui.header(ctx, "app.nav.legal_aid")
ui.footer(ctx)
