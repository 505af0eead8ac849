"""The report as one printable HTML file: inline CSS, nothing fetched, nothing run.

The page carries the JSON report in an inert data block (`handin`), so the one file a student
hands in is read by a person and by `class`. The printed order puts what a teacher reads first
(summary, debrief, answers, reflections) before the path, documents, fact notes and sources.
"""

from __future__ import annotations

from html import escape

from game.classroom.debrief import duration
from game.classroom.documents import documents_json
from game.classroom.handin import json_block
from game.classroom.report import CERTAINTY, Report, details, figures, kind_label, report_json
from game.story.text import blocks, human_date

STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; color: #111; background: #fff;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.25rem; border-bottom: 1px solid #999; margin-top: 2rem; }
dl.details { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
dl.details dt { font-weight: bold; }
dl.details dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #999; padding: 0.35rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #eee; }
tr.whatif td.choice { font-style: italic; }
.matched { color: #185c1e; }
.wrong { color: #8a1c1c; }
.skipped { color: #666; font-style: italic; }
.reflection { white-space: pre-wrap; border-left: 3px solid #999; padding-left: 0.7rem; }
.small { font-size: 0.88rem; color: #444; }
.ref { display: none; }
@page { margin: 10mm; }
@media print {
  /* Four A4 or Letter pages for a whole game: 8.5pt type for what a teacher reads first
     (summary, debrief, answers, reflections), then the path, documents, fact notes and
     sources in three columns of 7.2pt, the documents citing their source by number. */
  body { margin: 0; max-width: none; padding: 0; font-size: 8.5pt; line-height: 1.22; }
  h1 { font-size: 13pt; margin: 0 0 1mm; }
  h2 { font-size: 10pt; margin: 2.5mm 0 1mm; break-after: avoid; page-break-after: avoid; }
  p { margin: 0.5mm 0; }
  dl.details { gap: 0 4mm; }
  table { font-size: 8pt; }
  th, td { padding: 0.3mm 1mm; }
  td p { margin: 0.3mm 0; }
  td.choice { width: 30%; }
  ol, ul { margin: 0.5mm 0; padding-left: 5mm; }
  li { margin-bottom: 0.5mm; }
  ol.questions, ol.reflections { columns: 2; column-gap: 5mm; }
  ul.facts, ol.sources, ul.documents { columns: 3; column-gap: 4mm; font-size: 7.2pt;
                                       line-height: 1.18; }
  ul.facts p { margin: 0.2mm 0; }
  ul.documents .cite { display: none; }
  ul.documents .ref { display: inline; }
  ol.path { columns: 4; column-gap: 4mm; font-size: 7.2pt; }
  .small { font-size: 7.2pt; }
  .reflection { padding-left: 1.5mm; border-left-width: 2px; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(text: str) -> str:
    """Text escaped for HTML, quotes included."""
    return escape(text, quote=True)


def paragraphs(markdown: str) -> str:
    """Story Markdown as escaped paragraphs."""
    return "".join(f"<p>{e(b)}</p>" for b in blocks(markdown))


def report_html(report: Report) -> str:
    """The whole report as a standalone HTML document."""
    play, story, d = report.play, report.play.story, report.debrief
    title = f"Report: {story.title}" + (f" ({play.player})" if play.player else "")
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(story.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>Report: {e(story.title)}</h1>",
        '<dl class="details">',
        *(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in details(report)),
        "</dl>",
        "<h2>Summary</h2>",
        '<dl class="details">',
        *(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in figures(report)),
        "</dl>",
    ]
    if play.notes:
        out += ["<h2>Notes</h2>", "<ul>", *(f"<li>{e(n)}</li>" for n in play.notes), "</ul>"]
    out += ["<h2>Debrief: your decisions against the record</h2>", *_debrief(report)]
    out += ["<h2>Questions</h2>", *_questions(report)]
    out += ["<h2>Reflections</h2>", *_reflections(report)]
    out += ["<h2>Path taken</h2>", '<ol class="small path">']
    for scene_id in (s for s in play.state.path if s in story.scenes):
        scene = story.scenes[scene_id]
        mark = "" if scene_id in report.historical else " <em>(what if)</em>"
        out.append(f"<li>{e(scene.title or scene.id)}{mark}</li>")
    out += ["</ol>", *_documents(report)]
    out += [f"<h2>Fact notes ({d.facts_found} of {d.facts_total} found)</h2>", *_facts(report)]
    out += ["<h2>Sources</h2>", '<ol class="sources">']
    for s in report.sources:
        reliability = f' <span class="small">{e(s.reliability)}</span>' if s.reliability else ""
        out.append(f"<li>{e(s.cite)} <em>{e(kind_label(s.kind))}</em>{reliability}</li>")
    out += [
        "</ol>",
        f'<p class="small">Time played: {e(duration(play.played_seconds))}. '
        "Made with Special Tasks.</p>",
        json_block(report_json(report)),
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _debrief(report: Report) -> list[str]:
    if not report.debrief.rows:
        return ["<p>No decisions made yet.</p>"]
    out = [
        "<table>",
        "<thead><tr><th>#</th><th>Date</th><th>Scene</th><th>Your choice</th>"
        "<th>What actually happened</th><th>Sources</th></tr></thead>",
        "<tbody>",
    ]
    for i, row in enumerate(report.debrief.rows, 1):
        if row.historical:
            happened = '<span class="matched">The same: this is what happened.</span>'
        else:
            happened = f"<strong>{e(row.history_choice)}</strong>" if row.history_choice else ""
            happened += paragraphs(row.reality) if row.reality else ""
        out.append(
            f'<tr class="{"matched" if row.historical else "whatif"}">'
            f"<td>{i}</td><td>{e(human_date(row.date))}</td><td>{e(row.scene_title)}</td>"
            f'<td class="choice">{e(row.choice_text)}</td><td>{happened}</td>'
            f"<td>{e(report.numbers(row.sources))}</td></tr>"
        )
    return [*out, "</tbody>", "</table>"]


def _questions(report: Report) -> list[str]:
    if not report.questions:
        return ["<p>No questions answered yet.</p>"]
    out = ['<ol class="questions">']
    for q, given, correct in report.questions:
        verdict = (
            '<span class="matched">right</span>' if correct else '<span class="wrong">wrong</span>'
        )
        out.append(
            f"<li><strong>{e(q.ask)}</strong><br>Your answer: {e(q.options[given])} ({verdict})"
        )
        if not correct:
            out.append(f"<br>The right answer: {e(q.options[q.answer])}")
        out.append(f"{paragraphs(q.explain)}</li>")
    return [*out, "</ol>"]


def _reflections(report: Report) -> list[str]:
    state, story = report.play.state, report.play.story
    if not state.reflections:
        return ["<p>No reflections asked yet.</p>"]
    asks = {r.id: r.ask for r in story.reflections}
    out = ['<ol class="reflections">']
    for r in state.reflections:
        text = (
            f'<div class="reflection">{e(r.text)}</div>'
            if r.text
            else '<div class="skipped">(skipped)</div>'
        )
        out.append(f"<li><strong>{e(asks.get(r.reflection, r.reflection))}</strong>{text}</li>")
    return [*out, "</ol>"]


def _documents(report: Report) -> list[str]:
    story = report.play.story
    found = documents_json(story, report.play.state)
    out = [f"<h2>Documents examined ({len(found)} of {len(story.exhibits)})</h2>"]
    if not found:
        return [*out, "<p>None yet.</p>"] if story.exhibits else []
    out.append('<ul class="small documents">')
    numbers = {s.id: i for i, s in enumerate(report.sources, 1)}
    for x in found:
        date = f" ({e(human_date(x['date']))})" if x["date"] else ""
        cite = f": {e(x['source_cite'])}" if x["source_cite"] else ""
        if cite and x["source"] in numbers:  # printed, the number in the sources below
            number = numbers[x["source"]]
            cite = f'<span class="cite">{cite}</span><span class="ref"> [{number}]</span>'
        out.append(f"<li><strong>{e(x['title'])}</strong>{date}{cite}</li>")
    return [*out, "</ul>"]


def _facts(report: Report) -> list[str]:
    if not report.facts:
        return ["<p>No fact notes found yet.</p>"]
    out = ['<ul class="facts">']
    for f in report.facts:
        date = f" ({e(human_date(f.date))})" if f.date else ""
        dispute = (
            f"<p><em>Other account:</em> {e(' '.join(blocks(f.dispute)))}</p>" if f.dispute else ""
        )
        certainty = CERTAINTY.get(f.certainty, f.certainty)
        out.append(
            f"<li><strong>{e(f.title)}</strong>{date}{paragraphs(f.text)}{dispute}"
            f'<p class="small">Certainty: {e(certainty)}. Sources: '
            f"{e(report.numbers(f.sources))}</p></li>"
        )
    return [*out, "</ul>"]
