"""nn's message catalogue: every message in English and Chinese with the same fields, the real errors and
warnings of layers, fit, the losses and the optimizers in Chinese under set_language("zh"), naming the
same values, and the English exactly as before."""

from __future__ import annotations

import os
import string
import subprocess
import sys
import warnings

import pytest

import autograd
import nn
from nn.messages import NN, text


def fields(template: str) -> list:
    """The {fields} of a template with their conversions and format specs ("{x!r}", "{low:g}"), sorted."""
    return sorted((name, conversion or "", spec or "") for _, name, spec, conversion in
                  string.Formatter().parse(template) if name is not None)  # fmt: skip


def has_chinese(message: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in message)


ONLY_CODE = {"fit_stopped", "bad_label", "load_problem"}  # "fit：{message}", "{who}：loss=...：y[{i}]：{error}",
# "load：{where}：{problem}": names and punctuation


@pytest.fixture
def zh():
    """Chinese for the whole process during one test, and back to the environment's language (English here)."""
    autograd.set_language("zh")
    try:
        yield
    finally:
        autograd.set_language(None)


@pytest.mark.parametrize("key", sorted(NN))
def test_each_message_has_both_languages_with_the_same_fields(key):
    english, chinese = NN[key]
    assert english.strip() and chinese.strip()
    assert fields(english) == fields(chinese)
    assert not has_chinese(english) and chinese != english
    assert has_chinese(chinese) or key in ONLY_CODE, "a message with English words has Chinese ones"


def test_the_chinese_keeps_code_and_names_in_ascii():
    for key, (english, chinese) in NN.items():
        for code in ("zero_grad()", "backward()", "step()", "no_grad()", "lr", "eps", "loss=", "nn.MLP", "X[{i}]"):
            if code in english:
                assert code in chinese, (key, code)


def test_text_follows_the_language():
    assert text("input_size", who="MLP", nin=2, n=3) == "MLP: expected 2 inputs, got 3"
    with autograd.language.using("zh"):
        assert text("input_size", who="MLP", nin=2, n=3) == "MLP：需要 2 个输入，得到的却是 3 个"


def test_a_wrong_input_size_is_chinese_and_names_the_sizes(zh):
    model = nn.MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError) as caught:
        model([1.0, 2.0, 3.0])
    assert str(caught.value) == "MLP：需要 2 个输入，得到的却是 3 个"


def test_a_set_as_a_sample_is_chinese_with_the_reason(zh):
    with pytest.raises(TypeError) as caught:
        nn.MLP(2, [1], seed=0)({1.0, 2.0})
    message = str(caught.value)
    assert message.startswith("MLP：需要由 2 个数或 Value 组成的列表") and "set 没有顺序" in message
    assert "一个样本是一个有序序列" in message


def test_constructor_errors_are_chinese(zh):
    with pytest.raises(ValueError, match=r"^MLP：nouts 是空的；.*\[16, 16, 1\]$"):
        nn.MLP(2, [])
    with pytest.raises(TypeError, match=r"^MLP：seed 必须是整数（int）或 None，得到的却是 .*'one'"):
        nn.MLP(2, [1], seed="one")
    with pytest.raises(ValueError, match=r"^MLP：nouts\[0\] 必须 >= 1，得到的却是 0$"):
        nn.MLP(2, [0])


def test_fit_errors_are_chinese_and_name_the_values(zh):
    model = nn.MLP(2, [1], seed=0)
    with pytest.raises(ValueError) as caught:
        nn.fit(model, [[0.0, 1.0], [1.0, 0.0]], [1.0], epochs=1)
    assert str(caught.value) == "fit：X 有 2 个样本，y 却有 1 个；两者必须相同，且 >= 1"
    with pytest.raises(ValueError) as caught:
        nn.fit(model, [[0.0, 1.0]], [1.0], loss="mse2", epochs=1)
    assert str(caught.value).startswith("fit：未知的损失函数 'mse2' (str)；请用 'mse', 'hinge'")
    with pytest.raises(ValueError) as caught:
        nn.fit(model, [[0.0, 1.0, 2.0]], [1.0], epochs=1)
    assert str(caught.value) == "fit：X[0] 有 3 个数，但模型需要 2 个输入"


def test_an_optimizer_rejects_a_negative_lr_in_chinese(zh):
    with pytest.raises(ValueError) as caught:
        nn.optim.SGD(nn.MLP(2, [1], seed=0).parameters(), lr=-0.1)
    assert str(caught.value) == "SGD：lr 必须 >= 0，得到的却是 -0.1"
    with pytest.raises(ValueError) as caught:
        nn.optim.Adam(nn.MLP(2, [1], seed=0).parameters(), eps=-1.0)
    assert str(caught.value) == "Adam：eps 必须 >= 0，得到的却是 -1.0"


def _step_twice(model, optimizer):
    loss = (model([1.0, 2.0]) - 1.0) ** 2
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        optimizer.step()  # no backward() since the last step
    return [str(w.message) for w in caught]


def test_step_without_a_new_backward_warns_in_chinese(zh):
    model = nn.MLP(2, [1], seed=0)
    said = _step_twice(model, nn.optim.SGD(model.parameters(), lr=0.1))
    assert ("SGD.step()：上一步之后没有运行过 backward()，所以没有新的梯度可用。"
            "请在每次 step() 之前调用 loss.backward()。") in said  # fmt: skip


def test_the_english_is_unchanged():
    model = nn.MLP(2, [1], seed=0)
    said = _step_twice(model, nn.optim.SGD(model.parameters(), lr=0.1))
    assert ("SGD.step(): no backward() ran since the last step, so there is no new gradient to apply. "
            "Call loss.backward() before each step().") in said  # fmt: skip
    with pytest.raises(ValueError) as caught:
        model([1.0, 2.0, 3.0])
    assert str(caught.value) == "MLP: expected 2 inputs, got 3"
    with pytest.raises(ValueError) as caught:
        nn.optim.SGD(model.parameters(), lr=-0.1)
    assert str(caught.value) == "SGD: lr must be >= 0, got -0.1"


def test_losses_by_hand_are_chinese_and_name_the_values(zh):
    with pytest.raises(ValueError) as caught:
        nn.losses.binary_cross_entropy([0.5, 0.2], [1.0])
    assert str(caught.value) == "binary_cross_entropy：概率 有 2 个，目标值却有 1 个；两者必须一致"
    with pytest.raises(ValueError) as caught:
        nn.losses.binary_cross_entropy([0.5], [2.0])
    assert str(caught.value) == "binary_cross_entropy：每个目标值都必须在 [0, 1] 之内，得到的却是 2.0"
    with pytest.raises(ValueError) as caught:
        nn.losses.hinge_loss([0.5], [0])
    assert str(caught.value).startswith("hinge_loss：标签必须是 -1 或 +1，得到的却是 0") and "2*y - 1" in str(
        caught.value
    )


def test_data_and_constructor_names_are_chinese(zh):
    with pytest.raises(TypeError) as caught:
        nn.data.make_moons(10, seed=1, random_state=2)
    assert str(caught.value).startswith("make_moons：同时给出了 seed=1 和 random_state=2")
    with pytest.raises(ValueError) as caught:
        nn.MLP(2, [1], activation="relux")
    message = str(caught.value)
    assert message.startswith("MLP：未知的激活函数 'relux'；请用 'tanh', ") and message.endswith(
        "'linear' 之一，或 None"
    )


def test_the_environment_chooses_chinese_as_for_the_engine():
    """CHAINRULE_LANG=zh (or LANG=zh_CN.UTF-8) without set_language: nn's errors are Chinese, like autograd's."""
    code = "import nn\ntry:\n    nn.MLP(2, [1], seed=0)([1.0])\nexcept ValueError as e:\n    print(e)"
    env = {**os.environ, "CHAINRULE_LANG": "zh", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, encoding="utf-8")
    assert done.stdout.strip() == "MLP：需要 2 个输入，得到的却是 1 个", done.stderr


def test_schedules_and_load_state_dict_are_chinese(zh):
    optimizer = nn.optim.SGD(nn.MLP(2, [1], seed=0).parameters(), lr=0.1)
    with pytest.raises(ValueError) as caught:
        nn.schedules.LinearLR(optimizer, start_factor=2.0)
    assert str(caught.value) == "LinearLR：要求 0 < start_factor <= 1 且 0 <= end_factor <= 1，得到的却是 2.0 和 1.0"
    with pytest.raises(ValueError) as caught:
        nn.MLP(2, [1], seed=0).load_state_dict({"w": 1.0})
    message = str(caught.value)
    assert message.startswith("MLP.load_state_dict：名字与这个模型的不一致（模型有 3 个参数，给出的是 1 个）；缺少 ")
    assert "多出 " in message and "'w'" in message
