"""autograd/cli/worksheet.py: `chainrule worksheet` writes a sheet and a separate answer key; the same
options give byte-identical files, and every answer in the key is the engine's gradient."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograd import zero_grad
from autograd.cli import main
from autograd.exercises import generate


def write(tmp_path: Path, name: str, *options: str) -> Path:
    out = tmp_path / name
    assert main(["worksheet", *options, "--out", str(out)]) == 0
    return out


def files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("suffix", [".md", ".html", ".pdf"])
def test_the_same_seed_gives_byte_identical_files(tmp_path, capsys, suffix):
    options = ("--level", "3", "--count", "4", "--seed", "7")
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        write(tmp_path / run, f"ws{suffix}", *options)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert first == second and f"ws{suffix}" in first and f"ws-key{suffix}" in first
    (tmp_path / "c").mkdir()
    write(tmp_path / "c", f"ws{suffix}", "--level", "3", "--count", "4", "--seed", "8")
    assert files(tmp_path / "c")[f"ws{suffix}"] != first[f"ws{suffix}"]
    assert "--seed 7" in capsys.readouterr().out


def key_answers(key: Path) -> list[dict]:
    """Per exercise, {blank: answer} as the Markdown key prints them."""
    exercises = []
    for line in key.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            exercises.append({})
        match = re.match(r"\| `(.+?)` \| (\S+) \| `(.+)` \|$", line)
        if match:
            exercises[-1][match[1]] = (match[2], match[3])
    return exercises


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_every_answer_in_the_key_is_the_engines_gradient(tmp_path, level):
    out = write(tmp_path, "ws.md", "--level", str(level), "--count", "6", "--seed", "3")
    answers = key_answers(tmp_path / "ws-key.md")
    assert len(answers) == 6
    for k, answer in enumerate(answers, start=1):
        ex = generate(level, f"3-{k}")
        zero_grad(ex.root)
        ex.root.backward()
        assert list(answer) == ex.blanks
        for name, (number, worked) in answer.items():
            assert float(number) == pytest.approx(ex.blank(name).node.grad, rel=1e-5, abs=1e-9)
            assert worked.startswith(f"{name} = ") and worked.split(" = ")[-1] == number  # the worked step ends there
    sheet = out.read_text(encoding="utf-8")
    assert sheet.count("![the computation graph") == 6 and "| `∂" in sheet
    assert "worked step" not in sheet and "your answer" in sheet
    assert all((tmp_path / "ws_files" / f"exercise-{k:02d}.svg").read_text().startswith("<?xml") for k in range(1, 7))


def test_html_is_one_page_with_its_pictures_inside_and_a_key_beside_it(tmp_path):
    out = write(tmp_path, "sheet.html", "--level", "5", "--count", "2", "--seed", "1", "--lang", "zh")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh">' in page
    assert page.count("data:image/svg+xml;base64,") == 2 and "练习卷" in page and "第 2 题" in page
    assert "http" not in page  # nothing loads from another host
    key = (tmp_path / "sheet-key.html").read_text(encoding="utf-8")
    assert "答案" in key and "完整算式" in key and key.count("<section>") == 2


def test_pdf_sheet_and_key(tmp_path):
    pytest.importorskip("reportlab")
    pytest.importorskip("svglib")
    key = str(tmp_path / "answers.pdf")
    out = write(tmp_path, "ws.pdf", "--level", "4", "--count", "3", "--seed", "2", "--key", key)
    for pdf in (out, tmp_path / "answers.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and b"/CreationDate" in data and len(data) > 5000
    pages = int(re.search(rb"/Count (\d+)", out.read_bytes())[1])
    assert 1 <= pages <= 3  # an exercise never splits across pages
    zh = write(tmp_path, "zh.pdf", "--level", "1", "--count", "1", "--seed", "2", "--lang", "zh")
    assert b"STSong-Light" in zh.read_bytes()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--out", "ws.txt"], "must end in .md, .html or .pdf"),
        (["--out", "ws.md", "--key", "key.pdf"], "--key 'key.pdf': the file name must end in .md"),
        (["--count", "0"], "must be >= 1"),
        (["--count", "101"], "at most 100 exercises"),
        (["--level", "6"], "choose 1 to 5"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(["worksheet", *argv]) == 2
    assert message in capsys.readouterr().err


def test_pdf_without_the_pdf_extra_says_how_to_get_it(tmp_path, monkeypatch, capsys):
    from autograd.cli import worksheet_pdf

    monkeypatch.setattr(worksheet_pdf, "reportlab", None)
    assert main(["worksheet", "--count", "1", "--seed", "1", "--out", str(tmp_path / "ws.pdf")]) == 1
    assert "pip install 'chainrule[pdf]'" in capsys.readouterr().err and not (tmp_path / "ws.pdf").exists()
