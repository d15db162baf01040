"""A Sngine-style news portal served on 127.0.0.1: the demo and test world."""

from __future__ import annotations

from crawler.demosite._content import POST_COUNT, Post, posts
from crawler.demosite.server import BROKEN_500, BROKEN_GARBLED, DemoServer

__all__ = ["BROKEN_500", "BROKEN_GARBLED", "POST_COUNT", "DemoServer", "Post", "posts"]
