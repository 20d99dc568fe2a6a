"""Generated exercises: the same seed gives the same exercise, each level has the shape it promises, and
the presets are the chapter's two worked examples."""

from __future__ import annotations

import pytest

from autograd import topological_order
from autograd.exercises import LEVELS, PRESETS, generate, preset


def shape(ex) -> tuple:
    return ex.blanks, ex.answers(), str(ex)


@pytest.mark.parametrize("level", list(LEVELS))
def test_the_same_seed_gives_the_same_exercise_and_another_seed_another(level):
    assert shape(generate(level, seed=7)) == shape(generate(level, seed=7))
    assert len({str(generate(level, seed=s)) for s in range(8)}) >= 4
    fresh = generate(level)
    assert isinstance(fresh.seed, int) and shape(generate(level, fresh.seed)) == shape(fresh)


def interior(ex) -> list:
    return [n for n in topological_order(ex.root) if n.parents]


def uses(ex) -> dict:
    counted = {}
    for node in topological_order(ex.root):
        for parent in node.parents:
            counted[parent] = counted.get(parent, 0) + 1
    return counted


@pytest.mark.parametrize("seed", range(25))
def test_each_level_has_its_shape(seed):
    one, chain, reused, neuron, mlp = (generate(level, seed) for level in LEVELS)
    assert len([n for n in interior(one) if n.requires_grad]) == 1
    assert 2 <= len(interior(chain)) <= 3 and max(uses(chain).values()) == 1
    assert max(c for n, c in uses(reused).items() if n.requires_grad) >= 2  # a node used twice
    ops = [n.op for n in interior(neuron)]
    assert "dot" in ops and {"tanh", "sigmoid", "relu"} & set(ops) and neuron.root.label == "L"
    assert [n.op for n in interior(mlp)].count("dot") == 3 and len(mlp.blanks) == 9
    for ex in (one, chain, reused, neuron, mlp):
        assert any(ex.answers().values())  # not every gradient 0
        assert all(v.correct for v in ex.check(ex.answers()).values())


def test_levels_take_every_hide_and_language():
    for level in LEVELS:
        for hide in ("grads", "locals", "steps"):
            ex = generate(level, 3, hide=hide, lang="zh")
            assert ex.title.startswith(f"第 {level} 级") and "填空" in str(ex)
    assert generate(4, 1).title == "Level 4 · a neuron with activation and loss"


def test_bad_levels_and_languages_are_refused():
    for level in (0, 6, "3", 2.0, True):
        with pytest.raises(ValueError, match="level must be 1, 2, 3, 4 or 5"):
            generate(level)
    with pytest.raises(ValueError, match="unknown lang 'de'"):
        generate(1, lang="de")
    with pytest.raises(ValueError, match="unknown preset 'xor'"):
        preset("xor")


def test_the_presets_are_the_chapters_examples():
    assert set(PRESETS) == {"textbook_network", "sigmoid_neuron"}
    net = preset("textbook_network")
    assert net.root.data == pytest.approx(0.4489) and len(net.blanks) == 9
    neuron = preset("sigmoid_neuron", lang="zh")
    assert neuron.title == "教材中的 sigmoid 神经元" and neuron.blanks == ["∂L/∂w1", "∂L/∂w2", "∂L/∂b"]
