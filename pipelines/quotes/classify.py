"""Is a marked stretch a quote, a partial quote, or not a quote at all (a decoy)?

Rules, in order (an *attributed* stretch is one with author's words next to it: ``“…,” she
said`` / ``X said: “…”`` / ``«…», — заявил он`` / a dialogue-dash turn):

1. Empty → decoy.
2. Scare-quote, label or slogan cue before it (``so-called``, ``dubbed``, ``labelled``, ``the
   term``, ``status of``, ``chanted``, ``placards reading``; ``так называемый``, ``статус``,
   ``признан``, ``под названием``, ``скандировали``, ``с плакатами``) → decoy.
3. Title or name cue: the word before it names a kind of work or body (``film``, ``book``,
   ``newspaper``, ``law``, ``project``, ``group``; ``фильм``, ``газета``, ``закон``, ``центр``,
   ``НКО``) → decoy unless attributed.
4. Short (three words or fewer) and not attributed → decoy, unless it holds a verb (``“will not
   stop”``, «не уйдём»), which makes it a partial quote.
5. A title or a name: two or more words all capitalised (English title case) or, in Russian, a
   capitalised stretch of up to five words without a verb or final punctuation → decoy unless
   attributed.
6. Otherwise a quote. It is *partial* when it sits inside a sentence: something other than an
   introduction stands before it in its sentence. An introduction is ``X said:``, ``X said,``,
   ``according to X,`` / ``по словам X,`` followed by a capital letter, or nothing at all.
"""

from __future__ import annotations

from pipelines.quotes import morph
from pipelines.quotes.text import Context, word_count, words

_EN_SCARE = words(
    """so-called dubbed labelled labeled branded designated titled entitled named
    nicknamed term word words phrase label status hashtag slogan slogans tag listed
    declared termed chanted chanting chant chants reading read placard placards poster posters
    banner banners sign signs inscription motto"""
)
_EN_TITLES = words(
    """film movie documentary book novel memoir play song album newspaper magazine website
    channel programme program show series exhibition project movement campaign operation party
    organisation organization group ngo foundation fund center centre association society law
    bill act festival band outlet publication report study survey podcast brand company firm
    app platform initiative coalition network prize award article column op-ed essay poem
    opera ballet newsletter blog"""
)
_RU_SCARE = words(
    """называемый статус ярлык термин слово понятие признать признанный внести внесённый
    внесенный реестр перечень название пометка хэштег лозунг маркировка плашка скандировать
    плакат транспарант баннер растяжка надпись прозвище кличка девиз"""
)
_RU_TITLES = words(
    """фильм кинофильм книга роман спектакль песня альбом газета журнал издание сайт канал
    телеканал телеграм-канал радиостанция программа передача проект движение кампания акция
    операция партия организация центр фонд общество ассоциация союз объединение закон
    законопроект статья ооо ано нко оао зао пао группа сеть коалиция премия конкурс выставка
    фестиваль доклад исследование приложение мессенджер сервис портал агентство холдинг
    компания театр клуб музей библиотека университет школа бренд сериал шоу подкаст инициатива
    платформа служба сообщество кафе магазин паблик сообщество"""
)
_EN_LEGAL = {
    "charges of", "charged with", "convicted of", "guilty of", "count of", "counts of",
    "case over", "case on", "case for", "prosecuted for", "charge of", "offence of",
}  # fmt: skip
# an offence or a reason named after a legal word and a preposition: ``fined for “…”``,
# ``an investigation into “…”``, ``on suspicion of “…”``, ``оштрафовали за «…»``
_EN_LEGAL_WORDS = words(
    """charge charges charged convicted sentenced fined fine fines jailed detained arrested
    suspicion investigation case prosecuted guilty count counts offence offense trial"""
)
_EN_LEGAL_PREPS = words("""for of into on over with""")
_RU_LEGAL = words(
    """оштрафовать штраф приговорить осудить наказать арестовать задержать преследовать
    обвинить обвинение дело статья уволить"""
)
# the object of ``called``/``назвала`` comes before the quote: “…” is what they called it
_EN_CALLED = words("""call calls called calling describe describes described describing""")
_RU_CALLED = words("""назвать называть охарактеризовать""")
_EN_PREDICATE = words("""had has have was were is are will would be been""")
_EN_AUX = words(
    """i we you is are was were will would can could must should shall have has had do does did
    don't won't can't isn't aren't wasn't weren't i'm we're you're it's am be been never
    cannot"""
)
_EN_INTRO_END = words("""said says told added wrote asked stated declared""")


def _left_words(ctx: Context, n: int) -> list[str]:
    return [t.low for t in ctx.left if t.kind == "w"][-n:]


def has_verb(text: str, lang: str) -> bool:
    """Does the text hold a verb (English: an auxiliary or a pronoun subject; Russian: any verb
    form pymorphy knows)?"""
    return _has_verb(text, lang)


def _has_verb(text: str, lang: str) -> bool:
    words = text.lower().replace("’", "'").split()
    if lang == "en":
        return any(w.strip(".,!?;:") in _EN_AUX for w in words)
    return any(morph.is_verb_form(w.strip(".,!?;:«»„“")) for w in words)


def _title_like(text: str, lang: str) -> bool:
    words = [w for w in text.split() if any(ch.isalpha() for ch in w)]
    text = text.rstrip().removesuffix(",")  # “The Brides of the Desert,” (comma inside)
    if not words or not words[0][:1].isupper() or text.rstrip()[-1:] in ".!?…,":
        return False
    if lang == "en":
        small = {"of", "the", "a", "an", "and", "in", "on", "for", "to", "at", "by", "with"}
        big = [w for w in words if w.lower() not in small]
        return len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in big)
    return len(words) <= 5 and not _has_verb(text, lang)


def _cues(ctx: Context, lang: str) -> tuple[bool, bool]:
    """(scare-quote cue, title/name cue) among the words just before the opening mark."""
    before = _left_words(ctx, 6)
    if not before or ctx.left_text.rstrip().endswith((":", ",")):
        return False, False
    if _called(ctx, lang):
        return False, False
    if lang == "en":
        last = before[-1]
        legal = any(" ".join(before[k : k + 2]) in _EN_LEGAL for k in range(len(before) - 1))
        legal = legal or (last in _EN_LEGAL_PREPS and bool(set(before[:-1]) & _EN_LEGAL_WORDS))
        before = before[-4:]
        scare = last in _EN_SCARE or "so-called" in before[-2:] or " ".join(before[-2:]) in {
            "so called", "known as", "designated as", "listed as", "registered as",
            "branded as", "labelled as", "labeled as", "classified as", "recognised as",
        }  # fmt: skip
        return scare or legal, last in _EN_TITLES
    lemmas = [morph.lemma(w) for w in before]
    scare = lemmas[-1] in _RU_SCARE or "называемый" in lemmas[-2:]
    legal = lemmas[-1] in {"за", "о", "об"} and bool(set(lemmas[:-1]) & _RU_LEGAL)
    return scare or legal, lemmas[-1] in _RU_TITLES


def _called(ctx: Context, lang: str) -> bool:
    """``called the ruling “…”`` / ``назвала решение «…»``: a judging verb, then its object
    (one to three words, not an article alone), then the quote — its predicative complement."""
    toks = [t for t in ctx.left if t.kind == "w"][-4:]
    verbs = _EN_CALLED if lang == "en" else _RU_CALLED
    for t in toks[:-1]:
        verb = (
            t.low in verbs
            if lang == "en"
            else morph.lemma(t.low) in verbs and (morph.is_verb_form(t.low))
        )
        if verb and toks[-1].low not in {"a", "an", "the", "as"}:
            return True
    return False


def _predicate(text: str, ctx: Context, lang: str) -> bool:
    """A quoted predicate after an auxiliary (``the group had “systematically violated”``)."""
    before = _left_words(ctx, 1)
    return lang == "en" and word_count(text) >= 2 and bool(before) and before[0] in _EN_PREDICATE


def is_decoy(
    text: str,
    ctx: Context,
    lang: str,
    attributed: bool,
    *,
    mid_sentence: bool,
) -> bool:
    """True when the marked stretch is a scare quote, a title or a name rather than a quote."""
    if not text.strip() or not any(ch.isalpha() for ch in text):
        return True
    scare, title = _cues(ctx, lang)
    if scare:
        return True
    starts_upper = text.lstrip("…. ")[:1].isupper()
    has_verb = _has_verb(text, lang)
    if title and (starts_upper or not has_verb):
        return True
    if word_count(text) >= 2 and (_called(ctx, lang) or _predicate(text, ctx, lang)):
        has_verb = True  # “a hostage-taking.” after ``called the detention`` is their words
    if word_count(text) <= 3 and not has_verb:
        return mid_sentence or not attributed
    return not attributed and _title_like(text, lang)


def is_partial(text: str, ctx: Context, lang: str, *, dash: bool, intro: bool) -> bool:
    """A fragment quoted inside a sentence (see the module docstring)."""
    if dash or ctx.sentence_start:
        return False
    left = ctx.left_text.rstrip()
    starts_upper = text.lstrip("…. ")[:1].isupper()
    if left.endswith(":"):
        return False
    if left.endswith((",", "—", "–")):
        return not (intro and starts_upper)
    words = _left_words(ctx, 1)
    return not (starts_upper and (intro or (words and words[0] in _EN_INTRO_END)))
