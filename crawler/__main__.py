"""``python -m crawler`` is ``csowatch``."""

from crawler.cli import main

main(prog_name="csowatch")
