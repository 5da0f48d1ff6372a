"""Read and validate seed files into Seed values: date line, paragraphs, subheadings.

Non-UTF-8 seeds are refused, not guessed: a wrong guess (cp1252 vs latin-1 vs
mac-roman) silently corrupts names, and names are what briefgen indexes. The error
names the line and byte, and says how to re-save the file.
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path

from briefgen.errors import SeedError
from briefgen.fsutil import project_relative, sha256_bytes
from briefgen.model import Block, Seed
from briefgen.safetext import clean_text
from briefgen.urls import is_web_address

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
MAX_TITLE_CHARS = 200
MAX_HEADER_CHARS = 2000
# Optional header lines before the date line: `title: …`, `source: https://…`, `outlet: …`,
# `license: …` (keys in any case and order, each at most once).
HEADER_KEYS = ("title", "source", "outlet", "license")
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")
# A wiki's or a newsroom system's note to its editors, copied in with the text: it speaks
# of the page itself ("This article requires review by an uninvolved reviewer", "Article
# last amended: …", "Please check the talk page"), never of the news, and must not become
# the briefing's title, summary or first paragraph.
_EDITORIAL_NOTICE = re.compile(
    r"""^\W*(?:
        (?:this|the\ following)\ (?:article|page|story|entry|report)\ (?:
            requires|needs\ (?:review|cleanup|copy-?editing|attention|sources|citations)
            |is\ (?:a\ draft|a\ stub|under\ (?:review|construction)|being\ (?:reviewed|edited))
            |has\ not\ (?:yet\ )?been\ (?:reviewed|published|checked)
        )
        |this\ is\ a\ developing\ (?:story|article)\b
        |(?:article|page|story|entry)\ last\ (?:amended|updated|edited|modified|revised)\b
        |please\ check\ the\ talk\ page\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def read_seed(seed_path: Path, project_root: Path, source: str | None = None) -> Seed:
    """Parse one seed file; raise SeedError naming the file, line and fix.

    SOURCE is the seed's path relative to the project, when the caller already has it
    (ingest resolves each seed path once for several checks).
    """
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
    if source is None:
        source = project_relative(seed_path, project_root)
    return parse_seed(raw, seed_path, source)


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
    """Parse seed bytes: optional header lines, the date line, then paragraphs."""
    text = clean_text(decode_seed(raw, seed_path))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]

    first = 0
    header: dict[str, str] = {}
    header_lines: dict[str, int] = {}
    while first < len(lines):
        line = lines[first].strip().lstrip("\ufeff")
        if line and (_DATE_LINE.match(line) or not _HEADER_LINE.match(line)):
            break
        if line:
            _read_header_line(line, seed_path, first + 1, header, header_lines)
        first += 1
    date_line_no = first + 1
    line = lines[first].strip().lstrip("\ufeff") if first < len(lines) else ""
    match = _DATE_LINE.match(line)
    if not match:
        where = "after the header lines " if header else ""
        raise SeedError(
            f"the first line {where}must start with 'date YYYY-MM-DD' followed by the first "
            f"paragraph (found: {line[:40]!r})",
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
        title=header.get("title", ""),
        source_url=header.get("source", ""),
        outlet=header.get("outlet", ""),
        license=header.get("license", ""),
    )


def _read_header_line(
    line: str, seed_path: Path, line_no: int, header: dict[str, str], seen: dict[str, int]
) -> None:
    """Validate one `key: value` header line and store it in HEADER."""
    match = _HEADER_LINE.match(line)
    assert match is not None
    key = match.group("key").lower()
    value = " ".join(match.group("value").split())
    if key not in HEADER_KEYS:
        close = difflib.get_close_matches(key, HEADER_KEYS, n=1, cutoff=0.7)
        keys = ", ".join(HEADER_KEYS)
        hint = (
            f"did you mean '{close[0]}'? header lines before the date line may be {keys}"
            if close
            else f"header lines before the date line may be {keys}; the article starts on "
            "the 'date YYYY-MM-DD' line"
        )
        raise SeedError(f"unknown header key '{match.group('key')}' ({hint})", seed_path, line_no)
    if key in seen:
        raise SeedError(
            f"'{key}' is given twice, also on line {seen[key]} (keep one)", seed_path, line_no
        )
    if not value:
        raise SeedError(f"'{key}' is empty (write a value or remove the line)", seed_path, line_no)
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value):
        raise SeedError(f"'{key}' holds a control character (remove it)", seed_path, line_no)
    if key == "title" and len(value) > MAX_TITLE_CHARS:
        raise SeedError(
            f"title is {len(value)} characters, over the {MAX_TITLE_CHARS} allowed (shorten it)",
            seed_path,
            line_no,
        )
    if len(value) > MAX_HEADER_CHARS:
        raise SeedError(
            f"'{key}' is {len(value)} characters, over {MAX_HEADER_CHARS} (shorten it)",
            seed_path,
            line_no,
        )
    if key == "source" and not is_web_address(value):
        raise SeedError(
            f"source {value[:60]!r} is not a web address (write it as http:// or https://…)",
            seed_path,
            line_no,
        )
    header[key] = value
    seen[key] = line_no


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
    # Editorial notices go before the first paragraph and the subheadings are told apart,
    # unless nothing else is left.
    groups = [g for g in groups if not _EDITORIAL_NOTICE.match(" ".join(g[1]))] or groups

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
