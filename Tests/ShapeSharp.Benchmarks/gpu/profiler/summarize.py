"""Summarises Chrome traces from torch.profiler (pytorch/train_step.py --profile) and from the benchmark's
`steps --profile` (KinetoTrace.cs), per step, and compares them: which aten ops and kernels one runs more
often than the other, and where the time goes.

python3 summarize.py --steps 10 A.json [B.json ...]     (each trace holds --steps steps)
"""
import argparse
import collections
import json
import os


def load(path):
    with open(path) as f:
        events = json.load(f)["traceEvents"]
    return [e for e in events if e.get("ph") == "X" and "dur" in e]


def self_times(ops):
    """Self time of each CPU op, per name: its duration less its children's, nesting found per thread."""
    child = {}
    by_thread = collections.defaultdict(list)
    for e in ops:
        by_thread[(e["pid"], e["tid"])].append(e)
    for events in by_thread.values():
        events.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        for e in events:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            if stack:
                child[id(stack[-1])] = child.get(id(stack[-1]), 0) + e["dur"]
            stack.append(e)
    result = collections.Counter()
    for e in ops:
        result[e["name"]] += e["dur"] - child.get(id(e), 0)
    return result


def busy(intervals):
    total, end = 0.0, None
    for s, e in sorted(intervals):
        if end is None or s > end:
            total += e - s
            end = e
        elif e > end:
            total += e - end
            end = e
    return total


BACKWARD_ROOT = "autograd::engine::evaluate_function: NllLossBackward0"  # the first backward node of every model here


def phases(ops):
    """Per step, ms: the forward and loss on the calling thread (from the first op after the previous
    backward to the first backward node), and the backward on the autograd engine's thread (its first to
    its last node). Both sides run the same backward nodes, so this splits binding cost from engine cost."""
    roots = sorted(e["ts"] for e in ops if e["name"] == BACKWARD_ROOT)
    if not roots:
        return None
    engine = [e for e in ops if e["name"].startswith("autograd::engine::evaluate_function")]
    engine_tid = collections.Counter(e["tid"] for e in engine).most_common(1)[0][0]
    caller = sorted((e for e in ops if e["tid"] != engine_tid), key=lambda e: e["ts"])
    on_engine = sorted((e for e in ops if e["tid"] == engine_tid), key=lambda e: e["ts"])
    forward, backward, previous_end = [], [], None
    for i, start in enumerate(roots):
        following = roots[i + 1] if i + 1 < len(roots) else float("inf")
        end = max(e["ts"] + e["dur"] for e in on_engine if start <= e["ts"] < following)
        if previous_end is not None:
            first = min((e["ts"] for e in caller if previous_end < e["ts"] < start), default=start)
            forward.append(start - first)
        backward.append(end - start)
        previous_end = end
    return (sum(forward) / max(len(forward), 1) / 1000, sum(backward) / len(backward) / 1000)


def summarise(path, steps):
    events = load(path)
    ops = [e for e in events if e.get("cat") == "cpu_op"]
    kernels = [e for e in events if e.get("cat") == "kernel"]
    runtime = [e for e in events if e.get("cat") == "cuda_runtime" or e.get("cat") == "cuda_driver"]
    copies = [e for e in events if e.get("cat") in ("gpu_memcpy", "gpu_memset")]
    timed = ops + kernels + runtime
    window = (max(e["ts"] + e["dur"] for e in timed) - min(e["ts"] for e in timed)) / 1000 if timed else 0
    s = {
        "name": os.path.basename(path),
        "window_ms": window / steps,
        "kernels": len(kernels) / steps,
        "kernel_ms": sum(e["dur"] for e in kernels) / 1000 / steps,
        "gpu_busy_ms": busy([(e["ts"], e["ts"] + e["dur"]) for e in kernels + copies]) / 1000 / steps,
        "copies": len(copies) / steps,
        "phases": phases(ops),
        "op_count": collections.Counter(e["name"] for e in ops),
        "op_self_ms": self_times(ops),
        "kernel_count": collections.Counter(e["name"] for e in kernels),
        "kernel_us": collections.Counter(),
        "runtime_count": collections.Counter(e["name"] for e in runtime),
        "runtime_us": collections.Counter(),
    }
    for e in kernels:
        s["kernel_us"][e["name"]] += e["dur"]
    for e in runtime:
        s["runtime_us"][e["name"]] += e["dur"]
    return s


def short(name, width=90):
    return name if len(name) <= width else name[: width - 3] + "..."


def report(s, steps):
    print(f"== {s['name']}: per step {s['window_ms']:.2f} ms traced, {s['kernels']:.0f} kernels taking {s['kernel_ms']:.2f} ms, "
          f"GPU busy {s['gpu_busy_ms']:.2f} ms ({100 * s['gpu_busy_ms'] / max(s['window_ms'], 1e-9):.0f}%), {s['copies']:.0f} copies/sets")
    if s["phases"]:
        print(f"   forward and loss {s['phases'][0]:.2f} ms (calling thread), backward {s['phases'][1]:.2f} ms (autograd engine), per step")
    print("   CPU ops by self time (per step: count, ms):")
    for name, us in s["op_self_ms"].most_common(18):
        print(f"     {s['op_count'][name] / steps:6.1f}  {us / 1000 / steps:7.3f}  {short(name)}")
    print("   CUDA runtime calls (per step: count, ms):")
    for name, n in s["runtime_count"].most_common(8):
        print(f"     {n / steps:6.1f}  {s['runtime_us'][name] / 1000 / steps:7.3f}  {short(name)}")
    print("   kernels by time (per step: count, ms):")
    for name, us in s["kernel_us"].most_common(15):
        print(f"     {s['kernel_count'][name] / steps:6.1f}  {us / 1000 / steps:7.3f}  {short(name)}")


def compare(a, b, steps):
    print(f"== {a['name']} against {b['name']}: per-step counts that differ")
    for what in ("op_count", "kernel_count"):
        names = set(a[what]) | set(b[what])
        rows = [(a[what][n] / steps - b[what][n] / steps, n) for n in names if a[what][n] != b[what][n]]
        rows.sort(key=lambda r: -abs(r[0]))
        print(f"   {what} (first minus second, first, second):")
        for diff, n in rows[:25]:
            print(f"     {diff:+7.1f}  {a[what][n] / steps:6.1f} {b[what][n] / steps:6.1f}  {short(n)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("traces", nargs="+")
    args = parser.parse_args()
    summaries = []
    for path in args.traces:
        if not os.path.exists(path):
            print(f"summarize.py: no trace {path}")
            continue
        summaries.append(summarise(path, args.steps))
        report(summaries[-1], args.steps)
    for other in summaries[1:]:
        compare(summaries[0], other, args.steps)


if __name__ == "__main__":
    main()
