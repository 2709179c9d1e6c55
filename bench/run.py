"""cxlint benchmark: every figure side by side with its baseline, in the same run.

    python bench/run.py            # full run
    python bench/run.py --quick    # fewer repeats, for CI logs

Warm throughput of cxlint.check over the corpus next to razdel's tokenisation alone (the floor a
natasha-based pipeline pays), and the cold start of `cxlint check -` next to loading pymorphy3.
Figures are medians of repeated runs; ratios are what to compare across machines.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "replies.jsonl"


def messages(n_min: int = 10_000) -> list[str]:
    base = [json.loads(line)["text"] for line in CORPUS.open(encoding="utf-8") if line.strip()]
    out = []
    while len(out) < n_min:
        out.extend(base)
    return out


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def cold(cmd: list[str], stdin: str, repeats: int) -> float:
    def run():
        subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)

    run()  # warm the OS file cache, not the process
    return timed(run, repeats)


def main() -> None:
    quick = "--quick" in sys.argv
    repeats = 3 if quick else 5
    import razdel

    import cxlint

    msgs = messages(2_000 if quick else 10_000)
    ntok = sum(1 for m in msgs for _ in razdel.tokenize(m))
    for m in msgs[:400]:
        cxlint.check(m)  # warm: rules loaded, caches filled as in a long-running service

    t_razdel = timed(lambda: [list(razdel.tokenize(m)) for m in msgs], repeats)
    t_check = timed(lambda: [cxlint.check(m) for m in msgs], repeats)
    one = "Здравствуйте! К сожалению, мы не сможем вернуть деньги в ближайшее время."
    t_cold = cold([sys.executable, "-m", "cxlint", "check", "--isolated", "-"], one, repeats)
    t_morph = cold([sys.executable, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"], "", repeats)

    rows = [
        ("messages", f"{len(msgs):,}", f"{ntok:,} tokens"),
        ("razdel.tokenize (baseline)", f"{len(msgs) / t_razdel:,.0f} msg/s", f"{ntok / t_razdel:,.0f} tok/s"),
        ("cxlint.check (warm)", f"{len(msgs) / t_check:,.0f} msg/s", f"{ntok / t_check:,.0f} tok/s"),
        ("check speed / razdel speed", f"{t_razdel / t_check:.2f}×", "higher is better"),
        ("pymorphy3 load (baseline)", f"{t_morph * 1000:.0f} ms", ""),
        ("cxlint check - (cold, 1 message)", f"{t_cold * 1000:.0f} ms", ""),
        ("cold start / pymorphy3 load", f"{t_cold / t_morph:.2f}×", "lower is better"),
    ]
    w = max(len(r[0]) for r in rows)
    print(
        f"cxlint benchmark ({'quick' if quick else 'full'}, medians of {repeats} runs, Python {sys.version.split()[0]})"
    )
    for name, a, b in rows:
        print(f"  {name:<{w}}  {a:>16}  {b}")


if __name__ == "__main__":
    main()
