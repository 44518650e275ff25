"""The entry point of ``serve --workers N``: accepts every connection, reads the first request's head,
and hands the connection to one worker for its whole life (a websocket stays with the process holding
its session). A browser's ``gkreg_worker`` cookie picks the worker; a new browser gets the worker with
the fewest open connections, which then sets the cookie. After the head, bytes are copied unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from .sticky import worker_from_cookie

LOG = logging.getLogger("gkreg.web.proxy")
HEAD_LIMIT = 64 * 1024
CONNECT_PATIENCE = 30.0  # seconds a request waits for a (re)starting worker
CHUNK = 256 * 1024


def _head_value(head: bytes, name: bytes) -> str | None:
    for line in head.split(b"\r\n")[1:]:
        key, _, value = line.partition(b":")
        if key.strip().lower() == name:
            return value.strip().decode("latin-1")
    return None


def _with_forwarded_for(head: bytes, peer: str) -> bytes:
    """The head with the client's address appended to ``X-Forwarded-For`` (CONTRACT §7 reads it when
    the entry point's address is a trusted proxy)."""
    lines = head.split(b"\r\n")
    for i, line in enumerate(lines[1:], start=1):
        key, _, value = line.partition(b":")
        if key.strip().lower() == b"x-forwarded-for":
            lines[i] = b"X-Forwarded-For: " + value.strip() + b", " + peer.encode()
            return b"\r\n".join(lines)
    return b"\r\n".join([lines[0], b"X-Forwarded-For: " + peer.encode(), *lines[1:]])


class EntryPoint:
    def __init__(self, backends: list[tuple[str, int]]) -> None:
        self.backends = backends
        self.open = [0] * len(backends)

    def pick(self, head: bytes) -> int:
        index = worker_from_cookie(_head_value(head, b"cookie"), len(self.backends))
        if index is None:
            index = min(range(len(self.backends)), key=self.open.__getitem__)
        return index

    async def _connect(self, index: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        host, port = self.backends[index]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CONNECT_PATIENCE
        while True:
            try:
                return await asyncio.open_connection(host, port, limit=CHUNK)
            except OSError:
                if loop.time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        peer = writer.get_extra_info("peername")
        index = self.pick(head)
        self.open[index] += 1
        up_writer = None
        try:
            try:
                up_reader, up_writer = await self._connect(index)
            except OSError:
                writer.write(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                await writer.drain()
                return
            up_writer.write(_with_forwarded_for(head[:-4], peer[0] if peer else "") + b"\r\n\r\n")
            await asyncio.gather(_copy(reader, up_writer), _copy(up_reader, writer))
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.open[index] -= 1
            for each in (writer, up_writer):
                if each is not None:
                    with contextlib.suppress(Exception):
                        each.close()


async def _copy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            writer.write(data)
            if writer.transport.get_write_buffer_size() > CHUNK:
                await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()
            else:
                writer.close()


async def run_entry_point(address: str | None, port: int, backends: list[tuple[str, int]], stop: asyncio.Event) -> None:
    entry = EntryPoint(backends)
    server = await asyncio.start_server(
        entry.handle, host=address or None, port=port, limit=HEAD_LIMIT, backlog=2048, reuse_address=True
    )
    async with server:
        await stop.wait()
