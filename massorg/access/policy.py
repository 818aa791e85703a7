"""What each role may see and do. The identity provider says who someone is; the grants file says what
they may do; this module turns a grant (or none: an anonymous visitor) into decisions. No streamlit.

- anonymous (no grant, or not signed in): demo snapshots only, whatever a link says;
- viewer: every published snapshot, restricted to the grant's units;
- steward: also imports and publishes (their scope is always the whole province);
- admin: also sees the audit log and the grants.
"""

from __future__ import annotations

from massorg.access.grants import ADMIN, STEWARD, Grant
from massorg.access.scope import scoped
from massorg.data.store import Snapshot

# Pages that show the whole province's snapshot files (manifest, validation report): not for a viewer
# restricted to some units.
WHOLE_PROVINCE_PAGES = frozenset({"data"})
ACTIONS = {"import": STEWARD, "publish": STEWARD, "audit": ADMIN, "grants": ADMIN}


def visible_snapshots(snapshots: list[Snapshot], grant: Grant | None) -> list[Snapshot]:
    """The snapshots this person may open, each already restricted to their units."""
    if grant is None:
        return [s for s in snapshots if s.is_demo]
    return [scoped(s, grant.units) for s in snapshots]


def may_open_page(url_path: str, grant: Grant | None) -> bool:
    """Anonymous visitors see every page of the demo; a unit-scoped viewer does not get the Data page."""
    return not (url_path in WHOLE_PROVINCE_PAGES and grant is not None and grant.units is not None)


def may(action: str, grant: Grant | None) -> bool:
    """Whether this person may import, publish, read the audit log or the grants."""
    return grant is not None and grant.at_least(ACTIONS[action])
