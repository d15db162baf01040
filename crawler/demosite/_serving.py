"""What every test-world server shares: a thread on 127.0.0.1 that counts each path it
serves, so tests take the server's word for what a crawler fetched."""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections from a crawler with more in
    # flight, and each dropped SYN waits a second to be sent again.
    request_queue_size = 256

    def __init__(self, port: int, handler: type[BaseHTTPRequestHandler],
                 host: str = "127.0.0.1") -> None:
        super().__init__((host, port), handler)
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def count(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1

    def start(self) -> Self:
        threading.Thread(target=self.serve_forever, name=type(self).__name__,
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
