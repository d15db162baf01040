"""Requests as JSON blobs in the frontier.

JSON rather than pickle (scrapy-redis's default): anyone who can write to the Redis
of a pickle-based queue can run code in every spider. A blob holds what
:meth:`scrapy.Request.to_dict` gives, minus defaults and minus meta
values JSON cannot carry (those are logged once and dropped). Render workers build
blobs with :func:`blob_for_url`, without a spider.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from scrapy import Request, Spider
from scrapy.utils.request import fingerprint, request_from_dict

logger = logging.getLogger(__name__)

# Meta Scrapy sets per process; meaningless in another process.
_LOCAL_META = {"download_slot", "download_latency", "depth", "_robots_checked"}
_DEFAULTS: dict[str, Any] = {
    "method": "GET", "headers": {}, "body": "", "cookies": {}, "meta": {}, "encoding": "utf-8",
    "priority": 0, "dont_filter": False, "flags": [], "cb_kwargs": {}, "errback": None,
    "callback": None,
}
_MISSING = object()
_warned: set[str] = set()


def _portable_meta(meta: dict[str, Any]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in meta.items():
        if key in _LOCAL_META:
            continue
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            if key not in _warned:
                _warned.add(key)
                logger.warning("request meta %r is not JSON; the frontier drops it", key)
            continue
        kept[key] = value
    return kept


def _dict_of(request: Request, spider: Spider | None) -> dict[str, Any]:
    """``request.to_dict()``, quicker for the common case: a plain Request whose callbacks
    are the spider's own methods (to_dict searches the spider's members for each)."""
    callbacks = (request.callback, request.errback)
    if type(request) is not Request or not all(
        c is None or getattr(c, "__self__", None) is spider for c in callbacks
    ):
        return request.to_dict(spider=spider)
    return {
        "url": request.url, "callback": getattr(request.callback, "__name__", None),
        "errback": getattr(request.errback, "__name__", None), "method": request.method,
        "headers": dict(request.headers), "body": request.body, "cookies": request.cookies,
        "meta": request.meta, "encoding": request.encoding, "priority": request.priority,
        "dont_filter": request.dont_filter, "flags": request.flags,
        "cb_kwargs": request.cb_kwargs,
    }


def request_to_blob(request: Request, spider: Spider | None) -> str:
    data = _dict_of(request, spider)
    data["meta"] = _portable_meta(data.get("meta") or {})
    data["headers"] = {
        k.decode("latin-1"): [v.decode("latin-1") for v in values]
        for k, values in (data.get("headers") or {}).items()
    }
    data["body"] = (data.get("body") or b"").decode("latin-1")
    compact = {k: v for k, v in data.items() if k == "url" or v != _DEFAULTS.get(k, _MISSING)}
    return json.dumps(compact, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def request_from_blob(blob: str | bytes, spider: Spider) -> Request:
    data = json.loads(blob)
    data["body"] = data.get("body", "").encode("latin-1")
    data["headers"] = {
        k.encode("latin-1"): [v.encode("latin-1") for v in values]
        for k, values in data.get("headers", {}).items()
    }
    return request_from_dict(data, spider=spider)


def blob_for_url(url: str, priority: int = 0, *, callback: str = "parse",
                 headers: dict[str, list[str]] | None = None,
                 meta: dict[str, Any] | None = None) -> tuple[str, bytes]:
    """(blob, fingerprint) of a plain GET to ``url`` for the news spider's ``callback``
    (``parse`` by default), with ``headers`` and ``meta`` if given."""
    data: dict[str, Any] = {"url": url, "callback": callback, "errback": "on_error"}
    if priority:
        data["priority"] = priority
    if headers:
        data["headers"] = headers
    if meta:
        data["meta"] = meta
    blob = json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return blob, fingerprint(Request(url))
