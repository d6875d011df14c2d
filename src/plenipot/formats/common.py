"""What every output format shares: the document header and the text direction.

A conference document carries on its first page the document symbol, the date, the
original language, the body it is allocated to and its source. Arabic documents run
right to left.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Languages written right to left, by code.
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

#: The header's labels in each official language: document, date, original, body, source.
HEADER_LABELS = {
    "en": ("Document", "Date", "Original", "Body", "Source"),
    "fr": ("Document", "Date", "Original", "Organe", "Source"),
    "es": ("Documento", "Fecha", "Original", "Órgano", "Origen"),
    "ru": ("Документ", "Дата", "Оригинал", "Орган", "Источник"),
    "ar": ("الوثيقة", "التاريخ", "الأصل", "الهيئة", "المصدر"),
    "zh": ("文件", "日期", "原文", "机构", "来源"),
}

#: The names of the six languages, in each of them (the language of the header first).
LANGUAGE_NAMES = {
    "en": {"ar": "Arabic", "zh": "Chinese", "en": "English", "fr": "French", "ru": "Russian",
           "es": "Spanish"},
    "fr": {"ar": "arabe", "zh": "chinois", "en": "anglais", "fr": "français", "ru": "russe",
           "es": "espagnol"},
    "es": {"ar": "árabe", "zh": "chino", "en": "inglés", "fr": "francés", "ru": "ruso",
           "es": "español"},
    "ru": {"ar": "арабский", "zh": "китайский", "en": "английский", "fr": "французский",
           "ru": "русский", "es": "испанский"},
    "ar": {"ar": "العربية", "zh": "الصينية", "en": "الإنكليزية", "fr": "الفرنسية",
           "ru": "الروسية", "es": "الإسبانية"},
    "zh": {"ar": "阿拉伯文", "zh": "中文", "en": "英文", "fr": "法文", "ru": "俄文", "es": "西班牙文"},
}  # fmt: skip


@dataclass(frozen=True)
class DocumentHeader:
    """The conventions printed at the top of a conference document."""

    symbol: str = ""
    date: str = ""
    original_language: str = "en"
    body: str = ""
    source: str = ""
    title: str = ""
    language: str = "en"
    conference: str = ""

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    def rows(self) -> list[tuple[str, str]]:
        """The labelled lines of the header that have a value, in printing order, with
        the labels in the document's language."""
        names = LANGUAGE_NAMES.get(self.language, LANGUAGE_NAMES["en"])
        original = names.get(self.original_language, self.original_language)
        labels = HEADER_LABELS.get(self.language, HEADER_LABELS["en"])
        values = (self.symbol, self.date, original, self.body, self.source)
        return [(label, value) for label, value in zip(labels, values, strict=True) if value]
