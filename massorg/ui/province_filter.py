"""The province dimension of the sidebar: offered only when the chosen snapshot holds more than one
province (a national roll-up). Chosen provinces narrow the unit filter to the units inside them; the
choice lives in the URL (?provinces=67,68) like every other filter."""

from __future__ import annotations

import streamlit as st

from massorg.data import provinces
from massorg.data.queries import run
from massorg.data.store import Snapshot
from massorg.i18n import t

NO_UNIT = ""  # a unit code no row has: a filter holding only it matches nothing
_KEY = "provinces"


def choose(snapshot: Snapshot, lang: str) -> tuple[str, ...] | None:
    """Draw the province multiselect (in the sidebar) when there is a choice; return the unit codes
    inside the chosen provinces, or None when no province is chosen (or only one is held)."""
    held = run("snapshot_provinces", snapshot, as_of=snapshot.as_of)
    if len(held) < 2:
        return None
    names = {r.province_code: (r.name if lang == "vi" or not r.name_en else r.name_en) for r in held.itertuples()}
    if "_provinces_loaded" not in st.session_state:
        linked = (st.query_params.get(_KEY) or "").split(",")  # a page parameter: kept by the URL sync
        st.session_state[_KEY] = [code for code in linked if code in names]
        st.session_state["_provinces_loaded"] = True
    elif any(code not in names for code in st.session_state.get(_KEY, [])):  # another snapshot was chosen
        st.session_state[_KEY] = [code for code in st.session_state[_KEY] if code in names]
    chosen = st.multiselect(t("province.filter", lang), list(names), key=_KEY, format_func=names.get,
                            placeholder=t("app.sidebar.all", lang), help=t("province.filter_help", lang))
    if ",".join(chosen) != (st.query_params.get(_KEY) or ""):
        if chosen:
            st.query_params[_KEY] = ",".join(chosen)
        else:
            del st.query_params[_KEY]
    if not chosen:
        return None
    return tuple(sorted(set(chosen) | set(provinces.units_inside(snapshot, chosen))))


def restrict(unit_codes: tuple[str, ...] | None, province_units: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The unit filter narrowed to the chosen provinces (None: all units)."""
    if province_units is None:
        return unit_codes
    if unit_codes is None:
        return province_units
    both = tuple(code for code in unit_codes if code in set(province_units))
    return both or (NO_UNIT,)
