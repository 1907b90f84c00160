"""Preview: every card, front and back, in one self-contained page at phone width.

On a wide screen each side is shown in a phone frame; on a phone, where a frame does not
fit, the cards themselves fill the width, as the phone shows them.

Cards are rendered from the same templates and CSS the deck uses, by a small
renderer for the part of Anki's template language the templates use: fields,
{{#Field}} and {{^Field}} sections, {{FrontSide}}, {{cloze:Field}} and {{tts ...}}.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass

from .notes import Note
from .notetypes import stylesheet, template
from .wording import plural

_SECTION = re.compile(r"\{\{([#^])([^}]+)\}\}(.*?)\{\{/\2\}\}", re.S)
_TAG = re.compile(r"\{\{([^#^/}][^}]*)\}\}")
_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)\}\}", re.S)


@dataclass(frozen=True)
class RenderedCard:
    """One card of a note as a learner sees it."""

    note: Note
    ordinal: int
    front: str
    back: str


def _filled(value: str) -> bool:
    return bool(re.sub(r"<br\s*/?>|&nbsp;|\s", "", value))


def render(text: str, fields: dict[str, str], ordinal: int, front_side: str, back: bool) -> str:
    """Render one template side the way Anki does, for the features the templates use."""

    def section(match: re.Match[str]) -> str:
        shown = _filled(fields.get(match[2].strip(), ""))
        keep = shown if match[1] == "#" else not shown
        return render(match[3], fields, ordinal, front_side, back) if keep else ""

    def tag(match: re.Match[str]) -> str:
        name = match[1].strip()
        if name == "FrontSide":
            return front_side
        if name.startswith("cloze:"):
            return _cloze(fields.get(name[6:], ""), ordinal, back)
        if name.startswith("tts "):
            return '<span class="tts-play" title="Anki reads this aloud">🔊</span>'
        return fields.get(name, "")

    previous = None
    while previous != text:  # sections may nest
        previous, text = text, _SECTION.sub(section, text)
    return _TAG.sub(tag, text)


def _cloze(value: str, ordinal: int, back: bool) -> str:
    def one(match: re.Match[str]) -> str:
        if int(match[1]) != ordinal:
            return match[2]
        shown = match[2] if back else "[...]"
        return f'<span class="cloze" data-ordinal="{ordinal}">{shown}</span>'

    return _CLOZE.sub(one, value)


def render_note(note: Note, tts_lang: str | None) -> list[RenderedCard]:
    """The cards of one note: one, or one per cloze number."""
    fields = dict(zip(note.note_type.field_names, note.fields, strict=True))
    front_template = template(note.note_type, "front", tts_lang)
    back_template = template(note.note_type, "back", tts_lang)
    cards = []
    for ordinal in (n + 1 for n in note.ordinals):
        front = render(front_template, fields, ordinal, "", back=False)
        back = render(back_template, fields, ordinal, front, back=True)
        cards.append(RenderedCard(note, ordinal, front, back))
    return cards


def _frame(body: str, css: str) -> str:
    document = (
        '<!doctype html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{css}</style></head>"
        f'<body class="card"><div id="qa">{body}</div></body></html>'
    )
    return (
        f'<iframe class="phone" title="card" srcdoc="{html.escape(document, quote=True)}"></iframe>'
    )


# The framed phone: its screen, the bezel around it and the page's padding, in CSS px.
_SCREEN, _BEZEL, _PADDING = 390, 10, 16
# At this width and narrower a framed phone does not fit the page: the cards are shown as they are,
# full width, the way the phone itself shows them.
_NARROW = _SCREEN + 2 * _BEZEL + 2 * _PADDING - 1

_PAGE_CSS = string.Template("""
body { font-family: system-ui, sans-serif; margin: 0; background: #e9ebef; color: #1b1d21; }
header { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; gap: 12px;
  align-items: center; justify-content: space-between; padding: 10px ${padding}px;
  background: #1b1d21; color: #fff; }
header h1 { font-size: 1rem; margin: 0; }
main { padding: ${padding}px; }
section.note { margin: 0 0 28px; }
section.coverage { margin: 0 0 28px; max-width: 60rem; overflow-x: auto; }
section.coverage h2 { font-size: 1rem; margin: 0 0 8px; }
section.coverage table { border-collapse: collapse; background: #fff; font-size: 0.9rem; }
section.coverage th, section.coverage td { text-align: left; padding: 4px 10px;
  border-bottom: 1px solid #d5d9e0; }
section.coverage tr.gap th, section.coverage tr.gap td { color: #a8261d; }
section.note h2 { font-size: 0.9rem; margin: 0 0 8px; color: #4a5060; }
.sides { display: flex; flex-wrap: wrap; gap: ${padding}px; }
figure { margin: 0; }
figcaption { font-size: 0.8rem; color: #4a5060; margin-bottom: 4px; }
iframe.phone { width: ${screen}px; height: 400px; border: ${bezel}px solid #1b1d21;
  border-radius: 24px; background: #fff; display: block; }
@media (max-width: ${narrow}px) {
  main { padding: ${padding}px 0; }
  section.note h2, figcaption, section.coverage { padding: 0 ${padding}px; }
  .sides, figure { display: block; width: 100%; }
  figure + figure { margin-top: ${padding}px; }
  iframe.phone { width: 100%; border: 0; border-radius: 0; }
}
""").substitute(screen=_SCREEN, bezel=_BEZEL, padding=_PADDING, narrow=_NARROW)

_PAGE_SCRIPT = """
(function () {
  var frames = Array.prototype.slice.call(document.querySelectorAll("iframe.phone"));
  function fit(frame) {
    var doc = frame.contentDocument;
    if (doc && doc.documentElement) {
      frame.style.height = Math.max(300, doc.documentElement.scrollHeight + 4) + "px";
    }
  }
  function paint() {
    var night = document.getElementById("night").checked;
    frames.forEach(function (frame) {
      var body = frame.contentDocument && frame.contentDocument.body;
      if (body) {
        body.classList.toggle("nightMode", night);
        body.classList.toggle("night_mode", night);
      }
      fit(frame);
    });
  }
  frames.forEach(function (frame) {
    frame.addEventListener("load", function () { paint(); });
  });
  document.getElementById("night").addEventListener("change", paint);
  paint();
})();
"""


def preview_page(
    notes: Sequence[Note], tts_lang: str | None, scenarios: int, top: str = ""
) -> tuple[str, int]:
    """The preview page of ``notes`` and its number of cards.

    The page shows every card's front and back, under ``top`` (HTML, e.g. the
    coverage matrix), with a night-mode switch.
    """
    css = stylesheet()
    sections = []
    count = 0
    for note in notes:
        for card in render_note(note, tts_lang):
            count += 1
            label = f"{note.note_type.name} · {note.key}"
            if note.note_type.cloze:
                label += f" · card {card.ordinal}"
            sections.append(
                f'<section class="note"><h2>{html.escape(label)}</h2><div class="sides">'
                f"<figure><figcaption>Front</figcaption>{_frame(card.front, css)}</figure>"
                f"<figure><figcaption>Back</figcaption>{_frame(card.back, css)}</figure>"
                "</div></section>"
            )
    title = f"star-anki preview: {count} cards from {plural(scenarios, 'scenario')}"
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{_PAGE_CSS}</style></head><body>"
        f'<header><h1>{title}</h1><label><input type="checkbox" id="night"> Night mode</label>'
        f"</header><main>{top}{''.join(sections)}</main><script>{_PAGE_SCRIPT}</script></body></html>\n"
    )
    return page, count
