"""Small text helpers: whitespace, words, counters ("2K" -> 2000), dates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser

# "Read also" / "related" in the languages of the news sites we crawl: the label of a
# pointer to another story set in the body, or of a related-stories block (a regex
# fragment, matched case-insensitively).
READ_ALSO = (
    r"(?:lesen sie (?:auch|mehr)|auch interessant|mehr zum thema|siehe auch|weiterlesen|"
    r"zum thema|(?:à |a )?lire (?:aussi|également|la suite)|voir aussi|à voir aussi|"
    r"sur le même sujet|le(?:a|e) también|leer más|ver también|te puede interesar|"
    r"not[ií]cias relacionadas|art[ií]culos relacionados|artigos relacionados|"
    r"mat[ée]rias relacionadas|leggi anche|vedi anche|potrebbe interessarti|"
    r"articoli correlati|leia (?:também|mais)|veja também|ler também|saiba mais|"
    r"verwandte (?:artikel|themen)|ähnliche artikel|articles (?:liés|similaires)|"
    r"lees (?:ook|meer)|zie ook|meer over dit onderwerp|gerelateerde (?:artikelen|berichten)|"
    r"czytaj (?:też|także|więcej)|zobacz (?:też|także)|przeczytaj (?:też|także)|"
    r"powiązane (?:artykuły|materiały|tematy)|podobne artykuły|"
    r"läs (?:också|mer)|relaterade artiklar|les (?:også|mer)|relaterte artikler|"
    r"læs (?:også|mere)|relaterede artikler|čtěte (?:také|též)|přečtěte si (?:také|též)|"
    r"související články|читайте (?:также|еще|ещё)|смотрите также|(?:материалы )?по теме|"
    r"похожие (?:новости|статьи|материалы)|ayrıca (?:okuyun|bakınız)|bunu da okuyun|関連記事|"
    r"あわせて読みたい|相关阅读|延伸阅读|相關閱讀|延伸閱讀|관련 ?기사|"
    r"das könnte (?:sie|dich) auch interessieren|vous (?:aimerez|pourriez aimer) aussi|"
    r"sur le même thème|(?:también )?te (?:puede|podría) interesar|ti potrebbe interessare|"
    r"ook interessant|"
    # Beyond Western Europe: Arabic, Persian, Urdu, Hebrew, Greek, Hungarian, Czech and
    # Slovak, the South Slavic languages, Bulgarian, Ukrainian, Romanian, the Baltic
    # and Finnic ones, Catalan, Indonesian and Malay, Vietnamese, Thai, Hindi, Bengali,
    # Swahili, Tagalog, Chinese, Japanese, Korean.
    r"[اإ]قرأ (?:أيضا|أيضاً|المزيد)|(?:مواضيع|أخبار|مقالات) ذات صلة|ذات صلة|"
    r"بیشتر بخوانید|(?:مطالب|اخبار) (?:مرتبط|پیشنهادی)|مزید پڑھیں|یہ بھی پڑھیں|"
    r"קרא(?:ו)? גם|כתבות (?:נוספות|קשורות)|עוד בנושא|"
    r"διαβάστε (?:επίσης|ακόμα|ακόμη)|δείτε (?:επίσης|ακόμα)|σχετικά (?:άρθρα|θέματα)|"
    r"σχετικές ειδήσεις|"
    r"kapcsolódó (?:cikkek|cikk|hírek|tartalmak)|ezt is ajánljuk|ezek is érdekelhetik|"
    r"mohlo by vás (?:zajímat|zaujímať)|súvisiace (?:články|správy)|"
    r"(?:prečítajte si|čítajte) (?:aj|tiež)|pročitajte (?:i|još|više)|"
    r"(?:povezane|vezane) (?:vijesti|vesti)|povezani članci|preberite (?:še|tudi)|"
    r"прочитајте још|повезане вести|прочетете (?:още|също)|още по темата|"
    r"свързани (?:новини|статии)|читайте (?:також|ще)|дивіться також|схожі (?:новини|статті)|"
    r"(?:більше |новини )?за темою|по темі|"
    r"cite[șş]te (?:[șş]i|mai mult)|citi[țţ]i (?:[șş]i)|articole (?:similare|relevante|asemănătoare)|"
    r"vezi (?:[șş]i)|te-ar putea interesa|"
    r"taip pat skaitykite|susiję straipsniai|lasi (?:arī|vēl)|saistītie raksti|"
    r"loe (?:ka|lisaks)|seotud (?:artiklid|uudised)|lue (?:myös|lisää)|aiheesta lisää|"
    r"llegiu també|llegeix també|notícies relacionades|"
    r"baca (?:juga|pula)|simak juga|(?:berita|artikel) (?:terkait|berkaitan|lainnya)|"
    r"tin (?:liên quan|cùng chuyên mục)|bài (?:viết )?liên quan|xem thêm|đọc thêm|"
    r"có thể bạn quan tâm|"
    r"ข่าว(?:ที่)?เกี่ยวข้อง|บทความที่เกี่ยวข้อง|อ่านเพิ่มเติม|"
    r"(?:ये|यह) भी पढ़ें|संबंधित (?:खबरें|ख़बरें|लेख)|और पढ़ें|আর(?:ও|ো) পড়ুন|সম্পর্কিত খবর|"
    r"soma (?:pia|zaidi)|habari zinazohusiana|basahin (?:din|rin)|"
    r"相关(?:新闻|文章|报道|推荐)|相關(?:新聞|文章|報導|報道)|推荐阅读|推薦閱讀|更多阅读|"
    r"関連(?:ニュース|記事)|こちらもおすすめ|おすすめ記事|관련 ?뉴스)"
)
# The label over a block of other stories: "Related articles", "More from …", "Read
# also" in the languages above.
RELATED_HEADING = re.compile(
    r"^(read more|related( posts| articles| stories| news| content| reading)?|"
    r"more (stories|news|from|in|on)\b.*|also (in|on|read)\b.*|you (may|might) also like|"
    r"recommended( for you| reading| stories)?|devamını oku|ilgili (haberler|yazılar)|"
    r"benzer (haberler|yazılar)|" + READ_ALSO + r")$",
    re.IGNORECASE,
)
# The marks a sentence may end with (after its closing quote, if any).
SENTENCE_ENDS = (".", "!", "?", "…", "。", "！", "？", "\"", "”", "»", "’",
                 # the danda of Hindi, Bengali, Nepali; Urdu's full stop, Arabic's question
                 # mark; Armenian's, Amharic's and Burmese's full stops
                 "।", "॥", "۔", "؟", "։", "።", "။")
# Thai, Lao and Khmer mark no sentence's end: a space parts sentences, the last letter
# ends the text.
_UNPUNCTUATED_SCRIPTS = "\u0e00-\u0eff\u1780-\u17ff"
_UNPUNCTUATED = re.compile(f"[{_UNPUNCTUATED_SCRIPTS}]")


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does: with its mark, or in a script that
    writes none."""
    return text.endswith(SENTENCE_ENDS) or bool(text and _UNPUNCTUATED.match(text[-1]))


_SPACE = re.compile(r"\s+")
_COUNT = re.compile(r"^\s*(\d+(?:[.,]\d+)*)\s*([kKmMbB]|bin|milyon)?\s*$")
_MULTIPLIER = {"k": 1_000, "bin": 1_000, "m": 1_000_000, "milyon": 1_000_000, "b": 1_000_000_000}
_WORD = re.compile(r"\w+", re.UNICODE)
# Chinese and Japanese write no spaces between words: each character of theirs counts
# as one word, as word processors count them (a Japanese sentence is no single word).
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_COUNTED_WORD = re.compile(f"[{_UNSPACED}]|[^\\W{_UNSPACED}]+")
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")


def is_unspaced(char: str) -> bool:
    """Whether ``char`` is of a script written without spaces (Chinese, Japanese)."""
    return _UNSPACED_CHAR.match(char) is not None


def unspaced_chars(text: str) -> int:
    """How many of ``text``'s characters are of a script written without spaces
    (Chinese, Japanese)."""
    return 0 if text.isascii() else len(_UNSPACED_CHAR.findall(text))


def weighted_len(text: str, weight: int) -> int:
    """``text``'s length, each Chinese or Japanese character counted ``weight`` times:
    such a script says in fewer characters what a spaced one says (twice: a paragraph's
    or a headline's size, 80 characters for 150; three times: a word's worth of letters)."""
    return len(text) + (weight - 1) * unspaced_chars(text)


def clean(text: str | None) -> str:
    """Collapse runs of white space (incl. non-breaking) and trim; leave out the
    characters that show nothing (soft hyphens, zero-width spaces, byte-order marks,
    word joiners: German headlines carry soft hyphens for the line breaks)."""
    if not text:
        return ""
    if not text.isascii() and _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


# (Not the zero-width joiners, which make emoji and Persian and Indic words whole.) Nor
# the marks and embeddings that set the direction of Arabic and Hebrew text around
# numbers and names ("\u200fمحمد العلي\u200f").
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def parse_count(text: str | None) -> int | None:
    """A displayed counter as an integer: "2K" -> 2000, "1.5M" -> 1500000, "1,234" -> 1234."""
    match = _COUNT.match(clean(text))
    if not match:
        return None
    number, suffix = match.groups()
    if suffix:
        value = float(number.replace(",", "."))
        return round(value * _MULTIPLIER[suffix.lower()])
    return int(re.sub(r"[.,]", "", number))


# A day without a time is stored at noon UTC: the same day in every zone from UTC-11
# to UTC+11, where midnight UTC is the day before in the Americas.
_DAY_ONLY_HOUR = 12


# Countries in one time zone, by the region subtag of a page's language ("fr-fr", from
# its lang attribute or its domain): a time a French page gives without an offset is
# Paris's, though French is read in many zones.
REGION_ZONES = {
    "uk": "Europe/London", "gb": "Europe/London", "ie": "Europe/Dublin",
    "fr": "Europe/Paris", "be": "Europe/Brussels", "nl": "Europe/Amsterdam",
    "lu": "Europe/Luxembourg", "ch": "Europe/Zurich", "at": "Europe/Vienna",
    "de": "Europe/Berlin", "it": "Europe/Rome", "es": "Europe/Madrid", "pt": "Europe/Lisbon",
    "pl": "Europe/Warsaw", "cz": "Europe/Prague", "sk": "Europe/Bratislava",
    "hu": "Europe/Budapest", "si": "Europe/Ljubljana", "hr": "Europe/Zagreb",
    "rs": "Europe/Belgrade", "ro": "Europe/Bucharest", "bg": "Europe/Sofia",
    "gr": "Europe/Athens", "tr": "Europe/Istanbul", "se": "Europe/Stockholm",
    "no": "Europe/Oslo", "dk": "Europe/Copenhagen", "fi": "Europe/Helsinki",
    "ee": "Europe/Tallinn", "lv": "Europe/Riga", "lt": "Europe/Vilnius", "ua": "Europe/Kyiv",
    "ge": "Asia/Tbilisi",
    "il": "Asia/Jerusalem", "ir": "Asia/Tehran", "in": "Asia/Kolkata", "pk": "Asia/Karachi", "bd": "Asia/Dhaka",
    "jp": "Asia/Tokyo", "kr": "Asia/Seoul", "cn": "Asia/Shanghai", "tw": "Asia/Taipei",
    "hk": "Asia/Hong_Kong", "sg": "Asia/Singapore", "my": "Asia/Kuala_Lumpur",
    "th": "Asia/Bangkok", "vn": "Asia/Ho_Chi_Minh", "ph": "Asia/Manila",
    "nz": "Pacific/Auckland", "za": "Africa/Johannesburg", "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi", "eg": "Africa/Cairo", "ar": "America/Argentina/Buenos_Aires",
    "pe": "America/Lima", "cl": "America/Santiago",
}


# Languages read in one time zone, by the country whose zone it is: a time a page in
# one of them gives without an offset is that zone's ("2019年02月22日 14時37分" on a
# Japanese page is JST). Pages in languages read across many zones (English, Spanish,
# French, ...) keep UTC, unless their region says more (above).
_LANGUAGE_COUNTRIES = {
    "ja": "jp", "ko": "kr", "zh": "cn", "th": "th", "vi": "vn", "he": "il", "tr": "tr",
    "de": "de", "it": "it", "nl": "nl", "pl": "pl", "cs": "cz", "sk": "sk", "hu": "hu",
    "da": "dk", "sv": "se", "nb": "no", "no": "no", "fi": "fi", "el": "gr", "ro": "ro",
    "bg": "bg", "hr": "hr", "sl": "si", "lt": "lt", "lv": "lv", "et": "ee", "uk": "ua",
    "sr": "rs", "ka": "ge", "fa": "ir",
    # India's languages: Tamil's other country, Sri Lanka, keeps India's clock too.
    "hi": "in", "mr": "in", "gu": "in", "kn": "in", "ml": "in", "te": "in", "ta": "in",
}


@cache
def _language_zone(language: str | None, *, by_region: bool = False) -> tzinfo:
    """The zone of the page's language where that is read in one zone, else UTC; with
    ``by_region``, first the zone of the page's region where it names a country in one
    zone (for times written for people: a French page on a ".fr" site shows Paris's
    clock; a machine-readable time without an offset may be the server's UTC)."""
    base, _, region = (language or "").partition("-")
    name = (REGION_ZONES.get(region) if by_region else None) or REGION_ZONES.get(
        _LANGUAGE_COUNTRIES.get(base, ""))
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return UTC


def parse_date(value: str | None, language: str | None = None) -> datetime | None:
    """An ISO-8601 or written date as an aware UTC datetime.

    A time without an offset is taken in the zone of the page's ``language`` where it
    is read in one zone (Japanese, German, Turkish, ...), a written one ("16 mai 2023 à
    09h15") first in that of its region where that is a country in one zone ("fr-fr",
    "en-gb"), else as UTC; a day without a
    time is stored at noon UTC. English and numeric forms are read by dateutil; others
    ("28 Kasım 2026 14:30", "18. November 2019, 10:45 Uhr") by dateparser in the page's
    ``language``, when it is known: a millisecond, where guessing among all languages
    took 6 ms or more and halved extraction speed.
    """
    value = _normal_date(clean(value))
    if value and (language or "").partition("-")[0] in _BUDDHIST_ERA:
        # "16 พ.ค. 2566" is 16 May 2023 (converted before parsing: the era's leap years
        # are not the common era's numbers)
        value = _BUDDHIST_YEAR.sub(lambda m: str(int(m[0]) - _BUDDHIST_OFFSET), value)
    if not value or not any(ch.isdigit() for ch in value) or _NO_YEAR.match(value):
        return None
    written = False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        written = True
        if _SOLAR_HIJRI_YEAR.search(value) and (language or "").partition("-")[0] in _SOLAR_HIJRI:
            read = _solar_hijri_date(value)
        else:
            try:
                read = _dateutil_day(value, _day_first(value, language))
            except (ValueError, OverflowError):
                read = _labelled_day(value, _day_first(value, language))
                if read is None and language:
                    read = _written_date(value, language)
        if read is None:
            return None
        parsed = read
    if parsed.tzinfo is None:
        if not _precision(value) and (parsed.hour, parsed.minute, parsed.second) == (0, 0, 0):
            parsed = parsed.replace(hour=_DAY_ONLY_HOUR, tzinfo=UTC)  # a day, not a time
        else:
            parsed = parsed.replace(tzinfo=_language_zone(language, by_region=written))
    try:
        parsed = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if parsed.year < _FIRST_YEAR or parsed == _EPOCH:
        return None  # a template's placeholder ("0001-01-01T00:00:00Z", Unix time 0)
    if parsed > datetime.now(UTC) + _CLOCK_SKEW:
        return None  # no publication yet: an event's day, a year of another calendar
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


# Iran's and Afghanistan's pages date their stories in the Solar Hijri calendar ("۲۵
# اسفند ۱۴۰۲" is 15 March 2024): a Persian or Pashto date whose year is one of its
# (1300 to 1499, in either script's digits) is read by dateparser's Jalali calendar.
_SOLAR_HIJRI = frozenset({"fa", "ps"})
_SOLAR_HIJRI_YEAR = re.compile(r"(?<![\d۰-۹])[1۱][34۳۴][\d۰-۹]{2}(?![\d۰-۹])")


def _solar_hijri_date(value: str) -> datetime | None:
    from dateparser.calendars.jalali import JalaliCalendar

    try:
        found = JalaliCalendar(value).get_date()
    except (ValueError, OverflowError, LookupError):
        return None
    return found.date_obj if found is not None and "day" in (found.period or "") else None


# Numbers in a date's shape with a year of one digit: a version ("4.2.3"), a record of
# wins, draws and losses ("3-1-2") in a table. Nobody dates a story so (dateutil reads
# both as days of 2003 and 2002).
_NO_YEAR = re.compile(r"^\d{1,2}([./-])\d{1,2}\1\d$")


# Two defaults dateutil fills missing parts from: a part that differs between the two
# readings was not written.
_FILL = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def _day_first(value: str, language: str | None) -> bool:
    """Whether "5/3/2024" is the 5th of March: in every language but English, whose
    pages may be American (where it is the 3rd of May), and where none is known; in
    English where the page names a region that writes the day first ("en-GB", "en-AU",
    "en-IN": all but the United States, Canada and the Philippines). Never in a date
    that opens with its year ("2019/03/05" is the 5th of March everywhere)."""
    if language is None or _YEAR_FIRST.match(value):
        return False
    base, _, region = language.partition("-")
    return base != "en" or (bool(region) and region not in MONTH_FIRST_REGIONS)


MONTH_FIRST_REGIONS = frozenset({"us", "ca", "ph"})


_YEAR_FIRST = re.compile(r"^\D*\d{4}\s*[./-]")


def _dateutil_day(value: str, day_first: bool = False) -> datetime | None:
    """dateutil's reading of a written date, None where it lacks its day, month or
    year: dateutil fills what is missing from today ("2019" would be 3 December 2019 on
    3 December), and a year or a month alone (a review's release year, a copyright
    line) is no day. Raises ValueError where dateutil cannot read it (dateparser may)."""
    parsed: datetime = date_parser.parse(value, fuzzy=False, tzinfos=_zone, default=_FILL[0],
                                         dayfirst=day_first)
    if parsed.year == _FILL[0].year or parsed.month == 1 or parsed.day == 1:
        again = date_parser.parse(value, fuzzy=False, tzinfos=_zone, default=_FILL[1],
                                  dayfirst=day_first)
        if again.date() != parsed.date():
            return None
    return parsed


def _labelled_day(value: str, day_first: bool = False) -> datetime | None:
    """dateutil's reading of a date among words ("Published 18 November 2019", "posted
    on April 21, 2015, at 11:29 a.m.", "2/26/2015 7:11 AM PST BY TMZ STAFF"), where
    every number it skipped is none: the words are a label or a name, not another date.
    (dateparser, asked otherwise, takes tens of milliseconds to find nothing there.)"""
    try:
        parsed, skipped = date_parser.parse(value, fuzzy_with_tokens=True, tzinfos=_zone,
                                            default=_FILL[0], dayfirst=day_first)
        again = date_parser.parse(value, fuzzy=True, tzinfos=_zone, default=_FILL[1],
                                  dayfirst=day_first)
    except (ValueError, OverflowError):
        return None
    if (any(ch.isdigit() for token in skipped for ch in token) or again.date() != parsed.date()
            # the year and the day as written, not made of other numbers ("Room 12 on
            # May 20, 2019" is no 12 May 2020)
            or str(parsed.year) not in value
            or not re.search(rf"(?<!\d)0?{parsed.day}(?!\d)", value)):
        return None
    result: datetime = parsed
    return result


# A date written with CJK units, "2019年04月21日 12時00分" ("년 월 일" in Korean), and
# what follows it ("更新", updated): read by the numbers, in any language.
_CJK_DATE = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"
                       r"(?:\D{0,4}?(\d{1,2})\s*[時시:]\s*(\d{1,2})(?:\s*分|분)?)?")
# Arabic's era after a year, "2024 م" (AD; after a clock time the same letter is "PM"),
# "1445 هـ" (AH).
_ERA_MARK = re.compile(r"(?<=[\d٠-٩]{4})\s*(?:م|هـ|ه)(?=[\s,،-]|$)")
# A Nordic clock time, "kl. 13.40", "klo 13.40", "kl 13:40": read as "13:40" (dateparser
# knows the marker in Norwegian only: a Swedish or Danish dateline lost its time).
_NORDIC_CLOCK = re.compile(r"\b(?:kl|klo)\.?\s*(\d{1,2})[.:](\d{2})\b", re.IGNORECASE)
# A twelve-hour clock with a dot, as British pages write it: "10.30am", "4.15 p.m."
# (dateutil keeps the hour and drops the minutes of "10.30am").
_DOT_CLOCK = re.compile(r"(?<![\d.])(1[0-2]|0?\d)\.([0-5]\d)\s*([ap]\.?m\b\.?)", re.IGNORECASE)
# An offset of three digits, "10:15-500" (-05:00).
_SHORT_OFFSET = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?)([+-])(\d)(\d{2})$")
# An offset from GMT or UTC as people write it, "(GMT+7)", "UTC+05:30": ahead of UTC.
# (dateutil reads "GMT+7" the POSIX way, as seven hours behind.)
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?(?!\d)")
# A clock written with an "h", "10h00", "10h" (French, Portuguese): the hour is 0-23.
_H_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3])h([0-5]\d)?(?![\w:])")


def _normal_date(value: str) -> str:
    """A date in a form the parsers read: CJK units as ISO, a short offset padded."""
    cjk = _CJK_DATE.search(value)
    if cjk:
        year, month, day, hour, minute = cjk.groups()
        day_text = f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{day_text} {int(hour):02d}:{int(minute):02d}" if hour else day_text
    value = _ERA_MARK.sub("", value)
    value = _NORDIC_CLOCK.sub(r"\1:\2", value)
    value = _DOT_CLOCK.sub(r"\1:\2 \3", value)
    value = _NAMED_OFFSET.sub(lambda m: f"{m[1]}{int(m[2]):02d}:{m[3] or '00'}", value)
    value = _H_CLOCK.sub(lambda m: f"{m[1]}:{m[2] or '00'}", value)
    return _SHORT_OFFSET.sub(r"\1\g<2>0\3:\4", value)


def dateline_value(line: str, language: str | None = None) -> str | None:
    """The part of a dateline that reads as a full date: the line itself, else from its
    first number on ("Publicado el 17 enero 2021, 05:31" -> "17 enero 2021, 05:31"),
    else from the word before it ("Published March 3, 2021" -> "March 3, 2021"); else
    the first part of a line parted by bars, dots or dashes that reads so, in whatever
    words its labels are ("Imechapishwa: 15 Machi 2024 | Imesasishwa: 16 Machi 2024":
    the publication's, which such lines give first; "5 رمضان 1445 هـ - 15 مارس 2024":
    the day in the Islamic calendar, then in the common one)."""
    tokens = line.split()
    first = next((i for i, t in enumerate(tokens) if any(ch.isdigit() for ch in t)), None)
    if first is None:
        return None
    for start in dict.fromkeys((0, first, max(first - 1, 0))):
        value = " ".join(tokens[start:])
        if parse_date(value, language) is not None:
            return value
    parts = _DATELINE_PARTS.split(line)
    return next((found for part in parts if len(parts) > 1
                 and (found := dateline_value(part, language)) is not None), None)


_DATELINE_PARTS = re.compile(r"\s+[|·•—–-]\s+")


def written_dates(text: str) -> list[str]:
    """The full dates written in ``text`` in a form read in every language: with CJK
    units, or numeric year first ("2019/3/5", "2019.03.05", "2019-03-05")."""
    return [m.group(0) for m in _WRITTEN_DATE.finditer(text)]


_WRITTEN_DATE = re.compile(_CJK_DATE.pattern + r"|(?<![\d/.-])(?:19|20)\d{2}([/.-])"
                           r"(?:0?[1-9]|1[0-2])\6(?:0?[1-9]|[12]\d|3[01])(?![\d/.-])")
_CLOCK = re.compile(r"\d{1,2}:\d{2}")
# Earlier than this, or the Unix epoch itself, is a placeholder, not a publication.
_FIRST_YEAR = 1800
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A time later than now by more than this is no publication's (a day: a page's clock
# may run ahead of ours, and a day given without its zone may be read a day early).
_CLOCK_SKEW = timedelta(days=1)
# Thai and Lao pages count years in the Buddhist era, 543 ahead of the common era.
_BUDDHIST_ERA = frozenset({"th", "lo"})
_BUDDHIST_YEAR = re.compile(r"(?<!\d)2[45]\d{2}(?!\d)")
_BUDDHIST_OFFSET = 543
_UTC_WRITTEN = re.compile(r"(?:Z|[+-]00:?00)\s*$")
_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b[A-Z]{2,5})\s*$")


def _precision(value: str) -> int:
    """0: a day; 1: a time of day; 2: a time with its offset or zone."""
    value = _normal_date(value)
    if not _CLOCK.search(value):
        return 0
    return 2 if _OFFSET.search(value.strip()) else 1


# Unix time as scripts keep it in an attribute ("data-timestamp="1684221300"", in
# seconds or milliseconds).
_EPOCH_VALUE = re.compile(r"^\s*(\d{10})(\d{3})?\s*$")
_FIRST_EPOCH_YEAR = 2000  # (ten digits from earlier are more often an id or a count)


def epoch_stamp(value: str | None) -> str | None:
    """An attribute's Unix time as an ISO-8601 time in UTC; None for other values and
    times before 2000 or ahead of now (an id, a count)."""
    match = _EPOCH_VALUE.match(value or "")
    if match is None:
        return None
    moment = datetime.fromtimestamp(int(match[1]), UTC)
    if moment.year < _FIRST_EPOCH_YEAR or moment > datetime.now(UTC) + _CLOCK_SKEW:
        return None
    return moment.isoformat()


def best_date(values: Sequence[str | None], language: str | None = None,
              more: Callable[[], Sequence[str]] | None = None) -> datetime | None:
    """The first readable of ``values`` (most trusted first), made as precise as the
    others allow: where it is a day, or a time without an offset, another value of the
    same day (and the same clock time) that gives the time or the offset wins. Pages
    often declare the day in one place and the full time in another. ``more`` gives
    further values for that, asked only where the first lacks time or offset."""
    texts = [v for v in values if v]
    for n, first_value in enumerate(texts):
        best = parse_date(first_value, language)
        if best is not None:
            break
    else:
        return None
    best_precision = _precision(first_value)
    # A page in a language read in one zone that declares its time in UTC may have
    # written its local clock with a "Z" ("20:00:00.000Z" beside <time datetime=
    # "…T20:00:00+09:00">): the same clock time with the zone's offset wins.
    doubtful = (best_precision == 2 and bool(_UTC_WRITTEN.search(first_value))
                and _language_zone(language) is not UTC)
    wall = _wall_clock(first_value) if best_precision < 2 or doubtful else None
    others = [*texts[n + 1 :], *(more() if more is not None and wall is not None else ())]
    # Only values that say more are read (parsing a written date costs milliseconds).
    for value in others:
        precision = _precision(value)
        if wall is not None and doubtful:
            other = _wall_clock(value)
            if (precision == 2 and not _UTC_WRITTEN.search(value) and other is not None
                    and other.replace(second=0) == wall.replace(second=0, microsecond=0)
                    and (parsed := parse_date(value, language)) is not None):
                return parsed
            continue
        if wall is None or precision <= best_precision:
            continue
        other = _wall_clock(value)
        if other is None or other.date() != wall.date():
            continue
        if best_precision and (other.hour, other.minute) != (wall.hour, wall.minute):
            continue
        parsed = parse_date(value, language)
        if parsed is not None:
            # (its clock now the one a value with an offset must show: a day, then
            # "12:21:02", then "12:21:02-05:00")
            best, best_precision, wall = parsed, precision, other
    return best


def shown_first(values: Sequence[str | None], shown: Callable[[], str]) -> list[str | None]:
    """``values`` with, where they give different times of one day, the one whose clock
    time the page shows (``shown()``: its visible text, read only then) put first. A CMS
    with a wrong zone setting writes one field shifted by the offset ("19:11-04:00"
    beside "15:11-04:00" under a byline that reads 15:11)."""
    # Times with their offsets, all the same offset: two clocks of one zone disagree.
    # (Not UTC: a page shows its local clock, which a time written in UTC may or may
    # not be; sites also write their local clock with a "Z".)
    clocks = {v: c for v in values if v and _precision(v) == 2
              and (c := _wall_clock(v)) is not None}
    offsets = {_offset_of(v) for v in clocks}
    if (len(offsets) != 1 or None in offsets or not any(offsets)
            or len({c.date() for c in clocks.values()}) != 1
            or len({(c.hour, c.minute) for c in clocks.values()}) < 2):
        return list(values)
    seen = {_clock(*found) for found in _SHOWN_CLOCK.findall(shown())}
    confirmed = {v for v, c in clocks.items() if (c.hour, c.minute) in seen}
    if len({(clocks[v].hour, clocks[v].minute) for v in confirmed}) != 1:
        return list(values)
    return sorted(values, key=lambda v: v not in confirmed)


# A clock time as pages show it: "15:11", "15:11:05", "3:11 pm", "3:11 p.m.".
_SHOWN_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d)(?::[0-5]\d)?(?![\d:])"
                          r"(?:\s*([ap])\.?m\b\.?)?", re.IGNORECASE)


def _offset_of(value: str) -> timedelta | None:
    try:
        return datetime.fromisoformat(_normal_date(clean(value))).utcoffset()
    except ValueError:
        return None


def _clock(hour: str, minute: str, half: str) -> tuple[int, int]:
    h = int(hour) % 12 + (12 if half.lower() == "p" else 0) if half else int(hour)
    return h, int(minute)


def _wall_clock(value: str) -> datetime | None:
    """The date and time as written, its offset ignored."""
    value = _normal_date(clean(value))
    try:
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        pass
    # (dateutil reads an offset or a zone's name, not both: "10:15:00 +0100 CET".)
    for text in (value, _TRAILING_ZONE.sub("", value).rstrip()):
        try:
            parsed: datetime = date_parser.parse(text, ignoretz=True)
        except (ValueError, OverflowError):
            continue
        return parsed
    return None


def _written_date(value: str, language: str) -> datetime | None:
    import dateparser  # loaded on the first date dateutil cannot read

    # A zone's abbreviation as its offset in the table dateutil reads by: dateparser
    # keeps its own, where "IST" is Israel's and "МСК" (Moscow) is unknown.
    zone = _TRAILING_ZONE.search(value)
    offset = _zone_offsets().get(zone[1]) if zone else None  # (as written: "Mart" is March)
    if zone and offset is not None:
        sign, minutes = "-" if offset < 0 else "+", abs(offset) // 60
        value = f"{value[:zone.start()]}{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    for pattern, name in _colliding_months(language.partition("-")[0]):
        value = pattern.sub(name, value)
    try:
        # Absolute dates only: "3 saat önce" (3 hours ago) is relative to a fetch that
        # may be long after publication; htmldate looks further instead. A day, as for
        # dateutil: "Kasım 2026" alone is no publication day.
        found = dateparser.parse(value, languages=[language.partition("-")[0]], settings={
            "PREFER_DATES_FROM": "past", "PARSERS": ["custom-formats", "absolute-time"],
            "REQUIRE_PARTS": ["day", "month", "year"]})
    except (ValueError, OverflowError, LookupError):
        return None
    return found if isinstance(found, datetime) else None


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")


@cache
def _colliding_months(language: str) -> list[tuple[re.Pattern[str], str]]:
    """dateparser matches a month's name with its combining marks left out, so that
    Thai's "มี.ค." (March) reads as "ม.ค." (January): each name of a month in
    ``language`` that reads as another month's so, as a pattern (dots optional, as
    pages write the abbreviations), with the month's full name that does not."""
    try:
        info = _translation_info(language)
    except ImportError:
        return []

    def bare(name: str) -> str:
        return "".join(c for c in name.casefold() if unicodedata.category(c) != "Mn")

    months = {month: info.get(month, []) for month in _MONTHS}
    owners: dict[str, set[str]] = {}
    for month, names in months.items():
        for name in names:
            owners.setdefault(bare(name), set()).add(month)
    fixes = []
    for month, names in months.items():
        clear = [n for n in names if len(owners[bare(n)]) == 1]
        for name in names:
            if len(owners[bare(name)]) > 1 and clear and bare(name) != name.casefold():
                dotted = r"\.?".join(map(re.escape, name)) + r"\.?"
                fixes.append((re.compile(rf"(?<!\w){dotted}(?!\w)", re.IGNORECASE),
                              max(clear, key=len)))
    return fixes


# "IST" is India Standard Time on the news pages that print it (in English, Hindi, ...);
# the table below (dateparser's) holds Israel's. Russian pages give Moscow's time as
# "МСК" or "мск", which that table lacks.
_ZONE_OVERRIDES = {"IST": 5 * 3600 + 1800, "МСК": 3 * 3600, "мск": 3 * 3600}
# A zone's abbreviation closing a date ("09:15 AM IST", "09:15 МСК", "(CEST)").
_TRAILING_ZONE = re.compile(r"\(?\b([^\W\d_]{2,5})\)?\s*$")


@cache
def _zone_offsets() -> dict[str, int]:
    """Time-zone abbreviations ("EST", "CEST", "TRT") and their UTC offsets in seconds.

    dateparser keeps this table; dateutil, which parses the date, would otherwise read
    an abbreviation it does not know as the machine's local zone or not at all.
    """
    from dateparser.timezones import timezone_info_list

    offsets: dict[str, int] = {}
    for group in timezone_info_list:
        for name, offset in group["timezones"]:
            offsets.setdefault(name, offset)
    return offsets | _ZONE_OVERRIDES


# US zones written without their season ("3:45 PM ET"): standard or daylight time as the
# date falls.
_SEASONED_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
                   "PT": "America/Los_Angeles"}


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's ``tzinfos`` hook: an explicit offset wins, then a known abbreviation;
    an unknown one gives a naive time, which ``parse_date`` takes as UTC."""
    if offset is None and name and name.upper() in _SEASONED_ZONES:
        return ZoneInfo(_SEASONED_ZONES[name.upper()])
    if offset is None and name:
        offset = _zone_offsets().get(name.upper())
    return timezone(timedelta(seconds=offset)) if offset is not None else None


def _translation_info(language: str) -> dict[str, Any]:
    """dateparser's data for ``language`` (its month and weekday names, ...); raises
    ImportError where it keeps none."""
    import importlib

    module = importlib.import_module(f"dateparser.data.date_translation_data.{language}")
    info: dict[str, Any] = module.info
    return info


@cache
def weekday_names() -> frozenset[str]:
    """The names of the days of the week, case folded, in every language dateparser
    keeps them for ("friday", "freitag", "jumat", "thứ sáu"), of four letters or more
    (its abbreviations, "sun", "ben", are words and names too)."""
    import pkgutil

    from dateparser.data import date_translation_data

    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    found: set[str] = set()
    for module in pkgutil.iter_modules(date_translation_data.__path__):
        info = _translation_info(module.name)
        found.update(name.casefold() for day in days for name in info.get(day, ())
                     if len(name) >= _WEEKDAY_MIN_CHARS
                     and all(word.isalpha() for word in name.split()))
    return frozenset(found | _ENGLISH_WEEKDAYS_CUT)


_WEEKDAY_MIN_CHARS = 4
# English's, as feeds and servers print them ("Fri, 15 Mar 2024"); not "Sun", a surname.
_ENGLISH_WEEKDAYS_CUT = frozenset({"mon", "tue", "wed", "thu", "fri", "sat"})


def count_words(text: str) -> int:
    """The words of ``text``, each Chinese or Japanese character counted as one, and a
    run of Thai, Lao, Khmer or Burmese as its letters make words of average length."""
    if text.isascii():  # (most text: the same count, read twice as fast)
        return len(_ASCII_WORD.findall(text))
    if not _RUN_ON.search(text):
        return len(_COUNTED_WORD.findall(text))
    rest, words = _run_on_words(text)
    return len(_COUNTED_WORD.findall(rest)) + words


_ASCII_WORD = re.compile(r"\w+", re.ASCII)
# Thai, Lao, Khmer and Burmese write a sentence's words unparted, and their vowel signs
# and stacked consonants are marks, not letters (the words pattern would cut a word at
# each): a run of them counts a word for every five characters, the average of their
# words in news prose ("นายกรัฐมนตรี|กล่าว|ว่า|รัฐบาล…": 43 characters, 8 words; Khmer
# alike), not one, nor one per mark.
_RUN_ON = re.compile(f"[{_UNPUNCTUATED_SCRIPTS}\u1000-\u109f]+")
_RUN_ON_WORD = 5


def _run_on_words(text: str) -> tuple[str, int]:
    """``text`` with its runs of those scripts spaced out, and the words they count."""
    return _RUN_ON.sub(" ", text), sum(-(-len(run) // _RUN_ON_WORD) for run in _RUN_ON.findall(text))


def spaced_words(text: str) -> int:
    """The words of ``text`` as its spaces part them; in a script written without them
    (Chinese, Japanese, Thai, Lao, Khmer, Burmese), as ``count_words`` counts them: a
    Japanese headline is no one word, a rule's "at least four words" is met by its
    length."""
    return count_words(text) if _UNSPACED_SCRIPT.search(text) else len(text.split())


def parted_words(text: str) -> int:
    """The words of ``text`` as its spaces part them, a run of Thai, Lao, Khmer or
    Burmese counted as ``count_words`` counts it: a Thai headline is no one word. (Chinese
    and Japanese as their spaces part them: a headline's phrases, where a teaser's "three
    words" counted by character would be any link's.)"""
    if text.isascii() or not _RUN_ON.search(text):
        return len(text.split())
    rest, words = _run_on_words(text)
    return len(rest.split()) + words


def headline_words(text: str) -> int:
    """The words of a headline: as ``parted_words`` counts them, Chinese and Japanese
    characters two to a word, about what their words average ("議論川の火曜日来年",
    six; a menu's "生活・趣味", two, where one a character would make any link a
    headline)."""
    unspaced = unspaced_chars(text)
    return parted_words(_UNSPACED_CHAR.sub(" ", text) if unspaced else text) + unspaced // 2


_UNSPACED_SCRIPT = re.compile(f"[{_UNSPACED}{_UNPUNCTUATED_SCRIPTS}\u1000-\u109f]")


def words(text: str) -> list[str]:
    return (_ASCII_WORD if text.isascii() else _WORD).findall(text)
