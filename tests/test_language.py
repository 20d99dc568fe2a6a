"""The language chainrule speaks: set once (set_language), from the environment (LANG), per call (lang=),
or for a block (using); English unless asked."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings

import pytest

import autograd
from autograd import Value, explain, set_language, why
from autograd.language import from_environment, get_language, resolve, using


@pytest.fixture(autouse=True)
def back_to_the_environment():
    yield
    set_language(None)


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "zh_TW.Big5"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),  # LC_ALL overrides LANG
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "de_DE.UTF-8"}, "zh"),  # GNU's list: its first language
        ({"LANGUAGE": "", "LANG": "zh_CN.UTF-8"}, "zh"),  # set but empty counts as unset
        ({"CHAINRULE_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),  # chainrule's own variable wins
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # a language chainrule does not speak: English
    ],
)
def test_the_environment_names_the_language(environ, lang):
    assert from_environment(environ) == lang


def test_set_language_is_the_default_until_unset():
    assert get_language() == "en"  # conftest pins CHAINRULE_LANG=en
    set_language("zh")
    assert autograd.get_language() == "zh"
    set_language(None)
    assert get_language() == "en"


def test_an_unknown_language_is_refused_by_name():
    with pytest.raises(ValueError, match=r"set_language: unknown lang 'fr'; choose one of en, zh"):
        set_language("fr")
    with pytest.raises(ValueError, match=r"explain: unknown lang 'chinese'"):
        explain(Value(1.0, "x") * 2, lang="chinese")


def test_a_calls_lang_wins_over_the_default():
    set_language("zh")
    assert resolve("en", "explain") == "en" and resolve(None, "explain") == "zh"
    x = Value(2.0, "x")
    assert explain(x * x, lang="en").lang == "en"
    assert explain(x * x).lang == "zh" and "链式法则" in str(explain(x * x))


def test_set_language_is_seen_by_every_thread():
    set_language("zh")
    seen = []
    thread = threading.Thread(target=lambda: seen.append(get_language()))
    thread.start()
    thread.join()
    assert seen == ["zh"]


def test_using_is_one_block_of_one_thread():
    seen = []
    with using("zh"):
        thread = threading.Thread(target=lambda: seen.append(get_language()))
        thread.start()
        thread.join()
        assert get_language() == "zh"
        with using(None):
            assert get_language() == "zh"
    assert get_language() == "en" and seen == ["en"]


def test_why_and_warnings_follow_the_default():
    set_language("zh")
    x = Value(-1.0, "x")
    y = x.relu()
    y.label = "y"
    assert why(x, root=y).lang == "zh"
    z = Value(3.0, "w") * 2
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        z.backward()
        z.backward()
    assert len(caught) == 1 and str(caught[0].message).startswith("在同一个计算图上再次调用了 backward()")


def test_lang_in_the_environment_makes_a_fresh_process_chinese():
    code = "import autograd; print(autograd.get_language()); autograd.log(autograd.Value(0.0, 'p'))"
    env = {k: v for k, v in os.environ.items() if k not in ("CHAINRULE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    done = subprocess.run([sys.executable, "-c", code], env={**env, "LANG": "zh_CN.UTF-8"}, capture_output=True,
                          text=True, encoding="utf-8")  # fmt: skip
    assert done.stdout.strip() == "zh"
    assert "log：数学定义域错误，log(p) 要求 p > 0，而 p = 0.0" in done.stderr


def test_the_cli_says_the_engines_errors_in_its_lang(capsys):
    from autograd.cli.main import main

    assert main(["trace", "log(p)", "--at", "p=0", "--lang", "zh"]) != 0
    said = "chainrule：错误：表达式 'log(p)' 第 1 列：log：数学定义域错误，log(p) 要求 p > 0，而 p = 0.0\n"
    assert capsys.readouterr().err == said
    assert main(["trace", "log(p)", "--at", "p=0"]) != 0
    assert "log: math domain error, log(p) needs p > 0" in capsys.readouterr().err
    assert get_language() == "en"  # the command's language ended with it
