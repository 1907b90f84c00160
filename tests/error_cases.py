# ruff: noqa: E501  (expected messages are written out one problem per line)
"""The broken scenarios in tests/bad and the exact text ``star-anki validate`` prints for each.

Paths are relative to the repository root, where the tests run the command, so the
expected text is literally what a user sees.
"""

from __future__ import annotations

import pytest

# Bad files whose checks need more than one exact text; the tests at the end cover them.
SINGLE_CASE_FILES = [
    "target-seconds-float.yaml",
    "target-seconds-bool.yaml",
    "merge-key.yaml",
    "tab-indent.yaml",
    "multi-document.yaml",
    "alias-as-key.yaml",
]


CASES = [
    pytest.param(
        ["tests/bad/anchors-aliases.yaml"],
        "tests/bad/anchors-aliases.yaml:7:10: YAML aliases (*name) are not supported; write the value out\n"
        "Error: 1 problem in 1 file\n",
        id="anchors-aliases",
    ),
    pytest.param(
        ["tests/bad/bad-id.yaml"],
        "tests/bad/bad-id.yaml:1:5: 'id' must be lowercase letters, digits and single hyphens (like 'built-from-scratch'), not 'Built_From_Scratch'\n"
        "Error: 1 problem in 1 file\n",
        id="bad-id",
    ),
    pytest.param(
        ["tests/bad/billion-laughs.yaml"],
        "tests/bad/billion-laughs.yaml:6:11: 'overview' must be text, not a list\n"
        "Error: 1 problem in 1 file\n",
        id="billion-laughs",
    ),
    pytest.param(
        ["tests/bad/bool-as-text.yaml"],
        "tests/bad/bool-as-text.yaml:2:11: 'question' must be text, not true/false (put it in quotes to keep it as text)\n"
        "Error: 1 problem in 1 file\n",
        id="bool-as-text",
    ),
    pytest.param(
        ["tests/bad/choice-correct-as-text.yaml"],
        "tests/bad/choice-correct-as-text.yaml:25:18: 'correct' must be true or false, not text\n"
        "Error: 1 problem in 1 file\n",
        id="choice-correct-as-text",
    ),
    pytest.param(
        ["tests/bad/comments-only.yaml"],
        "tests/bad/comments-only.yaml:1:1: the file is empty; a scenario is a mapping with keys such as 'id' and 'question'\n"
        "Error: 1 problem in 1 file\n",
        id="comments-only",
    ),
    pytest.param(
        ["tests/bad/control-character.yaml"],
        "tests/bad/control-character.yaml:6:11: 'overview' holds the control character U+001F at character 17; remove it\n"
        "Error: 1 problem in 1 file\n",
        id="control-character",
    ),
    pytest.param(
        ["tests/bad/too-long-text.yaml"],
        "tests/bad/too-long-text.yaml:6:11: 'overview' is too long: 10,007 characters (the limit is 10,000)\n"
        "Error: 1 problem in 1 file\n",
        id="too-long-text",
    ),
    pytest.param(
        ["tests/bad/date-as-text.yaml"],
        "tests/bad/date-as-text.yaml:2:11: 'question' must be text, not a date (put it in quotes to keep it as text)\n"
        "Error: 1 problem in 1 file\n",
        id="date-as-text",
    ),
    pytest.param(
        ["tests/bad/duplicate-follow-up-ids.yaml"],
        "tests/bad/duplicate-follow-up-ids.yaml:26:9: duplicate id 'measure-impact' (first used at line 20)\n"
        "Error: 1 problem in 1 file\n",
        id="duplicate-follow-up-ids",
    ),
    pytest.param(
        ["tests/bad/several-problems.yaml"],
        "tests/bad/several-problems.yaml:6:5: duplicate principle 'Ownership' (first used at line 5)\n"
        "tests/bad/several-problems.yaml:10:31: 'target_seconds' must be a whole number, not text\n"
        "tests/bad/several-problems.yaml:27:9: duplicate id 'measure-impact' (first used at line 21)\n"
        "tests/bad/several-problems.yaml:31:15: 'weak_why' must be text, not true/false (put it in quotes to keep it as text)\n"
        "tests/bad/several-problems.yaml:34:17: 'Customer Obsession' is not in 'principles' (Ownership)\n"
        "Error: 5 problems in 1 file\n",
        id="several-problems",
    ),
    pytest.param(
        ["tests/bad/duplicate-principles.yaml"],
        "tests/bad/duplicate-principles.yaml:7:5: duplicate principle 'Ownership' (first used at line 5)\n"
        "Error: 1 problem in 1 file\n",
        id="duplicate-principles",
    ),
    pytest.param(
        ["tests/bad/duplicate-key-phrases.yaml"],
        "tests/bad/duplicate-key-phrases.yaml:8:9: duplicate key phrase 'Build broke nightly' (first used at line 7)\n"
        "tests/bad/duplicate-key-phrases.yaml:12:34: duplicate key phrase 'added a check' (first used at line 12)\n"
        "tests/bad/duplicate-key-phrases.yaml:20:16: duplicate guidance for 'ownership!' (first used at line 16)\n"
        "Error: 3 problems in 1 file\n",
        id="duplicate-key-phrases",
    ),
    pytest.param(
        ["tests/bad/duplicate-keys.yaml"],
        "tests/bad/duplicate-keys.yaml:7:1: duplicate key 'question' (first given at line 2)\n"
        "tests/bad/duplicate-keys.yaml:20:3: duplicate key 'text' (first given at line 16)\n"
        "Error: 2 problems in 1 file\n",
        id="duplicate-keys",
    ),
    pytest.param(
        ["tests/bad/empty-lists.yaml"],
        "tests/bad/empty-lists.yaml:15:13: 'problems' must have at least 1 item\n"
        "Error: 1 problem in 1 file\n",
        id="empty-lists",
    ),
    pytest.param(
        ["tests/bad/empty-text.yaml"],
        "tests/bad/empty-text.yaml:6:11: 'overview' must not be empty\n"
        "tests/bad/empty-text.yaml:18:11: 'verdict' must not be empty\n"
        "Error: 2 problems in 1 file\n",
        id="empty-text",
    ),
    pytest.param(
        ["tests/bad/empty.yaml"],
        "tests/bad/empty.yaml:1:1: the file is empty; a scenario is a mapping with keys such as 'id' and 'question'\n"
        "Error: 1 problem in 1 file\n",
        id="empty",
    ),
    pytest.param(
        ["tests/bad/guidance-unknown-principle.yaml"],
        "tests/bad/guidance-unknown-principle.yaml:24:16: 'Dive Deep' is not in 'principles' (Ownership)\n"
        "Error: 1 problem in 1 file\n",
        id="guidance-unknown-principle",
    ),
    pytest.param(
        ["tests/bad/keys-not-names.yaml"],
        "tests/bad/keys-not-names.yaml:7:1: keys must be plain names, not 1\n"
        "tests/bad/keys-not-names.yaml:8:1: keys must be plain names, not empty\n"
        "Error: 2 problems in 1 file\n",
        id="keys-not-names",
    ),
    pytest.param(
        ["tests/bad/missing-keys.yaml"],
        "tests/bad/missing-keys.yaml:1:1: missing required key 'question' in scenario\n"
        "tests/bad/missing-keys.yaml:13:3: missing required key 'verdict' in 'weak_answer'\n"
        "Error: 2 problems in 1 file\n",
        id="missing-keys",
    ),
    pytest.param(
        ["tests/bad/missing-step.yaml"],
        "tests/bad/missing-step.yaml:9:3: missing required key 'reflection' in 'steps'\n"
        "Error: 1 problem in 1 file\n",
        id="missing-step",
    ),
    pytest.param(
        ["tests/bad/number-as-text.yaml"],
        "tests/bad/number-as-text.yaml:3:9: 'family' must be text, not 42 (put it in quotes to keep it as text)\n"
        "tests/bad/number-as-text.yaml:18:7: 'problems' item 2 must be text, not 3.5 (put it in quotes to keep it as text)\n"
        "Error: 2 problems in 1 file\n",
        id="number-as-text",
    ),
    pytest.param(
        ["tests/bad/python-tag.yaml"],
        "tests/bad/python-tag.yaml:6:11: YAML tag '!!python/object/apply:os.system' is not allowed; scenarios hold plain data only\n"
        "Error: 1 problem in 1 file\n",
        id="python-tag",
    ),
    pytest.param(
        ["tests/bad/quiz-choices.yaml"],
        "tests/bad/quiz-choices.yaml:24:7: exactly one choice must be 'correct: true', not 0\n"
        "tests/bad/quiz-choices.yaml:30:7: exactly one choice must be 'correct: true', not 2\n"
        "Error: 2 problems in 1 file\n",
        id="quiz-choices",
    ),
    pytest.param(
        ["tests/bad/root-list.yaml"],
        "tests/bad/root-list.yaml:2:1: scenario must be a mapping of keys to values, not a list\n"
        "Error: 1 problem in 1 file\n",
        id="root-list",
    ),
    pytest.param(
        ["tests/bad/root-scalar.yaml"],
        "tests/bad/root-scalar.yaml:1:1: scenario must be a mapping of keys to values, not text\n"
        "Error: 1 problem in 1 file\n",
        id="root-scalar",
    ),
    pytest.param(
        ["tests/bad/syntax-ampersand.yaml"],
        "tests/bad/syntax-ampersand.yaml:15:9: invalid YAML: a value cannot start with '&' (YAML reads it as an anchor); put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-ampersand",
    ),
    pytest.param(
        ["tests/bad/syntax-apostrophe-in-single-quotes.yaml"],
        "tests/bad/syntax-apostrophe-in-single-quotes.yaml:18:20: invalid YAML: text after the closing ' of a quoted value; write an apostrophe inside '…' as '', or leave the quotes out\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-apostrophe-in-single-quotes",
    ),
    pytest.param(
        ["tests/bad/syntax-asterisk.yaml"],
        "tests/bad/syntax-asterisk.yaml:7:10: invalid YAML: a value cannot start with '*' (YAML reads it as an alias); put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-asterisk",
    ),
    pytest.param(
        ["tests/bad/syntax-at-sign.yaml"],
        "tests/bad/syntax-at-sign.yaml:6:11: invalid YAML: a value cannot start with '@'; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-at-sign",
    ),
    pytest.param(
        ["tests/bad/syntax-backtick.yaml"],
        "tests/bad/syntax-backtick.yaml:6:11: invalid YAML: a value cannot start with '`'; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-backtick",
    ),
    pytest.param(
        ["tests/bad/syntax-bad-indent.yaml"],
        "tests/bad/syntax-bad-indent.yaml:18:2: invalid YAML: this line is indented by 1 space, which lines it up with nothing above it; indent it like the keys or items it belongs with\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-bad-indent",
    ),
    pytest.param(
        ["tests/bad/syntax-block-sign.yaml"],
        "tests/bad/syntax-block-sign.yaml:6:11: invalid YAML: '>' starts a block of text on the lines below it, so no text may follow it on its line; move the text down, or put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-block-sign",
    ),
    pytest.param(
        ["tests/bad/syntax-colon-in-value.yaml"],
        "tests/bad/syntax-colon-in-value.yaml:7:16: invalid YAML: a ': ' inside a value; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-colon-in-value",
    ),
    pytest.param(
        ["tests/bad/syntax-dash-no-space.yaml"],
        "tests/bad/syntax-dash-no-space.yaml:6:3: invalid YAML: a list item needs a space after its '-'\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-dash-no-space",
    ),
    pytest.param(
        ["tests/bad/syntax-directive-line.yaml"],
        "tests/bad/syntax-directive-line.yaml:8:1: invalid YAML: a line cannot start with '%' (YAML reads it as a directive); indent it, or put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-directive-line",
    ),
    pytest.param(
        ["tests/bad/syntax-document-end.yaml"],
        "tests/bad/syntax-document-end.yaml:14:1: invalid YAML: a line of '...' ends the YAML document; remove it\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-document-end",
    ),
    pytest.param(
        ["tests/bad/syntax-key-among-list-items.yaml"],
        "tests/bad/syntax-key-among-list-items.yaml:6:3: invalid YAML: a key among the items of a list; indent it as the keys above the list, or start it with '- '\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-key-among-list-items",
    ),
    pytest.param(
        ["tests/bad/syntax-key-indented-more.yaml"],
        "tests/bad/syntax-key-indented-more.yaml:16:5: invalid YAML: this key is indented more than the key above it; line them up, or put the text above in quotes if this line is part of it\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-key-indented-more",
    ),
    pytest.param(
        ["tests/bad/syntax-list-item-among-keys.yaml"],
        "tests/bad/syntax-list-item-among-keys.yaml:16:3: invalid YAML: a list item ('- ') among the keys of a mapping; put the list under a key of its own, indented below it\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-list-item-among-keys",
    ),
    pytest.param(
        ["tests/bad/syntax-missing-colon.yaml"],
        "tests/bad/syntax-missing-colon.yaml:3:1: invalid YAML: this line has no ': ' after a key; write 'key: value', or indent the line if it goes on the value above\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-missing-colon",
    ),
    pytest.param(
        ["tests/bad/syntax-no-space-after-colon.yaml"],
        "tests/bad/syntax-no-space-after-colon.yaml:3:7: invalid YAML: a key needs a space after its ':'\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-no-space-after-colon",
    ),
    pytest.param(
        ["tests/bad/syntax-percent.yaml"],
        "tests/bad/syntax-percent.yaml:7:10: invalid YAML: a value cannot start with '%'; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-percent",
    ),
    pytest.param(
        ["tests/bad/syntax-question-mark.yaml"],
        "tests/bad/syntax-question-mark.yaml:6:11: invalid YAML: a value cannot start with '? '; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-question-mark",
    ),
    pytest.param(
        ["tests/bad/syntax-quote-inside-double-quotes.yaml"],
        'tests/bad/syntax-quote-inside-double-quotes.yaml:7:15: invalid YAML: text after the closing " of a quoted value; write a " inside "…" as \\", or leave the quotes out\n'
        "Error: 1 problem in 1 file\n",
        id="syntax-quote-inside-double-quotes",
    ),
    pytest.param(
        ["tests/bad/syntax-quote-runs-on.yaml"],
        'tests/bad/syntax-quote-runs-on.yaml:6:11: invalid YAML: the " opened here is not closed on its line: it runs on to the " at line 15, column 9; add the closing " on this line\n'
        "Error: 1 problem in 1 file\n",
        id="syntax-quote-runs-on",
    ),
    pytest.param(
        ["tests/bad/syntax-text-after-brackets.yaml"],
        "tests/bad/syntax-text-after-brackets.yaml:2:11: invalid YAML: a value that starts with '[' is read as a list, and text follows it; put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-text-after-brackets",
    ),
    pytest.param(
        ["tests/bad/syntax-unclosed-brace.yaml"],
        "tests/bad/syntax-unclosed-brace.yaml:9:14: invalid YAML: the '{' opened here is not closed on its line; add the '}', or put the value in quotes if it is text\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-unclosed-brace",
    ),
    pytest.param(
        ["tests/bad/syntax-unclosed-bracket.yaml"],
        "tests/bad/syntax-unclosed-bracket.yaml:4:13: invalid YAML: the '[' opened here is not closed on its line; add the ']', or put the value in quotes if it is text\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-unclosed-bracket",
    ),
    pytest.param(
        ["tests/bad/syntax-unclosed-quote.yaml"],
        'tests/bad/syntax-unclosed-quote.yaml:6:11: invalid YAML: the " opened here is never closed; add the closing "\n'
        "Error: 1 problem in 1 file\n",
        id="syntax-unclosed-quote",
    ),
    pytest.param(
        ["tests/bad/syntax-undefined-alias.yaml"],
        "tests/bad/syntax-undefined-alias.yaml:9:49: invalid YAML: a value cannot start with '*' (YAML reads it as an alias); put the value in quotes\n"
        "Error: 1 problem in 1 file\n",
        id="syntax-undefined-alias",
    ),
    pytest.param(
        ["tests/bad/target-seconds.yaml"],
        "tests/bad/target-seconds.yaml:9:31: 'target_seconds' must be at least 1, not 0\n"
        "tests/bad/target-seconds.yaml:10:26: 'target_seconds' must be a whole number, not text\n"
        "Error: 2 problems in 1 file\n",
        id="target-seconds",
    ),
    pytest.param(
        ["tests/bad/unknown-key-close.yaml"],
        "tests/bad/unknown-key-close.yaml:2:1: unknown key 'questoin' (did you mean 'question'?)\n"
        "Error: 1 problem in 1 file\n",
        id="unknown-key-close",
    ),
    pytest.param(
        ["tests/bad/unknown-key-far.yaml"],
        "tests/bad/unknown-key-far.yaml:7:1: unknown key 'colour' (known keys: id, question, family, principles, questions, hook, overview, summary, steps, weak_answer, follow_ups, quiz, reflections, guidance, levels, tags, unplaced)\n"
        "Error: 1 problem in 1 file\n",
        id="unknown-key-far",
    ),
    pytest.param(
        ["tests/bad/wrong-containers.yaml"],
        "tests/bad/wrong-containers.yaml:4:13: 'principles' must be a list, not text\n"
        "tests/bad/wrong-containers.yaml:8:3: 'steps' must be a mapping of keys to values, not a list\n"
        "Error: 2 problems in 1 file\n",
        id="wrong-containers",
    ),
    pytest.param(
        ["tests/bad/dup-ids"],
        "tests/bad/dup-ids/b.yaml:1:5: scenario id 'same-story' is also used by tests/bad/dup-ids/a.yaml:1:5; ids must be unique\n"
        "Error: 1 problem in 1 file\n",
        id="dup-ids-folder",
    ),
    pytest.param(
        ["tests/bad/dup-ids/b.yaml", "tests/bad/dup-ids/a.yaml"],
        "tests/bad/dup-ids/a.yaml:1:5: scenario id 'same-story' is also used by tests/bad/dup-ids/b.yaml:1:5; ids must be unique\n"
        "Error: 1 problem in 1 file\n",
        id="dup-ids-files-reversed",
    ),
]
