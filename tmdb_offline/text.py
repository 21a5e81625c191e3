"""Text and value generators of the offline catalog (titles, overviews, names, images) and
language helpers."""

from __future__ import annotations

import random
import unicodedata
from typing import Any

from tmdb_offline.data import (
    _ADJ_KEYS,
    _ALNUM,
    _CODAS,
    _COMPANIES,
    _DEADLINES,
    _GOALS,
    _HEROES,
    _LANG_WEIGHTS,
    _NATIVE_TITLES,
    _NETWORKS,
    _NOUN_KEYS,
    _PLACES,
    _SMALL_WORDS,
    ADJECTIVES,
    GIVEN_NAMES,
    LANGUAGES,
    NOUNS,
)


# --------------------------------------------------------------------------- helpers
def normalize_language(value: str | None) -> str:
    """Reduce a TMDb ``language`` tag (``es-ES``, ``en``) to its primary subtag; default en."""
    if not value:
        return "en"
    code = value.strip().split("-")[0].strip().lower()
    return code or "en"


def fold(text: str) -> str:
    """Lower-case and strip accents so search for 'rio' finds 'río'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _choice(rng: random.Random, seq: Any) -> Any:
    """``rng.choice`` without ``_randbelow``: several times faster, still deterministic."""
    return seq[int(rng.random() * len(seq))]


def _image(rng: random.Random, ext: str = "jpg") -> str:
    """A TMDb-looking image path (27 base62 characters)."""
    n = rng.getrandbits(161)
    chars = []
    for _ in range(27):
        n, r = divmod(n, 62)
        chars.append(_ALNUM[r])
    return "/" + "".join(chars) + "." + ext


def _hex24(rng: random.Random) -> str:
    return f"{rng.getrandbits(96):024x}"


def _title_case(words: str) -> str:
    parts = words.split(" ")
    out = []
    for i, w in enumerate(parts):
        out.append(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:])
    return " ".join(out)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _es_adj(adj: str, gender: str) -> str:
    es = ADJECTIVES[adj]
    if gender == "f" and " " not in es:
        if es.endswith("o"):
            return es[:-1] + "a"
        if es.endswith("or"):
            return es + "a"
    return es


def _es_def(noun: str) -> str:
    es, gender = NOUNS[noun]
    return ("el " if gender == "m" else "la ") + es


def _es_de(noun: str) -> str:
    phrase = "de " + _es_def(noun)
    return phrase.replace("de el ", "del ")


def _es_indef(noun: str) -> str:
    es, gender = NOUNS[noun]
    return ("un " if gender == "m" else "una ") + es


def _gen_title(rng: random.Random) -> tuple[str, str]:
    """An (English, Spanish) title pair from one template, so both languages agree."""
    n = _choice(rng, _NOUN_KEYS)
    n2 = _choice(rng, _NOUN_KEYS)
    while n2 == n:
        n2 = _choice(rng, _NOUN_KEYS)
    a = _choice(rng, _ADJ_KEYS)
    es_n, g = NOUNS[n]
    kind = rng.random()
    if kind < 0.33:
        en, es = f"the {a} {n}", f"{_es_def(n)} {_es_adj(a, g)}"
    elif kind < 0.53:
        en, es = f"{n} of the {n2}", f"{es_n} {_es_de(n2)}"
    elif kind < 0.68:
        en, es = f"{a} {n}", f"{es_n} {_es_adj(a, g)}"
    elif kind < 0.78:
        en, es = f"the {n} and the {n2}", f"{_es_def(n)} y {_es_def(n2)}"
    elif kind < 0.90:
        name = _choice(rng, GIVEN_NAMES)
        return f"{name}'s {_title_case(n)}", _cap(f"{_es_def(n)} de {name}")
    else:
        en = f"return to the {n}"
        es = "regreso " + ("al " if g == "m" else "a la ") + es_n
    return _title_case(en), _cap(es)


def _gen_overview(rng: random.Random) -> tuple[str, str]:
    hero = _choice(rng, _HEROES)
    place = _choice(rng, _PLACES)
    goal = _choice(rng, _GOALS)
    deadline = _choice(rng, _DEADLINES)
    n = _choice(rng, _NOUN_KEYS)
    a = _choice(rng, _ADJ_KEYS)
    thing = (f"a {a} {n}", f"{_es_indef(n)} {_es_adj(a, NOUNS[n][1])}")
    if thing[0].startswith(("a a", "a e", "a i", "a o", "a u")):
        thing = ("an" + thing[0][1:], thing[1])
    kind = rng.randrange(4)
    if kind == 0:
        en = f"When {hero[0]} discovers {thing[0]} {place[0]}, they must {goal[0]} {deadline[0]}."
        es = f"Cuando {hero[1]} descubre {thing[1]} {place[1]}, debe {goal[1]} {deadline[1]}."
    elif kind == 1:
        en = f"{_cap(hero[0])} {place[0]} has one chance to {goal[0]} {deadline[0]}."
        es = f"{_cap(hero[1])} {place[1]} tiene una única oportunidad de {goal[1]} {deadline[1]}."
    elif kind == 2:
        en = f"After finding {thing[0]}, {hero[0]} sets out {place[0]} and must {goal[0]}."
        es = f"Tras encontrar {thing[1]}, {hero[1]} parte {place[1]} y debe {goal[1]}."
    else:
        en = f"A story about {thing[0]}, {hero[0]}, and the courage to {goal[0]}."
        es = f"Una historia sobre {thing[1]}, {hero[1]} y el valor de {goal[1]}."
    coda = _choice(rng, _CODAS)
    if coda[0]:
        en, es = f"{en} {coda[0]}", f"{es} {coda[1]}"
    return en, es


def _native_title(rng: random.Random, lang: str) -> str:
    heads, tails, joiner = _NATIVE_TITLES[lang]
    return _choice(rng, heads) + joiner + _choice(rng, tails)


def _weighted_lang(rng: random.Random) -> str:
    langs = [code for code, _ in _LANG_WEIGHTS]
    weights = [w for _, w in _LANG_WEIGHTS]
    return rng.choices(langs, weights)[0]


def _spoken(codes: list[str]) -> list[dict[str, str]]:
    return [
        {"english_name": LANGUAGES[c][0], "iso_639_1": c, "name": LANGUAGES[c][1]} for c in codes
    ]


def _company(cid: int) -> dict[str, Any]:
    for i, name, country in _COMPANIES:
        if i == cid:
            rng = random.Random(f"company:{cid}")
            logo = None if cid % 5 == 0 else _image(rng, "png")
            return {"id": cid, "logo_path": logo, "name": name, "origin_country": country}
    raise KeyError(cid)


def _network(nid: int) -> dict[str, Any]:
    for i, name, country in _NETWORKS:
        if i == nid:
            rng = random.Random(f"network:{nid}")
            return {"id": nid, "logo_path": _image(rng, "png"), "name": name,
                    "origin_country": country}  # fmt: skip
    raise KeyError(nid)
