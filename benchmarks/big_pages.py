"""``python -m benchmarks.big_pages [--size 4000]``: ``extract`` on pages of one shape
grown large (a crawl accepts bodies up to ``DOWNLOAD_MAXSIZE``, 16 MiB), timed at
``--size`` repetitions and at four times as many.

Shapes: paragraphs of one story; links in a row; teaser cards (a linked headline in a
box of its own over its summary); linked-headline teasers; prose in bare ``<div>``s;
paragraphs each in a box; table rows; spans inside one paragraph; lines ended by
``<br>``; a thread of readers' comments under a brief. Time that grows with the size is
fine; time that grows with its square is a page that holds a worker for minutes. The
last line is one JSON object: ``size``, and per shape ``mb`` (of the larger page),
``s`` (seconds at ``size`` and at four times), ``growth`` (their ratio: about 4 where
the time is linear in the size, 16 where it is quadratic) and ``words`` (of the larger
page's body, so that a shape that stops being read shows).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from crawler.extract import ExtractionError, extract

URL = "https://news.example/2024/05/harbour"
_SENTENCE = ("The harbour authority said repairs to pier {i} would take a month and cost "
             "more than planned, according to a report published on Tuesday.")


def sentence(i: int) -> str:
    return _SENTENCE.format(i=i)


SHAPES: dict[str, Callable[[int], str]] = {
    "paragraphs": lambda n: "<article>" + "".join(f"<p>{sentence(i)}</p>" for i in range(n))
    + "</article>",
    "links": lambda n: "".join(f"<a href='/a{i}'>story {i}</a> " for i in range(n))
    + "".join(f"<p>{sentence(i)}</p>" for i in range(5)),
    "cards": lambda n: "".join(f"<div><a href='/a{i}'>A headline of story number {i}</a>"
                               f"</div><p>{sentence(i)}</p>" for i in range(n)),
    "teasers": lambda n: "".join(f"<div class='c'><h2><a href='/a{i}'>Story {i} of the day"
                                 f"</a></h2><p>{sentence(i)}</p></div>" for i in range(n)),
    "div-prose": lambda n: "<div>" + "".join(f"<div>{sentence(i)}</div>" for i in range(n)) + "</div>",
    "boxed": lambda n: "<div class='b'>" + "".join(f"<div class='t'><p>{sentence(i)}</p></div>"
                                                  for i in range(n)) + "</div>",
    "table": lambda n: "".join(f"<p>{sentence(i)}</p>" for i in range(5)) + "<table>"
    + "".join(f"<tr><td>{i}</td><td>row {i} of the table</td></tr>" for i in range(n))
    + "</table>",
    "spans": lambda n: "<p>" + "".join(f"<span>word{i}</span> " for i in range(5 * n)) + "</p>",
    "br-lines": lambda n: "<div>" + "".join(f"Line {i} of the notice<br>" for i in range(n))
    + "</div>",
    "comments": lambda n: f"<article><p>{sentence(0)}</p><p>{sentence(1)}</p></article><h3>Comments</h3>"
    "<ol>" + "".join(f"<li><b>reader{i}</b> <time>May 5, 2024</time><p>{sentence(i)}</p>"
                     f"<a href='?replytocom={i}'>Reply</a></li>" for i in range(n // 4))
    + "</ol>",
}


def page(shape: str, n: int) -> str:
    return (f"<html><head><title>Harbour repairs</title></head><body>"
            f"<h1>Harbour repairs</h1>{SHAPES[shape](n)}</body></html>")


def _timed(html: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        words = extract(html, URL).word_count
    except ExtractionError:
        words = 0
    return time.perf_counter() - started, words


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.big_pages")
    parser.add_argument("--size", type=int, default=4000,
                        help="repetitions of the shape's unit in the smaller page")
    args = parser.parse_args()
    if args.size < 10:
        raise SystemExit("error: --size must be 10 or more")
    out: dict[str, dict[str, float | int | list[float]]] = {}
    for shape in SHAPES:
        small, _ = _timed(page(shape, args.size))
        big_html = page(shape, 4 * args.size)
        big, words = _timed(big_html)
        out[shape] = {"mb": round(len(big_html) / 2**20, 2), "s": [round(small, 2), round(big, 2)],
                      "growth": round(big / small, 1) if small else 0.0, "words": words}
        print(f"{shape:10} {out[shape]['mb']:6} MB  {small:6.2f} s -> {big:6.2f} s  "
              f"x{out[shape]['growth']}", flush=True)
    print(json.dumps({"size": args.size, "shapes": out}))


if __name__ == "__main__":
    main()
