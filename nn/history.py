"""`History`: what `fit` recorded, one entry per epoch, readable in a terminal and a notebook."""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field

_COLUMNS = ("loss", "accuracy", "val_loss", "val_accuracy", "lr")
_REASONS = {
    "early_stopping": "stopped early: no improvement for `patience` epochs",
    "non_finite": "stopped: the loss or the weights stopped being finite numbers",
    "exploded": "stopped: the loss exploded",
    "interrupted": "interrupted (Ctrl-C)",
    "callback": "stopped by a callback",
}


@dataclass(repr=False)
class History:
    """Per-epoch lists (loss, accuracy, val_loss, val_accuracy, lr) and how training ended."""

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)  # classification only
    val_loss: list[float] = field(default_factory=list)  # with validation_data only
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)  # the learning rate used in each epoch
    grad_ratio: dict[str, list[float]] = field(default_factory=dict)  # per layer, epoch mean of |grad| / |w|
    update_ratio: dict[str, list[float]] = field(default_factory=dict)  # per layer, epoch mean of |update| / |w|
    interrupted: bool = False  # Ctrl-C ended training; the model keeps the weights it had
    stop_reason: str | None = None  # None (ran every epoch) or a key of _REASONS
    message: str = ""  # what went wrong, for non_finite and exploded
    best_epoch: int | None = None  # 0-based epoch of the best monitored loss, with patience

    @property
    def epochs(self) -> int:
        """How many epochs ran to the end."""
        return len(self.loss)

    def __len__(self) -> int:
        return self.epochs

    def to_dict(self) -> dict:
        """Everything as plain lists and numbers (JSON-able)."""
        return asdict(self)

    def _columns(self) -> list[str]:
        return [c for c in _COLUMNS if len(getattr(self, c)) == self.epochs and self.epochs]

    def _ending(self) -> str:
        text = _REASONS.get(self.stop_reason, "")
        if self.best_epoch is not None:
            text += f"{'; ' if text else ''}best epoch {self.best_epoch}"
        return text

    def __repr__(self) -> str:
        parts = [f"epochs={self.epochs}"]
        for c in self._columns():
            values = getattr(self, c)
            parts.append(f"{c} {values[0]:.4g} -> {values[-1]:.4g}" if c != "lr" else f"lr {values[-1]:.4g}")
        if self._ending():
            parts.append(self._ending())
        return f"History({', '.join(parts)})"

    def _repr_html_(self) -> str:
        columns = self._columns()
        head = "".join(f"<th>{c}</th>" for c in ["epoch", *columns])
        rows = []
        for e in _shown_epochs(self.epochs):
            if e is None:
                rows.append(f"<tr><td colspan='{len(columns) + 1}'>&hellip;</td></tr>")
            else:
                cells = "".join(f"<td>{getattr(self, c)[e]:.4g}</td>" for c in columns)
                rows.append(f"<tr><td>{e}</td>{cells}</tr>")
        caption = html.escape(f"History: {self.epochs} epochs" + (f"; {self._ending()}" if self._ending() else ""))
        return f"<table><caption>{caption}</caption><tr>{head}</tr>{''.join(rows)}</table>"


def _shown_epochs(n: int) -> list:
    """All epochs when few; else the first 3, a gap (None), and the last 6."""
    if n <= 12:
        return list(range(n))
    return [0, 1, 2, None, *range(n - 6, n)]
