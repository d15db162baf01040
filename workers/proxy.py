"""The render workers' filtering proxy: Chromium connects nowhere by itself.

Chromium is launched with this proxy for every request it makes: navigations and
their redirects, subresources, fetch/XHR, iframes, WebSockets (tunnelled with
``CONNECT``), loopback included (``<-loopback>``). For each one the proxy resolves the
host itself, keeps the addresses the address policy (:mod:`crawler.addresses`) allows,
and connects to one of those, so what was checked is what is connected to. A refused
request gets ``403`` with an ``X-Crawler-Refused`` header naming the reason (or a
refused tunnel), and is remembered for the pool to report.

Plain HTTP requests are forwarded one per connection (``Connection: close`` both ways),
so a connection vetted for one host never carries a request for another. Why not a
ready-made proxy (proxy.py, mitmproxy): both resolve the name again after any hook we
could add, which is the window this closes; what is needed here is small.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable
from ipaddress import ip_address
from urllib.parse import urlsplit

from crawler.addresses import AddressPolicy, AddressRefused, RefusalLog, kind_of

logger = logging.getLogger(__name__)

REFUSED_HEADER = "x-crawler-refused"
_HEAD_LIMIT = 64 * 1024
_HEAD_TIMEOUT_S = 30.0
_CONNECT_TIMEOUT_S = 10.0
_CHUNK = 64 * 1024
_HOP_BY_HOP = {b"connection", b"proxy-connection", b"keep-alive", b"proxy-authorization",
               b"proxy-authenticate", b"te", b"trailer", b"upgrade"}

AsyncResolve = Callable[[str, int], Awaitable[list[str]]]
Dial = Callable[..., Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]


async def system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardProxy:
    """An HTTP proxy on 127.0.0.1 that connects only where ``policy`` allows."""

    def __init__(self, policy: AddressPolicy, resolve: AsyncResolve = system_resolve,
                 dial: Dial = asyncio.open_connection) -> None:
        self.policy = policy
        self.resolve = resolve
        self.dial = dial  # opens a connection to an address already allowed
        self.refused = 0
        self._server: asyncio.AbstractServer | None = None
        self._port = 0
        self._refusals = RefusalLog()
        self._exchanges: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    async def start(self) -> str:
        if self._server is None:
            self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0,
                                                      limit=_HEAD_LIMIT)
            self._port = self._server.sockets[0].getsockname()[1]
        return self.url

    async def close(self) -> None:
        """Stop listening and end every exchange still open (the browser is gone)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        exchanges, self._exchanges = self._exchanges, set()
        for task in exchanges:
            task.cancel()
        if exchanges:
            await asyncio.wait(exchanges, timeout=5)

    def refusal(self, host: str) -> AddressRefused | None:
        """Why the last request for ``host`` was refused, if it was."""
        return self._refusals.get(host)

    # -- per connection ----------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._exchanges.add(task)
            task.add_done_callback(self._exchanges.discard)
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), _HEAD_TIMEOUT_S)
            line, _, rest = head.partition(b"\r\n")
            method, target, version = line.split(b" ", 2)
            if method == b"CONNECT":
                await self._tunnel(target.decode("latin-1"), reader, writer)
            else:
                await self._forward(method, target.decode("latin-1"), version, rest, reader,
                                    writer)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError,
                ConnectionError, ValueError):
            pass  # a client gone or speaking nonsense: nothing to answer
        finally:
            writer.close()

    async def _tunnel(self, target: str, reader: asyncio.StreamReader,
                      writer: asyncio.StreamWriter) -> None:
        host, _, port = target.rpartition(":")
        upstream = await self._open(host.strip("[]"), int(port), writer)
        if upstream is None:
            return
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await _relay(reader, writer, *upstream)

    async def _forward(self, method: bytes, target: str, version: bytes, rest: bytes,
                       reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        parts = urlsplit(target)
        if parts.scheme != "http" or not parts.hostname:
            await _answer(writer, 400, "the render proxy takes absolute http:// URLs")
            return
        upstream = await self._open(parts.hostname, parts.port or 80, writer)
        if upstream is None:
            return
        up_reader, up_writer = upstream
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        up_writer.write(b"%s %s %s\r\n%s" % (method, path.encode("latin-1"), version,
                                               _closing(rest)))
        # The response head gets "Connection: close" too: Chromium opens a new connection
        # (vetted anew) for its next request instead of reusing this one.
        try:
            head = await asyncio.wait_for(up_reader.readuntil(b"\r\n\r\n"), _HEAD_TIMEOUT_S)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            up_writer.close()
            await _answer(writer, 502, "the server sent no response head")
            return
        status, _, fields = head.partition(b"\r\n")
        writer.write(status + b"\r\n" + _closing(fields))
        await _relay(reader, writer, up_reader, up_writer)

    async def _open(self, host: str, port: int, writer: asyncio.StreamWriter
                    ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """A connection to an allowed address of ``host``; None after answering the
        client (403 refused, 502 unreachable)."""
        try:
            addresses = self.policy.allowed(host, await self.resolve(host, port))
            if not addresses:
                raise OSError(f"{host} resolves to no address")
            if port == self._port:  # ourselves, by any loopback name
                addresses = [a for a in addresses if kind_of(ip_address(a)) != "loopback"]
                if not addresses:
                    raise AddressRefused(host, host, "the render proxy itself")
        except AddressRefused as exc:
            self.refused += 1
            self._refusals.add(exc)
            logger.info("%s", exc)
            await _answer(writer, 403, str(exc), refused=str(exc))
            return None
        except OSError as exc:
            await _answer(writer, 502, f"{host}: {exc}")
            return None
        last: OSError | None = None
        for address in addresses:
            try:
                return await asyncio.wait_for(
                    self.dial(address, port, limit=_HEAD_LIMIT),
                    _CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as exc:
                last = exc if isinstance(exc, OSError) else OSError("connect timed out")
        await _answer(writer, 502, f"{host}: {last}")
        return None


def _closing(fields: bytes) -> bytes:
    """Header lines (ending with the blank line) without hop-by-hop fields, plus
    ``Connection: close``."""
    kept = [line for line in fields.split(b"\r\n")
            if line and line.split(b":", 1)[0].strip().lower() not in _HOP_BY_HOP]
    return b"".join(line + b"\r\n" for line in kept) + b"Connection: close\r\n\r\n"


async def _answer(writer: asyncio.StreamWriter, status: int, message: str,
                  refused: str | None = None) -> None:
    body = message.encode("utf-8", "replace")
    head = (f"HTTP/1.1 {status} {'Forbidden' if status == 403 else 'Bad Gateway'}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Length: {len(body)}\r\n"
            + (f"{REFUSED_HEADER}: {refused}\r\n" if refused else "")
            + "Connection: close\r\n\r\n")
    with contextlib.suppress(ConnectionError):
        writer.write(head.encode("latin-1", "replace") + body)
        await writer.drain()


async def _relay(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                 up_reader: asyncio.StreamReader, up_writer: asyncio.StreamWriter) -> None:
    """Copy both ways until either side is done."""

    async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while chunk := await source.read(_CHUNK):
                sink.write(chunk)
                await sink.drain()
            if sink.can_write_eof():
                sink.write_eof()

    to_server = asyncio.ensure_future(pipe(reader, up_writer))
    to_client = asyncio.ensure_future(pipe(up_reader, writer))
    try:
        # The response is what matters: once the server is done, so is the exchange.
        await to_client
    finally:
        to_server.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await to_server
        up_writer.close()
