"""`special-tasks graph`: the story as Mermaid or DOT, with exact output for the mini story."""

from __future__ import annotations

from conftest import BASE_CHAPTER, run_cli

from game.authoring.graph import dot_text, mermaid_text, shorten

MERMAID = (
    "%% Bold: the historical path. Dashed: what-if links. Double border: an ending.\n"
    "flowchart TD\n"
    '  subgraph c0["Morning"]\n'
    '    s0["desk<br/>At the desk"]\n'
    '    s1["burn"]\n'
    '    s2["guard"]\n'
    '    s3["open<br/>The letter"]\n'
    "  end\n"
    '  subgraph c1["Afternoon"]\n'
    '    s4["afternoon<br/>Later"]\n'
    '    s5((("end<br/>Evening<br/>(ending)")))\n'
    "  end\n"
    '  s0 ==>|"Open the letter."| s3\n'
    '  s0 -.->|"Burn it unread."| s1\n'
    '  s0 -.->|"Ask the guard first."| s2\n'
    "  s1 -.-> s3\n"
    "  s2 -.-> s3\n"
    '  s3 ==>|"File it."| s4\n'
    '  s3 -.->|"Show it to the careful guard. [if careful and doubts == 0]"| s4\n'
    "  s4 ==> s5\n"
    "  classDef history stroke-width:3px\n"
    "  classDef whatif stroke-dasharray:5 5\n"
    "  classDef ending stroke-width:3px,stroke-dasharray:0,fill:#eee\n"
    "  class s0,s3,s4 history\n"
    "  class s1,s2 whatif\n"
    "  class s5 ending\n"
)

DOT = (
    "// Bold: the historical path. Dashed: what-if links. Double border: an ending.\n"
    'digraph "mini" {\n'
    '  label="The Letter";\n'
    "  node [shape=box, style=rounded];\n"
    '  subgraph "cluster_morning" {\n'
    '    label="Morning";\n'
    '    "desk" [label="desk\\nAt the desk", style="rounded,bold"];\n'
    '    "burn" [label="burn", style="rounded,dashed"];\n'
    '    "guard" [label="guard", style="rounded,dashed"];\n'
    '    "open" [label="open\\nThe letter", style="rounded,bold"];\n'
    "  }\n"
    '  subgraph "cluster_afternoon" {\n'
    '    label="Afternoon";\n'
    '    "afternoon" [label="afternoon\\nLater", style="rounded,bold"];\n'
    '    "end" [label="end\\nEvening\\n(ending)", style="rounded,bold", peripheries=2];\n'
    "  }\n"
    '  "desk" -> "open" [label="Open the letter.", style=bold];\n'
    '  "desk" -> "burn" [label="Burn it unread.", style=dashed];\n'
    '  "desk" -> "guard" [label="Ask the guard first.", style=dashed];\n'
    '  "burn" -> "open" [style=dashed];\n'
    '  "guard" -> "open" [style=dashed];\n'
    '  "open" -> "afternoon" [label="File it.", style=bold];\n'
    '  "open" -> "afternoon" [label="Show it to the careful guard. [if careful and doubts == 0]"'
    ", style=dashed];\n"
    '  "afternoon" -> "end" [style=bold];\n'
    "}\n"
)


def test_mermaid_graph_of_the_mini_story() -> None:
    done = run_cli("graph", "tests/stories/mini")
    assert done.returncode == 0, done.stderr
    assert done.stdout == MERMAID


def test_dot_graph_of_the_mini_story() -> None:
    done = run_cli("graph", "tests/stories/mini", "--format", "dot")
    assert done.returncode == 0, done.stderr
    assert done.stdout == DOT


def test_long_choice_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert shorten("Say that you speak no Spanish and know nothing of Mexico.") == (
        "Say that you speak no Spanish…"
    )
    assert shorten("Short.") == "Short."
    assert shorten("Two\n  lines.") == "Two lines."


def test_mermaid_labels_escape_quotes_angle_brackets_and_hashes() -> None:
    assert mermaid_text('Say "no" <now> #1 `x`') == (
        "Say #quot;no#quot; #lt;now#gt; #35;1 #96;x#96;"
    )


def test_dot_labels_escape_quotes_and_backslashes() -> None:
    assert dot_text('a "b" \\n c') == '"a \\"b\\" \\\\n c"'


def test_awkward_choice_text_is_escaped_in_both_formats(make_story) -> None:  # type: ignore[no-untyped-def]
    chapter = BASE_CHAPTER.replace("text: Wander.", "text: 'Say \"no\" <b> & \\ #'")
    folder = make_story(chapter=chapter)
    mermaid = run_cli("graph", str(folder)).stdout
    dot = run_cli("graph", str(folder), "--format", "dot").stdout
    assert '  s0 -.->|"Say #quot;no#quot; #lt;b#gt; & \\ #35;"| s1\n' in mermaid
    assert '  "one" -> "side" [label="Say \\"no\\" <b> & \\\\ #", style=dashed];\n' in dot


def test_graph_of_a_missing_folder_is_an_error_sentence() -> None:
    done = run_cli("graph", "no/such/story")
    assert done.returncode == 2
    assert done.stderr == "Error: no story folder at 'no/such/story'\n"


def test_graph_rejects_an_unknown_format() -> None:
    done = run_cli("graph", "tests/stories/mini", "--format", "svg")
    assert done.returncode == 2
    assert "invalid choice: 'svg'" in done.stderr
