"""The language a student reads chainrule in: English ("en") or Chinese ("zh"), set once or per call.

`set_language("zh")` makes errors, warnings, explanations and pictures Chinese for the whole process
(every thread and notebook cell), like `torch.set_default_dtype`. Without it the environment decides,
as for any program: CHAINRULE_LANG, then LANGUAGE, LC_ALL, LC_MESSAGES and LANG, the first one set
(zh_CN.UTF-8, zh_TW, zh -> "zh"; anything else, C or unset -> "en"). A call's own `lang=` wins over
both, and `using(lang)` sets it for one `with` block in this thread or task only (a ContextVar, as
autograd.mode's switches). Messages are templates in catalogs keyed by an id, each with its English
and Chinese text (`say`).
"""

from __future__ import annotations

import contextlib
import os
from contextvars import ContextVar

LANGS = ("en", "zh")
ENVIRONMENT = ("CHAINRULE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # the first one set wins

_chosen: list = [None]  # set_language's choice; a plain global, so every thread and notebook cell sees it
_BLOCK: ContextVar = ContextVar("chainrule_language", default=None)  # using(lang), this thread or task only
_LISTENERS: list = []  # called with the new default language by set_language (nn.plot: matplotlib's fonts)


def set_language(lang: str | None) -> None:
    """Make `lang` ("en" or "zh") the default of every message, explanation and picture; None goes back
    to the environment's language."""
    _chosen[0] = None if lang is None else check(lang, "set_language")
    for listener in _LISTENERS:
        listener(get_language())


def on_change(listener) -> None:
    """Call `listener(lang)` after every set_language (and once now): for what must follow the language
    outside chainrule's own text, such as the fonts of matplotlib, which the engine does not import."""
    _LISTENERS.append(listener)
    listener(get_language())


def get_language() -> str:
    """The default language: a `using` block's, else the one set with `set_language`, else the environment's."""
    return _BLOCK.get() or _chosen[0] or from_environment()


def from_environment(environ=None) -> str:
    """ "zh" if the first language variable that is set names Chinese (zh, zh_CN.UTF-8, zh_TW), else "en"."""
    environ = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        first = environ.get(variable, "").split(":")[0].strip()  # LANGUAGE may list several: zh_CN:en
        if first:
            return "zh" if first.lower().startswith("zh") else "en"
    return "en"


def check(lang, who: str) -> str:
    """`lang` itself if it is a language chainrule speaks, else a ValueError naming `who`."""
    if lang not in LANGS:
        raise ValueError(f"{who}: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def resolve(lang, who: str) -> str:
    """A call's `lang=`: None means the default (get_language()), anything else must be "en" or "zh"."""
    return get_language() if lang is None else check(lang, who)


@contextlib.contextmanager
def using(lang: str | None):
    """Within the block the default language is `lang` (None: unchanged), in this thread or task only."""
    token = _BLOCK.set(_BLOCK.get() if lang is None else check(lang, "using"))
    try:
        yield
    finally:
        _BLOCK.reset(token)


def say(catalog: dict, key: str, lang: str | None = None, /, **fields) -> str:
    """The message `key` of `catalog` ({key: (english, chinese)}) in `lang` (default: the default language),
    its {fields} filled in."""
    english, chinese = catalog[key]
    return (chinese if (lang or get_language()) == "zh" else english).format(**fields)
