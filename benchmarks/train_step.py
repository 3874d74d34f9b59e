"""Note 001's parallelism claim on the lab's two translators: one training step (forward with teacher forcing,
backward, clipping, Adam) of the recurrent attention translator (the shipped model's architecture) and of the
Transformer (TransformerConfig defaults), fresh weights, batch 64, one torch thread, on real batches of every third
English length from 3 to 27. The page (self-attention lesson, section 6) measures 5 lengths with 3 repeats; this
measures 9 with 7, and the page's own measurement too (its wall-clock cost on a first visit).

    python -m benchmarks.train_step
"""

from __future__ import annotations


def run() -> dict:
    from lessons.selfattn.study_trainstep import TrainStepConfig, measure, trainstep_numbers

    page = measure(TrainStepConfig())  # first in the process, as on a server's first visit to the page
    run = measure(TrainStepConfig(lengths=(3, 6, 9, 12, 15, 18, 21, 24, 27), repeats=7))
    rows = [{"L": int(L), "decoder_inputs": int(run.decoder_inputs[k]),
             "sequential_steps": {"rnn": int(run.steps[k, 0]), "transformer": int(run.steps[k, 1])},
             "step_ms": {"rnn": round(float(run.ms[k, 0]), 2), "transformer": round(float(run.ms[k, 1]), 2)},
             "transformer_over_rnn": round(float(run.ms[k, 1] / run.ms[k, 0]), 3)}
            for k, L in enumerate(run.config.lengths)]
    n = trainstep_numbers(run)
    return {"threads": run.threads, "batch": run.config.batch, "repeats": run.config.repeats,
            "parameters": {"rnn": run.parameters[0], "transformer": run.parameters[1]}, "lengths": rows,
            "growth_3_to_27": {"rnn": round(n["r_growth"], 2), "transformer": round(n["t_growth"], 2)},
            "transformer_faster_at": n["faster"], "seconds": round(run.seconds, 2),
            "page_measurement_seconds": round(page.seconds, 2)}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
