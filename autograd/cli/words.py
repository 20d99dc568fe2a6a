"""The headings and notes of `chainrule demo` and `chainrule trace`, in English and Chinese.

The explanations themselves come from `explain` (autograd/i18n.py); these are only the words around them.
"""

from __future__ import annotations

WORDS = {
    "en": {
        "demo_title": "chainrule demo: backpropagation, node by node",
        "demo_out": "Writing the files to {folder}",
        "forward": "1. The textbook 2-2-1 ReLU network, forward: x = [{x1}, {x2}], target y = {y}",
        "pictures": "3. Pictures: the graph, and a page that steps through backward",
        "pictures_done": "graph drawn with its gradients; edge width shows how much gradient flows",
        "training": "4. Training MLP(2, [16, 16, 1]) on {n} moons points: hinge loss, Adam (lr {lr}), "
        "batches of {batch}, {epochs} epochs",
        "trained": "after {epochs} epochs: loss {loss}, accuracy {accuracy} ({seconds:.1f} s)",
        "files": "Files written",
        "open_html": "Next: open {path} in a browser and press the right arrow to step through backward.",
        "no_plots": "skipping the plots: matplotlib is not installed ({hint})",
        "no_graphviz": "skipping the graph pictures and the stepper page: {error}",
        "graph_svg": "computation graph, SVG",
        "graph_png": "computation graph, PNG",
        "stepper": "backward step by step, open in a browser",
        "boundary": "decision boundary of the trained MLP",
        "curve": "loss and accuracy per epoch",
        "model": "the trained MLP, load it with nn.load",
        "expression": "Expression",
        "values": "Values",
        "output": "Forward",
        "render": "graph picture",
        "html": "backward step by step, open in a browser",
    },
    "zh": {
        "demo_title": "chainrule 演示：逐个节点看反向传播",
        "demo_out": "文件写入 {folder}",
        "forward": "1. 教材中的 2-2-1 ReLU 网络，前向传播：x = [{x1}, {x2}]，目标 y = {y}",
        "pictures": "3. 图示：计算图，以及逐步演示反向传播的网页",
        "pictures_done": "计算图已画出并标注梯度；边越粗，流过的梯度越大",
        "training": "4. 用 {n} 个 moons 数据点训练 MLP(2, [16, 16, 1])：hinge 损失，Adam（学习率 {lr}），"
        "每批 {batch} 个样本，{epochs} 轮",
        "trained": "训练 {epochs} 轮之后：损失 {loss}，准确率 {accuracy}（用时 {seconds:.1f} 秒）",
        "files": "写入的文件",
        "open_html": "下一步：在浏览器中打开 {path}，按右方向键逐步查看反向传播。",
        "no_plots": "跳过绘图：没有安装 matplotlib（{hint}）",
        "no_graphviz": "跳过计算图图片和逐步演示网页：{error}",
        "graph_svg": "计算图，SVG",
        "graph_png": "计算图，PNG",
        "stepper": "逐步演示反向传播，用浏览器打开",
        "boundary": "训练好的 MLP 的决策边界",
        "curve": "每一轮的损失和准确率",
        "model": "训练好的 MLP，可用 nn.load 读入",
        "expression": "表达式",
        "values": "取值",
        "output": "前向计算",
        "render": "计算图图片",
        "html": "逐步演示反向传播，用浏览器打开",
    },
}
