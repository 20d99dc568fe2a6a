"""The words of exercises, verdicts and hints, in English and Chinese; formulas stay in {fields}.

The Chinese follows the textbook chapters' vocabulary: 链式法则, 上游梯度, 局部导数, 反向传播, 路径.
"""

from __future__ import annotations

from .phrases import LANGS

MISTAKES = ("sign", "missing_local", "local_only", "missing_path", "wrong_rule", "swapped_operands", "rounding")

WORDS = {
    "en": {
        "intro_grads": "Do the backward pass by hand and give the final gradients: {root} with respect to each node "
        "asked, every path counted.",
        "intro_locals": "Give the local derivatives: how each node changes when only one of its inputs moves, "
        "at the values of this forward pass.",
        "intro_upstream": "Give the upstream gradient of each node: the gradient of {root} with respect to it, "
        "which backward brings to it before passing it on.",
        "intro_steps": "Do backward one step at a time, in order. Each edge gives upstream gradient · local "
        "derivative; a node used more than once gets one product per path, then their sum.",
        "given": "The forward pass, done:",
        "seed": "Backward starts with {seed}.",
        "figures": "Answer with at least three significant figures (fractions such as -3/2 are fine).",
        "asked": "Fill in:",
        "right": "{blank} = {answer}: right.",
        "wrong": "{blank} = {answer}: not right.",
        "wrong_kind": "{blank} = {answer}: not right ({mistake}).",
        "missing": "{blank}: no answer.",
        "not_number": "{blank}: {problem}.",
        "score": "Score: {points} of {total}",
        "check_button": "Check",
        "hint_button": "Hint",
        "placeholder": "your answer",
        "your_turn": "Your turn: work out the next step, then Check.",
        "show_button": "Show the step",
        "quiz_done": "Every step is done.",
        "picture": "the computation graph, with the value of every node",
        "mistake": {
            "sign": "sign error",
            "missing_local": "the local derivative is missing",
            "local_only": "only the local derivative",
            "missing_path": "a path is missing",
            "wrong_rule": "a wrong derivative rule",
            "swapped_operands": "the operands are swapped",
            "rounding": "rounded too much",
        },
        "nudge_grad": "{blank} is the sum, over every path from {root} back to {node}, of the product of the "
        "local derivatives along that path.",
        "nudge_local": "{blank} asks how {child} changes when only {parent} moves, at the values of this forward pass.",
        "nudge_product": "{blank} is one edge of backward: the upstream gradient {upstream} times the local "
        "derivative {local}.",
        "rule_grad": "{chain}, where {rules}.",
        "rule_local": "{child} = {definition}, so {blank} = {text}.",
        "rule_product": "{blank}, where {child} = {definition} gives {local} = {text}.",
        "worked": "Worked: {formula}",
        "paths": "{n} paths",
        "slip_at": "At {child} = {definition}: {rule}.",
        "slip_worked": "Worked: at {child}, {formula}. Then {rest}",
        "sign": "The size is right but the sign is not: check the sign of each factor along the chain{negatives}.",
        "negatives": " (negative ones here: {factors})",
        "missing_local": "{answer} is the upstream gradient {upstream}; the chain rule multiplies it by the local "
        "derivative {local}.",
        "missing_local_at": "A local derivative is missing at {child}: on the way back through it, "
        "multiply by {local}.",
        "local_only": "{answer} is only the local derivative {local}; multiply it by the upstream gradient {upstream}.",
        "missing_path": "{node} is used {count} times, so {blank} adds up {count} paths; one is missing.",
        "missing_path_at": "{node} is used {count} times: its gradient adds up all of them, and a path missing "
        "there carries on down to {blank}.",
        "wrong_rule": "Check the derivative rule at {child} = {definition}: {note}.",
        "swapped_operands": "Check which operand is which in {child} = {definition}: the derivative you used "
        "belongs to the operands swapped.",
        "rounding": "Almost: rounded too much. Keep at least three significant figures, in the steps along "
        "the way too.",
        "rule_notes": {
            "tanh": "the derivative of tanh is not tanh itself",
            "sigmoid": "the derivative of sigmoid (σ) is not σ itself",
            "relu": "relu passes nothing back where its input is 0 or below",
            "pow": "the exponent comes down as a factor, ∂(x^k)/∂x = k·x^(k - 1)",
        },
    },
    "zh": {
        "intro_grads": "请用链式法则手算反向传播，写出最终梯度：{root} 对每个所问节点的导数，所有路径都要算上。",
        "intro_locals": "请写出局部导数：在这次前向传播的数值下，只让一个输入变化时，节点随之变化的快慢。",
        "intro_upstream": "请写出每个节点的上游梯度：{root} 对该节点的导数，"
        "也就是反向传播传到它、再由它继续往回传的梯度。",
        "intro_steps": "请按顺序一步一步做反向传播。每条边给出 上游梯度 · 局部导数；被用到不止一次的节点，"
        "每条路径一个乘积，最后把它们相加。",
        "given": "前向传播已经算好：",
        "seed": "反向传播从 {seed} 开始。",
        "figures": "答案至少保留三位有效数字（也可以写分数，例如 -3/2）。",
        "asked": "请填空：",
        "right": "{blank} = {answer}：正确。",
        "wrong": "{blank} = {answer}：不对。",
        "wrong_kind": "{blank} = {answer}：不对（{mistake}）。",
        "missing": "{blank}：没有作答。",
        "not_number": "{blank}：{problem}。",
        "score": "得分：{points} / {total}",
        "check_button": "检查",
        "hint_button": "提示",
        "placeholder": "你的答案",
        "your_turn": "轮到你了：算出下一步，再点“检查”。",
        "show_button": "显示这一步",
        "quiz_done": "所有步骤都完成了。",
        "picture": "计算图，标出了每个节点的数值",
        "mistake": {
            "sign": "符号错误",
            "missing_local": "漏乘了局部导数",
            "local_only": "只写了局部导数",
            "missing_path": "漏掉了一条路径",
            "wrong_rule": "求导法则用错了",
            "swapped_operands": "操作数弄反了",
            "rounding": "舍入过多",
        },
        "nudge_grad": "{blank} 是从 {root} 回到 {node} 的每一条路径上局部导数连乘之积，再对所有路径求和。",
        "nudge_local": "{blank} 问的是：在这次前向传播的数值下，只让 {parent} 变化时 {child} 怎样变化。",
        "nudge_product": "{blank} 是反向传播中的一条边：上游梯度 {upstream} 乘以局部导数 {local}。",
        "rule_grad": "{chain}，其中 {rules}。",
        "rule_local": "{child} = {definition}，所以 {blank} = {text}。",
        "rule_product": "{blank}，其中由 {child} = {definition} 得 {local} = {text}。",
        "worked": "完整算式：{formula}",
        "paths": "{n} 条路径",
        "slip_at": "在 {child} = {definition} 处：{rule}。",
        "slip_worked": "完整算式：在 {child} 处，{formula}。然后 {rest}",
        "sign": "大小对了，符号不对：检查链上每个因子的正负号{negatives}。",
        "negatives": "（这里为负的有：{factors}）",
        "missing_local": "{answer} 是上游梯度 {upstream}；由链式法则，还要再乘以局部导数 {local}。",
        "missing_local_at": "在 {child} 处漏乘了局部导数：反向经过它时要乘以 {local}。",
        "local_only": "{answer} 只是局部导数 {local}；还要乘以上游梯度 {upstream}。",
        "missing_path": "{node} 被用了 {count} 次，所以 {blank} 是 {count} 条路径之和；漏掉了一条。",
        "missing_path_at": "{node} 被用了 {count} 次：它的梯度是所有路径之和，那里漏掉的一条路径会一直影响到 {blank}。",
        "wrong_rule": "检查 {child} = {definition} 处的求导法则：{note}。",
        "swapped_operands": "看清 {child} = {definition} 中两个操作数的位置：你用的导数相当于把它们对调了。",
        "rounding": "差一点：舍入过多。请至少保留三位有效数字，中间步骤也一样。",
        "rule_notes": {
            "tanh": "tanh 的导数不是 tanh 本身",
            "sigmoid": "sigmoid（σ）的导数不是 σ 本身",
            "relu": "输入小于等于 0 时，relu 不往回传梯度",
            "pow": "指数要作为系数乘到前面，∂(x^k)/∂x = k·x^(k - 1)",
        },
    },
}


def words(lang: str, who: str) -> dict:
    """The exercise words of `lang`, or a ValueError naming `who` and the languages there are."""
    if lang not in WORDS:
        raise ValueError(f"{who}: unknown lang {lang!r}; choose one of {', '.join(LANGS)}")
    return WORDS[lang]
