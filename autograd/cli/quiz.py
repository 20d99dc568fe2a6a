"""`chainrule quiz`: a backward pass done by hand in the terminal, blank by blank, each answer checked.

A wrong answer gets its diagnosis (sign, a missing local derivative, a missing path ...); `hint`
shows the next of three hints, `skip` shows the worked step and moves on. Ctrl-D ends the quiz with
the score (exit 0), Ctrl-C too (exit 130, as for any interrupted command). Lines are edited with
readline where Python has it.
"""

from __future__ import annotations

import argparse
import contextlib

from ..teach.exercise_phrases import LANGS
from ..teach.exercises import HIDES, Exercise
from ..teach.generate import PRESETS, generate, preset
from ..teach.hints import text
from .common import UsageError, heading
from .trace import build

WORDS = {
    "en": {
        "how": "At each prompt type a number (-1.5, -3/2, 1e-3), 'hint' for a hint (up to three), or 'skip' "
        "to see the worked step. Ctrl-D ends the quiz.",
        "again": "Try again, or type 'hint' or 'skip'.",
        "skipped": "Skipped.",
        "no_more": "(that was the last hint)",
        "done": "Done.",
        "hint": ("hint", "h", "?"),
        "skip": ("skip", "s"),
    },
    "zh": {
        "how": "在每个提示符后输入一个数（-1.5、-3/2、1e-3），输入 '提示'（或 hint）看提示（最多三条），"
        "输入 '跳过'（或 skip）看完整算式。按 Ctrl-D 结束测验。",
        "again": "再试一次，或者输入 '提示' 或 '跳过'。",
        "skipped": "已跳过。",
        "no_more": "（这已经是最后一条提示）",
        "done": "完成。",
        "hint": ("提示", "hint", "h", "?", "？"),
        "skip": ("跳过", "skip", "s"),
    },
}

EPILOG = """\
examples:
  chainrule quiz                          a generated exercise, level 2 (a chain)
  chainrule quiz --level 4 --seed 7       a neuron with activation and loss, the same one every time
  chainrule quiz "x*y + y" --at x=2 y=3   your own expression
  chainrule quiz --preset textbook_network --hide steps --lang zh

Levels: 1 one op, 2 a chain, 3 a reused node, 4 a neuron with activation and loss, 5 a tiny MLP.
--hide: grads (final gradients, default), locals (local derivatives), upstream (each node's upstream
gradient) or steps (every step of backward in order).
Exit codes: 0 when the quiz ends (also by Ctrl-D), 130 when Ctrl-C stops it, 2 for bad input.
"""


def level(text: str) -> int:
    if text not in ("1", "2", "3", "4", "5"):
        raise argparse.ArgumentTypeError(f"choose 1 to 5, got {text!r}")
    return int(text)


def register(commands) -> None:
    """Add the `quiz` subcommand."""
    cmd = commands.add_parser(
        "quiz",
        help="do a backward pass by hand; each answer is checked and a wrong one diagnosed",
        usage="%(prog)s [EXPR --at NAME=NUMBER ...] [--level N] [--preset NAME] [--seed N]\n"
        "       [--hide {grads,locals,upstream,steps}] [--lang {en,zh}]",
        description="Ask the blanks of an exercise one at a time in the terminal: a generated one (--level),\n"
        "one of the chapter's examples (--preset) or your own expression. Wrong answers get a\n"
        "diagnosis and hints.",
        epilog=EPILOG,
    )
    cmd.add_argument("expression", metavar="EXPR", nargs="?", default="", help='an expression, quoted: "x*y + y"')
    cmd.add_argument("--at", nargs="+", default=[], metavar="NAME=NUMBER", help="a value for each variable of EXPR")
    cmd.add_argument("--level", type=level, metavar="N", help="1 to 5 (default: 2); see the levels below")
    cmd.add_argument("--preset", choices=list(PRESETS), help="one of the chapter's worked examples")
    cmd.add_argument("--seed", type=int, help="the same seed asks the same exercise (default: a fresh one)")
    cmd.add_argument("--hide", choices=HIDES, default="grads", help="what the blanks are (default: grads)")
    cmd.add_argument("--lang", choices=LANGS, default="en", help="language of the quiz (default: en)")
    cmd.set_defaults(run=run)


def chosen(args: argparse.Namespace) -> Exercise:
    """The exercise the options ask for; conflicting options are a UsageError."""
    given = [name for name, on in (("EXPR", args.expression), ("--level", args.level), ("--preset", args.preset)) if on]
    if len(given) > 1:
        raise UsageError(f"give one of EXPR, --level and --preset, not {' and '.join(given)}")
    if args.at and not args.expression:
        raise UsageError("--at gives the values of EXPR; give the expression too")
    try:
        if args.expression:
            return Exercise(build(args.expression, args.at)[0], args.hide, args.lang)
        if args.preset:
            return preset(args.preset, args.hide, args.lang)
        return generate(args.level or 2, args.seed, args.hide, args.lang)
    except ValueError as error:
        raise UsageError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    ex = chosen(args)
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  -- input() then edits lines (arrows, history) where Python has readline
    return quiz(ex, WORDS[args.lang], input)


def quiz(ex: Exercise, words: dict, read) -> int:
    """Ask every blank with `read` (input); returns the exit code."""
    print(question(ex, words))
    try:
        for blank in ex.blanks:
            ask(ex, blank, words, read)
        code = 0
    except EOFError:  # Ctrl-D
        code = 0
    except KeyboardInterrupt:
        code = 130
    points, total = ex.score()
    print("\n" + heading(text(ex.words["score"], points=str(points), total=str(total))))
    return code


def question(ex: Exercise, words: dict) -> str:
    q, w = ex.question(), ex.words
    lines = [heading(q["title"])] if q["title"] else []
    lines += [q["intro"], "", w["given"], *[f"  {line}" for line in q["given"]], "", q["seed"], w["figures"]]
    return "\n".join([*lines, words["how"], ""])


def ask(ex: Exercise, blank: str, words: dict, read) -> None:
    """One blank: until it is right or skipped."""
    shown, verdict = 0, None
    while True:
        typed = read(f"{blank} = ").strip()
        if not typed:
            continue
        if typed.lower() in words["hint"]:
            hints = verdict.hints if verdict is not None else ex.hints(blank)
            print(f"  {hints[shown]}" if shown < 3 else f"  {words['no_more']}")
            shown = min(3, shown + 1)
            continue
        if typed.lower() in words["skip"]:
            print(f"  {words['skipped']}{'' if ex.lang == 'zh' else ' '}{ex.hint(blank, 3)}")
            return
        verdict, shown = ex.verdict(blank, typed), 0
        print(f"  {verdict.message}")
        if verdict.correct:
            return
        print(f"  {words['again']}")
