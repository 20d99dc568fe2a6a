"""Reading a Graphviz SVG back as geometry, so tests can check a picture as a teacher would look at it:
where each node sits, how large its text is, and whether an edge runs across a label."""

from __future__ import annotations

import re
from xml.etree import ElementTree

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse(svg: bytes | str):
    return ElementTree.fromstring(svg if isinstance(svg, bytes) else svg.encode("utf-8"))


def groups(root, kind: str) -> list:
    """The <g class="node ..."> (or edge, cluster) elements."""
    return [g for g in root.iter(f"{SVG}g") if (g.get("class") or "").split()[:1] == [kind]]


def _points(element) -> list:
    if element.tag == f"{SVG}polygon":
        values = [float(v) for v in NUMBER.findall(element.get("points", ""))]
    elif element.tag == f"{SVG}path":
        values = [float(v) for v in NUMBER.findall(element.get("d", ""))]
    elif element.tag == f"{SVG}ellipse":
        cx, cy, rx, ry = (float(element.get(k)) for k in ("cx", "cy", "rx", "ry"))
        values = [cx - rx, cy - ry, cx + rx, cy + ry]
    else:
        return []
    return list(zip(values[::2], values[1::2]))


def box(group) -> tuple:
    """(left, top, right, bottom) of everything drawn in the group."""
    points = [p for element in group.iter() for p in _points(element)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def text_boxes(group) -> list:
    """Approximate (left, top, right, bottom) of each text: its baseline, font size and a typical glyph width."""
    found = []
    for text in group.iter(f"{SVG}text"):
        size, x, y = float(text.get("font-size", 14)), float(text.get("x")), float(text.get("y"))
        width = 0.55 * size * len("".join(text.itertext()))
        left = {"start": x, "middle": x - width / 2, "end": x - width}[text.get("text-anchor", "start")]
        found.append((left, y - 0.75 * size, left + width, y + 0.2 * size))
    return found


def edge_samples(edge, steps: int = 24) -> list:
    """Points along an edge's curve (cubic Bézier segments, as Graphviz writes them)."""
    path = edge.find(f"{SVG}path")
    values = [float(v) for v in NUMBER.findall(path.get("d", ""))]
    points = list(zip(values[::2], values[1::2]))
    samples = []
    for k in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[k : k + 4]
        for i in range(steps + 1):
            t = i / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            samples.append(
                (a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1])
            )
    return samples or points


def inside(point: tuple, rect: tuple, margin: float = 1.5) -> bool:
    x, y = point
    left, top, right, bottom = rect
    return left + margin < x < right - margin and top + margin < y < bottom - margin


def edges_over_labels(svg) -> list:
    """(edge title, node or cluster title) for every edge that runs across a text it does not start or end at."""
    root = parse(svg)
    labels = []
    for group in groups(root, "node") + groups(root, "cluster"):
        title = group.findtext(f"{SVG}title")
        labels += [(title, rect) for rect in text_boxes(group)]
    crossings = []
    for edge in groups(root, "edge"):
        title = edge.findtext(f"{SVG}title") or ""
        ends = {part.split(":")[0] for part in re.split(r"->|&#45;&gt;", title)}
        for name, rect in labels:
            if name not in ends and any(inside(p, rect) for p in edge_samples(edge)):
                crossings.append((title, name))
    return crossings


def centre_y(root, node_id: str) -> float:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == node_id)
    left, top, right, bottom = box(group)
    return (top + bottom) / 2


def size_pt(root) -> tuple:
    """The picture's (width, height) in points."""
    return tuple(float(NUMBER.match(root.get(k)).group()) for k in ("width", "height"))
