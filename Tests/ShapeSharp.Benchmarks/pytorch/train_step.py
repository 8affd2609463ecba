"""PyTorch twin of the `train-step` benchmark: the same four models (Models/*.cs, Workloads/ModelCase.cs),
the same batch sizes and AdamW settings (lr 1e-3, weight decay 0.01, betas (0.9, 0.999), eps 1e-8).

Variants, alternated step by step in one process so each sees the same machine state:
  eager        default torch.optim.AdamW (foreach on CUDA)
  eager_fused  AdamW(fused=True)
  amp_bf16     autocast(bfloat16) forward and loss, fused AdamW, fp32 master weights
  compile      torch.compile(model), fused AdamW
  floor        eager forward, loss and backward with no optimizer (gradients dropped): the benchmark's NoOptimizer
Each step ends with torch.cuda.synchronize() inside the timing; medians and minima in ms.

With --profile DIR, after the timing, 10 more steps of eager, eager_fused and floor (those asked for) each under torch.profiler (CPU and
CUDA), written as Chrome traces DIR/pytorch-MODEL-bBATCH-VARIANT.json: gpu/profiler/summarize.py reads them and
the traces of the benchmark's `steps --profile`.

With --phases, after the timing, the floor step's host time in three phases, as the benchmark's `phases` mode
prints it: forward and loss queued, backward queued (the autograd engine), the wait at the loss read.

python3 train_step.py [--steps 30] [--warmup 5] [--batch N] [--device cuda] [--models FashionCnn Mlp Encoder GptMini]
                     [--variants eager eager_fused amp_bf16 compile] [--profile DIR] [--phases]
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """Pre-norm layer, d 256, 4 heads, fused QKV, scaled_dot_product_attention, 4x GELU MLP (EncoderLayer / DecoderLayer)."""

    def __init__(self, causal):
        super().__init__()
        self.causal = causal
        self.qkv = nn.Sequential(nn.LayerNorm(256), nn.Linear(256, 768))
        self.proj = nn.Linear(256, 256)
        self.mlp = nn.Sequential(nn.LayerNorm(256), nn.Linear(256, 1024), nn.GELU(), nn.Linear(1024, 256))

    def forward(self, x):
        b, t, _ = x.shape
        q, k, v = (h.view(b, t, 4, -1).transpose(1, 2) for h in self.qkv(x).chunk(3, dim=-1))
        a = F.scaled_dot_product_attention(q, k, v, is_causal=self.causal)
        x = x + self.proj(a.transpose(1, 2).reshape(b, t, -1))
        return x + self.mlp(x)


class Transformer(nn.Module):
    """EncoderClassifier (mean pooling, 10 classes) or GptMini (causal, logits over 1000 tokens)."""

    def __init__(self, causal, outputs):
        super().__init__()
        self.causal = causal
        self.embed = nn.Embedding(1000, 256)
        self.position = nn.Embedding(128, 256)
        self.layers = nn.Sequential(*[Block(causal) for _ in range(4)])
        self.head = nn.Sequential(nn.LayerNorm(256), nn.Linear(256, outputs))

    def forward(self, ids):
        x = self.layers(self.embed(ids) + self.position(torch.arange(ids.shape[1], device=ids.device)))
        return self.head(x if self.causal else x.mean(1))


def fashion_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))


def mlp():
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))


def lm_loss(logits, targets):
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())


# name: (make model, default batch, batch maker, loss)
CASES = {
    "FashionCnn": (fashion_cnn, 64,
                   lambda b, g: (torch.randn(b, 1, 28, 28, generator=g), torch.randint(0, 10, (b,), generator=g)),
                   lambda o, t: F.cross_entropy(o, t, label_smoothing=0.1)),
    "Mlp": (mlp, 128,
            lambda b, g: (torch.randn(b, 784, generator=g), torch.randint(0, 10, (b,), generator=g)),
            F.cross_entropy),
    "Encoder": (lambda: Transformer(False, 10), 8,
                lambda b, g: (torch.randint(0, 1000, (b, 128), generator=g), torch.randint(0, 10, (b,), generator=g)),
                F.cross_entropy),
    "GptMini": (lambda: Transformer(True, 1000), 8,
                lambda b, g: (torch.randint(0, 1000, (b, 128), generator=g), torch.randint(0, 1000, (b, 128), generator=g)),
                lm_loss),
}


def adamw(model, fused):
    kwargs = {"fused": True} if fused else {}
    return torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, **kwargs)


def step_fn(model, optimizer, loss_fn, x, y, amp):
    def step():
        if amp:
            with torch.autocast(x.device.type, dtype=torch.bfloat16):
                loss = loss_fn(model(x), y)
        else:
            loss = loss_fn(model(x), y)
        loss.backward()
        if optimizer is None:
            model.zero_grad(set_to_none=True)
        else:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        return loss
    return step


def profile(variants, sync, path_of, steps=10):
    for variant in [v for v in ("eager", "eager_fused", "floor") if v in variants]:
        step = variants[variant]
        sync()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU, torch.profiler.ProfilerActivity.CUDA]) as prof:
            for _ in range(steps):
                step()
            sync()
        prof.export_chrome_trace(path_of(variant))
        print(f"  trace of {steps} {variant} steps written to {path_of(variant)}", flush=True)


# name, fused AdamW, autocast bf16, torch.compile; "floor" has no optimizer at all (forward, loss,
# backward, gradients dropped): the counterpart of the benchmark's NoOptimizer.
VARIANTS = [("eager", False, False, False), ("eager_fused", True, False, False),
            ("amp_bf16", True, True, False), ("compile", True, False, True), ("floor", None, False, False)]


def phases(model, loss_fn, x, y, sync, steps, warmup=10):
    """Medians (ms) of the floor step's forward+loss, backward and loss-read phases, host time."""
    times = []
    for i in range(warmup + steps):
        sync()
        start = time.perf_counter()
        loss = loss_fn(model(x), y)
        forward = time.perf_counter()
        loss.backward()
        backward = time.perf_counter()
        loss.item()
        done = time.perf_counter()
        model.zero_grad(set_to_none=True)
        if i >= warmup:
            times.append(((forward - start) * 1000, (backward - forward) * 1000, (done - backward) * 1000))
    return [statistics.median(t[k] for t in times) for k in range(3)]


def run(name, batch, steps, warmup, device, profile_dir=None, chosen=tuple(v[0] for v in VARIANTS), with_phases=False):
    make, default_batch, make_batch, loss_fn = CASES[name]
    batch = batch or default_batch
    x, y = (t.to(device) for t in make_batch(batch, torch.Generator().manual_seed(1)))
    torch.manual_seed(1)
    reference = make()
    variants = {}
    for variant, fused, amp, compiled in [v for v in VARIANTS if v[0] in chosen]:
        model = make()
        model.load_state_dict(reference.state_dict())
        model.to(device).train()
        optimizer = None if fused is None else adamw(model, fused and device == "cuda")
        forward = torch.compile(model) if compiled else model
        variants[variant] = step_fn(forward, optimizer, loss_fn, x, y, amp)
    sync = torch.cuda.synchronize if x.is_cuda else (lambda: None)
    names = list(variants)
    times = {v: [] for v in names}
    for round_ in range(warmup + steps):
        for k in range(len(names)):
            v = names[(round_ + k) % len(names)]  # rotate the order, as Alternated.cs does
            sync()
            start = time.perf_counter()
            variants[v]()
            sync()
            if round_ >= warmup:
                times[v].append((time.perf_counter() - start) * 1000)
    base = statistics.median(times["eager"])
    print(f"{name} (batch {batch}): {steps} steps after {warmup} warm-up, ms; ratio of medians to eager", flush=True)
    for v in names:
        med = statistics.median(times[v])
        print(f"  {v:<12} min {min(times[v]):8.2f}  median {med:8.2f}  ratio {med / base:5.2f}", flush=True)
    if with_phases:
        model = make()
        model.load_state_dict(reference.state_dict())
        model.to(device).train()
        f, b, w = phases(model, loss_fn, x, y, sync, steps)
        print(f"  floor phases, medians of {steps} steps after 10 warm-up, ms: forward {f:6.2f}  backward {b:6.2f}  wait {w:6.2f}  step {f + b + w:6.2f}", flush=True)
    if profile_dir:
        os.makedirs(profile_dir, exist_ok=True)
        profile(variants, sync, lambda v: os.path.join(profile_dir, f"pytorch-{name}-b{batch}-{v}.json"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--batch", type=int, default=None, help="batch size for every model (default: each model's own)")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--models", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--variants", nargs="+", default=[v[0] for v in VARIANTS if v[0] != "floor"], choices=[v[0] for v in VARIANTS],
                        help="which variants to run (eager first: the ratios are to it)")
    parser.add_argument("--profile", metavar="DIR", default=None, help="also write torch.profiler traces of eager and eager_fused there")
    parser.add_argument("--phases", action="store_true", help="also time the floor step's forward, backward and wait phases")
    args = parser.parse_args()
    if args.device == "cuda" and not torch.cuda.is_available():
        raise SystemExit("train_step.py: --device cuda asked for, but CUDA is not available")
    print(f"PyTorch {torch.__version__}, {torch.cuda.get_device_name() if args.device == 'cuda' else 'cpu'}", flush=True)
    for name in args.models:
        run(name, args.batch, args.steps, args.warmup, args.device, args.profile, ["eager"] + [v for v in args.variants if v != "eager"], args.phases)


if __name__ == "__main__":
    main()
