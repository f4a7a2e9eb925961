"""Small talk and courtesy: greetings, thanks, emoji, a bare '?' are not questions about the reports."""

from __future__ import annotations

import re
import unicodedata

_GREETING = re.compile(r"^(?:你好|您好|哈喽|嗨|早上好|上午好|下午好|晚上好|在吗|在不在|有人吗|谢谢|谢谢你|谢谢您|多谢|"
                       r"感谢|辛苦了|好的|好|嗯|嗯嗯|哦|噢|行|可以|没事了|没问题|再见|拜拜|测试|hi|hello|hey|hallo|"
                       r"thanks|thank you|thank you very much|thx|ok|okay|bye|goodbye|test|good morning|"
                       r"good afternoon|good evening|yes|no)$", re.I)
_COURTESY = re.compile(r"(?:^|[\s,，。.!！?？~]+)(?:谢谢(?:你|您|啦|了)?|多谢|感谢|麻烦(?:你|您)?了|辛苦了|thanks|"
                       r"thank you)[\s,，。.!！~]*$|^(?:你好|您好|hi|hello)[\s,，。.!！~]+", re.I)


def _bare(text: str) -> str:
    """Letters and CJK only: punctuation, emoji, symbols and spaces dropped."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN").strip()


def is_small_talk(text: str) -> bool:
    """Whether a question is only a greeting, thanks, emoji or punctuation."""
    bare = _bare(text)
    if not bare:
        return True
    words = re.sub(r"[^\w\s]+", " ", text).strip()
    return bool(_GREETING.match(bare) or _GREETING.match(" ".join(words.split())))


def strip_courtesy(text: str) -> str:
    """A question without a trailing 谢谢 or a leading 你好 (they change nothing about what is asked)."""
    out = _COURTESY.sub("", text).strip()
    return out if _bare(out) else text


def is_latin(text: str) -> bool:
    """Whether small talk is written in Latin letters (then the help is in English)."""
    bare = _bare(text)
    return bool(bare) and not re.search(r"[\u4e00-\u9fff]", bare)
