"""No URL and no file can put markup on a page (issue 14): values from either are echoed as plain
text in notices, findings, headers and chart labels. Under AppTest here; in the browser in
tests/test_browser_injection.py."""

from __future__ import annotations

import json
import re
import shutil
import string

import pytest

from massorg.i18n import t
from massorg.ui.escape import chart_text, md
from massorg.ui.figures import data as data_figures
from tests.factories import publish_tiny, tiny_tables

IMAGE = "![x](http://evil.example/p.png)"
LINK = "[Cập nhật bắt buộc — update required](http://evil.example/update)"
HOSTILE = [IMAGE, LINK, "<img src=x onerror=alert(1)>", ":material/warning: :red[ALERT] $x^2$",
           "www.evil.example a@evil.example http://evil.example", "# Heading\n- list", "`code` **bold** _it_"]


def _unmarked(markdown: str) -> str:
    """What CommonMark shows for a text whose marks are all backslash-escaped: the text itself."""
    out, escaped = [], False
    for ch in markdown:
        if escaped or ch != "\\":
            out.append(ch)
            escaped = False
        else:
            escaped = True
    return "".join(out).replace("\u2060", "")


@pytest.mark.parametrize("value", HOSTILE)
def test_md_escapes_every_mark_and_keeps_the_text(value):
    escaped = md(value)
    assert _unmarked(escaped) == " ".join(value.split())
    unescaped = re.findall(r"(?<!\\)[" + re.escape(string.punctuation) + "]", escaped.replace("\\\\", ""))
    assert [c for c in unescaped if c != "\\"] == []  # every mark is escaped
    for mark in ("http://", "www.", "a@", ":material", "\n"):  # autolinks and shortcodes are broken up
        assert mark not in escaped.replace("\\", "")
    assert md("Hội Chữ thập đỏ tỉnh Lâm Đồng") == "Hội Chữ thập đỏ tỉnh Lâm Đồng"


def test_chart_text_shows_tags_as_text():
    assert chart_text('<a href="http://evil.example">Hội</a> & co') == '&lt;a href="http://evil.example"&gt;Hội&lt;/a&gt; &amp; co'


def _markdown_bodies(at) -> list[str]:
    """Every text the page renders as Markdown (notices, captions, headers, markdown)."""
    out = []
    for kind in ("info", "warning", "error", "success", "caption", "markdown", "title", "header", "subheader"):
        out += [el.value for el in getattr(at, kind)]
    out += [el.value for el in at.sidebar.caption]
    return out


def _assert_inert(at):
    assert not at.exception
    for body in _markdown_bodies(at):
        for mark in ("![", "](http", ":red[", "http://evil", "www.evil"):
            assert mark not in body, body
        assert not re.search(r"(?<!\\)<img", body), body


@pytest.mark.parametrize("query", [
    {"assoc": IMAGE}, {"assoc": LINK}, {"sort": LINK}, {"assoc": HOSTILE[3]},
    {LINK: "1"}, {IMAGE: "x", "years": "abc"},
])
def test_hostile_directory_links_are_echoed_as_plain_text(app, query):
    at = app("pages/directory.py", **query)
    _assert_inert(at)
    shown = [_unmarked(el.value) for el in at.info]
    value = next(iter(query.values())) if "assoc" in query or "sort" in query else None
    if "assoc" in query:
        assert t("directory.unknown_assoc", "vi", value=" ".join(value.split())) in shown
    elif "sort" in query:
        assert t("directory.bad_sort", "vi", value=value) in shown
    else:
        names = ", ".join(k for k in query)
        assert t("app.sidebar.bad_url", "vi", params=names) in [_unmarked(el.value) for el in at.info]


def test_hostile_snapshot_ids_on_the_data_page(app):
    at = app("pages/data.py", old=IMAGE, new=LINK)
    _assert_inert(at)
    assert t("data.compare.bad_url", "vi", ids=f"{IMAGE}, {LINK}") in [_unmarked(el.value) for el in at.info]


def test_findings_from_a_file_are_listed_as_plain_text():
    report = data_figures.pd.DataFrame({"text": [f"Cảnh báo — tệp {IMAGE}: «{LINK}»"]})
    listed = data_figures.findings_markdown(report)
    assert listed.startswith("- ") and "![" not in listed and "](" not in listed
    assert _unmarked(listed[2:]) == f"Cảnh báo — tệp {IMAGE}: «{LINK}»"


def test_a_hostile_association_name_in_a_profile(app, demo_snapshots, tmp_path, monkeypatch, grants):
    root = tmp_path / "snapshots"
    for snap in demo_snapshots:
        shutil.copytree(snap.path, root / snap.id)
    tables = tiny_tables()
    tables["associations"].loc[0, "name"] = f"{IMAGE} {LINK}"
    tables["associations"].loc[0, "licence_ref"] = "<b>1/QĐ</b> [x](http://evil.example)"
    publish_tiny(root, tables)
    monkeypatch.setenv("MASSORG_SNAPSHOTS_DIR", str(root))
    monkeypatch.setenv("MASSORG_CACHE_DIR", str(tmp_path / "cache"))
    viewer = grants({"xem@tinh.vn": ("viewer", "all")})["xem@tinh.vn"]  # real data is for signed-in viewers
    at = app("pages/directory.py", user=viewer, assoc="P1")
    _assert_inert(at)
    assert _unmarked(at.subheader[0].value) == f"{IMAGE} {LINK}"
    subtitles = [json.loads(el.proto.spec)["layout"].get("title", {}).get("subtitle", {}).get("text")
                 for el in at.get("plotly_chart")]
    assert chart_text(f"{IMAGE} {LINK}") in subtitles


def test_unit_names_from_a_file_are_text_in_by_unit_charts(demo_snapshot):
    from massorg.data.queries import Filters, run
    from massorg.ui.figures import funding as funding_figures
    from massorg.ui.figures import membership as membership_figures

    hostile = '<a href="http://evil.example">Đà Lạt</a>'
    filters = Filters(year_from=2014, year_to=2024)
    funding = run("funding_by_unit", demo_snapshot, filters).assign(unit_name=hostile, unit_name_en=hostile)
    members = run("members_by_unit", demo_snapshot, filters).assign(unit_name=hostile, unit_name_en=hostile)
    labels = [*funding_figures.by_unit(funding, "vi", "2014–2024", "").data[0].y,
              *membership_figures.members_change_by_unit(members, "vi", "").data[0].y]
    assert all("<a " not in str(label) for label in labels)  # the province's own row is named by the app
    assert sum("&lt;a href" in str(label) for label in labels) >= 10
