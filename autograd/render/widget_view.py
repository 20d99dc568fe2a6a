"""The ipywidgets face of `StepperWidget`: buttons, the graph, the step panel, the table and the sliders.

Only widgets that ipywidgets 7.7 (Colab's) and 8 both have: Button, HTML, FloatSlider, HBox, VBox, GridBox.
"""

from __future__ import annotations

import sys

SVG_STYLE = "<style>.chainrule-widget-graph svg{max-width:100%;height:auto}</style>"


def make_view(model):
    """A View of `model`, or False where there is no ipywidgets or no running kernel (the static copy is shown)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    try:
        import ipywidgets  # noqa: F401  (optional: pip install 'chainrule[notebook]')
    except ImportError:
        return False
    return View(model)


class View:
    """The boxes a notebook shows; `refresh()` redraws them from the model."""

    def __init__(self, model):
        import ipywidgets as w

        self.model, self._syncing = model, False
        model._view = self  # the model redraws this view after each change
        words, extra = model.words, model.extra
        self.buttons = {
            "reset": w.Button(description=extra["reset"], icon="fast-backward"),
            "prev": w.Button(description=words["prev"], icon="arrow-left"),
            "next": w.Button(description=words["next"], icon="arrow-right", button_style="primary"),
        }
        actions = {"reset": model.reset, "prev": model.prev, "next": model.next}
        for name, button in self.buttons.items():
            button.on_click(lambda _, act=actions[name]: act())
        self.graph = w.HTML(layout=w.Layout(width="100%"))
        self.graph.add_class("chainrule-widget-graph")
        self.panel = w.HTML(layout=w.Layout(width="55%", min_width="320px"))
        self.table = w.HTML(layout=w.Layout(width="40%"))
        self.sliders = {name: self._slider(w, name, value) for name, value in model.values.items()}
        grid = w.GridBox(list(self.sliders.values()),
                         layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))"))  # fmt: skip
        title = w.HTML(f"<b>{extra['sliders']}</b>")
        # The sliders sit right under the buttons, so a slider and the graph it changes are in one view.
        self.box = w.VBox([w.HBox(list(self.buttons.values())), title, grid, self.graph,
                           w.HBox([self.panel, self.table])])  # fmt: skip
        self.refresh()

    @property
    def model_id(self) -> str:
        return self.box.model_id

    def _slider(self, w, name: str, value: float):
        reach = max(self.model.span, 2 * abs(value))
        slider = w.FloatSlider(value=value, min=value - reach, max=value + reach, step=reach / 100, description=name,
                               continuous_update=False, readout_format=".3g",
                               style={"description_width": "60px"}, layout=w.Layout(width="300px"))  # fmt: skip
        slider.observe(lambda change, n=name: self._moved(n, change["new"]), names="value")
        return slider

    def _moved(self, name: str, value: float) -> None:
        if not self._syncing:
            self.model.set(name, value)

    def refresh(self) -> None:
        model = self.model
        self.graph.value = f'{SVG_STYLE}<div style="overflow-x:auto">{model.svg()}</div>'
        self.panel.value = model.panel_html()
        self.table.value = model.table_html()
        self._syncing = True  # a value the model refused goes back to its slider without a new run
        try:
            for name, slider in self.sliders.items():
                if slider.value != model.values[name]:
                    slider.value = model.values[name]
        finally:
            self._syncing = False
        self.buttons["prev"].disabled = self.buttons["reset"].disabled = model.position == 0
        self.buttons["next"].disabled = model.position == len(model.steps)
