"""Data layer: schema, snapshot store, validation, demo generator, query runner. Never imports streamlit."""
