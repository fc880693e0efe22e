"""A TCP relay in front of PostgreSQL that loses the answer to a commit: the server commits,
and the client's connection breaks before it hears so — what a failover or a network fault at
the worst moment does. Everything else passes through unchanged."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

import sqlalchemy as sa


class LostCommitAnswers:
    """Listens on a port of its own for ``url``'s PostgreSQL (:attr:`url`). After
    :meth:`lose_commit_after`, the answer to a COMMIT is not passed back: the client's
    connection is closed instead."""

    def __init__(self, url: str) -> None:
        target = sa.make_url(url)
        self._target = (target.host or "127.0.0.1", target.port or 5432)
        self._listener = socket.create_server(("127.0.0.1", 0))
        port = self._listener.getsockname()[1]
        self.url = target.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
        self._lock = threading.Lock()
        self._marker: bytes | None = None
        self._marked = False  # the marker has gone by: the next COMMIT's answer is lost
        self._then_refusing = 0
        self._deliver = False  # the COMMIT's answer is passed on before the database goes
        self._instead = b""  # sent in place of a lost answer
        self.turned_away = 0
        self._refusing = 0
        self._ends: list[socket.socket] = []
        self.lost = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def lose_commit_after(self, marker: bytes, refusing: int = 0, instead: bytes = b"") -> None:
        """Lose the answer to the first COMMIT sent after a message holding ``marker`` (a
        statement's text), sending ``instead`` in its place (a pooler's error, say); with
        ``refusing``, the database is then gone for a moment: every open connection is closed
        and the next ``refusing`` new ones are turned away."""
        with self._lock:
            self._marker, self._marked = marker, False
            self._then_refusing, self._deliver, self._instead = refusing, False, instead

    def gone_after_commit(self, marker: bytes, refusing: int) -> None:
        """Pass on the answer to the first COMMIT sent after a message holding ``marker``;
        then the database is gone for a moment, as in :meth:`lose_commit_after`."""
        with self._lock:
            self._marker, self._marked = marker, False
            self._then_refusing, self._deliver, self._instead = refusing, True, b""

    def turn_away(self, count: int) -> None:
        """Turn away the next ``count`` new connections (counted in :attr:`turned_away`)."""
        self._refusing = count

    def close(self) -> None:
        self._listener.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self._refusing:
                self._refusing -= 1
                self.turned_away += 1
                client.close()
                continue
            server = socket.create_connection(self._target)
            self._ends += [client, server]
            losing = threading.Event()  # set once this connection's COMMIT went out to be lost
            threading.Thread(target=self._up, args=(client, server, losing), daemon=True).start()
            threading.Thread(target=self._down, args=(server, client, losing), daemon=True).start()

    def _up(self, client: socket.socket, server: socket.socket, losing: threading.Event) -> None:
        while data := _received(client):
            with self._lock:
                if self._marker is not None and self._marker in data:
                    self._marked = True
                    data_after = data[data.index(self._marker) :]
                else:
                    data_after = data
                if self._marked and b"COMMIT" in data_after:  # in the same message, or a later
                    self._marker, self._marked = None, False
                    losing.set()
            try:
                server.sendall(data)
            except OSError:
                break
        server.close()

    def _down(self, server: socket.socket, client: socket.socket, losing: threading.Event) -> None:
        while data := _received(server):
            if losing.is_set():  # the server has committed and answered: the answer is lost
                self._refusing = self._then_refusing
                for end in (server, *(self._ends if self._refusing else ())):
                    if end is not client:
                        _close(end)
                self.lost.set()
                answer = data if self._deliver else self._instead  # ... or passed on
                if answer:
                    with contextlib.suppress(OSError):
                        client.sendall(answer)
                _close(client)
                return
            try:
                client.sendall(data)
            except OSError:
                return
        client.close()


def _received(end: socket.socket) -> bytes:
    try:
        return end.recv(65536)
    except OSError:
        return b""


def _close(end: socket.socket) -> None:
    """Closed at once, even while another thread waits to receive on it."""
    with contextlib.suppress(OSError):
        end.shutdown(socket.SHUT_RDWR)
    end.close()


def error_message(code: str, text: str) -> bytes:
    """A FATAL ErrorResponse of PostgreSQL's protocol, as a pooler sends for a lost server."""
    fields = b"SFATAL\0VFATAL\0C" + code.encode() + b"\0M" + text.encode() + b"\0\0"
    return b"E" + struct.pack("!i", len(fields) + 4) + fields
