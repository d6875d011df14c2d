"""A conference-scale corpus of instruments and proposals, generated from a fixed seed.

The corpus stands in for what a plenipotentiary conference receives: a couple of hundred
resolutions under revision and some fifteen hundred proposals on them, spread unevenly
(a few contested resolutions draw twenty to forty proposals each, most draw a handful).

Every proposal is a complete edited copy of its base instrument in the plain-text
instrument format, the way a delegation edits the baseline: a few words replaced,
inserted or deleted in one to five provisions, now and then a provision added (the
items after it renumbered) or one deleted. Several delegations edit the same contested
provisions differently, some make identical edits, and some add near-identical new
provisions.

Only `random.Random(seed)` drives the choices, and nothing iterates over a set, so one
seed always gives the same corpus, byte for byte.

Words are counted the way `wc -w` counts them: runs of characters between whitespace.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

FORMULA = (
    "The Plenipotentiary Conference of the International Telecommunication Union "
    "(Busan, 2014),"
)

PREAMBLE_HEADINGS = (
    "considering",
    "recognizing",
    "noting",
    "bearing in mind",
    "recalling",
    "taking into account",
    "emphasizing",
    "aware",
    "noting with satisfaction",
    "further recognizing",
    "noting with concern",
    "having regard to",
)

OPERATIVE_HEADINGS = (
    "resolves",
    "instructs the Secretary-General",
    "instructs the Director of the Telecommunication Standardization Bureau",
    "instructs the Director of the Radiocommunication Bureau",
    "instructs the Director of the Telecommunication Development Bureau",
    "instructs the Directors of the three Bureaux",
    "instructs the Council",
    "invites Member States",
    "invites Member States and Sector Members",
    "encourages Member States",
    "requests the Secretary-General",
    "further resolves",
)

# Symbols of the sources that submit proposals: regional groups and Member States.
SOURCES = (
    "EUR", "ARB", "AFCP", "IAP", "ACP", "RCC", "USA", "CHN", "IND", "BRA", "J", "KOR",
    "AUS", "CAN", "MEX", "ARG", "NIG", "KEN", "EGY", "ARS", "UAE", "F", "D", "G", "I",
    "E", "SUI", "S", "HOL", "B", "POL", "TUR", "IRN", "PAK", "INS", "MLA", "THA", "VTN",
    "SNG", "PHL", "AFS", "GHA", "SEN", "TUN", "MRC", "ALG", "QAT", "KWT", "OMA", "JOR",
    "CHL", "CLM", "PRU", "URG", "NZL",
)

TITLE_TOPICS = (
    "Internet Protocol-based networks",
    "the role of ITU in building confidence and security in the use of information and communication technologies",
    "bridging the standardization gap between developing and developed countries",
    "accessibility of telecommunications and information and communication technologies for persons with disabilities",
    "the use of telecommunications and information and communication technologies for disaster relief",
    "conformance and interoperability",
    "the international Internet connectivity of developing countries",
    "the management of the radio-frequency spectrum and satellite orbits",
    "the participation of Sector Members and Academia in the work of the Union",
    "the regional presence of the Union",
    "the financial management of the Union",
    "multilingualism and the equal treatment of the six official languages",
    "the protection of children online",
    "capacity building for developing countries",
    "the implementation of the outcomes of the World Summit on the Information Society",
    "the prevention of misuse of numbering resources",
    "the reduction of the environmental impact of information and communication technologies",
    "human exposure to electromagnetic fields",
    "the deployment of broadband networks in rural and remote areas",
    "the role of telecommunications in the empowerment of women and girls",
    "the strategic plan of the Union",
    "the conformity assessment of telecommunication equipment",
    "the assistance to countries in special need",
    "the combating of counterfeit telecommunication devices",
    "emergency telecommunications and early-warning systems",
)

TITLE_OPENINGS = (
    "",
    "Strengthening of ",
    "Role of ITU in ",
    "Promotion of ",
    "Review of ",
    "Cooperation on ",
)

ACTORS = (
    "the Member States",
    "the Sector Members",
    "developing countries",
    "the least developed countries",
    "small island developing states",
    "landlocked developing countries",
    "the three Sectors",
    "the General Secretariat",
    "the regional offices",
    "the relevant study groups",
    "the Council Working Group",
    "the Telecommunication Development Bureau",
    "the Radiocommunication Bureau",
    "the Telecommunication Standardization Bureau",
    "regional telecommunication organizations",
    "the United Nations and its specialized agencies",
    "national regulatory authorities",
    "operating agencies",
    "Academia",
    "the private sector",
)

NOUNS = (
    "development", "deployment", "security", "resilience", "accessibility",
    "affordability", "interoperability", "conformance", "capacity building",
    "spectrum management", "standardization", "connectivity", "coordination",
    "cooperation", "innovation", "infrastructure", "investment", "regulation",
    "transparency", "participation", "implementation", "assistance", "training",
    "monitoring", "evaluation", "harmonization", "protection", "planning",
    "financing", "awareness", "expertise", "information sharing", "best practices",
    "guidelines", "recommendations", "technical assistance", "human resources",
    "emergency communications", "quality of service", "numbering resources",
    "satellite networks", "broadband access", "digital inclusion", "data protection",
    "consumer protection", "network integrity", "cybersecurity", "energy efficiency",
)

ADJECTIVES = (
    "international", "regional", "national", "sustainable", "secure", "affordable",
    "effective", "appropriate", "relevant", "technical", "global", "rural", "remote",
    "reliable", "transparent", "open", "equitable", "efficient", "innovative",
    "inclusive", "coordinated", "timely", "comprehensive", "practical", "concrete",
)

DOMAINS = (
    "information and communication technologies",
    "telecommunications",
    "broadband networks",
    "mobile networks",
    "the Internet",
    "radiocommunication services",
    "satellite services",
    "next-generation networks",
    "the Internet of Things",
    "submarine cables",
    "emergency telecommunications",
    "digital financial services",
)

PRESENT_VERBS = (
    "is critical to", "contributes to", "is essential for", "remains a challenge for",
    "offers new opportunities for", "has a direct impact on", "depends on",
    "plays a key role in", "requires sustained attention from", "is a shared concern of",
    "continues to evolve together with", "supports",
)

INFINITIVES = (
    "continue to support", "promote", "facilitate", "strengthen", "encourage",
    "study", "assist", "coordinate", "develop", "review", "monitor", "report on",
    "disseminate", "enhance", "give high priority to", "take into account",
    "collaborate on", "provide assistance on", "organize workshops on",
    "carry out studies on", "prepare guidelines on", "identify best practices for",
)

CONNECTIVES = (
    "in particular", "taking into account", "in close collaboration with",
    "with due regard to", "within the available financial resources for",
    "in accordance with", "with a view to", "through", "including", "as well as",
    "in cooperation with", "consistent with",
)

# Words and phrases delegations typically put into a text.
INSERTIONS = (
    "in particular", "as appropriate", "within available resources",
    "and Sector Members", "in particular developing countries",
    "in close collaboration with the other Sectors", "where applicable",
    "on a voluntary basis", "taking into account national circumstances",
    "including Academia", "at the regional level", "in a timely manner",
    "in all six official languages", "without prejudice to national sovereignty",
    "subject to the approval of the Council", "and to report annually to the Council",
    "relevant", "all", "further", "continuous", "effective", "national",
)


@dataclass
class Item:
    """A provision: its words (without the closing punctuation) and its sub-items."""

    words: list[str]
    children: list[Item] = field(default_factory=list)

    def copy(self) -> Item:
        return Item(list(self.words), [child.copy() for child in self.children])


@dataclass
class Heading:
    name: str
    items: list[Item]

    def copy(self) -> Heading:
        return Heading(self.name, [item.copy() for item in self.items])


@dataclass
class Instrument:
    number_line: str
    title: str
    preamble: list[Heading]
    operative: list[Heading]

    def copy(self) -> Instrument:
        return Instrument(
            self.number_line,
            self.title,
            [heading.copy() for heading in self.preamble],
            [heading.copy() for heading in self.operative],
        )


@dataclass(frozen=True)
class Variant:
    """One proposal: a source's complete edited copy of the base instrument."""

    source: str
    text: str
    proposal_words: int  # words of the provisions this proposal modifies or adds


@dataclass(frozen=True)
class InstrumentCase:
    """A base instrument and the proposals submitted on it."""

    name: str
    base: str
    variants: tuple[Variant, ...]

    @property
    def base_words(self) -> int:
        return word_count(self.base)


@dataclass(frozen=True)
class Corpus:
    seed: int
    instruments: tuple[InstrumentCase, ...]

    @property
    def proposal_count(self) -> int:
        return sum(len(case.variants) for case in self.instruments)

    @property
    def base_words(self) -> int:
        return sum(case.base_words for case in self.instruments)

    @property
    def proposal_words(self) -> int:
        return sum(v.proposal_words for case in self.instruments for v in case.variants)

    @property
    def copy_words(self) -> int:
        """Words of all edited copies: what a consolidator reads besides the bases."""
        return sum(word_count(v.text) for case in self.instruments for v in case.variants)


def word_count(text: str) -> int:
    return len(text.split())


# --- Writing text -------------------------------------------------------------------


def _noun_phrase(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.35:
        return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    if roll < 0.7:
        return f"{rng.choice(NOUNS)} in {rng.choice(DOMAINS)}"
    if roll < 0.85:
        return f"the {rng.choice(NOUNS)} of {rng.choice(ACTORS)}"
    return f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(DOMAINS)}"


def _tail(rng: random.Random, length: int) -> str:
    """Qualifying clauses that make a provision reach about `length` words."""
    parts: list[str] = []
    words = 0
    while words < length:
        connective = rng.choice(CONNECTIVES)
        if rng.random() < 0.5:
            part = f"{connective} {rng.choice(ACTORS)}"
        else:
            part = f"{connective} {_noun_phrase(rng)}"
        parts.append(part)
        words += len(part.split())
    return ", ".join(parts)


def _preamble_text(rng: random.Random, length: int) -> list[str]:
    roll = rng.random()
    if roll < 0.6:
        head = (
            f"that {_noun_phrase(rng)} {rng.choice(PRESENT_VERBS)} "
            f"{rng.choice(ACTORS)}"
        )
    elif roll < 0.8:
        head = f"the work already done by {rng.choice(ACTORS)} on {_noun_phrase(rng)}"
    else:
        head = (
            f"Resolution {rng.randint(1, 210)} (Rev. Dubai, 2014) of the World "
            f"Telecommunication Development Conference on {_noun_phrase(rng)}"
        )
    words = head.split()
    if len(words) < length:
        words[-1] += ","
        words += _tail(rng, length - len(words)).split()
    return words


def _operative_text(rng: random.Random, length: int) -> list[str]:
    head = f"to {rng.choice(INFINITIVES)} {_noun_phrase(rng)}"
    words = head.split()
    if len(words) < length:
        words[-1] += ","  # the tail joins the head with a comma, as drafters write
        words += _tail(rng, length - len(words)).split()
    return words


def _item_length(rng: random.Random) -> int:
    # Most provisions run 12-40 words; a few are long paragraphs.
    if rng.random() < 0.12:
        return rng.randint(45, 90)
    return rng.randint(12, 40)


def _make_instrument(rng: random.Random, number: int, target_words: int) -> Instrument:
    revised = rng.random() < 0.85
    number_line = (
        f"Resolution {number} (Rev. Busan, 2014)" if revised else f"Resolution {number} (Busan, 2014)"
    )
    topic = rng.choice(TITLE_TOPICS)
    opening = rng.choice(TITLE_OPENINGS)
    title = (opening + topic) if opening else topic[0].upper() + topic[1:]

    preamble_names = rng.sample(PREAMBLE_HEADINGS, rng.randint(2, 5))
    # "considering" opens most preambles.
    if "considering" in preamble_names:
        preamble_names.remove("considering")
    preamble_names.insert(0, "considering")
    operative_names = rng.sample(OPERATIVE_HEADINGS[1:], rng.randint(0, 4))
    operative_names.insert(0, "resolves")

    preamble = [Heading(name, []) for name in preamble_names]
    operative = [Heading(name, []) for name in operative_names]
    instrument = Instrument(number_line, title, preamble, operative)

    # Every heading gets at least one item, then items go where the dice say until the
    # instrument reaches its size: about a third in the preamble.
    for heading in preamble:
        heading.items.append(Item(_preamble_text(rng, _item_length(rng))))
    for heading in operative:
        heading.items.append(_operative_item(rng))
    while _instrument_words(instrument) < target_words:
        if rng.random() < 0.35:
            heading = rng.choice(preamble)
            if len(heading.items) < 26:
                heading.items.append(Item(_preamble_text(rng, _item_length(rng))))
        else:
            rng.choice(operative).items.append(_operative_item(rng))
    return instrument


def _operative_item(rng: random.Random) -> Item:
    if rng.random() < 0.15:
        item = Item(_operative_text(rng, rng.randint(6, 14)))
        for _ in range(rng.randint(2, 5)):
            child = Item(_operative_text(rng, _item_length(rng)))
            if rng.random() < 0.1:
                child.children = [
                    Item(_operative_text(rng, rng.randint(8, 20)))
                    for _ in range(rng.randint(2, 3))
                ]
            item.children.append(child)
        return item
    return Item(_operative_text(rng, _item_length(rng)))


def _instrument_words(instrument: Instrument) -> int:
    return word_count(render(instrument))


# --- Printing in the plain-text instrument format ------------------------------------

_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _letter(index: int) -> str:
    # a .. z, then aa, bb ... as ITU texts do past z.
    letter = "abcdefghijklmnopqrstuvwxyz"[index % 26]
    return letter * (index // 26 + 1)


def render(instrument: Instrument) -> str:
    """Print an instrument in the plain-text format, numbering items as it goes.

    Items end with ";", the last item under a heading with "," and the very last item of
    the instrument with ".". An item that holds sub-items prints its text alone and
    hands its closing punctuation to its last sub-item.
    """
    lines = [instrument.number_line, instrument.title, "", FORMULA, ""]
    for heading in instrument.preamble:
        lines.append(heading.name)
        _render_items(lines, heading.items, depth=0, closing=",", lettered=True)
        lines.append("")
    for index, heading in enumerate(instrument.operative):
        last_heading = index == len(instrument.operative) - 1
        lines.append(heading.name)
        _render_items(
            lines, heading.items, depth=0, closing="." if last_heading else ",", lettered=False
        )
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _render_items(
    lines: list[str], items: list[Item], depth: int, closing: str, lettered: bool
) -> None:
    for index, item in enumerate(items):
        last = index == len(items) - 1
        if depth == 0:
            label = f"{_letter(index)})" if lettered else f"{index + 1}"
        elif depth == 1:
            label = f"{_letter(index)})"
        else:
            label = f"{_ROMAN[index % len(_ROMAN)]})"
        end = closing if last else ";"
        text = " ".join(item.words)
        if item.children:
            lines.append(f"{'  ' * depth}{label} {text}")
            _render_items(lines, item.children, depth + 1, end, lettered)
        else:
            lines.append(f"{'  ' * depth}{label} {text}{end}")


# --- Editing like a delegation -------------------------------------------------------


def _leaves(instrument: Instrument) -> list[Item]:
    """Every provision that carries its own text (items with no sub-items, and the
    chapeau of items that have some)."""
    found: list[Item] = []

    def walk(items: list[Item]) -> None:
        for item in items:
            found.append(item)
            walk(item.children)

    for heading in instrument.preamble + instrument.operative:
        walk(heading.items)
    return found


def _edit_words(rng: random.Random, words: list[str]) -> list[str]:
    """Replace, insert or delete a few words, one to three times."""
    words = list(words)
    for _ in range(rng.randint(1, 3)):
        action = rng.random()
        if action < 0.4 and len(words) > 4:
            start = rng.randrange(1, len(words) - 1)
            stop = min(len(words), start + rng.randint(1, 3))
            replacement = rng.choice(
                (rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(INSERTIONS),
                 rng.choice(ACTORS), rng.choice(DOMAINS))
            ).split()
            words[start:stop] = replacement
        elif action < 0.75:
            at = rng.randrange(1, len(words) + 1)
            words[at:at] = rng.choice(INSERTIONS).split()
        elif len(words) > 8:
            start = rng.randrange(1, len(words) - 2)
            del words[start : start + rng.randint(1, 4)]
    return words


@dataclass
class _Edit:
    """What one proposal did, kept so that later proposals can echo it."""

    path: tuple[int, ...]  # position of the provision in the base (heading, item, ...)
    words: list[str]


def _positions(instrument: Instrument) -> list[tuple[int, ...]]:
    """Paths to every provision, in document order: (heading, item[, sub[, subsub]])."""
    paths: list[tuple[int, ...]] = []

    def walk(prefix: tuple[int, ...], items: list[Item]) -> None:
        for index, item in enumerate(items):
            paths.append(prefix + (index,))
            walk(prefix + (index,), item.children)

    for h, heading in enumerate(instrument.preamble + instrument.operative):
        walk((h,), heading.items)
    return paths


def _at(instrument: Instrument, path: tuple[int, ...]) -> Item:
    headings = instrument.preamble + instrument.operative
    item = headings[path[0]].items[path[1]]
    for index in path[2:]:
        item = item.children[index]
    return item


def _touches(item: Item, changed: list[Item]) -> bool:
    if any(item is other for other in changed):
        return True
    return any(_touches(child, changed) for child in item.children)


def _make_variants(
    rng: random.Random, base: Instrument, count: int
) -> tuple[Variant, ...]:
    paths = _positions(base)
    # Contested provisions: a few that many delegations want to change.
    contested = rng.sample(paths, min(len(paths), rng.randint(2, 6)))
    earlier_edits: list[_Edit] = []
    earlier_adds: list[tuple[int, int, list[str]]] = []
    sources = rng.sample(SOURCES, count)
    variants: list[Variant] = []
    for source in sources:
        copy = base.copy()
        headings = copy.preamble + copy.operative
        changed: list[Item] = []
        targets: list[tuple[int, ...]] = []
        for _ in range(rng.randint(1, 5)):
            path = rng.choice(contested) if rng.random() < 0.55 else rng.choice(paths)
            if path not in targets:
                targets.append(path)
        for path in targets:
            item = _at(copy, path)
            same_place = [edit for edit in earlier_edits if edit.path == path]
            if same_place and rng.random() < 0.25:
                # The same wording as another delegation (a shared position).
                item.words = list(rng.choice(same_place).words)
            else:
                item.words = _edit_words(rng, item.words)
                earlier_edits.append(_Edit(path, list(item.words)))
            changed.append(item)

        if rng.random() < 0.2:
            # A new provision; sometimes near-identical to one
            # another delegation added (one word changed), sometimes the same.
            if earlier_adds and rng.random() < 0.4:
                h, at, words = rng.choice(earlier_adds)
                words = list(words)
                if rng.random() < 0.6:
                    at = rng.randrange(1, len(words))
                    words[at] = rng.choice(ADJECTIVES)
            else:
                h = rng.randrange(len(headings))
                at = rng.randrange(len(headings[h].items) + 1)
                maker = _preamble_text if h < len(copy.preamble) else _operative_text
                words = maker(rng, _item_length(rng))
                earlier_adds.append((h, at, words))
            item = Item(list(words))
            # Anywhere under the heading: the items after it are then renumbered in the
            # copy, as when a delegation inserts one.
            headings[h].items.insert(at, item)
            changed.append(item)
        elif rng.random() < 0.08:
            # A deletion (SUP) of a whole provision, where the heading keeps one.
            h = rng.randrange(len(headings))
            doomed = rng.randrange(len(headings[h].items))
            if len(headings[h].items) > 1 and not _touches(headings[h].items[doomed], changed):
                del headings[h].items[doomed]

        text = render(copy)
        words = sum(len(item.words) for item in changed)
        variants.append(Variant(source=source, text=text, proposal_words=words))
    return tuple(variants)


# --- The corpus -----------------------------------------------------------------------


def _spread(rng: random.Random, instruments: int, proposals: int) -> list[int]:
    """How many proposals each instrument draws: a tenth are contested (20-40 each),
    the rest share what is left, at least one each, a few each."""
    hot = max(1, instruments // 10)
    counts = [0] * instruments
    hot_indices = rng.sample(range(instruments), hot)
    others = [i for i in range(instruments) if i not in hot_indices]
    if proposals < instruments:
        raise ValueError("every instrument needs at least one proposal")
    for index in hot_indices:
        # A small corpus leaves the others at least one proposal each.
        room = proposals - sum(counts) - len(others) - (hot - 1 - hot_indices.index(index))
        counts[index] = max(1, min(rng.randint(20, 40), room))
    remaining = proposals - sum(counts)
    for index in others:
        counts[index] = 1
    remaining -= len(others)
    while remaining > 0:
        index = rng.choice(others)
        if counts[index] < 15:
            counts[index] += 1
            remaining -= 1
    return counts


def _target_words(rng: random.Random) -> int:
    # Resolutions run from a short page to several pages.
    return int(min(4200, max(350, rng.lognormvariate(7.0, 0.45))))


def generate_corpus(seed: int = 2014, instruments: int = 200, proposals: int = 1500) -> Corpus:
    rng = random.Random(seed)
    counts = _spread(rng, instruments, proposals)
    numbers = sorted(rng.sample(range(1, 250), instruments)) if instruments < 249 else list(
        range(1, instruments + 1)
    )
    cases = []
    for number, count in zip(numbers, counts, strict=True):
        base = _make_instrument(rng, number, _target_words(rng))
        cases.append(
            InstrumentCase(
                name=base.number_line,
                base=render(base),
                variants=_make_variants(rng, base, count),
            )
        )
    return Corpus(seed=seed, instruments=tuple(cases))


def generate_case(seed: int = 2014, words: int = 2000, variants: int = 9) -> InstrumentCase:
    """One instrument of about `words` words and `variants` proposals on it."""
    rng = random.Random(seed)
    base = _make_instrument(rng, 999, words)
    return InstrumentCase(
        name=base.number_line, base=render(base), variants=_make_variants(rng, base, variants)
    )
