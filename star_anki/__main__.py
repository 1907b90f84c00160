"""``python -m star_anki`` runs the command line."""

from .cli import main

if __name__ == "__main__":  # not when a worker process started by spawn imports this module
    main(prog_name="star-anki")
