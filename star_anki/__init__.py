"""star-anki: turn STAR interview walkthroughs into Anki decks."""

__version__ = "0.1.0"
# Defaults the command line and the library share.
DEFAULT_DECK_NAME = "STAR Interview"
DEFAULT_TTS_LANG = "en_US"
