"""Each rule: what it must remove, and what it must keep (journalism about the same things)."""

from __future__ import annotations

import pytest

from boilerstrip import Options, Rule, analyze
from boilerstrip.repetition import Repetition

BODY = [
    "The regional council approved a new budget on Thursday after six hours of debate, "
    "with 41 votes in favour and 17 against, officials said.",
    "The plan sets aside 120 million euros for rail repairs and another 35 million for schools "
    "in the northern districts, where enrolment has grown for five years.",
    "Opposition leader Marta Ruiz called the plan \"a patchwork\" and said her group would "
    "table amendments before the final vote in March.",
    "The budget still needs the approval of the national finance ministry, which has "
    "three weeks to respond.",
]
NOTICE = ("We use cookies and similar technologies to personalise content and ads and to analyse "
          "our traffic. By clicking \"Accept all\" you consent to our use of cookies and to the "
          "processing of your data by our partners. You can change your settings at any time.")


def verdicts(paragraphs: list[str], **kw) -> list[tuple[bool, str | None]]:
    result = analyze("\n".join(paragraphs) + "\n", Options(**kw))
    return [(p.removed, p.evidence[0].rule.value if p.removed else None) for p in result.paragraphs]


def removed(paragraphs: list[str], **kw) -> list[int]:
    return [i for i, (r, _) in enumerate(verdicts(paragraphs, **kw)) if r]


# --- consent controls and chrome --------------------------------------------------------------

@pytest.mark.parametrize("line", ["Accept all", "Alle akzeptieren", "Tout refuser", "Cookie settings",
                                  "Gestisci opzioni", "Принять все", "全部接受", "Aceptar todas · Accept all"])
def test_consent_controls_standing_alone_are_removed(line):
    assert verdicts([line, *BODY])[0] == (True, "consent_control")


@pytest.mark.parametrize("line", ["No thanks", "Yes, I accept", "Only essential", "Nein, danke", "Non merci",
                                  "No, gracias", "Sì, accetto", "Нет, спасибо"])
def test_refusals_and_yes_i_accept_buttons_standing_alone_are_removed(line):
    assert verdicts([line, *BODY])[0] == (True, "consent_control")


def test_a_storys_line_in_a_buttons_words_is_kept():
    # A reply quoted as a paragraph of its own (a full stop, prose on both sides), and the
    # words alone between two paragraphs of a story, are the story's (rules.keep_headings).
    story = ["The waiter offered the minister a second glass of wine at the end of the state dinner in Lisbon.",
             "No, thanks.",
             "It was the only thing she said in public all evening, and by the next morning the two words were on "
             "every front page in the country."]
    assert removed(story) == []
    assert removed([BODY[0], "No thanks", *BODY[1:]]) == []


@pytest.mark.parametrize("line", ["Text size:", "Share", "Advertisement", "Read more", "Schriftgröße:",
                                  "Comments (12)", "Share: Facebook · X · Email", "Home > World > Europe"])
def test_chrome_lines_are_removed_unless_kept(line):
    assert verdicts([*BODY[:2], line, *BODY[2:]])[2] == (True, "chrome")
    assert verdicts([*BODY[:2], line, *BODY[2:]], keep_chrome=True)[2] == (False, None)


@pytest.mark.parametrize("line", ["- 'Dummy' delegation -", "Why it matters", "By Jane Doe",
                                  "BRUSSELS (AFP) -", "Reaction in Kyiv", "Updated 12 March 2025",
                                  "Share prices fell 3% on the news.", "Cookies"])
def test_short_journalistic_lines_are_kept(line):
    assert removed([*BODY[:2], line, *BODY[2:]]) == []


# --- consent vocabulary and runs --------------------------------------------------------------

def test_notice_at_the_top_with_its_buttons_is_removed():
    assert removed([NOTICE, "Accept all", "Manage preferences", *BODY]) == [0, 1, 2]


def test_notice_at_the_bottom_is_removed():
    assert removed([*BODY, NOTICE]) == [len(BODY)]


def test_embedded_content_placeholder_mid_text_is_removed_with_its_button():
    placeholder = ("This content is provided by YouTube. To show it, we need your consent to load "
                   "third-party cookies, which may collect data about you.")
    assert removed([*BODY[:2], placeholder, "Load content", *BODY[2:]]) == [2, 3]


ABOUT = [
    "The French data protection authority fined the publisher 2 million euros for dropping "
    "cookies before readers had given their consent, the regulator said on Tuesday.",
    "Its inspectors found that the site's banner offered an \"Accept all\" button on the first "
    "screen but hid the option to refuse tracking cookies behind two further clicks.",
    "Industry groups argue that consent banners have become a ritual that few readers understand, "
    "while privacy campaigners want the rules enforced more strictly.",
    "\"We use cookies to improve your experience\" is the most common sentence on the web, one "
    "researcher said, \"and also the least informative.\"",
    "The publisher said it would change its consent management platform within a month.",
]


def test_journalism_about_cookies_is_kept():
    assert removed(ABOUT) == []
    assert removed([*BODY, *ABOUT]) == []


def test_explainer_addressing_the_reader_is_kept():
    explainer = [
        "Cookie banners: what should you click?",
        "Almost every site now asks you about cookies. Here is what the buttons mean and what "
        "happens to your data when you accept or reject them, according to privacy lawyers.",
        "Under European law a site needs your consent before it stores tracking cookies on your "
        "device, but strictly necessary cookies need no consent at all.",
        "Regulators in France and Belgium have said that refusing should be as easy as accepting; "
        "several publishers were fined for hiding the reject button in 2023.",
        "If you click \"Accept all\", your browsing data may be shared with hundreds of advertising "
        "partners; if you reject, only the cookies the site needs are set.",
        "Consumer groups say many people give up on the second screen of the banner, a finding "
        "confirmed by a Dutch study of 2,000 readers last year.",
    ]
    assert removed(explainer) == []


def test_quote_of_a_banner_beside_a_banner_is_kept():
    quote = ("\"If a site can fit an Accept all button on the first screen, it can fit a Reject all "
             "button next to it,\" said Stephen Harlow, the regulator's director.")
    assert removed(["Accept all", quote, *BODY]) == [0]


# --- multilingual block -----------------------------------------------------------------------

def test_block_of_translations_with_an_unknown_language_is_removed():
    en = ("Use Gazette du Val with personalised advertising, ad tracking and usage analysis. You "
          "can withdraw your consent at any time in our privacy settings and cookie manager.")
    de = ("Nutzen Sie Gazette du Val mit personalisierter Werbung, Werbetracking und Nutzungsanalyse. "
          "Ihre Einwilligung können Sie jederzeit in unseren Datenschutzeinstellungen widerrufen.")
    # Icelandic: no corpus file; caught because it repeats the notice beside its translations.
    is_ = ("Notaðu Gazette du Val með sérsniðnum auglýsingum, auglýsingarakningu og notkunargreiningu. "
           "Þú getur afturkallað samþykki þitt hvenær sem er í persónuverndarstillingum.")
    result = verdicts([en, is_, de, *BODY])
    assert [r for r, _ in result[:3]] == [True, True, True]
    assert result[1][1] in {"multilingual_block", "consent_vocabulary"}
    assert [r for r, _ in result[3:]] == [False] * len(BODY)


#: One purpose description of a consent dialog in six languages (our own wording). Only some
#: members have notice vocabulary: Swahili has no terms in the corpus, and the Chinese and
#: Hungarian ones name no cookie, consent or data word the vocabulary knows.
PURPOSE_BLOCK = [
    "Informationen darüber, wie Sie diesen Dienst nutzen, können uns helfen, unsere Produkte zu "
    "verbessern und neue zu entwickeln.",
    "Taarifa kuhusu jinsi unavyotumia huduma hii zinaweza kutusaidia kuboresha bidhaa zetu na "
    "kuunda mpya.",
    "有关您如何使用本服务的信息可以帮助我们改进现有产品并开发新产品。",
    "A szolgáltatás használatára vonatkozó ismeretek segíthetnek termékeink javításában és újak "
    "létrehozásában.",
    "Les informations sur votre utilisation de ce service peuvent nous aider à améliorer nos "
    "produits et à en créer de nouveaux.",
]


@pytest.mark.parametrize("scraped", [False, True])
def test_block_of_translations_goes_whole_below_a_notice_though_some_members_lack_vocabulary(scraped):
    """A block is found by its build (a row of comparable paragraphs, each in a language of its
    own) around the evidence of a banner (the notice above it): members inside it need no
    notice vocabulary, and the article below, in yet another language, stays. Scraped, some
    members lose their full stop or keep a closing "✕": their build is the same."""
    block = PURPOSE_BLOCK
    if scraped:
        block = [block[0].rstrip("."), *block[1:4], block[4] + " ✕"]
    paragraphs = [NOTICE, "Accept all", *block, *BODY]
    assert removed(paragraphs) == list(range(2 + len(PURPOSE_BLOCK)))
    assert verdicts(paragraphs)[3] == (True, "multilingual_block")  # Swahili: a member by its place


def test_row_of_translations_without_a_banners_evidence_is_kept():
    """A row of translations with no notice beside it and no member akin to a known notice:
    a row of languages alone is no banner (a town's notice quoted in its three languages)."""
    row = [
        "Die Online-Dienste des Rathauses sind am Samstag wegen Wartungsarbeiten von 8 bis 12 Uhr "
        "nicht erreichbar.",
        "Les services en ligne de la mairie seront indisponibles samedi de 8 h à 12 h pour cause "
        "de maintenance.",
        "I servizi online del municipio non saranno disponibili sabato dalle 8 alle 12 per lavori "
        "di manutenzione.",
    ]
    assert removed([*BODY[:2], *row, *BODY[2:]]) == []
    # Right below a notice too: the row has only a context word ("services") and no sign of
    # a banner of its own, so it does not join the notice.
    assert removed([NOTICE, *row, *BODY]) == [0]


#: Two cookie notices of a block of translations (our own wording).
BLOCK_DE = ("Wir verwenden Cookies, um Inhalte zu personalisieren und die Nutzung zu analysieren. Mit "
            "„Akzeptieren“ stimmen Sie der Verwendung von Cookies zu.")
BLOCK_FR = ("Nous utilisons des cookies pour personnaliser le contenu et analyser l'utilisation. En "
            "cliquant sur « Accepter », vous consentez à l'utilisation des cookies.")


@pytest.mark.parametrize("language_in_block", [False, True])
def test_article_paragraph_about_cookies_bordering_a_block_is_kept(language_in_block):
    """The last paragraph of a Spanish report on cookies stands right above a block of cookie
    notices: it has consent terms and a length like the notices', but it is in the language of
    the text above it (and, when the block has a Spanish notice too, in a language the block
    already has)."""
    report = [
        "La autoridad de protección de datos multó el lunes a una cadena hotelera con 800.000 "
        "euros por instalar cookies publicitarias sin consentimiento en su web de reservas.",
        "Según la resolución, la empresa compartía los datos de navegación con nueve socios "
        "comerciales, entre ellos dos redes de anuncios, antes de que el usuario eligiera.",
        "La cadena dijo que recurrirá la sanción y que ya ha cambiado su aviso de cookies para "
        "pedir el consentimiento antes de cargar cualquier rastreador.",
    ]
    block = [
        BLOCK_DE,
        BLOCK_FR,
        "Utilizziamo i cookie per personalizzare i contenuti e analizzare l'utilizzo. Cliccando su "
        "«Accetta» acconsenti all'uso dei cookie.",
    ]
    if language_in_block:
        block.append("Usamos cookies para personalizar el contenido y analizar el uso. Al hacer clic "
                     "en «Aceptar» consientes el uso de cookies.")
    paragraphs = [*report, *block, "Accept all"]
    assert removed(paragraphs) == list(range(len(report), len(paragraphs)))


#: Three paragraphs of comparable length, each in a language of its own, one a cookie notice:
#: a German article paragraph, a quote in English that reports, a Catalan notice.
MIXED = [
    "Als Grund nannte der Vorstand die schwache Nachfrage nach Bauteilen für Dieselmotoren und den "
    "langsamer wachsenden Markt für Elektroautos. Der Umsatz sank um acht Prozent.",
    "\"Cookie banners should offer a genuine choice, not an obstacle course,\" said Stephen Harlow, "
    "the regulator's director. \"A Reject all button belongs on the first screen.\"",
    "Fem servir galetes tècniques, d'anàlisi i publicitàries, pròpies i de tercers, per mostrar-te "
    "anuncis segons la teva navegació. Pots acceptar-les totes o rebutjar-les.",
]


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (0, 2, 1), (1, 0, 2), (1, 2, 0)])
@pytest.mark.parametrize("above", [[], ["Share"]])
def test_article_paragraphs_at_the_edge_of_the_text_beside_a_notice_are_kept(order, above):
    """The edge of the text (perhaps past chrome such as "Share") is where an article begins
    and ends too: a block's end member there needs notice vocabulary (the German paragraph has
    none), and a paragraph that reports is never a member. Only the notice goes, and cleaning
    the output again changes nothing."""
    paragraphs = [*above, *(MIXED[k] for k in order)]
    notice = len(above) + order.index(2)
    assert removed(paragraphs) == [*range(len(above)), notice]
    once = analyze("\n".join(paragraphs) + "\n").cleaned()
    assert analyze(once).cleaned() == once


def test_article_paragraph_past_chrome_beside_a_block_is_kept():
    """A Spanish paragraph of a report, below "Share" and above two notices: chrome between it
    and the text above does not make it a block's end (a second analysis of the output would
    see the text right above it)."""
    es = ("El consejo regional aprobó el jueves un nuevo presupuesto tras seis horas de debate, con "
          "41 votos a favor y 17 en contra, según fuentes oficiales.")
    paragraphs = [*BODY, "Share", es, BLOCK_DE, BLOCK_FR]
    assert removed(paragraphs) == [len(BODY), len(BODY) + 2, len(BODY) + 3]


@pytest.mark.parametrize("at_end", [False, True])
def test_article_paragraph_with_context_words_at_the_edge_beside_a_block_is_kept(at_end):
    """Context words ("measured", "advertising") are common in articles: at the edge of the
    text they are no sign of a banner."""
    en = ("Rainfall measured at the airport reached 80 millimetres overnight, and advertising "
          "hoardings along the ring road were blown down by the wind.")
    paragraphs = [BLOCK_DE, BLOCK_FR, en] if at_end else [en, BLOCK_DE, BLOCK_FR]
    kept = 2 if at_end else 0
    assert removed(paragraphs) == [k for k in range(3) if k != kept]


def test_quote_without_notice_vocabulary_between_notices_is_no_block_member():
    """A Greek quote (a reporting verb, no notice vocabulary: the screen never counts its
    words) stands between cookie notices in other languages: reported speech is never a
    member of a block, even where nothing made it a candidate."""
    el = ("«Τα τρία τελευταία καλοκαίρια μείναμε χωρίς νερό για μέρες, και αυτό δεν μπορεί να "
          "συνεχιστεί σε ένα νησί που ζει από τον τουρισμό», δήλωσε ο αντιδήμαρχος.")
    assert removed([NOTICE, el, BLOCK_DE, BLOCK_FR, *BODY]) == [0, 2, 3]


def test_advertising_words_are_context_terms():
    """"ads", "advertising", "profile", "personalised", "your interests", "measured" are
    context terms: a purpose description right below a notice whose only notice words they
    are goes with the notice; a report on a publisher's advertising that uses them stays."""
    purpose = "Ads can be chosen for you from a profile of your interests built from the pages you read."
    assert removed([*BODY[:2], NOTICE, purpose, *BODY[2:]]) == [2, 3]
    article = [
        "Advertising revenue at the group fell 12 percent last year as brands moved their budgets "
        "to video platforms, the company said in its annual report on Tuesday.",
        "Analysts said the publisher's plan to build a profile of each subscriber's interests for "
        "personalised offers would be measured against results at rival newspapers.",
    ]
    assert removed([NOTICE, "Accept all", *article, *BODY]) == [0, 1]


#: An explainer on cookies whose section headings are the names of cookie categories.
COOKIE_EXPLAINER = [
    "Regulators in several countries have fined publishers this year over cookies set before "
    "readers agreed to them, and the rules are stricter than many site owners think.",
    "Necessary cookies",
    "Sites may set cookies that keep a shopping basket or a login working without asking, the "
    "regulators say, because the service the reader asked for cannot work without them.",
    "Analytics cookies",
    "Counting visitors is different: the data protection authority said in March that most "
    "audience measurement tools need consent unless their data never leaves the publisher.",
    "Critics say the distinction is hard to apply to tools that publishers share with their "
    "advertising partners, and several complaints about it are pending before the courts.",
]


def test_headings_of_a_text_about_cookies_that_read_as_consent_labels_are_kept():
    """"Necessary cookies" and "Analytics cookies" are consent-dialog category labels, but here
    they head the sections of a text about cookies: kept."""
    assert removed(COOKIE_EXPLAINER) == []


def test_category_labels_of_a_dialog_above_a_text_about_cookies_are_removed():
    """The same labels in a consent dialog above that text stand between its category
    descriptions (which the content model reads as boilerplate), not between journalism."""
    dialog = [
        NOTICE,
        "Necessary cookies",
        "These cookies are needed for the website to work and cannot be switched off. They are "
        "usually set in response to your actions, such as setting your privacy preferences.",
        "Analytics cookies",
        "These cookies allow us to count visits and traffic sources so that we can measure and "
        "improve the performance of our site. All information they collect is aggregated.",
        "Accept all",
    ]
    assert removed([*dialog, *COOKIE_EXPLAINER]) == list(range(len(dialog)))


EXPLAINER = [
    "Cookies explained: what you agree to when you click Accept",
    "By Lena Ortiz, technology reporter",
    "You see the pop-up on almost every site you visit, asking you to accept cookies. Here is "
    "what happens when you do, and what changes when you refuse.",
    "Cookies are small files a site stores in your browser so that it remembers you between "
    "visits, such as what you put in a shopping basket.",
    "Others are set by advertising companies that follow you from one site to the next to "
    "build a picture of your interests.",
]


SWEDISH_ADVICE = [
    'Så skyddar du dig mot spårning på nätet – fem enkla steg',
    'Konsument',
    'Varje gång du besöker en nyhetssajt eller en webbutik kan dussintals företag få veta vad '
    'du läser och köper. Men du har större möjlighet att bestämma över dina uppgifter än '
    'många tror.',
    'Det första steget är att faktiskt läsa samtyckesrutan. Enligt lagen ska det vara lika '
    'lätt att neka kakor som att godkänna dem. Leta efter knappen "Neka alla" eller "Endast '
    'nödvändiga" innan du klickar på den knapp som är mest framträdande.',
    'Om sajten inte har någon sådan knapp kan du gå in under inställningarna och stänga av '
    'alla kategorier utom de nödvändiga. Det tar bara några sekunder och minskar mängden data '
    'som skickas till annonsföretag avsevärt.',
    'Kontrollera också integritetsinställningarna i din webbläsare. De flesta moderna '
    'webbläsare kan blockera tredjepartskakor, och vissa gör det redan som standard. Det kan '
    'vara bra att titta igen efter en större uppdatering.',
    'I mobilen finns ett särskilt reklam-id som appar använder för att känna igen dig. På en '
    'Iphone kan du be appar att inte spåra dig, och på Android kan du radera reklam-id:t helt '
    'under Googles inställningar.',
    'Du har dessutom rätt att begära ut de personuppgifter ett företag har om dig. Ett kort '
    'mejl räcker, och företaget ska i regel svara inom en månad utan kostnad.',
    'Tycker du att en sajt bryter mot reglerna kan du anmäla det till '
    'Integritetsskyddsmyndigheten. Myndigheten säger att anmälningar från allmänheten är en '
    'viktig del av hur den väljer vilka företag som ska granskas.',
]


def test_readers_guide_to_refusing_cookies_is_kept():
    """A guide (written for a probe of journalism about privacy) with a paragraph mid-text that
    has consent, action and context terms and addresses the reader: between two paragraphs of
    prose without consent terms, vocabulary alone is no evidence (rules._inside_prose); it
    had gone, and the three paragraphs after it as "beside a banner"."""
    assert removed(SWEDISH_ADVICE) == []
    # A known notice (a corpus match) mid-text still goes.
    assert 4 in removed([*SWEDISH_ADVICE[:4], NOTICE, *SWEDISH_ADVICE[4:]])


KOREAN_GUIDE_WITH_BANNER = [
    '내 데이터를 지키는 법… 쿠키는 거부해도 됩니다',
    '박민수 기자',
    "웹사이트에 접속할 때마다 뜨는 동의 창. 대부분의 이용자는 내용을 읽지 않고 '동의'를 누른다. 하지만 독자에게는 생각보다 많은 선택지가 있다.",
    '광고나 분석 목적의 쿠키는 거부할 수 있다. 유럽의 규정은 거부가 동의만큼 쉬워야 한다고 정하고 있다.',
    '여러분의 방문 기록은 수십 곳의 광고 업체와 공유되는 경우가 많다. 한 번의 거부만으로도 이런 흐름을 크게 줄일 수 있다.',
    '이미 동의했더라도 철회할 수 있다. 대부분의 사이트는 페이지 하단에 설정을 바꾸는 링크를 두고 있다. 브라우저에서 쿠키를 삭제하는 방법도 있다.',
    '전문가들은 스마트폰 앱이 위치 정보를 요구할 때도 정말 필요한지 따져 본 뒤 허용하라고 조언한다.',
    '귀하의 개인정보를 소중히 여깁니다',
    "당사와 파트너사는 광고 맞춤화 및 성과 측정을 위해 쿠키 등의 정보를 귀하의 기기에 저장합니다. '동의'를 클릭하면 이에 동의하는 것으로 간주됩니다. 페이지 하단의 '쿠키 설정'에서 언제든지 동의를 철회할 수 있습니다.",
    '방문 측정: 쿠키를 이용해 방문 수를 집계하고 많이 읽힌 페이지를 파악합니다.',
    '동의',
    '동의하지 않음',
]


def test_attributed_last_sentence_above_a_bottom_banner_is_kept():
    """"Experts advise …" (조언한다) attributes what it says: a reporting verb keeps the
    story's last line out of the banner below it, and the advice above it with it (a helper's
    probe of privacy journalism with banners appended)."""
    assert removed(KOREAN_GUIDE_WITH_BANNER) == list(range(7, len(KOREAN_GUIDE_WITH_BANNER)))


def test_polish_dialog_title_above_its_notice_is_removed():
    assert removed([*PL_BODY, "Dbamy o Twoją prywatność", PL_NOTICE, "Akceptuję"]) == [4, 5, 6]


FRENCH_ADVICE = [
    "Cookies : ce que vous pouvez refuser sans perdre l'accès aux sites",
    'Par Julien Besse',
    'Chaque jour, les internautes français cliquent des dizaines de fois sur des fenêtres '
    'qui leur demandent leur accord. Beaucoup acceptent par lassitude. Pourtant, la loi '
    'vous permet de dire non sans être pénalisé.',
    "Vous pouvez refuser les cookies publicitaires et de mesure d'audience non exemptés : "
    "un site n'a en principe pas le droit de vous bloquer l'accès pour ce seul motif, sauf "
    "s'il vous propose une alternative réelle, comme un abonnement payant.",
    'Vos données de navigation ont une valeur commerciale. Les juristes que nous avons '
    "interrogés conseillent de prendre l'habitude de cliquer sur le bouton de refus "
    "lorsqu'il existe, plutôt que de fermer la fenêtre.",
    'Si vous avez accepté par erreur, vous pouvez revenir sur votre choix : la plupart des '
    'sites placent un lien en bas de page pour modifier ses préférences. Effacer les '
    'cookies de votre navigateur remet également les compteurs à zéro.',
    'Enfin, si un site ignore votre refus, vous pouvez déposer une plainte en ligne auprès '
    "de la CNIL. L'autorité dit en recevoir plusieurs centaines par mois.",
]


def test_advice_to_readers_near_the_end_of_a_story_is_kept():
    """Advice on taking consent back, one paragraph from the end, between two paragraphs of
    prose without consent terms: near the edge, vocabulary and reader address are no
    evidence there (rules._inside_prose), as mid-text."""
    assert removed(FRENCH_ADVICE) == []



DNS_GUIDE = [
    'How to switch to an encrypted DNS resolver',
    'Every time you open a website, your device asks a DNS resolver for the address behind the name. By default that resolver belongs to your internet provider, and the questions travel unencrypted.',
    'Encrypted DNS hides those questions from anyone on the network between you and the resolver. It does not hide the sites you visit from the resolver itself, so choose one you trust.',
    'Android',
    'Open the network settings, choose Private DNS and enter the host name your resolver publishes.',
    'Windows',
    'Since Windows 11 you can set DNS over HTTPS for each network adapter in the advanced network settings.',
    'Tip',
    'If your resolver filters content, you can block many ad and analytics domains for every app on your device, not only in your browser. In our tests in March, a filtering resolver stopped about a third of all requests on a typical phone, and far fewer cookies followed us around.',
    'Which resolver should I choose?',
    'Look for a published policy against logging, an independent audit and servers in a country whose laws you trust.',
]


def test_a_guides_advice_near_its_end_read_as_journalism_is_kept():
    """A tip one paragraph from the end of a guide about DNS speaks to the reader about ads,
    analytics and cookies, but the content model reads it as journalism with confidence
    (below -HEADLINE_MAX_NGRAM): near the edge that is no notice."""
    assert removed(DNS_GUIDE) == []
    # ... while a notice in the same place still goes
    notice = ("We use cookies to remember your settings and analytics to see how you use this site; "
              "you can change your choice at any time in your privacy settings.")
    assert verdicts([*DNS_GUIDE[:8], notice, *DNS_GUIDE[9:]])[8] == (True, "consent_vocabulary")


def test_headline_with_a_byline_below_a_banner_is_kept():
    """An explainer's headline (it speaks of cookies and of the reader) right below a banner
    that ends with its notice: the byline under it makes it a headline."""
    assert removed([NOTICE, *EXPLAINER])[:1] == [0]
    assert not {1, 2} & set(removed([NOTICE, *EXPLAINER]))


@pytest.mark.xfail(strict=True, reason=(
    "known precision miss: an explainer's last paragraph that describes what marketing cookies "
    "do (similarity 58 to a cookie-settings description) and says 'you' and 'your' is removed "
    "by the scorecard (+5.3, threshold +4.9); any paragraph so worded, addressing the reader "
    "twice, was already at risk"))
def test_explainer_paragraph_describing_marketing_cookies_at_the_bottom_is_kept():
    assert removed([NOTICE, *EXPLAINER]) == [0]


def test_quote_in_another_language_inside_an_article_is_kept():
    fr = ("« Nous ne signerons pas un accord qui sacrifie nos agriculteurs », a déclaré la ministre "
          "française de l'Agriculture devant les députés à Paris.")
    assert removed([BODY[0], fr, *BODY[1:]]) == []


# --- corpus match -----------------------------------------------------------------------------

def test_truncated_corpus_notice_is_a_corpus_match():
    from boilerstrip.corpus import Kind, packaged_entries

    entry = next(e for e in packaged_entries() if e.kind is Kind.NOTICE and len(e.text) > 300 and e.lang == "en")
    text = entry.text.replace("{site}", "The Northern Echo Daily")[:200] + "…"
    result = analyze("\n".join([*BODY, text]) + "\n")
    ev = result.paragraphs[-1].evidence[0]
    assert ev.rule is Rule.CORPUS_MATCH and ev.entry_id == entry.id and ev.score >= 82


# --- repetition (batch) -----------------------------------------------------------------------

def test_repetition_needs_the_batch_and_keeps_syndicated_stories():
    promo = "Escucha cada mañana nuestro pódcast con las claves del día en tu plataforma favorita."
    docs = [promo + "\n" + "\n".join(f"{p} ({n} sources.)" for p in BODY) + "\n" for n in range(4)]
    rep = Repetition.from_texts(docs)
    assert not any(analyze(d).removed for d in docs)  # one document alone: no evidence
    assert all([p.index for p in analyze(d, repetition=rep).removed] == [0] for d in docs)
    wire = ["\n".join(BODY) + "\n"] * 4  # the same story in four papers
    rep = Repetition.from_texts(wire)
    assert not any(analyze(d, repetition=rep).removed for d in wire)


GUIDE_TO_COOKIES = [
    "The first web browsers of the early nineties kept no memory of a visit: every page was "
    "fetched as if for the first time, and a shop could not tell two customers apart.",
    "A cookie is a small text file that a website asks your browser to keep, so that it can "
    "recognise the same browser on the next visit and remember a basket or a login.",
    "Third-party cookies come from other companies whose code the page loads, usually for "
    "advertising and measurement, and they follow the same browser from site to site.",
    "Most browsers can block third-party cookies in their privacy settings; few sites break, "
    "and trackers lose much of what they collect about you.",
    "Clearing all cookies logs you out everywhere, so keep your passwords at hand before you "
    "delete them from the settings menu.",
    "Librarians and teachers who run workshops on the subject say the questions they hear "
    "most are practical ones, and that a short demonstration answers most of them.",
]


@pytest.mark.xfail(strict=True, reason=(
    "known precision miss in batches holding copies of one story: its paragraphs with notice "
    "vocabulary repeat in as many documents as a banner does and go as 'repeated'. A test of "
    "copies (most of a document's paragraphs without notice vocabulary found elsewhere) fixed "
    "it, but made cleaning a batch's output again remove more (the copies' other paragraphs "
    "can go by other rules, and then the counts fall): idempotence comes first"))
def test_a_story_fetched_three_times_keeps_its_repeated_paragraphs_in_a_batch():
    """Repetition is evidence of boilerplate when a paragraph recurs around different stories;
    the same guide to cookies fetched three times (around different banners, or none)
    repeats its cookie paragraphs because it is the same story."""
    banners = ["", NOTICE + "\nAccept all\n", "Cookie settings\n"]
    docs = ["\n".join(GUIDE_TO_COOKIES) + "\n" + b for b in banners]
    rep = Repetition.from_texts(docs)
    for doc, banner in zip(docs, banners):
        gone = [p.index for p in analyze(doc, repetition=rep).removed]
        assert gone == list(range(6, 6 + banner.count("\n"))), gone
    # (a line repeated around different stories still goes: see the test above)


def test_dialog_title_naming_the_site_goes_with_the_banner_below_it():
    notice = ("Die Rheinische Abendpost und ihre Partner verwenden Cookies für personalisierte Werbung "
              "und Reichweitenmessung. Mit „Alle akzeptieren“ willigen Sie ein; Ihre Einwilligung "
              "können Sie jederzeit in den Datenschutzeinstellungen widerrufen.")
    assert removed(["Willkommen bei der Rheinischen Abendpost", notice, "Alle akzeptieren", *BODY]) == [0, 1, 2]
    # A headline above the banner that does not name the site stays.
    assert removed(["Stadtrat beschließt neuen Haushalt", notice, "Alle akzeptieren", *BODY]) == [1, 2]


# --- kinds of fault from public reports (../shared/cases), in our own words ---------------------

REPORT_ON_CONSENT = [
    "The data protection authority fined a ticketing platform 4 million euros on Monday for "
    "setting advertising cookies before visitors had given their consent.",
    "Investigators found that the platform shared browsing data with eleven partners, "
    "including two ad exchanges, the authority said in its decision.",
    "The company said it would appeal and that it had always asked partners to obtain consent.",
]


def test_headline_about_consent_below_a_banner_is_kept():
    """A banner ending with its buttons, then the article's headline, which speaks of consent."""
    paragraphs = ["We care about your privacy", "Accept all", "Reject all",
                  "Cookie rules: what the new decision means for you", *REPORT_ON_CONSENT]
    assert removed(paragraphs) == [0, 1, 2]


def test_report_beside_a_lone_cookie_link_is_kept():
    """A stray settings link in a story about consent goes; the reporting around it stays."""
    paragraphs = ["Ticketing platform fined for tracking without consent", REPORT_ON_CONSENT[0],
                  "Manage cookie settings", *REPORT_ON_CONSENT[1:]]
    assert removed(paragraphs) == [2]


def test_multilingual_block_with_unknown_buttons_between_its_notices():
    """One analytics notice in four languages, each followed by two buttons."""
    block = [
        "Damit wir unser Angebot verbessern können, nutzen wir das Statistikwerkzeug Plausor. Ihre "
        "Besuche werden anonym ausgewertet; es werden keine personenbezogenen Daten gespeichert. "
        "Sie können die Datenerfassung jederzeit abschalten und die Seite weiter nutzen.",
        "In Ordnung", "Ohne Datenerfassung weiter",
        "Pour améliorer notre offre, nous utilisons l'outil de statistiques Plausor. Vos visites "
        "sont analysées de manière anonyme ; aucune donnée personnelle n'est enregistrée. Vous "
        "pouvez désactiver la collecte de données à tout moment et continuer à utiliser le site.",
        "D'accord", "Continuer sans collecte",
        "Per migliorare la nostra offerta usiamo lo strumento statistico Plausor. Le vostre visite "
        "vengono analizzate in forma anonima; nessun dato personale viene salvato. Potete "
        "disattivare la raccolta dei dati in qualsiasi momento e continuare a usare il sito.",
        "Va bene", "Continuare senza raccolta",
        "To improve our service, we use the statistics tool Plausor. Your visits are analysed "
        "anonymously; no personal data is stored. You can switch off the data collection at any "
        "time and keep using the site.",
        "Agree", "Continue without data collection",
    ]
    assert removed([*block, *BODY]) == list(range(len(block)))


@pytest.mark.parametrize("ending", ["\n", ""])
def test_output_ends_as_the_input_ends_when_the_last_paragraphs_go(ending):
    from boilerstrip import clean
    for sep in ("\n\n", "\n"):
        text = sep.join([*BODY, NOTICE, "Accept all"]) + ending
        assert clean(text) == sep.join(BODY) + ending


def test_article_about_cookies_in_another_language_is_not_a_translation_of_the_banner():
    """A Swedish report on tracking cookies ends just above an English banner: the words both
    share ("cookies", "tracking") are the vocabulary's, not a name, so no multilingual block."""
    article = [
        "Integritetsmyndigheten granskade i våras hur svenska nyhetssajter använder cookies för "
        "tracking och riktad reklam, och fann brister hos elva av tjugo sajter.",
        "Myndigheten kräver nu att sajterna ändrar sina rutiner före årsskiftet, annars kan "
        "sanktionsavgifter bli aktuella, säger enhetschefen Karin Lund.",
        "Flera sajter placerade cookies för tracking i besökarnas webbläsare innan något samtycke "
        "hade getts, enligt rapporten, och delade uppgifterna med annonsnätverk.",
    ]
    banner = ("We use cookies and tracking technologies to improve your experience and to show "
              "personalised ads. By clicking accept you agree to our cookie policy.")
    assert removed([*article, banner, "Accept all"]) == [3, 4]


GUIDE = [
    "Most websites you visit load scripts from advertising companies. These scripts set cookies "
    "in your browser and build a profile of what you read.",
    "Your browser can block third-party cookies. In its privacy settings, choose to block cookies "
    "from other sites; the sites you visit will still work.",
    "Remember that clearing your cookies also logs you out, so you may want to keep cookies for "
    "the few sites you trust.",
]


@pytest.mark.parametrize("banner", [
    [NOTICE, "Accept all", "Reject all"],
    ["Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis auf unserer Website zu bieten.",
     "This website uses cookies to ensure that you get the best experience on our website.",
     "Ce site utilise des cookies pour vous offrir la meilleure expérience sur notre site.", "OK"],
])
def test_title_of_a_guide_that_addresses_the_reader_below_a_banner_is_kept(banner):
    """A guide's title under a banner: the text below it addresses the reader (so it is not a
    report), but the title reads as journalism, and the banner ended with its buttons."""
    paragraphs = [*banner, "How to stop websites from tracking you", *GUIDE]
    assert len(banner) not in removed(paragraphs)
    assert not set(range(len(banner), len(paragraphs))) & set(removed(paragraphs))


def test_steps_of_a_guide_about_cookies_are_kept_and_a_button_still_makes_a_short_notice():
    # A how-to guide lists steps as short sentences with consent words ("Choose Clear
    # browsing data."): they are not the buttons a one-sentence notice stands beside.
    steps = ["How to clear cookies in your browser",
             "Browsers keep small files from the sites you visit; here is how to remove them, step by step, "
             "without losing the passwords you saved.",
             "Open the browser menu.", "Click Privacy and security.", "Choose Clear browsing data.",
             "Tick Cookies and other site data, then press Clear data.",
             "Some sites will then forget the language you chose or the items in your basket, and you will "
             "have to sign in to them again the next time you visit.", *BODY]
    assert removed(steps) == []
    short = "Tick the box to allow analytics cookies on this site."
    assert removed([*BODY[:2], short, "Allow analytics", *BODY[2:]]) == [2, 3]


def test_first_line_of_a_story_about_cookies_below_its_headline_is_kept():
    # A complete sentence dense in consent words needs no "you" to be a notice at the very
    # first or last place; below a headline it is the story's first line.
    headline = "Regulator warns websites over tracking cookies"
    lede = "The regulator reminded website owners that processing personal data with cookies requires user consent."
    assert removed([headline, lede, *BODY]) == []
    notice = "This website uses cookies to analyse traffic and personalise content."
    assert removed([notice, headline, *BODY]) == [0]


def test_one_word_headline_above_a_banner_at_the_top_is_kept():
    block = ["This website uses cookies to improve the experience of its readers and to measure traffic.",
             "Diese Website verwendet Cookies, um das Erlebnis ihrer Leser zu verbessern und Zugriffe zu messen.",
             "Ce site utilise des cookies pour améliorer l'expérience de ses lecteurs et mesurer l'audience."]
    result = removed(["Beginnings", *block, *BODY])
    assert removed(["Dear reader,", *block, *BODY]) == [0, 1, 2, 3]  # a salutation goes with it
    assert 0 not in result and {1, 2, 3} <= set(result)
    assert removed([*BODY, NOTICE, "OK"]) == [len(BODY), len(BODY) + 1]  # the bottom still takes it


def test_advice_to_the_reader_above_a_bottom_banner_is_kept():
    # A guide's last paragraph addresses the reader about trackers; the bottom banner below
    # it must not grow up into it (it is neither dense in notice terms nor read as
    # boilerplate by the content model). Its headline is no notice either: no sentence.
    guide = ["How to stop apps from tracking you",
             "Apps often collect more than they need. A few settings on the phone limit that.",
             "Open Settings and choose Privacy.", "Check which permissions each app was given.",
             "Delete the apps no longer in use, because they may still send data in the background.",
             "To go one step further, you can install a blocker that also stops trackers in the browser you use.",
             NOTICE, "Accept all"]
    assert removed(guide) == [6, 7]
    # Below a salutation at the top, a banner's first paragraph still goes with the rest.
    top = ["Dear reader,",
           "since last year a new regulation on personal data applies across the union, with new rules for "
           "the cookies we store on your device.",  # (the fixture g-05 needs where.leading here)
           NOTICE, "Accept all", *BODY]
    assert removed(top) == [0, 1, 2, 3]

@pytest.mark.parametrize("line", ["Tweet", "7 min read", "Share this page", "分享到:"])
def test_share_and_reading_time_lines_are_chrome(line):
    assert verdicts([*BODY[:2], line, *BODY[2:]])[2] == (True, "chrome")


@pytest.mark.parametrize("line", ["Recent posts", "Filed under: Politics, Economy", "Categories: Travel, Food",
                                  "Continue reading the main story", "Article continues below",
                                  "Was this article helpful?", "Proudly powered by WordPress",
                                  "Folgen Sie uns auf Instagram", "Suivez-nous sur X",
                                  "Dalsza część artykułu pod reklamą", "Älä missaa", "이 기사를 추천합니다"])
def test_blog_and_news_page_chrome_below_prose_is_removed(line):
    assert verdicts([*BODY[:2], line, *BODY[2:]])[2] == (True, "chrome")


@pytest.mark.parametrize("line", ["Recent posts about the election", "Register of lobbyists grows by a third",
                                  "Most shared photos of the year came from readers",
                                  "Reply to the ministry's letter"])
def test_headlines_that_begin_with_a_chrome_label_are_kept(line):
    assert removed([*BODY[:2], line, *BODY[2:]]) == []


def test_title_below_page_chrome_and_above_a_banner_is_kept():
    """Page chrome first, then the story's short title, then a banner: once the chrome is
    removed the title is the first line, but a line below page chrome is not a dialog title."""
    paragraphs = ["6 min read", "Harbour ferries return", NOTICE, "Accept all", *BODY]
    assert removed(paragraphs) == [0, 2, 3]


# --- sign-up boxes and page footers -----------------------------------------------------------

SIGNUP_BOX = ["Want the week's council decisions explained? Our Friday briefing lands in your inbox "
              "before breakfast.", "Your email address", "Subscribe",
              "By subscribing you accept our terms of use. You can unsubscribe at any time."]


def test_newsletter_box_in_the_middle_of_a_story_is_removed():
    paragraphs = [*BODY[:2], *SIGNUP_BOX, *BODY[2:]]
    assert removed(paragraphs) == [2, 3, 4, 5]
    assert removed(paragraphs, keep_chrome=True) == []


def test_story_about_a_newsletter_is_kept():
    story = ["The paper's new morning newsletter reached 40,000 inboxes in its first month, "
             "its editor said on Tuesday.", *BODY]
    assert removed(story) == []
    assert removed([*BODY[:2], "Share", story[0], *BODY[2:]]) == [2]  # no reader address, no call to act


FOOTER = ["Kontakt", "Impressum", "Musterverlag GmbH, Hafenstraße 12, 20457 Hamburg",
          "© 2025 Musterverlag GmbH. Alle Rechte vorbehalten."]


def test_footer_lines_below_the_article_go_with_their_copyright_line():
    assert removed([*BODY, *FOOTER]) == [4, 5, 6, 7]
    vi = ["Liên hệ", "Tòa soạn: số 7 đường Trần Phú, Đà Nẵng", "Bản quyền thuộc về Báo Sông Hàn"]
    assert removed([*BODY, *vi]) == [4, 5, 6]


def test_long_copyright_line_with_small_print_is_removed():
    line = ("© 2024 Example Media Group. All rights reserved. Material on this site may not be reproduced, "
            "distributed, transmitted or otherwise used without the written permission of Example Media "
            "Group, except as described in our terms of use and our privacy statement, which you accept "
            "by using this site and its services, including newsletters, podcasts and apps.")
    assert removed([*BODY, line]) == [4]


@pytest.mark.parametrize("paragraph", [
    "Video platforms are now the favourite marketing channel of many brands. In the US, 70% of users "
    "access them on mobile devices, ahead of desktop computers.",
    "WE Media, the group that owns the site, moved its marketing to video last year and now "
    "measures access from mobile devices separately."])
def test_article_paragraph_with_context_words_and_an_abbreviation_below_a_banner_is_kept(paragraph):
    """"US" and "WE" are abbreviations, not pronouns; a short paragraph of context words
    that the content model reads as article text is no purpose list."""
    assert removed([NOTICE, "Accept all", paragraph, *BODY]) == [0, 1]


RU_BODY = [
    "Городской совет в четверг утвердил бюджет на следующий год после шестичасового обсуждения, "
    "сообщили в мэрии.",
    "На ремонт трамвайных путей выделено 120 миллионов рублей, ещё 35 миллионов пойдут на школы "
    "северных районов.",
    "Оппозиция назвала план лоскутным одеялом и пообещала внести поправки до окончательного "
    "голосования в марте.",
    "Окончательное голосование назначено на конец марта, когда депутаты вернутся с каникул.",
]


def test_notice_in_which_the_site_names_itself_is_removed_at_the_edge():
    """"This website uses cookies …" speaks for the site as "we" does (vocabulary.SITE)."""
    notice = "Данный сайт использует cookie для улучшения работы."
    assert removed([notice, *RU_BODY]) == [0]
    assert removed([*RU_BODY, notice]) == [len(RU_BODY)]


def test_short_notices_in_several_languages_at_the_top_go_together():
    """A short notice at the edge is evidence for itself alone, unless the line beside it is
    another short notice speaking to the reader (the same notice in another language)."""
    block = ["This website uses cookies in order to improve the experience of its readers.",
             "Aquest lloc web utilitza galetes per millorar l'experiència dels lectors.",
             "Ovo web mjesto koristi kolačiće..."]
    assert removed([*block, *BODY]) == [0, 1, 2]


PL_BODY = [
    "Rada miasta w czwartek po sześciu godzinach debaty przyjęła nowy budżet na przyszły rok, "
    "poinformowali urzędnicy.",
    "Plan przewiduje 120 milionów złotych na remonty torowisk i kolejne 35 milionów na szkoły w "
    "północnych dzielnicach.",
    "Przewodnicząca opozycji nazwała plan łataniną i zapowiedziała poprawki przed ostatecznym "
    "głosowaniem w marcu.",
    "Ostateczne głosowanie zaplanowano na koniec marca, po powrocie radnych z przerwy.",
]
PL_NOTICE = ("Używamy plików cookie i podobnych technologii, aby personalizować treści i reklamy oraz "
             "analizować ruch. Klikając „Akceptuję”, wyrażasz zgodę na przetwarzanie Twoich danych "
             "przez naszych partnerów.")


def test_purpose_line_about_advertising_goes_with_the_banner_beside_it():
    """Polish "reklam*" is an advertising word as in the other languages' vocabularies: a
    purpose line that names ads and measuring goes with its banner."""
    purpose = "Można zmierzyć skuteczność reklam, które użytkownik ogląda lub w które klika."
    assert removed([PL_NOTICE, purpose, *PL_BODY]) == [0, 1]
    assert removed([*PL_BODY, purpose, PL_NOTICE]) == [4, 5]


@pytest.mark.parametrize("purpose", [
    "Na podstawie zainteresowań użytkownika może powstać profil, na podstawie którego dobiera się "
    "wyświetlane mu reklamy.",
    "Skuteczność reklam wyświetlanych użytkownikowi oraz jego reakcje na nie mogą być mierzone."])
def test_purpose_description_about_the_user_is_removed_at_the_edge(purpose):
    """Many dialogs describe a purpose in the third person ("the user") rather than "you": the
    corpus holds that register too (purposes-short.jsonl, ids short.<lang>.u<n>)."""
    assert removed([purpose, *PL_BODY]) == [0]
    assert removed([*PL_BODY, purpose]) == [len(PL_BODY)]


def test_report_about_a_users_profile_is_kept():
    story = ("Serwis przyznał, że profil każdego użytkownika zawierał jego zainteresowania i historię "
             "zakupów, ustalił urząd.")
    assert removed([story, *PL_BODY]) == []
    assert removed([*PL_BODY, story]) == []


def test_story_about_advertising_spending_is_kept():
    story = ("Wydatki firm na reklamy w internecie wzrosły w ubiegłym roku o jedną piątą, wynika z "
             "raportu branżowego.")
    assert removed([story, *PL_BODY]) == []
    assert removed([*PL_BODY, story]) == []


def test_cookie_declaration_goes_with_the_banner_and_a_story_about_a_cookie_stays():
    """A consent tool's table of cookies ("This cookie is set by … to …") is a banner's text
    (en.cookie_settings.7-15); a story's sentence about what a cookie did is journalism."""
    declaration = ("This cookie is set by the analytics tool to count visits and to tell one visitor "
                   "from another across pages.")
    assert removed([NOTICE, declaration, *BODY]) == [0, 1]
    assert removed([*BODY, declaration, NOTICE]) == [4, 5]
    story = ("The cookie, set by an advertising network, recorded every page the readers visited, "
             "the regulator found in its report.")
    assert removed([NOTICE, story, *BODY]) == [0]
    assert removed([*BODY, story, NOTICE]) == [5]


@pytest.mark.parametrize("report", [
    "This website uses cookies and shares data with 300 partners, the regulator said in its "
    "decision on Monday.",
    "«Этот сайт использует файлы cookie и передаёт данные партнёрам», заявил представитель регулятора."])
def test_reported_sentence_that_starts_with_the_site_is_kept(report):
    """The site naming itself speaks as "we" does only outside reported speech and quotations."""
    body = RU_BODY if report.startswith("«") else BODY
    assert removed([report, *body]) == []
    assert removed([*body, report]) == []


def test_a_placeholder_inside_the_story_does_not_anchor_the_line_beside_it():
    story = [*BODY[:2], "The city's new website asks visitors to accept cookies before they can read the budget.",
             "To watch this clip, please enable functional cookies.", "Load content", *BODY[2:]]
    assert 2 not in removed(story)


def test_story_naming_this_website_mid_sentence_is_kept():
    """Not at the paragraph's start, "this website" is a story's words, not the site's."""
    lead = ("Regulators found that this website had set advertising cookies without consent for "
            "years, and the firm now faces a fine.")
    assert removed([lead, *BODY]) == []
    assert removed([*BODY, lead]) == []


# Our own wording of a purpose, changed as another consent manager would phrase it: close
# to the corpus's (74), not a close copy (STRONG_MATCH).
PURPOSE = "Data about you can be used to improve existing systems and software, and to develop new products."


@pytest.mark.parametrize("place", ["top", "bottom"])
def test_purpose_description_close_to_a_known_one_is_removed_at_the_edge(place):
    """No consent term: the corpus match of a purpose description is the evidence."""
    text = [PURPOSE, *BODY] if place == "top" else [*BODY, PURPOSE]
    assert removed(text) == ([0] if place == "top" else [len(BODY)])


def test_purpose_description_worded_further_from_ours_is_a_purpose_match():
    """Similarity 64 to our profile-building purpose, between PURPOSE_MATCH and SUPPORT_MATCH:
    the match is evidence, and the paragraph goes at either end of the text."""
    from boilerstrip.engine import Corpus

    far = "Data about you and the things that interest you may help to build a profile used for selecting ads."
    match = Corpus.packaged().features(far).notice
    assert match is not None and match.entry.family == "framework" and 60 <= match.score < 70
    assert removed([far, *BODY]) == [0]
    assert removed([*BODY, far]) == [len(BODY)]


ZH_BODY = [
    "市议会周四经过六个小时的辩论，以四十一票赞成、十七票反对通过了新的年度预算。",
    "预算为铁路维修拨款一亿二千万元，另有三千五百万元用于北部城区的学校。",
    "反对党领袖表示，该计划东拼西凑，她的党团将在三月最终表决前提出修正案。",
    "最终表决定于三月底举行，届时议员们将结束休会返回议会。",
]


@pytest.mark.parametrize("purpose", ["您的資料可用於改善現有產品，並研發新的產品。",
                                     "您的数据可用于改进现有产品并开发新产品。"])
def test_short_chinese_purpose_description_is_removed_at_the_edge(purpose):
    """Chinese dialogs state a purpose in one short sentence, far shorter than a long template
    (the screen compares lengths): the corpus holds concise ones too (purposes-cjk.jsonl)."""
    assert removed([purpose, *ZH_BODY]) == [0]
    assert removed([*ZH_BODY, purpose]) == [len(ZH_BODY)]


def test_chinese_story_sentence_about_products_is_kept():
    story = "公司表示，新工厂将于明年投产，主要用于改进现有产品并开发新产品。"
    assert removed([*ZH_BODY, story]) == []
    assert removed([story, *ZH_BODY]) == []


# A purpose description with a sentence of its own after it, as consent managers add one.
TWO_SENTENCES = PURPOSE + " This means that problems you meet on the site can be found and fixed sooner."


def test_purpose_description_with_a_second_sentence_matches_by_its_first():
    """The whole paragraph is below PURPOSE_MATCH (54), its first sentence is the corpus's
    description: the paragraph goes at either end of the text."""
    from boilerstrip.engine import Corpus
    from boilerstrip.text import normalize

    corpus = Corpus.packaged()
    whole = corpus.notices.best(normalize(TWO_SENTENCES), 0, False)
    assert whole is not None and whole.score < 60
    match = corpus.features(TWO_SENTENCES).notice
    assert match is not None and match.entry.family == "framework" and match.score >= 70
    assert removed([TWO_SENTENCES, *BODY]) == [0]
    assert removed([*BODY, TWO_SENTENCES]) == [len(BODY)]


@pytest.mark.parametrize("paragraph", [
    # the purpose is the first sentence of a longer paragraph, under PURPOSE_SENTENCE_SHARE
    PURPOSE + " The council's digital office on Monday published figures showing that the new "
    "parking app had been downloaded 40,000 times in its first month, twice the forecast.",
    # reported speech
    PURPOSE + " The company said the change would apply from March.",
])
def test_paragraph_whose_first_sentence_is_not_a_lone_purpose_description_is_kept(paragraph):
    assert removed([*BODY, paragraph]) == []


def test_purpose_description_quoted_or_in_a_text_about_consent_is_kept():
    reported = PURPOSE[:-1] + ", the company said."
    assert removed([reported, *BODY]) == []
    explainer = [
        "Consent dialogs list purposes for which a site and its partners process personal data, "
        "and regulators have asked that each purpose be described in plain words for readers.",
        PURPOSE,
        "Critics say such descriptions are vague, and that readers rarely open the consent "
        "dialog's second layer where the purposes and the cookies of each vendor are listed.",
    ]
    assert removed(explainer) == []


@pytest.mark.parametrize("row", ["Home | News | Sport | Business | Opinion | Life",
                                 "Help · Feedback · Subscriptions · Archives · E-Edition",
                                 "Home / News / World / Europe"])
def test_a_row_of_links_above_or_below_the_text_is_removed(row):
    # too few of its parts are labels to match as a row of labels, but one is, and every part
    # is as short as a link
    assert removed([row, *BODY]) == [0]
    assert removed([*BODY, row]) == [len(BODY)]


@pytest.mark.parametrize("row", ["By Ann Lee | Reuters | Berlin | Updated",
                                 "Home | News | Sport | Business | Opinion | Life"])
def test_a_byline_row_or_a_row_inside_the_text_is_kept(row):
    # a byline's parts are no labels; inside the text a row is the story's (a list of teams)
    if row.startswith("By"):
        assert removed([row, *BODY]) == []
    assert removed([*BODY[:2], row, *BODY[2:]]) == []


def test_row_of_footer_links_without_separators_is_removed():
    """A footer's links flattened into one line by the scraper: labels one after another."""
    row = "About us Contact us Terms of use Privacy policy Cookie settings Careers"
    assert removed([*BODY, row]) == [4]
    assert removed([*BODY, "Terms & Conditions Terms of Use Privacy Notice Cookie Policy Modern Slavery"]) == [4]
    glued = "Privacy PolicyTerms of UseCookie SettingsDo Not Sell or Share My Personal Information"
    assert removed([*BODY, glued]) == [4]


@pytest.mark.parametrize("line", ["Accept all Reject all", "Functional cookies 12 partners can use this purpose",
                                  "Marketing cookies 140 partners can use this purpose"])
def test_two_labels_that_make_the_whole_line_are_a_row(line):
    """Two buttons glued together, or a purpose's category and its partner count: exactly two
    labels covering every word of the line: a label standing alone, wherever it stands."""
    assert verdicts([*BODY[:2], line, *BODY[2:]])[2] == (True, "consent_control")


@pytest.mark.parametrize("line", ["Share prices rise as home sales recover",
                                  "Privacy policy changes at the council: what residents should know",
                                  "Search and rescue teams return home",
                                  "YouTube and McDonald's sign a deal on iPhone ads"])
def test_headline_with_words_that_are_labels_is_kept(line):
    """Fewer than three labels, or labels covering too few of its words (two must cover all of
    them): a line of journalism."""
    assert removed([line, *BODY]) == []


@pytest.mark.parametrize("tail", [
    ["The copyright on the 1930 recording expired in 2024, the label said."],
    ["Photo: © Jane Doe / Harbour Press"],
    ["What to do if stung", "Rinse with sea water.", "Do not use vinegar.", "Contact", "© 2025 Harbour Press"],
])
def test_journalism_near_a_footer_is_kept(tail):
    found = removed([*BODY, *tail])
    assert not [i for i in found if tail[i - len(BODY)] not in ("Contact", "© 2025 Harbour Press")]


# --- embedded-content placeholders that ask the reader to enable cookies ----------------------

@pytest.mark.parametrize("line", ["To watch this clip, please enable functional cookies.",
                                  "Pour voir cette vidéo, veuillez activer les cookies fonctionnels."])
def test_placeholder_asking_to_enable_cookies_mid_text_is_removed_alone(line):
    neighbour = "The council will allow residents to comment on the plan until May."
    assert removed([*BODY[:2], line, neighbour, *BODY[2:]]) == [2]


@pytest.mark.parametrize("line", ["Zum Anzeigen bitte funktionale Cookies aktivieren",
                                  "Wyświetlenie wymaga włączenia funkcjonalnych plików cookie"])
def test_impersonal_placeholder_asking_to_enable_cookies_mid_text_is_removed(line):
    """No "you", no full stop: the call to act and the content model's reading carry it."""
    neighbour = "The council will allow residents to comment on the plan until May."
    assert removed([*BODY[:2], line, neighbour, *BODY[2:]]) == [2]


@pytest.mark.parametrize("line", ["Browsers to block third-party cookies by default from next year",
                                  "Why enabling cookies is no longer enough"])
def test_headline_about_cookies_mid_text_is_kept(line):
    assert removed([*BODY[:2], line, *BODY[2:]]) == []


def test_report_on_sites_that_make_readers_enable_cookies_is_kept():
    line = "Readers must enable cookies to see some videos on the site, critics said."
    assert removed([*BODY[:2], line, *BODY[2:]]) == []


# --- a lone term from another language; headlines below a banner that ends with a notice ------

FINNISH_STORY = [
    "Pallastunturin hiihtokeskus avasi kautensa poikkeuksellisen aikaisin, kun lunta satoi "
    "lokakuun lopulla jo puoli metriä.",
    "Yrittäjien mukaan varauksia on tehty enemmän kuin koskaan aiemmin, ja monet mökit ovat "
    "täynnä jo joulun ja uudenvuoden välillä.",
    "Hiihtokeskuksen toimitusjohtajan mukaan ulkomaisten matkailijoiden osuus kasvoi viime "
    "talvena kolmannekseen kaikista yöpymisistä.",
]
FINNISH_CAPTION = "Lumisia mäntyjä Pallastunturin rinteellä helmikuussa. Kuva: Aino Mäkelä"


@pytest.mark.parametrize("banner", [[NOTICE, "Accept all"], [
    "Käytämme evästeitä sisällön ja mainosten personointiin sekä liikenteen analysointiin. "
    "Hyväksymällä annat suostumuksesi evästeiden käyttöön ja tietojesi käsittelyyn.", "Hyväksy kaikki"]])
def test_caption_whose_one_term_is_a_word_of_another_language_is_kept_beside_a_banner(banner):
    """"Kuva" is Estonian for "show" (an action term) and Finnish for "picture": a Finnish
    caption credits its photographer with it. Read as Finnish, the line has no notice
    vocabulary, so it does not go with the banner at the top or at the bottom."""
    assert removed([*FINNISH_STORY, FINNISH_CAPTION, *banner]) == [4, 5]
    assert removed([*banner, FINNISH_CAPTION, *FINNISH_STORY]) == [0, 1]


def test_short_line_whose_one_term_is_of_its_own_language_still_goes_with_the_banner():
    estonian = ("Meie ja meie partnerid kasutame küpsiseid, et isikupärastada sisu ja reklaame ning "
                "analüüsida liiklust. Nõusoleku saate igal ajal tagasi võtta.")
    assert removed([estonian, "Kuva kõik seaded ja vali ise, mida lubada", *FINNISH_STORY]) == [0, 1]


def test_lone_term_of_another_language_is_dropped_only_where_language_identification_is_sure():
    from boilerstrip.engine import Corpus

    corpus = Corpus.packaged()
    assert corpus.features(FINNISH_CAPTION).hits.notice == 0
    assert corpus.features("Kuva: Aino Mäkelä").hits.notice == 1  # too short to tell the language
    assert corpus.features("Lue lisää evästeistä").hits.notice >= 1  # its own language's term
    assert "fi" in corpus.vocabulary.langs and "et" in corpus.vocabulary.langs


def test_a_pronoun_that_is_also_another_languages_word_does_not_make_a_term_foreign():
    """A paragraph's languages are those of its notice words, pronouns aside: the Serbian
    "вама" is a pronoun of other languages too, and must not make the Serbian context phrase
    "подаци о вама" look like a lone term of a language the line is not in."""
    from boilerstrip.engine import Corpus

    corpus = Corpus.packaged()
    assert corpus.vocabulary.hits("подаци о вама из других извора").langs == ("sr",)
    line = "Подаци о вама из других извора могу се упоредити и објединити са подацима које ми прикупљамо."
    assert corpus.features(line).hits.notice >= 1


CONSENT_REPORT = [
    "Britain's data regulator has given a national news website two weeks to change the consent "
    "pop-up that greets its readers, after finding that declining tracking took four clicks while "
    "accepting took one.",
    "The website's owner said it would comply, but warned that advertising income could fall by a "
    "fifth if fewer readers agree to be tracked.",
    "Regulators in France and Denmark have issued similar orders this year, and campaigners expect "
    "more to follow.",
]
ROMANIAN_REPORT = [
    "Autoritatea pentru protecția datelor a dat unui ziar online 30 de zile pentru a schimba "
    "fereastra de consimțământ, după ce a constatat că refuzul cerea patru clicuri.",
    "Conducerea publicației a declarat că va respecta decizia, dar că veniturile din publicitate "
    "ar putea scădea semnificativ.",
    "Alte autorități europene au emis decizii asemănătoare în acest an.",
]


@pytest.mark.parametrize("story", [
    ["Data regulator gives news site 14 days to add a 'Decline' option", "By Tom Archer, Technology Desk",
     *CONSENT_REPORT],
    ["Data regulator gives news site 14 days to add a 'Decline' option", *CONSENT_REPORT],
    ["Ziar online obligat să simplifice bannerul de cookie-uri în 30 de zile", *ROMANIAN_REPORT],
])
def test_headline_about_consent_below_a_banner_that_ends_with_its_notice_is_kept(story):
    """No buttons between the banner's notice and the headline: the headline still does not
    address the reader, does not open with a call to act, leads (through a byline) a report
    that reads as journalism, and the content model does not read it as boilerplate."""
    assert removed([NOTICE, *story]) == [0]


@pytest.mark.parametrize("link", ["Learn more about the cookies on this site and how to change them",
                                  "Find out more about cookies in our privacy policy"])
def test_link_line_below_a_banner_that_ends_with_its_notice_still_goes_with_it(link):
    assert {0, 1} <= set(removed([NOTICE, link, *BODY]))


def test_a_pronoun_phrase_does_not_hide_the_notice_term_in_it():
    """German "Ihre Daten" is a reader-address phrase (the pronoun alone is ambiguous), but
    "Daten" is still a context term: a purpose description counts both."""
    from boilerstrip.engine import Corpus

    vocabulary = Corpus.packaged().vocabulary
    hits = vocabulary.hits("ihre daten können für eigene auswertungen genutzt werden")
    assert hits.count("address") == 1 and hits.count("context") == 1
    assert vocabulary.hits("ihre einwilligung").count("consent") == 1
    assert vocabulary.hits("ihre meinung zählt").notice == 0  # no notice term inside: nothing more


def test_a_notice_phrase_does_not_hide_the_pronoun_in_it():
    """"your data", "ваши данные" are context phrases; their pronoun still addresses the reader."""
    from boilerstrip.engine import Corpus

    vocabulary = Corpus.packaged().vocabulary
    for text in ("your data may be used", "ваши данные могут использоваться"):
        hits = vocabulary.hits(text)
        assert hits.count("address") == 1 and hits.count("context") == 1, text


def test_purpose_description_whose_only_notice_words_are_your_data_is_removed_at_the_edge():
    """Without "ваши данные" as a context phrase the paragraph had no notice term, so it was
    never compared with the corpus's purpose descriptions."""
    purpose = ("Ваши данные могут использоваться для улучшения существующих систем и программ, "
               "а также для разработки новых продуктов.")
    assert removed([purpose, *RU_BODY]) == [0]
    assert removed([*RU_BODY, purpose]) == [len(RU_BODY)]


@pytest.mark.parametrize("advice, body", [
    ("Change your password and check which apps can see your data and your location: it takes "
     "five minutes and spares a lot of trouble.", BODY),
    ("If you think your data was exposed in the breach, change your password and watch your "
     "bank statements, the agency advised.", BODY),
    ("Если вы считаете, что ваши данные попали в утечку, смените пароль и проверьте выписки "
     "по карте.", RU_BODY)])
def test_advice_to_readers_about_their_data_is_kept(advice, body):
    assert removed([advice, *body]) == []
    assert removed([*body, advice]) == []


def test_german_report_that_says_ihre_daten_is_kept():
    story = [
        "Die Verbraucherzentrale hat am Dienstag eine Broschüre vorgestellt, die älteren Menschen "
        "erklärt, wie sie sich vor Betrug am Telefon schützen können.",
        "„Geben Sie Ihre Daten niemals am Telefon heraus“, sagte die Vorsitzende bei der Vorstellung "
        "in Mainz, wo im vergangenen Jahr mehr als 300 Fälle gemeldet wurden.",
        "Die Broschüre ist kostenlos in allen Beratungsstellen erhältlich und wird auch an Apotheken "
        "und Arztpraxen verteilt.",
    ]
    assert removed(story) == []
    assert removed([NOTICE, "Accept all", *story]) == [0, 1]


def test_a_plain_sentence_with_context_words_beside_a_banner_is_kept():
    # An article's short sentence whose only notice words are context words ("page",
    # "information", "service") is no banner line, even right beside the banner.
    sentence = "We have a page with more information about how the certificate service works."
    assert removed([NOTICE, "Accept all", sentence, *BODY]) == [0, 1]
    assert removed([*BODY, sentence, NOTICE, "Accept all"]) == [len(BODY) + 1, len(BODY) + 2]
    # A banner's own lines still go: a button-sized line, or one with an action term.
    assert removed([NOTICE, "Measure content performance", "Accept all", *BODY]) == [0, 1, 2]


@pytest.mark.parametrize("caption", [
    "Fotografija: Prizor s lanjskog otvorenja festivala. Foto: Ivana Horvat",
    "（写真）新しい駅舎の完成予想図＝市提供",
    "图为新建成的跨江大桥。记者 王明 摄",
    "Photo: © 2024 Anna Berg",
])
def test_a_photo_caption_at_the_end_of_the_article_is_not_the_page_footer(caption):
    footer = ["Contact the newsroom", "Privacy policy", "© 2026 Harbour Daily. All rights reserved."]
    assert removed([*BODY, caption, *footer]) == [len(BODY) + 1, len(BODY) + 2, len(BODY) + 3]
    assert removed([*BODY, "Harbour Daily, 1 Quay Street", *footer]) == [len(BODY) + k for k in range(4)]


def test_last_sentence_of_an_article_about_consent_above_a_bottom_banner_is_kept():
    # In Chinese or Korean a whole sentence is as long as a "short" line; above a banner at
    # the bottom, with the article above it, it is the article's last sentence, though it
    # speaks of consent (here in English, as short as such a sentence).
    last = "The regulator said it would revise its consent guidelines by December."
    assert removed([*BODY, last, NOTICE, "Accept all"]) == [len(BODY) + 1, len(BODY) + 2]
    # A banner's own short sentence above its notice, with no text above it, still goes.
    assert removed(["We value your privacy and your consent.", NOTICE, "Accept all", *BODY]) == [0, 1, 2]


def test_a_long_list_below_the_text_is_looked_at_in_linear_time(monkeypatch):
    # The footer rule walks at most rules.FOOTER_RUN_MAX lines from each line: a list of n
    # short lines below an article costs a number of looks proportional to n (counted, not timed).
    from boilerstrip import rules

    looks = 0
    original = rules._footer_like

    def counting(doc, i):
        nonlocal looks
        looks += 1
        return original(doc, i)

    monkeypatch.setattr(rules, "_footer_like", counting)
    for n in (100, 400):
        looks = 0
        assert removed([*BODY, *(f"Item number {k} of the list" for k in range(n))]) == []
        assert looks <= 100 * n, looks  # (quadratic would be about n * n / 2)



def _context_lines(n: int) -> list[str]:
    """``n`` distinct short lines with two notice context words ("partners", "device") each,
    no consent term and no digit: every one is a candidate for a block of translations."""
    fill = ["city", "river", "market", "school", "council", "bridge", "winter", "garden"]
    return [" ".join([fill[k % 8], fill[(k // 8) % 8], fill[(k // 64) % 8], fill[(k // 512) % 8],
                      "partners", "device"]).capitalize() + "." for k in range(n)]


def test_a_long_text_of_context_words_is_looked_at_in_linear_time(monkeypatch):
    # The block-of-translations rule asks whether the text holds a removed notice: it reads a
    # count kept by _Doc.decide, not every paragraph's verdict for each paragraph (which made
    # 8,000 such lines take minutes). Counted, not timed: looks at verdicts grow with n.
    from boilerstrip import rules

    looks = 0
    original = rules._Doc.is_notice

    def counting(doc, i):
        nonlocal looks
        looks += 1
        return original(doc, i)

    monkeypatch.setattr(rules._Doc, "is_notice", counting)
    for n in (100, 800):
        looks = 0
        assert removed(_context_lines(n)) == []
        assert looks <= 20 * n, looks  # (quadratic would be n * n per pass)


def test_the_count_of_removed_notices_is_exact(monkeypatch):
    # _language_run trusts doc.notices: after every analysis of the fixtures it equals the
    # verdicts counted again, and no code sets a verdict but through _Doc.decide.
    import re
    from pathlib import Path

    from boilerstrip import engine, rules
    from tests.fixture_cases import load_cases

    docs = []
    original = engine._rules_doc

    def keeping(*args):
        doc = original(*args)
        docs.append(doc)
        return doc

    monkeypatch.setattr(engine, "_rules_doc", keeping)
    for case in load_cases():
        analyze(case.render())
    assert docs and any(d.notices for d in docs)
    for d in docs:
        assert d.notices == sum(1 for j in range(d.n) if d.is_notice(j))
    setter = re.compile(r"\breason\[[^\]]*\]\s*=[^=]")
    package = Path(rules.__file__).parent
    writes = [(p.name, line.strip()) for p in sorted(package.glob("*.py"))
              for line in p.read_text(encoding="utf-8").splitlines() if setter.search(line)]
    assert writes == [("rules.py", "self.reason[i] = ev")], writes

# --- reporting verbs (the ``report`` family) ----------------------------------------------------

@pytest.mark.parametrize("reported", [
    "The regulator said the platform must ask for consent before it sets advertising cookies, "
    "and that visitors should be able to refuse them as easily.",
    "Die Behörde erklärte, Cookies für Werbung dürften erst nach einer Einwilligung gesetzt "
    "werden; die Ablehnung müsse ebenso einfach sein.",
])
def test_reported_speech_about_cookies_beside_a_banner_is_kept(reported):
    """A sentence that attributes what it says ("said", "erklärte") is journalism, though it
    speaks of cookies and consent and stands right above a banner."""
    paragraphs = [*REPORT_ON_CONSENT, reported, NOTICE, "Accept all"]
    assert removed(paragraphs) == [4, 5]


def test_a_reporting_verb_does_not_save_a_known_notice():
    """The veto is for text unlike any known notice: a packaged notice that happens to hold
    "said" is still matched and removed."""
    from boilerstrip.corpus import Kind, packaged_entries

    entry = next(e for e in packaged_entries() if e.kind is Kind.NOTICE and e.lang == "en"
                 and e.family == "cookie_notice" and len(e.text) > 200)
    text = entry.text.replace("{site}", "The Valley Courier") + " As we said, nothing changes."
    assert removed([text, *BODY]) == [0]


def test_article_paragraph_full_of_latin_names_is_not_a_member_of_the_block_above_it():
    """The first paragraph of a Korean article is half Latin letters (names in English), so
    langdetect reads it as English, a language the block above lacks; written in good part
    in the script of the text below it, it is that text's paragraph, not a translation."""
    korean = [
        "OpenStreetMap Foundation(OSMF)의 Global Mapping Day 데이터 행사가 올해 Seoul National "
        "University 캠퍼스에서 열립니다. Open Data Korea가 함께 준비합니다.",
        "행사에서는 지도 편집 초보자를 위한 강의와 지역 자원봉사자들의 발표가 이어지며, 참가자들은 "
        "동네의 길과 건물을 직접 지도에 추가하게 됩니다.",
        "주최 측은 약 300명이 참가할 것으로 예상하며, 사전 등록은 다음 주 금요일까지 받습니다.",
    ]
    paragraphs = [NOTICE, *PURPOSE_BLOCK[:1], *PURPOSE_BLOCK[4:], *korean]
    assert removed(paragraphs) == [0, 1, 2]


def test_headline_of_context_words_read_as_journalism_is_kept_below_a_banner():
    """A headline whose only notice words are context words ("data analysis", "tools"),
    which the content model reads as journalism, above an explainer that addresses the
    reader: a headline, though the banner above it ends with a notice."""
    guide = [
        "Ten tools for data analysis compared on price and speed",
        "Spreadsheets still run most small firms, but once a table passes a million rows you will "
        "need something sturdier. We compared ten options on price, speed and ease of learning.",
        "If you mostly build charts for weekly meetings, a simple dashboard tool is enough; if you "
        "model sales or stock, look for one that handles joins and scheduled refreshes.",
        "Open-source options cost nothing to install but need someone to maintain them, while "
        "paid suites include support and hosting in the price.",
    ]
    assert removed([NOTICE, *guide]) == [0]


def test_reporting_verb_of_another_language_does_not_keep_a_banner_that_speaks_to_the_reader():
    """Reporting verbs match in any language ("sagde" is Danish "said"); a banner addresses the
    reader, reported speech does not."""
    danish = ("Vi og vores partnere bruger cookies til at tilpasse indhold og annoncer og til at "
              "analysere trafikken, som vores tekniker sagde. Du kan altid trække dit samtykke tilbage.")
    assert removed([danish, "Accepter alle", *BODY]) == [0, 1]


def test_banner_title_above_a_short_line_is_not_a_headline_with_a_byline():
    """A dialog title, a short version line, then the notice and its buttons: the short line is
    no byline, because a removed notice stands between the title and the article."""
    notice = ("We and our partners store cookies on your device to measure traffic and show "
              "personalised ads. You can accept or refuse them, and change your mind at any time "
              "in the privacy settings.")
    paragraphs = ["Your cookie choices on this website", "Version 2.1", notice, "Accept all",
                  "Manage settings", *BODY]
    assert removed(paragraphs)[:1] == [0]


# --- headlines with a standfirst, sentence beats, languages langdetect lacks -----------------

TOP_BANNER = [NOTICE, "Accept all", "Reject all"]


@pytest.mark.parametrize("story", [
    ["Cookie walls: do you have to accept to read the news?",
     "Regulators in three countries are looking at sites that make readers pay or agree to tracking. "
     "Here is what you can do.",
     "By Lena Fischer, Technology Reporter",
     *BODY],
    ["Die Datenschutzbehörde prüft Cookie-Banner von zwölf Nachrichtenseiten",
     "Leser hatten sich über Schaltflächen beschwert, die das Ablehnen erschweren.",
     "Von Jonas Weber",
     *BODY],
    ["Regulator fines online shop over pre-ticked cookie boxes",
     "The authority imposed a fine of 50,000 euros after dozens of customers complained about "
     "adverts they received without ever having agreed to them",  # no full stop, but long
     "By Ana Moreno",
     *BODY],
])
def test_headline_above_a_standfirst_and_a_byline_below_a_banner_is_kept(story):
    # The headline addresses the reader or names cookies, the standfirst too: what tells
    # it from a banner's last line is the byline below (banners have none).
    assert removed([*TOP_BANNER, *story]) == [0, 1, 2]


def test_banner_line_above_an_article_headline_with_a_byline_still_goes():
    # A pay-or-consent wall's last line ("Already a subscriber? Log in here") above the
    # article's headline and byline: the headline (no full stop) is no standfirst, so the
    # line is not taken for a headline above one.
    from tests.fixture_cases import CASES_DIR, load_cases

    case = next(c for c in load_cases(CASES_DIR.parent / "holdout") if c.name.startswith("h-02-"))
    text, spans = case.render_spans()
    result = analyze(text)
    gone = {(p.span.start, p.span.text_end) for p in result.removed}
    labels = [p["label"] for p in case.paragraphs]
    assert labels[:7] == ["banner"] * 6 + ["article"]
    assert all(span in gone for span, label in zip(spans, labels) if label == "banner")


@pytest.mark.parametrize("beat", ["Accept all.", "Alle akzeptieren."])
def test_a_button_label_written_as_a_sentence_of_the_story_is_kept(beat):
    # A feature about consent pop-ups may give the button's words a paragraph of their own.
    story = ["Most readers click the first button they see, a survey by the consumer office found. "
             "They rarely read the text above it.",
             beat,
             "It is the quickest way to the article, respondents said, and few of them knew what it allowed.",
             *BODY]
    assert removed(story) == []


def test_a_button_label_with_a_full_stop_beside_a_notice_still_goes():
    assert removed([NOTICE, "Accept all.", *BODY]) == [0, 1]


@pytest.mark.parametrize("heading", ["More information", "Weitere Informationen", "Plus d'informations"])
def test_a_button_label_as_a_section_heading_of_any_story_is_kept(heading):
    # A health story's subhead above where to read more: prose on both sides, no banner.
    story = [*BODY[:2], heading,
             "The health ministry publishes weekly figures on its website, and local clinics "
             "have leaflets in six languages.", *BODY[2:]]
    assert removed(story) == []


def test_a_link_label_between_a_notice_and_its_button_still_goes():
    assert removed([NOTICE, "More information", "Accept all", *BODY]) == [0, 1, 2]
    # and a notice below the link that speaks to the reader is not prose of the story
    notice_below = ("We and our partners store and read information on your device. "
                    "You can change your choice at any time.")
    assert removed([*BODY[:2], "More information", notice_below, "Accept all", *BODY[2:]]) == [2, 3, 4]


@pytest.mark.parametrize("title,intro", [
    ("Safer social media settings",
     "Most social networks collect far more than they need to run. A few minutes in the settings "
     "menu limit what strangers and advertisers can learn from a profile."),
    ("Metadata: the data about your data",
     "Metadata describes a message rather than its content: who wrote to whom, when and from "
     "where. Investigators often find it more revealing than the words themselves."),
    ("Quản lý quyền của ứng dụng",
     "Nhiều ứng dụng xin quyền truy cập máy ảnh, micro và danh bạ ngay khi cài đặt, dù chúng "
     "chỉ cần một phần nhỏ trong số đó để hoạt động bình thường."),
])
def test_a_guide_title_right_below_a_top_banner_above_its_intro_is_kept(title, intro):
    # A guide's title is as short as a button and may share its words ("settings"); it
    # matches no label and stands above prose that is no notice of its own and names what
    # the title names.
    assert removed([NOTICE, "Accept all", "Reject all", title, intro, *BODY]) == [0, 1, 2]


GUIDE_ON_COOKIES = [
    "Browsers have handled cookies the same way for decades. Each one belongs to the domain that "
    "set it, and the browser sends it back with every request to that domain until it expires.",
    "Third-party cookies are the ones advertising firms rely on. A tracker embedded on thousands of "
    "news sites reads the same cookie on each of them and learns which articles a person has read.",
    "Several browsers now block third-party cookies by default. Regulators in Europe have also "
    "fined publishers whose consent pop-ups made refusing cookies harder than accepting them.",
]


@pytest.mark.parametrize("title,intro", [
    ("Cookies and how to clear them",
     "A cookie is a small text file that a website stores in your browser. Some keep you logged "
     "in, others let advertising firms follow you from one site to the next, and you can delete "
     "them whenever you like."),
    ("How consent banners work",
     "In Europe most websites greet you with a banner asking whether you agree to cookies. This "
     "guide explains why the banners exist and how to spot the tricks some of them play on you."),
])
def test_a_guide_title_naming_cookies_below_a_top_banner_is_kept(title, intro):
    # The intro speaks to the reader about cookies, as a notice does, but the content model
    # reads it as article text; the title names what the intro names.
    assert removed([NOTICE, "Accept all", "Reject all", title, intro, *GUIDE_ON_COOKIES]) == [0, 1, 2]


def test_a_banner_link_naming_cookies_above_a_second_notice_still_goes():
    below = ("We and our partners use cookies to measure traffic and show ads. "
             "You can accept or reject them in the settings at any time.")
    assert removed([NOTICE, "Accept all", "Reject all", "How our cookie choices work", below, *BODY]) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("item", ["Refuse non-essential cookies when a site asks",
                                  "Recusar cookies não essenciais quando o site perguntar"])
def test_a_guides_advice_item_naming_cookies_in_its_list_is_kept(item):
    # A call to act about cookies, as short as a placeholder, but one item of a list of
    # advice (kept short lines on both sides, none ending as a sentence, prose below).
    advice = ["What you can do", "Install a content blocker such as uBlock Origin", item,
              "Give apps only the permissions they need",
              "None of these steps makes you invisible, but together they cut the number of "
              "companies that can follow you from one site to the next by a large margin."]
    assert removed([*BODY, *advice]) == []


def test_a_placeholder_sentence_between_short_lines_still_goes():
    # ... while a placeholder ends as a sentence, as list items do not
    story = [*BODY[:2], "Video of the match", "To watch this video, please accept functional cookies.",
             "Read more and manage cookies", *BODY[2:]]
    assert 3 in removed(story)


def test_a_guides_intro_below_its_own_title_below_a_banner_is_not_beside_the_banner():
    # The title shares a word that is no notice vocabulary ("permissions") with the paragraph
    # below it: it heads that paragraph, so the banner above does not reach through it, and
    # the intro's context words ("apps", "access", "at any time") are not a notice's.
    intro = ("Apps ask for access to your camera, microphone, location and contacts. Some of these "
             "requests are needed for the app to work; many are not, and both phone systems let "
             "you review and revoke permissions at any time.")
    assert removed([NOTICE, "Got it", "Mobile app permissions", intro, *BODY]) == [0, 1]


def test_a_dialog_title_naming_the_site_above_a_second_notice_still_goes():
    # ... a dialog title may share the site's name with the notice below it, which has
    # evidence of its own
    below = ("Ledger and its partners store and read information on your device, such as cookies, "
             "to show personalised ads. You can withdraw your consent at any time.")
    assert removed([NOTICE, "Accept all", "Privacy at Ledger", below, *BODY]) == [0, 1, 2, 3]


def test_a_banner_line_below_its_buttons_above_a_notice_still_goes():
    below = ("We and our partners use cookies to measure traffic and show ads. "
             "You can accept or reject them in the settings at any time.")
    assert removed([NOTICE, "Accept all", "Reject all", "Cookie statement", below, *BODY]) == [0, 1, 2, 3, 4]


def test_a_network_name_heading_the_paragraph_that_names_it_is_kept():
    # A guide to messengers: "Telegram" is a share button's label too.
    guide = [BODY[0], "Telegram",
             "Regular Telegram chats are stored on the company's servers; only its secret chats "
             "are encrypted from one phone to the other, and they must be switched on each time.",
             *BODY[1:]]
    assert removed(guide) == []
    assert removed([*BODY, "Telegram", "WhatsApp", "E-mail"]) == [4, 5, 6]


def test_a_label_in_a_list_of_the_story_is_kept():
    # App permissions: "Contatti" ("Contacts") is a page's footer link as well.
    guide = [BODY[0], "Permessi da controllare", "Posizione", "Contatti", "Microfono", "Fotocamera", *BODY[1:]]
    assert removed(guide) == []
    # with no text going on below, such a list is the page's links
    assert removed([*BODY, "Permessi da controllare", "Posizione", "Contatti", "Microfono"]) == [6]


@pytest.mark.parametrize("line", ["© ۲۰۲۴ گروه امنیت دیجیتال", "© ২০২৪ ডিজিটাল নিরাপত্তা উদ্যোগ",
                                  "© २०२४ डिजिटल सुरक्षा पहल"])
def test_a_copyright_line_with_its_year_in_other_digits_is_the_page_footer(line):
    assert removed([*BODY, line]) == [4]
    # a number in those digits is no year of the footer: a caption's credit stays
    assert removed([*BODY, "© ۱۲۳ عکاس"]) == []


@pytest.mark.parametrize("line", ["Registered in England and Wales. Company no. 04829131.",
                                  "Amtsgericht Hamburg HRB 12345, USt-IdNr. DE123456789",
                                  "Partita IVA 01234567890", "KvK-nummer 12345678",
                                  "京ICP备12345678号-1", "사업자등록번호: 123-45-67890"])
def test_a_company_registration_line_below_the_text_is_the_page_footer(line):
    # a registry term with its number, below the last paragraph of the text, as a copyright
    # line is; with the copyright line below it too
    assert removed([*BODY, line]) == [4]
    assert removed([*BODY, line, "© 2024 Ledger Media Ltd"]) == [4, 5]


@pytest.mark.parametrize("line", ["The firm has been registered in England and Wales since 1998.",
                                  "Die Firma steht seit 2019 im Handelsregister.",
                                  "Partita IVA 01234567890"])
def test_a_storys_line_naming_a_company_register_is_kept(line):
    # a year or a count is no registration number; and in the middle of the text a
    # registration line is the story's (a report on a company's filings)
    assert removed([*BODY[:2], line, *BODY[2:]]) == []
    if "IVA" not in line:
        assert removed([*BODY, line]) == []


@pytest.mark.parametrize("last", ["पासवर्ड मैनेजर की चाबी कागज़ पर लिखकर सुरक्षित जगह रखें।",
                                  "মাস্টার পাসওয়ার্ড কাগজে লিখে নিরাপদ জায়গায় রাখুন।",
                                  "ماسٹر پاس ورڈ کاغذ پر لکھ کر محفوظ جگہ رکھیں۔"])
def test_a_sentence_ending_with_a_danda_or_urdu_full_stop_is_no_footer_line(last):
    # "।" and "۔" end sentences as "." does: the text's last advice above the footer stays.
    assert removed([*BODY, last, "Contact us", "© 2024 Harbour Daily"]) == [5, 6]


@pytest.mark.parametrize("greeting,name", [("Groetjes,", "Sanne"), ("À bientôt au jardin,", "Sophie"),
                                           ("Best wishes,", "Tom")])
def test_a_blog_posts_sign_off_above_the_page_footer_is_kept(greeting, name):
    footer = ["Print", "© 2023 Harbour Daily"]
    assert removed([*BODY, greeting, name, *footer]) == [6, 7]


ICELANDIC_STORY = [
    "Eftirlitsstofnun hefur sektað verslun á netinu fyrir að setja vafrakökur án samþykkis "
    "notenda, að sögn stofnunarinnar í gær.",
    "Í ákvörðuninni kemur fram að borði verslunarinnar hafi ekki boðið upp á að hafna "
    "vafrakökum með jafn auðveldum hætti og að samþykkja þær.",
    "Verslunin hefur fjórar vikur til að breyta borðanum og greiða sektina.",
    "Þú getur alltaf eytt vafrakökum í stillingum vafrans og dregið samþykki þitt til baka.",
    "Þetta er önnur sektin á árinu vegna vafrakaka og samþykkis.",
]


def test_paragraphs_of_one_language_langdetect_lacks_share_the_vocabularys_language():
    # langdetect has no Icelandic profile and reads each paragraph as one of a neighbour's
    # languages (here Swedish and Norwegian), which made paragraphs of one article "a block of
    # translations"; two Icelandic notice terms or more add Icelandic to langdetect's answer,
    # so the paragraphs share a language (and a detected language is never taken away).
    from boilerstrip import langid, rules
    from boilerstrip.engine import _rules_doc
    from boilerstrip.text import segment

    text = "\n".join([*BODY, *ICELANDIC_STORY]) + "\n"
    doc = _rules_doc(text, segment(text)[2], Options(), None)
    first = len(BODY)
    detected = {langid.detect(doc.norm(first + k)).code for k in range(len(ICELANDIC_STORY))}
    assert "is" not in detected and len(detected) >= 2  # what langdetect says
    codes = [rules._codes(doc, first + k) for k in range(len(ICELANDIC_STORY))]
    assert sum("is" in c for c in codes) >= 3
    assert all(langid.detect(doc.norm(first + k)).code in c for k, c in enumerate(codes))
    # one term alone (a loanword such as "cookie…" listed under one language) names nothing
    assert rules._codes(doc, 0) == {"en"}


def test_a_short_line_whose_one_term_many_languages_share_names_no_language():
    # "Cookies" was reported as Arabic: one term names no language; two of one language do.
    result = analyze("\n".join([NOTICE, "Cookies", "Alle Cookies akzeptieren", *BODY]) + "\n")
    langs = {result.paragraph_text(p): p.evidence[0].lang for p in result.removed}
    assert langs["Cookies"] is None
    assert langs["Alle Cookies akzeptieren"] == "de"
    assert langs[NOTICE] == "en"


def test_a_pronoun_of_another_language_outside_a_quoted_banner_does_not_address_the_reader():
    # Catalan "era" ("was") is Swedish "your": outside the quotation, only the paragraph's
    # own languages' pronouns count.
    from boilerstrip.engine import _rules_doc
    from boilerstrip.text import segment

    quoting = ("El missatge que es mostrava era aquest: \"Aquest lloc fa servir galetes pròpies i de "
               "tercers per millorar la vostra experiència. Si continueu navegant, n'accepteu l'ús.\"")
    text = "\n".join([*BODY[:2], quoting, *BODY[2:]]) + "\n"
    doc = _rules_doc(text, segment(text)[2], Options(), None)
    assert doc.hits(2).count("address") >= 1  # "vostra", "continueu" inside the quotation
    assert doc.address(2) == 0
    assert removed([*BODY[:2], quoting, *BODY[2:]]) == []


def test_purpose_below_its_title_at_the_top_of_a_text_about_tracking_is_removed():
    # The article names tracking and GDPR in two paragraphs in the third person (a text
    # about consent, for the rules); the purpose description below its removed title is
    # still the banner's.
    purpose = "The results and effect of the adverts you view or engage with may be measured."
    story = ["Five data companies to watch this year",
             "The firms on this list help businesses combine their records, and two of them "
             "sell tools that limit tracking across websites, analysts said.",
             *BODY[:2],
             "Regulators have asked the sector to explain how its products comply with the GDPR, "
             "and three of the companies published answers last month.",
             *BODY[2:]]
    assert removed(["Measure advertising performance", purpose, *story])[:2] == [0, 1]
    # ... and the same sentence quoted inside such a text stays
    assert 4 not in removed(["Measure advertising performance", *story[:3], purpose, *story[3:]])


ABOUT_COOKIES = [
    "Browsers tighten the rules on tracking cookies",
    "Two of the largest browser makers said on Tuesday that they would block third-party "
    "cookies by default from next spring, ending a practice advertisers have relied on for years.",
    "Advertising groups warned that small publishers would lose revenue, while consumer "
    "organisations welcomed the change and asked regulators to check that tracking does not "
    "simply move to other techniques.",
    "Publishers have already begun testing ways to show relevant ads without cookies, an "
    "industry association said.",
]


def test_one_sentence_notice_above_the_headline_of_a_text_about_cookies_is_removed():
    notice = "This website uses cookies to improve your browsing experience."
    assert removed([notice, *ABOUT_COOKIES]) == [0]
    # the headline alone at the top (no full stop, no reader address) stays, and so does a
    # standfirst above it that speaks to the reader about cookies (the site does not speak)
    assert removed(ABOUT_COOKIES) == []
    standfirst = "Here is what you need to know about the cookies your browser accepts every day."
    assert removed([standfirst, *ABOUT_COOKIES]) == []


LONG_STORY = [f"Paragraph {k} of a long report on the regional economy: output grew in the third "
              f"quarter, exports to neighbouring countries rose and unemployment fell slightly, "
              f"the statistics office said on Friday." for k in range(1, 24)]


def test_a_long_text_that_names_tracking_twice_in_passing_is_not_about_consent():
    # Two of 25 long paragraphs name tracking: the text is no report on consent, so a
    # notice speaking to the reader below it goes, as it would below any article.
    story = [*LONG_STORY[:8],
             "Retailers said online sales grew too, helped by apps that offer tracking of parcels "
             "and by faster delivery in the countryside, according to the survey.",
             *LONG_STORY[8:16],
             "Shops that rely on tracking customers across websites saw weaker growth, the "
             "office added, without naming any of them.",
             *LONG_STORY[16:]]
    notice = ("We use cookies and similar tools to understand how you use our website and to show "
              "you relevant offers. You can find out more in our privacy statement.")
    n = len(story)
    assert removed([*story, notice]) == [n]
    # ... while a text where most long paragraphs discuss consent stays "about consent"
    from boilerstrip import rules
    from boilerstrip.engine import _rules_doc
    from boilerstrip.text import segment

    text = "\n".join(ABOUT_COOKIES) + "\n"
    doc = _rules_doc(text, segment(text)[2], Options(), None)
    assert rules._topical(doc, list(range(doc.n)))


def test_an_articles_last_paragraph_with_app_and_device_words_is_kept_above_a_bottom_banner():
    # Growing up from a bottom banner by density alone needs a consent term: "app",
    # "device", "store" and "manage" are a shopping story's words too.
    last = ("A shop app lets owners run their business from a mobile device. You manage orders, "
            "check stock and answer customers while away from the store.")
    notice = ("Cookies, device identifiers or other information can be stored or read on your "
              "device for the purposes shown to you.")
    assert removed([*BODY, last, notice]) == [len(BODY) + 1]


def test_pronouns_of_different_languages_alone_do_not_address_the_reader():
    # Albanian "u" and "me" are Dutch "you" and Finnish "we": a correction note with no
    # other vocabulary, whose two "pronouns" share no language, speaks to no one.
    from boilerstrip.engine import Corpus
    from boilerstrip.text import normalize

    vocabulary = Corpus.packaged().vocabulary
    note = "Artikulli u përditësua me deklaratën e avokatit të kompanisë."
    assert vocabulary.hits(normalize(note)).count("address") == 0
    assert vocabulary.hits(normalize("You can change your mind at any time.")).count("address") == 2
    assert vocabulary.hits(normalize("We are sorry.")).count("address") == 1


KOREAN_STORY = [
    "개인정보보호위원회는 19일 온라인 쇼핑몰 세 곳에 과징금을 부과했다고 밝혔다. 위원회는 이들 업체가 "
    "이용자의 동의 없이 광고 목적으로 방문 기록을 수집했다고 판단했다.",
    "업체들은 결정에 대해 행정소송을 검토하고 있다고 전했다. 한 업체 관계자는 제도 개선에 협조하겠다고 말했다.",
    "한 대학 연구팀의 조사에서는 지역 뉴스 사이트 한 곳의 동의 창에 200곳이 넘는 제휴사가 적혀 있었다.",
]
KOREAN_BANNER = ["이 웹사이트는 더 나은 서비스를 제공하기 위해 쿠키를 사용합니다. 계속 이용하시면 쿠키 사용에 동의하는 것으로 간주합니다.",
                 "모두 동의", "설정"]


def test_korean_and_japanese_news_sentences_in_the_plain_style_report():
    # "…적혀 있었다." and "…と述べた。" are the plain style of news: such a paragraph reports
    # (as one with "said" does), and never goes as a banner line; the banner's "…사용합니다."
    # and "…使用しています。" are polite. (fixtures/privacy/c-ko-3 is the case in context.)
    from boilerstrip.engine import _rules_doc
    from boilerstrip.text import segment

    japanese = ["委員会は同意画面の表示方法について、各社に改善を求めたと述べた。",
                "当サイトでは、サービス向上のためにクッキーを使用しています。", "同意する"]
    paragraphs = [*KOREAN_STORY, *KOREAN_BANNER[:1], *japanese]
    text = "\n".join(paragraphs) + "\n"
    doc = _rules_doc(text, segment(text)[2], Options(), None)
    assert [doc.reports(i) for i in range(len(paragraphs))] == [True, True, True, False, True, False, False]
    assert removed([*KOREAN_STORY, *KOREAN_BANNER]) == [3, 4, 5]


def test_chinese_brief_with_a_dateline_below_a_top_banner_is_kept_whole():
    # Headline (16 characters: as short as a button by word count), dateline "本报…电",
    # three paragraphs about cookie rules: the dateline reports, so the banner's walk stops
    # there and the headline above it is the story's.
    from tests.fixture_cases import CASES_DIR, load_cases

    brief = next(c for c in load_cases(CASES_DIR.parent / "privacy") if c.name == "a-zh-8")
    story = [p["text"] for p in brief.paragraphs]
    assert story[1].startswith("本报") and len(story) == 5
    assert removed([NOTICE, "Accept all", "Reject all", *story]) == [0, 1, 2]


def test_an_interview_answer_in_the_first_person_plural_is_kept():
    # A founder's answer says "we" through the verb ("nie przechowujemy", "nie używamy") and
    # names cookies and consent: first-person verb forms are not reader address (counting
    # them removed this answer and the question above it, in a probe of interviews).
    body = ["Rada miasta przyjęła w czwartek nowy budżet po sześciu godzinach debaty, a za "
            "głosowało 41 radnych.",
            "Plan przewiduje 120 milionów złotych na remonty torów i kolejne 35 milionów na szkoły "
            "w dzielnicach północnych."]
    interview = ["Wywiad z założycielem serwisu: reklama bez śledzenia", *body,
                 "Czyli nie zbierają państwo żadnych danych osobowych?",
                 "Otrzymujemy adres IP, jak każdy serwer, ale od razu go skracamy i nie przechowujemy "
                 "historii przeglądania. Nie używamy też plików cookie reklamowych, więc nie pytamy o "
                 "zgodę w oknie zgody.",
                 "A jak w takim razie zarabiacie?",
                 "Sprzedajemy reklamy dopasowane do tematu artykułu, a nie do czytelnika. Takie reklamy "
                 "przynoszą mniej, ale wystarczają, żeby utrzymać redakcję.", *body]
    assert removed(interview) == []


# --- consent-dialog titles, formal and informal (own wording) ------------------------------------

DIALOG_TITLES = [
    "Your privacy is important to us", "Su privacidad es importante para nosotros",
    "Votre vie privée est importante pour nous", "Uw privacy is belangrijk voor ons",
    "Din integritet är viktig för oss", "Confidențialitatea dumneavoastră este importantă pentru noi",
    "Gizliliğiniz bizim için önemli", "Wir legen Wert auf Ihre Privatsphäre",
    "Państwa prywatność jest dla nas ważna", "Teniamo alla Sua privacy",
    "Мы уважаем вашу конфиденциальность", "Το απόρρητό σας είναι σημαντικό για εμάς",
    "您的隐私对我们很重要", "This website uses cookies", "Cookies on this site",
]


@pytest.mark.parametrize("title", DIALOG_TITLES)
def test_consent_dialog_titles_are_removed_standing_alone_and_above_a_notice(title):
    """A dialog's title line is a consent label in the formal register too (not only "Tu
    privacidad es importante para nosotros" but "Su privacidad …"): alone between paragraphs
    of a story, and above the notice it heads."""
    assert verdicts([*BODY[:2], title, *BODY[2:]])[2] == (True, "consent_control")
    assert removed([title, NOTICE, "Accept all", *BODY]) == [0, 1, 2]


@pytest.mark.parametrize("line", ["Why your privacy matters", "Our privacy matters", "Privacy matters",
                                  "Privacy and security", "Tu privacidad, en riesgo",
                                  "Datenschutz im Netz", "Your privacy is at risk"])
def test_headlines_that_mention_privacy_are_kept(line):
    assert removed([*BODY[:2], line, *BODY[2:]]) == []
    assert removed([line, *BODY]) == []


def test_a_word_a_shorter_prefix_also_matches_is_that_prefixs_word_in_its_languages_too():
    # "cookies" is a term of Arabic's list and "cookie*" of sixty others': the language vote
    # of a Danish or Greek notice read "Arabic" and dropped its own pronouns as collisions.
    from boilerstrip.engine import Corpus
    from boilerstrip.text import normalize

    vocabulary = Corpus.packaged().vocabulary
    assert {"da", "el", "en", "ar"} <= set(vocabulary.hits("cookies").langs)
    danish = "Denne side bruger cookies for at give dig den bedste oplevelse. Læs mere i vores cookiepolitik."
    greek = "Χρησιμοποιούμε cookies για να βελτιώσουμε την εμπειρία σας."
    assert vocabulary.hits(normalize(danish)).count("address") == 2
    assert vocabulary.hits(normalize(greek)).count("address") == 1


def test_a_headline_at_the_top_that_speaks_of_cookies_to_the_reader_is_kept():
    # No full stop, the reader or a speaker addressed, cookie words: read as boilerplate by
    # the content model, yet it heads the text below it (a one-line notice cut short by the
    # scraper heads nothing; a dialog's title has its notice between it and the text).
    for headline in ["The regulator on cookie banners: we want refusing to be as easy as accepting",
                     "How to clear the cookies your browser keeps",
                     "De toezichthouder over cookiemeldingen: we willen dat weigeren even eenvoudig "
                     "wordt als accepteren"]:
        story = [headline,
                 "The data protection authority wants sites to offer a reject button on the first "
                 "screen, its president said in an interview, and will check the largest sites this year.",
                 *BODY]
        assert removed(story) == [], headline


def test_one_line_notice_to_improve_the_readers_experience_in_greek_is_removed():
    # "experience" was a context term in six languages only: the commonest one-line notice
    # ("… cookies to improve your experience.") had one notice term in the others.
    notice = "Με τα cookies βελτιώνουμε την εμπειρία σας."
    story = ["Καύσωνας με 43 βαθμούς την Πέμπτη στη Θεσσαλία",
             "Η Πολιτική Προστασία συστήνει στους πολίτες να αποφεύγουν τις μετακινήσεις τις "
             "μεσημεριανές ώρες, ενώ οι δήμοι ανοίγουν κλιματιζόμενες αίθουσες.",
             "Η εμπειρία των προηγούμενων καλοκαιριών δείχνει ότι οι ηλικιωμένοι κινδυνεύουν "
             "περισσότερο, σύμφωνα με τους γιατρούς."]
    assert removed([notice, *story]) == [0]
    assert removed(story) == []


@pytest.mark.parametrize("ok", ["OK", "U redu", "Добре", "Εντάξει", "Oke", "Labi", "Хорошо"])
def test_an_ok_button_below_a_one_line_notice_is_removed(ok):
    notice = "We use cookies to give you the best experience on our website."
    assert removed([notice, ok, *BODY]) == [0, 1]
    assert removed([*BODY, notice, ok]) == [4, 5]


def test_ok_written_as_an_answer_in_an_interview_is_kept():
    # Between a question and the next answer, "OK." with its full stop is the story's.
    interview = [*BODY[:2], "So you would accept the council's plan if the rail money came first?", "OK.",
                 "The mayor then added that the schools could not wait another year for their repairs.",
                 *BODY[2:]]
    assert removed(interview) == []


GUIDE_BELOW_BANNER = [
    "We value your privacy",
    "We use cookies and similar technologies to personalise content and analyse our traffic. "
    "You can accept all, refuse or choose your settings.",
    "Accept all", "Only necessary", "Settings",
    "Cookies explained, and how to delete them",
    "Cookies are small text files a website leaves in your browser. They keep you logged in and "
    "remember your basket, but they also let advertisers follow you across sites.",
    "First-party and third-party cookies",
    "First-party cookies come from the site you are visiting. Third-party cookies are set by "
    "another company whose code runs inside the page, usually for advertising.",
    "Blocking third-party cookies costs little comfort and takes away the basis of most trackers.",
    "Block third-party cookies",
    "Firefox",
    "Settings, Privacy and Security, Enhanced Tracking Protection, Strict.",
    "Delete all cookies",
    "Settings, Privacy and Security, Cookies and Site Data, Clear Data.",
    "Note",
    "After deleting them you are logged out everywhere. Keep your passwords at hand.",
    "Do I still have to answer cookie banners?",
    "Yes. The browser setting does not stop the site itself from collecting data once you have "
    "pressed the button.",
]


@pytest.mark.xfail(strict=True, reason=(
    "A short guide about cookies is 'about consent' (rules._topical) only while the banner's "
    "notice above it is kept; once it goes, two long paragraphs of three discuss cookies, and "
    "the next pass grows the banner down through the guide's headings and paragraphs. Keeping "
    "the first pass's verdict cost tune recall (a multilingual block makes a text look topical); "
    "counting the guide's headings did not help the probes."))
def test_a_guide_about_cookies_stays_about_consent_while_the_banner_above_it_goes():
    assert removed(GUIDE_BELOW_BANNER) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("notice", [
    "यह वेबसाइट आपके अनुभव को बेहतर बनाने के लिए कुकीज़ का उपयोग करती है। ब्राउज़ करना जारी रखकर आप सहमति देते हैं।",
    "এই ওয়েবসাইট আপনার অভিজ্ঞতা উন্নত করতে কুকি ব্যবহার করে। ব্রাউজ করা চালিয়ে গেলে আপনি সম্মতি দিচ্ছেন।",
    "เว็บไซต์นี้ใช้คุกกี้เพื่อปรับปรุงประสบการณ์ของคุณ หากคุณใช้งานต่อถือว่าคุณยอมรับ",
    "אנחנו משתמשים בעוגיות כדי לשפר את החוויה שלך באתר. המשך הגלישה מהווה הסכמה.",
])
def test_a_notice_naming_cookies_in_its_own_script_is_removed(notice):
    # Hindi and Bengali write "cookie" in their own script, Hebrew with a clitic ("with
    # cookies"), Thai without spaces: the word is a consent term in each.
    assert removed([notice, *BODY]) == [0]


@pytest.mark.parametrize("report", [
    "नियामक ने मंगलवार को कहा कि तीन समाचार वेबसाइटों ने पाठकों की सहमति के बिना विज्ञापन कुकीज़ लगाईं और उन पर जुर्माना लगाया जाएगा।",
    "নিয়ন্ত্রক সংস্থা মঙ্গলবার জানিয়েছে, তিনটি সংবাদ ওয়েবসাইট পাঠকদের অনুমতি ছাড়াই বিজ্ঞাপনের কুকি বসিয়েছে এবং তাদের জরিমানা করা হবে।",
])
def test_a_report_naming_cookies_in_its_own_script_is_kept(report):
    assert removed([*BODY[:2], report, *BODY[2:]]) == []


STORY_ABOUT_A_FINE = [
    "Investigators found that refusing tracking took five clicks, while accepting it took one",
    "By Hannah Okafor",
    "DUBLIN — A data-protection authority has fined a music streaming service 4.2 million euros "
    "for a consent banner that made refusing cookies far harder than accepting them, it said on "
    "Tuesday.",
    *BODY,
]


@pytest.mark.parametrize("headline", [
    "Regulator fines streaming service over cookie banner that made refusing a maze",
    "Streaming service fined over cookie banner",  # as short as a button: it shares "streaming"
                                                   # ("cookie", "banner" are notice words)
])
def test_a_headline_with_cookie_words_above_a_standfirst_without_a_stop_is_kept(headline):
    # below a banner and its buttons: headline, standfirst (no full stop), byline, dateline
    assert removed([NOTICE, "Accept all", "Manage options", headline, *STORY_ABOUT_A_FINE]) == [0, 1, 2]


@pytest.mark.parametrize("link", ["Already a subscriber? Log in here", "Show preferences"])
def test_a_banner_link_above_a_headline_and_its_byline_still_goes(link):
    # the headline below it is no standfirst: the link shares no word with it or the text
    story = ["Old stone bridge reopens to walkers after a two-year restoration",
             "By Arben Krasniqi", *BODY]
    assert removed([NOTICE, "Accept all", link, *story]) == [0, 1, 2]


@pytest.mark.parametrize("link", ["Refuse cookie tracking", "Customise cookie choices", "Our cookie partners"])
def test_a_banner_link_above_a_story_about_cookies_still_goes(link):
    # it shares "cookie" with the story below, but a word of notice vocabulary is no word a
    # headline shares with its text
    story = ["Regulators say sites must make refusing cookies as easy as accepting them",
             *STORY_ABOUT_A_FINE[1:]]  # headline, byline, dateline: no standfirst
    assert removed([NOTICE, "Accept all", link, *story])[:3] == [0, 1, 2]


FOOTER_NOTICE = ("Cookies help us deliver our services and keep our reporting free to read. By using "
                 "our services, you agree to our use of cookies and to the processing of your data.")
# The same notice in words no corpus notice is close to (FOOTER_NOTICE is a stock form, since
# stop 17 close to one of notices-short.jsonl).
UNKNOWN_FOOTER_NOTICE = ("Reading on for free is possible thanks to small files we store in your browser. By "
                         "staying on the site, you agree to them and to the processing of your data.")


@pytest.mark.xfail(strict=True, reason=(
    "In a text about consent, vocabulary beside a banner is no evidence by itself; taking a "
    "paragraph right next to a removed consent button that keeps speaking to the reader as "
    "that button's notice found these (probe of news about privacy: recall +0.006), but also "
    "took a guide's advice to the reader standing right above a bottom row of buttons"))
def test_a_notice_beside_its_button_below_a_text_about_cookies_is_removed():
    n = len(ABOUT_COOKIES)
    assert removed([*ABOUT_COOKIES, UNKNOWN_FOOTER_NOTICE, "Got it"]) == [n, n + 1]


def test_a_stock_notice_beside_its_button_below_a_text_about_cookies_is_removed():
    # close to a known notice, it goes beside its button whatever the text is about
    n = len(ABOUT_COOKIES)
    assert removed([*ABOUT_COOKIES, FOOTER_NOTICE, "Got it"]) == [n, n + 1]


ADVICE = ("If you want fewer trackers, you can block third-party cookies in your browser's "
          "settings and delete the cookies you already have; your logins will be lost.")


def test_a_guides_advice_to_the_reader_above_a_bottom_banner_is_kept():
    n = len(ABOUT_COOKIES)
    assert removed([*ABOUT_COOKIES, ADVICE, NOTICE, "Accept all"]) == [n + 1, n + 2]
    # ... and right above a bottom row of buttons with no notice
    assert removed([*ABOUT_COOKIES, ADVICE, "Accept all", "Reject all"]) == [n + 1, n + 2]



@pytest.mark.parametrize("line", ["Dimensione testo", "Kommentera", "Ukuran teks", "גודל טקסט", "Commenta",
                                  "Diskuse", "Læsetid: 3 min.", "Čtení na 4 minuty", "Before you continue reading"])
def test_the_short_chrome_and_dialog_titles_of_every_language_are_removed_above_a_story(line):
    # text size, comments, reading time, a dialog's title: the sweep of 65 languages
    assert removed([line, *BODY]) == [0]


@pytest.mark.parametrize("line", ["Lesezeit: 7 Min.", "Lectura de 4 min", "Läsningstid 3 min", "読了時間：約5分",
                                  "İlgili yazılar", "Przeczytaj też", "Més llegits", "Прочитајте још",
                                  "Log in to comment", "Deja tu comentario", "Gửi bình luận",
                                  "Réservé aux abonnés", "Bereits Abonnent? Hier anmelden",
                                  "You have 3 free articles left this month.", "Saltar al contenido",
                                  "Přejít k obsahu", "Realizzato con WordPress", "Langgan surat berita"])
def test_reading_time_related_comment_paywall_and_skip_lines_of_more_languages_are_chrome(line):
    # a sweep of twelve chrome kinds in 40 languages (stop 17) found these missing
    assert removed([line, *BODY]) == [0]
    assert removed([*BODY, line]) == [len(BODY)]


@pytest.mark.parametrize("line", ["Readers who already subscribe can log in to comment on the ruling.",
                                  "Lectura de 4 minutos en voz alta, el nuevo ritual del consejo escolar",
                                  "Réservé aux abonnés, le parking de la gare reste vide"])
def test_story_lines_that_contain_those_chrome_words_are_kept(line):
    assert removed([*BODY[:2], line, *BODY[2:]]) == []


@pytest.mark.parametrize("line", ["3분 읽기", "읽는 시간 3분", "댓글 12개", "阅读时间：3分钟", "12条评论",
                                  "コメント12件", "この記事は約3分で読めます"])
def test_reading_time_and_comment_counts_with_digits_against_the_words_are_chrome(line):
    # Chinese, Japanese and Korean sites print the number against the word; the look-up
    # drops it there too
    assert removed([line, *BODY]) == [0]


def test_a_chinese_headline_headed_comment_with_a_full_width_colon_is_kept():
    # "评论：" (commentary) heads an opinion piece's headline; "评论" alone is chrome
    headline = "评论：\"付费或同意\"模式对读者并不公平"
    assert removed([headline, *BODY]) == []


def test_numbers_go_from_words_of_other_scripts_but_not_from_latin_names():
    from boilerstrip.matching import _without_numbers

    assert _without_numbers("3분 읽기") == "분 읽기"
    assert _without_numbers("comments 12") == "comments"
    assert _without_numbers("f1 g7 summit") == "f1 g7 summit"


WIRE_STORY = [
    "Bank raises rates for the third time this year",
    "LONDON, March 3 (Reuters) - The central bank raised its main interest rate by a quarter point "
    "on Thursday, its third increase this year, citing persistent inflation in services.",
    "Governor Ann Blake told reporters the bank would watch wage data closely before deciding on "
    "further moves.",
]


@pytest.mark.parametrize("credit", ["(Reporting by Martin Pelling; editing by Clare Fenwick)",
                                    "(Additional reporting by Sam Ortiz; writing by Lee Chan)"])
def test_a_wire_storys_credit_line_above_the_page_footer_is_kept(credit):
    n = len(WIRE_STORY)
    footer = ["Share this article", "Most read", "© 2024 Daily Ledger Ltd. All rights reserved."]
    assert removed([*WIRE_STORY, credit, *footer]) == [n + 1, n + 2, n + 3]
    # ... while a company line in the same place is the footer's
    assert n in removed([*WIRE_STORY, "Daily Ledger Ltd, 10 Harbour Street, Leeds", *footer])


BLOG_ABOUT_A_BANNER = [
    "We use cookies. Some are essential, others are not. You decide.",
    "Only necessary cookies", "Got it",
    "Setting up a cookie banner with Klaro in WordPress: my step-by-step guide",
    "For a few weeks now my little blog has finally had a proper cookie banner. Before, there was "
    "only a line in the footer, which, as a reader rightly pointed out, was not enough.",
    "Why Klaro?",
    "I did not want a service that sends data to yet another company. Klaro runs on my own server, "
    "is open source and shows every cookie in plain words.",
    "The banner asks before any statistics cookie is set, and refusing takes one click, as the "
    "data-protection authorities expect; consent can be withdrawn from the footer at any time.",
    "Half of my readers now refuse the statistics cookies, which tells me more about trust than any "
    "of the numbers I collected before.",
]


def test_a_blog_posts_title_about_cookies_below_a_banner_is_kept():
    # The text is about consent; the line below the banner's buttons heads its text and is
    # longer than a button: the post's title, not a line of the banner.
    assert removed(BLOG_ABOUT_A_BANNER) == [0, 1, 2]
    # ... while a line as short as a button below the buttons still goes, though it stands
    # above the text
    assert 3 in removed([*BLOG_ABOUT_A_BANNER[:3], "Manage cookie choices", *BLOG_ABOUT_A_BANNER[4:]])
    assert 3 in removed([*BLOG_ABOUT_A_BANNER[:3], "Set up cookies", *BLOG_ABOUT_A_BANNER[4:]])



# A guide about cookies under a top banner, in German: the region the banner anchors grows over
# its buttons, not through the guide's title, intro and section headings.
GUIDE_BELOW_A_BANNER = [
    'Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und unsere Zugriffe zu analysieren. Ihre Auswahl können Sie jederzeit ändern.',
    'Alle akzeptieren',
    'Nur notwendige',
    'Einstellungen',
    'Was Cookies speichern und wie man sie löscht',
    'Cookies sind kleine Textdateien, die eine Website in Ihrem Browser hinterlegt. Mit ihnen bleiben Sie angemeldet und Ihr Warenkorb bleibt gefüllt, aber Werbefirmen verfolgen Sie damit auch über viele Seiten hinweg.',
    'Eigene und fremde Cookies',
    'Eigene Cookies setzt die Seite, die Sie gerade lesen. Fremde Cookies stammen von einer anderen Firma, deren Code auf der Seite läuft, meist für Werbung.',
    'Wer fremde Cookies sperrt, verzichtet auf wenig und nimmt vielen Trackern ihre Grundlage.',
    'Fremde Cookies sperren',
    'Firefox',
    'Einstellungen → Datenschutz → Strenger Schutz',
    'Nach dem Löschen müssen Sie sich überall neu anmelden. Halten Sie Ihre Passwörter bereit.',
]


def test_a_guide_about_cookies_below_a_banner_keeps_its_title_intro_and_headings():
    # The title names cookies and the content model reads it as a banner's line, but it heads
    # the intro below it in a text about consent: a headline, and the walk from the intro up
    # to the buttons stops at it.
    assert removed(GUIDE_BELOW_A_BANNER) == [0, 1, 2, 3]
    # ... while a link that opens with a call to act still goes with the buttons above it
    assert removed([*GUIDE_BELOW_A_BANNER[:4], "Cookies verwalten und löschen", *GUIDE_BELOW_A_BANNER[5:]]) == [
        0, 1, 2, 3, 4]


def test_a_guides_title_kept_below_a_banner_stops_the_banner():
    # The title is kept as a headline in the first pass; its intro reads like a notice to the
    # content model, and a later pass would reach it through the kept title to the buttons.
    intro = ("Ein Cookie ist eine kleine Textdatei, die eine Website auf Ihrem Gerät ablegt. Damit "
             "bleiben Sie eingeloggt, und Ihre Einstellungen bleiben erhalten, aber Cookies verraten "
             "auch viel über Sie.")
    doc = ["Ihre Privatsphäre ist uns wichtig", *GUIDE_BELOW_A_BANNER[:4], "Cookies verstehen und loswerden",
           intro, *GUIDE_BELOW_A_BANNER[6:]]
    assert removed(doc) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("title", ["Cookies und Datenschutz im Überblick", "Alles über Cookies und Ihre Privatsphäre",
                                   "Ihre Cookie-Einstellungen im Browser"])
def test_a_guides_title_scored_away_below_a_banner_takes_no_intro_with_it(title):
    # The rules keep the title; the scorecard then removes it (a known precision miss), but
    # as a line that only stood beside the banner (rules._grown): the intro and the first
    # section heading below it stay.
    found = removed([*GUIDE_BELOW_A_BANNER[:4], title, *GUIDE_BELOW_A_BANNER[5:]])
    assert found[:4] == [0, 1, 2, 3] and [i for i in found if i > 4] == []


GUIDE_TO_POP_UPS = [
    "Cookie pop-ups and the tricks behind them",
    "Most sites in Europe ask in a pop-up whether you agree to cookies. This guide explains why the pop-ups "
    "exist and how to spot the tricks they use.",
    "What the law asks",
    "Consent must be free, specific, informed and unambiguous. Refusing must be as easy as accepting, and a "
    "ticked box is no consent.",
    "Common tricks",
    "The accept button is big and bright, while rejecting takes three clicks through grey links. Some sites "
    "count closing the pop-up as consent.",
    "Regulators in France and Ireland have fined sites for such designs, and courts have said that pre-ticked "
    "boxes and cookie walls break the rules.",
    "What you can do",
    "Look for a button to reject all cookies first. If there is none, open the settings and switch off every "
    "category but the necessary one.",
]
POP_UP_NOTICE = ("We use cookies to personalise content and ads and to analyse our traffic. You can change your "
                 "cookie settings at any time on this website.")


@pytest.mark.parametrize("link", [
    "Your cookie choices on this website",
    pytest.param("Cookie choices on this website", marks=pytest.mark.xfail(strict=True, reason=(
        "in a text about consent a banner link removed only beside the buttons (rules._grown) extends the "
        "banner to button-like lines only, so the notice below it stays; letting a line that is a notice on "
        "its own evidence through took a guide's intro that reads like one (fresh guides probe: precision "
        "0.720 -> 0.710)"))),
])
def test_a_banners_link_and_notice_below_its_buttons_go_above_a_guide_about_cookies(link):
    # In a text about consent the notice below the link may speak to the reader, but the
    # content model reads it as boilerplate with confidence: no intro of a title.
    assert removed(["Accept all", "Reject all", link, POP_UP_NOTICE, *GUIDE_TO_POP_UPS]) == [0, 1, 2, 3]


@pytest.mark.xfail(strict=True, reason="a guide that explains cookie categories under headings that are known "
                   "consent labels loses them and the paragraphs beside them: a consent manager's second layer "
                   "has the same shape, and the guide, saying 'they' rather than 'cookies', is not found to be "
                   "about consent (rules._topical)")
def test_a_guide_to_cookie_categories_is_kept():
    guide = [
        "Cookie categories, one by one",
        "Open the settings of a consent pop-up and you will usually find four or five categories. Here is "
        "what each of them means, and which ones you can safely switch off.",
        "Strictly necessary cookies",
        "They keep a site working: the login, the basket and the security checks. Sites may set them "
        "without asking, and you cannot switch them off.",
        "Marketing cookies",
        "They let advertising firms recognise you on other sites and build a profile of what you read and "
        "buy. Switch them off: nothing on the site breaks.",
        "Analytics cookies",
        "They count visits and show which pages are read. Some tools work without personal data; if a site "
        "says so, allowing them costs you little.",
        "The categories are the same on most sites, because most pop-ups come from a handful of consent "
        "managers. Once you know them, a decision takes seconds.",
    ]
    assert removed(guide) == []


# A Hungarian guide to consent pop-ups that ends with a list of advice, a bottom banner below it.
GUIDE_ABOVE_A_BANNER = [
    'Mi rejlik a sütiablakok mögött?',
    'Európában szinte minden weboldal egy felugró ablakban kérdezi meg, hogy elfogadja-e a sütiket. Ez az útmutató elmagyarázza, miért vannak ezek az ablakok, és hogyan ismerheti fel a trükköket.',
    'Mit mond a törvény?',
    'A hozzájárulásnak önkéntesnek, konkrétnak és egyértelműnek kell lennie. Az elutasításnak ugyanolyan egyszerűnek kell lennie, mint az elfogadásnak.',
    'A felügyeleti hatóságok szerint a sütik elfogadását nem lehet a tartalom elérésének feltételévé tenni. Több oldal ennek ellenére csak elfogadás után mutatja meg a cikkeit.',
    'Egy tavalyi vizsgálat szerint a nagy hírportálok felénél az elutasítás legalább két kattintással több, mint az elfogadás, és a sütik egy része már a döntés előtt betöltődik.',
    'Gyakori trükkök',
    'Az elfogadás gombja feltűnő, az elutasítás csak halvány link',
    'Az első oldalon egyáltalán nincs elutasító gomb',
    'A jogos érdek kapcsolói alapértelmezetten be vannak kapcsolva',
    'Vigyázat',
    'Ha az ablakot a kereszttel zárja be, sok oldal ezt is elfogadásnak veszi.',
    'Mit tehet?',
    'Először mindig az „Összes elutasítása” lehetőséget keresse',
    'Nézze meg a beállításokban a jogos érdek fület is',
    'Tipp',
    'Egy böngészőbővítmény az Ön beállításai szerint automatikusan válaszol ezekre az ablakokra.',
    'Sütibeállítások',
    'A szükséges sütiken kívül az Ön hozzájárulásával statisztikai sütiket is használnánk, hogy lássuk, mely útmutatókat olvassák a legtöbben.',
    'Statisztika engedélyezése',
    'Csak a szükségesek',
]


def test_a_banner_line_removed_only_for_its_place_anchors_no_sentence_of_a_text_about_consent():
    # The guide's last item (16) goes with the banner's title below it; the item above it goes
    # only because 16 went, and 16 has no notice evidence of its own: in a text about consent
    # it extends the banner to a button-like line at most, not to the guide's sentences.
    found = removed(GUIDE_ABOVE_A_BANNER)
    assert [17, 18, 19, 20] == [i for i in found if i >= 17]
    assert [i for i in found if i < 16] == []


@pytest.mark.xfail(strict=True, reason="the guide's last line above a banner's title goes with the title: "
                   "it names settings and speaks to the reader as a banner's link does")
def test_the_last_line_of_a_guide_above_a_banners_title_is_kept():
    assert 16 not in removed(GUIDE_ABOVE_A_BANNER)


# --- a notice and its link on one line is no headline ------------------------------------------

@pytest.mark.parametrize("line", ["We use cookies to make your visit to our website better. Find out more",
                                  "Wir verwenden Cookies, damit Ihr Besuch auf unserer Website angenehmer wird. Mehr erfahren",
                                  "Nous utilisons des cookies pour rendre votre visite plus agréable. En savoir plus",
                                  "我们使用Cookie，让您的访问更顺畅。了解更多"])
def test_a_short_notice_ending_with_its_link_above_a_report_is_removed(line):
    # without a full stop at its end the line read as a headline about consent above a
    # paragraph that reports, and the headline veto kept it whatever its score
    assert removed([line, *BODY]) == [0]


@pytest.mark.parametrize("line", ["Cookie walls banned. What changes for readers now",
                                  "Cookie walls banned: what changes for readers now"])
def test_a_headline_about_cookies_with_a_stop_inside_is_kept(line):
    assert removed([line, *BODY]) == []


@pytest.mark.parametrize("link", ["Tìm hiểu thêm", "Mëso më shumë", "Més informació", "Dysgu mwy", "למידע נוסף",
                                  "और जानें", "Pelajari lebih lanjut", "Per saperne di più", "Сазнај више"])
def test_learn_more_links_of_more_languages_go_below_a_notice(link):
    assert removed([NOTICE, link, *BODY]) == [0, 1]


# --- short notices in the stock forms (corpus: notices-short.jsonl) ------------------------------

@pytest.mark.parametrize("line", ["By continuing to use this website, you consent to our use of cookies.",
                                  "Wir setzen Cookies ein, um Zugriffe zu analysieren und Inhalte und Anzeigen zu personalisieren.",
                                  "Ova web stranica koristi kolačiće kako bi vam omogućila bolje iskustvo.",
                                  "Trang web này sử dụng cookie để cải thiện trải nghiệm của bạn.",
                                  "Si continúas navegando por esta web, aceptas nuestro uso de cookies.",
                                  "Cookies help us deliver our services. By using our services, you agree to the use of cookies."])
def test_short_stock_notices_at_either_edge_of_a_story_are_removed(line):
    assert removed([line, *BODY]) == [0]
    assert removed([*BODY, line]) == [len(BODY)]


@pytest.mark.parametrize("line", ["The watchdog said the website uses cookies to track readers without asking them.",
                                  "This website uses cookies to follow you, and regulators say that is fine"])
def test_a_report_and_a_headline_worded_like_a_short_notice_are_kept(line):
    assert removed([line, *BODY]) == []
    assert removed([*BODY[:2], line, *BODY[2:]]) == []
