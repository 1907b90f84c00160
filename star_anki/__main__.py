"""``python -m star_anki`` runs the command line."""

from .cli import main

main(prog_name="star-anki")
