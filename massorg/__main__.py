"""Command line: python -m massorg <command>. Each package's `commands` module adds its commands."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import pkgutil
import sys

import massorg
from massorg import config
from massorg.i18n import t


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m massorg", description=t("cli.description", config.default_language()))
    sub = p.add_subparsers(dest="command", required=True)
    for info in sorted(pkgutil.iter_modules(massorg.__path__), key=lambda m: m.name):
        if info.ispkg and importlib.util.find_spec(f"massorg.{info.name}.commands") is not None:
            importlib.import_module(f"massorg.{info.name}.commands").register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
