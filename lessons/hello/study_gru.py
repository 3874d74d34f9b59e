"""The GRU read two ways (lecture note 001 against PyTorch): one update gate, measured from opposite ends.

PyTorch: h_t = (1 - z_t) n_t + z_t h_(t-1), z = the share of the OLD state kept.
Note 001: h_t = (1 - z_t) h_(t-1) + z_t h~_t, z = the share of the NEW state taken (its eq. 4), so z_notes = 1 - z.
(The notes' h~ also applies the reset before the product, W [r * h, x]; that one is a different model, not another
reading of this one: the gates lesson measures it.)"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.analysis import Analysis


@dataclass(frozen=True)
class GruReadings:
    """z: (T, H) PyTorch's update gate.  z_notes: (T, H) the same gate as note 001 writes it, 1 - z.
    notes_h: (T, H) h_t from note 001's update, (1 - z_notes) h_(t-1) + z_notes n_t.  gap: max |notes_h - h_t|."""

    z: np.ndarray
    z_notes: np.ndarray
    notes_h: np.ndarray
    gap: float

    @property
    def example(self) -> tuple[int, int]:
        """(t, unit), both from 1: where z mixes old and new most evenly (closest to 0.5), from step 2 on (h_0 = 0,
        so at step 1 the old state's share multiplies nothing); step 1 for a one-step text."""
        start = 1 if len(self.z) > 1 else 0
        row, unit = np.unravel_index(np.argmin(np.abs(self.z[start:] - 0.5)), self.z[start:].shape)
        return int(row) + start + 1, int(unit) + 1


def readings(a: Analysis) -> GruReadings:
    """The trained GRU's own z, n and h, and h_t rebuilt with the notes' reading of z."""
    z, n = a.gates["z"], a.gates["n"]
    z_notes = 1 - z
    notes_h = (1 - z_notes) * a.h_prev + z_notes * n  # note 001, eq. (4), with the model's candidate as h~
    return GruReadings(z, z_notes, notes_h, float(np.abs(notes_h - a.h).max()))
