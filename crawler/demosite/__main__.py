"""``python -m crawler.demosite [--port N]``: serve the demo portal until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys

from crawler.demosite.server import DemoServer


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.demosite")
    parser.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (0: any)")
    parser.add_argument("--posts", type=int, default=64, help="posts to serve (64: the demo)")
    parser.add_argument("--bundle-ms", type=int, default=0,
                        help="every page runs a site script that keeps a browser busy this long")
    args = parser.parse_args()
    if args.posts != 64:
        from crawler.demosite._content import set_post_count

        set_post_count(max(2, args.posts))
    try:
        server = DemoServer(args.port)
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port} ({exc.strerror}); "
              "pick another --port", file=sys.stderr)
        return 2
    server.bundle_ms = max(0, args.bundle_ms)
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
