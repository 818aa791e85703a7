"""Values from a URL or a file shown as plain text: never as Markdown, never as a Plotly tag.

Streamlit renders notices, captions, headers and st.markdown as Markdown, and Plotly renders a subset of
HTML in titles and labels, so a link such as /directory?assoc=![x](http://host/p.png) could load an
outside image or draw a live link. Every such value goes through one of these two functions before it
is put into a text that is rendered.
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark: then none of them starts a
# link, an image, emphasis, code, a heading, a list, HTML, a Streamlit directive (:red[…]) or LaTeX ($).
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Some Markdown plugins work on the text after escapes are resolved: the GFM autolinks (http://…, www.…,
# name@host) and emoji and icon shortcodes (:smile:, :material/…:). A WORD JOINER (U+2060, invisible,
# zero width) inside each of those patterns keeps it from being recognised, and the text reads the same.
_JOINER = "\u2060"
_AUTOLINK_OR_SHORTCODE = re.compile(r"(?i)(?<=:)(?=[\w/])|(?<=www)(?=\.)|(?<=\w)(?=@)")


def md(value: object) -> str:
    """A value as Markdown that shows exactly its text: one line, every mark escaped."""
    text = " ".join(str(value).split())  # no line breaks: no headings, lists or paragraphs
    text = _AUTOLINK_OR_SHORTCODE.sub(_JOINER, text)
    return _ASCII_PUNCTUATION.sub(r"\\\1", text)


def md_list(values: list[object]) -> str:
    """Several values for one message: 'a, b, c', each escaped."""
    return ", ".join(md(v) for v in values)


def chart_text(value: object) -> str:
    """A value for a Plotly title, label or hover text: its < > & shown, not taken as tags."""
    return html.escape(str(value), quote=False)
