from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract._text import best_date, epoch_stamp, parse_count, parse_date
from crawler.extract.fingerprints import paragraph_keys, simhash, simhash_bands, simhash_distance


@pytest.mark.parametrize(
    ("shown", "value"),
    [("2K", 2000), ("4K", 4000), ("0", 0), ("950", 950), ("1.5M", 1_500_000),
     ("1,234", 1234), ("3,5 bin", 3500), ("12 bin", 12000), ("views", None), ("", None)],
)
def test_parse_count(shown: str, value: int | None) -> None:
    assert parse_count(shown) == value


@pytest.mark.parametrize(
    ("shown", "utc"),
    [("2019-11-04T10:00:00+03:00", "2019-11-04 07:00"),
     ("2019-11-04T10:00:00", "2019-11-04 10:00"),  # naive: taken as UTC
     ("Mon, 4 Nov 2019 10:00:00 EST", "2019-11-04 15:00"),
     ("Nov 20, 2019 01:41 PM IST", "2019-11-20 08:11"),  # India, not Israel
     ("4 Nov 2019 10:00 CEST", "2019-11-04 08:00"),
     ("4 Nov 2019 10:00 TRT", "2019-11-04 07:00"),
     ("4 Nov 2019 10:00 GMT", "2019-11-04 10:00"),
     ("4 Nov 2019 10:00 QQQT", "2019-11-04 10:00")],  # unknown zone: as UTC
)
def test_parse_date_reads_zone_abbreviations(shown: str, utc: str) -> None:
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown) == expected


def test_parse_date_refuses_what_is_not_a_date() -> None:
    assert parse_date("no date here") is None
    assert parse_date("") is None
    assert parse_date("99/99/9999") is None


def test_simhash_keeps_syndicated_copies_close() -> None:
    story = " ".join(f"Officials said the bridge would reopen in week {i} after repairs."
                     for i in range(30))
    copy = story.replace("Officials said", "Officials told AFP", 2) + " (AFP)"
    other = " ".join(f"The orchestra announced concert {i} of its winter season."
                     for i in range(30))
    a, b, c = simhash(story), simhash(copy), simhash(other)
    assert a and b and c
    assert simhash_distance(a, b) <= 6
    assert simhash_distance(a, c) > 12


def test_keys_up_to_three_bits_apart_share_a_band() -> None:
    key = "f10fc324e123e205"
    value = int(key, 16)
    for bits in ((0,), (1, 17, 33), (15, 31, 47), (2, 20, 40)):
        near = f"{value ^ sum(1 << b for b in bits):016x}"
        assert simhash_distance(key, near) == len(bits)
        assert set(simhash_bands(key)) & set(simhash_bands(near))
    far = f"{value ^ (1 | 1 << 16 | 1 << 32 | 1 << 48):016x}"  # one bit in every band
    assert not set(simhash_bands(key)) & set(simhash_bands(far))
    assert simhash_bands(None) == []


def test_paragraph_keys_ignore_case_and_punctuation_but_not_words() -> None:
    a = "The council voted on Tuesday to rebuild the old bridge over the river."
    same = "the council voted, on Tuesday, to rebuild the old bridge over the river"
    other = "The council voted on Monday to rebuild the old bridge over the river."
    keys = paragraph_keys([a, same, other, "Too short to count."])
    assert len(keys) == 2 and len(keys[0]) == 12
    assert paragraph_keys([a]) == paragraph_keys([same]) != paragraph_keys([other])


@pytest.mark.parametrize(
    ("shown", "language", "utc"),
    # Turkish and German pages' clock times are Istanbul's (UTC+3) and Berlin's (CET)
    [("28 Kasım 2026 14:30", "tr", "2026-11-28 11:30"),
     ("Montag, 18. November 2019, 10:45 Uhr", "de", "2019-11-18 09:45"),
     ("3 saat önce", "tr", None),  # relative to the fetch, not to publication
     ("28 Kasım 2026 14:30", None, None)],  # no language, no guessing
)
def test_parse_date_reads_written_dates_in_the_pages_language(
        shown: str, language: str | None, utc: str | None) -> None:
    expected = (datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
                if utc else None)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(
    ("shown", "language", "utc"),
    [("2019-02-22 14:37", "ja", "2019-02-22 05:37"),  # Japan: one zone, JST
     ("2019-07-01T10:00:00", "de", "2019-07-01 08:00"),  # summer time in Berlin
     ("2019-02-22 14:37", "en", "2019-02-22 14:37"),  # read in many zones: UTC
     ("2019-02-22 14:37", None, "2019-02-22 14:37"),
     ("2019-02-22T14:37:00+01:00", "ja", "2019-02-22 13:37")],  # an offset wins
)
def test_a_time_without_an_offset_is_the_zone_of_the_pages_language(
        shown: str, language: str | None, utc: str) -> None:
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(
    ("shown", "language", "utc"),
    [("Thứ ba, 5/3/2024, 10:00 (GMT+7)", "vi", "2024-03-05 03:00"),
     ("10:00 GMT+7, 5 March 2024", "en", "2024-03-05 03:00"),  # ahead, not POSIX's behind
     ("05.03.2024 10:00 UTC+3", "ru", "2024-03-05 07:00"),
     ("5 March 2024 10:00 GMT-05:00", "en", "2024-03-05 15:00"),
     ("5 March 2024 10:00 UTC+05:30", "en", "2024-03-05 04:30")],
)
def test_an_offset_from_gmt_or_utc_written_out_is_ahead_of_utc_by_its_hours(
        shown: str, language: str, utc: str) -> None:
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(
    ("shown", "language", "day"),
    [("5/3/2024", "vi", "2024-03-05"), ("5/3/2024", "fr", "2024-03-05"),
     ("5/3/2024", "en", "2024-05-03"),  # an English page may be American
     ("5/3/2024", "en-us", "2024-05-03"), ("5/3/2024", "en-ca", "2024-05-03"),
     ("5/3/2024", "en-gb", "2024-03-05"),  # a British, Australian or Indian page's
     ("5/3/2024", "en-au", "2024-03-05"), ("5/3/2024", "en-in", "2024-03-05"),
     ("5 mars 2024 10:00", "fr-fr", "2024-03-05"),  # (a region beside another language)
     ("2024年3月5日 10時00分", "ja-jp", "2024-03-05"),
     ("5/3/2024", None, "2024-05-03"),
     ("2024/03/05", "fr", "2024-03-05"),  # the year first: the same everywhere
     ("2019/03/08", "ja", "2019-03-08")],
)
def test_a_numeric_date_is_read_day_first_in_every_language_but_american_english(
        shown: str, language: str | None, day: str) -> None:
    found = parse_date(shown, language)
    assert found is not None and found.date().isoformat() == day


@pytest.mark.parametrize(("shown", "language", "utc"), [
    ("5 de março de 2024, 10h00", "pt", "2024-03-05 10:00"),
    ("5 mars 2024 à 10h", "fr", "2024-03-05 10:00"),  # (French: many zones, UTC)
    ("5 mars 2024, 10h30", "fr", "2024-03-05 10:30")])
def test_a_clock_written_with_an_h_is_read(shown: str, language: str, utc: str) -> None:
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(("shown", "language", "utc"), [
    ("5 mars 2024 kl 14.30", "sv", "2024-03-05 13:30"),
    ("tisdag 5 mars 2024 kl. 14.30", "sv", "2024-03-05 13:30"),
    ("5. marts 2024 kl. 14.30", "da", "2024-03-05 13:30"),
    ("05.03.2024 kl. 14.30", "nb", "2024-03-05 13:30"),
    ("5. maaliskuuta 2024 klo 14.30", "fi", "2024-03-05 12:30"),
    ("5 mars 2024 kl 14:30", "sv", "2024-03-05 13:30"),
])
def test_a_nordic_clock_after_its_marker_is_read_in_every_nordic_language(
        shown: str, language: str, utc: str) -> None:
    """"kl. 14.30": the marker and the dotted clock, read in the zone of the page's
    language (dateparser knew the marker in Norwegian only: Swedish and Danish lost the
    whole date)."""
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(("shown", "utc"), [
    ("5th May 2024 at 10.30am", "2024-05-05 10:30"),
    ("10.30pm 5 May 2024", "2024-05-05 22:30"),
    ("Updated 12.05am, 5 May 2024", "2024-05-05 00:05"),
    ("5 May 2024 9.05 a.m.", "2024-05-05 09:05"),
    ("05.05.2024 10.30", "2024-05-05 10:30"),  # (a day with dots stays a day)
])
def test_a_twelve_hour_clock_written_with_a_dot_keeps_its_minutes(shown: str, utc: str) -> None:
    """British pages write "10.30am": dateutil kept the hour and dropped the minutes."""
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, "en") == expected


@pytest.mark.parametrize("shown", ["2016-11-18", "November 18, 2016", "18.11.2016"])
def test_a_day_alone_is_noon_utc_the_same_day_in_every_zone(shown: str) -> None:
    assert parse_date(shown, "en") == datetime(2016, 11, 18, 12, tzinfo=UTC)


@pytest.mark.parametrize("shown", ["2019", "December 2019", "Dec. 2019", "2019-04", "March 5",
                                   "5 March", "2019年04月", "Kasım 2026"])
def test_a_date_without_its_day_month_or_year_is_no_date(shown: str) -> None:
    # dateutil fills what is missing from today: "2019" read on 3 December was 3 December
    # 2019, a day the page never named.
    assert parse_date(shown, "tr" if "Kasım" in shown else "en") is None


@pytest.mark.parametrize("shown", ["4.2.3", "3-1-2", "1/2/5"])
def test_numbers_in_a_dates_shape_with_a_one_digit_year_are_no_date(shown: str) -> None:
    # A version, a record of wins, draws and losses: dateutil read "4.2.3" as 2 April 2003.
    assert parse_date(shown, "en") is None
    assert parse_date(shown, "de") is None


@pytest.mark.parametrize(("shown", "day"), [("5.3.24", "2024-03-05"), ("05.03.2024", "2024-03-05"),
                                            ("5-3-2024", "2024-03-05")])
def test_a_numeric_date_with_a_two_or_four_digit_year_is_read(shown: str, day: str) -> None:
    found = parse_date(shown, "de")
    assert found is not None and found.date().isoformat() == day


@pytest.mark.parametrize(("shown", "day"), [
    ("Jan 1, 2020", "2020-01-01"), ("1 December 2019", "2019-12-01"),
    ("01/01/2020", "2020-01-01"), ("1 Ocak 2020", "2020-01-01")])
def test_the_first_of_a_month_is_a_day(shown: str, day: str) -> None:
    found = parse_date(shown, "tr" if "Ocak" in shown else "en")
    assert found is not None and found.date().isoformat() == day


def test_chinese_and_japanese_characters_count_as_words() -> None:
    from crawler.extract._text import count_words

    assert count_words("Harbour repairs, 2019") == 3
    assert count_words("港湾局は発表した。") == 8  # no spaces: one word per character
    assert count_words("항만 당국이 발표했다") == 3  # Korean writes spaces


@pytest.mark.parametrize(("shown", "utc"), [
    ("Published 18 November 2019", "2019-11-18 12:00"),
    ("posted on April 21, 2015, at 11:29 a.m.", "2015-04-21 11:29"),
    ("By Joshua Sokol May 20, 2019", "2019-05-20 12:00"),
    ("2/26/2015 7:11 AM PST BY TMZ STAFF", "2015-02-26 15:11")])
def test_a_date_among_label_words_or_a_name_is_read(shown: str, utc: str) -> None:
    assert parse_date(shown, "en") == datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


@pytest.mark.parametrize("shown", ["Room 12 on May 20, 2019", "5 min read May 20, 2019",
                                   "Vol. 3 No. 12, June 2019", "Published 2019"])
def test_other_numbers_beside_a_date_are_not_read_into_it(shown: str) -> None:
    # dateutil's fuzzy reading would make "Room 12 on May 20, 2019" 12 May 2020, 20:19.
    found = parse_date(shown, "en")
    assert found is None or (found.year, found.month, found.day) == (2019, 5, 20)


@pytest.mark.parametrize("stamps", [
    ["2016-12-16 12:21:02", "2016-12-16T12:21:02-05:00"],
    ["2016-12-16T12:21:02-05:00", "2016-12-16 12:21:02"]])
def test_a_day_takes_the_time_and_then_the_offset_of_stamps_of_that_day(stamps: list[str]) -> None:
    """The day declared, the time in one data attribute and the same time with its
    offset in another ("data-date" and "data-date-iso"): the offset's reading wins, in
    whichever order the page writes them."""
    assert best_date(["2016-12-16"], "en", more=lambda: stamps) == datetime(
        2016, 12, 16, 17, 21, 2, tzinfo=UTC)


def test_a_stamp_of_another_clock_time_gives_no_offset_to_the_time_taken() -> None:
    assert best_date(["2016-12-16"], "en", more=lambda: [
        "2016-12-16 12:21:02", "2016-12-16T09:00:00-05:00"]) == datetime(
        2016, 12, 16, 12, 21, 2, tzinfo=UTC)


def test_every_country_domain_read_as_a_region_has_its_zone_or_writes_the_month_first() -> None:
    """A country domain taken as the page's region gives a time written for people the
    zone of its country (or, for the United States and Canada, none: many zones, and
    English that writes the month first)."""
    from crawler.extract._language import COUNTRY_DOMAINS
    from crawler.extract._text import MONTH_FIRST_REGIONS, REGION_ZONES
    assert COUNTRY_DOMAINS - REGION_ZONES.keys() == MONTH_FIRST_REGIONS - {"ph"}
    assert parse_date("16 May 2023, 09:15", "en-uk") == datetime(2023, 5, 16, 8, 15, tzinfo=UTC)
    assert parse_date("2023-05-16T09:15:00", "en-uk") == datetime(2023, 5, 16, 9, 15,
                                                                  tzinfo=UTC)


@pytest.mark.parametrize(
    ("shown", "language", "utc"),
    [("16 मई 2023, 09:15 AM IST", "hi", "2023-05-16 03:45"),  # India's, in any language
     ("16 мая 2023, 09:15 МСК", "ru", "2023-05-16 06:15"),  # Moscow's
     ("16 мая 2023, 09:15 (мск)", "ru", "2023-05-16 06:15"),
     ("16 mai 2023 à 09h15 CEST", "fr", "2023-05-16 07:15"),
     ("16 मई 2023, 09:15", "hi", "2023-05-16 03:45"),  # no zone: Hindi is read in India
     ("2023-05-16 09:15", "uk", "2023-05-16 06:15")],  # Ukrainian in Ukraine (summer)
)
def test_a_zone_named_after_a_date_in_words_or_its_languages_is_read(
        shown: str, language: str, utc: str) -> None:
    """A zone's abbreviation is read by one table whichever parser reads the date (the
    other's has "IST" as Israel's, no "МСК"); more languages are read in one zone."""
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, language) == expected


@pytest.mark.parametrize(
    ("shown", "utc"),
    [("16 พ.ค. 2566 09:15 น.", "2023-05-16 02:15"),
     ("2566-05-16 09:15", "2023-05-16 02:15"),
     ("29 ก.พ. 2567", "2024-02-29 12:00")],
)
def test_a_thai_year_of_the_buddhist_era_is_read_in_the_common_era(shown: str, utc: str) -> None:
    expected = datetime.strptime(utc, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert parse_date(shown, "th") == expected


def test_a_time_later_than_tomorrow_is_no_publication() -> None:
    later = datetime.now(UTC).year + 2
    assert parse_date(f"{later}-05-16T09:15:00+00:00") is None
    assert parse_date(f"May 16, {later}", "en") is None
    assert parse_date("2566-05-16 09:15", "en") is None  # a Buddhist year on no Thai page
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    assert parse_date(now.isoformat()) == now


@pytest.mark.parametrize(("value", "iso"), [
    ("1715074527", "2024-05-07T09:35:27+00:00"),
    ("1715074527000", "2024-05-07T09:35:27+00:00"),  # milliseconds
    ("946684799", None),  # 1999: nine digits, no stamp of ours
    ("9999999999", None),  # ahead of now: an id
    ("17150745270", None),  # eleven digits
    ("2024-05-07", None),
])
def test_unix_time_of_an_attribute(value: str, iso: str | None) -> None:
    assert epoch_stamp(value) == iso
