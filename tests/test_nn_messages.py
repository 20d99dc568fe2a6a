"""nn's message catalogue: every message in English and Chinese with the same fields, the real errors and
warnings of layers, fit, the losses and the optimizers in Chinese under set_language("zh"), naming the
same values, and the English exactly as before."""

from __future__ import annotations

import json
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


# save/load, plot, live and the PyTorch bridge: each error raised for real, in Chinese and then in English


def said(call, error=Exception) -> str:
    with pytest.raises(error) as caught:
        call()
    return str(caught.value)


def in_both(call, error=Exception) -> tuple:
    """The message of `call` under Chinese, then under English (the environment's language here)."""
    with autograd.language.using("zh"):
        chinese = said(call, error)
    return chinese, said(call, error)


def check(call, error, chinese: str, english: str) -> None:
    got_zh, got_en = in_both(call, error)
    assert got_zh == chinese and got_en == english
    assert english not in got_zh and has_chinese(got_zh) and not has_chinese(got_en)


def test_load_and_save_errors_are_chinese_and_the_english_is_unchanged(tmp_path):
    import pickle

    def file_of(name: str, content) -> str:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
        return str(path)

    empty = file_of("empty.json", b"  \n")
    check(lambda: nn.load(empty), ValueError,
          f"load：{empty} 是空的，不是 JSON 模型文件", f"load: {empty} is empty, not a JSON model file")  # fmt: skip
    pickled = file_of("model.pkl", pickle.dumps([1.0]))
    check(lambda: nn.load(pickled), ValueError,
          f"load：{pickled} 看起来是一个 pickle 文件；chainrule 只读取 nn.save 写出的 JSON",
          f"load: {pickled} looks like a pickle file; chainrule reads only the JSON that nn.save writes")  # fmt: skip
    broken = file_of("broken.json", b'{"format": ')
    chinese, english = in_both(lambda: nn.load(broken), ValueError)
    assert chinese.startswith(f"load：{broken} 不是 JSON 模型文件（Expecting value") and chinese.endswith("）")
    assert english.startswith(f"load: {broken} is not a JSON model file (Expecting value") and english.endswith(")")
    nested = file_of("nested.json", b"[" * 100_000 + b"]" * 100_000)
    check(lambda: nn.load(nested), ValueError,
          f"load：{nested} 不是模型文件（它的 JSON 嵌套得太深）",
          f"load: {nested} is not a model file (its JSON is nested too deeply)")  # fmt: skip
    nan = file_of("nan.json", b'{"format": "chainrule.mlp", "version": 1, "nin": NaN}')
    check(lambda: nn.load(nan), ValueError,
          f"load：{nan}：NaN 不是有限数；模型文件里只能有有限的权重",
          f"load: {nan}: NaN is not a finite number; a model file holds finite weights only")  # fmt: skip
    other = file_of("other.json", {"format": "keras", "version": 1})
    check(lambda: nn.load(other), ValueError,
          f"load：{other}：不是 chainrule 模型（format 是 'keras'，应该是 'chainrule.mlp'）",
          f"load: {other}: not a chainrule model (format is 'keras', expected 'chainrule.mlp')")  # fmt: skip
    newer = file_of("newer.json", {"format": "chainrule.mlp", "version": 2})
    check(lambda: nn.load(newer), ValueError,
          f"load：{newer}：format 版本 2 比这个 chainrule 能读的版本 1 更新",
          f"load: {newer}: format version 2 is newer than this chainrule reads 1")  # fmt: skip
    layer = {"activation": "relu", "weights": [[0.5, "x"]], "biases": [0.0]}
    bad_weight = file_of("weight.json", {"format": "chainrule.mlp", "version": 1, "nin": 2, "layers": [layer]})
    check(lambda: nn.load(bad_weight), ValueError,
          f"load：{bad_weight}：第 0 层：weights[0][1] 是 'x'，不是有限数",
          f"load: {bad_weight}: layer 0: weights[0][1] is 'x', not a finite number")  # fmt: skip
    layer = {"activation": "relux", "weights": [[0.5, 1.0]], "biases": [0.0]}
    bad_activation = file_of("act.json", {"format": "chainrule.mlp", "version": 1, "nin": 2, "layers": [layer]})
    valid = ", ".join(nn.activations.ACTIVATIONS)  # tanh, sigmoid, relu, ...
    check(lambda: nn.load(bad_activation), ValueError,
          f"load：{bad_activation}：第 0 层：未知的激活函数 'relux'；请用 {valid} 之一",
          f"load: {bad_activation}: layer 0: unknown activation 'relux'; use one of {valid}")  # fmt: skip
    check(lambda: nn.load(empty, max_bytes=0), ValueError,
          "load：max_bytes 必须是正整数（int），得到的却是 0",
          "load: max_bytes must be a positive int, got 0")  # fmt: skip
    target = str(tmp_path / "neuron.json")
    check(lambda: nn.save(nn.Neuron(2), target), TypeError,
          "save：需要一个 nn.MLP，得到的却是 Neuron(2, activation='relu') (Neuron)",
          "save: expected an nn.MLP, got Neuron(2, activation='relu') (Neuron)")  # fmt: skip
    model = nn.MLP(2, [1], seed=0)
    model.layers[0].neurons[0].b.data = float("inf")
    check(lambda: nn.save(model, target), ValueError,
          "save：参数 layers.0.neurons.0.b 是 inf；只有有限的权重才能保存",
          "save: parameter layers.0.neurons.0.b is inf; only finite weights can be saved")  # fmt: skip
    assert list(tmp_path.glob("neuron.json")) == []


def test_plot_errors_are_chinese_and_the_english_is_unchanged():
    pytest.importorskip("matplotlib")
    model = nn.MLP(2, [1], seed=0)
    check(lambda: nn.plot.loss_curve([0.5, 0.4]), TypeError,
          "loss_curve：需要 nn.fit 返回的 History，得到的却是 [0.5, 0.4] (list)",
          "loss_curve: expected the History that nn.fit returned, got [0.5, 0.4] (list)")  # fmt: skip
    check(lambda: nn.plot.loss_curve(nn.History()), ValueError,
          "loss_curve：History 是空的（还没有完成任何一个 epoch）",
          "loss_curve: the History is empty (no epoch finished)")  # fmt: skip
    check(lambda: nn.plot.decision_boundary(model, [[1.0, 2.0], [0.0, 1.0]], [0]), ValueError,
          "decision_boundary：X 有 2 个点，y 却有 1 个标签；两者必须相同，且 >= 1",
          "decision_boundary: X has 2 points, y 1 labels; need the same, >= 1")  # fmt: skip
    check(lambda: nn.plot.decision_boundary(model, [[1.0, 2.0, 3.0]], [0]), ValueError,
          "decision_boundary：需要二维的点 [x1, x2]", "decision_boundary: needs 2-D points [x1, x2]")  # fmt: skip
    history = nn.fit(model, [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0], "hinge", epochs=2, progress=False)
    check(lambda: nn.plot.update_ratios(history, kind="weights"), ValueError,
          "update_ratios：kind 必须是 'both'、'update' 或 'grad'，得到的却是 'weights'",
          "update_ratios: kind must be 'both', 'update' or 'grad', got 'weights'")  # fmt: skip
    check(lambda: nn.plot.update_ratios(history), ValueError,
          "update_ratios：这个 History 里没有比值；请用 nn.fit(..., record_ratios=True) 训练",
          "update_ratios: this History has no ratios; train with nn.fit(..., record_ratios=True)")  # fmt: skip


def test_plot_without_matplotlib_says_so_in_chinese(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    model = nn.MLP(2, [1], seed=0)
    history = nn.fit(model, [[0.0, 1.0]], [1.0], "hinge", epochs=1, progress=False)
    check(lambda: nn.plot.loss_curve(history), ImportError,
          "nn.plot.loss_curve 需要 matplotlib：请运行 pip install 'chainrule[plot]'",
          "nn.plot.loss_curve needs matplotlib: pip install 'chainrule[plot]'")  # fmt: skip


def test_live_errors_and_warnings_are_chinese_and_the_english_is_unchanged(monkeypatch):
    from nn import live as live_module

    model = nn.MLP(2, [1], seed=0)
    check(lambda: nn.fit(model, [[0.0, 1.0]], [1.0], epochs=1, progress=False, live="yes"), TypeError,
          "fit：live 必须是 True、False 或 nn.Live(...)，得到的却是 'yes' (str)",
          "fit: live must be True, False or an nn.Live(...), got 'yes' (str)")  # fmt: skip
    check(lambda: nn.Live(every=0), ValueError,
          "Live：every 必须是 >= 1 的整数（int，以 epoch 计）或 None，得到的却是 0 (int)",
          "Live: every must be an int >= 1 (epochs) or None, got 0 (int)")  # fmt: skip
    check(lambda: nn.Live(seconds=-1.0), ValueError,
          "Live：seconds 必须是 >= 0 的数，得到的却是 -1.0 (float)",
          "Live: seconds must be a number >= 0, got -1.0 (float)")  # fmt: skip
    check(lambda: nn.Live(resolution=2.5), ValueError,
          "Live：resolution 必须是 >= 1 的整数（int），得到的却是 2.5 (float)",
          "Live: resolution must be an int >= 1, got 2.5 (float)")  # fmt: skip

    def warned(call) -> list:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            call()
        return [str(w.message) for w in caught]

    monkeypatch.setattr(live_module, "in_notebook", lambda: True)
    monkeypatch.setattr(live_module, "_warm_up", lambda: False)
    with autograd.language.using("zh"):
        chinese = warned(lambda: nn.Live().start(None, [], [], 5))
    assert chinese == ["fit：实时图像需要 matplotlib（pip install 'chainrule[plot]'）；改为显示一行文字"]
    assert warned(lambda: nn.Live().start(None, [], [], 5)) == [
        "fit: live pictures need matplotlib (pip install 'chainrule[plot]'); showing a text line instead"
    ]

    def broken(*args, **kwargs):
        raise RuntimeError("no canvas")

    monkeypatch.setattr(live_module, "_status", broken)

    def failed_frame():
        live = nn.Live()
        live.start(None, [], [], 5)  # not a notebook now that matplotlib "is missing": the text line
        live._frame(nn.History(), final=False, depth=2)

    with autograd.language.using("zh"):
        chinese = warned(failed_frame)
    assert chinese[-1] == "fit：实时绘图停止了（RuntimeError: no canvas）；训练照常继续，不再绘图"
    english = warned(failed_frame)[-1]
    assert english == "fit: live drawing stopped (RuntimeError: no canvas); training goes on without it"


def test_torch_bridge_errors_are_chinese_and_the_english_is_unchanged():
    torch = pytest.importorskip("torch")
    check(lambda: nn.to_torch("model.json"), TypeError,
          "to_torch：需要一个 nn.MLP，得到的却是 'model.json' (str)",
          "to_torch: expected an nn.MLP, got 'model.json' (str)")  # fmt: skip
    check(lambda: nn.from_torch(3), TypeError,
          "from_torch：需要一个 torch.nn.Sequential，得到的却是 3 (int)",
          "from_torch: expected a torch.nn.Sequential, got 3 (int)")  # fmt: skip
    empty = torch.nn.Sequential(torch.nn.Identity())
    chinese, english = in_both(lambda: nn.from_torch(empty), ValueError)
    assert chinese.startswith("from_torch：") and chinese.endswith(" 里没有 Linear 层")
    assert english.startswith("from_torch: ") and english.endswith(" has no Linear layer")
    sizes = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Linear(4, 1))
    check(lambda: nn.from_torch(sizes), ValueError,
          "from_torch：第 1 个模块（Linear(in_features=4, out_features=1, bias=True)）需要 4 个输入，"
          "但前一层有 3 个输出",
          "from_torch: module 1 (Linear(in_features=4, out_features=1, bias=True)) takes 4 inputs "
          "but the layer before has 3 outputs")  # fmt: skip
    dropout = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.Dropout(0.5))
    chinese, english = in_both(lambda: nn.from_torch(dropout), ValueError)
    assert chinese.startswith("from_torch：第 1 个模块是 Dropout(p=0.5, inplace=False)；nn.MLP 由 Linear 层组成")
    assert chinese.endswith("Softsign 之一")
    assert english == ("from_torch: module 1 is Dropout(p=0.5, inplace=False); an nn.MLP is Linear layers, each "
                       "followed by at most one of ReLU, Tanh, Sigmoid, LeakyReLU, ELU, GELU, Softplus, SiLU, "
                       "Softsign with its default settings")  # fmt: skip
    mixed = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.ReLU(), torch.nn.Linear(3, 3), torch.nn.Tanh(),
                                torch.nn.Linear(3, 1))  # fmt: skip
    check(lambda: nn.from_torch(mixed), ValueError,
          "from_torch：各隐藏层用了不同的激活函数 ['relu', 'tanh']；一个 nn.MLP 只有一种",
          "from_torch: hidden layers use different activations ['relu', 'tanh']; an nn.MLP has one")  # fmt: skip


def test_torch_bridge_without_torch_says_so_in_chinese(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)
    check(lambda: nn.to_torch(nn.MLP(2, [1], seed=0)), ImportError,
          "nn.to_torch 需要 PyTorch：请运行 pip install 'chainrule[torch]'",
          "nn.to_torch needs PyTorch: pip install 'chainrule[torch]'")  # fmt: skip
