"""`serve` in a real process on 127.0.0.1, `build --open` with a recording opener on PATH."""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection

from .conftest import SEED, import_deck, run

ZBARIMG = shutil.which("zbarimg")


class Server:
    """A `star-anki serve` process and the URL it printed."""

    def __init__(self, *args: str | Path, cwd: Path | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "star_anki", "serve", *map(str, args), "--host", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=cwd,
        )  # fmt: skip
        self.lines: list[str] = []
        # A thread reads what it prints, so a test waits on a queue, never on a guess.
        self._printed: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.until("  http://").strip()
        parts = urllib.parse.urlsplit(self.url)
        self.host, self.port, self.path = parts.hostname or "", parts.port or 80, parts.path

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._printed.put(line.rstrip("\n"))
        self._printed.put(None)  # it ended

    def line(self) -> str:
        """The next line it prints; the test fails if none comes within a minute."""
        try:
            line = self._printed.get(timeout=60)
        except queue.Empty:
            raise AssertionError(f"serve printed nothing more: {self.lines}") from None
        assert line is not None, f"serve ended: {self.lines}"
        self.lines.append(line)
        return line

    def until(self, start: str) -> str:
        """The first line from now on that starts with ``start``."""
        while not (line := self.line()).startswith(start):
            pass
        return line

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def rest(self) -> tuple[int, list[str]]:
        """Its exit code once it stops, and everything it printed."""
        code = self.process.wait(timeout=60)
        while (line := self._printed.get(timeout=60)) is not None:
            self.lines.append(line)
        return code, self.lines


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    out = tmp_path / "star interview.apkg"  # a space: the URL quotes the name
    assert run("build", SEED, "-o", out, "--no-which-story").exit_code == 0
    return out


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[list[Server]]:
    """The servers a test starts, stopped at its end whatever happens."""
    started: list[Server] = []
    yield started
    for one in started:
        if one.process.poll() is None:
            one.process.kill()
            one.process.wait()


def test_the_url_serves_the_deck_and_nothing_else_then_stops_after_one_download(
    deck: Path, server: list[Server]
) -> None:
    one = Server(deck)
    server.append(one)
    token, name = one.path.split("/")[1:]
    assert name == "star%20interview.apkg"
    assert len(token) >= 22  # 16 random bytes, URL-safe base64
    data = deck.read_bytes()

    status, headers, body = one.request("HEAD", one.path)
    assert (status, body) == (200, b"")
    assert headers["Content-Type"] == "application/apkg"
    assert headers["Content-Disposition"] == 'attachment; filename="star interview.apkg"'
    assert headers["Content-Length"] == str(len(data))
    assert headers["Accept-Ranges"] == "bytes"

    status, headers, body = one.request("GET", one.path, {"Range": "bytes=100-199"})
    assert (status, body) == (206, data[100:200])
    assert headers["Content-Range"] == f"bytes 100-199/{len(data)}"
    assert one.request("GET", one.path, {"Range": f"bytes={len(data)}-"})[0] == 416

    wrong = [
        f"/{'A' * len(token)}/{name}", "/", f"/{token}/", f"/{token}", f"/{name}",
        f"/{token}/../{token}/{name}", f"/{token}/%2e%2e/{name}", f"/{token}/{name}?x=1",
        f"/{token}/{name}/", f"/{token}/..%2f..%2fetc%2fpasswd", f"//{token}/{name}",
        urllib.parse.quote(one.path),
    ]  # fmt: skip
    assert {path: one.request("GET", path)[0] for path in wrong} == dict.fromkeys(wrong, 404)
    assert one.request("POST", one.path)[0] == 405
    assert one.request("DELETE", one.path)[0] == 405
    assert one.process.poll() is None  # a partial download is not a download

    status, _, body = one.request("GET", one.path)
    assert (status, body) == (200, data)
    code, lines = one.rest()
    assert code == 0
    assert lines[-1] == "Stopped: the deck was downloaded."
    logged = [line for line in lines if line.startswith("[")]
    assert len(logged) == 3 + len(wrong) + 2 + 1  # a line a request
    assert logged[-1].endswith(f"127.0.0.1 GET {one.path} 200 sent {len(data)} bytes")
    assert logged[3].endswith(f"127.0.0.1 GET {wrong[0]} 404 not found")


def test_an_aborted_download_does_not_stop_the_server(tmp_path: Path, server: list[Server]) -> None:
    big = tmp_path / "big.apkg"
    big.write_bytes(os.urandom(32 << 20))  # far more than a socket holds in flight
    one = Server(big)
    server.append(one)
    with socket.create_connection((one.host, one.port), timeout=60) as phone:
        phone.sendall(f"GET {one.path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        assert phone.recv(1024).startswith(b"HTTP/1.0 200")
        phone.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    # The server answers the next request only once it is done with the aborted one.
    assert one.request("HEAD", one.path)[0] == 200
    assert one.process.poll() is None
    assert " 200 stopped by the phone after " in one.until("[")
    one.process.send_signal(signal.SIGINT)
    code, lines = one.rest()
    assert (code, lines[-1]) == (0, "Stopped: Ctrl+C.")


def test_keep_serves_after_a_download_until_ctrl_c(deck: Path, server: list[Server]) -> None:
    one = Server(deck, "--keep")
    server.append(one)
    assert one.lines[-1] == f"  {one.url}"
    for _ in range(2):
        assert one.request("GET", one.path)[2] == deck.read_bytes()
    assert one.process.poll() is None
    one.process.send_signal(signal.SIGINT)
    code, lines = one.rest()
    assert code == 0
    assert "Serving until Ctrl+C." in lines
    assert lines[-1] == "Stopped: Ctrl+C."


@pytest.mark.skipif(ZBARIMG is None and not os.environ.get("CI"), reason="needs zbar-tools")
def test_the_qr_code_holds_the_printed_url(
    deck: Path, tmp_path: Path, server: list[Server]
) -> None:
    assert ZBARIMG is not None, "apt-get install zbar-tools (.ci/run does)"
    qr = tmp_path / "new folder" / "qr.png"  # made as it is needed
    one = Server(deck, "--qr", qr)
    server.append(one)
    decoded = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", str(qr)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert decoded.strip() == one.url
    assert one.until("Android:") == (
        "Android: scan the code, download, open the file with AnkiDroid."
    )


def test_a_qr_code_that_cannot_be_saved(
    deck: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    result = run("serve", deck, "--host", "127.0.0.1", "--qr", Path("afile") / "qr.png")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot write {Path('afile') / 'qr.png'}: afile is a file, not a folder\n"
    )
    result = run("serve", deck, "--qr", "qr.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith("Error: Invalid value for '--qr': name a .png or .svg file\n")


def test_a_phone_downloads_the_deck_and_anki_imports_it(
    deck: Path, tmp_path: Path, server: list[Server], collection: Collection
) -> None:
    one = Server(deck)
    server.append(one)
    with urllib.request.urlopen(one.url, timeout=60) as response:
        downloaded = tmp_path / "download.apkg"
        downloaded.write_bytes(response.read())
    assert downloaded.read_bytes() == deck.read_bytes()
    log = import_deck(collection, downloaded)
    assert len(log.log.new) == 22
    assert one.rest()[0] == 0


def test_build_open_hands_the_deck_to_the_opener(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    opener = bin_dir / "xdg-open"
    opener.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path / "opened.txt"}"\n', encoding="utf-8")
    opener.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.chdir(tmp_path)
    result = run("build", SEED, "-o", "deck.apkg", "--no-which-story", "--open")
    assert result.exit_code == 0
    assert result.stdout.endswith("Opened deck.apkg: import it in Anki's dialog.\n")
    assert (tmp_path / "opened.txt").read_text(encoding="utf-8") == "deck.apkg\n"

    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    result = run("build", SEED, "-o", "deck.apkg", "--no-which-story", "--open")
    assert result.exit_code == 0
    assert result.stdout.endswith("Nothing here opens .apkg files; the deck is at deck.apkg.\n")


def test_serve_builds_the_default_deck_when_it_is_missing_or_older_than_a_scenario(
    tmp_path: Path, server: list[Server]
) -> None:
    shutil.copytree(SEED.parent, tmp_path / "scenarios")
    one = Server(cwd=tmp_path)
    server.append(one)
    assert one.lines[0] == "decks/star-interview.apkg is not built yet; building it first."
    assert one.lines[1] == "Wrote decks/star-interview.apkg: 37 notes from 1 scenario"
    assert one.request("GET", one.path)[2] == (tmp_path / "decks/star-interview.apkg").read_bytes()
    assert one.rest()[0] == 0

    story = tmp_path / "scenarios" / SEED.name
    later = (tmp_path / "decks/star-interview.apkg").stat().st_mtime + 10
    os.utime(story, (later, later))
    again = Server(cwd=tmp_path)
    server.append(again)
    assert again.lines[0] == (
        f"scenarios/{SEED.name} changed since decks/star-interview.apkg was built; building it"
        " first."
    )
