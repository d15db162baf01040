"""The page's language: declared and checked against its text, or found from the text."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://news.example/a/1"
TEXTS = {
    "de": ("Die Hafenbehörde teilte am Dienstag mit, dass die Reparaturen an der Mole "
           "länger dauern werden als geplant. Die Kosten steigen nach Angaben des Berichts "
           "deutlich, und die Fähren müssen vorerst einen anderen Anleger nutzen."),
    "fr": ("L'autorité portuaire a indiqué mardi que les réparations de la jetée prendront "
           "plus de temps que prévu. Selon le rapport, les coûts augmentent nettement et les "
           "ferries devront utiliser un autre quai pendant les travaux."),
    "en": ("The harbour authority said on Tuesday that repairs to the pier will take longer "
           "than planned. According to the report the costs are rising sharply, and the "
           "ferries will have to use another landing for the time being."),
    "pt": ("A autoridade portuária informou na terça-feira que os reparos no cais vão "
           "demorar mais do que o previsto. Segundo o relatório, os custos estão subindo "
           "bastante e as balsas terão de usar outro atracadouro por enquanto."),
    "tr": ("Liman idaresi salı günü yaptığı açıklamada iskeledeki onarımların planlanandan "
           "daha uzun süreceğini bildirdi. Rapora göre maliyetler belirgin şekilde artıyor ve "
           "feribotlar şimdilik başka bir iskeleyi kullanmak zorunda kalacak."),
}


def _page(text: str, *, html_lang: str | None = None, head: str = "") -> str:
    lang = f" lang='{html_lang}'" if html_lang else ""
    body = "".join(f"<p>{text}</p>" for _ in range(3))
    return (f"<html{lang}><head><title>Harbour</title>{head}</head><body><article>"
            f"<h1>Harbour repairs</h1>{body}</article></body></html>")


@pytest.mark.parametrize("lang", TEXTS)
def test_a_page_that_declares_no_language_gets_its_texts(lang: str) -> None:
    assert extract(_page(TEXTS[lang]), URL).language == lang


# Formal Chinese as Hong Kong's government and papers write it: the model gives half of
# it to Cantonese ("yue") and most of the rest to Chinese.
_HONG_KONG = ("政府發言人表示，有關部門會繼續密切留意情況，並適時向公眾交代最新進展。"
              "發言人又指，當局已經與相關團體會面，聽取各方意見，希望盡快落實改善措施。"
              "當局會於下星期公佈詳細安排，市民可於網上查閱。")


def test_a_language_the_model_splits_into_varieties_is_one_language() -> None:
    """No variety alone reaches the probability a page's language needs: together they
    are Chinese."""
    assert extract(_page(_HONG_KONG), URL).language == "zh"
    # (a page that declares the variety keeps it)
    assert extract(_page(_HONG_KONG, html_lang="yue"), URL).language == "yue"


# Indonesian as a paper writes it: the model parts it between Indonesian and Malay,
# neither clear alone.
_INDONESIAN = ("Dewan pelabuhan bertemu pada Selasa malam untuk membahas perbaikan dermaga "
               "utara yang lama tertunda, yang ditutup untuk kendaraan berat sejak badai bulan "
               "Maret. Para nelayan mengatakan penutupan itu membuat mereka harus berlabuh di "
               "pelabuhan lain yang jauh.")


def test_close_languages_the_model_parts_a_text_between_give_the_likelier() -> None:
    """Indonesian and Malay together are clear: the likelier is the page's; and a page
    that declares the other of the two keeps it (the text does not overrule it)."""
    assert extract(_page(_INDONESIAN), URL).language == "id"
    assert extract(_page(_INDONESIAN, html_lang="ms"), URL).language == "ms"
    # (a text plainly in another language still overrules the declaration)
    assert extract(_page(TEXTS["fr"], html_lang="ms"), URL).language == "fr"


@pytest.mark.parametrize("junk", ["utf-8", "text/html", "*", "none"])
def test_a_junk_declaration_is_no_language(junk: str) -> None:
    head = f"<meta http-equiv='Content-Language' content='{junk}'>"
    assert extract(_page(TEXTS["de"], head=head), URL).language == "de"


@pytest.mark.parametrize(("declared", "lang"), [("pt-BR", "pt"), ("en_US", "en"), ("TR", "tr")])
def test_a_declared_tag_gives_its_primary_language(declared: str, lang: str) -> None:
    assert extract(_page(TEXTS[lang], html_lang=declared), URL).language == lang


def test_a_wrong_declaration_loses_to_plain_text() -> None:
    assert extract(_page(TEXTS["fr"], html_lang="en"), URL).language == "fr"


# Two short paragraphs of Spanish: the model is sure of them, if less than of a long
# text, and sure they are no English.
SPANISH = ("<p>El gobierno presentó el martes un nuevo plan que incluye muchas medidas para "
           "apoyar a los habitantes de la ciudad. El alcalde dijo que los costes serán "
           "cubiertos.</p><p>La oposición pidió una revisión independiente del contrato.</p>")


@pytest.mark.parametrize("declared", ["en", "en-US", "pt"])
def test_a_declaration_the_text_is_plainly_not_in_loses_to_it(declared: str) -> None:
    page = _page("", html_lang=declared).replace("<p></p>", "", 3).replace(
        "</h1>", "</h1>" + SPANISH)
    assert extract(page, URL).language == "es"


# Placeholder text of a template, not the page's language.
FILLER = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
          "incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud "
          "exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat.")


@pytest.mark.parametrize("declared", ["en", "de", "tr"])
def test_placeholder_latin_keeps_the_declared_language(declared: str) -> None:
    assert extract(_page(FILLER, html_lang=declared), URL).language == declared


def test_too_little_text_keeps_the_declaration_or_nothing() -> None:
    short = "<html lang='de'><body><h1>Hafen</h1><p>Ok.</p></body></html>"
    assert extract(short, URL).language == "de"
    assert extract(short.replace(" lang='de'", ""), URL).language is None


@pytest.mark.parametrize(("lang", "encoding"), [("tr", "cp1254"), ("tr", "iso-8859-9"),
                                                ("de", "cp1252"), ("pt", "iso-8859-1")])
def test_a_page_in_a_single_byte_encoding_it_does_not_declare_is_read_right(
        lang: str, encoding: str) -> None:
    page = _page(TEXTS[lang]).replace("Harbour", TEXTS[lang].split(".")[0][:40])
    article = extract(page.encode(encoding), URL)
    assert article.paragraphs[0] == TEXTS[lang]
    assert "\ufffd" not in article.text


def test_polish_and_russian_pages_without_a_charset() -> None:
    polish = ("Rząd ogłosił nowy pakiet zachęt dla małych przedsiębiorstw. Obejmuje on tanie "
              "kredyty i ulgi podatkowe; wnioski będzie można składać od przyszłego miesiąca.")
    russian = ("Правительство объявило о новом пакете мер поддержки малого бизнеса. Он "
               "включает льготные кредиты и налоговые послабления; заявки начнут принимать.")
    for text, encoding in ((polish, "cp1250"), (russian, "cp1251")):
        assert extract(_page(text).encode(encoding), URL).paragraphs[0] == text


# A page's inline configuration: its first 64 KB all script, no text to tell by.
SCRIPT = "<script>var config = {" + ",".join(f"'k{i}': 'v{i}'" for i in range(6000)) + "};</script>"


@pytest.mark.parametrize("lang", [lang for lang in TEXTS if lang != "tr"])  # (Turkish: cp1254)
@pytest.mark.parametrize("declared", [True, False])
def test_a_western_page_in_windows_1252_is_never_read_in_a_dos_code_page(
        lang: str, declared: bool) -> None:
    """Curly quotes, a dash and the language's accents, in windows-1252 declared
    nowhere, after a long script: read as windows-1252 (or what writes those letters
    alike), never as a DOS or Mac code page, whose letters charset-normalizer may find
    as plausible."""
    text = f"“{TEXTS[lang]}” – {TEXTS[lang][:60]}…"
    page = _page(text, html_lang=lang if declared else None).replace(
        "</head>", SCRIPT + "</head>")
    article = extract(page.encode("cp1252"), URL)
    assert article.paragraphs[0] == text
