"""External programs some tests need (LibreOffice, poppler): mandatory with CI=true, skipped locally."""

from __future__ import annotations

import os
import shutil

import pytest


def required_tool(name: str) -> str:
    """The path of `name`; the test fails in CI and is skipped elsewhere when it is missing."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{name} is mandatory in CI", pytrace=False)
        pytest.skip(f"{name} is not installed")
    return path
