"""YAML syntax errors in star-anki's words: what the typo is, where it is, how to fix it.

PyYAML names the state its parser was in ("did not find expected key while parsing a
block mapping") at the place it gave up, which is often lines after the typo. Each rule
here knows one common typo: it points at the typo and says the fix. Anything else keeps
PyYAML's words. The rules read PyYAML's messages as both its C and its Python parser
word them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from .errors import Problem
from .wording import plural

Place = tuple[int, int]  # 1-based line and column
Found = tuple[int, int, str]  # where to look, and what to say after 'invalid YAML: '


@dataclass(frozen=True)
class _Failure:
    """A syntax error as the rules read it: PyYAML's words and places, and the text."""

    problem: str
    context: str
    at: Place  # where PyYAML gave up
    opened: Place | None  # where the thing it was reading began
    parser: bool  # a ParserError: the tokens were fine, their order was not
    text: str
    lines: list[str]

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def char(self, place: Place) -> str:
        return self.line(place[0])[place[1] - 1 : place[1]]


def syntax_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    """The problem to report for a YAML syntax error in the file ``name`` holding ``text``."""
    failure = _failure(error, text)
    for rule in _RULES:
        found = rule(failure)
        if found is not None:
            line, column, message = found
            return Problem(name, line, column, f"invalid YAML: {message}")
    return Problem(name, *failure.at, f"invalid YAML: {_pyyaml_words(error)}")


def _place(mark: yaml.Mark | None) -> Place | None:
    return None if mark is None else (mark.line + 1, mark.column + 1)


def _failure(error: yaml.MarkedYAMLError, text: str) -> _Failure:
    at = _place(error.problem_mark) or _place(error.context_mark) or (1, 1)
    return _Failure(
        error.problem or "", error.context or "", at, _place(error.context_mark),
        isinstance(error, yaml.parser.ParserError), text, text.splitlines(),
    )  # fmt: skip


def _pyyaml_words(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's own message, for the errors no rule knows."""
    mark = error.problem_mark or error.context_mark
    message = str(error.problem)
    if error.context:
        message += f" ({error.context}"
        context = error.context_mark
        if context is not None and context is not mark:
            message += f" at line {context.line + 1}, column {context.column + 1}"
        message += ")"
    return message


def _last_token(failure: _Failure) -> yaml.Token | None:
    """The token that ends last before where PyYAML gave up, as its Python scanner reads them."""
    scanner = yaml.SafeLoader(failure.text)
    tokens: list[yaml.Token] = []
    try:
        while scanner.check_token():
            token: yaml.Token = scanner.get_token()  # type: ignore[no-untyped-call]
            tokens.append(token)
            if (token.start_mark.line + 1, token.start_mark.column + 1) >= failure.at:
                break
    except yaml.YAMLError:
        tokens.extend(scanner.tokens)  # read, but not yet handed out when it failed
    finally:
        scanner.dispose()
    before = [t for t in tokens if (t.end_mark.line + 1, t.end_mark.column + 1) <= failure.at]
    return max(before, key=lambda t: (t.end_mark.line, t.end_mark.column), default=None)


def _tab(failure: _Failure) -> Found | None:
    if failure.char(failure.at) == "\t":
        return (*failure.at, "a tab cannot indent or start a value; use spaces")
    return None


def _second_document(failure: _Failure) -> Found | None:
    if failure.problem == "but found another document":
        return (*failure.at, "a scenario file holds one document; remove the second '---'")
    return None


def _unclosed_quote(failure: _Failure) -> Found | None:
    if failure.context != "while scanning a quoted scalar" or failure.opened is None:
        return None
    quote = failure.char(failure.opened)
    return (*failure.opened, f"the {quote} opened here is never closed; add the closing {quote}")


def _text_after_quote(failure: _Failure) -> Found | None:
    """A quote closed too early (an apostrophe, a quote inside), or one left open on its line."""
    last = _last_token(failure) if failure.parser else None
    if not isinstance(last, yaml.ScalarToken) or last.style not in ("'", '"'):
        return None
    quote, start = last.style, (last.start_mark.line + 1, last.start_mark.column + 1)
    close = (last.end_mark.line + 1, last.end_mark.column)  # the closing quote itself
    if close[0] != failure.at[0]:
        return None
    if start[0] != close[0]:
        return (
            *start,
            f"the {quote} opened here is not closed on its line: it runs on to the {quote}"
            f" at line {close[0]}, column {close[1]}; add the closing {quote} on this line",
        )
    inside = "an apostrophe inside '…' as ''" if quote == "'" else 'a " inside "…" as \\"'
    return (
        *close,
        f"text after the closing {quote} of a quoted value; write {inside},"
        " or leave the quotes out",
    )


def _text_after_brackets(failure: _Failure) -> Found | None:
    """A value that starts with '[' or '{', which YAML reads as a list or mapping."""
    last = _last_token(failure) if failure.parser else None
    ends = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)
    if not isinstance(last, ends) or last.end_mark.line + 1 != failure.at[0]:
        return None
    line = failure.line(failure.at[0])
    depth, column = 0, last.end_mark.column - 1  # 0-based, the closing bracket
    while column >= 0:  # back to the bracket that opened it, on the same line
        depth += {"]": 1, "}": 1, "[": -1, "{": -1}.get(line[column], 0)
        if depth == 0:
            break
        column -= 1
    if column < 0:
        return None
    kind = "a list" if line[column] == "[" else "a mapping"
    return (
        failure.at[0], column + 1,
        f"a value that starts with '{line[column]}' is read as {kind}, and text follows it;"
        " put the value in quotes",
    )  # fmt: skip


def _colon_in_value(failure: _Failure) -> Found | None:
    if not failure.problem.startswith("mapping values are not allowed"):
        return None
    line = failure.line(failure.at[0])
    if re.search(r":\s", line[: failure.at[1] - 1]):  # after 'key: ', on the same line
        return (*failure.at, "a ': ' inside a value; put the value in quotes")
    indent = len(line) - len(line.lstrip(" "))
    return (
        failure.at[0], indent + 1,
        "this key is indented more than the key above it; line them up, or put the text"
        " above in quotes if this line is part of it",
    )  # fmt: skip


def _misplaced_line(failure: _Failure) -> Found | None:
    """A line that starts where nothing open above it can go on: indentation, or a stray item."""
    expected = ("did not find expected key", "did not find expected '-'", "expected <block end>")
    if not failure.problem.startswith(expected):
        return None
    line = failure.line(failure.at[0])
    indent = len(line) - len(line.lstrip(" "))
    if failure.at[1] != indent + 1:  # not the start of its line
        return None
    item = line.strip() == "-" or line.lstrip(" ").startswith("- ")
    if failure.opened is not None and failure.at[1] == failure.opened[1]:
        if failure.context == "while parsing a block mapping" and item:
            return (
                *failure.at,
                "a list item ('- ') among the keys of a mapping; put the list under a key"
                " of its own, indented below it",
            )
        if failure.context == "while parsing a block collection" and not item:
            return (
                *failure.at,
                "a key among the items of a list; indent it as the keys above the list,"
                " or start it with '- '",
            )
        return None
    return (
        *failure.at,
        f"this line is indented by {plural(indent, 'space')}, which lines it up with nothing"
        " above it; indent it like the keys or items it belongs with",
    )


def _no_colon(failure: _Failure) -> Found | None:
    if failure.problem != "could not find expected ':'" or failure.opened is None:
        return None
    line, column = failure.opened
    rest = failure.line(line)[column - 1 :]
    if re.match(r"-[^\s-]", rest):
        return (line, column, "a list item needs a space after its '-'")
    key = re.match(r"[^\s:]+:(?=\S)", rest)
    if key is not None:
        return (line, column + key.end() - 1, "a key needs a space after its ':'")
    return (
        line, column,
        "this line has no ': ' after a key; write 'key: value', or indent the line if it"
        " goes on the value above",
    )  # fmt: skip


def _unclosed_brackets(failure: _Failure) -> Found | None:
    found = re.match(r"(?:did not find )?expected ',' or '([]}])'", failure.problem)
    if found is None or failure.opened is None or failure.at[0] == failure.opened[0]:
        return None
    close = found[1]
    return (
        *failure.opened,
        f"the '{'[' if close == ']' else '{'}' opened here is not closed on its line;"
        f" add the '{close}', or put the value in quotes if it is text",
    )


def _cannot_start(failure: _Failure) -> Found | None:
    """Characters YAML keeps for itself at the start of a value."""
    if "cannot start any token" in failure.problem:
        sign = failure.char(failure.at)
    elif failure.problem.startswith("mapping keys are not allowed"):
        sign = "? "
    else:
        return None
    return (*failure.at, f"a value cannot start with '{sign}'; put the value in quotes")


def _alias_or_anchor(failure: _Failure) -> Found | None:
    if failure.problem.startswith("found undefined alias"):
        place: Place | None = failure.at
    elif failure.context in ("while scanning an alias", "while scanning an anchor"):
        place = failure.opened
    else:
        return None
    if place is None:
        return None
    sign = failure.char(place)
    what = "an alias" if sign == "*" else "an anchor"
    return (
        *place,
        f"a value cannot start with '{sign}' (YAML reads it as {what}); put the value in quotes",
    )


def _text_after_block_sign(failure: _Failure) -> Found | None:
    words = failure.problem
    if failure.context != "while scanning a block scalar" or failure.opened is None:
        return None
    if "comment or" not in words or "line break" not in words:
        return None
    sign = failure.char(failure.opened)
    return (
        *failure.opened,
        f"'{sign}' starts a block of text on the lines below it, so no text may follow it"
        " on its line; move the text down, or put the value in quotes",
    )


_DIRECTIVE = (
    "a line cannot start with '%' (YAML reads it as a directive); indent it, or put the value"
    " in quotes"
)


def _document_marker(failure: _Failure) -> Found | None:
    """A line YAML reads as a directive ('%') or as the end of the document ('...')."""
    if failure.context == "while scanning a directive" and failure.opened is not None:
        return (*failure.opened, _DIRECTIVE)
    if "<document start>" not in failure.problem:
        return None
    for number in range(failure.at[0] - 1, 0, -1):
        line = failure.line(number)
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("%"):
            return (number, 1, _DIRECTIVE)
        if line.rstrip() == "...":
            return (number, 1, "a line of '...' ends the YAML document; remove it")
        return None
    return None


_RULES: list[Callable[[_Failure], Found | None]] = [
    _tab, _second_document, _unclosed_quote, _text_after_quote, _text_after_brackets,
    _colon_in_value, _misplaced_line, _no_colon, _unclosed_brackets, _cannot_start,
    _alias_or_anchor, _text_after_block_sign, _document_marker,
]  # fmt: skip
