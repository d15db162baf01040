"""Readers' comments under a story, found whatever their class names say: body
extractors drop a thread only where a class or id says "comment" in English, and
themes name it in their own language ("kommentare", "comentarios", "yorumlar") or
with hashed names ("css-1x2y3z"). A thread is known by its label in the page's
language ("Top Rated Comments", "Kommentare (12)") over posts that carry a time, a
reply button or a form; or, without a label, by a run of posts that each offer a
reply. Only what follows the headline and some of the story's text is a thread."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._tree import (
    ShortTexts,
    alike,
    fits_in,
    own_text,
    short_text_nodes,
    tag_class,
    text_longer,
    text_owner,
)

# The words a thread's label is made of: a count, a word or two ("Top rated", "View",
# "Leave a"), the noun, a count; in the languages of the sites we crawl.
_NOUNS = (
    r"comments?|replies|responses|reactions|discussion|conversation|r[ée]actions|reaktionen|"
    r"reacciones|tanggapan|"
    r"kommentare?|kommentarer|kommentit|kommentteja|commentaires?|commenti|commento|"
    r"comentarios?|comentários?|reacties?|komentarze?|"
    r"komentáře|komentáre|komentari|komentar|yorumlar|yorum|hozzászólások|σχόλια|"
    r"комментарии|комментариев|комментарий|коментарі|коментари|تعليقات|التعليقات|"
    r"نظرات|دیدگاه‌?ها|תגובות|comentarii|kommentek|komen|ความคิดเห็น|टिप्पणियाँ|टिप्पणियां|"
    r"评论|評論|留言|コメント|댓글|bình luận")
_LEAD = (r"(?:top|most|best|latest|recent|newest|oldest|readers?'?|reader's|user|view|show|"
         r"read|see|all|load|your|the|leave|post|add|write|join|a|an|\w+ rated|popular|"
         r"alle|neueste|tous|les|todos|los|ver|leer|deja|deixe|tutti|i|najnowsze|wszystkie|"
         r"tüm|все)")
# A count's label naming the story, as WordPress themes print it: "3 thoughts on
# “<span>Title</span>”", "One Response to “Title”", "12 Kommentare zu „Titel“": what
# comes before the title is read (the title is a text of its own, or makes the label
# too long for a short text; such a heading is read whole).
_COUNT_NAMING = (r"^\W*(?:\d+|one|no)\s+(?:thoughts?|responses?|reply|r[ée]ponses?|"
                 rf"respuestas?|respostas?|antworten|{_NOUNS})\s+"
                 r"(?:on|to|about|zu|auf|sur|à|a|en|para|em|su|op|na|do|к)\s*[\"“„«‘'‚]")
_NAMING_HEADING = re.compile(_COUNT_NAMING, re.IGNORECASE)
_NAMING_HEADING_MAX = 200
_LABEL = re.compile(
    rf"^\W*(?:\d+\s+)?(?:(?:{_LEAD}\s+){{0,3}}(?:{_NOUNS})|(?:leave|post|write|add) a reply)"
    r"(?:\s+\w+)?\s*[(\[]?\s*\d*\s*[)\]]?\s*:?\W*$"
    rf"|{_COUNT_NAMING}", re.IGNORECASE)
_LABEL_MAX = 39
# What the posts under a label show: a reply button, a time, a form to write one.
_REPLY = re.compile(
    r"^(?:reply|respond|antworten|répondre|responder|rispondi|responda|odpowiedz|odpovědět|"
    r"odpovedať|yanıtla|cevapla|ответить|відповісти|reageer|beantwoorden|svara|svar|vastaa|"
    r"válasz|απάντηση|رد|回复|回覆|返信|답글|balas|trả lời)\b", re.IGNORECASE)
_REPLY_HREF = re.compile(r"replytocom|(?:[/#?&]|comment-?)reply(?=$|[/?#=&\d])|#respond",
                         re.IGNORECASE)
_TIME_TEXT = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\bago\b|"
    r"\bvor \d|\bil y a\b|\bhace \d|\bönce\b|назад|\btemu\b|\bgeleden\b|\batrás\b|\bsedan\b|"
    r"\bsitten\b|\bsiden\b|\d\s*(?:分|時間|小时|日|天)前|"
    # ("2 giờ trước", "2 jam lalu", "2 години тому", "منذ ساعتين", "לפני שעתיים", "πριν
    # από 2 ώρες", "2 órája", "před 2 hodinami", "acum 2 ore", "há 2 horas", "2 ore fa",
    # "2시간 전", "2 घंटे पहले", "2 ชั่วโมงที่แล้ว", "۲ ساعت پیش")
    r"\btrước\b|\blalu\b|\bтому\b|منذ|לפני|\bπριν\b|\d\s*(?:órája|perce|napja)\b|"
    r"\bp[řr]ed \d|\bacum \d|\bhá \d|\bprije \d|\bпреди \d|\d\s*(?:ore|minuti|giorni) fa\b|"
    r"\d\s*(?:분|시간|일)\s*전|\d\s*\S+\s*(?:पहले|پیش)|ที่แล้ว")
_BEFORE_LABEL_MAX = 30  # characters of a section before its label (a count, an icon)
_THREAD_MIN_CHARS = 80  # a label over less is a counter's link, not a thread
_STORY_MIN_CHARS = 150  # of text between the headline and a thread (a brief's sentence)
# Of a thread's text, what may stand outside its posts and its form: a label, "Load
# more", the rules of the house.
_OUTSIDE_POSTS_MAX_CHARS = 400
_RUN = 2


def comment_threads(root: HtmlElement, texts: ShortTexts | None = None) -> list[HtmlElement]:
    """The elements that hold readers' comments after a story: after the page's
    headline and some of its text; never one that holds a headline. Looked for before
    the story's holder is chosen (a long comment may look like one)."""
    found: list[HtmlElement] = []
    labels = [text_owner(node) for node in short_text_nodes(root, _LABEL_MAX, _is_label, texts)]
    labels += [h for h in root.iter("h2", "h3", "h4")
               if fits_in(h, _NAMING_HEADING_MAX) and _NAMING_HEADING.match(own_text(h))]
    for label in dict.fromkeys(labels):
        if label is None or label.tag in ("html", "body", "a", "button") or any(
                a.tag in ("a", "button") for a in label.iterancestors()):
            continue  # (a link's label, "12 comments", points to a thread or counts it)
        section = _section(label)
        if section[0] not in found and _holds_posts(section, label):
            found += section
    # (Not a run of posts that each hold a thread found by its label: the story's column
    # and the column of the page's own comments, side by side.)
    labelled = set(found)
    for run in _reply_runs(root, texts):
        if not labelled or not any(x in labelled for p in run for x in p.iterdescendants()):
            found += run
    found = [el for el in dict.fromkeys(found) if next(el.iter("h1"), None) is None]
    after = _after_story(root, found)
    return [el for el in found if el in after and not any(a in after for a in el.iterancestors())]


def _section(label: HtmlElement) -> list[HtmlElement]:
    """The largest element that opens with ``label``; where that is the label (or its
    wrapper) alone, it and the posts after it (a heading over the posts, in the story's
    holder)."""
    section = label
    while True:
        parent = section.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        if _text_before(parent, section) > _BEFORE_LABEL_MAX:
            break
        section = parent
    if (label.find(".//a") is None
            and len(own_text(section)) - len(own_text(label)) < _THREAD_MIN_CHARS):
        return [section, *_posts_after(section)]
    return [section]


def _text_before(parent: HtmlElement, child: HtmlElement) -> int:
    """How many characters of ``parent``'s text stand before ``child``, counted up to
    a little over the label's allowance."""
    chars = len((parent.text or "").strip())
    for sibling in child.itersiblings(preceding=True):
        if chars > _BEFORE_LABEL_MAX:
            break
        long = text_longer(sibling, _BEFORE_LABEL_MAX)
        chars += len((sibling.tail or "").strip()) + (
            _BEFORE_LABEL_MAX + 1 if long else len(own_text(sibling)))
    return chars


def _posts_after(label: HtmlElement) -> list[HtmlElement]:
    """The siblings after ``label`` up to the first that is no part of a thread: parts
    are posts (alike siblings each with a time, or each with a reply button), a form,
    and short bits between them ("View all", a page's links)."""
    siblings = [s for s in label.itersiblings() if isinstance(s.tag, str)]
    timed = {s for s in siblings if _timed(s)}
    kinds = Counter(tag_class(t) for t in timed)  # (alike ones share tag and class ...
    shapes = Counter(_shape(t) for t in timed)  # ... or their shape)
    run: list[HtmlElement] = []
    for s in siblings:
        if not ((s in timed and (kinds[tag_class(s)] > 1 or shapes[_shape(s)] > 1))
                or next(s.iter("form", "textarea"), None) is not None or _offers_reply(s)
                or len(own_text(s)) <= _BEFORE_LABEL_MAX):
            break
        run.append(s)
    return run


def _holds_posts(section: list[HtmlElement], label: HtmlElement) -> bool:
    """Whether ``section`` holds more than its label, and what it holds is posts: two or
    more alike elements that each show a time set apart (not one in a sentence) or
    offer a reply, or one such post under a form to write another; next to little else
    (a story that holds its thread is no thread)."""
    chars = sum(len(own_text(el)) for el in section) - len(own_text(label))
    if chars < _THREAD_MIN_CHARS:
        return False
    inner = [x for el in section for x in el.iter()]
    forms = [x for x in inner if x.tag == "form" or (x.tag == "textarea" and not any(
        a.tag == "form" for a in x.iterancestors()))]
    form_chars = sum(len(own_text(f)) for f in forms)
    writable = any(next(f.iter("textarea"), None) is not None for f in forms)
    best = 0
    for group in [section, *(list(el) for el in inner)]:
        kids = [c for c in group if isinstance(c.tag, str)]
        shown = [c for c in kids if _timed(c) or _offers_reply(c)]
        # (Counted by tag and class, or by shape where each post's class is its own,
        # not compared pairwise: thousands of posts took minutes.)
        kinds = Counter(tag_class(c) for c in shown)
        shapes = Counter(_shape(c) for c in shown)
        posts = [a for a in shown if kinds[tag_class(a)] >= _RUN or shapes[_shape(a)] >= _RUN]
        if not posts and writable:
            posts = shown  # one post under the form
        else:
            posts = _with_parts(kids, posts)
        best = max(best, sum(len(own_text(p)) for p in posts))
    return best > 0 and chars - best - form_chars <= _OUTSIDE_POSTS_MAX_CHARS


def _with_parts(kids: list[HtmlElement], posts: list[HtmlElement]) -> list[HtmlElement]:
    """``posts`` with the siblings that make one post with each, where a post is no
    element of its own but a run of siblings that repeats: the author, the text and
    the time of each as three elements in a row (``<dt>``, ``<dd>``, ``<dd>`` in a
    ``<dl>``, as Blogger and older themes write a thread). The run is taken where the
    posts found (their times, their reply buttons) stand at a fixed step and every
    sibling between the first and the last post's part matches the one a step on."""
    wanted = set(posts)
    at = [i for i, kid in enumerate(kids) if kid in wanted]
    if len(at) < _RUN:
        return posts
    step = at[1] - at[0]
    if step < 2 or any(b - a != step for a, b in pairwise(at)):
        return posts
    keys = [tag_class(kid) for kid in kids]
    for start, end in ((at[0] - step + 1, at[-1] + 1), (at[0], at[-1] + step)):
        if start >= 0 and end <= len(kids) and all(
                keys[i] == keys[i + step] for i in range(start, end - step)):
            return kids[start:end]
    return posts


def _shape(el: HtmlElement) -> tuple[str, ...]:
    """An element's tag and its children's: posts of one thread share it whatever
    their classes ("<div><span>name</span><span>time</span><p>text</p></div>")."""
    return (str(el.tag), *(str(c.tag) for c in el))


_TIME_MAX_CHARS = 40
_TIME_LINE_MAX_CHARS = 70  # a post's head: "Margaret Chen wrote on May 3, 2031 at 8:14 am:"


def _timed(el: HtmlElement) -> bool:
    """Whether ``el`` holds a time apart from its prose: a <time>, or a short line in
    it that shows one ("2 days ago at 07:52 am", "12.03.2021", "<b>Jane</b> wrote on
    May 3, 2024 at 8:14 am:")."""
    for x in el.iter():
        if x.tag == "time":
            return True
        # (The time's words may follow the writer's name, in that name's tail.)
        for owner, part in ((x, x.text), (x.getparent(), x.tail) if x is not el else (None, None)):
            text = (part or "").strip()
            if (owner is not el and owner is not None and text and len(text) <= _TIME_MAX_CHARS
                    and _TIME_TEXT.search(text)
                    and len(own_text(owner)) <= _TIME_LINE_MAX_CHARS):
                return True
    return False


def _is_label(text: str) -> bool:
    return _LABEL.match(text) is not None


def _is_reply_text(text: str) -> bool:
    return _REPLY.match(text) is not None


def _is_reply(el: HtmlElement) -> bool:
    return bool(_REPLY.match(own_text(el)) or _REPLY_HREF.search(el.get("href", "")))


def _offers_reply(el: HtmlElement) -> bool:
    """Whether ``el`` holds (or is) a link or a button that answers a post."""
    return any(_is_reply(x) for x in el.iter("a", "button"))


_REPLY_LINKS = etree.XPath("//a[contains(@href, 'reply') or contains(@href, 'respond')]")
_REPLY_MAX = 20


def _reply_buttons(root: HtmlElement, texts: ShortTexts | None) -> list[HtmlElement]:
    """Links and buttons that answer a post: by their text (looked up among the page's
    short texts), or by where they lead."""
    found = [a for a in _REPLY_LINKS(root) if _REPLY_HREF.search(a.get("href", ""))]
    for node in short_text_nodes(root, _REPLY_MAX, _is_reply_text, texts):
        owner = text_owner(node)
        for el in [owner, *owner.iterancestors()][:3] if owner is not None else []:
            if el.tag in ("a", "button"):
                found.append(el)
                break
    return found


def _reply_runs(root: HtmlElement, texts: ShortTexts | None) -> list[list[HtmlElement]]:
    """Runs of two or more alike siblings that each hold a reply button: posts."""
    holding: dict[HtmlElement, None] = {}  # the elements that hold one, inner first
    for el in _reply_buttons(root, texts):
        for a in [el, *el.iterancestors()]:
            if a.tag in ("body", "html") or a in holding:
                break
            holding[a] = None
    runs = []
    for parent in {el.getparent(): None for el in holding}:
        posts = [c for c in parent if c in holding] if parent is not None else []
        if len(posts) >= _RUN and all(alike(posts[0], p) for p in posts):
            runs.append(posts)
    return runs


def _after_story(root: HtmlElement, elements: list[HtmlElement]) -> set[HtmlElement]:
    """Those of ``elements`` that come after the page's headline (its first <h1>, else
    its first <h2>) and some text after it: the story's; on a page with no such
    headline, after more text from the page's start than they hold themselves."""
    if not elements:
        return set()
    wanted, out = set(elements), set[HtmlElement]()
    headline = next(root.iter("h1"), None)
    if headline is None:
        headline = next(root.iter("h2"), None)
    # With no headline at all, from the page's start, and only a thread that follows
    # more text than it holds (a story's comments, not a forum's posts).
    need = ({el: _STORY_MIN_CHARS for el in wanted} if headline is not None
            else {el: max(_STORY_MIN_CHARS, len(own_text(el))) for el in wanted})
    chars = -1 if headline is not None else 0  # of text since the headline; -1 before it
    for x in root.iter():
        if x is headline:
            chars = 0
        elif chars >= 0:
            if x in wanted and chars >= need[x]:
                out.add(x)
            chars += len((x.text or "").strip()) + len((x.tail or "").strip())
    return out
