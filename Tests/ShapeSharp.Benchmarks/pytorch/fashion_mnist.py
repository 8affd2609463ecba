"""PyTorch twin of the FashionMnist sample's main job (Samples/FashionMnist/Run.cs), to time it against
`FashionMnist --epochs 5 --device cuda` on the same machine.

What it repeats from the sample (read there, not invented here):
  data      the four IDX .gz files (gzip + numpy, no torchvision); pixels / 255, standardised with
            mean 0.2860, std 0.3530 (ShapeSharp.Data.FashionMnist); the last 10% of the training images
            validate, the first 90% train; the test set is scored after each epoch and at the end
  model     FashionCnn (Definitions/Classic/FashionCnn.cs): Conv2d(32, 3, pad 1), ReLU, MaxPool2d(2),
            Conv2d(64, 3, pad 1), ReLU, MaxPool2d(2), Flatten, Linear(128), ReLU, Dropout(0.25),
            Linear(10); PyTorch's default initialisation, which TorchSharp's layers use too
  loss      cross-entropy with label smoothing 0.1
  optimizer AdamW lr 1e-3, weight decay 0.01, betas (0.9, 0.999), eps 1e-8 (the declared [AdamW]: not fused)
  schedule  WarmupLinearDecay: step k runs at (k + 1) / 100 of the rate for k < 100, then decays linearly
            to 0 at the last step of the last epoch
  loader    batch 64, reshuffled each epoch from a generator seeded with seed * 1000003 + epoch (the
            runtime's DataLoader), last batch kept; validation and test batches of 500
  stopping  early stopping on val_loss, patience 3, min delta 1e-4, best weights put back at the end
  seed      torch.manual_seed(1) before the model is made

By default each batch is gathered on the CPU, pinned and copied with non_blocking (as a device-aware
ShapeSharp loader does); --preload moves the whole data set to the device once instead (what a PyTorch
user chasing speed would write). The training loss is summed on the device and read once per epoch.
Epoch times cover training and validation, synchronised at both ends; the test scoring after each
epoch is timed apart. The last line is one JSON object.

python3 fashion_mnist.py --data DIR [--epochs 5] [--device cuda] [--batch-size 64] [--seed 1]
                         [--limit N] [--amp-bf16] [--preload] [--out DIR]
"""
import argparse
import gzip
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

MEAN, STD = 0.2860, 0.3530
WARMUP_STEPS = 100
PATIENCE, MIN_DELTA = 3, 1e-4


def read_idx(path, limit):
    """An IDX file (.gz or raw) as a numpy array; the header gives the dtype code and the dims."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path}: not an IDX file of unsigned bytes")
    rank = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(rank)]
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank)
    if body.size != math.prod(dims):
        raise ValueError(f"{path}: header says {dims}, body holds {body.size} bytes")
    array = body.reshape(dims)
    return array[:limit] if limit else array


def find(directory, stem):
    for name in (stem + ".gz", stem):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            return path
    raise FileNotFoundError(f"{directory}: neither {stem}.gz nor {stem}")


def load(directory, split, limit):
    images = read_idx(find(directory, f"{split}-images-idx3-ubyte"), limit)
    labels = read_idx(find(directory, f"{split}-labels-idx1-ubyte"), limit)
    if images.shape[1:] != (28, 28) or len(images) != len(labels):
        raise ValueError(f"{directory}: {split} images {images.shape}, labels {labels.shape}")
    x = torch.from_numpy(images.astype(np.float32) / 255.0).sub_(MEAN).div_(STD).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def fashion_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Dropout(0.25), nn.Linear(128, 10))


def batches(x, y, size, order, device):
    """Yields (input, target) on the device: gathered on the CPU, pinned, copied without blocking (or sliced when x is already there)."""
    count = len(x)
    for start in range(0, count, size):
        if order is None:
            bx, by = x[start:start + size], y[start:start + size]
        else:
            index = order[start:start + size]
            bx, by = x.index_select(0, index), y.index_select(0, index)
        if bx.device != device:
            if device.type == "cuda":
                bx, by = bx.pin_memory(), by.pin_memory()
            bx, by = bx.to(device, non_blocking=True), by.to(device, non_blocking=True)
        yield bx, by


def evaluate(model, x, y, device, amp):
    """Mean label-smoothed loss and accuracy, reduced on the device and read once."""
    model.eval()
    loss_sum = torch.zeros((), device=device)
    correct = torch.zeros((), device=device, dtype=torch.int64)
    with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
        for bx, by in batches(x, y, 500, None, device):
            logits = model(bx)
            loss_sum += F.cross_entropy(logits.float(), by, label_smoothing=0.1, reduction="sum")
            correct += (logits.argmax(1) == by).sum()
    return loss_sum.item() / len(x), correct.item() / len(x)


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="folder with the four Fashion-MNIST IDX files")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="at most N training and N test images")
    parser.add_argument("--amp-bf16", action="store_true", help="autocast(bfloat16) forward and loss; fp32 weights and optimizer")
    parser.add_argument("--preload", action="store_true", help="move the whole data set to the device once")
    parser.add_argument("--out", default=None, help="write checkpoint.pt here after each epoch, as the sample writes its checkpoint")
    args = parser.parse_args()
    if args.epochs < 1 or args.batch_size < 1:
        parser.error("--epochs and --batch-size must be at least 1")
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: CUDA is not available here")

    clock = time.perf_counter()
    try:
        train_x, train_y = load(args.data, "train", args.limit)
        test_x, test_y = load(args.data, "t10k", args.limit)
    except (OSError, ValueError) as e:
        print(f"fashion_mnist.py: {e}", file=sys.stderr)
        return 1
    if len(train_x) < 10 or len(test_x) == 0:
        print(f"fashion_mnist.py: {len(train_x)} training and {len(test_x)} test images; at least 10 and 1 are needed", file=sys.stderr)
        return 1
    validation = len(train_x) // 10
    fit_x, fit_y = train_x[:-validation], train_y[:-validation]
    val_x, val_y = train_x[-validation:], train_y[-validation:]
    if args.preload:
        fit_x, fit_y, val_x, val_y, test_x, test_y = (t.to(device) for t in (fit_x, fit_y, val_x, val_y, test_x, test_y))
    load_seconds = time.perf_counter() - clock
    print(f"Fashion-MNIST from {os.path.abspath(args.data)}: {len(train_x)} training ({len(fit_x)} fit, {validation} validate) "
          f"and {len(test_x)} test images; torch {torch.__version__} on {device}"
          + (f" ({torch.cuda.get_device_name(device)})" if device.type == "cuda" else ""), flush=True)

    torch.manual_seed(args.seed)
    model = fashion_cnn().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    steps_per_epoch = math.ceil(len(fit_x) / args.batch_size)
    total_steps = args.epochs * steps_per_epoch

    def factor(step):
        if step < WARMUP_STEPS:
            return (step + 1) / WARMUP_STEPS
        return max(0.0, 1 - (step - WARMUP_STEPS) / max(1, total_steps - WARMUP_STEPS))

    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, factor)
    best, best_epoch, best_state, wait = math.inf, 0, None, 0
    epochs = []
    synchronize(device)
    train_clock = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        synchronize(device)
        start = time.perf_counter()
        model.train()
        generator = torch.Generator().manual_seed(args.seed * 1_000_003 + epoch)
        order = torch.randperm(len(fit_x), generator=generator)
        if fit_x.device != order.device:
            order = order.to(fit_x.device)
        loss_sum = torch.zeros((), device=device)
        for bx, by in batches(fit_x, fit_y, args.batch_size, order, device):
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=args.amp_bf16):
                loss = F.cross_entropy(model(bx).float(), by, label_smoothing=0.1)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            loss_sum += loss.detach() * len(by)
        train_loss = loss_sum.item() / len(fit_x)
        val_loss, val_accuracy = evaluate(model, val_x, val_y, device, args.amp_bf16)
        synchronize(device)
        seconds = time.perf_counter() - start

        if args.out:
            os.makedirs(args.out, exist_ok=True)
            torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch},
                       os.path.join(args.out, "checkpoint.pt"))
        stop = False
        if val_loss < best - MIN_DELTA:
            best, best_epoch, wait = val_loss, epoch, 0
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        else:
            wait += 1
            stop = wait >= PATIENCE

        test_start = time.perf_counter()
        _, test_accuracy = evaluate(model, test_x, test_y, device, args.amp_bf16)
        test_seconds = time.perf_counter() - test_start
        epochs.append({"epoch": epoch, "seconds": round(seconds, 3), "loss": round(train_loss, 5), "val_loss": round(val_loss, 5),
                       "val_accuracy": round(val_accuracy, 5), "test_accuracy": round(test_accuracy, 5),
                       "test_seconds": round(test_seconds, 3), "lr": schedule.get_last_lr()[0]})
        print(f"epoch {epoch}/{args.epochs}: {seconds:.2f}s, loss {train_loss:.4f}, val_loss {val_loss:.4f}, "
              f"val_accuracy {val_accuracy:.2%}, test accuracy {test_accuracy:.2%}", flush=True)
        if stop:
            print(f"early stop after epoch {epoch} (best val_loss {best:.4f} at epoch {best_epoch})")
            break

    train_seconds = time.perf_counter() - train_clock
    restored = None
    if best_state is not None and best_epoch != epochs[-1]["epoch"]:
        model.load_state_dict(best_state)
        restored = best_epoch
    test_loss, test_accuracy = evaluate(model, test_x, test_y, device, args.amp_bf16)
    print(f"Test accuracy: {test_accuracy:.2%} on {len(test_x)} images (loss {test_loss:.4f})")
    print(json.dumps({
        "job": "fashion-mnist", "torch": torch.__version__, "device": str(device), "amp_bf16": args.amp_bf16,
        "preload": args.preload, "batch_size": args.batch_size, "epochs_run": len(epochs), "steps_per_epoch": steps_per_epoch,
        "load_seconds": round(load_seconds, 3), "epoch_seconds": [e["seconds"] for e in epochs],
        "train_seconds": round(train_seconds, 3), "total_seconds": round(time.perf_counter() - clock, 3),
        "test_accuracy_per_epoch": [e["test_accuracy"] for e in epochs], "restored_epoch": restored,
        "test_accuracy": round(test_accuracy, 5), "test_loss": round(test_loss, 5),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
