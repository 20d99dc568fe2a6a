"""The words of `explain`, `why` and the stepper, in English and Chinese; formulas stay in {fields}.

The Chinese follows the vocabulary of the textbook chapters (链式法则, 上游梯度, 局部导数, 反向传播).
"""

from __future__ import annotations

LANGS = ("en", "zh")

PHRASES = {
    "en": {
        "title": "Backward pass of {root}, edge by edge",
        "how": "How backward works",
        "intro": "Backward starts at the loss and walks the graph against the forward direction: a node is "
        "handled only after every node that uses it. Along each edge the chain rule multiplies the "
        "upstream gradient by the local derivative of that edge and adds the product to the parent's gradient.",
        "node": "Node {definition}",
        "start": "Backward starts here: {seed}.",
        "upstream": "Its upstream gradient has fully arrived: {grad}.",
        "rule": "Rule: {rule}",
        "edge": "to {parent}: local derivative {local}; by the chain rule, {formula}",
        "accumulates": " (added to the {before} that {parent} already got along another path)",
        "zero_edge": "to {parent}: the upstream gradient is 0, so nothing flows back along this edge; {formula}",
        "result": "Result: the gradient of each input and parameter",
        "why_title": "Why is {grad}?",
        "no_path": "{node} is not in the graph of {root}: {root} does not depend on it, "
        "so no gradient can reach it (its .grad is {grad}).",
        "no_root": "{node} is the root itself, so there is no edge to explain: its gradient is the seed {grad}.",
        "not_small": "The gradient is not small: {grad}. (`why` explains gradients that are 0 or smaller than {tol}.)",
        "small": "{grad} is the sum of what flows back along the {n} edge(s) from {node} to the nodes that use it.",
        "cancel": "The contributions cancel out: {terms} = {total}.",
        "edge_to": "Along the edge to {child} = {definition}:",
        "relu_inactive": "{child} = relu({z}) is inactive: its input {z} = {value} <= 0, so {local} = 0 "
        "and the gradient stops here.",
        "zero_input": "{node} is multiplied by {other} = {value}, so {local} = {value}.",
        "saturated": "{child} = {fn}({x}) is saturated: its input {x} = {value} is far from 0, "
        "so the local derivative {local} = {lvalue} is tiny.",
        "zero_local": "the local derivative is {local} = {lvalue} (rule: {rule}).",
        "zero_upstream": "{child} itself gets the gradient {grad}, because:",
        "tiny_product": "the product {up} * {local} = {value} is tiny.",
        "more_edges": "... and {n} more edge(s) with a zero contribution.",
        "deeper": "... (the chain of reasons goes on further back)",
        "counter": "Step {n} of {total}",
        "next": "Next",
        "prev": "Previous",
        "play": "Play",
        "pause": "Pause",
        "keys": "Keys: left and right arrows step, space plays or pauses, Home and End jump.",
        "ready": "Press Next (or the right arrow) to start backward from {seed}.",
        "page_title": "Backward, step by step: {root}",
        "grad_table": "Gradients so far",
        "node_col": "node",
        "data_col": "data",
        "grad_col": "grad",
    },
    "zh": {
        "title": "{root} 的反向传播：逐条边展开",
        "how": "反向传播怎样进行",
        "intro": "反向传播从损失出发，逆着前向传播的方向遍历计算图：一个节点要等所有用到它的节点都处理完之后才处理。"
        "每经过一条边，就用链式法则把上游梯度乘以这条边的局部导数，再把乘积累加到父节点的梯度上。",
        "node": "节点 {definition}",
        "start": "反向传播从这里开始：{seed}。",
        "upstream": "它的上游梯度已经全部传到：{grad}。",
        "rule": "求导法则：{rule}",
        "edge": "传给 {parent}：局部导数 {local}；由链式法则，{formula}",
        "accumulates": "（{parent} 先前已经沿另一条路径得到 {before}，两部分梯度相加）",
        "zero_edge": "传给 {parent}：上游梯度为 0，这条边传不回任何梯度；{formula}",
        "result": "结果：各输入与参数的梯度",
        "why_title": "为什么 {grad}？",
        "no_path": "{node} 不在 {root} 的计算图中：{root} 的值与它无关，梯度无从传到它那里（它的 .grad 为 {grad}）。",
        "no_root": "{node} 就是根节点本身，没有哪条边需要解释：它的梯度就是起点的 {grad}。",
        "not_small": "这个梯度并不小：{grad}。（why 用来解释为 0 或绝对值小于 {tol} 的梯度。）",
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
        "tiny_product": "上游梯度与局部导数的乘积 {up} * {local} = {value} 极小。",
        "more_edges": "……另有 {n} 条边传回的梯度也为 0。",
        "deeper": "……（原因还可以继续往前追溯）",
        "counter": "第 {n} 步（共 {total} 步）",
        "next": "下一步",
        "prev": "上一步",
        "play": "播放",
        "pause": "暂停",
        "keys": "快捷键：左右方向键前后翻步，空格键播放或暂停，Home 与 End 跳到开头或结尾。",
        "ready": "点击“下一步”（或按右方向键），从 {seed} 开始反向传播。",
        "page_title": "逐步演示反向传播：{root}",
        "grad_table": "目前为止的梯度",
        "node_col": "节点",
        "data_col": "数值",
        "grad_col": "梯度",
    },
}


def phrases(lang: str, who: str) -> dict:
    """The phrase table of `lang`, or a ValueError naming `who` and the languages there are."""
    if lang not in PHRASES:
        raise ValueError(f"{who}: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    return PHRASES[lang]
