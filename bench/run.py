"""cxlint benchmark: every figure side by side with its baseline, measured in the same run.

    python bench/run.py                          # full run (the 1M-message size takes many minutes)
    python bench/run.py --quick                  # small and fast, for CI logs (tests/test_bench.py)
    python bench/run.py --sizes 10000,100000     # choose the sizes of the file runs

- warm throughput of ``cxlint.check`` and of ``cxlint.fix(unsafe=True)`` next to razdel's
  tokenisation alone (the floor a natasha-based pipeline pays), over the same distinct messages
  (bench/corpus.py): in a service's steady state (replies never read before, by a Linter that
  has read others of the same helpdesk), and from an empty memory of text;
- cold start of ``cxlint check -`` next to loading pymorphy3, with the peak memory of each;
- rule scaling: the shipped rules next to ten times as many (bench/rulecopies.py);
- size scaling: ``cxlint check FILE.jsonl --format json`` over growing files, per-message cost and
  peak memory next to the smallest file's, and all cores next to one;
- an outside reference, when natasha is installed (``pip install -e '.[audit]'``): its date and
  money extractors next to ``cxlint.check`` on the same 500 replies (not in ``--quick``).

Timings are medians of repeated runs (the long file runs excepted): CPU time for what runs in this
process, taking turns every 250 messages, and for the file runs; wall time for the cold start.
Ratios are what to compare across machines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import rulecopies


def interleaved(work: dict, msgs: list[str], repeats: int, fresh=lambda: None, chunk: int = 250) -> dict:
    """Median CPU seconds, over ``repeats`` passes, of each ``work[name](message)`` over ``msgs``.
    The works take turns every ``chunk`` messages, so that a neighbour's load on the machine falls
    on each alike: on a shared machine a pass's CPU time moves by a quarter from one second to the
    next, and whole passes one after the other moved the ratios by as much. ``fresh()`` runs before
    each pass. CPU time, not wall time: the wall clock also counts the time the process waits for
    a core."""
    runs: dict[str, list[float]] = {name: [] for name in work}
    clock = time.process_time
    for _ in range(repeats):
        fresh()
        spent = dict.fromkeys(work, 0.0)
        for k in range(0, len(msgs), chunk):
            part = msgs[k : k + chunk]
            for name, fn in work.items():
                t = clock()
                for m in part:
                    fn(m)
                spent[name] += clock() - t
        for name, v in spent.items():
            runs[name].append(v)
    return {name: statistics.median(v) for name, v in runs.items()}


# Peak RSS is read through a small launcher: Linux carries a process's peak over fork and exec, so a
# child forked straight from this (large) benchmark process would report this process's memory.
_MEASURE = """
import os, subprocess, sys, time
t = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, _, usage = os.wait4(p.pid, 0)
print(time.perf_counter() - t, usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def run_child(cmd: list[str], stdin: str | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds of one run of ``cmd``, fed ``stdin``, its output
    discarded. CPU time is the steadier figure on a machine that others share."""
    r = subprocess.run(
        [sys.executable, "-S", "-c", _MEASURE, *cmd], input=stdin or "", capture_output=True, text=True, check=True
    )
    wall, kb, cpu = r.stdout.split()
    return float(wall), int(kb) / 1024, float(cpu)


def compile_bytecode() -> None:
    """Compile cxlint's modules as an install does. pip compiles a package it installs, but not a
    checkout installed in editable mode, and with PYTHONDONTWRITEBYTECODE set no run writes the
    bytecode either: every cold start would compile every module from source. A cold start is a
    fresh process, not a fresh install."""
    import compileall

    import cxlint

    compileall.compile_dir(Path(cxlint.__file__).parent, quiet=1)


def cold(cmds: list[tuple[list[str], str | None]], repeats: int) -> list[tuple[float, float, float]]:
    """Median wall time, peak RSS and median CPU time of each command's fresh runs. The commands
    take turns, run after run, so that a machine slowing down or speeding up over the minute the
    runs take weighs on each alike (one after the other, the ratio moved by half a unit)."""
    for cmd, stdin in cmds:
        run_child(cmd, stdin)  # warm the OS file cache, not the process
    runs: list[list[tuple[float, float, float]]] = [[] for _ in cmds]
    for _ in range(repeats):
        for out, (cmd, stdin) in zip(runs, cmds, strict=True):
            out.append(run_child(cmd, stdin))
    return [
        (statistics.median(r[0] for r in rs), max(r[1] for r in rs), statistics.median(r[2] for r in rs)) for rs in runs
    ]


def _works(check, fix) -> dict:
    """razdel's tokenisation, ``check.check`` and the unsafe fix with Linter ``fix``, per message."""
    import razdel

    import cxlint

    return {
        "razdel": lambda m: list(razdel.tokenize(m)),
        "check": check.check,
        "fix": lambda m: cxlint.fix(m, unsafe=True, linter=fix),
    }


def _tokens(msgs: list[str]) -> int:
    """razdel's tokens in ``msgs``."""
    import razdel

    return sum(1 for m in msgs for _ in razdel.tokenize(m))


def throughput(msgs: list[str], repeats: int) -> dict:
    """CPU seconds of razdel, check, fix and check with no memory of text, each over ``msgs``.

    cxlint remembers what it has read of each sentence and each line (cxlint/sentences.py). Each
    timed pass starts with that memory empty, so a pass sees the corpus as a stream sees it once: a
    sentence pays in full the first time. What is known of single words (their parses and bits)
    is kept, as in a long-running service. "unseen" remembers no sentence and no line at all, the
    cost of text that is all new. Each figure has a Linter of its own, so that none reads another's
    memory."""
    import cxlint

    check, fix, unseen = cxlint.Linter(), cxlint.Linter(), cxlint.Linter()
    unseen.ruleset.matches.limit = 0
    ntok = _tokens(msgs)
    for m in msgs:  # warm: every word read once, as in a long-running service
        check.check(m), cxlint.fix(m, unsafe=True, linter=fix), unseen.check(m)

    def fresh():
        check.ruleset.matches.clear()
        fix.ruleset.matches.clear()

    times = interleaved(_works(check, fix) | {"unseen": unseen.check}, msgs, repeats, fresh)
    sentences = [check.analyze(m) for m in msgs]
    sentences = [d.text[s.start : s.end] for d in sentences for s in d.sentences]
    return {"n": len(msgs), "tokens": ntok, "sentences": len(sentences), "distinct": len(set(sentences)), **times}


def steady(n: int, repeats: int) -> dict:
    """CPU seconds of razdel, check and fix over ``n`` replies in a long-running service's steady
    state, medians over ``repeats`` passes.

    Each Linter first reads ``n`` replies of the helpdesk (seed 2); each pass then reads ``n``
    replies it has never read (seeds 3, 4 …), with its memory as the passes before left it: the
    same macros, greetings and sign-offs, other names and numbers. No timed reply is read twice, so
    nothing timed was looked up from having been timed before; what is remembered is what a
    service that had read earlier replies of the same helpdesk would remember."""
    import cxlint

    check, fix = cxlint.Linter(), cxlint.Linter()
    for m in corpus.messages(n, seed=2):
        check.check(m), cxlint.fix(m, unsafe=True, linter=fix)
    tokens: list[int] = []
    times = new_replies(_works(check, fix), n, repeats, seed=3, seen=lambda msgs: tokens.append(_tokens(msgs)))
    return {"n": n, "tokens": statistics.median(tokens), **times}


def new_replies(work: dict, n: int, repeats: int, seed: int, chunk: int = 250, seen=lambda msgs: None) -> dict:
    """Median CPU seconds of each work over ``repeats`` passes, each over ``n`` replies never read
    before (seeds ``seed``, ``seed`` + 1 …), the works taking turns every ``chunk`` replies;
    ``seen(msgs)`` is told each pass's replies."""
    runs: dict[str, list[float]] = {name: [] for name in work}
    for k in range(repeats):
        msgs = corpus.messages(n, seed=seed + k)
        seen(msgs)
        for name, v in interleaved(work, msgs, 1, chunk=chunk).items():
            runs[name].append(v)
    return {name: statistics.median(v) for name, v in runs.items()}


def natasha_reference(n: int, repeats: int) -> dict | None:
    """CPU seconds of natasha's date and money extractors over ``n`` replies, next to
    ``cxlint.check`` on the same replies by a Linter in the steady state (as steady(): seed 2 read
    first, each pass on replies never read, seeds 8, 9 …), medians over ``repeats`` passes: an
    outside reference for what finding times and amounts costs in a natasha pipeline. None when
    natasha is not installed (it comes with the ``audit`` extra, not with the tests')."""
    try:
        from natasha import DatesExtractor, MoneyExtractor, MorphVocab
    except ImportError:
        return None
    import cxlint

    vocab = MorphVocab()
    dates, money = DatesExtractor(vocab), MoneyExtractor(vocab)
    check = cxlint.Linter()
    for m in corpus.messages(10_000, seed=2):
        check.check(m)

    def extract(m: str) -> None:
        list(dates(m))
        list(money(m))

    return {"n": n, **new_replies({"natasha": extract, "check": check.check}, n, repeats, seed=8, chunk=50)}


def rule_scaling(msgs: list[str], copies: int, repeats: int) -> dict:
    import cxlint

    with tempfile.TemporaryDirectory(prefix="cxlint-bench-rules-") as d:
        rulecopies.write_copies(Path(d), copies)
        base, many = cxlint.Linter(), cxlint.Linter(rule_dirs=[Path(d)])
        for m in msgs:
            base.check(m), many.check(m)

        def fresh():  # each pass with no text remembered, as in throughput()
            base.ruleset.matches.clear()
            many.ruleset.matches.clear()

        times = interleaved({"t1": base.check, "tn": many.check}, msgs, repeats, fresh)
        return {"n": len(msgs), "rules": len(base.rules), "many": len(many.rules), **times}


def size_runs(sizes: list[int], repeats: int, parallel: bool) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory(prefix="cxlint-bench-sizes-") as d:
        for n in sizes:
            f = Path(d) / f"m{n}.jsonl"
            size = corpus.write_jsonl(f, n)
            cmd = [sys.executable, "-m", "cxlint", "check", "--isolated", "--format", "json", "--no-progress", str(f)]
            reps = repeats if n <= 20_000 else 1
            runs = [run_child([*cmd, "--jobs", "1"]) for _ in range(reps)]
            out.append({"n": n, "bytes": size, "runs": reps, "wall": statistics.median(r[0] for r in runs),
                        "rss": max(r[1] for r in runs), "cpu": statistics.median(r[2] for r in runs)})  # fmt: skip
            f.unlink()
        if not parallel:
            return out
        # all cores next to one, on the largest file that still repeats (or the smallest)
        pick = max((r for r in out if r["n"] <= 20_000), key=lambda r: r["n"], default=out[0])
        f = Path(d) / "par.jsonl"
        corpus.write_jsonl(f, pick["n"])
        cmd = [sys.executable, "-m", "cxlint", "check", "--isolated", "--format", "json", "--no-progress", str(f)]
        one, many = [], []
        for _ in range(pick["runs"]):
            one.append(run_child([*cmd, "--jobs", "1"])[0])
            many.append(run_child([*cmd, "--jobs", str(os.cpu_count() or 1)])[0])
        out.append({"n": pick["n"], "parallel": True, "one": statistics.median(one), "all": statistics.median(many)})
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="small and fast, for CI logs")
    ap.add_argument("--sizes", help="message counts of the file runs, comma-separated (default 10000,100000,1000000)")
    args = ap.parse_args(argv)
    quick = args.quick
    repeats = 3 if quick else 5
    sizes = [int(x) for x in (args.sizes or ("100,500" if quick else "10000,100000,1000000")).split(",")]
    msgs = corpus.messages(200 if quick else 10_000)

    tp = throughput(msgs, repeats)
    st = steady(len(msgs), repeats)
    compile_bytecode()
    one = "Здравствуйте! К сожалению, мы не сможем вернуть деньги в ближайшее время."
    (t_cold, rss_cold, cpu_cold), (t_morph, rss_morph, _) = cold(
        [
            ([sys.executable, "-m", "cxlint", "check", "--isolated", "-"], one),
            ([sys.executable, "-c", "import pymorphy3; pymorphy3.MorphAnalyzer()"], None),
        ],
        repeats + 2,  # short runs: two more keep the median steady
    )
    copies = 1 if quick else 9
    rs = rule_scaling(msgs if quick else msgs[:3_000], copies, repeats)
    sz = size_runs(sizes, repeats, parallel=not quick)
    nat = None if quick else natasha_reference(500, 3)

    n, ntok, sn = tp["n"], tp["tokens"], st["n"]

    def speed(t: dict, work: str) -> str:
        return f"{t['n'] / t[work]:,.0f} msg/s  {t['tokens'] / t[work]:,.0f} tok/s"

    rows = [
        ("messages (distinct)", f"{n:,}", f"{ntok:,} tokens",
         f"{tp['distinct'] / tp['sentences']:.0%} of {tp['sentences']:,} sentences distinct"),
        ("cxlint.check (warm: steady state)", speed(st, "check"), f"razdel.tokenize {sn / st['razdel']:,.0f} msg/s",
         f"{st['razdel'] / st['check']:.2f}× (speed; target ≥ 2×)"),
        ("  each pass from empty memory", speed(tp, "check"), f"razdel.tokenize {n / tp['razdel']:,.0f} msg/s",
         f"{tp['razdel'] / tp['check']:.2f}× (speed)"),
        ("  every sentence unseen", speed(tp, "unseen"), f"razdel.tokenize {n / tp['razdel']:,.0f} msg/s",
         f"{tp['razdel'] / tp['unseen']:.2f}× (speed)"),
        ("cxlint.fix unsafe (warm: steady state)", speed(st, "fix"), f"razdel.tokenize {sn / st['razdel']:,.0f} msg/s",
         f"{st['razdel'] / st['fix']:.2f}× (speed)"),
        ("  each pass from empty memory", speed(tp, "fix"), f"razdel.tokenize {n / tp['razdel']:,.0f} msg/s",
         f"{tp['razdel'] / tp['fix']:.2f}× (speed)"),
        ("cxlint check - (cold)", f"{t_cold * 1000:,.0f} ms", f"pymorphy3 load {t_morph * 1000:,.0f} ms",
         f"{t_cold / t_morph:.2f}× (time)"),
        ("  peak RSS (target ≤ 120 MB)", f"{rss_cold:,.0f} MB", f"pymorphy3 load {rss_morph:,.0f} MB",
         f"{rss_cold / rss_morph:.2f}×"),
        (f"{rs['many']} rules ({copies + 1}× shipped)", f"{rs['n'] / rs['tn']:,.0f} msg/s",
         f"{rs['rules']} rules {rs['n'] / rs['t1']:,.0f} msg/s", f"{rs['tn'] / rs['t1']:.2f}× (time; target ≤ 1.3×)"),
    ]  # fmt: skip
    if nat is not None:
        rows.append((f"natasha dates + money extractors, {nat['n']} msgs", f"{nat['n'] / nat['natasha']:,.0f} msg/s",
                     f"cxlint.check {nat['n'] / nat['check']:,.0f} msg/s", f"{nat['natasha'] / nat['check']:,.0f}× "
                     "(outside reference: cxlint's speed-up)"))  # fmt: skip
    base = sz[0]
    for r in sz:
        if r.get("parallel"):
            cores = os.cpu_count() or 1
            rows.append((f"check {r['n']:,} msgs, --jobs {cores}", f"{r['all']:,.2f} s", f"--jobs 1 {r['one']:,.2f} s",
                         f"{r['one'] / r['all']:.2f}× (speed-up)"))  # fmt: skip
            continue
        # CPU per message, net of the start-up measured above (the cold run of one message)
        us, us0 = (r["cpu"] - cpu_cold) / r["n"] * 1e6, (base["cpu"] - cpu_cold) / base["n"] * 1e6
        rows.append((f"check {r['n']:,} msgs ({r['bytes'] / 1e6:,.1f} MB)" + ("" if r["runs"] > 1 else ", 1 run"),
                     f"{r['wall']:,.1f} s  {us:,.0f} µs CPU/msg  {r['rss']:,.0f} MB",
                     f"{base['n']:,} msgs: {us0:,.0f} µs/msg  {base['rss']:,.0f} MB",
                     f"{us / us0:.2f}× µs/msg, {r['rss'] / base['rss']:.2f}× RSS"))  # fmt: skip
    w = [max(len(r[k]) for r in rows) for k in range(4)]
    mode = "quick" if quick else "full"
    print(
        f"cxlint benchmark ({mode}, medians of {repeats} runs, Python {sys.version.split()[0]}, {os.cpu_count()} cores)"
    )
    print(f"  {'figure':<{w[0]}}  {'cxlint':<{w[1]}}  {'baseline, same run':<{w[2]}}  ratio")
    for a, b, c, d in rows:
        print(f"  {a:<{w[0]}}  {b:<{w[1]}}  {c:<{w[2]}}  {d}")
    return {
        "throughput": tp,
        "steady": st,
        "cold": (t_cold, rss_cold, t_morph, rss_morph),
        "rules": rs,
        "sizes": sz,
        "natasha": nat,
        "rows": rows,
    }


if __name__ == "__main__":
    main()
