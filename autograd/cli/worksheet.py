"""`chainrule worksheet`: exercises on paper, and a separate answer key with every worked step.

Markdown (with the pictures as SVG files beside it), one self-contained HTML page, or PDF (the
pictures go SVG -> PDF through svglib and reportlab, the route `render.backends.svg_to_pdf` takes;
the text is set with the fonts reportlab ships, so the file is the same on every machine). The same
options give byte-identical files: nothing in them depends on the date or the machine.
"""

from __future__ import annotations

import argparse
import html
import random
from pathlib import Path

from ..files import write_atomic
from ..teach.exercise_phrases import LANGS
from ..teach.exercise_view import data_uri
from ..teach.exercises import HIDES, Exercise
from ..teach.generate import generate
from .common import UsageError, drawing, output_file, positive_int, print_files
from .quiz import level

FORMATS = (".md", ".html", ".pdf")
MAX_COUNT = 100

WORDS = {
    "en": {
        "sheet": "Worksheet · {title}",
        "key": "Answer key · {title}",
        "name": "Name: ____________________    Date: ____________",
        "made": "Made with: {command}. The same command makes the same sheet; the answer key is {key}.",
        "exercise": "Exercise {k}",
        "blank": "blank",
        "yours": "your answer",
        "answer": "answer",
        "worked": "worked step",
        "files": "Files written",
        "sheet_file": "the worksheet",
        "key_file": "the answer key",
        "pictures": "the graph pictures of the Markdown sheet",
    },
    "zh": {
        "sheet": "练习卷 · {title}",
        "key": "答案 · {title}",
        "name": "姓名：____________________    日期：____________",
        "made": "生成命令：{command}。同一条命令生成同一份练习卷；答案见 {key}。",
        "exercise": "第 {k} 题",
        "blank": "空",
        "yours": "你的答案",
        "answer": "答案",
        "worked": "完整算式",
        "files": "已写入的文件",
        "sheet_file": "练习卷",
        "key_file": "答案",
        "pictures": "Markdown 练习卷用到的计算图",
    },
}

EPILOG = """\
examples:
  chainrule worksheet --level 3 --count 10 --seed 7 --out ws.md     ws.md, ws-key.md and ws_files/
  chainrule worksheet --level 5 --count 4 --out mlp.html --lang zh
  chainrule worksheet --level 4 --count 6 --seed 1 --out neuron.pdf --hide steps

The answer key goes beside the sheet (ws-key.md) unless --key names it. PDF needs the pdf extra:
pip install 'chainrule[pdf]'. The same options give byte-identical files.
"""


def register(commands) -> None:
    """Add the `worksheet` subcommand."""
    cmd = commands.add_parser(
        "worksheet",
        help="write a worksheet of exercises and its answer key (.md, .html or .pdf)",
        description="Write COUNT generated exercises of one level with their graph pictures, and a separate\n"
        "answer key with the worked step of every blank.",
        epilog=EPILOG,
    )
    cmd.add_argument("--level", type=level, default=3, metavar="N", help="1 one op ... 5 a tiny MLP (default: 3)")
    cmd.add_argument("--count", type=positive_int, default=5, metavar="N", help="how many exercises (default: 5)")
    cmd.add_argument("--seed", type=int, help="the same seed makes the same sheet (default: a fresh one, printed)")
    cmd.add_argument("--hide", choices=HIDES, default="grads", help="what the blanks are (default: grads)")
    cmd.add_argument("--lang", choices=LANGS, default="en", help="language of the sheet (default: en)")
    cmd.add_argument("--out", default="worksheet.md", metavar="FILE", help="the sheet: .md, .html or .pdf "
                     "(default: worksheet.md)")  # fmt: skip
    cmd.add_argument("--key", metavar="FILE", help="the answer key (default: beside the sheet, FILE-key)")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    out = output_file(args.out, "--out", FORMATS)
    key = output_file(args.key or str(out.with_name(f"{out.stem}-key{out.suffix}")), "--key", (out.suffix.lower(),))
    if args.count > MAX_COUNT:
        raise UsageError(f"--count {args.count}: at most {MAX_COUNT} exercises on one sheet")
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1_000_000)
    sheets = [generate(args.level, f"{seed}-{k}", args.hide, args.lang) for k in range(1, args.count + 1)]
    options = [f"--level {args.level}", f"--count {args.count}", f"--seed {seed}"]
    options += [f"--hide {args.hide}"] * (args.hide != "grads") + [f"--lang {args.lang}"] * (args.lang != "en")
    command = " ".join(["chainrule worksheet", *options])
    sheet = Sheet(sheets, WORDS[args.lang], command, key.name)
    with drawing():
        written = WRITERS[out.suffix.lower()](sheet, out, key)
    words = WORDS[args.lang]
    print(sheet.made)
    print_files(words["files"], [(path, words[what]) for path, what in written])
    return 0


class Sheet:
    """The exercises of one worksheet and the words around them."""

    def __init__(self, exercises: list[Exercise], words: dict, command: str, key_name: str):
        self.exercises, self.words, self.command, self.key_name = exercises, words, command, key_name
        title = exercises[0].title
        self.title, self.key_title = words["sheet"].format(title=title), words["key"].format(title=title)
        self.made = words["made"].format(command=command, key=key_name)


def markdown(sheet: Sheet, pictures: list[str]) -> tuple[str, str]:
    """The sheet and the key as Markdown; `pictures` are the image addresses, one per exercise."""
    w, out, key = sheet.words, [f"# {sheet.title}", "", sheet.words["name"], "", f"*{sheet.made}*", ""], []
    key += [f"# {sheet.key_title}", "", f"*{sheet.made}*", ""]
    for k, (ex, picture) in enumerate(zip(sheet.exercises, pictures), start=1):
        q = ex.question()
        out += [f"## {w['exercise'].format(k=k)}", "", q["intro"], "", f"![{ex.words['picture']}]({picture})", ""]
        out += [f"**{ex.words['given']}**", "", *[f"- `{line}`" for line in q["given"]], ""]
        out += [f"{q['seed']} {ex.words['figures']}", "", f"| {w['blank']} | {w['yours']} |", "|---|---|"]
        out += [f"| `{blank}` = | |" for blank in ex.blanks] + [""]
        key += [f"## {w['exercise'].format(k=k)}", "", f"| {w['blank']} | {w['answer']} | {w['worked']} |"]
        key += ["|---|---|---|", *[f"| `{b}` | {number(v)} | `{ex.solution(b)}` |" for b, v in ex.answers().items()]]
        key.append("")
    return "\n".join(out), "\n".join(key)


def number(value: float) -> str:
    """An answer as the key prints it: six significant figures."""
    text = f"{value:.6g}"
    return "0" if text == "-0" else text


def write_markdown(sheet: Sheet, out: Path, key: Path) -> list:
    folder = out.with_name(f"{out.stem}_files")
    folder.mkdir(exist_ok=True)
    names = [f"exercise-{k:02d}.svg" for k in range(1, len(sheet.exercises) + 1)]
    files = [
        write_atomic(folder / name, ex.svg().encode("utf-8"), "worksheet") for name, ex in zip(names, sheet.exercises)
    ]
    text, answers = markdown(sheet, [f"{folder.name}/{name}" for name in names])
    written = [(write_atomic(out, text.encode("utf-8"), "worksheet"), "sheet_file")]
    written.append((write_atomic(key, answers.encode("utf-8"), "worksheet"), "key_file"))
    return written + [(folder, "pictures")] * bool(files)


PAGE_STYLE = """body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",
sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#111;line-height:1.45}
code{font-family:ui-monospace,Menlo,Consolas,monospace}section{break-inside:avoid;margin-bottom:2.5em}
img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.35em .8em;text-align:left}
td.space{min-width:12em}@media print{section{break-after:page}}"""


def page(title: str, body: list[str], lang: str) -> str:
    head = f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
    return f"{head}<style>{PAGE_STYLE}</style></head><body>{''.join(body)}</body></html>\n"


def write_html(sheet: Sheet, out: Path, key: Path) -> list:
    w, lang, e = sheet.words, sheet.exercises[0].lang, html.escape
    body = [f"<h1>{e(sheet.title)}</h1><p>{e(w['name'])}</p><p><em>{e(sheet.made)}</em></p>"]
    answers = [f"<h1>{e(sheet.key_title)}</h1><p><em>{e(sheet.made)}</em></p>"]
    for k, ex in enumerate(sheet.exercises, start=1):
        body.append(html_exercise(ex, w, k))
        answers.append(html_answers(ex, w, k))
    written = [(write_atomic(out, page(sheet.title, body, lang).encode("utf-8"), "worksheet"), "sheet_file")]
    return [
        *written,
        (write_atomic(key, page(sheet.key_title, answers, lang).encode("utf-8"), "worksheet"), "key_file"),
    ]


def html_exercise(ex: Exercise, w: dict, k: int) -> str:
    q, e = ex.question(), html.escape
    given = "".join(f"<li><code>{e(line)}</code></li>" for line in q["given"])
    rows = "".join(f'<tr><td><code>{e(b)}</code> =</td><td class="space"></td></tr>' for b in ex.blanks)
    parts = [f"<h2>{e(w['exercise'].format(k=k))}</h2><p>{e(q['intro'])}</p>"]
    parts.append(f'<img src="{data_uri(ex.svg())}" alt="{e(ex.words["picture"])}">')
    parts.append(f"<p><b>{e(ex.words['given'])}</b></p><ul>{given}</ul>")
    parts.append(f"<p>{e(q['seed'])} {e(ex.words['figures'])}</p>")
    parts.append(f"<table><tr><th>{e(w['blank'])}</th><th>{e(w['yours'])}</th></tr>{rows}</table>")
    return f"<section>{''.join(parts)}</section>"


def html_answers(ex: Exercise, w: dict, k: int) -> str:
    e = html.escape
    rows = [f"<tr><td><code>{e(b)}</code></td><td>{number(v)}</td><td><code>{e(ex.solution(b))}</code></td></tr>"
            for b, v in ex.answers().items()]  # fmt: skip
    head = f"<tr><th>{e(w['blank'])}</th><th>{e(w['answer'])}</th><th>{e(w['worked'])}</th></tr>"
    return f"<section><h2>{e(w['exercise'].format(k=k))}</h2><table>{head}{''.join(rows)}</table></section>"


def write_pdf(sheet: Sheet, out: Path, key: Path) -> list:
    from . import worksheet_pdf  # reportlab and svglib load only for PDF

    sheet_pdf, key_pdf = worksheet_pdf.documents(sheet)
    return [
        (write_atomic(out, sheet_pdf, "worksheet"), "sheet_file"),
        (write_atomic(key, key_pdf, "worksheet"), "key_file"),
    ]


WRITERS = {".md": write_markdown, ".html": write_html, ".pdf": write_pdf}
