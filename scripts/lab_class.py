"""A scripted class of students for the shipped story, and how many pages its prints take.

    python scripts/lab_class.py OUT_DIR [--students 30] [--pdf]

Writes OUT_DIR/saves/NAME/autosave.json and OUT_DIR/hand-in/NAME.html for each student
(a third finish, the rest stop somewhere along the way, as in a 30-minute lesson), then
OUT_DIR/class.html from `special-tasks class`. With --pdf, prints the class page and one full
student report with headless Chromium on A4 and on Letter and says how many pages each took.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.classroom.formats import render
from game.classroom.report import Playthrough
from game.engine.engine import ChoicePrompt, ContinuePrompt, Engine, QuestionPrompt
from game.engine.session import Session
from game.saves.savefile import encode
from game.story.checker import load_story
from game.story.paths import shipped_story

FIRST = "Ana Ben Cy Dee Eli Fay Gus Hal Ivy Jo Kai Lea Max Nia Oli Pia Quinn Rae Sol Tam Uma Vic"
LAST = "Li Cho Okafor Novak Silva Haddad Kim Berg Rossi Nowak Ito Diaz Meyer Costa Ruiz Yilmaz"
THOUGHTS = [
    "I would check his claims against the archive documents released after 1991.",
    "The date of the meeting, because a memoir written fifty years later can easily get a "
    "month wrong, and the Eitingon biography says May.",
    "Fingerprints are physical evidence, so I trust the 1950 identification more than a story "
    "told by a defector.",
    "It is opinion: the author judges Trotsky, but the record is what happened and who says so.",
    "I don't know.",
]


def student(engine: Engine, rng: random.Random, name: str, finish: bool) -> Session:
    """One scripted playthrough: mostly the record, some what-ifs, stopping or finishing."""
    state, _ = engine.new_game()
    session = Session(
        engine, state, player=name, started_at=f"2026-03-02T09:0{rng.randint(0, 9)}:00+00:00"
    )
    stop = None if finish else rng.randint(12, 45)  # 45 steps: about the attack, never the end
    steps = 0
    while not session.state.ended and (stop is None or steps < stop):
        prompt = engine.prompt(session.state)
        if isinstance(prompt, ChoicePrompt):
            history = [i for i, c in enumerate(prompt.choices, 1) if c.history]
            pick = (
                history[0]
                if history and rng.random() < 0.7
                else rng.randint(1, len(prompt.choices))
            )
            session.choose(pick)
        elif isinstance(prompt, ContinuePrompt):
            session.advance()
        elif isinstance(prompt, QuestionPrompt):
            right = prompt.question.answer + 1
            wrong = rng.randint(1, len(prompt.question.options))
            session.answer(right if rng.random() < 0.7 else wrong)
        else:
            session.reflect(rng.choice(THOUGHTS) if rng.random() < 0.85 else None)
        steps += 1
    session.played_before = rng.randint(18, 31) * 60.0
    return session


def make_class(out: Path, count: int, surname: str = "") -> list[Path]:
    """The class's saves and HTML hand-ins in `out`, and its class page; `surname` is added
    to every student's name (a test of long names)."""
    story = load_story(shipped_story())
    engine = Engine(story)
    rng = random.Random(1940)
    firsts, lasts = FIRST.split(), LAST.split()
    reports = []
    for i in range(count):
        name = f"{firsts[i % len(firsts)]} {lasts[(i * 7) % len(lasts)]}{surname}"
        session = student(engine, rng, name, finish=i % 3 == 0)
        folder = out / "saves" / name.lower().replace(" ", "-")
        folder.mkdir(parents=True, exist_ok=True)
        data, _digest = encode(session, "2026-03-02T09:40:00+00:00")
        (folder / "autosave.json").write_bytes(data)
        play = Playthrough(
            story,
            session.state,
            name,
            session.started_at,
            "2026-03-02T09:40:00+00:00",
            session.played_seconds,
        )
        report = out / "hand-in" / f"{folder.name}.html"
        report.parent.mkdir(exist_ok=True)
        report.write_text(render(play, "html"), encoding="utf-8")
        reports.append(report)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "class",
            str(out / "saves"),
            "--format",
            "html",
            "-o",
            str(out / "class.html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    return reports


def pages(page: Path, paper: str) -> int:
    """Pages Chromium prints `page` on, with the paper size forced to `paper`."""
    work = Path(tempfile.mkdtemp())
    forced = work / page.name
    text = page.read_text(encoding="utf-8")
    forced.write_text(text.replace("</style>", f"@page {{ size: {paper}; }}</style>", 1), "utf-8")
    pdf = work / "out.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            forced.as_uri(),
        ],
        capture_output=True,
        check=True,
        timeout=120,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    shutil.rmtree(work)
    return int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:"))
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--pdf", action="store_true", help="count printed pages (needs chromium)")
    args = parser.parse_args()
    reports = make_class(args.out, args.students)
    print(f"{len(reports)} students in {args.out}; class page: {args.out / 'class.html'}")
    if args.pdf:
        full = reports[0]  # student 0 finishes
        for paper in ("A4", "letter"):
            print(
                f"{paper}: class page {pages(args.out / 'class.html', paper)} pages, "
                f"a finished student's report {pages(full, paper)} pages"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
