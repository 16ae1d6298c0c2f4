"""The access report as a PDF (fpdf2, pure Python): the same tables as the HTML document."""

from typing import Any

from fpdf import FPDF

from gateway.access_report import TEXT, Language, document_rows, headings, when


def _latin1(text: str) -> str:
    # The PDF core fonts cover Latin-1 (å, ä, ö included); anything else becomes "?".
    return text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")


def render_pdf(report: dict[str, Any]) -> bytes:
    """Return the named report as PDF bytes (A4 landscape)."""
    lang: Language = report["language"]
    t = {k: v[lang] for k, v in TEXT.items()}
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_title(_latin1(t["title"]))
    pdf.set_lang(lang)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(text=_latin1(t["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    period = f"{t['period']}: {when(report['since'])} - {when(report['until'])}"
    pdf.cell(text=_latin1(period), new_x="LMARGIN", new_y="NEXT")
    rows, heads = document_rows(report), headings(lang)
    for key in ("organisations", "accesses", "disclosures"):
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(text=_latin1(t[key]), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=9)
        if not rows[key]:
            pdf.cell(text=_latin1(t["none"]), new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table() as table:
            for row in [heads[key], *rows[key]]:
                cells = table.row()
                for value in row:
                    cells.cell(_latin1(value))
    if report["truncated"]:
        pdf.ln(4)
        pdf.multi_cell(0, text=_latin1(t["truncated"]))
    return bytes(pdf.output())
