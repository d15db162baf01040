"""``python -m crawler.demosite [--port N]``: serve the demo portal until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys

from crawler.demosite.server import DemoServer


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demosite")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0: any)")
    args = parser.parse_args()
    try:
        server = DemoServer(args.port)
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); "
              "pick another --port", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.url, flush=True)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
