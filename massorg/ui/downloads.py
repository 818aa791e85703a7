"""Files offered for download that are built before the button is drawn, so that a file which cannot
be built is never a button that silently does nothing (or Streamlit's English "Failed to generate
file for download"): the page says, in the user's language, which file failed and why."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from massorg.ui.context import PageContext

log = logging.getLogger(__name__)


def built_or_explained(ctx: PageContext, build: Callable[[], bytes], what: str) -> bytes | None:
    """The file's bytes, or None after showing (in the user's language) that the file `what` (its
    name as the user sees it) could not be built, why, and what to do. The traceback goes to the
    server log."""
    try:
        return build()
    except Exception as exc:  # any failure must reach the user as a sentence, not a dead button
        log.exception("could not build %s", what)
        st.error(ctx.t("app.download.failed", what=what, reason=f"{type(exc).__name__}: {exc}"),
                 icon=":material/error:")
        return None
