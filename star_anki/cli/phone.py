"""`serve`: the deck to a phone by QR code, and opening a deck in Anki on this computer."""

from __future__ import annotations

import typing

import click

from ..errors import StarAnkiError
from .common import DEFAULT_OUTPUT, DEFAULT_SCENARIOS, to_paths

if typing.TYPE_CHECKING:
    from pathlib import Path

    import segno


def open_deck(deck: Path) -> None:
    """Hand the deck to the system's opener (Anki's import dialog, where Anki is installed)."""
    try:
        failed = click.launch(str(deck), wait=True)
    except OSError:
        failed = 1
    if failed:
        click.echo(f"Nothing here opens .apkg files; the deck is at {deck}.")
    else:
        click.echo(f"Opened {deck}: import it in Anki's dialog.")


def _stale(deck: Path) -> str | None:
    """Why the default deck must be built first (missing, or older than a scenario), or None."""
    if not deck.is_file():
        return f"{deck} is not built yet"
    from ..errors import NoScenariosError
    from ..load import find_scenario_files

    built = deck.stat().st_mtime
    folder = to_paths([DEFAULT_SCENARIOS])
    try:
        found = find_scenario_files(folder) if folder[0].is_dir() else []
    except NoScenariosError:  # nothing to build from: serve the deck there is
        found = []
    newer = [path for path in found if path.stat().st_mtime > built]
    return f"{newer[0]} changed since {deck} was built" if newer else None


_QR_KINDS = ("png", "svg")


def _qr_file(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The file for the QR code, refused at once unless it names a kind segno writes at scale."""
    if value is not None and value.rpartition(".")[2].lower() not in _QR_KINDS:
        raise click.BadParameter("name a .png or .svg file")
    return value


def _save_qr(code: segno.QRCode, out: Path) -> None:
    """Save the QR code atomically, making missing folders, as every output file is."""
    from ..files import atomic_file

    with atomic_file(out) as partial:
        code.save(str(partial), kind=out.suffix[1:].lower(), scale=8)


@click.command()
@click.argument("deck", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--host", help="The address to serve on.  [default: this computer's LAN address]")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="The port (0: a free one).")
@click.option(
    "--qr", "qr_file", type=click.Path(dir_okay=False), callback=_qr_file,
    help="Also save the QR code here (.png or .svg).",
)  # fmt: skip
@click.option("--keep", is_flag=True, help="Keep serving after a download, until Ctrl+C.")
@click.option("--open", "open_", is_flag=True, help="Also open the deck in Anki on this computer.")
@click.pass_context
def serve(
    ctx: click.Context, deck: str | None, host: str | None, port: int, qr_file: str | None,
    keep: bool, open_: bool,
) -> None:  # fmt: skip
    """Serve a deck to your phone on this network: scan the QR code, open the file in Anki.

    Without DECK, serves decks/star-interview.apkg, building it first when it is
    missing or older than a scenario. The URL holds an unguessable token and
    serves that one file; the server stops after one complete download, after
    10 minutes without a request, or on Ctrl+C.

    \b
    Example:
      star-anki serve                       # build if needed, then show the QR code
      star-anki serve decks/lp.apkg --qr qr.png --keep
    """
    import segno

    from ..serve import lan_address
    from ..serve import serve as serve_deck

    if deck is None:
        (path,) = to_paths([DEFAULT_OUTPUT])
        if (why := _stale(path)) is not None:
            click.echo(f"{why}; building it first.")
            from .deck import build

            ctx.invoke(build)
    else:
        (path,) = to_paths([deck])
    if open_:
        open_deck(path)
    address = host or lan_address()

    def ready(url: str) -> None:
        code = segno.make(url, error="m")
        if qr_file:
            _save_qr(code, to_paths([qr_file])[0])
        click.echo(f"Serving {path} at\n  {url}")
        code.terminal(compact=True)
        click.echo(
            "Android: scan the code, download, open the file with AnkiDroid.\n"
            "iPhone: scan the code, download in Safari, then Open in Anki (from Downloads)."
        )
        if qr_file:
            click.echo(f"The QR code is also in {qr_file}.")
        click.echo("Stops after one download (Ctrl+C stops it now)." if not keep else
                   "Serving until Ctrl+C.")  # fmt: skip

    try:
        why = serve_deck(path, address, port, ready, lambda line: click.echo(line), keep=keep)
    except OSError as error:
        raise click.ClickException(f"cannot serve on {address}:{port}: {error.strerror}") from None
    except StarAnkiError as error:  # the QR code could not be saved
        raise click.ClickException(str(error)) from None
    except KeyboardInterrupt:
        why = "Ctrl+C"
    click.echo(f"Stopped: {why}.")
