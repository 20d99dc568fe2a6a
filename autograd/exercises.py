"""Exercises: the student does the backward pass, chainrule checks every step and says what went wrong.

    from autograd.exercises import generate
    ex = generate(level=3, seed=7)
    ex.check({"dL/dx": -1.5})

The public names of `autograd.teach.exercises` and `autograd.teach.generate`, in one place.
"""

from .teach.exercise_view import ExerciseModel, ExerciseWidget
from .teach.exercises import HIDES, MISTAKES, Exercise, Verdict, exercise
from .teach.generate import LEVELS, PRESETS, generate, preset

__all__ = [
    "HIDES",
    "LEVELS",
    "MISTAKES",
    "PRESETS",
    "Exercise",
    "ExerciseModel",
    "ExerciseWidget",
    "Verdict",
    "exercise",
    "generate",
    "preset",
]
