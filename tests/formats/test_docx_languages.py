"""The same ITU-style proposal written in each of the six languages: item labels as each
language writes them, "Reasons:" in each language, a provision typed over two Word
paragraphs, a heading whose single item has no number, tracked changes in a block that
modifies the whole resolution, and a block that modifies one provision with the
conference's marks. Every language gives the same proposals, with no label in their
text and their reasons attached."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from wordml import docx, p

from plenipot.engine import derive_proposals, parse_instrument
from plenipot.engine.proposals import Mark
from plenipot.formats.docx_in import extract_proposals
from plenipot.formats.languages import split_label


@dataclass(frozen=True)
class Version:
    """One language: the text in force, the labels its Word file uses, and the edits."""

    base: str
    preamble_labels: tuple[str, str]
    operative_labels: tuple[str, str, str]
    plan: tuple[str, str]  # considering a): a word, and what is inserted after it
    noting: tuple[str, str]  # noting: a word, and what is inserted after it
    split: str  # resolves 1 is typed over two paragraphs, from these words on
    new_item: str  # resolves 3, added
    reasons_word: str
    reasons: str
    report: tuple[str, str]  # resolves 2, in the second block: a word and what follows it


VERSIONS = {
    "en": Version(
        """\
Resolution 999 (Busan, 2014)
Sharing of spectrum data

The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),

considering
a) that spectrum data help administrations plan their networks;
b) that such data are often kept in different formats,

noting
that several regional groups already exchange such data,

resolves
1 to encourage the exchange of spectrum data among Member States;
2 to report on progress to the next conference,

instructs the Secretary-General
to publish a summary of the data received.
""",
        ("a)", "b)"), ("1", "2", "3"),
        ("plan", " and coordinate"), ("groups", " and Sector Members"),
        "among Member States;", "to review this resolution at the next conference.",
        "Reasons:", "To keep the data comparable.", ("progress", " every year"),
    ),
    "fr": Version(
        """\
Résolution 999 (Busan, 2014)
Partage des données sur le spectre

La Conférence de plénipotentiaires de l'Union internationale des télécommunications (Busan, 2014),

considérant
a) que les données sur le spectre aident les administrations à planifier leurs réseaux;
b) que ces données sont souvent conservées dans des formats différents,

notant
que plusieurs groupes régionaux échangent déjà ces données,

décide
1 d'encourager l'échange de données sur le spectre entre les États Membres;
2 de rendre compte des progrès à la prochaine conférence,

charge le Secrétaire général
de publier un résumé des données reçues.
""",
        ("a)", "b)"), ("1", "2", "3"),
        ("planifier", " et à coordonner"), ("régionaux", " et Membres de Secteur"),
        "entre les États Membres;", "de réexaminer la présente résolution à la prochaine conférence.",
        "Motifs:", "Pour que les données restent comparables.", ("progrès", " chaque année"),
    ),
    "es": Version(
        """\
Resolución 999 (Busan, 2014)
Intercambio de datos sobre el espectro

La Conferencia de Plenipotenciarios de la Unión Internacional de Telecomunicaciones (Busan, 2014),

considerando
a) que los datos sobre el espectro ayudan a las administraciones a planificar sus redes;
b) que esos datos suelen conservarse en formatos distintos,

observando
que varios grupos regionales ya intercambian esos datos,

resuelve
1 alentar el intercambio de datos sobre el espectro entre los Estados Miembros;
2 informar sobre los avances a la próxima conferencia,

encarga al Secretario General
que publique un resumen de los datos recibidos.
""",
        ("a)", "b)"), ("1", "2", "3"),
        ("planificar", " y coordinar"), ("regionales", " y Miembros de Sector"),
        "entre los Estados Miembros;", "examinar la presente resolución en la próxima conferencia.",
        "Motivos:", "Para que los datos sigan siendo comparables.", ("avances", " cada año"),
    ),
    "ru": Version(
        """\
Резолюция 999 (Пусан, 2014 г.)
Обмен данными о спектре

Полномочная конференция Международного союза электросвязи (Пусан, 2014 г.),

учитывая
a) что данные о спектре помогают администрациям планировать свои сети;
b) что такие данные часто хранятся в разных форматах,

отмечая
что несколько региональных групп уже обмениваются такими данными,

решает
1 поощрять обмен данными о спектре между Государствами-Членами;
2 сообщить о ходе работы следующей конференции,

поручает Генеральному секретарю
опубликовать резюме полученных данных.
""",
        ("а)", "б)"), ("1", "2", "3"),
        ("планировать", " и координировать"), ("групп", " и Членов Секторов"),
        "между Государствами-Членами;", "рассмотреть настоящую резолюцию на следующей конференции.",
        "Основания:", "Чтобы данные оставались сопоставимыми.", ("работы", " ежегодно"),
    ),
    "ar": Version(
        """\
القرار 999 (بوسان، 2014)
تقاسم بيانات الطيف

إن مؤتمر المندوبين المفوضين للاتحاد الدولي للاتصالات (بوسان، 2014)،

إذ يضع في اعتباره
a) أن بيانات الطيف تساعد الإدارات على تخطيط شبكاتها؛
b) أن هذه البيانات كثيراً ما تُحفظ بأنساق مختلفة،

وإذ يلاحظ
أن عدة مجموعات إقليمية تتبادل هذه البيانات بالفعل،

يقرر
1 تشجيع تبادل بيانات الطيف بين الدول الأعضاء؛
2 تقديم تقرير عن التقدم المحرز إلى المؤتمر القادم،

يكلف الأمين العام
بنشر ملخص للبيانات الواردة.
""",
        ("أ )", "ب)"), ("1", "2", "3"),
        ("شبكاتها", " وتنسيقها"), ("إقليمية", " وأعضاء القطاعات"),
        "بين الدول الأعضاء؛", "استعراض هذا القرار في المؤتمر القادم.",
        "الأسباب:", "لكي تبقى البيانات قابلة للمقارنة.", ("المحرز", " كل سنة"),
    ),
    "zh": Version(
        """\
第999号决议（2014年，釜山）
频谱数据的共享

国际电信联盟全权代表大会（2014年，釜山），

考虑到
a) 频谱数据有助于各主管部门规划其网络；
b) 此类数据往往以不同格式保存，

注意到
若干区域性组织已在交换此类数据，

做出决议
1 鼓励各成员国之间交换频谱数据；
2 向下届大会报告进展情况，

责成秘书长
公布所收到数据的摘要。
""",
        ("ａ）", "ｂ）"), ("一、", "二、", "三、"),
        ("规划", "并协调"), ("区域性组织", "和部门成员"),
        "交换频谱数据；", "在下届大会上审议本决议。",
        "理由：", "使数据保持可比。", ("报告", "每年"),
    ),
}  # fmt: skip


def _insert(text: str, after: str, what: str) -> str:
    assert after in text, (after, text)
    return text.replace(after, after + what, 1)


def _expected_text(v: Version) -> str:
    """The text the first block proposes, in the plain-text format."""
    lines = v.base.splitlines()
    out = []
    for line in lines:
        if line.startswith("b) "):
            continue  # deleted
        if line.startswith("a) "):
            line = _insert(line, v.plan[0], v.plan[1])
        elif v.noting[0] in line and not split_label(line)[0]:
            line = _insert(line, v.noting[0], v.noting[1])
        out.append(line)
        if line.startswith("2 "):
            out.append(f"3 {v.new_item}")
    return "\n".join(out) + "\n"


def _document(v: Version, source: str) -> bytes:
    """The proposal document: some front matter, a MOD of the whole resolution with
    tracked changes, then a MOD of resolves 2 with the conference's marks."""
    inst = parse_instrument(v.base)
    lines = [line for line in v.base.splitlines() if line.strip()]
    body = [
        p("Proposals for the work of the conference"),
        p(f"MOD\t{source}/7A1/1", style="Proposal"),
    ]
    for line in lines:
        label, text = split_label(line)
        if line in (inst.number, inst.title, inst.formula):
            body.append(p(line))
        elif not label and any(part.title == line for part in (*inst.preamble, *inst.operative)):
            body.append(p(line, style="Call"))
        elif not label:
            if v.noting[0] in line:
                before, after = line.split(v.noting[0], 1)
                body.append(p(before + v.noting[0], ("ins", v.noting[1]), after))
            else:
                body.append(p(line))
        elif label in ("a)", "b)"):
            shown = v.preamble_labels[0 if label == "a)" else 1]
            if label == "a)":
                before, after = text.split(v.plan[0], 1)
                body.append(p(f"{shown}\t{before}{v.plan[0]}", ("ins", v.plan[1]), after))
            else:
                body.append(p(("del", f"{shown}\t{text}"), mark="del"))
        else:
            shown = v.operative_labels[int(label) - 1]
            if label == "1":  # the provision is typed over two paragraphs
                first, rest = text.split(v.split, 1)
                body += [p(f"{shown}\t{first}"), p(v.split + rest)]
            else:
                body.append(p(f"{shown}\t{text}"))
            if label == "2":
                body.append(p(("ins", f"{v.operative_labels[2]}\t{v.new_item}"), mark="ins"))
    body.append(p(f"{v.reasons_word}\t{v.reasons}", style="Reasons"))
    # the second block: resolves 2 with the conference's marks
    resolves = inst.operative[0]
    item = resolves.items[1].text
    before, after = item.split(v.report[0], 1)
    body += [
        p(f"MOD\t{source}/7A1/2", style="Proposal"),
        p(resolves.title, style="Call"),
        p(f"{v.operative_labels[1]}\t{before}{v.report[0]}", ("u", v.report[1]), after),
        p(f"{v.reasons_word}\t{v.reasons}", style="Reasons"),
    ]
    return docx(*body)


@pytest.mark.parametrize("language", sorted(VERSIONS))
def test_the_same_proposal_reads_the_same_in_every_language(language):
    v = VERSIONS[language]
    base = parse_instrument(v.base)
    after = parse_instrument(_expected_text(v))
    found = extract_proposals(_document(v, "ARB"), base=base)
    assert found.kind == "itu"
    assert found.problems == []
    expected = [
        replace(x, symbol="ARB/7A1/1" if n == 0 else f"ARB/7A1/1.{n + 1}", reasons=v.reasons)
        for n, x in enumerate(derive_proposals(base, after, source="ARB"))
    ]
    assert [x.mark for x in expected] == [Mark.MOD, Mark.SUP, Mark.MOD, Mark.ADD]
    resolves_2 = base.operative[0].items[1]
    second = found.proposals[len(expected) :]
    assert found.proposals[: len(expected)] == expected
    assert [(x.symbol, x.mark, x.target) for x in second] == [
        ("ARB/7A1/2", Mark.MOD, resolves_2.eid)
    ]
    assert second[0].reasons == v.reasons
    assert second[0].text == _insert(resolves_2.text, v.report[0], v.report[1])
    for proposal in found.proposals:  # no label left in any text
        assert not split_label(proposal.text)[0] or proposal.text == base.number


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("a)\tx", "a)"), ("a )\tx", "a)"), ("3bis\tx", "3bis"), ("ii)\tx", "ii)"),
        ("أ )\tx", "a)"), ("ب)\tx", "b)"), ("ﻫ )\tx", "e)"), ("ي)\tx", "j)"), ("٣\tx", "3"),
        ("б)\tx", "b)"), ("ａ）x", "a)"), ("１\tx", "1"), ("三、x", "3"), ("（十二）x", "12"),
        ("2014 was a year", "2014"), ("4.1\tan agenda item", ""), ("that x", ""),
    ],
)  # fmt: skip
def test_labels_as_each_language_writes_them(typed, label):
    assert split_label(typed)[0] == label


def test_cyrillic_letters_follow_the_russian_alphabet_only_in_a_russian_list():
    assert split_label("с)\tx")[0] == "c)"  # a Latin list typed on a Russian keyboard
    assert split_label("с)\tx", cyrillic=True)[0] == "q)"  # the 17th letter of а б в …
    assert split_label("в)\tx", cyrillic=True)[0] == "c)"
