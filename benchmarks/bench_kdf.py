"""`kdf`: the passphrase KDF with the parameters Fieldwork ships (Argon2id), on purpose 0.25-1 s.

Every other figure excludes it (the benchmark stores use FIELDWORK_KDF=fast); this one measures
it alone, so that a change of the shipped work factor shows here and nowhere else.
"""

from __future__ import annotations

import os
from typing import Any

from bench_common import figure, log, timed


def measure(*, repeats: int) -> dict[str, Any]:
    from store.crypto import KdfParams

    saved = os.environ.pop("FIELDWORK_KDF", None)  # the shipped parameters, whatever the caller set
    try:
        params = KdfParams.fresh()
    finally:
        if saved is not None:
            os.environ["FIELDWORK_KDF"] = saved
    samples: list[float] = []
    for i in range(repeats):
        samples.append(timed(lambda: params.derive("correct horse battery staple"))[0])
        log(f"kdf run {i + 1}/{repeats}: {samples[-1] * 1000:.0f} ms")
    result = figure(samples, parameters={k: v for k, v in params.to_json().items() if k != "salt"})
    median = result["median_ms"]
    result["budget"] = {"min_ms": 250, "max_ms": 1000}
    result["within_budget"] = 250 <= median <= 1000
    return result
