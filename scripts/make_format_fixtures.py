"""Write the ClickSend pair as HTML, Markdown and DOCX into tests/data/formats/ (the format tests read them).

    .venv/bin/python scripts/make_format_fixtures.py

Each file is made from corpus/clicksend/privacy.{en,no}.txt, block by block, so that it says
exactly what the plain text says: blank-line blocks that the plain segmenter reads as headings
become headings (the date line a paragraph in emphasis), the "Service announcements" paragraph
becomes a bulleted list (one sentence an item), the first "ClickSend" of a paragraph is bold and
"contact us" links to ClickSend's contact page. HTML: a page header with a navigation menu, a
footer with a year and a phone number, a style sheet and two scripts around ``<main>``, text
wrapped at 100 columns, ``’`` written as ``&rsquo;``. Markdown: wrapped at 100 columns. DOCX:
Title / Heading 1 / List Bullet styles, the link a real hyperlink. Deterministic: the DOCX has
fixed document properties and zip timestamps.
"""
from __future__ import annotations

import html
import io
import re
import sys
import textwrap
import zipfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "formats"
LANGS = {"en": "en", "no": "nb"}
LINKS = {"en": ("contact us", "https://www.clicksend.com/au/contact/"),
         "no": ("kontakte oss", "https://www.clicksend.com/no/contact/")}
LIST_HEADINGS = ("Service announcements", "Tjenestemeldinger")
HEADER = """<header class="site-header">
  <a class="logo" href="/">ClickSend</a>
  <nav aria-label="Main">
    <ul>
      <li><a href="/pricing">Pricing</a></li>
      <li><a href="/features">Features</a></li>
      <li><a href="/privacy">Privacy Policy</a></li>
      <li><a href="https://dashboard.clicksend.com/signup">Sign up free</a></li>
    </ul>
  </nav>
</header>"""
FOOTER = """<footer class="site-footer">
  <p>&copy; 2024 ClickSend Pty Ltd &middot; <a href="/terms">Terms</a> &middot; <a href="/legal">Legal</a></p>
  <p>Call us on +61 2 8015 6020, 24 hours a day, 7 days a week.</p>
</footer>"""
STYLE = "<style>\nbody { font-family: sans-serif; max-width: 48em; }\nnav li { display: inline; }\n</style>"
SCRIPT = ("<script>\nwindow.dataLayer = window.dataLayer || [];\n"
          "if (dataLayer.length < 1) { dataLayer.push({event: 'privacy-page'}); }\n</script>")


def blocks(lang: str) -> list[tuple[str, str]]:
    """(kind, text) of each blank-line block of the plain text: ``title``, ``heading``, ``date``,
    ``list`` (its sentences, one a line) or ``paragraph``."""
    from align.segment import segment_text

    text = (ROOT / f"corpus/clicksend/privacy.{lang}.txt").read_text(encoding="utf-8")
    out: list[tuple[str, str]] = []
    listed = False
    for raw in re.split(r"\n\s*\n", text):
        block = raw.strip()
        if not block:
            continue
        segments = segment_text(block, LANGS[lang])
        if all(s.kind == "heading" for s in segments):
            kind = "date" if block.startswith("Last updated") else "title" if not out else "heading"
            out.extend((kind, s.text) for s in segments)
        elif listed:
            out.append(("list", "\n".join(s.text for s in segments)))
        else:
            out.append(("paragraph", block))
        listed = block in LIST_HEADINGS
    return out


def inline(text: str, lang: str, bold: tuple[str, str], link: tuple[str, str]) -> str:
    """The first 'ClickSend' in bold and the contact phrase as a link; ``bold`` and ``link`` are
    the markup (opening, closing), ``{url}`` standing for the link target."""
    text = text.replace("ClickSend", f"{bold[0]}ClickSend{bold[1]}", 1) if "ClickSend" in text[:200] else text
    phrase, url = LINKS[lang]
    return text.replace(phrase, f"{link[0].format(url=url)}{phrase}{link[1].format(url=url)}", 1)


def wrap(text: str) -> str:
    lines = textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False)
    for line in lines[1:]:
        assert not re.match(r"([-*+#>=]|\d+[.)])(\s|$)", line), f"a wrapped line reads as markup: {line!r}"
    return "\n".join(lines)


def markdown(lang: str) -> str:
    parts = []
    for kind, text in blocks(lang):
        if kind in ("title", "heading"):
            parts.append(("# " if kind == "title" else "## ") + text)
        elif kind == "date":
            parts.append(f"*{text}*")
        elif kind == "list":
            parts.append("\n".join(f"- {line}" for line in text.splitlines()))
        else:
            parts.append(wrap(inline(text, lang, ("**", "**"), ("[", "]({url})"))))
    return "\n\n".join(parts) + "\n"


def html_page(lang: str) -> str:
    body = []
    for kind, text in blocks(lang):
        escaped = html.escape(text, quote=False).replace("’", "&rsquo;")
        if kind in ("title", "heading"):
            tag = "h1" if kind == "title" else "h2"
            body.append(f"<{tag}>{escaped}</{tag}>")
        elif kind == "date":
            body.append(f'<p class="updated"><em>{escaped}</em></p>')
        elif kind == "list":
            body.append("<ul>\n" + "\n".join(f"  <li>{line}</li>" for line in escaped.splitlines()) + "\n</ul>")
        else:
            marked = inline(escaped, lang, ("<strong>", "</strong>"), ('<a href="{url}">', "</a>"))
            body.append("<p>\n" + textwrap.indent(wrap(marked), "  ") + "\n</p>")
    return (f'<!DOCTYPE html>\n<html lang="{LANGS[lang]}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>ClickSend</title>\n{STYLE}\n{SCRIPT}\n</head>\n<body>\n{HEADER}\n<main>\n"
            + "\n".join(body) + f'\n</main>\n{FOOTER}\n<script src="/js/app.js"></script>\n</body>\n</html>\n')


def add_hyperlink(paragraph, text: str, url: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def docx_bytes(lang: str) -> bytes:
    import docx

    document = docx.Document()
    properties = document.core_properties
    properties.author = properties.last_modified_by = "clausealign"
    properties.created = properties.modified = datetime(2026, 1, 1)
    properties.revision = 1
    for kind, text in blocks(lang):
        if kind in ("title", "heading"):
            document.add_paragraph(text, style="Title" if kind == "title" else "Heading 1")
        elif kind == "date":
            document.add_paragraph().add_run(text).italic = True
        elif kind == "list":
            for line in text.splitlines():
                document.add_paragraph(line, style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            phrase, url = LINKS[lang]
            before, found, after = text.partition(phrase)
            paragraph.add_run(before)
            if found:
                add_hyperlink(paragraph, phrase, url)
                paragraph.add_run(after)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and order, so the file is byte-for-byte reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(name))
    return out.getvalue()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    OUT.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        for suffix, data in ((".md", markdown(lang).encode("utf-8")), (".html", html_page(lang).encode("utf-8")),
                             (".docx", docx_bytes(lang))):
            path = OUT / f"privacy.{lang}{suffix}"
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)} ({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
