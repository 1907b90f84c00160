"""star-anki: turn STAR interview walkthroughs into Anki decks.

The pipeline, stage by stage (a build reads down the first column):

    stage     module          what it does
    load      load.py         scenario YAML -> checked data, every problem with file:line:column
              checks.py       checks across fields (unique ids, ...), on the YAML nodes
              syntax.py       YAML syntax errors in our words, at the typo, with the fix
              fastpath.py     the quick way through a good file; load.py words any problem
    model     model.py        the format: frozen dataclasses, one per mapping of a scenario
              rules.py        the rules values follow: text, ids, scalar types, field shapes
    notes     notetypes.py    the nine note types as data: fixed ids, fields, cards/ templates
              notes.py        a scenario's notes, in teaching order: GUIDs from keys, tags, decks
              story.py        the Story back (beats, full answer, a line of guidance); levels
              phrases.py      key phrases: found, highlighted, clozed, worth a cloze or not
              markup.py       author text as field HTML: escaped, lists, first sentences
              whichstory.py   'Which story?' notes: a question, the stories that answer it
              collect.py      the notes of a build: the options, each scenario's, the shared
    stream    stream.py       file by file: load, choose, make notes, on every core, in order
    package   package.py      a build: notes placed against the last deck, counts, the preset
              previous.py     the deck already at the output path, read for comparison
              changes.py      what a rebuild keeps, updates and retires, and its report
              pacing.py       --interview-date: the pace and its deck options preset
              apkg.py         the .apkg writer, the one module that knows genanki's schema
    cli       cli/            thin Click commands; library errors become messages

Beside the build:

    import    lines.py        a copied page as typed lines
              page.py         the page grammar: title, overview, the five steps
              sections.py     the sections after the steps, one table of them
              importer.py     page -> YAML the loader accepts; ids.py, emit.py help
    authoring skeleton.py     `new`: a scenario to fill in
              targets.py      where `new` and `import` may write, never over another story
              schema.py       the JSON Schema derived from the model, for editors
    stories   bank.py         the question bank: built in (questions.yaml) or your own
              coverage.py     `coverage`: each principle and the stories for it
    reading   select.py       --principle, --tag, --level
              listing.py      `list`: the table of scenarios
              preview.py      `preview`: every card on one page
              watch.py        `build --watch`: changed files, the watch's turns
    phone     serve.py        `serve`: the deck at one unguessable URL, for a phone's download
    shared    errors.py       every exception, as a tree; files.py: atomic writes, folders;
                              wording.py: how counts are said
"""

# Defaults the command line and the library share.
DEFAULT_DECK_NAME = "STAR Interview"
DEFAULT_TTS_LANG = "en_US"

__version__ = "0.2.0"
