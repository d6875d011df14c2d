"""Files in and out: import a generated 100-page proposal document, export the Final
Acts of the demo conference to DOCX and PDF.

Targets: import in at most 2 s, DOCX export in at most 5 s, PDF export in at most 30 s.
Each figure is printed with a ratio against a baseline measured in the same run: for
the import, reading and parsing the same file's XML alone (the safety layer and lxml,
no proposal logic); for the exports, the plain text of the same instruments.

    python benchmarks/formats.py [--proposals N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

from plenipot.engine import Kind, Mark, Proposal, parse_instrument, print_instrument
from plenipot.formats.common import DocumentHeader
from plenipot.formats.docx_in import extract_proposals, read_paragraphs
from plenipot.formats.docx_out import instruments_docx, proposals_docx
from plenipot.formats.html_out import instruments_html
from plenipot.formats.pdf import html_pdf

RESOLUTIONS = Path(__file__).parents[1] / "src" / "plenipot" / "demo" / "data" / "resolutions"
WORDS = (
    "the Union shall continue to assist Member States in developing countries with the "
    "deployment of networks and services taking into account the work of the Sectors and "
    "the relevant outcomes of the World Summit on the Information Society"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + ";"


def generated_base(items: int, rng: random.Random) -> str:
    """A long resolution: two preambular headings and one operative heading of ``items``."""
    lines = [
        "Resolution 999 (Rev. Busan, 2014)",
        "A long resolution for the benchmark",
        "",
        "The Plenipotentiary Conference of the International Telecommunication Union (Busan, 2014),",
        "",
        "considering",
    ]
    lines += [f"{chr(97 + i)}) that {_sentence(rng, 25)}" for i in range(20)]
    lines += ["", "resolves"]
    lines += [f"{i + 1} to {_sentence(rng, 30)}" for i in range(items)]
    return "\n".join(lines) + "\n"


def generated_proposals(base, count: int, rng: random.Random) -> list[Proposal]:
    items = [u for u in base.operative[0].items]
    chosen = rng.sample(range(len(items)), min(count, len(items)))
    out = []
    for seq, index in enumerate(sorted(chosen), start=1):
        item = items[index]
        symbol = f"EUR/27A1/{seq}"
        roll = rng.random()
        if roll < 0.6:
            words = item.text.split()
            words[rng.randrange(len(words))] = "notably"
            words.insert(rng.randrange(len(words)), "progressively")
            out.append(Proposal(("EUR",), symbol, Mark.MOD, item.eid, text=" ".join(words),
                                reasons=_sentence(rng, 20)))  # fmt: skip
        elif roll < 0.8:
            out.append(Proposal(("EUR",), symbol, Mark.SUP, item.eid, reasons=_sentence(rng, 20)))
        elif roll < 0.9:
            out.append(Proposal(("EUR",), symbol, Mark.NOC, item.eid, reasons=_sentence(rng, 20)))
        else:
            out.append(Proposal(("EUR",), symbol, Mark.ADD, item.eid, text=f"to {_sentence(rng, 30)}",
                                reasons=_sentence(rng, 20), kind=Kind.OPERATIVE_ITEM,
                                eid=f"resolves__para_{index + 1}bis"))  # fmt: skip
    return out


def PdfPages(html: str) -> list:  # noqa: N802 - reads as the thing it returns
    from weasyprint import HTML

    return HTML(string=html).render().pages


def best(repeat: int, fn):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--proposals", type=int, default=900)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    base = parse_instrument(generated_base(args.proposals + 50, rng))
    proposals = generated_proposals(base, args.proposals, rng)
    document = proposals_docx(base, proposals, DocumentHeader(symbol="Document 27(Add.1)-E"))
    paragraphs = read_paragraphs(document)
    words = sum(len((p.new or p.old).split()) for p in paragraphs)
    pages = words / 500  # a conference page holds about 500 words of 11-point text
    print(f"load average {os.getloadavg()[0]:.2f}; {len(proposals)} proposals, {len(paragraphs)} "
          f"paragraphs, {words} words, about {pages:.0f} pages, {len(document) / 1024:.0f} KiB")  # fmt: skip

    floor, _ = best(args.repeat, lambda: read_paragraphs(document))
    took, found = best(args.repeat, lambda: extract_proposals(document, base=base))
    assert not found.problems, found.problems[:3]
    assert len(found.proposals) == len(proposals)
    print(f"import   {took:6.2f} s (target 2 s)   {took / floor:5.1f}x reading the XML alone "
          f"({floor:.2f} s)")  # fmt: skip

    acts = [
        parse_instrument(p.read_text(encoding="utf-8")) for p in sorted(RESOLUTIONS.glob("*.txt"))
    ]
    header = DocumentHeader(title="Final Acts of the Plenipotentiary Conference (Busan, 2014)")
    plain, _ = best(args.repeat, lambda: "".join(print_instrument(a) for a in acts))
    took, docx = best(args.repeat, lambda: instruments_docx(acts, header))
    print(f"docx     {took:6.2f} s (target 5 s)   {len(acts)} instruments, "
          f"{len(docx) / 1024:.0f} KiB; {took / plain:,.0f}x printing the plain text ({plain * 1000:.1f} ms)")  # fmt: skip
    html = instruments_html(acts, header)
    took, pdf = best(1, lambda: html_pdf(html))
    pages = len(PdfPages(html))
    print(f"pdf      {took:6.2f} s (target 30 s)  {pages} pages, "
          f"{len(pdf) / 1024:.0f} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
