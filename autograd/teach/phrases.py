"""The words of `explain`, `why` and the stepper, in English and Chinese; formulas stay in {fields}.

The Chinese follows the vocabulary of the textbook chapters (链式法则, 上游梯度, 局部导数, 反向传播).
"""

from __future__ import annotations

from ..language import LANGS, get_language

PHRASES = {
    "en": {
        "lang": "en",
        "title": "Backward pass of {root}, edge by edge",
        "how": "How backward works",
        "intro": "Backward starts at {root} with {seed} and walks the graph against the forward direction: a node "
        "is handled only after every node that uses it has passed its gradient back. Along each edge the chain "
        "rule multiplies the upstream gradient (what has arrived at the node) by the local derivative of that "
        "edge (how the node changes with that one parent) and adds the product to the parent's running total; "
        "a parent reached along several paths gets the sum over them. Constants get no gradient.",
        "node": "Node {definition}",
        "start": "Backward starts here: {grad}.",
        "upstream": "Its upstream gradient has fully arrived: {grad}.",
        "rule": "Generic rule: {rule}",
        "edge": "to {parent}: local derivative {local}; by the chain rule, {formula}",
        "edge_more": "to {parent}, which already got {before} along another path: local derivative {local}; "
        "by the chain rule, {formula}",
        "zero_edge": "to {parent}: the upstream gradient is 0, so nothing flows back along this edge; {formula}",
        "constant_edge": "{constant} is a constant: backward takes no step to it.",
        "chains": "The chain rule neuron by neuron, as the textbook writes it",
        "result": "Result: the final gradient of each input and parameter",
        "result_line": "{grad}",
        "result_paths": "{grad}, the sum over {n} paths",
        "why_title": "Why is {grad}?",
        "no_path": "{node} is not in the graph of {root}: {root} does not depend on it, "
        "so no gradient can reach it (its .grad is {grad}).",
        "no_root": "{node} is the root itself, so there is no edge to explain: its gradient is the seed {grad}.",
        "constant": "{node} is a constant (requires_grad=False), so backward gives it no gradient: it is a fixed "
        "number, not something to learn.",
        "not_small": "The gradient is not small: {grad}. (`why` explains gradients that are 0 or smaller than {tol}.)",
        "small_one": "{grad} is what flows back along the one edge from {node} to the node that uses it.",
        "small": "{grad} is the sum of what flows back along the {n} edges from {node} to the nodes that use it.",
        "cancel": "The contributions cancel out: {terms} = {total}.",
        "edge_to": "Along the edge to {child} = {definition}:",
        "relu_inactive": "{child} = relu({z}) is inactive: its input {z} = {value} <= 0, so {local} = 0 "
        "and the gradient stops here.",
        "zero_input": "{node} is multiplied by {other} = {value}, so {local} = {value}.",
        "saturated": "{child} = {fn}({x}) is saturated: its input {x} = {value} is far from 0, "
        "so the local derivative {local} = {lvalue} is tiny.",
        "zero_local": "the local derivative is {local} = {lvalue} (rule: {rule}).",
        "zero_upstream": "{child} itself gets the gradient {grad}, because:",
        "tiny_product": "the product {up} · {local} = {value} is tiny.",
        "more_edge": "... and 1 more edge with a zero contribution.",
        "more_edges": "... and {n} more edges with a zero contribution.",
        "deeper": "... (the chain of reasons goes on further back)",
        "counter": "Step {n} of {total}",
        "next": "Next",
        "prev": "Previous",
        "play": "Play",
        "pause": "Pause",
        "keys_title": "Keys",
        "keys": "Left and right arrows step, space plays or pauses, Home and End jump; + and - zoom, "
        "0 fits the graph, F presents full screen. Drag the graph to move it, the wheel zooms.",
        "ready": "Press Next (or the right arrow) to start backward from {seed}.",
        "page_title": "Backward, step by step: {root}",
        "grad_table": "Gradients so far",
        "node_col": "node",
        "data_col": "data",
        "grad_col": "grad",
        "local_label": "local derivative",
        "upstream_label": "upstream gradient",
        "step_label": "this edge",
        "rule_named": "rule in these names",
        "rule_generic": "the generic rule",
        "zoom_in": "Zoom in",
        "zoom_out": "Zoom out",
        "zoom_fit": "Fit",
        "present": "Present",
        "legend": "Legend",
        "input": "input",
        "parameter": "parameter",
        "constant_role": "constant (no gradient)",
        "again_role": "repeated from the row above",
        "node_role": "node an op made",
        "root_role": "the root",
        "op_role": "op",
    },
    "zh": {
        "lang": "zh",
        "title": "{root} 的反向传播：逐条边展开",
        "how": "反向传播怎样进行",
        "intro": "反向传播从 {root} 出发（{seed}），逆着前向传播的方向遍历计算图："
        "一个节点要等所有用到它的节点都把梯度传回来之后才处理。每经过一条边，就用链式法则把上游梯度（已经传到这个节点的梯度）乘以这条边的局部导数（这个节点随这一个父节点的变化率），"
        "再把乘积累加到父节点的梯度上；一个父节点若沿几条路径被用到，得到的是这几条路径的梯度之和。常数没有梯度。",
        "node": "节点 {definition}",
        "start": "反向传播从这里开始：{grad}。",
        "upstream": "它的上游梯度已经全部传到：{grad}。",
        "rule": "一般的求导法则：{rule}",
        "edge": "传给 {parent}：局部导数 {local}；由链式法则，{formula}",
        "edge_more": "传给 {parent}（它先前已经沿另一条路径得到 {before}，两部分梯度相加）：局部导数 {local}；"
        "由链式法则，{formula}",
        "zero_edge": "传给 {parent}：上游梯度为 0，这条边传不回任何梯度；{formula}",
        "constant_edge": "{constant} 是常数：反向传播不给它传梯度。",
        "chains": "按神经元写出链式法则（教材的写法）",
        "result": "结果：各输入与参数的最终梯度",
        "result_line": "{grad}",
        "result_paths": "{grad}，是 {n} 条路径之和",
        "why_title": "为什么 {grad}？",
        "no_path": "{node} 不在 {root} 的计算图中：{root} 的值与它无关，梯度无从传到它那里（它的 .grad 为 {grad}）。",
        "no_root": "{node} 就是根节点本身，没有哪条边需要解释：它的梯度就是起点的 {grad}。",
        "constant": "{node} 是常数（requires_grad=False），反向传播不给它梯度：它是固定的数，不是要学习的参数。",
        "not_small": "这个梯度并不小：{grad}。（why 用来解释为 0 或绝对值小于 {tol} 的梯度。）",
        "small_one": "{grad} 是从用到 {node} 的那个节点沿唯一一条边传回来的梯度。",
        "small": "{grad} 是从用到 {node} 的节点沿 {n} 条边传回来的梯度之和。",
        "cancel": "几条路径传回的梯度正好互相抵消：{terms} = {total}。",
        "edge_to": "沿着通向 {child} = {definition} 的那条边：",
        "relu_inactive": "{child} = relu({z}) 没有被激活：它的输入 {z} = {value} <= 0，"
        "局部导数 {local} = 0，梯度在这里被截断。",
        "zero_input": "{node} 乘上的 {other} 等于 {value}，所以局部导数 {local} = {value}。",
        "saturated": "{child} = {fn}({x}) 已经饱和：输入 {x} = {value} 离 0 太远，"
        "局部导数 {local} = {lvalue} 几乎为 0。",
        "zero_local": "局部导数 {local} = {lvalue}（求导法则：{rule}）。",
        "zero_upstream": "{child} 自身得到的梯度就是 {grad}，原因是：",
        "tiny_product": "上游梯度与局部导数的乘积 {up} · {local} = {value} 极小。",
        "more_edge": "……另有 1 条边传回的梯度也为 0。",
        "more_edges": "……另有 {n} 条边传回的梯度也为 0。",
        "deeper": "……（原因还可以继续往前追溯）",
        "counter": "第 {n} 步（共 {total} 步）",
        "next": "下一步",
        "prev": "上一步",
        "play": "播放",
        "pause": "暂停",
        "keys_title": "快捷键",
        "keys": "左右方向键前后翻步，空格键播放或暂停，Home 与 End 跳到开头或结尾；+ 与 - 缩放，0 复原，F 全屏演示。"
        "拖动计算图可以移动它，滚轮缩放。",
        "ready": "点击“下一步”（或按右方向键），从 {seed} 开始反向传播。",
        "page_title": "逐步演示反向传播：{root}",
        "grad_table": "目前为止的梯度",
        "node_col": "节点",
        "data_col": "数值",
        "grad_col": "梯度",
        "local_label": "局部导数",
        "upstream_label": "上游梯度",
        "step_label": "这条边",
        "rule_named": "用这些名字写出的求导法则",
        "rule_generic": "一般的求导法则",
        "zoom_in": "放大",
        "zoom_out": "缩小",
        "zoom_fit": "复原",
        "present": "演示",
        "legend": "图例",
        "input": "输入",
        "parameter": "参数",
        "constant_role": "常数（没有梯度）",
        "again_role": "上一行节点的重复",
        "node_role": "运算得到的节点",
        "root_role": "根节点",
        "op_role": "运算",
    },
}


# Words inside a step's formula: "∂f/∂x so far: 0 + 1 = 1", "final ∂f/∂x = 1 + 3 + 3 = 7, over 3 paths".
FORMULA = {
    "en": {
        "so_far": "{total} so far: ",
        "final": "final ",
        "paths": ", over {n} paths",
        "only": " (final: its only path)",
        "sep": "; ",
    },
    "zh": {
        "so_far": "{total} 目前累计：",
        "final": "最终 ",
        "paths": "，是 {n} 条路径之和",
        "only": "（最终值：只有这一条路径）",
        "sep": "；",
    },
}


def formula_words(lang: str) -> dict:
    """The words a step's formula is written with, in `lang` (English where there is no such language)."""
    return FORMULA.get(lang, FORMULA["en"])


def phrases(lang: str | None, who: str) -> dict:
    """The phrase table of `lang` (None: the default language, see autograd.set_language), or a ValueError
    naming `who` and the languages there are. Its "lang" is the language chosen."""
    if lang is None:
        lang = get_language()
    if lang not in PHRASES:
        raise ValueError(f"{who}: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    return PHRASES[lang]
