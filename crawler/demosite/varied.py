"""Single pages of varied markup with ground truth, for ``benchmarks.varied`` and the
extraction tests: no site, just what ``extract`` is given.

Each seed draws one page: an article in one of ten languages (English, German, French,
Spanish, Italian, Portuguese, Dutch, Polish, Russian, Turkish), or, one page in four, in
one of sixteen more (Arabic, Persian, Hebrew, Greek, Czech, Hungarian, Romanian,
Ukrainian, Swedish, Indonesian, Vietnamese, Thai, Hindi, Chinese, Japanese, Korean: each
with its writers' names, its way of writing a day and a clock time, its calendar where
the country keeps another, its labels and its sentences' ends), whose
every part varies independently of the others. The body is written in ``<p>``s, bare
``<div>``s, ``<span>``s or text between ``<br>``s, split by an ad slot, a "read also"
pointer or a figure, with sub-headings, a list or a quote; the headline is an ``<h1>``
inside the article, outside it, or an ``<h2>`` under a logo ``<h1>``, declared with
the site's name after it, with entities in JSON-LD, under a kicker or beside an SEO
``og:title``; the byline is plain words (the newsroom in JSON-LD), ``rel=author`` links,
an author box beside network links, ``<meta>`` tags (one or one per person) or JSON-LD;
the time is a ``<meta>`` (its offset with or without a colon), a ``<time>``, JSON-LD
(maybe after the last edit's), a written dateline or none; around it stand a menu, a consent layer, a sign-up box, readers' comments, a
rail of teasers marked up as microdata articles, a related block and a footer. Later
parts, drawn apart so that every seed keeps its older ones: paragraphs each in a box of
their own, the body split in two chunks around a box of links, an embedded post (its
text, its credit and its script), the author's bio, a tag list and page links after
the body, the standfirst in a bare ``<div>``, the last edit's time beside the dateline; later
still, a story in a layout table, a hidden rest, a live blog, a page in one <form>; and
readers' comments named by nothing but a label in the page's language (or by no label
and a reply button on each post), every class name hashed as CSS-in-JS builds write
them, and a wire agency's credit naming the reporters of a story with no byline; last,
the headline in no ``<h1>`` (an ``<h2>``, an ``<h3>`` linked to the page itself, a
``<div>``, a bold ``<p>``). Class
names are drawn at random, so no rule can lean on one theme's names. Some seeds draw a
section front instead: a headline, maybe an intro, and a column of teaser cards. Teaser
cards, there and beside an article, link their headline in a heading, around a heading,
or as a bare link above the summary.

The prose is made of the language's words in random order (without spaces where the
language writes none): real enough for language identification, meaningless, and never
the same twice.
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from crawler.extract import Article


@dataclass(frozen=True)
class _Language:
    words: str  # the words its prose is drawn from
    by: str  # the byline's lead-in, "{}" for the names
    joiner: str  # between the last two names
    ad: str
    read_also: str
    related: str
    comments: str
    published: str  # the dateline's label, "{}" for the date
    months: str  # their names, January first
    zone: str  # where a time written without an offset is read (see parse_date)
    updated: str = "Updated {}"  # the label of the last edit's time, "{}" for the date
    reply: str = "Reply"  # a comment's reply button
    # How a day is written: {d} {dd} {m} {mm} {month} {y}; a clock time after it, {t}.
    day: str = "{d} {month} {y}"
    clock: str = ", {t}"
    given: str = ""  # the language's own given names and family names ("": Latin ones)
    family: str = ""
    name: str = "{given} {family}"  # or "{family} {given}" ("Kovács Péter"), "{family}{given}"
    unspaced: bool = False  # no space between words, nor between sentences
    stops: tuple[str, str] = (".", "?")  # a sentence's end: the usual one, the other
    era: int = 0  # added to the year (Thai's Buddhist era)
    calendar: str = "gregorian"  # or "jalali" (Iran's Solar Hijri; its month names)
    digits: str = ""  # the language's own digits, 0 to 9, where it writes them


LANGUAGES = {
    "en": _Language(
        "the council said on Tuesday that new rules for river water would come into force "
        "next spring after years of argument between farmers and city officials who "
        "disagree about costs and who should pay for cleaner supplies in the region",
        "By {}", " and ", "Advertisement", "Read more:", "Related stories", "Comments",
        "Published {}", "January February March April May June July August September "
        "October November December", "UTC"),
    "de": _Language(
        "der Stadtrat hat am Dienstag beschlossen dass neue Regeln für das Flusswasser im "
        "nächsten Frühjahr gelten sollen nachdem Landwirte und Beamte jahrelang über die "
        "Kosten und die Frage gestritten hatten wer für sauberes Wasser in der Region "
        "zahlen muss",
        "Von {}", " und ", "Anzeige", "Lesen Sie auch:", "Mehr zum Thema", "Kommentare",
        "Veröffentlicht am {}", "Januar Februar März April Mai Juni Juli August September "
        "Oktober November Dezember", "Europe/Berlin", "Aktualisiert am {}", "Antworten"),
    "fr": _Language(
        "le conseil municipal a annoncé mardi que de nouvelles règles sur l'eau de la "
        "rivière entreront en vigueur au printemps prochain après des années de dispute "
        "entre les agriculteurs et les élus qui ne sont pas d'accord sur les coûts et sur "
        "qui doit payer",
        "Par {}", " et ", "Publicité", "Lire aussi :", "Sur le même sujet", "Commentaires",
        "Publié le {}", "janvier février mars avril mai juin juillet août septembre "
        "octobre novembre décembre", "UTC", "Mis à jour le {}", "Répondre"),
    "es": _Language(
        "el ayuntamiento anunció el martes que las nuevas normas sobre el agua del río "
        "entrarán en vigor la próxima primavera después de años de disputa entre los "
        "agricultores y los funcionarios que no están de acuerdo sobre los costes y sobre "
        "quién debe pagar",
        "Por {}", " y ", "Publicidad", "Lea también:", "Noticias relacionadas",
        "Comentarios", "Publicado el {}", "enero febrero marzo abril mayo junio julio "
        "agosto septiembre octubre noviembre diciembre", "UTC", "Actualizado el {}",
        "Responder"),
    "it": _Language(
        "il consiglio comunale ha annunciato martedì che le nuove regole sull'acqua del "
        "fiume entreranno in vigore la prossima primavera dopo anni di discussioni tra "
        "agricoltori e funzionari che non sono d'accordo sui costi e su chi deve pagare",
        "Di {}", " e ", "Pubblicità", "Leggi anche:", "Articoli correlati", "Commenti",
        "Pubblicato il {}", "gennaio febbraio marzo aprile maggio giugno luglio agosto "
        "settembre ottobre novembre dicembre", "Europe/Rome", "Aggiornato il {}", "Rispondi"),
    "pt": _Language(
        "a câmara municipal anunciou na terça-feira que as novas regras sobre a água do rio "
        "entrarão em vigor na próxima primavera depois de anos de discussão entre "
        "agricultores e autoridades que discordam sobre os custos e sobre quem deve pagar",
        "Por {}", " e ", "Publicidade", "Leia também:", "Notícias relacionadas",
        "Comentários", "Publicado em {}", "janeiro fevereiro março abril maio junho julho "
        "agosto setembro outubro novembro dezembro", "UTC", "Atualizado em {}", "Responder"),
    "nl": _Language(
        "de gemeenteraad maakte dinsdag bekend dat de nieuwe regels voor het rivierwater "
        "volgend voorjaar ingaan na jaren van discussie tussen boeren en ambtenaren die het "
        "oneens zijn over de kosten en over wie moet betalen",
        "Door {}", " en ", "Advertentie", "Lees ook:", "Meer over dit onderwerp", "Reacties",
        "Gepubliceerd op {}", "januari februari maart april mei juni juli augustus "
        "september oktober november december", "Europe/Amsterdam", "Bijgewerkt op {}",
        "Reageer"),
    "pl": _Language(
        "rada miasta ogłosiła we wtorek że nowe przepisy dotyczące wody w rzece wejdą w "
        "życie następnej wiosny po latach sporów między rolnikami a urzędnikami którzy nie "
        "zgadzają się co do kosztów i tego kto powinien płacić",
        "Autor: {}", " i ", "Reklama", "Czytaj też:", "Powiązane artykuły", "Komentarze",
        "Opublikowano {}", "stycznia lutego marca kwietnia maja czerwca lipca sierpnia "
        "września października listopada grudnia", "Europe/Warsaw", "Zaktualizowano {}",
        "Odpowiedz"),
    "ru": _Language(
        "городской совет во вторник объявил что новые правила для речной воды вступят в "
        "силу следующей весной после многих лет споров между фермерами и чиновниками "
        "которые не согласны о расходах и о том кто должен платить",
        "Автор: {}", " и ", "Реклама", "Читайте также:", "Материалы по теме", "Комментарии",
        "Опубликовано {}", "января февраля марта апреля мая июня июля августа сентября "
        "октября ноября декабря", "UTC", "Обновлено {}", "Ответить"),
    "tr": _Language(
        "belediye meclisi salı günü nehir suyuna ilişkin yeni kuralların çiftçiler ile "
        "yetkililer arasında yıllarca süren tartışmaların ardından gelecek bahar yürürlüğe "
        "gireceğini açıkladı ve maliyetleri kimin ödeyeceği konusunda anlaşamadılar",
        "Yazar: {}", " ve ", "Reklam", "Bunu da okuyun:", "İlgili haberler", "Yorumlar",
        "Yayınlanma: {}", "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim "
        "Kasım Aralık", "Europe/Istanbul", "Güncellenme: {}", "Yanıtla"),
}
# Languages beyond the ten, one page in four drawn in one of them (a stream of its own:
# each seed keeps every other draw). Given and family names are "|"-parted where one
# holds a space ("Văn An").
WORLD = {
    "ar": _Language(
        "أعلن مجلس المدينة يوم الثلاثاء أن القواعد الجديدة الخاصة بمياه النهر ستدخل حيز "
        "التنفيذ في الربيع المقبل بعد سنوات من الخلاف بين المزارعين والمسؤولين حول "
        "التكاليف ومن يجب أن يدفعها من أجل مياه أنظف في المنطقة",
        "بقلم: {}", " و", "إعلان", "اقرأ أيضا:", "مواضيع ذات صلة", "تعليقات", "نشر في {}",
        "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر", "UTC",
        "آخر تحديث {}", "رد", clock=" {t}", given="محمد أحمد فاطمة ليلى عمر",
        family="العلي حسن الخطيب منصور السيد", stops=(".", "؟")),
    "fa": _Language(
        "شورای شهر روز سه‌شنبه اعلام کرد که قوانین جدید مربوط به آب رودخانه از بهار "
        "آینده اجرا خواهد شد و این پس از سال‌ها اختلاف میان کشاورزان و مقامات درباره "
        "هزینه‌ها و اینکه چه کسی باید بپردازد است",
        "نویسنده: {}", " و ", "تبلیغات", "بیشتر بخوانید:", "مطالب مرتبط", "نظرات", "انتشار: {}",
        "فروردین اردیبهشت خرداد تیر مرداد شهریور مهر آبان آذر دی بهمن اسفند", "Asia/Tehran",
        "به‌روزرسانی: {}", "پاسخ", clock=" - {t}", given="علی مریم رضا سارا حسین",
        family="رضایی احمدی کریمی حسینی موسوی", stops=(".", "؟"), calendar="jalali",
        digits="۰۱۲۳۴۵۶۷۸۹"),
    "he": _Language(
        "מועצת העיר הודיעה ביום שלישי כי הכללים החדשים בנוגע למי הנהר ייכנסו לתוקף באביב "
        "הבא לאחר שנים של ויכוחים בין החקלאים לבין פקידי העירייה על העלויות ועל מי צריך "
        "לשלם עבור מים נקיים",
        "מאת {}", ", ", "פרסומת", "קראו גם:", "כתבות נוספות", "תגובות", "פורסם: {}",
        "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר",
        "Asia/Jerusalem", "עודכן: {}", "הגב", day="{d} ב{month} {y}", clock=" {t}",
        given="דנה יוסי מיכל אבי נועה", family="כהן לוי מזרחי פרץ ביטון"),
    "el": _Language(
        "το δημοτικό συμβούλιο ανακοίνωσε την Τρίτη ότι οι νέοι κανόνες για το νερό του "
        "ποταμού θα τεθούν σε ισχύ την επόμενη άνοιξη μετά από χρόνια διαφωνιών μεταξύ "
        "αγροτών και αξιωματούχων για το κόστος και για το ποιος πρέπει να πληρώσει",
        "Του {}", " και ", "Διαφήμιση", "Διαβάστε επίσης:", "Σχετικά άρθρα", "Σχόλια",
        "Δημοσίευση: {}", "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου "
        "Αυγούστου Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου", "Europe/Athens",
        "Ενημερώθηκε: {}", "Απάντηση", given="Γιώργος Νίκος Κώστας Δημήτρης Γιάννης",
        family="Παπαδόπουλος Οικονόμου Γεωργίου Νικολάου Δημητρίου"),
    "cs": _Language(
        "městská rada v úterý oznámila že nová pravidla pro říční vodu vstoupí v platnost "
        "příští jaro po letech sporů mezi zemědělci a úředníky kteří se neshodnou na "
        "nákladech a na tom kdo má za čistší vodu v regionu platit",
        "Autor: {}", " a ", "Reklama", "Čtěte také:", "Související články", "Komentáře",
        "Publikováno {}", "ledna února března dubna května června července srpna září "
        "října listopadu prosince", "Europe/Prague", "Aktualizováno {}", "Odpovědět",
        day="{d}. {month} {y}", clock=" {t}", given="Petr Tomáš Jan Martin Pavel",
        family="Novák Svoboda Dvořák Černý Procházka"),
    "hu": _Language(
        "a városi tanács kedden bejelentette hogy a folyóvízre vonatkozó új szabályok jövő "
        "tavasszal lépnek életbe miután a gazdák és a tisztviselők évekig vitatkoztak a "
        "költségekről és arról hogy ki fizessen a tisztább vízért",
        "Szerző: {}", " és ", "Hirdetés", "Ezt is ajánljuk:", "Kapcsolódó cikkek",
        "Hozzászólások", "Publikálva: {}", "január február március április május június "
        "július augusztus szeptember október november december", "Europe/Budapest",
        "Frissítve: {}", "Válasz", day="{y}. {month} {d}.", clock=" {t}",
        given="Péter Anna László Eszter Gábor", family="Kovács Szabó Tóth Nagy Horváth",
        name="{family} {given}"),
    "ro": _Language(
        "consiliul local a anunțat marți că noile reguli privind apa râului vor intra în "
        "vigoare în primăvara următoare după ani de dispute între fermieri și funcționari "
        "privind costurile și cine trebuie să plătească pentru apă mai curată",
        "de {}", " și ", "Publicitate", "Citește și:", "Articole similare", "Comentarii",
        "Publicat: {}", "ianuarie februarie martie aprilie mai iunie iulie august septembrie "
        "octombrie noiembrie decembrie", "Europe/Bucharest", "Actualizat: {}", "Răspunde",
        given="Andrei Ioana Mihai Elena Radu", family="Popescu Ionescu Stan Dumitru Marin"),
    "uk": _Language(
        "міська рада у вівторок оголосила що нові правила щодо річкової води набудуть "
        "чинності наступної весни після багатьох років суперечок між фермерами та "
        "посадовцями щодо витрат і того хто має платити за чистішу воду",
        "Автор: {}", " та ", "Реклама", "Читайте також:", "Схожі новини", "Коментарі",
        "Опубліковано {}", "січня лютого березня квітня травня червня липня серпня вересня "
        "жовтня листопада грудня", "Europe/Kyiv", "Оновлено {}", "Відповісти",
        given="Олена Андрій Ірина Тарас Оксана",
        family="Коваленко Шевченко Бондаренко Мельник Ткаченко"),
    "sv": _Language(
        "kommunfullmäktige meddelade på tisdagen att de nya reglerna för flodvattnet träder i "
        "kraft nästa vår efter flera års bråk mellan bönder och tjänstemän om kostnaderna "
        "och om vem som ska betala för renare vatten i regionen",
        "Av {}", " och ", "Annons", "Läs också:", "Relaterade artiklar", "Kommentarer",
        "Publicerad {}", "januari februari mars april maj juni juli augusti september "
        "oktober november december", "Europe/Stockholm", "Uppdaterad {}", "Svara",
        clock=" {t}", given="Erik Anna Lars Karin Johan",
        family="Lindberg Johansson Andersson Nilsson Berg"),
    "id": _Language(
        "dewan kota mengumumkan pada hari selasa bahwa aturan baru tentang air sungai akan "
        "mulai berlaku musim semi mendatang setelah bertahun-tahun perdebatan antara petani "
        "dan pejabat mengenai biaya dan siapa yang harus membayar air bersih",
        "Oleh {}", " dan ", "Iklan", "Baca juga:", "Berita terkait", "Komentar",
        "Diterbitkan {}", "Januari Februari Maret April Mei Juni Juli Agustus September "
        "Oktober November Desember", "Asia/Jakarta", "Diperbarui {}", "Balas",
        clock=" {t} WIB", given="Budi Siti Agus Dewi Rudi",
        family="Santoso Wijaya Hidayat Lestari Saputra"),
    "vi": _Language(
        "hội đồng thành phố hôm thứ ba thông báo rằng các quy định mới về nước sông sẽ có "
        "hiệu lực vào mùa xuân tới sau nhiều năm tranh cãi giữa nông dân và các quan chức "
        "về chi phí và ai phải trả tiền cho nguồn nước sạch hơn",
        "Bởi {}", " và ", "Quảng cáo", "Xem thêm:", "Tin liên quan", "Bình luận", "Đăng {}",
        "1 2 3 4 5 6 7 8 9 10 11 12", "Asia/Ho_Chi_Minh", "Cập nhật {}", "Trả lời",
        day="{dd}/{mm}/{y}", clock=" {t}", given="Văn An|Thị Hoa|Minh Tuấn|Thu Trang|Quốc Bảo",
        family="Nguyễn Trần Lê Phạm Hoàng", name="{family} {given}"),
    "th": _Language(
        "สภา เมือง ประกาศ เมื่อ วัน อังคาร ว่า กฎ ใหม่ เกี่ยวกับ น้ำ ใน แม่น้ำ จะ มีผล "
        "บังคับ ใช้ ใน ฤดู ใบไม้ผลิ หน้า หลังจาก ที่ เกษตรกร และ เจ้าหน้าที่ โต้เถียง กัน "
        "มา หลาย ปี เรื่อง ค่าใช้จ่าย และ ใคร ควร เป็น ผู้ จ่าย",
        "โดย {}", " และ ", "โฆษณา", "อ่านเพิ่มเติม:", "ข่าวที่เกี่ยวข้อง", "ความคิดเห็น",
        "เผยแพร่ {}", "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม "
        "กันยายน ตุลาคม พฤศจิกายน ธันวาคม", "Asia/Bangkok", "อัปเดต {}", "ตอบกลับ",
        clock=" {t}", given="สมชาย สุดา วิชัย มาลี ประยุทธ", family="ใจดี ศรีสุข รักไทย บุญมา แสงทอง",
        unspaced=True, stops=("", ""), era=543),
    "hi": _Language(
        "नगर परिषद ने मंगलवार को घोषणा की कि नदी के पानी से जुड़े नए नियम अगले वसंत से "
        "लागू होंगे किसानों और अधिकारियों के बीच वर्षों से लागत को लेकर विवाद चल रहा था कि "
        "साफ पानी के लिए भुगतान कौन करेगा",
        "लेखक: {}", " और ", "विज्ञापन", "ये भी पढ़ें:", "संबंधित खबरें", "टिप्पणियाँ",
        "प्रकाशित: {}", "जनवरी फ़रवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर अक्टूबर नवंबर "
        "दिसंबर", "Asia/Kolkata", "अपडेटेड: {}", "जवाब दें", given="राहुल प्रिया अमित सुनीता विकास",
        family="शर्मा वर्मा गुप्ता सिंह पटेल", stops=("।", "?")),
    "zh": _Language(
        "市议会 周二 宣布 有关 河水 的 新 规定 将 于 明年 春天 生效 农民 和 市政 官员 之间 "
        "的 争论 持续 了 多年 双方 在 费用 由 谁 承担 的 问题 上 仍 未 达成 一致 地区 清洁 水源",
        "作者：{}", "、", "广告", "延伸阅读：", "相关新闻", "评论", "发布时间：{}",
        "1 2 3 4 5 6 7 8 9 10 11 12", "Asia/Shanghai", "更新时间：{}", "回复",
        day="{y}年{mm}月{dd}日", clock=" {t}", given="小明 丽华 伟 芳 建国",
        family="王 李 张 刘 陈", name="{family}{given}", unspaced=True, stops=("。", "？")),
    "ja": _Language(
        "市議会 は 火曜日 川 の 水 に 関する 新しい 規則 が 来年 の 春 に 施行 される と 発表 "
        "した 農家 と 市 の 職員 の 間 で 費用 を 誰 が 負担 する か を めぐり 長年 議論 が 続いて いた",
        "文：{}", "、", "広告", "あわせて読みたい：", "関連記事", "コメント", "公開 {}",
        "1 2 3 4 5 6 7 8 9 10 11 12", "Asia/Tokyo", "更新 {}", "返信",
        day="{y}年{m}月{d}日", clock=" {t}", given="太郎 花子 一郎 美咲 健",
        family="山田 佐藤 鈴木 高橋 田中", name="{family}{given}", unspaced=True,
        stops=("。", "？")),
    "ko": _Language(
        "시의회는 화요일 강물에 관한 새로운 규정이 내년 봄부터 시행된다고 발표했다 농민들과 시 "
        "공무원들 사이의 논쟁은 비용을 누가 부담할지를 두고 수년간 계속되었다 깨끗한 물을 위한 "
        "지역의 요구가 커졌다",
        "{} 기자", "·", "광고", "관련기사:", "관련뉴스", "댓글", "입력 {}",
        "1 2 3 4 5 6 7 8 9 10 11 12", "Asia/Seoul", "수정 {}", "답글",
        day="{y}.{mm}.{dd}", clock=" {t}", given="철수 영희 민수 지영 성호",
        family="김 이 박 최 정", name="{family}{given}"),
}
# Of the pages in one of these languages, how many in a hundred.
WORLD_SHARE = 25
_FIRST = ["Anna", "Maria", "Jonas", "Pedro", "Lucie", "Tomasz", "Ingrid", "Mehmet", "Chiara"]
_LAST = ["Becker", "Dubois", "Kowalski", "Moreau", "García", "Lindqvist", "Yilmaz", "Rossi"]
_CLASS_WORDS = ["box", "wrap", "main", "content", "inner", "col", "item", "entry", "post",
                "story", "text", "body", "area"]
_SITES = ["Daily Courier", "Nordpost", "La Gazette", "El Diario", "Metro Times"]
# The parts a page may hold around its story, each drawn with even odds.
FURNITURE = ("menu", "rail", "comments", "footer", "consent", "signup", "share", "related",
             "ad", "read_also", "figure", "subheads", "list", "quote", "standfirst")


# Parts added later, drawn from a second random stream (so that every seed keeps the
# page it drew before), each with odds of 3 in 10: paragraphs each wrapped in a <div>
# of their own, the body split in two containers around a box, an author's bio, a tag
# list and page links after the body, an embedded post with its script in the body, the
# standfirst in a bare <div>, and a line giving the last edit's time under the dateline.
MORE = ("wrapped", "split", "bio", "tags", "pages", "embed", "lead_div", "updated")
# Later still, from a third stream: the story laid out in a table's cell beside a cell of
# links, a class on <body> saying the page takes comments, empty paragraphs an editor
# left as spacers (between paragraphs and in list items), the whole page in one <form>
# (as ASP.NET WebForms sites have it), the story's rest hidden behind a "continue"
# button (by a style, an attribute or a class), and the story as a live blog (entries of
# a time, a heading and paragraphs, newest first).
LATER = ("table", "comments_open", "spacers", "form", "collapsed", "live")
# And from a fourth: readers' comments as themes outside English write them (a label in
# the page's language, no class or id naming them; posts that each show a time, maybe a
# reply button, maybe under a form; after the story or in its holder, or no label and a
# reply button on each post), every class name drawn hashed, as CSS-in-JS builds
# write them ("css-3f9a1c"), so that no accidental word ("main", "story") is left, and
# (on English stories with no byline) a wire agency's credit at the story's foot naming
# its reporters and its editor.
LAST = ("thread", "hashed", "credit")
# And from a fifth: the headline in no <h1> (where no logo holds one), as themes that rank
# no element as the headline and page builders that style a box for it write it: an
# <h2>, an <h3> linked to the story's own address, or a <div> or a bold <p> with a class.
FINAL = ("headline_box",)
HEADLINE_BOXES = ("h2", "h3-linked", "div", "bold-p")
# (The page's own address, relative: pages are read at ".../2021/05/story-SEED.html".)
_PATH = "story-{}.html"


# What differences() compares: "missing" and "glued" are paragraphs absent from the
# body or not on a line of their own, "extra" a body line that is not the story's.
FIELDS = ("type", "title", "authors", "published", "modified", "language", "standfirst",
          "tags", "missing", "glued", "extra")


@dataclass
class Truth:
    """What ``extract`` must give for a generated page."""

    page_type: str
    language: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None  # None: the page gives no time
    modified: datetime | None = None  # the last edit's, where the page gives one
    paragraphs: list[str] = field(default_factory=list)  # each a line of the body
    allowed: set[str] = field(default_factory=set)  # other lines the body may hold
    standfirst: str | None = None
    tags: list[str] = field(default_factory=list)  # checked where the page lists some
    shape: dict[str, object] = field(default_factory=dict)  # what was drawn


class _Draw:
    """The random parts of one page."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.code = self.rng.choice(sorted(LANGUAGES))
        world = random.Random(f"world-{seed}")
        if world.randrange(100) < WORLD_SHARE:
            self.code = world.choice(sorted(WORLD))
        self.lang = LANGUAGES.get(self.code) or WORLD[self.code]
        self.words = self.lang.words.split()
        self.months = self.lang.months.split()
        self.hashed = False

    def cls(self) -> str:
        name = f"{self.rng.choice(_CLASS_WORDS)}-{self.rng.randint(1, 99)}"
        if self.hashed:  # (the same draws: a seed's other parts stay as they were)
            return f"css-{zlib.crc32(name.encode()):08x}"[:10]
        return name

    def sentence(self, n: int) -> str:
        space = "" if self.lang.unspaced else " "
        words = space.join(self.rng.choice(self.words) for _ in range(n))
        usual, other = self.lang.stops
        return words[:1].upper() + words[1:] + self.rng.choice([usual, usual, usual, other])

    def paragraph(self, low: int, high: int) -> str:
        left, out = self.rng.randint(low, high), []
        while left > 0:
            n = min(left, self.rng.randint(8, 20))
            out.append(self.sentence(n))
            left -= n
        # (Thai parts its sentences with a space; Chinese and Japanese with nothing.)
        return ("" if self.lang.unspaced and any(self.lang.stops) else " ").join(out)

    def headline(self) -> str:
        return self.sentence(self.rng.randint(6, 11)).rstrip("".join(self.lang.stops) + ".?")

    def name(self) -> str:
        given = self.lang.given.split("|" if "|" in self.lang.given else None) or _FIRST
        family = self.lang.family.split() or _LAST
        first, last = self.rng.choice(given), self.rng.choice(family)
        return self.lang.name.format(given=first, family=last)

    def day(self, when: datetime, clock: bool = False) -> str:
        """``when``'s day (and clock time) as the language writes it."""
        year, month, day = when.year + self.lang.era, when.month, when.day
        if self.lang.calendar == "jalali":
            from convertdate import persian

            year, month, day = persian.from_gregorian(when.year, when.month, when.day)
        text = self.lang.day.format(d=day, dd=f"{day:02d}", m=month, mm=f"{month:02d}",
                                    month=self.months[month - 1], y=year)
        if clock:
            text += self.lang.clock.format(t=f"{when:%H:%M}")
        if self.lang.digits:
            text = text.translate(str.maketrans("0123456789", self.lang.digits))
        return text


def _drawn(truth: Truth, part: str) -> list[object]:
    value = truth.shape.get(part)
    return list(value) if isinstance(value, list) else []


def differences(article: Article, truth: Truth) -> dict[str, Any]:
    """The fields ``article`` gets wrong, with what it gave."""
    wrong: dict[str, Any] = {}
    if article.page_type != truth.page_type:
        wrong["type"] = f"{article.page_type} ({article.page_type_reason})"
    if truth.page_type != "article":
        return wrong
    if article.title != truth.title:
        wrong["title"] = article.title
    if article.authors != truth.authors:
        wrong["authors"] = article.authors
    if truth.published is not None and (
            article.published_at is None
            or abs((article.published_at - truth.published).total_seconds()) >= 60):
        wrong["published"] = str(article.published_at)
    elif (truth.published is None and article.published_at is not None
          and "live" not in _drawn(truth, "later")):
        # A time where the page gives none: a reader's comment's, an embedded post's.
        # (Not a live blog's: each post shows its time, the first is the page's own.)
        wrong["published"] = str(article.published_at)
    if (truth.modified is None) != (article.modified_at is None) or (
            truth.modified is not None and article.modified_at is not None
            and abs((article.modified_at - truth.modified).total_seconds()) >= 60):
        wrong["modified"] = str(article.modified_at)
    if article.language != truth.language:
        wrong["language"] = article.language
    if article.standfirst != truth.standfirst:  # (one where the page has none is wrong too)
        wrong["standfirst"] = article.standfirst
    if article.tags != truth.tags:
        wrong["tags"] = article.tags
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    missing = [p for p in truth.paragraphs if p not in article.text]
    if missing:
        wrong["missing"] = missing[0][:60]
    glued = [p for p in truth.paragraphs if p in article.text and p not in lines]
    if glued:
        wrong["glued"] = glued[0][:60]
    extra = [line for line in lines if line not in truth.allowed]
    if extra:
        wrong["extra"] = extra[0][:60]
    return wrong


def page(seed: int) -> tuple[str, Truth]:
    """The HTML of seed ``seed`` and what it must be read as; one seed in eight is a
    section front."""
    return _listing(seed) if seed % 8 == 7 else _article(seed)


def _article(seed: int) -> tuple[str, Truth]:
    d = _Draw(seed)
    rng, lang = d.rng, d.lang
    has = {part: rng.random() < 0.5 for part in FURNITURE}
    title, site = d.headline(), rng.choice(_SITES)
    authors = list(dict.fromkeys(d.name() for _ in range(rng.choice([0, 1, 1, 2, 3]))))
    zone = timezone(timedelta(hours=rng.choice([-5, 0, 1, 2, 9])))
    when = datetime(2021, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                    rng.randint(0, 59), tzinfo=zone)
    time_mode = rng.choice(["meta", "meta-no-colon", "time", "jsonld", "jsonld-edited",
                            "dateline", "none"])
    by_mode = rng.choice(["words", "org-and-words", "links", "box", "meta", "meta-joined",
                          "jsonld"]) if authors else "none"
    markup = rng.choice(["p", "p", "div", "span", "br"])
    heading = rng.choice(["inside", "inside", "outside", "logo"])
    # How the headline is declared: as shown, with the site's name after it, in JSON-LD
    # with its quotes as entities, under a kicker, or beside another (SEO) og:title.
    title_form = rng.choice(["plain", "suffixed", "entities", "kicker"]
                            + (["seo"] if heading != "logo" else []))
    if title_form == "entities":
        title = f"‘{title}’"
    dx = _Draw(seed)
    x = dx.rng = random.Random(f"more-{seed}")
    more = {part: x.random() < 0.3 for part in MORE}
    more["wrapped"] = more["wrapped"] and markup == "p"
    dl = _Draw(seed)
    y = dl.rng = random.Random(f"later-{seed}")
    later = {part: y.random() < 0.3 for part in LATER}
    later["table"] = later["table"] and not more["wrapped"]
    dz = _Draw(seed)
    z = dz.rng = random.Random(f"last-{seed}")
    last = {part: z.random() < 0.3 for part in LAST if part != "credit"}
    for draw in (d, dx, dl, dz):
        draw.hashed = last["hashed"]
    thread_place = z.choice(["after", "inside", "unlabelled"])
    # An English wire story with no byline but the agency's credit at its foot (a
    # stream of its own, so that the thread's draws stay as they were).
    dc = _Draw(seed)
    credit_rng = dc.rng = random.Random(f"credit-{seed}")
    last["credit"] = credit_rng.random() < 0.3 and d.code == "en" and not authors
    df = _Draw(seed)
    f = df.rng = random.Random(f"final-{seed}")
    final = {part: f.random() < 0.3 for part in FINAL}
    df.hashed = last["hashed"]
    final["headline_box"] = final["headline_box"] and heading != "logo"
    headline_box = f.choice(HEADLINE_BOXES)

    truth = Truth("article", d.code, title, authors, shape={
        "time": time_mode, "byline": by_mode, "markup": markup, "heading": heading,
        "title": title_form, "furniture": [k for k, v in has.items() if v]})
    if final["headline_box"]:
        truth.shape["headline_box"] = headline_box

    n = rng.randint(3, 12)
    truth.paragraphs = [d.paragraph(40, 90) for _ in range(n)]
    og_title = {"suffixed": f"{title} | {site}", "seo": d.headline()}.get(title_form, title)
    head = [f"<title>{title} | {site}</title>",
            f'<meta property="og:title" content="{og_title}">',
            f'<meta property="og:site_name" content="{site}">']
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "NewsArticle"}
    if title_form == "entities":
        data["headline"] = title.replace("‘", "&#8216;").replace("’", "&#8217;")
    iso = when.isoformat()
    if time_mode == "meta":
        head.append(f'<meta property="article:published_time" content="{iso}">')
    elif time_mode == "meta-no-colon":  # "+0200"
        head.append(f'<meta property="article:published_time" content="{when:%Y-%m-%dT%H:%M:%S%z}">')
    elif time_mode == "jsonld":
        data["datePublished"] = iso
    elif time_mode == "jsonld-edited":  # the last edit, three days on, written first
        data["dateModified"] = (when + timedelta(days=3)).isoformat()
        data["datePublished"] = iso
        truth.modified = when + timedelta(days=3)
    if by_mode == "meta":
        head += [f'<meta name="author" content="{a}">' for a in authors]
    elif by_mode == "meta-joined":
        head.append(f'<meta name="author" content="{", ".join(authors)}">')
    elif by_mode == "jsonld":
        data["author"] = [{"@type": "Person", "name": a} for a in authors]
    elif by_mode == "org-and-words":  # the newsroom declared, the people in the byline
        data["author"] = {"@type": "Organization", "name": f"{site} newsroom"}
    if len(data) > 2:
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    if time_mode == "dateline":  # written in the site's zone, without an offset
        local = when.astimezone(ZoneInfo(lang.zone))
        truth.published = local.replace(tzinfo=ZoneInfo(lang.zone))
    elif time_mode != "none":
        truth.published = when

    standfirst = ""
    if has["standfirst"]:
        truth.standfirst = d.paragraph(15, 30)
        truth.allowed.add(truth.standfirst)
        # Declared as the page's description, or named for what it is; its text in a
        # <p>, or bare in a <div>.
        tag = "div" if more["lead_div"] else "p"
        if rng.random() < 0.5:
            head.append(f'<meta name="description" content="{truth.standfirst}">')
            standfirst = f'<{tag} class="{d.cls()}">{truth.standfirst}</{tag}>'
        else:
            name = rng.choice(["article-lead", "standfirst", "intro", "summary", "c-dek"])
            standfirst = f'<{tag} class="{name}">{truth.standfirst}</{tag}>'
    wrapper_class = dx.cls()

    def block(text: str) -> str:
        if more["wrapped"]:
            return f'<div class="{wrapper_class}"><p>{text}</p></div>'
        return {"p": f"<p>{text}</p>", "div": f"<div>{text}</div>",
                "span": f"<span>{text}</span><br><br>", "br": f"{text}<br><br>"}[markup]

    body: list[str] = []
    at: list[int] = []  # where each paragraph of the story stands in ``body``
    for i, text in enumerate(truth.paragraphs[:]):
        at.append(len(body))
        body.append(block(text))
        if later["spacers"] and i % 2 == 0:
            body.append("<p>&nbsp;</p>")
        if i == 0 and has["figure"]:
            caption = d.sentence(10)
            truth.allowed.add(caption)
            body.append(f'<figure><img src="/img/{seed}.jpg"><figcaption>{caption}</figcaption>'
                        f"</figure>")
        if i == 1 and has["ad"]:
            body.append(f'<div class="{d.cls()}"><span>{lang.ad}</span><div id="ad-{seed}"></div>'
                        f"</div>")
        if i == 1 and has["quote"]:
            quote = d.sentence(18)
            truth.paragraphs.append(quote)
            body.append(f"<blockquote><p>{quote}</p></blockquote>")
        if i == 2 and has["read_also"]:
            body.append(f'<p><strong>{lang.read_also}</strong> <a href="/news/{seed}-2">'
                        f"{d.headline()}</a></p>")
        if i == 2 and has["subheads"]:
            subhead = d.headline()
            truth.allowed.add(subhead)
            body.append(f"<h2>{subhead}</h2>")
        if i == 1 and more["embed"]:
            post, poster = dx.sentence(12), dx.name()
            handle = poster.split()[-1].lower()
            shown = d.day(when)
            truth.allowed |= {post, f"— {poster} (@{handle}) {shown}"}
            body.append(f'<blockquote class="{dx.cls()}"><p>{post}</p>— {poster} (@{handle}) '
                        f'<a href="https://social.example/{handle}/status/{seed}">{shown}</a>'
                        f'</blockquote><script async src="https://social.example/widgets.js">'
                        f"</script>")
        if i == 3 and has["list"]:
            items = [d.sentence(9) for _ in range(3)]
            truth.paragraphs += items
            spacer = "<p></p>" if later["spacers"] else ""
            body.append("<ul>" + "".join(f"<li>{x}{spacer}</li>" for x in items) + "</ul>")

    byline = ""
    if by_mode in ("words", "org-and-words"):
        byline = f'<div class="{d.cls()}">{lang.by.format(lang.joiner.join(authors))}</div>'
    elif by_mode == "links":
        byline = f'<div class="{d.cls()}">' + ", ".join(
            f'<a rel="author" href="/author/{a.lower().replace(" ", "-")}">{a}</a>'
            for a in authors) + "</div>"
    elif by_mode == "box":
        byline = '<div class="author-box">' + " ".join(
            f'<a href="/people/{i}">{a}</a> <a href="https://x.com/p{i}">X</a>'
            for i, a in enumerate(authors)) + "</div>"
    dateline = ""
    if time_mode == "time":
        dateline = f'<time datetime="{iso}">{d.day(when)}</time>'
    elif time_mode == "dateline":
        local = when.astimezone(ZoneInfo(lang.zone))
        dateline = f'<span class="{d.cls()}">{lang.published.format(d.day(local, True))}</span>'

    h1 = f"<h1>{title}</h1>" if heading != "logo" else f'<h2 class="{d.cls()}">{title}</h2>'
    if final["headline_box"]:
        h1 = {"h2": f'<h2 class="{df.cls()}">{title}</h2>',
              "h3-linked": (f'<h3 class="{df.cls()}"><a href="{_PATH.format(seed)}">{title}'
                            "</a></h3>"),
              "div": f'<div class="{df.cls()}">{title}</div>',
              "bold-p": f'<p class="{df.cls()}"><strong>{title}</strong></p>'}[headline_box]
    if title_form == "kicker":
        # (A label over the headline, no line of the body: not allowed in it.)
        kicker = rng.choice(["Analysis", "Exclusive", "Live", "Opinion"])
        h1 = f'<span class="{d.cls()}">{kicker}</span>{h1}'
    if more["updated"] and dateline:
        edited = when + timedelta(days=2, hours=3)
        dateline += f' <span class="{dx.cls()}">{lang.updated.format(d.day(edited, True))}</span>'
        # (Written as the site's clock, as the dateline is.)
        truth.modified = edited.replace(tzinfo=ZoneInfo(lang.zone))
    top = (h1 if heading != "outside" else "") + byline + dateline + standfirst
    holder = d.cls()
    # The later parts each page has (a split or a hidden rest needs four paragraphs; a
    # live blog is no split body, no hidden rest, no table).
    split = more["split"] = more["split"] and len(at) > 3
    later["collapsed"] = later["collapsed"] and len(at) > 3 and not split
    later["live"] = later["live"] and len(at) > 3 and not (split or later["collapsed"]
                                                             or later["table"])
    if later["live"]:
        entry = dl.cls()
        entries = []
        for k, start in enumerate(at[::2]):
            end = at[2 * k + 2] if 2 * k + 2 < len(at) else len(body)
            posted = when + timedelta(minutes=10 * (len(at) // 2 - k))
            entry_heading = dl.headline()
            truth.allowed |= {f"{posted:%H:%M}", entry_heading}
            entries.append(f'<article class="{entry}"><header><time datetime="{posted.isoformat()}">'
                           f"{posted:%H:%M}</time><h3>{entry_heading}</h3></header>"
                           + "".join(body[start:end]) + f'<footer><a href="#e{k}">#</a></footer>'
                           "</article>")
        body[:] = entries
    if later["collapsed"]:
        hiding = y.choice(['style="display:none"', "hidden", 'aria-hidden="true"',
                           f'class="{dl.cls()} is-hidden"'])
        cut = at[2]
        body[cut:] = [f'<button class="{dl.cls()}">…</button><div {hiding}>'
                      + "".join(body[cut:]) + "</div>"]
    last["credit"] = last["credit"] and not later["live"]  # (a wire story, not a live blog)
    if last["credit"]:
        reporters = list(dict.fromkeys(dc.name() for _ in range(credit_rng.randint(1, 2))))
        editor = dc.name()
        credit = f"(Reporting by {' and '.join(reporters)}; Editing by {editor})"
        truth.authors = reporters
        truth.allowed.add(credit)
        body.append(f"<p>{credit}</p>")
    if last["thread"] and thread_place == "inside":
        body.append(_thread(dz, labelled=True))
    if split:
        # Two containers of one class, a box of links to other stories between them,
        # each container opening with a paragraph and holding two or more.
        cut = at[x.randint(2, len(at) - 2)]
        links = "".join(f'<li><a href="/news/{x.randint(100, 999)}">{dx.headline()}</a></li>'
                        for _ in range(3))
        box = f'<div class="{dx.cls()}"><h4>{lang.related}</h4><ul>{links}</ul></div>'
        story = (top + f'<div class="{holder}">' + "".join(body[:cut]) + "</div>" + box
                 + f'<div class="{holder}">' + "".join(body[cut:]) + "</div>")
    elif later["table"]:
        # An old template's layout: the story in one cell, a column of links beside it.
        side = "<br>".join(_anchors(dl, "/topic/", 6))
        story = (top + f'<table class="{dl.cls()}" width="100%"><tr><td class="{holder}">'
                 + "".join(body) + f'</td><td width="20%">{side}</td></tr></table>')
    else:
        story = top + f'<div class="{holder}">' + "".join(body) + "</div>"
    if more["tags"]:
        truth.tags = list(dict.fromkeys(x.choice(dx.words).capitalize() for _ in range(4)))
        story += (f'<div class="{dx.cls()}"><span>Tags:</span> ' + ", ".join(
            f'<a href="/tag/{t.lower()}">{t}</a>' for t in truth.tags) + "</div>")
    if more["pages"]:
        story += (f'<div class="{dx.cls()}"><a href="?page=1">1</a> <a href="?page=2">2</a> '
                  f'<a href="?page=3">3</a> <a href="?page=2">»</a></div>')
    if more["bio"] and authors:
        story += (f'<div class="{dx.cls()}"><img src="/people/{seed}.jpg" alt="">'
                  f"<p>{authors[0]} {dx.sentence(x.randint(14, 24)).lower()}</p></div>")
    if has["share"]:
        story += (f'<div class="{d.cls()}"><a href="#">Facebook</a> <a href="#">X</a> '
                  f'<a href="mailto:">E-mail</a></div>')
    wrapper = rng.choice(["article", "div", "section", "main"])
    parts = []
    if heading == "logo":
        parts.append(f'<header><h1 class="{d.cls()}"><a href="/">{site}</a></h1></header>')
    if has["consent"]:
        parts.append(f'<div class="{d.cls()}"><p>{d.paragraph(20, 30)}</p><button>OK</button>'
                     f"</div>")
    if has["menu"]:
        parts.append("<nav><ul>" + "".join(f"<li>{a}</li>" for a in _anchors(d, "/section/", 20))
                     + "</ul></nav>")
    if heading == "outside":
        parts.append(f'<div class="{d.cls()}">{h1}</div>')
    parts.append(f'<{wrapper} class="{d.cls()}">{story}</{wrapper}>')
    if last["thread"] and thread_place != "inside":
        parts.append(f'<section class="{dz.cls()}">'
                     + _thread(dz, labelled=thread_place == "after") + "</section>")
    elif has["comments"]:
        parts.append(_comments(d))
    if has["related"]:
        parts.append(_teasers(d, lang.related, 4, microdata=False))
    if has["rail"]:
        parts.append("<aside>" + _teasers(d, "", 5, microdata=True) + "</aside>")
    if has["signup"]:
        parts.append(f'<div class="{d.cls()}"><h3>Newsletter</h3><p>{d.sentence(15)}</p><form>'
                     f'<input type="email"><button>OK</button></form></div>')
    if has["footer"]:
        parts.append("<footer>" + " ".join(_anchors(d, "/p/", 15)) + f"<p>© 2021 {site}</p></footer>")
    declared = f' lang="{d.code}"' if rng.random() < 0.5 else ""
    body_class = f' class="single {dl.cls()} comments-open"' if later["comments_open"] else ""
    page_html = "".join(parts)
    if later["form"]:
        page_html = (f'<form method="post" action="./story-{seed}.aspx" id="aspnetForm">'
                     f'<input type="hidden" name="__VIEWSTATE" value="x{seed}">{page_html}</form>')
    html = (f'<!doctype html><html{declared}><head><meta charset="utf-8">{"".join(head)}'
            f'</head><body{body_class}>{page_html}</body></html>')
    truth.allowed |= set(truth.paragraphs) | {title}
    # What the page holds, not what was drawn (a bio needs an author, the last edit's
    # time a dateline, a standfirst in a <div> a standfirst).
    more["bio"] = more["bio"] and bool(authors)
    more["updated"] = more["updated"] and bool(dateline)
    more["lead_div"] = more["lead_div"] and has["standfirst"]
    truth.shape["more"] = [k for k, v in more.items() if v]
    truth.shape["later"] = [k for k, v in later.items() if v]
    truth.shape["last"] = [k for k, v in last.items() if v]
    if last["thread"]:
        truth.shape["thread"] = thread_place
    return html, truth


def _anchors(d: _Draw, path: str, n: int) -> list[str]:
    """``n`` links of one word each to the site's pages under ``path``: a menu's."""
    return [f'<a href="{path}{i}">{d.rng.choice(d.words)}</a>' for i in range(n)]


def _comments(d: _Draw) -> str:
    out = f'<div class="{d.cls()}" id="comments"><h3>{d.lang.comments}</h3>'
    for _ in range(3):
        out += (f'<div class="{d.cls()}"><span>{d.name()}</span> <span>{d.rng.randint(1, 28)}.'
                f'{d.rng.randint(1, 12)}.2021</span><p>{d.paragraph(20, 60)}</p></div>')
    return out + "</div>"


def _thread(d: _Draw, labelled: bool) -> str:
    """Readers' comments: a label in the page's language over two to four posts, each
    with its writer, a time and a paragraph (often longer than the story's), maybe a
    reply button and a form to write one; without a label, each post has the button."""
    rng, lang = d.rng, d.lang
    n = rng.randint(2, 4)
    reply = not labelled or rng.random() < 0.5
    out = ""
    if labelled:
        text = rng.choice([lang.comments, f"{lang.comments} ({n})", f"{n} {lang.comments}"])
        tag = rng.choice(["h2", "h3", "h4", "div", "span"])
        out += f"<{tag} class='{d.cls()}'>{text}</{tag}>"
        if rng.random() < 0.3:
            out += (f"<form action='/comment' class='{d.cls()}'><textarea name='c'></textarea>"
                    "<button>OK</button></form>")
    post, who, shown = d.cls(), d.cls(), d.cls()
    form = rng.choice(["time", "dotted", "iso", "clock"])
    for k in range(n):
        at = datetime(2021, rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                      rng.randint(0, 59))
        when = {"time": f"<time datetime='{at.isoformat()}'>{at.day}.{at.month}.</time>",
                "dotted": f"{at:%d.%m.%Y %H:%M}", "iso": f"{at:%Y-%m-%d %H:%M}",
                "clock": f"{at:%H:%M}"}[form]
        button = (f"<a href='/comment/{rng.randint(1000, 9999)}/reply'>{lang.reply}</a>"
                  if reply else "")
        out += (f"<div class='{post}'><div class='{who}'><a href='/users/{k}'>{d.name()}</a>"
                f"</div><div class='{shown}'>{when}</div><p>{d.paragraph(40, 120)}</p>"
                f"{button}</div>")
    return out


# How a teaser card links its headline: a heading holding the link, a link holding the
# heading, or a bare link in a wrapper of its own above the summary (no heading markup).
CARD_FORMS = ("link-in-heading", "heading-in-link", "bare-link")


def _card(d: _Draw, form: str, href: str, extra: str = "", props: tuple[str, str] = ("", "")
          ) -> str:
    """A teaser's headline linked to ``href``, then its summary; ``props`` mark the link
    and the headline as microdata properties."""
    url, headline = props
    text = f"<span{headline}>{d.headline()}</span>" if headline else d.headline()
    tag = d.rng.choice(["h2", "h3", "h4"])
    linked = {"link-in-heading": f"<{tag}><a href='{href}'{url}>{text}</a></{tag}>",
              "heading-in-link": f"<a href='{href}'{url}><{tag}>{text}</{tag}></a>",
              "bare-link": f"<div class='{d.cls()}'><a href='{href}'{url}>{text}</a></div>"}[form]
    return f"{linked}<p>{d.sentence(14)}</p>{extra}"


def _teasers(d: _Draw, label: str, n: int, *, microdata: bool) -> str:
    """Teaser cards of other stories, each with its byline and time; as microdata
    articles (their author and date in the item) where ``microdata``."""
    form = d.rng.choice(CARD_FORMS)
    out = f'<div class="{d.cls()}">' + (f"<h2>{label}</h2>" if label else "")
    for _ in range(n):
        stamp = f"2020-0{d.rng.randint(1, 9)}-1{d.rng.randint(0, 9)}T10:00:00Z"
        item = " itemscope itemtype='https://schema.org/NewsArticle'" if microdata else ""
        url, author, date = ((" itemprop='url'", " itemprop='author'", " itemprop='datePublished'")
                             if microdata else ("", "", ""))
        byline = (f"<span{author}>{d.lang.by.format(d.name())}</span> "
                  f"<time datetime='{stamp}'{date}>x</time>")
        out += (f"<div class='{d.cls()}'{item}>"
                + _card(d, form, f"/news/{d.rng.randint(10000, 99999)}", byline,
                        (url, " itemprop='headline'" if microdata else "")) + "</div>")
    return out + "</div>"


def _listing(seed: int) -> tuple[str, Truth]:
    """A section front: a headline, maybe an intro, and teaser cards that each link a
    headline to a story, with a summary, a byline and a time."""
    d = _Draw(seed)
    rng = d.rng
    intro = f'<p class="{d.cls()}">{d.paragraph(40, 110)}</p>' if rng.random() < 0.6 else ""
    form = rng.choice(CARD_FORMS)
    cards = "".join(
        f"<div class='{d.cls()}'>" + _card(d, form, f"/news/2021/{seed}-{i}", (
            f"<p>{d.paragraph(15, 45)}</p>" if rng.random() < 0.8 else "")
            + f"<span>{d.lang.by.format(d.name())}</span> <time datetime='2021-05-0"
            f"{rng.randint(1, 9)}T10:00:00Z'>x</time>") + "</div>"
        for i in range(rng.randint(12, 24)))
    menu = "<nav>" + "".join(_anchors(d, "/s/", 15)) + "</nav>"
    html = (f"<html><head><title>{d.headline()}</title></head><body>{menu}<main>"
            f"<h1>{d.headline()}</h1>{intro}<div class='{d.cls()}'>{cards}</div></main></body>"
            f"</html>")
    return html, Truth("listing", d.code, shape={"intro": bool(intro), "cards": form})
