"""Access control: grants, roles, unit scopes and the audit log (no streamlit)."""
