"""The address policy, and where it is applied outside Scrapy and Chromium: start URLs,
the render workers' robots.txt fetches, the render proxy's own decisions.

No test here connects anywhere but loopback: names resolve through stubs, and a
refusal is asserted before any connection could be made."""

from __future__ import annotations

import asyncio
import ipaddress
import urllib.error
from typing import Any

import pytest

from crawler.addresses import AddressPolicy, AddressRefused, guarded_opener, kind_of
from crawler.config import ConfigError, CrawlerConfig
from crawler.demosite.hostile import SECRET, HostileSite, InternalHost, StubHosts
from workers.proxy import REFUSED_HEADER, GuardProxy

STRICT = AddressPolicy()
PRIVATE = AddressPolicy(allow_private=True)
PUBLIC_STAND_IN = AddressPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))


@pytest.mark.parametrize(("address", "kind"), [
    ("93.184.216.34", "global"), ("2606:2800:220:1::1", "global"),
    ("127.0.0.1", "loopback"), ("::1", "loopback"),
    ("10.1.2.3", "private"), ("172.20.0.1", "private"), ("192.168.1.1", "private"),
    ("100.64.0.1", "private"), ("fd12::1", "private"), ("fec0::1", "private"),
    ("169.254.169.254", "metadata"), ("fd00:ec2::254", "metadata"),
    ("100.100.100.200", "metadata"), ("169.254.10.1", "link-local"), ("fe80::1", "link-local"),
    ("224.0.0.1", "reserved"), ("239.1.2.3", "reserved"), ("ff02::1", "reserved"),
    ("0.0.0.0", "reserved"), ("::", "reserved"), ("192.0.2.1", "reserved"),
    ("198.18.0.1", "reserved"), ("255.255.255.255", "reserved"),
    # IPv4 inside IPv6 is judged by the IPv4 address it carries.
    ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "metadata"),
    ("2002:a00:1::1", "private"), ("2002:7f00:1::", "loopback"),
    ("64:ff9b::a9fe:a9fe", "metadata"), ("64:ff9b::5db8:d822", "global"),
])
def test_every_address_has_a_kind(address: str, kind: str) -> None:
    assert kind_of(ipaddress.ip_address(address)) == kind


def test_strict_allows_global_addresses_only() -> None:
    assert STRICT.refusal("93.184.216.34") is None
    for address in ("127.0.0.1", "10.0.0.1", "100.64.0.1", "169.254.169.254", "224.0.0.1",
                    "::ffff:127.0.0.1", "2002:a00:1::1"):
        assert STRICT.refusal(address) is not None, address


def test_allow_private_never_opens_metadata() -> None:
    assert PRIVATE.refusal("127.0.0.1") is None
    assert PRIVATE.refusal("10.0.0.1") is None
    assert PRIVATE.refusal("169.254.169.254") == "metadata"
    assert PRIVATE.refusal("fd00:ec2::254") == "metadata"
    assert PRIVATE.refusal("fe80::1") == "link-local"
    assert PRIVATE.refusal("224.0.0.1") == "reserved"
    with_metadata = AddressPolicy(allow_private=True, allow_metadata=True)
    assert with_metadata.refusal("169.254.169.254") is None


def test_allowed_networks_open_those_networks_only() -> None:
    assert PUBLIC_STAND_IN.refusal("127.0.0.1") is None
    assert PUBLIC_STAND_IN.refusal("127.0.0.2") == "loopback"
    assert PUBLIC_STAND_IN.refusal("::ffff:127.0.0.1") is None
    metadata_net = AddressPolicy(allow_networks=(ipaddress.ip_network("169.254.0.0/16"),))
    assert metadata_net.refusal("169.254.169.254") == "metadata"


def test_a_host_keeps_only_its_allowed_addresses() -> None:
    assert PRIVATE.allowed("mixed", ["169.254.169.254", "10.0.0.1"]) == ["10.0.0.1"]
    with pytest.raises(AddressRefused, match=r"www.x.test \(169.254.169.254\) is metadata"):
        PRIVATE.allowed("www.x.test", ["169.254.169.254", "fe80::1"])
    assert STRICT.allowed("nothing", []) == []


def test_networks_setting_parses_and_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRAWLER_ALLOW_NETWORKS", "10.1.2.0/24, fd12::/16")
    config = CrawlerConfig.load()
    assert config.address_policy().refusal("10.1.2.9") is None
    assert config.address_policy().refusal("10.1.3.9") == "private"
    monkeypatch.setenv("CRAWLER_ALLOW_NETWORKS", "10.1.2.0/33")
    with pytest.raises(ConfigError, match="CRAWLER_ALLOW_NETWORKS"):
        CrawlerConfig.load()


def test_start_urls_are_judged_by_where_they_resolve() -> None:
    def stub(host: str, port: int) -> list[str]:
        return {"www.news.test": ["169.254.169.254"], "news.test": ["93.184.216.34"],
                "intra.test": ["10.0.0.5"]}.get(host, [])

    private = CrawlerConfig.load(crawler_allow_private=True)
    assert private.check_start_url("http://news.test/", stub) == "http://news.test/"
    # The name as given is checked, www. and all; metadata stays refused.
    with pytest.raises(ConfigError, match="metadata; set CRAWLER_ALLOW_METADATA=1"):
        private.check_start_url("http://www.news.test/", stub)
    with pytest.raises(ConfigError, match="is private; pass --allow-private"):
        CrawlerConfig.load().check_start_url("http://intra.test/", stub)
    with pytest.raises(ConfigError, match="(?i)port out of range"):
        private.check_start_url("http://news.test:99999/", stub)
    # w3lib's reading wins: this is a URL of www.news.test, not of 127.0.0.1.
    with pytest.raises(ConfigError, match="metadata"):
        private.check_start_url("http://www.news.test\\@127.0.0.1/", stub)


@pytest.mark.parametrize("attack", ["/attack/redirect", "/attack/redirect-mapped",
                                    "/attack/www"])
def test_robots_fetches_follow_no_redirect_inside(
    hostile_world: tuple[HostileSite, InternalHost], attack: str
) -> None:
    site, internal = hostile_world
    opener = guarded_opener(PUBLIC_STAND_IN, StubHosts().resolve)
    with pytest.raises(urllib.error.URLError, match="address refused"):
        opener.open(f"http://news.test:{site.port}{attack}", timeout=10)
    assert site.hits[attack] == 1  # the public page was fetched...
    assert internal.reached() == 0  # ...and nothing inside


def test_the_internal_stand_in_counts_what_reaches_it(
    hostile_world: tuple[HostileSite, InternalHost]
) -> None:
    """The witness works: a policy that allows loopback lets the redirect in."""
    site, internal = hostile_world
    opener = guarded_opener(PRIVATE, StubHosts().resolve)
    with opener.open(f"http://news.test:{site.port}/attack/redirect", timeout=10) as answer:
        assert SECRET in answer.read().decode()
    assert internal.reached() >= 1


class _Dialer:
    """Stands in for asyncio.open_connection: records, never connects."""

    def __init__(self) -> None:
        self.dialled: list[tuple[str, int]] = []

    async def __call__(self, host: str, port: int, **_: Any) -> Any:
        self.dialled.append((host, port))
        raise ConnectionRefusedError("not in this test")


async def _ask(proxy: GuardProxy, request: bytes) -> bytes:
    host, port = proxy.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(request)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    return answer


@pytest.mark.parametrize("request_bytes", [
    b"GET http://meta.test/latest/meta-data/ HTTP/1.1\r\nHost: meta.test\r\n\r\n",
    b"CONNECT meta.test:443 HTTP/1.1\r\nHost: meta.test:443\r\n\r\n",
    b"GET http://169.254.169.254/latest/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n",
    b"CONNECT [fe80::1]:443 HTTP/1.1\r\n\r\n",
])
def test_the_render_proxy_refuses_before_dialling(request_bytes: bytes) -> None:
    """Even with --allow-private, metadata is refused, and no connection is attempted."""
    dialer = _Dialer()

    async def stub(host: str, port: int) -> list[str]:
        return ["169.254.169.254"] if host == "meta.test" else [host]

    async def scenario() -> bytes:
        proxy = GuardProxy(PRIVATE, stub, dial=dialer)
        await proxy.start()
        try:
            return await _ask(proxy, request_bytes)
        finally:
            await proxy.close()

    answer = asyncio.run(scenario())
    assert answer.startswith(b"HTTP/1.1 403")
    assert REFUSED_HEADER.encode() in answer.lower()
    assert dialer.dialled == []


def test_the_render_proxy_dials_what_it_allowed() -> None:
    """The control: an allowed address is dialled, the very one that was checked."""
    dialer = _Dialer()

    async def stub(host: str, port: int) -> list[str]:
        return ["169.254.169.254", "10.0.0.7"]

    async def scenario() -> bytes:
        proxy = GuardProxy(PRIVATE, stub, dial=dialer)
        await proxy.start()
        try:
            return await _ask(proxy, b"GET http://mixed.test/ HTTP/1.1\r\n\r\n")
        finally:
            await proxy.close()

    assert asyncio.run(scenario()).startswith(b"HTTP/1.1 502")
    assert dialer.dialled == [("10.0.0.7", 80)]


def test_the_job_carries_its_address_policy_to_the_spiders_that_join() -> None:
    """Fixed when the job is created and read back from the frontier's meta: a spider
    joining an intranet job follows the job, whatever its own settings say."""
    from crawler.frontier.core import FrontierSettings

    config = CrawlerConfig.load(crawler_allow_private=True,
                                crawler_allow_networks="100.64.0.0/10")
    settings = config.frontier_settings()
    again = FrontierSettings.from_meta({k: str(v) for k, v in settings.to_meta().items()})
    assert again.address_policy() == config.address_policy()
    assert again.address_policy().refusal("10.0.0.1") is None
    assert again.address_policy().refusal("169.254.169.254") == "metadata"
    old_job = {k: v for k, v in settings.to_meta().items() if not k.startswith("allow_")}
    assert FrontierSettings.from_meta(old_job).address_policy() == STRICT


def test_the_spiders_resolver_hands_out_allowed_addresses_only() -> None:
    """What Scrapy connects to comes from here: refused answers never reach it, and the
    reason is kept for the errors document until the name resolves to something allowed."""
    from crawler.demosite.hostile import StubPolicyResolver

    resolver = StubPolicyResolver(None, PUBLIC_STAND_IN, 0)

    class Receiver:
        def __init__(self) -> None:
            self.addresses: list[str] = []
            self.done = False

        def resolutionBegan(self, resolution: object) -> None:
            pass

        def addressResolved(self, address: object) -> None:
            self.addresses.append(str(getattr(address, "host", "")))

        def resolutionComplete(self) -> None:
            self.done = True

    inside = Receiver()
    resolver.resolveHostName(inside, "www.news.test", 80)
    assert inside.done and inside.addresses == []
    refusal = resolver.refusal("www.news.test")
    assert refusal is not None and refusal.kind == "loopback"
    outside = Receiver()
    resolver.resolveHostName(outside, "news.test", 80)
    assert outside.addresses == ["127.0.0.1"] and resolver.refusal("news.test") is None
    # rebind.news.test: allowed on its first answer, refused on the next.
    first, second = Receiver(), Receiver()
    resolver.resolveHostName(first, "rebind.news.test", 80)
    resolver.resolveHostName(second, "rebind.news.test", 80)
    assert first.addresses == ["127.0.0.1"] and second.addresses == []
