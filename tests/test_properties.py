"""Property tests over random documents mixing article and banner paragraphs in both layouts:
nothing is lost, only whole paragraphs go, clean is idempotent and deterministic."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from boilerstrip import analyze, clean
from boilerstrip.corpus import SITE_SLOT, Kind, packaged_entries
from boilerstrip.text import segment

from .fixture_cases import load_cases

_CASES = load_cases()
ARTICLE = sorted({p["text"] for c in _CASES for p in c.paragraphs if p["label"] == "article"})
BANNER = sorted({p["text"] for c in _CASES for p in c.paragraphs if p["label"] != "article"})
CORPUS = sorted(e.text.replace(SITE_SLOT, "Nordic Daily Courier") for e in packaged_entries()
                if e.kind is not Kind.TERM)
ODD = ["", "   ", "\t", "caf\udce9 \udcff bytes", "Share", "…", "\ufeff", "x" * 300]

paragraph = st.one_of(st.sampled_from(ARTICLE), st.sampled_from(BANNER), st.sampled_from(CORPUS),
                      st.sampled_from(ODD), st.text(max_size=80))


@st.composite
def documents(draw):
    paras = [p.replace("\r", " ").replace("\n", " ") for p in draw(st.lists(paragraph, max_size=14))]
    nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    sep = nl * draw(st.sampled_from([1, 2, 3]))
    text = sep.join(paras)
    if draw(st.booleans()):
        text += nl
    return text


#: CI draws a fixed sample (derandomized: a red run always means the change broke something,
#: never that a new random draw found an old fault). To explore new random inputs, run
#: ``BOILERSTRIP_EXPLORE=20000 python -m pytest tests/test_properties.py``; add what it finds
#: as an ``@example`` and fix the kind.
EXPLORE = int(os.environ.get("BOILERSTRIP_EXPLORE", "0"))
PROPERTY = settings(max_examples=EXPLORE or 1500, derandomize=not EXPLORE, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(documents())
def test_kept_and_removed_rebuild_the_input(text):
    result = analyze(text)
    pieces = [text[: result.head]] + [text[p.span.start : p.span.end] for p in result.paragraphs]
    assert "".join(pieces) == text
    assert all(p.evidence for p in result.paragraphs if p.removed)
    assert all(not p.evidence for p in result.paragraphs if not p.removed)


@PROPERTY
@given(documents())
def test_output_is_a_subsequence_of_input_paragraphs(text):
    out = clean(text)
    _, head, spans = segment(text)
    # Kept paragraphs come whole; a removed paragraph may leave its blank lines behind.
    # (Blank lines are only left between kept paragraphs.)
    pieces = [text[s.start : s.end] for s in spans] + [text[s.line_end : s.end] for s in spans]
    pieces = [piece for pair in zip(pieces[: len(spans)], pieces[len(spans) :]) for piece in pair]

    # The last kept paragraph, when only removed ones follow it, ends as the input ends: with
    # its own line ending if the input ends with one, else without (and without separator).
    ending = spans and text.endswith(("\n", "\r"))
    last = [text[s.start : s.line_end if ending else s.text_end] for s in spans]

    @lru_cache(maxsize=None)
    def fits(k: int, pos: int) -> bool:  # out[pos:] is a concatenation of a subsequence of pieces[k:]
        if pos == len(out):
            return True
        if any(out.endswith(last[j // 2]) and len(out) - pos == len(last[j // 2])
               for j in range(k, len(pieces), 2)):
            return True
        return any(out.startswith(pieces[j], pos) and fits(j + 1 + (j % 2 == 0), pos + len(pieces[j]))
                   for j in range(k, len(pieces)) if pieces[j])

    assert out.startswith(text[:head]) and fits(0, head)


#: Inputs the property once failed on (found by hypothesis in CI and in longer local runs):
#: an article paragraph at the edge of the text taken into a block with a reported quote;
#: consent labels kept as headings by a topicality their text lost once its banners went;
#: reports on cookies in several languages taken for a block once a notice between them went;
#: blocks found only once the chrome or buttons between their members went; a quote the
#: screen never counted taken into a block.
@PROPERTY
@example('Als Grund nannte Kessler die schwache Nachfrage nach Komponenten für Verbrennungsmotoren und den langsamer als erwartet wachsenden Markt für Elektroautos. Der Umsatz war im vergangenen Jahr um acht Prozent auf 3,9 Milliarden Euro gesunken.\nA Diari de Tarragona Digital fem servir galetes tècniques, d\'anàlisi i publicitàries, pròpies i de tercers. Les publicitàries ens permeten a nosaltres i als nostres socis mostrar-te anuncis relacionats amb els teus interessos a partir de la teva navegació. Pots acceptar-les totes, rebutjar les que no siguin necessàries o triar per categories al tauler de configuració. La teva elecció es conservarà durant 12 mesos.\nAblehnen\n"Cookie banners should offer people a genuine choice, not an obstacle course," said Stephen Harlow, the regulator\'s director of online tracking. "If a site can fit an Accept all button on the first screen, it can fit a Reject all button next to it."\nA Diari de Tarragona Digital fem servir galetes tècniques, d\'anàlisi i publicitàries, pròpies i de tercers. Les publicitàries ens permeten a nosaltres i als nostres socis mostrar-te anuncis relacionats amb els teus interessos a partir de la teva navegació. Pots acceptar-les totes, rebutjar les que no siguin necessàries o triar per categories al tauler de configuració. La teva elecció es conservarà durant 12 mesos.')
@example('N\U000aa41bD\x1b[㣩\U0006eda1ræd\x0fq±Ê\U000d0c70«\x0b¼ÌÊ\x7fV)/½<Ü\r\r\r\r\r\rAsigurarea securității, prevenirea fraudei și remedierea erorilor\r\r\rConsumer groups argue this makes consent less than free; publishers say it is the only way to fund their journalism.\r\r\rAceptar y mostrar\r\r\rConsumer groups argue this makes consent less than free; publishers say it is the only way to fund their journalism.\r\r\rAnmäl dig till nyhetsbrevet\r\r\rTutup\r\r\rAceptar y mostrar\r\r\rMeasure how ads and content perform\r\r\rErlauben und anzeigen\r\r\rBluesky\r\r\rPřečtěte si také\r\r\rAceptar y mostrar\r')
@example("Advertising cookies\ncaf\udce9 \udcff bytes\n\U000d1568\x05\nEz a tartalom a Facebook szolgáltatásából származik. A megjelenítéséhez engedélyeznie kell a közösségi média sütiket. Ha a „Tartalom betöltése” gombra kattint, a Vasi Hírmondó oldala adatokat továbbít a Facebook részére, amely azokat saját adatkezelési szabályai szerint kezeli. Beállításait bármikor módosíthatja a Süti beállítások menüpontban.\n\U00095256\U0007fb9b`'DJz\x9d\x90û\n\nShare\n\x13\x9b\U000431cc\U0008aa05ÝÎꫳ\x89\nAl-Rafid News uses cookies and similar technologies to keep the site working properly, to measure its audience and, with our partners, to show you advertising that matches your interests. By clicking “Accept all” you agree to these cookies being stored on your device. You can change your choices or withdraw consent at any time via “Cookie settings” at the bottom of the page. For more information, please read our privacy policy.\nFilharmonia w Olsztynie otwarta po remoncie. Pierwszy koncert wyprzedany w dwie godziny\nIhre Privatsphäre ist uns wichtig\nFilharmonia w Olsztynie otwarta po remoncie. Pierwszy koncert wyprzedany w dwie godziny\nOm La Gazette de Wavre gratis te blijven lezen, vragen we u het gebruik van cookies te aanvaarden. Daarmee kunnen wij en onze advertentiepartners het bereik meten, advertenties personaliseren en lokale kwaliteitsjournalistiek financieren. U kunt ook weigeren en een digitaal abonnement zonder gerichte advertenties nemen. Meer informatie vindt u in ons privacybeleid.\n")
@example("Flipboard\n\n\nLes contrôleurs de la CNIL ont constaté que, sur une partie de ces sites, les cookies publicitaires étaient déposés avant même que l'internaute ait cliqué sur le bouton « Tout accepter » du bandeau de consentement.\n\n\nAdministratorem Twoich danych osobowych jest Wydawnictwo Nadwiślańskie sp. z o.o. z siedzibą w Toruniu. Wspólnie z naszymi zaufanymi partnerami (obecnie 412) przechowujemy na Twoim urządzeniu pliki cookie i podobne technologie oraz przetwarzamy dane, takie jak adres IP i identyfikatory urządzenia, w celu dopasowania reklam i treści, pomiaru ich skuteczności oraz tworzenia statystyk. Podstawą prawną jest Twoja zgoda lub prawnie uzasadniony interes administratora. Zgodę możesz w każdej chwili wycofać w Ustawieniach prywatności dostępnych w stopce serwisu.\n\n\nFlera föräldrar följde mötet från åhörarläktaren, och några hade med sig plakat med texten ”Låt Agnäs leva”.\n\n\nAgree and show\n\n\n\ufeff\n\n\n\x19㖴\U0010c5fc\n\n\n調査を行ったのは東京の情報セキュリティー研究会。送信先の事業者名や送信される情報の種類を明記していない例が多く、「クッキーを使用しています」とだけ表示して詳細を示さないサイトも目立ったという。\n\n\n\x80Ò\x1a#\U0003ac7f|\x96\n\n\nå\x81=\x9aÛ\n\n\nMiercurea Ciuc: plăcuțele bilingve de pe străzi, înlocuite după zece ani\n\n\nA(z) Nordic Daily Courier használatának folytatásával Ön elfogadja a sütik használatát a süti szabályzatunkban és az adatvédelmi tájékoztatónkban foglaltak szerint.\n\n\nLUXEMBURG - Die geplante Schnelltram zwischen Luxemburg-Stadt und Esch/Alzette soll frühestens 2031 in Betrieb gehen. Das hat Mobilitätsministerin Claudine Reuter am Dienstag im Parlamentsausschuss erklärt.\n\n\nExperiências semelhantes em outras capitais registraram aumento de até 40% no número de passageiros nos dias de gratuidade.")
@example('E-mail\nLe Petit Journal du Midi et ses partenaires respectent votre vie privée\nTwitter\nLyssna på artikeln\nFowler had been in charge for 19 months and led the club to an eighth-place finish last season, their best in more than a decade.\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\nCookieindstillinger\nÅö$\n…\n\nAscultă știrea\nJonge Friezin verrast met wereldbeker-zege op de 1500 meter\nPersonalised ads and content, ad and content measurem…\n\t\n')
@example('E-mail\nLe Petit Journal du Midi et ses partenaires respectent votre vie privée\nTwitter\nLyssna på artikeln\nFowler had been in charge for 19 months and led the club to an eighth-place finish last season, their best in more than a decade.\nCookieindstillinger\nCookieindstillinger\nÅö$\n…\n\nAscultă știrea\nJonge Friezin verrast met wereldbeker-zege op de 1500 meter\nPersonalised ads and content, ad and content measurem…\n\t\n')
@example("\ufeff\r\n\r\n\r\nSur d'autres, le bouton « Tout refuser » n'apparaissait qu'au second niveau, après un clic sur « Paramétrer ». La régie avait pourtant l'obligation, selon la CNIL, de vérifier que le consentement recueilli par ses partenaires était libre et éclairé.\r\n\r\n\r\nShare\r\n\r\n\r\nNur essenzielle Cookies akzeptieren\r\n\r\n\r\n«Τα τελευταία τρία καλοκαίρια είχαμε χωριά χωρίς νερό για ημέρες. Αυτό δεν μπορεί να συνεχιστεί σε ένα νησί που ζει από τον τουρισμό», δήλωσε ο αντιδήμαρχος Υποδομών Νίκος Μαρκουλής.\r\n\r\n\r\nМы и наши партнёры используем файлы cookie и аналогичные технологии, чтобы сайт «Северный вестник» работал корректно, чтобы анализировать посещаемость и показывать вам рекламу, которая соответствует вашим интересам. Нажимая «Принять все», вы соглашаетесь на хранение файлов cookie на вашем устройстве. Изменить свой выбор можно в любое время в разделе «Настройки cookie» внизу каждой страницы.\r\n\r\n\r\nGlacaim leis\r\n\r\n\r\nGlacaim leis\r\n\r\n\r\nAlle partners tonen\r\n\r\n\r\nSur d'autres, le bouton « Tout refuser » n'apparaissait qu'au second niveau, après un clic sur « Paramétrer ». La régie avait pourtant l'obligation, selon la CNIL, de vérifier que le consentement recueilli par ses partenaires était libre et éclairé.\r\n\r\n\r\nМы и наши партнёры используем файлы cookie и аналогичные технологии, чтобы сайт «Северный вестник» работал корректно, чтобы анализировать посещаемость и показывать вам рекламу, которая соответствует вашим интересам. Нажимая «Принять все», вы соглашаетесь на хранение файлов cookie на вашем устройстве. Изменить свой выбор можно в любое время в разделе «Настройки cookie» внизу каждой страницы.\r\n\r\n\r\nShare\r\n\r\n\r\nArtiklu li jmiss\r\n\r\n\r\nA Diari de Tarragona Digital fem servir galetes tècniques, d'anàlisi i publicitàries, pròpies i de tercers. Les publicitàries ens permeten a nosaltres i als nostres socis mostrar-te anuncis relacionats amb els teus interessos a partir de la teva navegació. Pots acceptar-les totes, rebutjar les que no siguin necessàries o triar per categories al tauler de configuració. La teva elecció es conservarà durant 12 mesos.\r\n")
@given(documents())
def test_clean_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


def _digests(texts: list[str]) -> list[str]:
    return [hashlib.sha256(json.dumps(analyze(t).to_dict(), sort_keys=True).encode()).hexdigest()
            for t in texts]


SAMPLE = ["\n".join(BANNER[i : i + 3] + ARTICLE[i : i + 5]) for i in range(0, 90, 3)]
ROOT = Path(__file__).resolve().parent.parent


def test_results_do_not_depend_on_order_or_process():
    here = _digests(SAMPLE)
    assert _digests(SAMPLE[::-1])[::-1] == here
    code = "from tests.test_properties import SAMPLE, _digests; print(' '.join(_digests(SAMPLE)))"
    for seed in ("0", "12345"):
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        assert run.stdout.split() == here


BRIDGE = [
    "The mayor opened the new bridge on Tuesday after three years of construction and many delays in the town.",
    "Engineers said the structure would carry about twelve thousand vehicles a day once the final lanes open.",
    "Residents who had waited for the crossing gathered on both banks to watch the ribbon being cut at noon.",
    "Local shops reported a busy afternoon as families strolled across the deck and stopped for ice cream.",
]


def test_idempotent_when_a_removed_line_separated_a_paragraph_from_a_button():
    museum = ("The regional museum reopened with a new cookie display, content about traditions and a "
              "website, and visitors queued outside the hall all afternoon long.")
    text = "\n".join(BRIDGE[:3] + [museum, "Advertisement", "Allow embeds"] + BRIDGE[3:]) + "\n"
    once = clean(text)
    assert clean(once) == once and museum in once


def test_idempotent_when_a_removed_label_opened_a_wrapped_block():
    import textwrap

    notice = ("Your privacy settings have been saved. You can change them at any time via the "
              "\"Privacy settings\" link at the bottom of the page.")
    block = "Share\n" + "\n".join(textwrap.wrap(notice, 60))
    text = "\n\n".join(BRIDGE[:2] + [block] + BRIDGE[2:]) + "\n"
    once = clean(text)
    assert clean(once) == once and "Your privacy settings" not in once


def test_content_model_logits_are_the_same_in_every_process():
    """The logit sums n-gram weights of a set, whose order follows the hash seed: an exact sum
    (math.fsum) gives the same float in every process, down to the last bit (a plain sum did
    not, which could move a score across a threshold)."""
    code = ("from tests.test_properties import ARTICLE, BANNER; from boilerstrip.engine import Corpus; "
            "from boilerstrip.text import normalize; m = Corpus.packaged().content_model; "
            "print(' '.join(repr(m.logit(normalize(t))) for t in ARTICLE + BANNER))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(runs) == 1
