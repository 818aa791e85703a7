"""Who is looking, on every run: the signed-in person's grant (read from the grants file each run, so a
revoked grant stops access at the next click), the session age cap, the sign-in / sign-out buttons, and
the server-side check every steward or admin action makes before it acts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from massorg import config
from massorg.access import policy
from massorg.access.grants import Grant, GrantsError, find_grant
from massorg.access.identity import identities, session_expired
from massorg.data.store import Snapshot
from massorg.i18n import t


@dataclass(frozen=True)
class Visitor:
    grant: Grant | None  # None: anonymous, or signed in without a valid grant
    signed_in: bool
    name: str = ""
    problem: str | None = None  # why a signed-in person has no access (no grant, broken grants file)

    def may(self, action: str) -> bool:
        return policy.may(action, self.grant)


def login_configured() -> bool:
    """True when the secrets have an [auth] section (without one the app is the public demo)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def visitor(lang: str) -> Visitor:
    """The person of this session and their grant. A session older than the cap is signed out."""
    user = st.user
    if user.get("is_logged_in") is not True:
        return Visitor(None, False)
    claims = user.to_dict()
    if session_expired(claims, dt.datetime.now(dt.UTC), config.session_hours()):
        st.logout()
        st.stop()
    names = identities(claims)
    shown = str(claims.get("name") or claims.get("email") or claims.get("sub") or "")
    try:
        grant = find_grant(names, dt.date.today(), lang=lang)
    except GrantsError as problem:
        return Visitor(None, True, shown, t("access.web.grants_broken", lang, problem=problem))
    if grant is None:
        return Visitor(None, True, shown, t("access.web.no_grant", lang, who=", ".join(names) or "?"))
    return Visitor(grant, True, shown)


def require(action: str, lang: str) -> Visitor:
    """Check again, on the server, at the moment of acting, that this person may do `action`; stop if not."""
    who = visitor(lang)
    if not who.may(action):
        st.error(t("access.web.not_allowed", lang), icon=":material/block:")
        st.stop()
    return who


def visible_snapshots(snapshots: list[Snapshot], who: Visitor, lang: str) -> list[Snapshot]:
    """The snapshots this visitor may open; with none, say why and offer to sign in."""
    shown = policy.visible_snapshots(snapshots, who.grant)
    if not shown:
        st.info(t("access.web.nothing_public", lang), icon=":material/lock:")
        sign_in_out(who, lang)
        st.stop()
    return shown


def sign_in_out(who: Visitor, lang: str) -> None:
    """The sidebar's account block: sign in (when login is configured), or who is signed in and sign out."""
    if not login_configured():
        return
    if not who.signed_in:
        st.caption(t("access.web.anonymous", lang))
        st.button(t("access.web.sign_in", lang), key="sign_in", icon=":material/login:", on_click=st.login)
        return
    if who.grant is not None:
        st.caption(t("access.web.signed_in", lang, name=who.name, role=t(f"access.roles.{who.grant.role}", lang),
                     scope=_scope_text(who.grant, lang)))
    else:
        st.warning(who.problem, icon=":material/lock:")
    st.button(t("access.web.sign_out", lang), key="sign_out", icon=":material/logout:", on_click=st.logout)


def _scope_text(grant: Grant, lang: str) -> str:
    from massorg.labels import unit_name

    if grant.written_units is None:
        return t("access.web.scope_all", lang)
    return ", ".join(unit_name(code, lang) for code in grant.written_units)
