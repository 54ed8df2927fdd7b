"""The plainest words for an emergency in the patients' other languages, as fast rules.

The semantic check (safety/semantic.py) reads signs described in any words; these rules make sure
that the plainest cries for help never depend on a classifier's threshold: not being able to
breathe, chest pain, collapse, a seizure, a face or limb that will not move, and thoughts of dying.
They follow the warning signs of safety/red_flags.py, which does the same in English.
"""

from __future__ import annotations

import re

EMERGENCY = {
    "en": [
        r"\b(?:can'?t|cannot|can not|can barely|can hardly|barely can|hardly can)\s+breath",
        r"\bcall(?:ing)? (?:an )?ambulance\b",
    ],
    "ja": [
        r"(?:黒|白|紫|青)(?:く|っぽく)なっ",
        r"息が(?:でき|出来)ない",
        r"息が(?:苦し|くるし)",
        r"呼吸が(?:でき|出来|苦し)",
        r"胸が(?:痛|苦し|締め付け)",
        r"意識が(?:ない|なく|もうろう)",
        r"倒れ",
        r"けいれん|痙攣",
        r"麻痺|まひ",
        r"ろれつが回らない",
        r"顔の?片側が(?:垂れ|下が)",
        r"目が見えな",
        r"血が止まらな",
    ],
    "zh": [
        r"[发發](?:黑|白|紫)|[变變](?:黑|紫)",
        r"呼吸困[难難]",
        r"(?:不能|无法|無法|没法|沒法)呼吸",
        r"喘不[上过過]",
        r"[上透]不[过過]?气|[上透]不[过過]?氣",
        r"胸(?:口)?[痛疼闷悶]",
        r"昏迷|昏倒|晕倒|暈倒|不省人事",
        r"抽搐|[痉痙][挛攣]",
        r"[瘫癱][痪瘓]|麻[痹痺]",
        r"口齿不清|口齒不清",
        r"看不[见見]",
        r"血止不住|流血不止",
    ],
    "ko": [
        r"(?:시커멓|까맣|하얗|파랗|퍼렇)게\s*변",
        r"숨(?:을|이)?\s*(?:못|안)\s*쉬",
        r"숨이\s*(?:막|차|가빠)",
        r"호흡\s*곤란",
        r"가슴이?\s*(?:아파|아프|답답|조여)",
        r"의식이?\s*(?:없|잃)",
        r"쓰러(?:졌|져|지)",
        r"경련",
        r"마비",
        r"말이\s*(?:어눌|안\s*나와|꼬여)",
        r"얼굴\s*한쪽",
        r"(?:눈이|앞이)\s*안\s*보",
        r"피가\s*(?:안|멈추지)\s*(?:멈|않)",
    ],
    "th": [
        r"กลายเป็นสี(?:ดำ|ม่วง|เทา)|ซีดขาว",
        r"หายใจไม่ออก",
        r"หายใจ(?:ลำบาก|ติดขัด|ไม่ทัน)",
        r"เจ็บ(?:หน้า)?อก|แน่นหน้าอก",
        r"หมดสติ|ไม่รู้สึกตัว|เป็นลม",
        r"ชัก",
        r"อัมพาต|แขนขาอ่อนแรง",
        r"พูดไม่ชัด",
        r"หน้าเบี้ยว|ปากเบี้ยว",
        r"มองไม่เห็น",
        r"เลือดไม่หยุด",
    ],
    "ru": [
        r"почернел|посинел|побелел",
        r"не\s+могу\s+дышать",
        r"задыха",
        r"трудно\s+дышать",
        r"боль\w*\s+в\s+груди|давит\s+в\s+груди",
        r"потерял\w*\s+сознание|без\s+сознания|упал\w*\s+в\s+обморок",
        r"судорог",
        r"парализ|онемел\w*\s+(?:рука|нога|лицо)",
        r"речь\s+(?:невнятн|спутан)",
        r"перекосил",
        r"не\s+вижу",
        r"кровь\s+не\s+останавлива",
    ],
}
DESPAIR = {
    "ja": [r"死にたい", r"消えたい", r"自殺", r"生きて(?:いても|ても)意味", r"もう生きられない"],
    "zh": [r"想死", r"不想活", r"自[杀殺]", r"活着没意思|活著沒意思", r"想消失", r"了[结結]自己"],
    "ko": [r"죽고\s*싶", r"살기\s*싫", r"자살", r"사라지고\s*싶", r"살\s*이유가\s*없"],
    "th": [r"อยากตาย", r"ฆ่าตัวตาย", r"ไม่อยากมีชีวิต", r"อยากหายไป"],
    "ru": [r"хочу\s+умереть", r"не\s+хочу\s+жить", r"покончить\s+с\s+собой", r"суицид", r"хочется\s+исчезнуть"],
}


def _compile(table: dict[str, list[str]]) -> re.Pattern:
    return re.compile("|".join(f"(?:{pattern})" for patterns in table.values() for pattern in patterns))


_EMERGENCY = _compile(EMERGENCY)
_DESPAIR = _compile(DESPAIR)


def plain_alarm(text: str) -> str | None:
    """ "despair" or "emergency" when the message says so in the plainest words of a patient's language."""
    if _DESPAIR.search(text):
        return "despair"
    if _EMERGENCY.search(text):
        return "emergency"
    return None
