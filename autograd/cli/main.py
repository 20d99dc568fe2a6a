"""The `chainrule` command line (also `python -m autograd`): demo, trace, train and html.

Each command lives in its own module (demo, trace, train); this one builds the parser
and turns every way a run can end into an exit code and at most one line on stderr:
0 ok, 2 bad input (usage), 1 the work failed, 130 interrupted by Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from .. import __version__
from ..language import using
from ..messages import cli_text
from . import demo, playground, quiz, trace, train, worksheet
from .common import RunError, UsageError

EPILOG = """\
examples:
  chainrule demo                  the tour: a textbook network explained, drawn and trained
  chainrule trace "tanh(x*w + b)" --at x=2 w=-3 b=6.8813735870195432
  chainrule html "x**2 / (1 + x)" --at x=2 --out steps.html
  chainrule train --dataset spirals --hidden 32,32 --epochs 200
  chainrule playground --out playground   the same, in a browser: chainrule running in Pyodide

Each command has its own help: chainrule trace --help.
Exit codes: 0 ok, 2 bad input, 1 the work failed (e.g. no Graphviz), 130 interrupted (Ctrl-C).
"""


class Parser(argparse.ArgumentParser):
    """argparse with examples kept as written, and errors raised (one line) instead of printed with usage."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        raise UsageError(cli_text("see_help", message=message, prog=self.prog))


def build_parser() -> Parser:
    """The `chainrule` parser with its four commands."""
    parser = Parser(
        prog="chainrule",
        description="chainrule: scalar reverse-mode autodiff for teaching and learning backpropagation.",
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=f"chainrule {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    demo.register(commands)
    trace.register(commands)
    train.register(commands)
    playground.register(commands)
    quiz.register(commands)
    worksheet.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (the console script passes it to sys.exit)."""
    _tolerant_output()
    lang = None  # the command's --lang once parsed; before that, the default language
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        lang = getattr(args, "lang", None)
        extra = trace.claim_expression(args, extra)
        if extra:
            raise UsageError(cli_text("unrecognized", lang, args=" ".join(extra), command=args.command))
        with using(lang):  # the engine's errors in the language asked for, too
            return args.run(args)
    except SystemExit as done:  # --help and --version end here, with code 0
        return done.code if isinstance(done.code, int) else 0
    except UsageError as error:
        return _error(error, 2, lang)
    except RunError as error:
        return _error(error, 1, lang)
    except ArithmeticError as error:  # backward met an inf or nan gradient: the point given is the problem
        return _error(error, 2, lang)
    except KeyboardInterrupt:
        print("\n" + cli_text("interrupted", lang), file=sys.stderr)
        return 130
    except BrokenPipeError:  # `chainrule trace ... | head`: the reader left; stop quietly
        _silence_stdout()
        return 1
    except OSError as error:  # the disk filled up, a folder vanished: the input was fine, writing was not
        return _error(cli_text("cannot_write", lang, error=error), 1, lang)


def _error(error, code: int, lang: str | None = None) -> int:
    message = " ".join(str(error).splitlines())
    print(cli_text("error", lang, message=message), file=sys.stderr)
    return code


def _tolerant_output() -> None:
    """Print Chinese and symbols even to a console whose encoding lacks them (replaced, not a crash)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


def _silence_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


if __name__ == "__main__":
    sys.exit(main())
