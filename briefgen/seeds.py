"""Read and validate seed files into Seed values: date line, paragraphs, subheadings.

Non-UTF-8 seeds are refused, not guessed: a wrong guess (cp1252 vs latin-1 vs
mac-roman) silently corrupts names, and names are what briefgen indexes. The error
names the line and byte, and says how to re-save the file.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from briefgen.errors import SeedError
from briefgen.fsutil import project_relative, sha256_bytes
from briefgen.model import Block, Seed
from briefgen.safetext import clean_text

MAX_SEED_BYTES = 5 * 1024 * 1024

# `date 2020-09-14`, `Date: 2020-09-14`, `DATE 2020-09-14 08:30`, `date 2020-09-14T08:30:00Z`.
_DATE_LINE = re.compile(
    r"^date\s*:?\s+(?P<date>\S+?)"
    r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?)?"
    r"(?:\s+(?P<rest>.*))?$",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FINAL_PUNCTUATION = ".!?:;,\"'”’»)…"
MAX_HEADING_CHARS = 90
MAX_HEADING_WORDS = 12


def read_seed(seed_path: Path, project_root: Path) -> Seed:
    """Parse one seed file; raise SeedError naming the file, line and fix."""
    try:
        size = seed_path.stat().st_size
    except OSError as exc:
        raise SeedError(f"cannot read the file: {exc.strerror}", seed_path) from exc
    if size > MAX_SEED_BYTES:
        raise SeedError(
            f"file is {size / 1024 / 1024:.1f} MB, over the 5 MB limit for a seed "
            "(split it into separate articles or remove it)",
            seed_path,
        )
    raw = seed_path.read_bytes()
    return parse_seed(raw, seed_path, project_relative(seed_path, project_root))


def decode_seed(raw: bytes, seed_path: Path) -> str:
    """Decode seed bytes as UTF-8 (a BOM is dropped), refusing binary and other encodings."""
    if not raw.strip():
        raise SeedError(
            "the file is empty (start it with 'date YYYY-MM-DD' and the article text)",
            seed_path,
            1,
        )
    if b"\x00" in raw[:8192]:
        raise SeedError(
            "this is a binary file, not text (seeds must be UTF-8 .txt files; remove it)",
            seed_path,
            raw[:8192].count(b"\n", 0, raw.index(b"\x00")) + 1,
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SeedError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at column {column}) (re-save the "
            "file as UTF-8, e.g. `iconv -f windows-1252 -t utf-8 in.txt > out.txt`)",
            seed_path,
            line,
        ) from exc


def parse_date(token: str, seed_path: Path, line: int) -> datetime.date:
    """Turn the YYYY-MM-DD token of a date line into a calendar date (no time zones)."""
    match = _ISO_DATE.match(token)
    if not match:
        raise SeedError(
            f"malformed date '{token}' (write it as YYYY-MM-DD, e.g. date 2020-09-14)",
            seed_path,
            line,
        )
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise SeedError(
            f"impossible date {token}: {exc} (check the day and month)", seed_path, line
        ) from exc


def parse_seed(raw: bytes, seed_path: Path, source: str) -> Seed:
    """Parse seed bytes: the date line, then paragraphs separated by blank lines."""
    text = clean_text(decode_seed(raw, seed_path))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]

    first = 0
    while first < len(lines) and not lines[first].strip():
        first += 1
    date_line_no = first + 1
    header = lines[first].strip().lstrip("\ufeff") if first < len(lines) else ""
    match = _DATE_LINE.match(header)
    if not match:
        raise SeedError(
            "the first line must start with 'date YYYY-MM-DD' followed by the first "
            f"paragraph (found: {header[:40]!r})",
            seed_path,
            date_line_no,
        )
    date = parse_date(match.group("date"), seed_path, date_line_no)
    lines[first] = match.group("rest") or ""

    blocks = _blocks(lines[first:], first + 1)
    if not blocks:
        raise SeedError(
            "no article text after the date line (add the article's paragraphs)",
            seed_path,
            date_line_no,
        )
    return Seed(
        seed_path=seed_path,
        source=source,
        date=date,
        blocks=tuple(blocks),
        digest=sha256_bytes(raw),
    )


def _blocks(lines: list[str], first_line_no: int) -> list[Block]:
    """Group lines into blank-line separated blocks and tell subheadings from paragraphs."""
    groups: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = first_line_no
    for offset, line in enumerate(lines):
        if line.strip():
            if not current:
                start = first_line_no + offset
            current.append(line.strip())
        elif current:
            groups.append((start, current))
            current = []
    if current:
        groups.append((start, current))

    blocks: list[Block] = []
    for index, (line_no, group) in enumerate(groups):
        text = " ".join(group)
        between = 0 < index < len(groups) - 1
        heading = between and len(group) == 1 and is_subheading(text)
        blocks.append(Block(kind="heading" if heading else "paragraph", text=text, line=line_no))
    return blocks


def is_subheading(text: str) -> bool:
    """A short line with no final punctuation, starting like a title, reads as a subheading."""
    return (
        len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and text[-1] not in _FINAL_PUNCTUATION
        and (text[0].isupper() or text[0].isdigit())
    )
