"""star-anki: turn STAR interview walkthroughs into Anki decks."""

__version__ = "0.1.0"
DEFAULT_TTS_LANG = "en_US"
# Pacing: the last days before an interview are for reviews only.
REVIEW_DAYS = 3
