# Shortcuts for the two README commands and a few more. Everything goes through tasks.py,
# which creates .venv and installs the pinned requirements when they change.
.PHONY: run test lint demo snapshots bench

run:
	python3 tasks.py run

test:
	python3 tasks.py test

lint:
	.venv/bin/ruff check .

demo:
	.venv/bin/python -m massorg demo

snapshots:
	.venv/bin/python -m massorg snapshots

bench:
	.venv/bin/python scripts/benchmark_pages.py
