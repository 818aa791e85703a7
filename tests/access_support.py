"""Shared by the access tests (no tests here): the real snapshot of the `real_store` fixture and the
people of the grants file the role tests use."""

REAL_ID = "2025-06-30_bao-cao-6-thang_20250705T090000"
PEOPLE = {
    "xem@dalat.vn": ("viewer", "672"),
    "xem@tinh.vn": ("viewer", "all"),
    "qly@sonoivu.vn": ("steward", "all"),
    "qtri@sonoivu.vn": ("admin", "all"),
}
