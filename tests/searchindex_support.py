"""Hand-made sites for the search index tests, and the index bytes pinned for them.

`pinned_sites()` holds text chosen to reach every path of the tokeniser (ASCII, accents,
other scripts, a capital sigma before punctuation, underscores, entities, ligatures,
full-width letters, Unicode spaces, subheadings at every level) and a generated site
large enough to spread postings over many `words/` files and split keys.
`tests/fixtures/searchindex/expected.json` holds the index of each, as written by the
index's first release: the small site file by file, the large one as SHA-256 digests.
Run this file to write it again (only when the format is meant to change):

    .venv/bin/python tests/searchindex_support.py
"""

from __future__ import annotations

import datetime
import hashlib
import json
import sys
from pathlib import Path

from briefgen.model import Article

EXPECTED = Path(__file__).parent / "fixtures" / "searchindex" / "expected.json"
TAXONOMIES = ("actors", "locations", "tags")


def article(
    slug: str,
    date: str,
    title: str,
    body: str = "",
    summary: str = "",
    actors: tuple[str, ...] = (),
    locations: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Article:
    """A briefing as the build reads it, with only what the index uses filled in."""
    day = datetime.date.fromisoformat(date)
    return Article(
        content_path=Path(f"/content/{slug}.md"),
        key=f"{slug}.md",
        title=title,
        date=day,
        slug=slug,
        url_path=f"{day:%Y/%m/%d}/{slug}/",
        url_line=2,
        summary=summary,
        terms=(("actors", actors), ("locations", locations), ("tags", tags)),
        places=(),
        source="",
        draft=False,
        body_html=body,
        extra={},
    )


def small_site() -> list[Article]:
    """A dozen briefings whose text covers the tokeniser's cases."""
    return [
        article(
            "storm",
            "2020-09-14",
            "Storm closes the harbour",
            "<p>The storm kept ferries in port.</p><h2 id='s'>Ferries wait</h2>"
            "<p>Ferries wait; storms, stormed &amp; storming.</p>",
            "A storm hit.",
            actors=("Port Authority",),
            locations=("Zürich",),
            tags=("weather",),
        ),
        article(
            "accents",
            "2021-01-03",
            "Éamon Ó Briain visits Zürich and São Paulo",
            "<p>Café façade naïve coöperate résumé ÉCOLE élections «quoted» “curly” "
            "‘single’ l’État d’Ivoire — dash – en‑dash Ångström.</p>"
            "<h3 id='x'>Crème brûlée &quot;recipes&quot;</h3><p>more &lt;b&gt;text&lt;/b&gt;</p>",
            "Accents everywhere: ÀÉÎÕÜ àéîõü.",
            actors=("Éamon Ó Briain", "Jürgen Klopp"),
            locations=("São Paulo", "Zürich"),
        ),
        article(
            "greek",
            "2019-05-05",
            "ΟΔΥΣΣΕΥΣ and ΣΟΦΙΑ",
            "<p>ΟΔΥΣΣΕΥΣ. ΑΣ.Β ΑΣ'Α ΑΣ:Β ΑΣ Β Σ ΣΑ αΣ1 ΑΣ_Β Ας σίγμα ΌΣΟΣ.</p>"
            "<h4 id='g'>ΕΛΛΑΣ: ΑΘΗΝΑ</h4>",
            "Final sigma: ΛΟΓΟΣ, ΛΟΓΟΣ.ΚΑΙ and λόγος",
            tags=("greek",),
        ),
        article(
            "scripts",
            "2022-12-31",
            "Москва и Київ: новости",
            "<p>Москва́ Київ 東京 北京市 서울 नई दिल्ली हिन्दी العربية עברית ไทย "
            "ﬁnance ﬂow Ｆｕｌｌｗｉｄｔｈ ５ Kelvin İstanbul straße STRASSE ẞ ǅemal</p>"
            "<h5 id='c'>日本語 テスト</h5><h6 id='d'>Ⅻ ① ²³ ½</h6>",
            "Emoji 🙂 👍🏽 and ZWJ 👨‍👩‍👧 and e\u0301 combining, x\u200dy, soft\u00adhyphen.",
            actors=("Владимир Путин", "習近平"),
            locations=("Київ",),
        ),
        article(
            "underscores",
            "2020-02-29",
            "snake_case and __dunder__ words_",
            "<p>foo_bar baz__qux _lead trail_ a_b_c 1_000 Ω_Ω é_é</p>",
            "under_score",
            tags=("code_words",),
        ),
        article(
            "spaces",
            "2020-02-29",
            "Unicode\u00a0spaces\u2009between\u3000words",
            "<p>nbsp\u00a0here thin\u2009here ideographic\u3000here nel\u0085here "
            "ls\u2028here ps\u2029here tab\there vt\x0bhere ff\x0chere cr\rhere</p>",
            "line\nbreak",
        ),
        article(
            "numbers",
            "2018-07-04",
            "2020 elections: 1,234 votes and 3.5% turnout in 1990s",
            "<p>COVID-19 B2B 4x4 M25 1st 2nd 3rd 10th 0.5 007 ½ ٣ ३ ፫ ¹²³</p>",
            "Votes counted 12:30.",
            tags=("2020",),
        ),
        article(
            "headings",
            "2018-07-04",
            "Headings at every level",
            "<h2>Plain heading</h2><h3 id='a' class='b'>Attributes here</h3>"
            "<h4>Nested <em>emphasis</em> and <code>code</code></h4><h5>Fifth</h5>"
            "<h6>Sixth</h6><h7>not a heading</h7><h1>top level</h1>"
            "<p>Body with <a href='https://example.org/path?q=1&amp;r=2'>a link</a>.</p>"
            "<h2 id='m'>Multi\nline\nheading</h2>",
        ),
        article(
            "markup",
            "2023-03-03",
            "Council votes on <b>budget</b> &amp; more",
            "<p>Voting ended.</p><ul><li>item one</li><li>item two</li></ul>"
            "<blockquote><p>quoted words</p></blockquote><pre><code>x = 1</code></pre>",
            "Summary <i>with</i> markup",
            actors=("<script>alert(1)</script>", 'Quote "Person"'),
        ),
        article("empty", "2017-01-01", "", "", ""),
        article(
            "repeat",
            "2017-01-01",
            "Repeat repeat REPEAT repeated",
            "<p>" + " ".join(["repeat"] * 40 + ["repeats", "repeating"] * 5) + "</p>",
            "repeat",
            actors=("Repeat Person",),
        ),
        article(
            "apostrophes",
            "2016-06-06",
            "Kyiv's mayor and Kyiv’s council",
            "<p>don't can't it's o'clock rock'n'roll</p>",
        ),
    ]


def large_site() -> list[Article]:
    """1,500 generated briefings: many `words/` files, split keys, several filter files."""
    return [
        article(
            f"a{n}",
            f"20{10 + n % 10}-0{1 + n % 9}-1{n % 10}",
            f"Briefing number {n} word{n % 50} élection{n % 13}",
            "<p>"
            + " ".join(f"term{(n * 7 + k) % 900}" for k in range(120))
            + f"</p><h2 id='h'>Heading {n % 17} votes</h2><p>Ζ{n % 5} straße{n % 3}</p>",
            f"Summary {n % 31} voting",
            actors=(f"Actor {n % 300}", f"Actor {n % 7}"),
            locations=(f"Place {n % 40}",),
            tags=(f"tag-{n % 11}",),
        )
        for n in range(1500)
    ]


def digests(files: dict[str, bytes]) -> dict[str, str]:
    """Path → SHA-256 of its bytes."""
    return {path: hashlib.sha256(data).hexdigest() for path, data in files.items()}


def main() -> None:
    from briefgen.searchindex import build_index

    small = build_index(small_site(), TAXONOMIES)
    large = build_index(large_site(), TAXONOMIES)
    expected = {
        "small": {path: data.decode("utf-8") for path, data in small.items()},
        "large": digests(large),
    }
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True)
    EXPECTED.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {EXPECTED} ({len(small)} + {len(large)} files)", file=sys.stderr)


if __name__ == "__main__":
    main()
