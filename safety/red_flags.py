"""Recognises signs that need a doctor now, and thoughts of self-harm, in what a patient writes.

The list of signs follows the warning signs that public-health and plastic-surgery bodies give
after cosmetic and regenerative procedures: the U.S. FDA's consumer information on regenerative
medicine products (infections, vision loss, tumours after unapproved injections), the NHS pages
"Sepsis" and "Anaphylaxis", and BAPRAS's patient guide "Cosmetic surgery abroad" (blood clots,
infection).

A sign counts when it is reported ("fever after the injection", "my mom passed out"), and not
when a clause only asks what could happen or how common it is ("is fever a side effect?", "what
are the risks of infection?") with nothing happening now: those go to the normal answers.
Messages mix questions and reports, so each clause is judged on its own. Thoughts of self-harm
always count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safety.levels import DESPAIR, EMERGENCY, NONE, SOON, URGENT, most_serious


@dataclass(frozen=True)
class Category:
    slug: str
    label: str
    level: str  # emergency: ambulance or emergency room now; urgent: the clinic or a doctor today
    pattern: re.Pattern


def category(slug: str, label: str, level: str, *alternatives: str) -> Category:
    return Category(slug, label, level, re.compile("|".join(f"(?:{alternative})" for alternative in alternatives)))


def any_of(*words: str) -> str:
    return "(?:" + "|".join(words) + ")"


# fmt: off
NEAR = r"\W+(?:\w+\W+){0,3}"   # up to three words in between
FAR = r"\W+(?:\w+\W+){0,6}"    # up to six
SKIN_PLACES = any_of("skin", "area", "spot", "site", "wound", "face", r"cheeks?", r"scars?", "tummy", "belly",
                     r"thighs?", "hip", r"lips?", "nose", "forehead", "it")
COLOURS = any_of("white", "pale", r"gr[ae]y(?:ish)?", r"blu(?:e|ish)", r"purpl(?:e|ish)", r"black(?:ish)?", "dusky",
                 "mottled", "dead")
CHANGES = any_of(r"turn(?:ed|ing|s)?", r"go(?:ing|ne|es)?", "went", r"bec(?:ame|oming|ome)", r"chang(?:ed|ing)(?: to)?",
                 r"looks?", "looking", r"is(?: now)?", r"are(?: now)?")
SEVERE = any_of(r"sev[ea]+re?", r"(?:very )*strong", "terrible", "unbearable", "extreme", "excruciating", "worst",
                "intense", "horrible", "really bad", "very bad", "so much", "awful", "sharp", "throbbing", "crazy")
PAIN = any_of(r"pain\w*", r"ache\w*", r"hurt\w*")
NOT_WORKING = any_of(r"don'?t", r"doesn'?t", "do not", "does not", "are not", r"aren'?t", r"isn'?t", "not")
CANNOT = any_of(r"can'?t", "cannot", "can not", r"could(?:n'?t| not)", "unable to")

CATEGORIES: tuple[Category, ...] = (
    category("self_harm", "thoughts of self-harm", DESPAIR,
             r"\b(?:kill|hurt|harm|cut)\w*\s+(?:my\s*self|myself|herself|himself|themselves|themself)\b", r"suicid\w*",
             r"\bend (?:my life|it all|everything)\b", r"\bending it(?: all)?\b", r"take my (?:own )?life",
             r"\b(?:don'?t|do not|dont) want to (?:live|be alive|exist|wake up)",
             r"\b(?:want|wanna|going|wish) to die\b",
             "better off dead", r"better (?:if )?i (?:die|was dead|were dead|am dead)", r"wish i (?:was|were) dead",
             "no reason to live", "not worth living", r"\blife is(?: not|n'?t) worth", r"\bself[- ]?harm",
             r"point (?:in|of) (?:living|being alive|going on)", r"want to disappear forever",
             r"can'?t (?:go on|live like this|live with (?:this|my) face)",
             # Warning signs of suicide as the 988 Lifeline and NIMH list them: preparing (saving pills,
             # looking up heights), saying goodbye, giving things away, being a burden, not being around.
             r"\b(?:saving|saved|collecting|stockpil\w*|hoard\w*) (?:up )?(?:all )?(?:my |the )?(?:sleeping )?"
             r"(?:pills|tablets|meds|medication)",
             r"\b(?:gave|giving) (?:away )?(?:all )?my (?:cat|dog|pets?|things|stuff|belongings)\b",
             r"\b(?:goodbye|farewell) (?:letters?|notes?)\b", r"\bwr(?:ote|iting|ite) letters? to (?:my|everyone)",
             r"\b(?:sleep|go to sleep) forever\b", r"\bnever wake up\b",
             r"\b(?:won'?t|will not|wont) be (?:here|around|alive)\b",
             r"\bnobody (?:would|will) (?:even )?(?:notice|miss|care)",
             r"\bhow (?:high|tall) (?:the|that) (?:bridge|building|roof)", r"\ba burden to\b",
             r"\b(?:started |am |been )?cutting (?:myself )?again\b", r"\bnot wake up\b", r"\boverdos\w*",
             r"\b(?:sat|sitting|standing|stood) on (?:the|a) (?:bridge|roof|ledge|edge)\b"),
    # Stroke signs (the NHS's and the American Stroke Association's F.A.S.T.: face drooping, arm
    # weakness, speech difficulty) and sudden confusion, which is also a sign of sepsis.
    category("stroke_confusion", "a drooping face, a weak arm or leg, slurred speech or sudden confusion",
             EMERGENCY,
             r"\bslurr\w*", r"\bdroop\w*", r"\blopsided\b", r"\b(?:mouth|smile|face) (?:\w+ )?(?:crooked|twisted)",
             CANNOT + r" (?:move|lift|raise|feel) (?:my|her|his) (?:\w+ )?(?:arm|leg|hand|side)",
             any_of(r"arms?", r"legs?", "hand", r"side of (?:my|her|his) (?:face|body)") + FAR
             + any_of(r"numb\w*", r"weak\w*", "heavy", "limp", r"paraly\w*", r"won'?t move"),
             # confused as a state ("she is suddenly confused"), not puzzled ("i'm confused about the prices")
             r"\b(?:suddenly|getting|gets|became|become|seems?|is|was|feels?|felt)\s+(?:\w+\s+)?"
             r"confused\b(?! (?:about|by|with|which|what|how|why|if|whether|on|over))",
             r"\bsudden(?:ly)? confusion\b", r"\bmuddled\b",
             r"\b(?:doesn'?t|didn'?t|does not|did not) (?:know where|recogni[sz]e)"),
    category("sudden_headache", "a sudden, severe headache", EMERGENCY,
             r"\bworst headache", SEVERE + r"\s+(?:\w+\s+)?headache\w*\W+(?:\w+\W+){0,6}(?:sudden\w*|out of nowhere)",
             r"\bsudden\w*\s+(?:\w+\s+)?" + SEVERE + r"\s+headache",
             r"\bheadache\W+(?:\w+\W+){0,4}like (?:being hit|a hammer)"),
    category("chest_pain", "chest pain", EMERGENCY,
             r"\bches+t" + NEAR + any_of(r"pain\w*", r"hurt\w*", r"tight\w*", "pressure", r"ache?\w*", "heavy"),
             any_of(r"pain\w*", "pressure", r"tight\w*", r"crush\w*", "heaviness") + FAR + r"ches+t\b",
             "heart attack"),
    category("breathing", "shortness of breath", EMERGENCY,
             any_of(CANNOT, "hard to", r"difficult(?:y)?(?: to)?", "trouble", r"struggl\w*(?: to)?", "problem")
             + r"\s*breath\w*",
             r"short(?:ness)? of breath", "breathless", "out of breath", r"\bwheez\w*", r"\bgasping", r"\bair hunger",
             r"breathing (?:is )?(?:\w+ )?(?:hard|difficult|heavy|fast|weird|strange)", r"(?:get|getting) enough air"),
    # Lips, tongue or throat swelling is anaphylaxis or angioedema until shown otherwise; a swollen
    # face after face injections is expected for days, a reason to call the clinic when it is marked.
    category("swelling_throat", "swelling of the lips, tongue or throat", EMERGENCY,
             any_of(r"lips?", "tongue", "throat") + NEAR
             + any_of(r"swell\w*", "swollen", r"puff\w*", "closing", r"tight\w*", "huge", "big", "bigger"),
             any_of(r"swell\w*", "swollen", "puffy") + NEAR + any_of(r"lips?", "tongue", "throat"),
             r"throat (?:is )?closing", any_of(CANNOT, "hard to", "trouble") + r" swallow\w*"),
    category("swelling_face", "marked swelling of the face or eyes", URGENT,
             any_of("face", r"eyelids?", r"eyes?", r"cheeks?") + FAR
             + any_of(r"swell\w*", "swollen", r"puff\w*", "huge", "bigger", "shut"),
             any_of(r"swell\w*", "swollen", "puffy") + NEAR + any_of("face", r"eyes?", r"cheeks?")),
    # A swollen calf or leg after surgery or a long flight: a possible blood clot (NHS, "DVT"; BAPRAS).
    category("blood_clot", "a swollen leg or calf (a possible blood clot)", EMERGENCY,
             any_of("calf", "calves", r"legs?") + FAR
             + any_of(r"swell\w*", "swollen", "twice the size", "bigger than")),
    category("allergic_reaction", "hives or another allergic reaction", EMERGENCY,
             r"anaphyla\w*", r"allergic (?:shock|reaction)", r"\bhives\b"),
    category("fainting", "fainting or feeling faint", EMERGENCY,
             r"\bfaint(?:ed|ing|ness)\b", r"\bdizz\w*", r"\blight[- ]?headed\w*",
             r"\b(?:feel\w*|felt|i|she|he|almost|nearly|about to) faint\b",
             r"pass(?:ed|es|ing)? out", r"black(?:ed)? out", r"los(?:t|e|ing) conscious\w*", r"\bunconscious",
             r"\bcollaps\w*", r"\b(?:fell|fall|falling) (?:down|over)\b", r"\bwon'?t wake up"),
    category("vision_change", "vision changes", EMERGENCY,
             any_of(r"blur\w*", "double", "lost", "losing", "loss of", "dim", r"dark spots?", r"flash\w*", "weird",
                    "strange", "bad", "no") + NEAR + any_of(r"vis+i?on", "sight", "eyesight"),
             any_of(r"vis+i?on", "sight", "eyesight", r"eyes?") + NEAR
             + any_of(r"blur\w*", "double", "gone", "dark", "black", "fuzzy", "worse", "cloudy", "spots", r"fog\w*"),
             CANNOT + " see", r"\bblind(?:ness)?\b", r"see(?:ing)? double", r"\bseeing (?:spots|flashes)",
             r"\blike (?:a )?fog\b"),
    category("heavy_bleeding", "heavy bleeding", EMERGENCY,
             any_of(r"ble+d\w*", "blood") + NEAR
             + any_of(r"won'?t stop", "wont stop", r"not stop\w*", r"doesn'?t stop", "does not stop",
                      r"keeps? (?:coming|going)", "everywhere"),
             r"heavy ble+d\w*", r"ble+d\w* (?:heavily|a lot|badly|non ?stop|profusely|through)",
             r"(?:keeps?|still|won'?t stop|wont stop) ble+d\w*", r"ble+d\w* (?:has|had)(?:n'?t| not) stopped",
             r"(?:lots|a lot) of blood", "so much blood",
             "full of blood", r"soak\w* (?:through|with blood|in blood)", "gushing", r"pouring (?:blood|out)",
             r"blood (?:is )?(?:still )?coming (?:out )?(?:very much|a lot|so much|still)"),
    category("skin_colour_change", "skin turning white, grey, blue or black", EMERGENCY,
             SKIN_PLACES + NEAR + CHANGES + r"\s+(?:\w+\s+){0,2}" + COLOURS + r"\b",
             r"(?!gr[ae]y areas?\b)" + COLOURS + r"\s+(?:spots?|patch\w*|areas?|marks?)\b", r"\bnecro\w*",
             r"\bdying skin",
             r"\bskin (?:is )?dying"),
    category("fever_chills", "fever or chills", URGENT,
             r"\bf+[ei]+a?v+[ae]*r+\w*", r"\bfeber", r"\bfiever", r"\bchill(?:s|y)?\b", r"\bshiver\w*", r"\bshaking\b",
             r"\brigou?rs?\b", r"high temp\w*", r"\btemperature of", r"running a temp", r"\bthermometer",
             r"\b3[89](?:[.,]\d)? ?(?:°|degrees|c\b)", r"\b(?:3[89]|40)[.,]\d\b",
             r"\b10[1-4](?:[.,]\d)? ?(?:°|degrees|f\b)",
             r"\bhot (?:and|then) (?:\w+ )?cold\b"),
    category("infection_signs", "redness, warmth, pus or a bad smell at a treated site", URGENT,
             r"\bpu+s+\b", r"\bpuss\w*",
             r"\bdischarg(?:e|ing)\b", r"\booz\w*", r"\bleak\w* (?:yellow|green|fluid|liquid|pus)",
             r"(?:yellow|green) (?:fluid|liquid)", r"\b(?:smell|smells|smelly|stink\w*|odou?r)\b", r"\binfect\w*",
             r"\babscess", r"red streaks?", r"redness\W+(?:\w+\W+){0,3}spread\w*", r"spreading (?:red|redness)",
             "getting redder", r"(?:hot|warm) to (?:the )?touch", r"(?:red|hot|warm) and (?:hot|warm|swollen|red|hard)",
             r"\bcellulitis",
             any_of(r"stitch\w*", r"sutur\w*", "wound", "incision", "cut") + FAR
             + any_of(r"(?:came |come |coming |is |has )?open\w*", r"gap\w*", "split", "came apart", "burst"),
             r"\b(?:split|came|come|burst|ripped|torn) open\b", r"\breopen\w*", r"\b(?:pulling|coming|came) apart\b",
             r"\bedges? (?:are |is )?(?:apart|separat\w*)",
             r"\bleak\w*" + FAR + any_of(r"yellow\w*", r"green\w*", "thick", "cloudy"),
             r"\b(?:hot|warm)\W+(?:\w+\W+){0,2}red\b", r"\bred\W+(?:\w+\W+){0,2}(?:hot|warm)\b"),
    category("severe_pain", "severe or worsening pain", URGENT,
             SEVERE + r"\s+(?:\w+\s+)?" + PAIN,
             r"pain\w*" + FAR + any_of("worse", "worst", "worsening", r"increas\w*", "unbearable", "killing me",
                                       r"(?:[89]|10) ?/ ?10", r"(?:[89]|10) out of 10", r"can'?t sleep", r"not stop\w*",
                                       r"won'?t stop"),
             r"hurts? (?:so )?(?:bad(?:ly)?|like hell|a lot more)", r"can'?t (?:stand|bear) the pain",
             r"scream\w* (?:in|with|from) pain", r"can'?t (?:even )?(?:let anyone )?touch",
             any_of(r"painkillers?", "tylenol", "medicine", r"pills?") + " "
             + any_of(NOT_WORKING + r" (?:help|work)\w*", "(?:does|do) nothing")),
)

# Something is happening now, or has happened.
_PRESENT = re.compile(
    r"\b(?:now|right now|currently|still|since|today|tonight|yesterday|last night|this morning|this evening"
    r"|hours? ago|days? ago|a day after|after (?:my|her|his) \w+|getting worse|keeps?|started|started to"
    r"|i have|i've|ive|i got|i feel|i can (?:see|feel)|having|has been|have been|is getting|woke up|turned|became"
    r"|noticed)\b")
# A question about what could happen or how common it is, or a habit ("i faint easily with blood
# draws"), not a report of what is happening.
_HYPOTHETICAL = re.compile(
    r"\b(?:can(?!'?t| ?not)|could(?!n'?t| not)|will|would|might|may|does|do|what if|in case|chance|risks?"
    r"|is it (?:ok|okay|safe)|(?:ok|okay|safe) to"
    r"|is it (?:normal|common|possible|likely)|side effects?|how (?:often|common|likely|many)|what happens if"
    r"|should i (?:worry|be worried) if|patients get|people get|the article|avoid\w*|prevent\w*|percent\w*"
    r"|usual(?:ly)?|normal|common|typical|expected|easy|easily|always|tend to|whenever)\b|%")
# The patient asks what to do about what they describe ("pus from the site, what do i do?", "lips
# swelling, does it need a doctor?", "will it go away?"): a report, though it reads like a question.
_ASKS_FOR_HELP = re.compile(
    r"\bwhat (?:do|should|shall|can|must) (?:i|we|she|he|they) do\b|\bwhat (?:to do|now)\b"
    r"|\b(?:do|does|should|must) (?:i|we|she|he|they|it|this|that) (?:need|have to|go|see|call)\b"
    r"|\bwill (?:it|this|that|they) (?:go away|get better|heal|pass|stop|settle|calm)\b"
    r"|\bis (?:this|that) (?:normal|ok|okay|bad|serious|dangerous|an emergency)\b|\bis it normal (?:that|my)\b"
    r"|\bshould i (?:worry|be worried|be scared)\b(?! if)|\bplease help\b|\bhelp me\b")
# ...unless it is asked about a case that has not happened ("what do i do if i get a fever?").
_CONDITIONAL = re.compile(r"\b(?:if|in case|whenever|suppose|supposing)\b")
# Clause boundaries: sentence ends, and the words that join a second thought to a first.
_CLAUSES = re.compile(r"[.?!;\n]+|,\s*(?=(?:and|but|also|btw|plus|then) )|\b(?:also|btw|by the way|anyway)\b")
# fmt: on

# A sign denied or over: "no fever", "without any discharge", "don't feel dizzy", "the bleeding
# stopped", "fever is gone". A negation reaches two words ahead ("or", "any", "a" not counted), within
# the clause and not past "but".
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|without|never|none|free of|(?:do|does|did)n'?t (?:have|feel|get|see|notice)"
    r"|(?:do|does|did) not (?:have|feel|get|see|notice)|(?:have|has)n'?t (?:had|got|noticed))"
    r"(?:(?:\s+(?:or|nor|any|a|an)\b)*\s+(?!but\b|and\b|so\b|such\b|this\b|that\b)[\w']+){0,2}"
    r"(?:\s+(?:or|nor|any|a|an)\b)*\s*$")
_OVER_AFTER = re.compile(
    r"^\W*(?:[\w']+\W+){0,2}?(?:is |was |has |have |had )?(?:gone|stopped|went away|passed(?! out)|(?:is|are|was) over"
    r"|resolved|disappeared|subsided|cleared up|any ?more|no longer)\b")
_STILL_AFTER = re.compile(r"^\W*(?:[\w']+\W+){0,2}?[\w']*(?:n't|\bnot|\bnever)\b")
# Mild, expected effects described as such ("a bit swollen", "slightly red") are not warning signs.
_MILD_DISMISSES = ("swelling_face", "severe_pain")  # a mild fever after a procedure still needs a doctor
_MILD = re.compile(r"\b(?:a (?:bit|little)|slight(?:ly)?|mild(?:ly)?|a tiny bit|kind of|somewhat)\b")
# Weeks or months on, swelling or a lump that lingers is a reason to contact the clinic soon.
_WEEKS_ON = re.compile(
    r"\b(?:\d+|a few|few|several|two|three|four|five|six|many) (?:weeks?|months?)\b|\ba month\b|\bmonths\b")
_STILL = re.compile(r"\b(?:still|for|been|since|remains?|persist\w*|(?:hasn'?t|not|never) (?:gone|went)|won'?t go)\b")
_LINGERS = {"swelling_face": SOON, "swelling_throat": None}  # None: the level stays as it is
# Someone else's story from long ago, or something read ("my cousin had pus after her nose job in
# 2020", "a girl on a forum said..."), is not a report, unless the clause also says it is happening now.
_ELSEWHERE = re.compile(
    r"\b(?:years? ago|(?:in|back in) (?:19|20)\d\d|as a (?:kid|child|teen(?:ager)?)"
    r"|when i was (?:a )?(?:kid|child|teen|young)|on (?:a|the) forum|on reddit|on youtube"
    r"|i (?:read|heard|saw online)|someone said|people say|(?:she|he|they) said)\b")
_HAPPENING = re.compile(r"\b(?:right now|just now|since|today|tonight|this morning|yesterday|currently|started)\b")
# Fainting at a price, a bank account's heart attack: figures of speech about money, not signs.
_MONEY_TALK = re.compile(r"\b(?:price\w*|quote\w*|costs?|bill|bank|wallet|account|lol|lmao|haha)\b")
_FIGURATIVE = ("fainting", "chest_pain")
# Words of the common signs, and a clause that says they are over or fine: when every sign word of a
# message is denied, over or mild, the semantic check (which does not read negation) is not asked
# in English (safety/nlu.py).
_SIGN_WORDS = re.compile(
    r"\b(?:fever\w*|temperature|pus|discharge|bl(?:ee|e)d\w*|blood|swell\w*|swollen|bruis\w*|red(?:ness)?|pain\w*"
    r"|sore\w*|hurt\w*|dizz\w*|infect\w*|fluid|itch\w*|lumps?|throat|rash)\b")
_CHANGES = re.compile(
    r"\b(?:bumps?|nodules?|firm\w*|hard\w*|dark\w*|brown\w*|uneven|lumpy|asymmetr\w*|indent\w*|dent\w*|tender\w*"
    r"|numb\w*|tight\w*|puff\w*|sunken|fuller|more raised|came back|(?:no|any) (?:change|difference|improvement)"
    r"|(?:look|looks|the) (?:the )?same|(?:didn'?t|did not|hasn'?t|has not) (?:change|improve)\w*)\b")
_NOT_BEFORE = re.compile(r"(?:n't|\bnot|\bnever|\bno|\bstill)\s+(?:\w+\s+)?$")
_WORSE = re.compile(r"\b(?:coming back|came back|worse|worsening|again|more painful|hotter|spreading|bigger)\b")
_SETTLED = re.compile(
    r"\b(?:gone|went away|stopped|cleared up|settled|healed|healing|better now|fine now"
    r"|(?:all|feel\w*) (?:good|fine|great)|going down|went down|fad(?:ed|ing)|resolved|like the (?:nurse|doctor) said"
    r"|as expected|normal)\b")

SELF_HARM = "self_harm"
LABELS = {entry.slug: entry.label for entry in CATEGORIES}


@dataclass(frozen=True)
class Detection:
    categories: tuple[str, ...]
    level: str

    @property
    def self_harm(self) -> bool:
        return SELF_HARM in self.categories

    @property
    def urgent_medical(self) -> bool:
        return self.level in (EMERGENCY, URGENT)

    @property
    def signs(self) -> list[str]:
        """The signs, as the urgent-care reply names them."""
        return [LABELS[slug] for slug in self.categories if slug != SELF_HARM]


def normalise(text: str) -> str:
    """Lowercase, straight apostrophes, letters repeated three times or more cut to two."""
    lowered = text.lower().replace("’", "'").replace("`", "'")
    return re.sub(r"(\w)\1{2,}", r"\1\1", lowered)


def _reports(text: str) -> bool:
    """Something is happening now, or the patient asks what to do about what they describe."""
    return bool(_PRESENT.search(text)) or (bool(_ASKS_FOR_HELP.search(text)) and not _CONDITIONAL.search(text))


def _denied_or_over(clause: str, start: int, end: int) -> bool:
    before, after = clause[:start], clause[end:]
    if _NEGATED_BEFORE.search(before):
        return True
    return bool(_OVER_AFTER.search(after)) and not _STILL_AFTER.search(after)


def _level(entry: Category, clause: str) -> str:
    """The category's level in this clause, or NONE when it is not reported here."""
    if entry.slug != SELF_HARM and not _reports(clause) and _HYPOTHETICAL.search(clause):
        return NONE
    if entry.slug != SELF_HARM and _ELSEWHERE.search(clause) and not _HAPPENING.search(clause):
        return NONE
    if entry.slug in _FIGURATIVE and _MONEY_TALK.search(clause):
        return NONE
    for match in entry.pattern.finditer(clause):
        if entry.slug == SELF_HARM:
            return entry.level
        if _denied_or_over(clause, match.start(), match.end()):
            continue
        if _LINGERS.get(entry.slug) and _WEEKS_ON.search(clause) and _STILL.search(clause):
            return _LINGERS[entry.slug]
        if entry.slug in _MILD_DISMISSES and _MILD.search(clause[: match.end()]):
            continue
        if entry.level == URGENT and _settled(clause):
            continue  # "a mild fever that evening, gone by the morning"
        return entry.level
    return NONE


def _settled(clause: str) -> bool:
    """Every sign word of the clause is denied or mild (a fever never is), or the clause says it is over or fine."""
    words = list(_SIGN_WORDS.finditer(clause))
    if not words:
        return False
    if _WORSE.search(clause):
        return False
    settled = [m for m in _SETTLED.finditer(clause) if not _NOT_BEFORE.search(clause[: m.start()])]
    if settled and not _STILL_AFTER.search(clause[words[0].end() :]):
        return True
    return all(
        _NEGATED_BEFORE.search(clause[: word.start()])
        or (_MILD.search(clause[: word.end()]) and not word.group().startswith(("fever", "temperature")))
        for word in words
    )


# Alarming words as figures of speech: "dying to know", "dead tired", "kill these scars".
_IDIOMS = re.compile(
    r"\b(?:died|dying|die) (?:laughing|of (?:laughter|embarrassment|boredom|shame))|\bdead tired\b|\bdying (?:to|for)\b"
    r"|\bkill(?:ing)? (?:these|my|the|those|this|off) (?:\w+ )?(?:scars?|acne|marks?|spots?|pimples?)"
    r"|\b(?:is|are|it'?s) killing me\b|\bto die for\b|\bi'?d kill for\b|\bliterally dead\b|\bbreath ?taking\b")


def speaks_figuratively(text: str) -> bool:
    return bool(_IDIOMS.search(normalise(text)))


# Help has come, or the patient is safe: at the hospital, paramedics there, a doctor has seen them,
# someone is with them, "i'm ok now".
_HELP = re.compile(
    r"\b(?:at|in|to) (?:the )?(?:hospital|er|emergency room|emergency department|a&e|clinic|urgent care)\b"
    r"|\bparamedics?\b|\bambulance (?:is here|came|arrived|is on)"
    r"|\bwith (?:a|the|my|our) (?:doctor|nurse|paramedic)s?\b|\b(?:doctor|nurse|dr)\w* (?:\w+ )?"
    r"(?:saw|seen|checked|examined|treated|is with|came)|\bdischarged me\b"
    r"|\b(?:i'?m|we'?re|she'?s|he'?s|i am|we are|they'?re) (?:now )?(?:ok|okay|fine|safe|alright|all right|better)\b"
    r"|\bfeel(?:ing)? (?:much )?(?:better|fine|ok|okay|safe)\b|\ball good\b"
    r"|\b(?:called|rang|phoned|talked to|talking (?:to|with)|speaking (?:to|with)) (?:\w+ )?"
    r"(?:119|911|999|112|helpline|crisis|ambulance|doctor|clinic|therapist|sister|brother|mum|mom|dad|friend|family)"
    r"|\b(?:is|are) (?:here )?with me\b")


def has_help(text: str) -> bool:
    return bool(_HELP.search(normalise(text)))


def mentions_signs(text: str) -> bool:
    """The message names a sign or a change of the skin ("swelling", "a lump", "itching", "darker")."""
    cleaned = normalise(text)
    return bool(_SIGN_WORDS.search(cleaned) or _CHANGES.search(cleaned))


def mentions_only_settled_signs(text: str) -> bool:
    """Sign words appear, and each clause that has them says they are denied, mild, over or fine."""
    clauses = [clause for clause in _CLAUSES.split(normalise(text)) if clause and _SIGN_WORDS.search(clause)]
    return bool(clauses) and all(_settled(clause) for clause in clauses)


def asks_in_general(text: str) -> bool:
    """True when the message asks what could happen or how common it is, and reports nothing now."""
    cleaned = normalise(text)
    return bool(_HYPOTHETICAL.search(cleaned)) and not _reports(cleaned)


def detect(text: str) -> Detection | None:
    """The warning signs described in `text` and how urgent they are, or None when there are none."""
    if not text or not text.strip():
        return None
    found: dict[str, str] = {}
    for clause in _CLAUSES.split(normalise(text)):
        for entry in CATEGORIES:
            level = _level(entry, clause)
            if level != NONE:
                found[entry.slug] = most_serious(level, found.get(entry.slug, NONE))
    if not found:
        return None
    return Detection(tuple(found), most_serious(*found.values()))
