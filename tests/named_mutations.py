"""Re-prove that the suite catches the bugs it is named for (docs/testing.md).

Each entry is one small deliberate bug in the product: this script writes it into the file,
runs the test that must catch it, and puts the file back, whatever happens. Run it from the
checkout's root:

    python tests/named_mutations.py          # the named tests only (about a minute)
    python tests/named_mutations.py --full   # the whole suite per bug (slow)

It prints KILLED or SURVIVED per bug, and GONE when the code it edits has changed (then
the entry needs updating to the new code). It exits 1 if any bug survived.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Bug:
    name: str
    file: str
    old: str
    new: str
    test: str


BUGS = [
    Bug(
        "convergence accepts a what-if when any branch rejoins",
        "game/story/check_graph.py",
        # every branch: the for-else adds a scene only when no branch is off the record
        "                if t not in within and t in graph:\n"
        "                    break\n"
        "            else:\n"
        "                step.add(s)\n",
        "                if t in within or t not in graph:\n"
        "                    step.add(s)\n"
        "                    break\n",
        "tests/test_checker_paths.py::test_a_what_if_converges_only_when_every_branch_rejoins_in_time",
    ),
    Bug(
        "convergence limit of three steps cut to two",
        "game/story/history.py",
        "CONVERGE_STEPS = 3",
        "CONVERGE_STEPS = 2",
        "tests/test_checker_paths.py::test_three_steps_back_to_the_record_are_allowed_and_four_are_not",
    ),
    Bug(
        "convergence limit raised to four",
        "game/story/history.py",
        "CONVERGE_STEPS = 3",
        "CONVERGE_STEPS = 4",
        "tests/test_checker_paths.py::test_three_steps_back_to_the_record_are_allowed_and_four_are_not",
    ),
    Bug(
        "a save with no checksum at all accepted",
        "game/saves/savefile.py",
        'if record.get("checksum") != expected:',
        'if "checksum" in record and record.get("checksum") != expected:',
        "tests/test_saves_trust.py::test_a_save_with_no_checksum_at_all_is_damaged",
    ),
    Bug(
        "migration keeps the saved historical flag",
        "game/saves/migrate.py",
        "log.append(replace(entry, historical=choice.history))",
        "log.append(entry)",
        "tests/test_saves_trust.py::test_a_migrated_save_takes_historical_from_the_story_as_it_is_now",
    ),
    Bug(
        "migration keeps the saved historical flag (seen in the next save)",
        "game/saves/migrate.py",
        "log.append(replace(entry, historical=choice.history))",
        "log.append(entry)",
        "tests/test_saves_trust.py::test_playing_on_from_a_migrated_save_saves_the_current_record",
    ),
    Bug(
        "report's followed-the-record percentage floored",
        "game/classroom/report.py",
        'percent = f" ({round(100 * matched / decisions)}%)"',
        'percent = f" ({100 * matched // decisions}%)"',
        "tests/test_classroom_figures.py::test_the_followed_the_record_percentage_is_rounded_not_floored",
    ),
    Bug(
        "class summary's questions sorted most-right first",
        "game/classroom/class_tables.py",
        "key=lambda q: (q.right / q.answered, order[q.question])",
        "key=lambda q: (-q.right / q.answered, order[q.question])",
        "tests/test_classroom_figures.py::test_the_class_summary_lists_the_most_missed_question_first",
    ),
    Bug(
        "exhaustive search ignores visited() (no bits set on entering)",
        "game/authoring/playtest_search.py",
        "enter_visit = [visits.mask((s.id,)) for s in scenes]",
        "enter_visit = [0 for s in scenes]",
        "tests/test_playtest_visited.py",
    ),
    Bug(
        "exhaustive search ignores visited() (states merged)",
        "game/authoring/playtest_search.py",
        "state = (scene, values, vb | enter_visit[scene], sb | enter_seen[scene])",
        "state = (scene, values, 0, sb | enter_seen[scene])",
        "tests/test_playtest_visited.py",
    ),
    Bug(
        "player's name unescaped in the HTML report",
        "game/classroom/report_html.py",
        '*(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in details(report)),',
        '*(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in details(report)),',
        "tests/test_classroom_figures.py::test_the_players_name_is_escaped_in_the_html_report",
    ),
    Bug(
        "player's name unescaped in the HTML report's title",
        "game/classroom/report_html.py",
        'f"<title>{e(title)}</title>",',
        'f"<title>{title}</title>",',
        "tests/test_classroom_figures.py::test_the_players_name_is_escaped_in_the_html_report",
    ),
    Bug(
        "a choice's text unescaped in the HTML report",
        "game/classroom/report_html.py",
        """f'<td class="choice">{e(row.choice_text)}</td>""",
        """f'<td class="choice">{row.choice_text}</td>""",
        "tests/test_classroom_figures.py::test_a_choices_text_is_escaped_in_the_html_report",
    ),
    Bug(
        "C1 control characters let through in story text",
        "game/story/rules.py",
        r'CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")',
        r'CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")',
        "tests/test_checker_paths.py::test_c1_control_characters_in_story_text_are_an_error",
    ),
    Bug(
        "control characters in mapping keys not checked",
        "game/story/files.py",
        "                _control_in(key, Pos(file, *current.keys[key]), diags)\n",
        "",
        "tests/test_checker_paths.py::test_a_control_character_in_a_mapping_key_is_an_error_at_the_key",
    ),
    Bug(
        "control characters in a save's text not neutralised",
        "game/saves/reader.py",
        '        return UNSAFE_RE.sub("\\ufffd", value)\n',
        "        return value\n",
        "tests/test_saves_trust.py::test_control_characters_in_a_saves_text_never_reach_the_terminal",
    ),
    Bug(
        "save-file size limit removed",
        "game/saves/savefile.py",
        '    if len(data) > MAX_SAVE_BYTES:\n        raise damaged(f"it is larger than',
        '    if False:\n        raise damaged(f"it is larger than',
        "tests/test_saves_trust.py::test_a_save_over_the_size_limit_is_refused_even_when_it_is_valid",
    ),
    Bug(
        "class summary's per-file size limit removed",
        "game/classroom/class_folder.py",
        "    if len(data) > MAX_FILE_BYTES:\n",
        "    if False:\n",
        "tests/test_classroom_figures.py::"
        "test_a_file_over_the_size_limit_is_skipped_even_when_it_is_a_valid_report",
    ),
]


def run(bug: Bug, full: bool) -> str:
    path = ROOT / bug.file
    original = path.read_text(encoding="utf-8")
    if original.count(bug.old) != 1:
        return "GONE"
    path.write_text(original.replace(bug.old, bug.new), encoding="utf-8")
    try:
        tests = [] if full else [bug.test]
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:randomly", *tests],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        path.write_text(original, encoding="utf-8")
    return "KILLED" if done.returncode not in (0, 5) else "SURVIVED"


def main() -> int:
    full = "--full" in sys.argv[1:]
    verdicts = []
    for bug in BUGS:
        verdict = run(bug, full)
        verdicts.append(verdict)
        print(f"{verdict:8}  {bug.name}", flush=True)
    killed = verdicts.count("KILLED")
    print(f"{killed} of {len(BUGS)} killed")
    return 0 if killed == len(BUGS) else 1


if __name__ == "__main__":
    sys.exit(main())
