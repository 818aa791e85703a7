"""Mass-associations dashboard library: data layer (massorg.data) and presentation helpers (massorg.ui)."""
