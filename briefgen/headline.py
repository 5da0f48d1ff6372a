"""Headline style for a compressed lead: the present tense for a past event, "says" for "said".

Only the main verb changes: the first past-tense verb after the subject ("Fire destroyed" →
"Fire destroys", "Scientists published" → "Scientists publish"), a passive loses its
auxiliary ("was found guilty" → "found guilty", "has been arrested" → "arrested"), "will"
becomes "to" ("X will visit" → "X to visit"). A verb whose base form cannot be told with
confidence stays as written: a correct past tense beats a wrong present.
"""

from __future__ import annotations

import functools
import re

# Past tense → base form of verbs news uses, where the spelling rules below would fail.
_IRREGULAR = {
    "said": "say",
    "won": "win",
    "met": "meet",
    "made": "make",
    "took": "take",
    "led": "lead",
    "held": "hold",
    "hit": "hit",
    "struck": "strike",
    "fell": "fall",
    "rose": "rise",
    "left": "leave",
    "lost": "lose",
    "gave": "give",
    "came": "come",
    "went": "go",
    "found": "find",
    "told": "tell",
    "began": "begin",
    "became": "become",
    "broke": "break",
    "brought": "bring",
    "sought": "seek",
    "shot": "shoot",
    "sent": "send",
    "spoke": "speak",
    "withdrew": "withdraw",
    "ran": "run",
    "saw": "see",
    "kept": "keep",
    "fled": "flee",
    "set": "set",
    "put": "put",
    "cut": "cut",
    "drew": "draw",
    "grew": "grow",
    "paid": "pay",
    "sold": "sell",
    "stood": "stand",
    "wrote": "write",
    "chose": "choose",
    "caught": "catch",
    "fought": "fight",
    "beat": "beat",
    "sank": "sink",
    "swore": "swear",
    "tore": "tear",
    "threw": "throw",
    "flew": "fly",
    "drove": "drive",
    "built": "build",
    "thought": "think",
    "heard": "hear",
    "spent": "spend",
    "bought": "buy",
    "laid": "lay",
    "lay": "lie",
    "meant": "mean",
    "felt": "feel",
    "ate": "eat",
    "forgot": "forget",
    "hid": "hide",
    "hung": "hang",
    "hurt": "hurt",
    "knew": "know",
    "let": "let",
    "lit": "light",
    "quit": "quit",
    "rode": "ride",
    "rang": "ring",
    "sat": "sit",
    "shut": "shut",
    "slid": "slide",
    "spread": "spread",
    "stole": "steal",
    "stuck": "stick",
    "swept": "sweep",
    "taught": "teach",
    "understood": "understand",
    "woke": "wake",
    "wore": "wear",
    "overtook": "overtake",
    "undertook": "undertake",
    "upheld": "uphold",
    "overthrew": "overthrow",
    "forbade": "forbid",
    "foresaw": "foresee",
    "mistook": "mistake",
    "bid": "bid",
    "dealt": "deal",
    "fed": "feed",
    "sped": "speed",
    "split": "split",
    "struck down": "strike down",
    "sprang": "spring",
    "arose": "arise",
    "bore": "bear",
    "shook": "shake",
    "froze": "freeze",
    "sang": "sing",
    "swam": "swim",
    "wept": "weep",
    "wound": "wind",
    "added": "add",
    "fuelled": "fuel",
    "signalled": "signal",
    "totalled": "total",
    "cited": "cite",
    "invited": "invite",
    "united": "unite",
    "ignited": "ignite",
    "excited": "excite",
    "recited": "recite",
    "focused": "focus",
    "biased": "bias",
    "developed": "develop",
    "enveloped": "envelop",
    "died": "die",
    "lied": "lie",
    "tied": "tie",
    "vied": "vie",
    "alleged": "allege",
    "pleaded": "plead",
    "needed": "need",
    "exceeded": "exceed",
    "succeeded": "succeed",
    "proceeded": "proceed",
    "headed": "head",
    "loaded": "load",
    "appeared": "appear",
    "cleared": "clear",
    "feared": "fear",
    "neared": "near",
    "geared": "gear",
    "paired": "pair",
    "aired": "air",
    "poured": "pour",
    "toured": "tour",
    "honored": "honor",
    "honoured": "honour",
    "monitored": "monitor",
    "anchored": "anchor",
    "favored": "favor",
    "labored": "labor",
    "tasted": "taste",
    "wasted": "waste",
    "pasted": "paste",
    "completed": "complete",
    "deleted": "delete",
    "competed": "compete",
    "treated": "treat",
    "defeated": "defeat",
    "repeated": "repeat",
    "heated": "heat",
    "seated": "seat",
    "cheated": "cheat",
    "hoped": "hope",
    "coped": "cope",
    "roped": "rope",
    "scoped": "scope",
    "eloped": "elope",
    "used": "use",
    "postponed": "postpone",
    "phoned": "phone",
    "zoned": "zone",
    "cloned": "clone",
    "atoned": "atone",
    "condoned": "condone",
    "dethroned": "dethrone",
}
# Past participles that differ from the past tense, for "has taken" → "takes".
PARTICIPLES = {
    "taken": "take",
    "given": "give",
    "spoken": "speak",
    "broken": "break",
    "chosen": "choose",
    "written": "write",
    "driven": "drive",
    "eaten": "eat",
    "fallen": "fall",
    "forgotten": "forget",
    "frozen": "freeze",
    "grown": "grow",
    "known": "know",
    "shown": "show",
    "stolen": "steal",
    "sworn": "swear",
    "thrown": "throw",
    "torn": "tear",
    "worn": "wear",
    "begun": "begin",
    "become": "become",
    "come": "come",
    "done": "do",
    "gone": "go",
    "seen": "see",
    "risen": "rise",
    "run": "run",
    "drawn": "draw",
    "flown": "fly",
    "withdrawn": "withdraw",
    "overtaken": "overtake",
    "undertaken": "undertake",
    "won": "win",
}
_AUXILIARY_PAST = {"was", "were"}
# A verb already in the present (or a clause boundary): the headline needs no change.
_PRESENT_STOPS = frozenset(
    """is are says say that may can could would must report reports announce announces find
    finds show shows suggest suggests claim claims warn warns tell tells confirm confirms""".split()
)
_PERFECT = {"has", "have", "had"}
_DETERMINERS = frozenset(
    """a an the his her its their this that these those our your my some any no each every
    several many few all both which whose""".split()
)
_PREPOSITIONS = frozenset(
    """of from in at on for with by near to into over under about after before against
    between among across through during without within amid""".split()
)
_PLURAL_NOUNS = frozenset(
    "people men women children police staff crew teeth feet mice geese data media".split()
)
# Where the subject and verb of a lead cannot be any further in.
_MAX_SUBJECT_WORDS = 14
_VOWELS = "aeiou"
# Prefixes written with a hyphen before a verb: "re-elected", "co-founded", "un-banned".
_VERB_PREFIXES = frozenset("re co pre un over out mis de dis under counter cross".split())


@functools.lru_cache(maxsize=8192)  # pure, and called for most words of every title
def base_form(past: str) -> str | None:
    """The base form of a past-tense or past-participle verb, or None when unsure or not one.

    "collapsed" → "collapse", "stopped" → "stop", "carried" → "carry", "struck" → "strike".
    """
    word = past.lower()
    prefix, hyphen, rest = word.partition("-")
    if hyphen:  # "re-elected" → "re-elect", "co-founded" → "co-found"; "state-owned" is none
        base = base_form(rest) if prefix in _VERB_PREFIXES else None
        return f"{prefix}-{base}" if base is not None else None
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word in PARTICIPLES:
        return PARTICIPLES[word]
    if not word.endswith("ed") or len(word) < 5 or not word.isalpha():
        return None
    stem = word[:-2]
    if word.endswith("ied"):
        return word[:-3] + "y"
    if word.endswith("eed"):
        return word[:-1]  # "agreed"
    if word.endswith("oed"):
        return word[:-2]  # "echoed"
    last, before = stem[-1], stem[-2]
    if last == before and last in "bdgmnprt":
        return stem[:-1]  # "stopped", "admitted", "planned"
    if last in "cvzu":
        return stem + "e"  # "danced", "moved", "seized", "argued"
    if last == "s":
        return stem if before == "s" else stem + "e"  # "passed"; "raised", "collapsed"
    if (word.endswith("elled") and len(word) >= 8) or (word.endswith("olled") and len(word) >= 9):
        return stem[:-1]  # British "cancelled", "travelled", "controlled"; not "spelled"
    if last in "hwxy" or (last in "lfk" and before == last):
        return stem
    if last == "g":
        return stem + "e" if before in "nrldua" else stem  # "changed", "charged", "engaged"
    return _vowel_stem(stem)


def _vowel_stem(stem: str) -> str | None:
    """Add the silent "e" after a single vowel and consonant ("voted", "ruled", "named")."""
    last, vowel, before = stem[-1], stem[-2], stem[-3] if len(stem) > 2 else ""
    if vowel not in _VOWELS:
        if last == "l" and vowel in "btdpkgcz":
            return stem + "e"  # "settled", "tackled", "scheduled" below
        return stem  # "started", "asked", "helped", "ended", "formed", "warned"
    if before == "u" and stem[-4:-3] == "q":
        before = "q"  # "required", "acquired": the u of "qu" is no vowel
    if before in _VOWELS or before == "":
        if last == "t" and vowel == "a" and before == "e":
            return stem + "e"  # "created" ("treated" is in the table)
        return stem  # "joined", "claimed", "revealed", "looked", "rooted"
    if last in "tdkmnlrbp" and vowel == "e":
        return stem  # "targeted", "opened", "entered", "traveled", "labeled"
    if last == "t" and vowel == "i":
        return stem  # "visited", "edited", "limited" ("cited" is in the table)
    if last == "n" and vowel == "o":
        return stem  # "questioned", "abandoned", "imprisoned" ("postponed" is in the table)
    if last in "tdkmnlrbp":
        return stem + "e"  # "voted", "decided", "liked", "named", "declined", "ruled", "declared"
    return None


def third_person(base: str) -> str:
    """ "say" → "says", "carry" → "carries", "push" → "pushes"."""
    if base.endswith(("s", "x", "z", "ch", "sh", "o")) and base not in ("do", "go"):
        return base + "es"
    if base in ("do", "go"):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    if base == "be":
        return "is"
    if base == "have":
        return "has"
    return base + "s"


# Words ending in "-ed" that are no verbs: "a few hundred people", "the sacred ibis".
_NOT_PAST = frozenset(
    """hundred kindred sacred naked wicked rugged ragged jagged crooked wretched beloved hatred
    bed red shed speed seed need feed breed deed weed greed steed""".split()
)


def _is_past(word: str) -> bool:
    lower = word.lower()
    return (
        word[:1].islower()
        and lower not in _NOT_PAST
        and (lower in _IRREGULAR or lower.endswith("ed"))
        and (base_form(lower) is not None)
    )


def is_past_tense(word: str) -> bool:
    """A lower-case past-tense form ("collapsed", "struck"), not a bare participle ("stolen")."""
    return _is_past(word)


def _plural_subject(subject: list[str]) -> bool:
    """Two names joined by "and", or a head noun (before any modifier) in the plural."""
    words = [w.strip(",;:") for w in subject]
    for index, word in enumerate(words[1:-1], start=1):
        if word.lower() in _PREPOSITIONS:
            break  # "A helicopter under contract to Pacific Gas and Electric"
        after = words[index + 1]
        before = words[index - 1]
        if (
            word == "and"
            and (
                after.lower() in _DETERMINERS
                or after[:1].isdigit()
                # "retailer Tesco and Denmark-based retailer Salling", "Sanders and President
                # Trump", "store chains Woolworths and Coles": two named parties
                or (
                    _is_name_word(before, index - 1)
                    and (after.endswith("-based") or after in _TITLES_BEFORE_NAMES)
                )
                or (
                    _is_name_word(before, index - 1)
                    and after[:1].isupper()
                    and any(_plural_word(w) and w[:1].islower() for w in words[: index - 1])
                )
                or (_is_name_word(before, index - 1) and after[:1].islower())
                or (
                    not _is_name_word(before, index - 1)
                    and after[:1].islower()
                    and words[-1][:1].islower()
                )
            )
        ):
            # "a truck and a group", "truck and group of cyclists", "Ted Cruz and fellow
            # Republican …"; not the one person of "singer and lyricist Robert Hunter".
            return True
    head_words: list[str] = []
    for index, word in enumerate(words):
        lower = word.lower()
        if (
            lower in _PREPOSITIONS
            and index + 1 < len(words)
            and _is_count(words[index + 1])
            and all(w.lower() in _QUANTITY_ADVERBS for w in head_words)
        ):
            head_words.append(word)  # "Well over 100,000 people": a quantity, not a phrase
            continue
        if lower.endswith("ly") and head_words:
            continue  # "Researchers mostly from …"
        if (
            lower in _PREPOSITIONS
            or lower in ("who", "which", "that", "and")
            or (len(head_words) > 0 and (lower.endswith("ing") or _is_past(word)))
        ):
            break  # "Bus carrying children", "A bus operated by …"
        head_words.append(word)
    if not head_words:
        return False
    if any(
        _is_count(word)
        and (nxt[:1].islower() or _is_count(nxt))
        # not a model's number: "A Boeing 707 cargo plane", "the Apollo 11 crew"
        and not (word[:1].isdigit() and index > 0 and _names_model(head_words[index - 1]))
        for index, (word, nxt) in enumerate(zip(head_words, [*head_words[1:], ""], strict=False))
    ):
        return True  # "Well over 100,000 people", "Two officers", "Dozens of …"
    head = head_words[-1]
    if head.lower() == "general" and len(head_words) > 1:
        return _plural_word(head_words[-2])  # "Attorneys general", "secretaries general"
    if (
        len(head_words) > 1
        and head_words[-2] in _PLACE_FIRST_WORDS
        and _DEMONYM_PLURAL.search(head)
    ):
        return True  # "Hong Kongers", "New Yorkers"; not "John Conyers"
    if head[:1].isupper() and (len(head_words) > 1 or not _common_plural(head.lower())):
        return False  # a name: "Reuters", "Wikinews", "Doris Day"
    return _plural_word(head)


def _names_model(word: str) -> bool:
    """WORD, before a number, names what the number is a model of ("Boeing 707", "Apollo
    11"), and is no quantity word ("Over 100 people", "Some 300 people")."""
    lower = word.lower()
    return (
        word[:1].isupper()
        and lower not in _QUANTITY_ADVERBS
        and lower not in _PREPOSITIONS
        and lower not in _DETERMINERS
        and lower not in ("about", "around", "almost", "nearly", "least", "than", "only")
    )


_DEMONYM_PLURAL = re.compile(r"[a-z](?:ers|ians|ans|ese)$")
_PLACE_FIRST_WORDS = frozenset(
    "Hong New South North East West Sri Puerto Costa Saudi Sierra El San Los Las".split()
)


# Past forms that never modify a noun as a participle: "X died at a care home named …".
_NEVER_PARTICIPLE = frozenset(
    """died arrived occurred happened emerged existed remained resigned lived slept
    collapsed disappeared vanished""".split()
)
_TITLES_BEFORE_NAMES = frozenset(
    """President Prime Minister Senator Governor Mayor King Queen Prince Princess Chancellor
    Secretary General Judge Pope Bishop Representative Speaker Chairman Chief""".split()
)
_QUANTITY_ADVERBS = frozenset("well nearly almost just roughly some more fewer up".split())
_COUNT_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve dozens hundreds thousands
    millions tens several many""".split()
)


def _is_count(word: str) -> bool:
    """A number above one that is not a year: "40", "100,000", "thousands"."""
    lower = word.lower()
    if lower in _COUNT_WORDS:
        return True
    digits = lower.replace(",", "")
    if not digits.isdigit():
        return False
    value = int(digits)
    return value > 1 and not (len(digits) == 4 and 1800 <= value <= 2100)


def _common_plural(lower: str) -> bool:
    """A plural common noun opening a sentence ("Scientists", "Negotiators", "Lawmakers")."""
    if lower in _common() or lower[:-1] in _common():
        return True
    return lower.endswith(("ors", "ers", "ists", "ians", "ants", "ents", "ives", "ees")) and (
        lower not in ("reuters",)
    )


def _is_name_word(word: str, index: int) -> bool:
    """A capitalised word that is a name, not a common word capitalised to open the title."""
    return word[:1].isupper() and (index > 0 or word.lower() not in _common())


def _plural_word(word: str) -> bool:
    lower = word.lower()
    if lower in _PLURAL_NOUNS:
        return True
    return lower.endswith("s") and not lower.endswith(("ss", "us", "is", "'s", "’s"))


def _common() -> frozenset[str] | set[str]:
    """Common English words: tells "Scientists" from "Wikinews" at the start of a sentence."""
    from briefgen.extract.lexicon import common_words

    return common_words()


def _coordinated_verbs(words: list[str], plural: bool) -> list[str]:
    """A second verb of the same subject follows suit: "raises rates and said" → "and says"."""
    out = list(words)
    for index in range(len(out) - 1):
        if out[index] != "and":
            continue
        word = out[index + 1].rstrip(",;:")
        base = base_form(word) if _is_past(word) else None
        following = out[index + 2].lower() if index + 2 < len(out) else ""
        if base is not None and following != "by":
            verb = base if plural else third_person(base)
            out[index + 1] = verb + out[index + 1][len(word) :]
    return out


def _simultaneous_clause(words: list[str]) -> list[str]:
    """What happens meanwhile follows suit: "issues alerts as storm approached" → "as storm
    approaches" (an "as" or "while" clause whose verb comes within a few words)."""
    out = list(words)
    for index, word in enumerate(out[:-1]):
        if word not in ("as", "while"):
            continue
        for at in range(index + 2, min(index + 2 + _MAX_MEANWHILE_SUBJECT, len(out))):
            verb = out[at].rstrip(",;:")
            following = out[at + 1].lower() if at + 1 < len(out) else ""
            if verb in _MEANWHILE_STOPS:
                break  # "as the ceasefire was agreed": a passive or perfect stays as it is
            if not (verb.islower() and verb.isalpha() and _is_past(verb)) or following == "by":
                continue
            base = base_form(verb)
            if base is not None:
                plural = _plural_subject(out[index + 1 : at])
                present = base if plural else third_person(base)
                out[at] = present + out[at][len(verb) :]
            break
        break
    return out


_MAX_MEANWHILE_SUBJECT = 4
_MEANWHILE_STOPS = frozenset(
    "was were had has have is are be been would could did not who which that".split()
)


# Verbs that report a clause: after them in the present, the clause leaves the past of
# reported speech ("announces she was endorsing" → "announces she is endorsing").
_REPORTING = frozenset(
    """say announce report declare acknowledge confirm state claim reveal admit warn deny
    insist note explain write tweet""".split()
)
_REPORTING_FORMS = _REPORTING | frozenset(third_person(b) for b in _REPORTING)
_BACKSHIFTED = frozenset(("was", "were", "had", "would"))
# A finite verb or a clause break: the words after the reporting verb are no plain subject.
_CLAUSE_STOPS = frozenset(
    """is are has have will can could may might must should do does did not who which
    when if because after before while""".split()
)
_SINGULAR_PRONOUNS = frozenset(("he", "she", "it"))
_PLURAL_PRONOUNS = frozenset(("they", "we", "you", "i"))
_MAX_REPORTED_SUBJECT = 8


def _reported_clause(words: list[str], verb: int) -> list[str]:
    """Undo the backshift of reported speech after a reporting verb now in the present.

    "announces she was endorsing X" → "announces she is endorsing X", "says they had
    arrested" → "says they have arrested", "announces troops would be leaving" → "will be
    leaving". Only the clause's own verb right after its subject; "would have" and a past
    passive ("says X was poisoned") stay: they are no backshift.
    """
    if words[verb].lower() not in _REPORTING_FORMS:
        return words
    start = verb + 1
    if start < len(words) and words[start].lower() == "that":
        start += 1
    for k in range(start, min(len(words) - 1, start + _MAX_REPORTED_SUBJECT)):
        word = words[k]
        lower = word.lower()
        if lower in _BACKSHIFTED and k > start:
            return _unshift(words, start, k)
        if (
            word != word.rstrip(",;:\"”'’")
            or word[:1] in "\"“‘'("
            or lower in _CLAUSE_STOPS
            or (word[:1].islower() and (_is_past(word) or lower.endswith("ing")))
        ):
            return words
    return words


def _unshift(words: list[str], subject_start: int, aux: int) -> list[str]:
    """Put the auxiliary at AUX in the present, when what follows shows a backshift."""
    nxt = aux + 1
    adverb = words[nxt].strip("\"“”'‘’").lower() if nxt < len(words) else ""
    if nxt + 1 < len(words) and adverb.endswith("ly") and adverb.isalpha():
        nxt += 1  # "were officially ending", 'had "unintentionally" shot'
    following = words[nxt].strip("\"“”'‘’").lower()
    lower = words[aux].lower()
    subject = words[subject_start:aux]
    if lower in ("was", "were"):
        if not (following.endswith("ing") and len(following) > 4 and following.isalpha()):
            return words
        verb = "is" if lower == "was" else "are"
    elif lower == "had":
        if not (following == "been" or _is_past(following) or following in PARTICIPLES):
            return words
        first = subject[0].lower() if len(subject) == 1 else ""
        if first in _SINGULAR_PRONOUNS:
            verb = "has"
        elif first in _PLURAL_PRONOUNS or _plural_subject(subject):
            verb = "have"
        else:
            verb = "has"
    else:  # "would"
        if following in ("have", "") or not following.isalpha():
            return words
        if any(w.lower() in ("if", "unless") for w in words[aux + 2 :]):
            return words  # "would call off the strike if the offer improved": a condition
        verb = "will"
    return [*words[:aux], verb, *words[aux + 1 :]]


def present_tense(title: str) -> str:
    """Put the main verb of a headline in the present tense (see the module docstring)."""
    words = title.split()
    found = _present_main(words)
    if found is None:
        return title
    out, verb = found
    if verb >= 0:
        out = _reported_clause(out, verb)
    return title if out == words else " ".join(out)


def _present_main(words: list[str]) -> tuple[list[str], int] | None:
    """The words with the main verb in the present, and the verb's index (-1: not told).

    None when nothing changes.
    """
    for index in range(1, min(len(words), _MAX_SUBJECT_WORDS)):
        word = words[index].rstrip(",;:")
        lower = word.lower()
        following = words[index + 1].lower().rstrip(",;:") if index + 1 < len(words) else ""
        letters = word.replace("-", "")
        if word[:1].isupper() or (not letters.isalpha() and not letters[:-1].isalpha()):
            continue
        if lower in _AUXILIARY_PAST:
            if following and (_is_past(following) or following in PARTICIPLES):
                return words[:index] + words[index + 1 :], -1
            return None
        if lower in _PERFECT:
            if following == "been" and index + 2 < len(words) and _is_past(words[index + 2]):
                return words[:index] + words[index + 2 :], -1
            base = base_form(following) if following else None
            if base is None or lower == "had":
                return None
            verb = third_person(base) if lower == "has" else base
            return [*words[:index], verb, *words[index + 2 :]], index
        if lower == "will" and following.isalpha() and following not in ("be", "not"):
            return [*words[:index], "to", *words[index + 1 :]], -1
        if _is_past(word):
            previous = words[index - 1].lower()
            if previous in _DETERMINERS or previous in _PREPOSITIONS or following == "by":
                continue  # "the alleged killer", "a bus operated by …"
            if (
                following in _PREPOSITIONS
                and lower not in _NEVER_PARTICIPLE
                and not (index >= 2 and _is_name_word(words[index - 1], index - 1))
                and any(
                    _is_past(later) and nxt.lower() != "by"
                    for later, nxt in zip(
                        words[index + 2 : index + 12],
                        [*words[index + 3 : index + 13], ""],
                        strict=False,
                    )
                )
            ):
                continue  # "A study published in Nature reported …": a participle
            base = base_form(lower)
            if base is None:
                return None
            plural = _plural_subject(words[:index])
            verb = base if plural else third_person(base)
            verb += words[index][len(word) :]  # the comma or colon after it
            rest = _simultaneous_clause(_coordinated_verbs(words[index + 1 :], plural))
            return [*words[:index], verb, *rest], index
        if lower in _PRESENT_STOPS:
            return list(words), index
    return None


# Headline abbreviations for names a headline shortens.
_SHORT_NAMES = (
    (re.compile(r"\b(?:the )?United States(?! of)(?= |$|,|'|’)"), "US"),
    (re.compile(r"\b(?:the )?United Kingdom\b"), "UK"),
    (re.compile(r"\b(?:the )?United Nations\b"), "UN"),
    (re.compile(r"\b(?:the )?European Union\b"), "EU"),
)


_AGE_OF = re.compile(r"\bat the age of (\d{1,3})\b")


def short_names(title: str) -> str:
    """ "the United States" → "US", likewise UK, UN and EU, as headlines write them;
    "at the age of 78" → "at 78"."""
    if "age of" in title:
        title = _AGE_OF.sub(r"at \1", title)
    if "United" not in title and "European Union" not in title:
        return title
    for pattern, short in _SHORT_NAMES:
        title = pattern.sub(functools.partial(_short, short=short), title)
    return title


def _short(match: re.Match[str], short: str) -> str:
    """ "the United Kingdom" → "UK", but "of the UK": "Parliament of UK" is not English."""
    if match.group(0).startswith("the ") and match.string[: match.start()].endswith("of "):
        return f"the {short}"
    return short
