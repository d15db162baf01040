"""Stories in the languages of sites beyond the ten the generated world writes: Arabic,
Persian, Hebrew, Greek, Czech, Hungarian, Romanian, Ukrainian, Swedish, Indonesian,
Vietnamese, Thai, Hindi, Chinese, Japanese and Korean, each with its own byline's
lead-in, its way of writing a date (a weekday first, the Thai year, Persian digits),
its label over related stories and its "read also" pointer. Each page is built here;
class names are hashed or absent, so nothing but the words and the shape can tell."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import permutations
from zoneinfo import ZoneInfo

import pytest

from crawler.extract import extract
from tests.extract.test_headline_places import cls

URL = "https://news.example/2024/03/river-rules.html"
THEMES = ["hashed", "bare"]


@dataclass(frozen=True)
class Language:
    code: str
    headline: str
    sentences: tuple[str, str, str]
    name: str
    by: str  # "{}" for the name
    dateline: str  # 15 March 2024, 09:43 in the site's clock
    zone: str  # where that clock is
    related: str  # the label over related stories
    read_also: str  # the label of a pointer to one story in the body
    space: str = " "  # between sentences


LANGUAGES = [
    Language("ar", "قواعد جديدة لمياه النهر في الربيع", (
        "أعلن مجلس المدينة يوم الثلاثاء أن القواعد الجديدة الخاصة بمياه النهر ستدخل حيز التنفيذ في الربيع المقبل.",
        "وجاء القرار بعد سنوات من الخلاف بين المزارعين والمسؤولين حول التكاليف ومن يجب أن يدفعها.",
        "وقال رئيس المجلس إن المدينة ستنشر تقريرا مفصلا عن جودة المياه في نهاية كل شهر."),
        "محمد العلي", "بقلم: {}", "الجمعة 15 مارس 2024 09:43", "UTC", "اقرأ أيضا",
        "اقرأ أيضاً"),
    Language("fa", "قوانین جدید آب رودخانه از بهار", (
        "شورای شهر روز سه‌شنبه اعلام کرد که قوانین جدید مربوط به آب رودخانه از بهار آینده اجرا خواهد شد.",
        "این تصمیم پس از سال‌ها اختلاف میان کشاورزان و مقامات درباره هزینه‌ها گرفته شد.",
        "رئیس شورا گفت که شهر هر ماه گزارشی درباره کیفیت آب منتشر خواهد کرد."),
        "علی رضایی", "نویسنده: {}", "۱۵ مارس ۲۰۲۴ ۰۹:۴۳", "Asia/Tehran", "مطالب مرتبط",
        "بیشتر بخوانید"),
    Language("he", "כללים חדשים למי הנהר באביב", (
        "מועצת העיר הודיעה ביום שלישי כי הכללים החדשים בנוגע למי הנהר ייכנסו לתוקף באביב הבא.",
        "ההחלטה התקבלה לאחר שנים של ויכוחים בין החקלאים לבין פקידי העירייה על העלויות.",
        "ראש המועצה אמר כי העירייה תפרסם דוח על איכות המים בסוף כל חודש."),
        "דנה כהן", "מאת {}", "15 במרץ 2024 09:43", "Asia/Jerusalem", "כתבות נוספות",
        "קראו גם"),
    Language("el", "Νέοι κανόνες για το νερό του ποταμού", (
        "Το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι οι νέοι κανόνες για το νερό του ποταμού θα ισχύσουν την άνοιξη.",
        "Η απόφαση ήρθε μετά από χρόνια διαφωνιών μεταξύ αγροτών και αξιωματούχων για το κόστος.",
        "Ο δήμαρχος είπε ότι η πόλη θα δημοσιεύει κάθε μήνα έκθεση για την ποιότητα του νερού."),
        "Γιώργος Παπαδόπουλος", "Του {}", "Παρασκευή 15 Μαρτίου 2024, 09:43", "Europe/Athens",
        "Σχετικά άρθρα", "Διαβάστε επίσης"),
    Language("cs", "Nová pravidla pro říční vodu", (
        "Městská rada v úterý oznámila, že nová pravidla pro říční vodu vstoupí v platnost příští jaro.",
        "Rozhodnutí přišlo po letech sporů mezi zemědělci a úředníky o to, kdo má platit náklady.",
        "Starosta řekl, že město bude každý měsíc zveřejňovat zprávu o kvalitě vody v řece."),
        "Jana Nováková", "Autor: {}", "15. března 2024 9:43", "Europe/Prague",
        "Související články", "Čtěte také"),
    Language("hu", "Új szabályok a folyóvízre tavasztól", (
        "A városi tanács kedden bejelentette, hogy a folyóvízre vonatkozó új szabályok jövő tavasszal lépnek életbe.",
        "A döntés a gazdák és a tisztviselők évekig tartó vitája után született a költségekről.",
        "A polgármester szerint a város minden hónapban jelentést tesz közzé a víz minőségéről."),
        "Kovács Péter", "Szerző: {}", "2024. március 15. 09:43", "Europe/Budapest",
        "Kapcsolódó cikkek", "Ezt is ajánljuk"),
    Language("ro", "Reguli noi pentru apa râului din primăvară", (
        "Consiliul local a anunțat marți că noile reguli privind apa râului vor intra în vigoare în primăvară.",
        "Decizia vine după ani de dispute între fermieri și funcționari privind costurile lucrărilor.",
        "Primarul a spus că orașul va publica în fiecare lună un raport despre calitatea apei."),
        "Andrei Popescu", "de {}", "Vineri, 15 martie 2024, 09:43", "Europe/Bucharest",
        "Articole similare", "Citește și"),
    Language("uk", "Нові правила щодо річкової води", (
        "Міська рада у вівторок оголосила, що нові правила щодо річкової води набудуть чинності навесні.",
        "Рішення ухвалили після багатьох років суперечок між фермерами та посадовцями щодо витрат.",
        "Мер сказав, що місто щомісяця оприлюднюватиме звіт про якість води в річці."),
        "Олена Коваленко", "Автор: {}", "15 березня 2024, 09:43", "Europe/Kyiv",
        "Схожі новини", "Читайте також"),
    Language("sv", "Nya regler för flodvattnet från våren", (
        "Kommunfullmäktige meddelade på tisdagen att de nya reglerna för flodvattnet träder i kraft nästa vår.",
        "Beslutet kom efter flera års bråk mellan bönder och tjänstemän om vem som ska betala.",
        "Borgmästaren sade att staden varje månad ska publicera en rapport om vattnets kvalitet."),
        "Erik Lindberg", "Av {}", "fredag 15 mars 2024 09:43", "Europe/Stockholm",
        "Relaterade artiklar", "Läs också"),
    Language("id", "Aturan baru air sungai berlaku musim semi", (
        "Dewan kota mengumumkan pada hari Selasa bahwa aturan baru tentang air sungai akan berlaku musim semi mendatang.",
        "Keputusan itu diambil setelah bertahun-tahun perdebatan antara petani dan pejabat soal biaya.",
        "Wali kota mengatakan kota akan menerbitkan laporan kualitas air setiap akhir bulan."),
        "Budi Santoso", "Oleh {}", "Jumat, 15 Maret 2024 09:43 WIB", "Asia/Jakarta",
        "Berita terkait", "Baca juga"),
    Language("vi", "Quy định mới về nước sông từ mùa xuân", (
        "Hội đồng thành phố hôm thứ Ba thông báo rằng các quy định mới về nước sông sẽ có hiệu lực vào mùa xuân tới.",
        "Quyết định được đưa ra sau nhiều năm tranh cãi giữa nông dân và các quan chức về chi phí.",
        "Thị trưởng cho biết thành phố sẽ công bố báo cáo về chất lượng nước vào cuối mỗi tháng."),
        "Nguyễn Văn An", "Bởi {}", "Thứ sáu, 15/03/2024 09:43", "Asia/Ho_Chi_Minh",
        "Tin liên quan", "Xem thêm"),
    Language("th", "กฎใหม่เรื่องน้ำในแม่น้ำเริ่มฤดูใบไม้ผลิ", (
        "สภาเมืองประกาศเมื่อวันอังคารว่ากฎใหม่เกี่ยวกับน้ำในแม่น้ำจะมีผลบังคับใช้ในฤดูใบไม้ผลิหน้า",
        "การตัดสินใจนี้เกิดขึ้นหลังจากเกษตรกรและเจ้าหน้าที่โต้เถียงกันมาหลายปีเรื่องค่าใช้จ่าย",
        "นายกเทศมนตรีกล่าวว่าเมืองจะเผยแพร่รายงานคุณภาพน้ำทุกสิ้นเดือน"),
        "สมชาย ใจดี", "โดย {}", "15 มีนาคม 2567 09:43", "Asia/Bangkok", "ข่าวที่เกี่ยวข้อง",
        "อ่านเพิ่มเติม"),
    Language("hi", "नदी के पानी पर नए नियम वसंत से लागू", (
        "नगर परिषद ने मंगलवार को घोषणा की कि नदी के पानी से जुड़े नए नियम अगले वसंत से लागू होंगे।",
        "यह फैसला किसानों और अधिकारियों के बीच लागत को लेकर वर्षों के विवाद के बाद आया।",
        "महापौर ने कहा कि शहर हर महीने के अंत में पानी की गुणवत्ता पर रिपोर्ट जारी करेगा।"),
        "राहुल शर्मा", "लेखक: {}", "15 मार्च 2024 09:43", "Asia/Kolkata", "संबंधित खबरें",
        "ये भी पढ़ें"),
    Language("zh", "河水新规定明年春天生效", (
        "市议会周二宣布，有关河水的新规定将于明年春天生效。",
        "这一决定是在农民和市政官员就费用问题争论多年之后作出的。",
        "市长表示，市政府将在每月底公布一份关于水质的报告。"),
        "王小明", "作者：{}", "2024年03月15日 09:43", "Asia/Shanghai", "相关新闻", "延伸阅读",
        ""),
    Language("ja", "川の水に関する新しい規則、春から施行", (
        "市議会は火曜日、川の水に関する新しい規則が来年の春に施行されると発表した。",
        "この決定は、費用の負担をめぐる農家と市の職員の長年の議論の末に下された。",
        "市長は、毎月末に水質に関する報告書を公表すると述べた。"),
        "山田太郎", "文：{}", "2024年3月15日 9時43分", "Asia/Tokyo", "関連記事", "あわせて読みたい",
        ""),
    Language("ko", "강물 새 규정 내년 봄부터 시행", (
        "시의회는 화요일 강물에 관한 새로운 규정이 내년 봄부터 시행된다고 발표했다.",
        "이번 결정은 비용 부담을 둘러싼 농민들과 시 공무원들의 오랜 논쟁 끝에 나왔다.",
        "시장은 매달 말 수질에 관한 보고서를 공개하겠다고 말했다."),
        "김철수", "{} 기자", "입력 2024.03.15 09:43", "Asia/Seoul", "관련뉴스", "관련기사"),
]
CASED = [lang for lang in LANGUAGES if lang.name.lower() != lang.name.upper()]


def paragraphs(lang: Language) -> list[str]:
    """Five paragraphs, each the three sentences from another one on."""
    s = lang.sentences
    return [lang.space.join(s[i % 3:] + s[:i % 3]) + lang.space + s[(i + 1) % 3]
            for i in range(5)]


def page(lang: Language, theme: str, header: str, after: str = "",
         pointer: bool = True, thread: str = "") -> str:
    story = paragraphs(lang)
    body = "".join(f"<p>{p}</p>" for p in story[:2])
    if pointer:
        body += (f"<p><strong>{lang.read_also}:</strong> "
                 f"<a href='/2024/03/other-story.html'>{lang.headline} (2)</a></p>")
    body += "".join(f"<p>{p}</p>" for p in story[2:])
    related = "".join(f"<li><a href='/2024/03/story-{i}.html'>{lang.headline} ({i + 3})</a></li>"
                      for i in range(3))
    menu = "".join(f"<li><a href='/s/{i}'>{lang.headline.split()[0]} {i}</a></li>"
                   for i in range(8))
    return (f"<html><head><meta charset='utf-8'><title>{lang.headline}</title></head><body>"
            f"<ul{cls(theme, 'menu')}>{menu}</ul><div{cls(theme, 'story')}>"
            f"<h1>{lang.headline}</h1>{header}<div{cls(theme, 'text')}>{body}{after}</div>"
            f"{thread}<div{cls(theme, 'more')}><h3>{lang.related}</h3><ul>{related}</ul></div>"
            "</div></body></html>")


def meta_line(lang: Language, theme: str) -> str:
    """The byline and the time in one line, each in an element of its own."""
    return (f"<div{cls(theme, 'meta')}><span{cls(theme, 'by')}>{lang.by.format(lang.name)}"
            f"</span> <span{cls(theme, 'when')}>{lang.dateline}</span></div>")


def shown_at(lang: Language) -> datetime:
    return datetime(2024, 3, 15, 9, 43, tzinfo=ZoneInfo(lang.zone))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_story_in_the_language_of_its_site(lang: Language, theme: str) -> None:
    """Title, byline, time (a weekday before the date is no part of the name), the
    language from the text alone, the story without its "read also" pointer, and the
    related stories under the language's own label."""
    article = extract(page(lang, theme, meta_line(lang, theme)), URL)
    assert article.title == lang.headline
    assert article.authors == [lang.name]
    assert article.published_at == shown_at(lang)
    assert article.language == lang.code
    assert article.paragraphs == paragraphs(lang)
    assert [r.url for r in article.related] == [
        f"https://news.example/2024/03/story-{i}.html" for i in range(3)]


SIGNATURES = [
    "<p><strong>{}</strong></p>",
    "<p style='text-align: right;'>{}</p>",
    "<p>— <b>{}</b></p>",
    "<p style='text-align:right'><em>{}</em> (Reuters)</p>",
]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("signed", SIGNATURES)
@pytest.mark.parametrize("lang", CASED, ids=lambda lang: lang.code)
def test_a_story_signed_at_its_foot(lang: Language, theme: str, signed: str) -> None:
    """No byline above the story: its writer's name alone on its last line, in bold or
    italics or set to the right, names the author and is no line of the story."""
    header = f"<div{cls(theme, 'when')}>{lang.dateline}</div>"
    article = extract(page(lang, theme, header, signed.format(lang.name)), URL)
    assert article.authors == [lang.name]
    assert article.paragraphs == paragraphs(lang)


NOT_SIGNATURES = [
    # A name in plain words may be a list's last item or a quoted speaker's.
    "<p>{}</p>",
    # A bracketed notice in bold; a sentence.
    "<p><strong>【{} 2024】</strong></p>",
    "<p><strong>Thanks to {} for the photographs.</strong></p>",
]


@pytest.mark.parametrize("lang", CASED[:4] + CASED[-3:], ids=lambda lang: lang.code)
@pytest.mark.parametrize("line", NOT_SIGNATURES)
def test_a_last_line_that_signs_nothing_stays(lang: Language, line: str) -> None:
    header = f"<div>{lang.dateline}</div>"
    last = line.format(lang.name)
    article = extract(page(lang, "hashed", header, last, pointer=False), URL)
    assert article.authors == []
    assert len(article.paragraphs) == 6


def test_a_signature_defers_to_the_byline_above() -> None:
    """Where a byline names the writer, a bold name at the story's foot is another's
    (a photographer's, a translator's) and stays a line of the story."""
    lang = next(lang for lang in LANGUAGES if lang.code == "cs")
    article = extract(page(lang, "hashed", meta_line(lang, "hashed"),
                           "<p><strong>Petr Svoboda</strong></p>", pointer=False), URL)
    assert article.authors == [lang.name]
    assert article.paragraphs == [*paragraphs(lang), "Petr Svoboda"]


def test_a_bold_label_before_links_is_no_signature() -> None:
    """A rail's label in bold at the story's end, its links after it."""
    lang = next(lang for lang in LANGUAGES if lang.code == "ro")
    rail = ("<p><strong>Top Stories</strong></p><ul>"
            + "".join(f"<li><a href='/2024/03/top-{i}.html'>Another story of the week number {i}"
                      "</a></li>" for i in range(3)) + "</ul>")
    article = extract(page(lang, "hashed", f"<div>{lang.dateline}</div>", rail, pointer=False),
                      URL)
    assert article.authors == []


@pytest.mark.parametrize("lead_in", ["De", "de"])
def test_a_dutch_surname_is_no_romanian_byline(lead_in: str) -> None:
    """Romanian's lower-case "de" leads a byline only before a full name: "de Jong" at a
    line's start is a surname, and "De Vries" too."""
    lang = next(lang for lang in LANGUAGES if lang.code == "sv")
    header = f"<div>{lead_in} Jong [Page 2]</div><div>{lang.dateline}</div>"
    article = extract(page(lang, "bare", header, pointer=False), URL)
    assert article.authors == []


# The labels of the publication's time and of the last edit's, in each language.
EDIT_LABELS = {
    "ar": ("نشر في", "آخر تحديث"), "fa": ("انتشار", "به‌روزرسانی"), "he": ("פורסם", "עודכן"),
    "el": ("Δημοσίευση", "Τελευταία ενημέρωση"), "cs": ("Publikováno", "Aktualizováno"),
    "hu": ("Publikálva", "Frissítve"), "ro": ("Publicat", "Actualizat"),
    "uk": ("Опубліковано", "Оновлено"), "sv": ("Publicerad", "Uppdaterad"),
    "id": ("Diterbitkan", "Diperbarui"), "vi": ("Đăng", "Cập nhật"), "th": ("เผยแพร่", "อัปเดต"),
    "hi": ("प्रकाशित", "अपडेटेड"), "zh": ("发布时间", "更新时间"), "ja": ("公開", "更新"),
    "ko": ("등록", "수정"),
}
EDIT_SHAPES = [
    "<div>{p}: {first} | {u}: {later}</div>",
    "<div><span>{p}: {first}</span> · <span>{u}: {later}</span></div>",
    "<div>{p}: {first}</div><div>{u}: {later}</div>",
]


def edited_later(dateline: str) -> str:
    """The dateline a day and 22 minutes on (16 March 2024, 10:05)."""
    for old, new in (("15", "16"), ("09:43", "10:05"), ("9:43", "10:05"), ("9時43分", "10時05分"),
                     ("۱۵", "۱۶"), ("۰۹:۴۳", "۱۰:۰۵"), ("Παρασκευή", "Σάββατο"),
                     ("Vineri", "Sâmbătă"), ("fredag", "lördag"), ("Jumat", "Sabtu"),
                     ("Thứ sáu", "Thứ bảy"), ("الجمعة", "السبت")):
        dateline = dateline.replace(old, new)
    return dateline


@pytest.mark.parametrize("shape", EDIT_SHAPES)
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_the_publication_and_the_last_edit_under_their_labels(lang: Language, shape: str
                                                             ) -> None:
    """Both times labelled in the page's language, on one line or two: the first is
    the publication's, the labelled edit the modification's (a Hungarian year's dot
    before its month parts no line)."""
    first = lang.dateline.removeprefix("입력 ")
    p, u = EDIT_LABELS[lang.code]
    header = (f"<div>{lang.by.format(lang.name)}</div>"
              + shape.format(p=p, u=u, first=first, later=edited_later(first)))
    article = extract(page(lang, "hashed", header), URL)
    assert article.published_at == shown_at(lang)
    assert article.modified_at == datetime(2024, 3, 16, 10, 5, tzinfo=ZoneInfo(lang.zone))


@pytest.mark.parametrize("separator", [" | ", " · ", " • "])
def test_a_line_of_two_times_under_labels_of_no_known_language(separator: str) -> None:
    """Labels read nowhere ("Imechapishwa", "Imesasishwa": Swahili's): the line's first
    dated part is the publication's."""
    lang = next(lang for lang in LANGUAGES if lang.code == "sv")
    header = (f"<div>{lang.by.format(lang.name)}</div><div>Imechapishwa: {lang.dateline}"
              f"{separator}Imesasishwa: {edited_later(lang.dateline)}</div>")
    article = extract(page(lang, "bare", header), URL)
    assert article.published_at == shown_at(lang)


# A thread's label and a post's relative time ("two hours ago"), in each language.
THREADS = {
    "ar": ("تعليقات", "منذ ساعتين"), "fa": ("نظرات", "۲ ساعت پیش"), "he": ("תגובות", "לפני שעתיים"),
    "el": ("Σχόλια", "πριν από 2 ώρες"), "cs": ("Komentáře", "před 2 hodinami"),
    "hu": ("Hozzászólások", "2 órája"), "ro": ("Comentarii", "acum 2 ore"),
    "uk": ("Коментарі", "2 години тому"), "sv": ("Kommentarer", "för 2 timmar sedan"),
    "id": ("Komentar", "2 jam lalu"), "vi": ("Bình luận", "2 giờ trước"),
    "th": ("ความคิดเห็น", "2 ชั่วโมงที่แล้ว"), "hi": ("टिप्पणियाँ", "2 घंटे पहले"),
    "zh": ("评论", "2小时前"), "ja": ("コメント", "2時間前"), "ko": ("댓글", "2시간 전"),
}


def comments(lang: Language, theme: str) -> str:
    """Three readers' posts under the label: a name, a relative time, two sentences;
    no reply button, no form."""
    label, ago = THREADS[lang.code]
    s = lang.sentences
    posts = "".join(
        f"<div{cls(theme, 'post')}><div><b>{name}</b> <span>{ago}</span></div>"
        f"<p>{s[i % 3]}{lang.space}{s[(i + 1) % 3]}</p></div>"
        for i, name in enumerate(["Ali Reza", "Maria Popa", "Tran Minh"]))
    return f"<div{cls(theme, 'thread')}><h3>{label} (3)</h3>{posts}</div>"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_readers_comments_under_a_label_in_the_language(lang: Language, theme: str) -> None:
    """Posts whose only mark is a time written the language's way ("2 giờ trước")
    under a label in it: no part of the story, nor their writers its authors."""
    article = extract(page(lang, theme, meta_line(lang, theme), pointer=False,
                           thread=comments(lang, theme)), URL)
    assert article.paragraphs == paragraphs(lang)
    assert article.authors == [lang.name]


THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
               "พ.ย.", "ธ.ค."]


@pytest.mark.parametrize("month", range(1, 13))
def test_a_thai_date_with_its_month_cut_short(month: int) -> None:
    """Thai's month abbreviations in the Buddhist era ("15 มี.ค. 2567"): March is not
    January, whose abbreviation is March's without its vowel mark."""
    lang = next(lang for lang in LANGUAGES if lang.code == "th")
    header = (f"<div>{lang.by.format(lang.name)}</div>"
              f"<div>15 {THAI_MONTHS[month - 1]} 2567 09:43 น.</div>")
    article = extract(page(lang, "hashed", header), URL)
    assert article.published_at == datetime(2024, month, 15, 9, 43, tzinfo=ZoneInfo(lang.zone))


LEAD_CREDITS = [
    ("zh", "新华社北京3月15日电（记者王小明、李华）", ["王小明", "李华"]),
    ("zh", "本报讯（记者 王小明）", ["王小明"]),
    ("zh", "中新网3月15日电 (记者 王小明)", ["王小明"]),
    ("ko", "(서울=연합뉴스) 김철수 기자 = ", ["김철수"]),
    ("ko", "[아시아경제 김철수 기자] ", ["김철수"]),
    ("ko", "(세종=뉴스1) 김철수 특파원 = ", ["김철수"]),
]


@pytest.mark.parametrize(("code", "credit", "names"), LEAD_CREDITS)
def test_a_credit_that_opens_the_first_paragraph(code: str, credit: str, names: list[str]
                                                 ) -> None:
    """No byline above the story: the wire's credit at the head of its first paragraph
    names the reporters (the paragraph keeps it, as the agency wrote it)."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    first = paragraphs(lang)[0]
    html = page(lang, "hashed", f"<div>{lang.dateline}</div>", pointer=False).replace(
        f"<p>{first}</p>", f"<p>{credit}{first}</p>", 1)
    article = extract(html, URL)
    assert article.authors == names
    assert article.paragraphs[0] == credit + first


FACT_LINES = [
    ("zh", "{d} 来源：新华网 作者：王小明 责任编辑：李华", ["王小明"]),
    ("zh", "{d}\u3000来源：人民网\u3000作者：王小明、赵六\u3000编辑：李华", ["王小明", "赵六"]),
    ("zh", "{d} 来源：新华网 责任编辑：李华", []),  # (an editor is no author)
    ("ja", "{d} 筆者：山田太郎", ["山田太郎"]),
    ("zh", "本报记者 王小明", ["王小明"]),
]


@pytest.mark.parametrize(("code", "line", "names"), FACT_LINES)
def test_the_author_labelled_in_a_line_of_facts(code: str, line: str, names: list[str]
                                                ) -> None:
    """A Chinese or Japanese header's line of facts (time, source, author, editor):
    the author's label names the authors, the editor's no one."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    header = f"<div>{line.format(d=lang.dateline)}</div>"
    if "{d}" not in line:
        header = f"<div>{lang.dateline}</div><p>{line}</p>"
    article = extract(page(lang, "hashed", header, pointer=False), URL)
    assert article.authors == names
    assert article.published_at == shown_at(lang)
    assert article.paragraphs == paragraphs(lang)


CALENDAR_LINES = [
    # Iran's Solar Hijri calendar, in Persian digits or ours, with a weekday and "ساعت".
    ("fa", "۲۵ اسفند ۱۴۰۲ - ۰۹:۴۳", (15, 9, 43)),
    ("fa", "جمعه ۲۵ اسفند ۱۴۰۲ ساعت ۰۹:۴۳", (15, 9, 43)),
    ("fa", "۱۴۰۲/۱۲/۲۶", (16, 12, 0)),
    # The Islamic calendar's day, then the common one's; "م" after a year is its era
    # (AD), after a clock time the afternoon.
    ("ar", "الجمعة 5 رمضان 1445 هـ - 15 مارس 2024 م", (15, 12, 0)),
    ("ar", "الجمعة 15 مارس 2024 م - 09:43 ص", (15, 9, 43)),
    ("ar", "الجمعة 15 مارس 2024 - 09:43 م", (15, 21, 43)),
    # Marks that set the text's direction around the date.
    ("ar", "\u200fالجمعة 15 مارس 2024 09:43\u200f", (15, 9, 43)),
    ("he", "\u202b15 במרץ 2024 09:43\u202c", (15, 9, 43)),
]


@pytest.mark.parametrize(("code", "line", "shown"), CALENDAR_LINES)
def test_a_date_in_another_calendar_or_between_direction_marks(
        code: str, line: str, shown: tuple[int, int, int]) -> None:
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    byline = lang.by.format(f"\u200f{lang.name}\u200f")
    article = extract(page(lang, "hashed", f"<div>{byline}</div><div>{line}</div>"), URL)
    day, hour, minute = shown
    zone = ZoneInfo(lang.zone) if (hour, minute) != (12, 0) else ZoneInfo("UTC")
    assert article.published_at == datetime(2024, 3, day, hour, minute, tzinfo=zone)
    assert article.authors == [lang.name]


FOOT_LINES = [
    ("zh", "<p>（责任编辑：李华）</p>"),
    ("zh", "<p>（完）</p><p>【纠错】 【责任编辑：李华 】</p>"),
    ("zh", "<p>【版权声明：本文为新华网原创，未经授权，不得转载。】</p>"),
    ("ko", "<p>kimcs@yna.co.kr</p>"),
    ("ko", ("<p>김철수 kimcs@yna.co.kr</p>"
            "<p>&lt;저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지&gt;</p>")),
    ("ja", "<p>Copyright © 2024 共同通信社 無断転載禁止</p>"),
    ("id", "<p>Hak Cipta © 2024 Kompas.com. Hak cipta dilindungi undang-undang.</p>"),
    ("ar", "<p>© 2024 الجزيرة نت. جميع الحقوق محفوظة</p>"),
    ("vi", "<p>© Bản quyền thuộc về VnExpress. Bảo lưu mọi quyền.</p>"),
    ("he", "<p>© כל הזכויות שמורות להארץ 2024</p>"),
    ("hu", "<p>© 2024 Index. Minden jog fenntartva.</p>"),
]


@pytest.mark.parametrize(("code", "foot"), FOOT_LINES)
def test_what_ends_a_story_in_its_language_is_no_line_of_it(code: str, foot: str) -> None:
    """The reporter's e-mail address, the editor's credit, the wire's end mark and the
    rights notice, as papers in these languages end a story."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    article = extract(page(lang, "hashed", meta_line(lang, "hashed"), after=foot), URL)
    assert article.paragraphs == paragraphs(lang)


@pytest.mark.parametrize("last", [
    "<p>李华编辑了这篇报道，她说市政府将在每月底公布报告。</p>",  # (a sentence about an editor)
    "<p>读者可发送邮件至 tips@news.example 反映水质问题，市政府承诺在一周内答复所有来信。</p>",
])
def test_a_last_sentence_that_names_an_editor_or_an_address_stays(last: str) -> None:
    lang = next(lang for lang in LANGUAGES if lang.code == "zh")
    article = extract(page(lang, "hashed", meta_line(lang, "hashed"), after=last), URL)
    assert article.paragraphs[-1] == last[3:-4]


def test_a_bracketed_notice_of_two_statements_is_no_line() -> None:
    """A notice in brackets may say two things ("…独家所有。未经授权，不得转载。")."""
    lang = next(lang for lang in LANGUAGES if lang.code == "zh")
    notice = "<p>【本文作品的中文相关权益归本站独家所有。未经授权，不得转载、摘编等。】</p>"
    article = extract(page(lang, "hashed", meta_line(lang, "hashed"), after=notice), URL)
    assert article.paragraphs == paragraphs(lang)


DEK_SHAPES = ["<p><strong>{dek}</strong></p>{meta}", "<h2>{dek}</h2>{meta}", "<div>{dek}</div>{meta}",
              "<div><time datetime='2024-03-15T02:43:00Z'>15.03.2024</time></div><p>{dek}</p>"]


@pytest.mark.parametrize("shape", DEK_SHAPES)
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_an_unnamed_standfirst_ends_as_its_language_ends_a_sentence(lang: Language, shape: str
                                                                    ) -> None:
    """Two sentences under the headline, in no named element: a Hindi one ends with a
    danda ("।"), a Thai one with no mark at all (Thai parts sentences with spaces)."""
    dek = lang.sentences[0].rstrip("。.") + lang.space + lang.sentences[2]
    header = shape.format(dek=dek, meta=meta_line(lang, "hashed"))
    shown = extract(page(lang, "hashed", header, pointer=False), URL).standfirst
    # (Not in a Thai heading: a Thai sub-heading ends as a Thai sentence does.)
    assert shown == (None if lang.code == "th" and shape.startswith("<h2>") else dek)


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_byline_of_several_writers_is_no_standfirst(lang: Language) -> None:
    second, joiner = SECOND[lang.code]
    byline = lang.by.format(f"{lang.name}{joiner}{second}")
    header = f"<div>{byline}</div><div>{lang.dateline}</div>"
    article = extract(page(lang, "hashed", header, pointer=False), URL)
    assert article.standfirst is None


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_dateline_read_in_the_language_of_a_story_drawn_by_script(lang: Language) -> None:
    """The story only in the page's script data, the page declaring no language: its
    dateline is read in the language of that data (before, with no prose in the HTML
    to tell it by, a Swedish "fredag 15 mars 2024 09:43" lost its time and a Czech one
    its zone)."""
    from benchmarks._suites import variant

    html = variant(page(lang, "hashed", meta_line(lang, "hashed"), pointer=False),
                   "script-body")
    assert extract(html, URL).published_at == shown_at(lang)


# A second writer, and how each language joins the last two names.
SECOND = {
    "ar": ("فاطمة حسن", " و"), "fa": ("مریم حسینی", " و "), "he": ("יוסי לוי", ", "),
    "el": ("Νίκος Οικονόμου", " και "), "cs": ("Petr Svoboda", " a "), "hu": ("Nagy Anna", " és "),
    "ro": ("Ioana Stan", " și "), "uk": ("Андрій Мельник", " та "), "sv": ("Karin Berg", " och "),
    "id": ("Dewi Lestari", " dan "), "vi": ("Trần Thu Trang", " và "), "th": ("มาลี บุญมา", " และ "),
    "hi": ("प्रिया सिंह", " और "), "zh": ("李华", "、"), "ja": ("佐藤花子", "、"), "ko": ("이영희", "·"),
}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_two_writers_joined_by_the_languages_and(lang: Language) -> None:
    """"Autor: Jana Nováková a Petr Svoboda", "بقلم: محمد العلي وفاطمة حسن" (Arabic writes
    its "and" onto the next name), "김철수·이영희 기자": two authors, not one."""
    second, joiner = SECOND[lang.code]
    byline = lang.by.format(f"{lang.name}{joiner}{second}")
    header = f"<div>{byline}</div><div>{lang.dateline}</div>"
    article = extract(page(lang, "hashed", header, pointer=False), URL)
    assert article.authors == [lang.name, second]


@pytest.mark.parametrize("line", [
    "Dallas Robinson is a reporter for the Courier",  # (English's "a" is no "and")
    "Anna Rossi e Marco Bianchi",
])
def test_a_joined_pair_of_names_needs_two_full_names(line: str) -> None:
    lang = next(lang for lang in LANGUAGES if lang.code == "sv")
    header = f"<div>By {line}</div><div>{lang.dateline}</div>"
    authors = extract(page(lang, "bare", header, pointer=False), URL).authors
    assert authors in ([], ["Anna Rossi", "Marco Bianchi"])
    assert "Dallas Robinson is" not in authors


ADS = {"ar": "إعلان", "fa": "تبلیغات", "he": "פרסומת", "el": "Διαφήμιση", "cs": "Reklama",
       "hu": "Hirdetés", "ro": "Publicitate", "uk": "Реклама", "sv": "Annons", "id": "Iklan",
       "vi": "Quảng cáo", "th": "โฆษณา", "hi": "विज्ञापन", "zh": "广告", "ja": "広告", "ko": "광고"}


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_an_ad_slots_label_in_the_language_is_no_line(lang: Language) -> None:
    story = paragraphs(lang)
    html = page(lang, "hashed", meta_line(lang, "hashed"), pointer=False).replace(
        f"<p>{story[1]}</p>", f"<p>{story[1]}</p><div><span>{ADS[lang.code]}</span>"
        "<div id='ad-1'></div></div>", 1)
    assert extract(html, URL).paragraphs == story


UNSPACED = [lang for lang in LANGUAGES if lang.code in ("zh", "ja", "th")]


@pytest.mark.parametrize("lang", UNSPACED, ids=lambda lang: lang.code)
def test_a_section_front_in_a_language_written_without_spaces(lang: Language) -> None:
    """Teaser cards whose headlines are bare links: a Japanese or Thai headline is one
    "word" to a count by spaces, and the page read as an article before."""
    s = lang.sentences
    cards = "".join(
        f"<div class='c{i}'><div><a href='/2024/03/story-{i}.html'>{lang.headline}（{i}）</a>"
        f"</div><p>{s[i % 3]}</p><span>{lang.by.format(lang.name)}</span></div>"
        for i in range(12))
    html = (f"<html><head><meta charset='utf-8'><title>{lang.headline}</title></head><body>"
            f"<main><h1>{lang.related}</h1><p>{s[0]}{lang.space}{s[1]}</p><div>{cards}</div>"
            "</main></body></html>")
    assert extract(html, "https://news.example/section/city").page_type == "listing"


@pytest.mark.parametrize("lang", UNSPACED, ids=lambda lang: lang.code)
def test_a_list_and_a_bio_in_a_language_written_without_spaces(lang: Language) -> None:
    """A list of sentences in the story stays (each item is no single word); a note
    about the writer after it, opening with the writer's name, leaves it. (A guard: the
    generated world's pages in these languages hold the harder shapes.)"""
    s = lang.sentences
    items = [s[0], s[1] + lang.space + s[2], s[2]]
    listed = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    bio = f"<div class='b'><p>{lang.name}{' ' if lang.code == 'th' else ''}{s[1]}{s[2]}</p></div>"
    story = paragraphs(lang)
    html = page(lang, "hashed", meta_line(lang, "hashed"), pointer=False).replace(
        f"<p>{story[2]}</p>", f"<p>{story[2]}</p>{listed}", 1).replace(
        f"<div{cls('hashed', 'more')}>", f"{bio}<div{cls('hashed', 'more')}>", 1)
    article = extract(html, URL)
    assert article.paragraphs == [*story[:3], *items, *story[3:]]


@pytest.mark.parametrize(("code", "shown"), [("ko", "2024.03.10"), ("zh", "2024年3月10日"),
                                             ("ja", "2024年3月10日"), ("sv", "2024/3/10")])
def test_an_embedded_posts_date_is_no_publication(code: str, shown: str) -> None:
    """A page that gives no time of its own, with a post quoted from a social network:
    the post's date, written in a form read in every language, is the post's."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    post = (f"<blockquote class='q'><p>{lang.sentences[1]}</p>— {lang.name} (@x) "
            f"<a href='https://social.example/x/status/1'>{shown}</a></blockquote>")
    story = paragraphs(lang)
    html = page(lang, "hashed", f"<div>{lang.by.format(lang.name)}</div>",
                pointer=False).replace(f"<p>{story[1]}</p>", f"<p>{story[1]}</p>{post}", 1)
    assert extract(html, "https://news.example/story.html").published_at is None


@pytest.mark.parametrize("names", [["王伟"], ["王伟", "张芳"], ["山田太郎", "佐藤花子"], ["김철수"]])
def test_names_written_without_a_space_in_an_author_box(names: list[str]) -> None:
    """An author box's links to the site's pages of its writers, beside their network
    links: a Chinese name of two characters is a full name too."""
    lang = next(lang for lang in LANGUAGES if lang.code == "zh")
    box = '<div class="author-box">' + " ".join(
        f'<a href="/people/{i}">{name}</a> <a href="https://x.com/p{i}">X</a>'
        for i, name in enumerate(names)) + "</div>"
    article = extract(page(lang, "bare", f"{box}<div>{lang.dateline}</div>", pointer=False), URL)
    assert article.authors == names


@pytest.mark.parametrize("label", ["Das könnte Sie auch interessieren:", "Read more", "Baca juga"])
def test_a_label_inside_a_promotions_link_heads_no_block(label: str) -> None:
    """A magazine's promotion set in the story, its words a link ("<a><span>Das könnte Sie
    auch interessieren:</span> …</a>"), in the second of the story's chunks beside a box
    of links: no heading of a related block, whose box would be that chunk, paragraphs
    and all."""
    prose = [f"Der Stadtrat hat am Dienstag beschlossen, dass neue Regeln für das Flusswasser "
             f"im nächsten Frühjahr gelten sollen, nachdem Landwirte lange gestritten hatten ({i})."
             for i in range(8)]
    links = "".join(f"<li><a href='/news/{i}.html'>Eine andere Geschichte der Woche Nummer {i}"
                    "</a></li>" for i in range(3))
    promo = (f"<aside class='k'><a href='https://shop.example/heft'><div><span>{label}</span> "
             "Das neue Heft im Handel</div></a></aside>")
    html = ("<html lang='de'><head><title>Neue Regeln</title></head><body><article>"
            "<h1>Neue Regeln für das Flusswasser</h1><div class='col'>"
            + "".join(f"<p>{p}</p>" for p in prose[:4]) + "</div><div class='col'>"
            + "".join(f"<p>{p}</p>" for p in prose[4:6]) + f"<div class='box'><ul>{links}</ul></div>"
            + f"<p>{prose[6]}</p>{promo}<p>{prose[7]}</p></div></article></body></html>")
    assert extract(html, URL).paragraphs == prose


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang.code in ("zh", "ja")],
                         ids=lambda lang: lang.code)
def test_a_story_in_a_layout_tables_cell_in_chinese_or_japanese(lang: Language) -> None:
    """A story set in a table's cell beside a column of links, its paragraphs under 150
    characters, as Chinese and Japanese ones are (80 characters say as much as 150 in a
    spaced script): each paragraph a line, not the cell's one glued line."""
    story = paragraphs(lang)
    side = "<br>".join(f"<a href='/topic/{i}'>{lang.related}{i}</a>" for i in range(6))
    html = (f"<html><head><meta charset='utf-8'><title>{lang.headline}</title></head><body>"
            f"<article><h1>{lang.headline}</h1><table class='t1' width='100%'><tr>"
            "<td class='box-12'>" + "".join(f"<p>{p}</p>" for p in story)
            + f"</td><td width='20%'>{side}</td></tr></table></article></body></html>")
    assert all(len(p) < 150 for p in story)
    assert extract(html, URL).paragraphs == story


# The legacy encoding each language's pages were written in before UTF-8.
LEGACY_ENCODINGS = {"ar": "cp1256", "he": "cp1255", "el": "cp1253",
                    "cs": "cp1250", "hu": "cp1250", "uk": "cp1251", "sv": "cp1252",
                    "id": "cp1252", "th": "cp874", "zh": "gb18030", "ja": "shift_jis",
                    "ko": "euc-kr"}
SCRIPT = "<script>var config = {" + ",".join(f"'k{i}': 'v{i}'" for i in range(6000)) + "};</script>"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang.code in LEGACY_ENCODINGS],
                         ids=lambda lang: lang.code)
@pytest.mark.parametrize("declared", [True, False])
def test_a_page_in_its_languages_legacy_encoding_declaring_none(lang: Language, declared: bool
                                                                 ) -> None:
    """No charset in the header or the page, and the first 64 KB all script (as a
    page's inline configuration is): the encoding is told from the text's own lines,
    with or without the page's language declared."""
    lang_attr = f" lang='{lang.code}'" if declared else ""
    html = (f"<html{lang_attr}><head><title>{lang.headline}</title>{SCRIPT}</head><body>"
            f"<article><h1>{lang.headline}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs(lang)) + "</article></body></html>")
    article = extract(html.encode(LEGACY_ENCODINGS[lang.code]), URL)
    assert article.title == lang.headline
    assert article.paragraphs == paragraphs(lang)


# Short clauses of a list, each a sentence of its own in a script that writes a
# sentence's words unparted and whose vowel signs are marks, not letters.
RUN_ON_ITEMS = {
    "th": ["โครงการนี้ใช้งบประมาณสามร้อยล้านบาท", "รถประจำทางสายใหม่จะเปิดบริการในเดือนมกราคม",
           "ประชาชนสามารถส่งความเห็นทางไปรษณีย์"],
}


@pytest.mark.parametrize("theme", THEMES)
def test_a_list_of_short_clauses_in_a_script_without_spaces_stays(theme: str) -> None:
    """A live blog in Thai, its posts of two paragraphs in boxes, one ending with a list
    of short clauses: each item is six words and more, though no space parts them and
    the vowel signs above and below cut no word in pieces (trafilatura reads the first
    post alone; the others' lists are put back by their words)."""
    lang = next(lang for lang in LANGUAGES if lang.code == "th")
    items = RUN_ON_ITEMS["th"]
    story = [lang.space.join(pair) for pair in permutations(lang.sentences, 2)]  # (six)
    listed = "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    posts = "".join(
        f"<article{cls(theme, 'post')}><header><time datetime='2024-03-15T0{9 - i}:00:00+07:00'>"
        f"0{9 - i}:00</time><h3>{lang.headline} ({i})</h3></header>"
        + "".join(f"<div{cls(theme, 'text')}><p>{p}</p></div>" for p in story[2 * i:2 * i + 2])
        + (listed if i == 1 else "") + "</article>" for i in range(3))
    html = (f"<html><head><meta charset='utf-8'><title>{lang.headline}</title></head><body>"
            f"<main><h1>{lang.headline}</h1>{posts}</main></body></html>")
    assert extract(html, URL).paragraphs == [*story[:4], *items, *story[4:]]


@pytest.mark.parametrize("theme", THEMES)
def test_teaser_cards_with_headlines_in_a_script_without_spaces(theme: str) -> None:
    """Cards of other stories after the story, each a linked Thai headline over a summary
    and its writer's byline, where the story holds a block of related links of its own
    (the page's "Read More"): each card's headline is a teaser's (no one word), so their
    writers are not the page's, whose names only its <meta> tags give."""
    lang = next(lang for lang in LANGUAGES if lang.code == "th")
    s, story = lang.sentences, paragraphs(lang)
    cards = "".join(
        f"<div{cls(theme, f'card{i}')}><a href='/2024/03/story-{i}.html'><h3>{s[i % 3][:40]}</h3>"
        f"</a><p>{s[(i + 1) % 3]}</p><span>{lang.by.format(name)}</span> "
        f"<time datetime='2024-02-0{i + 1}T10:00:00Z'>x</time></div>"
        for i, name in enumerate(["มาลี รักไทย", "สุดา ศรีสุข", "วิชัย บุญมา"]))
    metas = "".join(f"<meta name='author' content='{n}'>" for n in ("สมชาย ใจดี", "ประยุทธ แสงทอง"))
    related = "".join(f"<li><a href='/2024/03/r-{i}.html'>{s[i][:30]}</a></li>" for i in range(3))
    # The story's own related links after its second paragraph; the cards after it.
    text = "".join(f"<p>{p}</p>" for p in story).replace(
        "</p>", f"</p><div{cls(theme, 'rel')}><h4>{lang.related}</h4><ul>{related}</ul></div>", 2
    ).replace(f"<div{cls(theme, 'rel')}><h4>{lang.related}</h4><ul>{related}</ul></div>", "", 1)
    parts = [f"<html lang='th'><head><meta charset='utf-8'><title>{lang.headline}</title>{metas}",
             f"</head><body><h1>{lang.headline}</h1><section{cls(theme, 'story')}>",
             f"<time datetime='2024-03-15T09:43:00+07:00'>{lang.dateline}</time>",
             f"<div{cls(theme, 'text')}>{text}</div></section>",
             f"<div{cls(theme, 'next')}><h2>{lang.related}</h2>{cards}</div></body></html>"]
    html = "".join(parts)
    article = extract(html, URL)
    assert article.authors == ["สมชาย ใจดี", "ประยุทธ แสงทอง"]
    assert article.paragraphs == story


@pytest.mark.parametrize("kicker", [False, True])
@pytest.mark.parametrize("code", ["zh", "ja"])
def test_a_short_headline_in_bold_with_no_h1_in_chinese_or_japanese(code: str, kicker: bool
                                                                   ) -> None:
    """A page with no <h1> whose headline, in bold in a paragraph, is eight characters
    of Chinese or Japanese (a full headline, though shorter than a spaced script's
    shortest), a section's label over it: the headline's place is found, so the label is
    no line of the story and the summary under the headline, past the line of its time,
    is its standfirst (and, set as a paragraph, the body's first line)."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    headline = lang.headline[:8]
    dek = {"zh": "新规定将改变农民使用河水的方式。", "ja": "新しい規則は農家の水の使い方を変える。"}[code]
    label = "<span class='k'>Opinion</span>" if kicker else ""
    html = (f"<html><head><meta charset='utf-8'><title>{headline}</title></head><body>"
            f"<article>{label}<p><strong>{headline}</strong></p>"
            f"<time datetime='2024-03-15T09:43:00+09:00'>2024年3月15日</time><p>{dek}</p>"
            f"<div class='t'>{''.join(f'<p>{p}</p>' for p in paragraphs(lang))}</div>"
            "</article></body></html>")
    article = extract(html, URL)
    assert article.title == headline
    assert article.standfirst == dek
    assert article.paragraphs == [dek, *paragraphs(lang)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_named_standfirst_under_a_thai_byline_in_plain_words(theme: str) -> None:
    """Under the headline a byline of three writers in plain words, which, as Thai ends
    no sentence with a mark, reads as an unnamed summary; then the summary its class
    names: that one is the standfirst, the byline's names the authors."""
    lang = next(lang for lang in LANGUAGES if lang.code == "th")
    names = ["มาลี แสงทอง", "วิชัย แสงทอง", "ประยุทธ บุญมา"]
    dek = "เมืองจะเผยแพร่รายงานคุณภาพน้ำทุกเดือน เกษตรกรต้องลงทะเบียนบ่อน้ำภายในสิ้นปี"
    header = (f"<div{cls(theme, 'line')}>{lang.by.format(' และ '.join(names))}</div>"
              f"<div class='c-dek'>{dek}</div>")
    article = extract(page(lang, theme, header, pointer=False), URL)
    assert article.authors == names
    assert article.standfirst == dek


@pytest.mark.parametrize("tag", ["div", "p"])
@pytest.mark.parametrize("rest", ["style='display:none'", "class='rest'"])
@pytest.mark.parametrize("code", ["zh", "ja"])
def test_a_story_in_bare_divs_of_chinese_or_japanese(code: str, rest: str, tag: str) -> None:
    """Paragraphs in Chinese or Japanese, as bare <div>s or <p>s, the first two of two
    sentences (fewer characters than a spaced script's paragraph holds, the same words'
    worth), the rest, longer, in a box of their own behind a "more" button: every one
    is a paragraph of the body, not the long ones alone (the first two, before the
    body's box, its lead: no paragraph of Chinese is one word)."""
    lang = next(lang for lang in LANGUAGES if lang.code == code)
    first = [lang.space.join(pair) for pair in permutations(lang.sentences, 2)][:2]
    later = [lang.space.join([*three, lang.sentences[0]])
             for three in permutations(lang.sentences, 3)][:4]
    html = (f"<html><head><meta charset='utf-8'><title>{lang.headline}</title></head><body>"
            f"<section class='s'><h1>{lang.headline}</h1><div class='t'>"
            + "".join(f"<{tag}>{p}</{tag}>" for p in first) + "<button class='more'>…</button>"
            + f"<div {rest}>" + "".join(f"<{tag}>{p}</{tag}>" for p in later) + "</div>"
            "</div></section></body></html>")
    assert extract(html, URL).paragraphs == [*first, *later]


@pytest.mark.parametrize("code", ["zh", "ja", "th"])
def test_teaser_cards_with_headlines_in_scripts_without_spaces(code: str) -> None:
    """Cards of other stories after the story, each a headline of Chinese, Japanese or
    Thai linked to its story over a summary and a byline: a headline of a dozen
    characters is no one word, so each card is a teaser's (as an English one of three
    words is), while a menu's two-character links are none."""
    from lxml import html as lxml_html

    from crawler.extract._related import teaser_cards

    lang = next(lang for lang in LANGUAGES if lang.code == code)
    s = lang.sentences
    menu = "".join(f"<h4><a href='/s/{i}'>{s[i][:2]}</a></h4>" for i in range(3))
    cards = "".join(
        f"<div class='c{i}'><a href='/2024/03/story-{i}.html'><h4>{s[i][:12]}</h4></a>"
        f"<p>{s[(i + 1) % 3]}</p><span>{lang.by.format(lang.name)}</span></div>"
        for i in range(3))
    root = lxml_html.document_fromstring(
        f"<html><body><div class='menu'>{menu}</div><div class='story'><h1>{lang.headline}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs(lang))
        + f"</div><div class='next'>{cards}</div></body></html>")
    body = root.find_class("story")[0]
    found = teaser_cards(root, body, frozenset({body}), "https://news.example/")
    assert [card.get("class") for card in found] == ["c0", "c1", "c2"]
