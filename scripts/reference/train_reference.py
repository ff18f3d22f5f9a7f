#!/usr/bin/env python3
"""PyTorch reference trainer for the HLLM Playground's SASRec and HSTU.

Trains the torch modules of modules.py with the same protocol as src/training/trainer.ts and
evaluates with the same protocol as src/evaluation (full ranking over every item, the user's
seen items or history masked, the target never masked, ties counted pessimistically, Recall/NDCG@{5,10,50,200}
x 100, NDCG = 1/log2(rank + 2) for a 0-based rank).

Input: a JSON file written by bench/training.ts or bench/quality.ts:
  {"config": RunConfig, "numItems": N,
   "train": [[item, ...], ...],                     # training samples: dense 0-based items, oldest first
                                                    # (long histories already chunked when the config says so)
   "valid": [{"history": [...], "target": t, "seen": [...]}, ...],   # seen: optional
   "test":  [{"history": [...], "target": t, "seen": [...]}, ...]}
`history` is the model input (cut to maxHistory); `seen` (every item the user had before the
target) is masked when present, else `history`.
Batches: each epoch a seeded shuffle of the training sequences, each cut to its last
maxHistory + 1 items and left-padded (items + 1, 0 = padding); inputs = seq[:-1], targets = seq[1:].
Initialisation as in src/models: weights N(0, 0.02), biases 0, LayerNorm 1/0.
Loss: BCE with one uniform negative per position (different from the target), or InfoNCE over a
shared uniform pool or over numNegatives drawn for each position (train.negativeSampling
"per-position", the official SASRec/HSTU), as in modules.py; AdamW with global-norm clipping and
linear warm-up (the larger of warmupSteps and warmupFraction of the steps) then cosine decay or a
constant rate (train.schedule; modules.adamw_step, modules.lr_at). Validation every evalEvery epochs and after the last,
early stopping on earlyStopMetric with the official HLLM rule (a tie with the best counts as no
worse; stop once more than `patience` evaluations in a row score below it), best parameters
restored for the test. The random streams differ from jax-js: compare statistics, not bits.

Output: JSON with per-epoch losses, the best epoch, validation/test metrics, training sequences per
second and the seconds of one full test evaluation.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 train_reference.py INPUT.json OUTPUT.json [--threads 1]
  [--stop-after EPOCHS]   (diagnostics: end training after EPOCHS epochs; the learning-rate schedule
                           still spans config.train.epochs)
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modules as M  # noqa: E402

KS = (5, 10, 50, 200)
LOGIT_SCALE_INIT = math.log(1 / 0.07)
FIXED_LOG_LOGIT_SCALE = math.log(20)  # train.fixTemperature (the official fix_temp)
INIT_STD = 0.02


def pack(seqs, max_history):
    """Left-padded [n, max_history] inputs and targets (+1 encoding) from the last max_history + 1 items."""
    n = len(seqs)
    inputs = np.zeros((n, max_history), dtype=np.int64)
    targets = np.zeros((n, max_history), dtype=np.int64)
    for r, seq in enumerate(seqs):
        kept = seq[-(max_history + 1):]
        pairs = len(kept) - 1
        if pairs <= 0:
            continue
        inputs[r, max_history - pairs:] = np.asarray(kept[:-1]) + 1
        targets[r, max_history - pairs:] = np.asarray(kept[1:]) + 1
    return torch.from_numpy(inputs), torch.from_numpy(targets)


def pack_histories(cases, max_history):
    out = np.zeros((len(cases), max_history), dtype=np.int64)
    for r, case in enumerate(cases):
        hist = case["history"][-max_history:]
        if hist:
            out[r, max_history - len(hist):] = np.asarray(hist) + 1
    return torch.from_numpy(out)


def build_model(config, num_items):
    m = config["model"]
    max_len = config["data"]["maxHistory"]
    if m["kind"] == "sasrec":
        return M.SASRec(num_items, max_len, m["hiddenSize"], m["numLayers"], m["numHeads"], m["innerSize"], m["dropout"])
    if m["kind"] == "hstu":
        return M.HSTU(num_items, max_len, m["hiddenSize"], m["numLayers"], m["numHeads"], m["dropout"])
    raise SystemExit(f"train_reference.py: model kind {m['kind']!r} is not supported (sasrec, hstu)")


@torch.no_grad()
def init_like_playground(model):
    """The jax-js initialisation (src/models): Linear and Embedding weights N(0, 0.02), biases 0,
    LayerNorm 1/0; HSTU's output projection as the official hstu.py and ours: xavier-uniform
    weight, torch's default bias U(-1/sqrt(d), 1/sqrt(d))."""
    for module in model.modules():
        if isinstance(module, M.HstuLayer):
            continue
        if isinstance(module, (torch.nn.Linear, torch.nn.Embedding)):
            module.weight.normal_(0.0, INIT_STD)
            if getattr(module, "bias", None) is not None:
                module.bias.zero_()
        elif isinstance(module, torch.nn.LayerNorm):
            module.weight.fill_(1.0)
            module.bias.zero_()
    for module in model.modules():
        if isinstance(module, M.HstuLayer):
            module.uvqk.weight.normal_(0.0, INIT_STD)
            torch.nn.init.xavier_uniform_(module.o.weight)
            bound = 1 / math.sqrt(module.o.in_features)
            module.o.bias.uniform_(-bound, bound)


@torch.no_grad()
def evaluate(model, cases, max_history, num_items, cosine, chunk=256):
    """0-based ranks of each case's target, history masked, ties pessimistic."""
    model.eval()
    table = model.item_table()[1:]  # [num_items, dim]
    if cosine:
        table = M.l2_normalize(table)
    ranks = np.zeros(len(cases), dtype=np.int64)
    for start in range(0, len(cases), chunk):
        part = cases[start:start + chunk]
        users = model(pack_histories(part, max_history))[:, -1]  # [chunk, dim]
        if cosine:
            users = M.l2_normalize(users)
        scores = users @ table.T  # [chunk, num_items]
        targets = torch.tensor([c["target"] for c in part])
        target_scores = scores[torch.arange(len(part)), targets].clone()
        for r, case in enumerate(part):
            masked = [i for i in set(case.get("seen", case["history"])) if i != case["target"]]
            if masked:
                scores[r, masked] = -math.inf
            scores[r, case["target"]] = -math.inf
        above = (scores >= target_scores[:, None]).sum(1)
        ranks[start:start + len(part)] = above.numpy()
    model.train()
    return ranks


def metrics(ranks):
    out = {}
    for k in KS:
        out[f"R@{k}"] = float((ranks < k).mean() * 100)
    for k in KS:
        out[f"N@{k}"] = float(np.where(ranks < k, 1 / np.log2(ranks + 2), 0).mean() * 100)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--stop-after", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.input) as f:
        data = json.load(f)
    config, num_items = data["config"], data["numItems"]
    t, max_history = config["train"], config["data"]["maxHistory"]
    torch.manual_seed(config["seed"])
    rng = np.random.default_rng(config["seed"])
    model = build_model(config, num_items)
    init_like_playground(model)
    params = dict(model.named_parameters())
    logit_scale = None
    if t["loss"] == "infonce" and t.get("fixTemperature", False):
        logit_scale = torch.tensor(FIXED_LOG_LOGIT_SCALE)
    elif t["loss"] == "infonce":
        logit_scale = torch.nn.Parameter(torch.tensor(LOGIT_SCALE_INIT))
        params["logit_scale"] = logit_scale
    state = {"m": {k: torch.zeros_like(p) for k, p in params.items()}, "v": {k: torch.zeros_like(p) for k, p in params.items()}}
    train = [s for s in data["train"] if len(s) >= 2]
    steps_per_epoch = math.ceil(len(train) / t["batchSize"])
    total_steps = steps_per_epoch * t["epochs"]
    warmup = max(t["warmupSteps"], math.floor(t.get("warmupFraction", 0) * total_steps + 0.5))
    schedule = t.get("schedule", "cosine")
    per_position = t.get("negativeSampling", "shared") == "per-position"
    cosine = t["loss"] == "infonce"

    epochs, step, train_seconds, sequences = [], 0, 0.0, 0
    best, best_epoch, best_state, since_best = -math.inf, -1, None, 0
    for epoch in range(t["epochs"]):
        order = rng.permutation(len(train))
        losses = []
        t0 = time.perf_counter()
        for start in range(0, len(order), t["batchSize"]):
            idx = order[start:start + t["batchSize"]]
            inputs, targets = pack([train[i] for i in idx], max_history)
            user = model(inputs)  # [b, s, d]
            table = model.item_table()
            if cosine and per_position:
                shape = (*targets.shape, t["numNegatives"])
                negatives = torch.from_numpy(rng.integers(1, num_items + 1, shape))
                loss = M.infonce_per_position_loss(user, table, targets, negatives, logit_scale)
            elif cosine:
                negatives = torch.from_numpy(rng.integers(1, num_items + 1, t["numNegatives"]))
                loss = M.infonce_loss(user, table, targets, negatives, logit_scale)
            else:
                negatives = torch.from_numpy(rng.integers(1, num_items + 1, targets.shape))
                clash = negatives == targets
                while clash.any():
                    negatives[clash] = torch.from_numpy(rng.integers(1, num_items + 1, int(clash.sum())))
                    clash = negatives == targets
                loss = M.bce_loss(user, table, targets, negatives)
            grads = torch.autograd.grad(loss, list(params.values()))
            lr = M.lr_at(step, t["learningRate"], warmup, total_steps, schedule)
            step += 1
            with torch.no_grad():
                new_params, state = M.adamw_step(
                    {k: p.detach() for k, p in params.items()},
                    dict(zip(params.keys(), grads)),
                    state,
                    step,
                    lr,
                    t["weightDecay"],
                    t["gradClip"],
                )
                for k, p in params.items():
                    p.copy_(new_params[k])
            losses.append(float(loss))
            sequences += len(idx)
        seconds = time.perf_counter() - t0
        train_seconds += seconds
        record = {"epoch": epoch, "loss": float(np.mean(losses)), "trainSeconds": seconds, "valid": None}
        is_last = epoch == t["epochs"] - 1
        if (epoch + 1) % t["evalEvery"] == 0 or is_last:
            record["valid"] = metrics(evaluate(model, data["valid"], max_history, num_items, cosine))
            value = record["valid"][t["earlyStopMetric"]]
            if value >= best or best_state is None:
                best, best_epoch, since_best = value, epoch, 0
                best_state = {k: p.detach().clone() for k, p in params.items()}
            else:
                since_best += 1
        epochs.append(record)
        print(f"epoch {epoch + 1} loss {record['loss']:.4f} ({seconds:.2f} s)", file=sys.stderr)
        if record["valid"] is not None and t["patience"] > 0 and since_best > t["patience"] and not is_last:
            break
        if args.stop_after > 0 and epoch + 1 >= args.stop_after:
            break
    with torch.no_grad():
        for k, p in params.items():
            p.copy_(best_state[k])
    t0 = time.perf_counter()
    test_ranks = evaluate(model, data["test"], max_history, num_items, cosine)
    eval_seconds = time.perf_counter() - t0
    out = {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "epochs": epochs,
        "bestEpoch": best_epoch,
        "trainSeconds": train_seconds,
        "trainSequencesPerSecond": sequences / train_seconds,
        "testEvaluationSeconds": eval_seconds,
        "test": metrics(test_ranks),
        "valid": metrics(evaluate(model, data["valid"], max_history, num_items, cosine)),
    }
    with open(args.output, "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
