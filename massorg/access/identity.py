"""What the identity provider's claims (st.user) tell the app: who signed in, and when.

The login cookie keeps the claims of the moment of login for 30 days and Streamlit does not enforce the
token's expiry, so the app caps a session's age itself, from `auth_time` (when the person entered their
password at the provider) or else `iat` (when the ID token was issued; OIDC requires it). No streamlit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping


def identities(claims: Mapping) -> list[str]:
    """The names a grant may use for this person: the e-mail (unless the provider says it is not
    verified) and the subject id."""
    out = []
    email = claims.get("email")
    if isinstance(email, str) and email and claims.get("email_verified") is not False:
        out.append(email)
    sub = claims.get("sub")
    if isinstance(sub, str) and sub:
        out.append(sub)
    return out


def login_time(claims: Mapping) -> dt.datetime | None:
    for name in ("auth_time", "iat"):
        value = claims.get(name)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return dt.datetime.fromtimestamp(value, dt.UTC)
    return None


def session_expired(claims: Mapping, now: dt.datetime, max_hours: float) -> bool:
    """True when the login is older than `max_hours`, or its age cannot be told (fail closed)."""
    when = login_time(claims)
    return when is None or now - when > dt.timedelta(hours=max_hours)
