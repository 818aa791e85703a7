"""The limits of the importer, stated once: the README quotes them, the web upload uses them, and a file
beyond any of them is refused with a message (read in bounded memory, never loaded whole first)."""

from __future__ import annotations

MAX_FILE_MB = 50  # one report file (and the web upload's limit, server.maxUploadSize)
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 100_000  # rows of one sheet or CSV file, blank or formatted rows included
MAX_COLUMNS = 200  # filled columns of one sheet (the widest table of the template has 13)
MAX_CELL_CHARS = 5_000  # characters in one cell
# An .xlsx is a zip: what it may unpack to. Excel keeps a workbook's text in one shared-strings part,
# which readers load whole, so it gets its own, smaller cap.
MAX_SHARED_STRINGS_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
