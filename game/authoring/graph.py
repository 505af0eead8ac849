"""The story as a picture: Mermaid or Graphviz DOT text, chapters as clusters.

The historical path is drawn bold, what-if links dashed, endings with a double border;
every link is labelled with its choice text (shortened) and its condition.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.story.history import historical_path
from game.story.model import Scene, Story

LABEL_WIDTH = 32
FORMATS = ("mermaid", "dot")


@dataclass(frozen=True)
class Edge:
    """One link between two scenes."""

    source: str
    target: str
    label: str
    historical: bool


def shorten(text: str, width: int = LABEL_WIDTH) -> str:
    """`text` on one line, cut at a word boundary to at most `width` characters."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    cut = flat[: width - 1]
    space = cut.rfind(" ")
    if space > width // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def edges(story: Story, historical: set[str]) -> list[Edge]:
    """Every link of the story, in scene and choice order."""
    out: list[Edge] = []
    for scene in story.scenes.values():
        on_path = scene.id in historical
        for choice in scene.choices:
            label = shorten(choice.text)
            if choice.condition is not None:
                label += f" [if {shorten(choice.condition.source)}]"
            out.append(Edge(scene.id, choice.goto, label, on_path and choice.history))
        if scene.next is not None and not scene.choices:
            out.append(Edge(scene.id, scene.next, "", on_path))
    return out


def _node_text(scene: Scene) -> list[str]:
    lines = [scene.id]
    if scene.title:
        lines.append(shorten(scene.title))
    if scene.end:
        lines.append("(ending)")
    return lines


# --- Mermaid ------------------------------------------------------------------------
def mermaid_text(text: str) -> str:
    """Text safe inside a quoted Mermaid label (entity codes for the characters it parses)."""
    out = text.replace("#", "#35;")
    for char, code in (('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("`", "#96;")):
        out = out.replace(char, code)
    return out


def mermaid(story: Story) -> str:
    """A Mermaid flowchart of the story."""
    historical = historical_path(story)
    # Generated node ids: scene ids may contain '-' or be Mermaid keywords such as `end`.
    node = {scene_id: f"s{i}" for i, scene_id in enumerate(story.scenes)}
    lines = [
        "%% Bold: the historical path. Dashed: what-if links. Double border: an ending.",
        "flowchart TD",
    ]
    for i, chapter in enumerate(story.chapters):
        lines.append(f'  subgraph c{i}["{mermaid_text(chapter.title)}"]')
        for scene_id in chapter.scenes:
            scene = story.scenes[scene_id]
            label = "<br/>".join(mermaid_text(t) for t in _node_text(scene))
            shape = ('((("', '")))') if scene.end else ('["', '"]')
            lines.append(f"    {node[scene_id]}{shape[0]}{label}{shape[1]}")
        lines.append("  end")
    for edge in edges(story, historical):
        arrow = "==>" if edge.historical else "-.->"
        text = f'|"{mermaid_text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {node[edge.source]} {arrow}{text} {node[edge.target]}")
    lines.append("  classDef history stroke-width:3px")
    lines.append("  classDef whatif stroke-dasharray:5 5")
    lines.append("  classDef ending stroke-width:3px,stroke-dasharray:0,fill:#eee")
    for name, ids in (
        ("history", [s for s in story.scenes if s in historical and not story.scenes[s].end]),
        ("whatif", [s for s in story.scenes if s not in historical]),
        ("ending", [s for s in story.scenes if story.scenes[s].end]),
    ):
        if ids:
            lines.append(f"  class {','.join(node[s] for s in ids)} {name}")
    return "\n".join(lines) + "\n"


# --- Graphviz DOT -------------------------------------------------------------------
def dot_text(text: str) -> str:
    """Text as a quoted DOT string (backslashes and quotes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(story: Story) -> str:
    """A Graphviz DOT digraph of the story."""
    historical = historical_path(story)
    lines = [
        "// Bold: the historical path. Dashed: what-if links. Double border: an ending.",
        f"digraph {dot_text(story.id)} {{",
        f"  label={dot_text(story.title)};",
        "  node [shape=box, style=rounded];",
    ]
    for chapter in story.chapters:
        lines.append(f"  subgraph {dot_text('cluster_' + chapter.id)} {{")
        lines.append(f"    label={dot_text(chapter.title)};")
        for scene_id in chapter.scenes:
            scene = story.scenes[scene_id]
            # DOT's own escape `\n` breaks the line; the text around it is already escaped.
            label = dot_text("\n".join(_node_text(scene))).replace("\n", "\\n")
            style = "rounded,bold" if scene_id in historical else "rounded,dashed"
            extra = ", peripheries=2" if scene.end else ""
            lines.append(f'    {dot_text(scene_id)} [label={label}, style="{style}"{extra}];')
        lines.append("  }")
    for edge in edges(story, historical):
        attrs = ["style=bold" if edge.historical else "style=dashed"]
        if edge.label:
            attrs.insert(0, f"label={dot_text(edge.label)}")
        lines.append(f"  {dot_text(edge.source)} -> {dot_text(edge.target)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(story: Story, form: str) -> str:
    """The graph of `story` in `form` (mermaid or dot)."""
    return dot(story) if form == "dot" else mermaid(story)
