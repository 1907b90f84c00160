"""`serve`: hand a deck to a phone over the local network, at one unguessable URL.

Only GET and HEAD of exactly ``/<token>/<deck file name>`` are answered; the token
holds 128 bits from ``secrets``, so the URL cannot be guessed, and no other path,
file or method is reachable. The server stops after one complete download, after
``IDLE_SECONDS`` without a request, or on Ctrl+C (``keep`` serves until Ctrl+C).
"""

from __future__ import annotations

import datetime
import http.server
import re
import secrets
import socket
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .wording import plural

IDLE_SECONDS = 600
TOKEN_BYTES = 16  # 128 bits
# AnkiDroid and AnkiMobile take a download of this type, or any named '*.apkg', as a deck.
CONTENT_TYPE = "application/apkg"
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")
_CHUNK = 1 << 16


def lan_address() -> str:
    """This machine's address on its local network, or 127.0.0.1 where it has none.

    Connecting a UDP socket sends nothing; it only makes the system pick the address
    it would send from.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address: str = probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"
    return address


@dataclass
class Served:
    """What the server has done: whether a download completed, when it last heard a request."""

    deck: Path
    path: str  # the one path served, '/<token>/<file name>'
    log: Callable[[str], None]
    complete: bool = False
    last_request: float = field(default_factory=time.monotonic)


def url_path(deck: Path, token: str | None = None) -> str:
    """The path a deck is served at: an unguessable token, then its file name."""
    token = token or secrets.token_urlsafe(TOKEN_BYTES)
    return f"/{token}/{urllib.parse.quote(deck.name)}"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Answers GET and HEAD of the one path; 404 for any other path, 405 for other methods."""

    served: Served
    server_version = "star-anki"
    sys_version = ""
    timeout = 60  # a stalled phone does not hold the server forever
    sent = 0  # bytes of the deck sent for the request being answered

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("do_"):  # any other method: not allowed
            return self._not_allowed
        raise AttributeError(name)

    def _not_allowed(self) -> None:
        self._status(405, "method not allowed")
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _answer(self, body: bool) -> None:
        served = self.served
        # Compared as sent, not as http.server tidies it ('//x' to '/x'), never decoded:
        # exactly one URL, no path tricks.
        sent = self.requestline.split(" ")[1] if self.requestline.count(" ") >= 1 else ""
        if sent != served.path:
            self._status(404, "not found")
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        size = served.deck.stat().st_size
        start, end = 0, size - 1
        status = 200
        asked = self.headers.get("Range")
        if asked is not None:
            found = _range(asked, size)
            if found is None:
                self._status(416, "range not satisfiable")
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            (start, end), status = found, 206
        self.send_response(status)
        self.send_header("Content-Type", CONTENT_TYPE)
        self.send_header("Content-Disposition", f'attachment; filename="{served.deck.name}"')
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if not body:
            self._status(status, "headers only")
            return
        self.sent = 0
        try:
            self._send(start, end)
        except (ConnectionError, TimeoutError):
            self._status(status, f"stopped by the phone after {self.sent} of {end - start + 1}")
            return
        # The last byte reached the phone: the whole deck has (a resumed download ends so too).
        served.complete = served.complete or end == size - 1
        self._status(status, f"sent {plural(end - start + 1, 'byte')}")

    def _send(self, start: int, end: int) -> None:
        with self.served.deck.open("rb") as deck:
            deck.seek(start)
            left = end - start + 1
            while left > 0:
                chunk = deck.read(min(_CHUNK, left))
                if not chunk:
                    raise ConnectionError("the deck got shorter while it was sent")
                self.wfile.write(chunk)
                self.sent += len(chunk)
                left -= len(chunk)
            self.wfile.flush()

    def _status(self, status: int, outcome: str) -> None:
        self.served.last_request = time.monotonic()
        now = datetime.datetime.now().strftime("%H:%M:%S")
        self.served.log(
            f"[{now}] {self.client_address[0]} {self.command} {self.path[:80]} {status} {outcome}"
        )

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: each request is told once, by _status."""


def _range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte of a single 'bytes=' range, or None if it cannot be served."""
    match = _RANGE.fullmatch(header.strip())
    if match is None or size == 0 or not (match[1] or match[2]):
        return None
    if not match[1]:  # the last N bytes
        return max(0, size - int(match[2])), size - 1
    start = int(match[1])
    end = min(int(match[2]), size - 1) if match[2] else size - 1
    return (start, end) if start <= end else None


def serve(
    deck: Path, host: str, port: int, on_ready: Callable[[str], None],
    log: Callable[[str], None], keep: bool = False, idle: float = IDLE_SECONDS,
) -> str:  # fmt: skip
    """Serve ``deck`` until one complete download (unless ``keep``) or ``idle`` seconds idle.

    ``on_ready`` hears the URL once the server listens. Returns why it stopped.
    """
    served = Served(deck.resolve(), url_path(deck), log)
    handler = type("Handler", (_Handler,), {"served": served})
    with http.server.HTTPServer((host, port), handler) as server:
        server.timeout = 1  # how often the loop looks at the clock while no request comes
        bound_host, bound_port = str(server.server_address[0]), int(server.server_address[1])
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        on_ready(f"http://{shown}:{bound_port}{served.path}")
        while True:
            server.handle_request()
            if served.complete and not keep:
                return "the deck was downloaded"
            if time.monotonic() - served.last_request > idle:
                return f"no request for {int(idle // 60)} minutes"
