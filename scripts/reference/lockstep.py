#!/usr/bin/env python3
"""Replays a lock-step record of our SASRec trainer (bench/lockstep.ts) in PyTorch.

Starts from our initial weights, feeds the recorded batches and negatives, applies our dropout
masks (rebuilt from the recorded per-step seeds with the counter hash of
src/models/nn/dropout.ts, in the forward order of src/models/sasrec.ts) and the reference's own
BCE loss and AdamW step (modules.py), then prints the loss gap step by step, the largest weight
gap at the end, and how many validation and test users the reference's evaluation of our trained
weights ranks exactly as our evaluation did.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 lockstep.py INPUT.json LOCKSTEP.json
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import modules as M  # noqa: E402
import train_reference as R  # noqa: E402

MASK_SEED_STRIDE = 0x632BE5AB


def uniform24(seed, shape):
    """src/models/nn/dropout.ts uniform24: murmur3 fmix32 of (counter * golden ratio) XOR seed, top 24 bits."""
    c = np.arange(int(np.prod(shape)), dtype=np.uint64)
    h = ((c * 0x9E3779B1) & 0xFFFFFFFF) ^ np.uint64(seed)
    h = ((h ^ (h >> np.uint64(16))) * 0x85EBCA6B) & 0xFFFFFFFF
    h = ((h ^ (h >> np.uint64(13))) * 0xC2B2AE35) & 0xFFFFFFFF
    return ((h ^ (h >> np.uint64(16))) >> np.uint64(8)).reshape(shape)


class RecordedDropout(torch.nn.Module):
    """Inverted dropout with the next of our masks (a queue filled for each step)."""

    def __init__(self, queue, rate):
        super().__init__()
        self.queue, self.rate = queue, rate

    def forward(self, x):
        if not self.training or self.rate == 0:
            return x
        return x * self.queue.pop(0)[: x.shape[0]] / (1 - self.rate)


def step_masks(step, layers, rate, seq, hidden_size):
    """Our masks of one step in forward order, cut from the device layout to the torch shapes."""
    rows, dseq = step["deviceRows"], step["deviceSeq"]
    lanes = -(-hidden_size // 4) * 4  # the hidden width padded to the Wasm SIMD lanes
    keep = round((1 - rate) * 2**24)
    masks, call = [], 0

    def nxt(shape, cut):
        nonlocal call
        call += 1
        seed = (step["dropoutSeed"] + call * MASK_SEED_STRIDE) & 0xFFFFFFFF
        masks.append(torch.from_numpy((cut(uniform24(seed, shape)) < keep).astype(np.float32)))

    hidden = ((rows, dseq, lanes), lambda u: u[:, dseq - seq :, :hidden_size])
    probs = ((rows, 1, dseq, dseq), lambda u: u[:, :, dseq - seq :, dseq - seq :])
    nxt(*hidden)  # embedding LayerNorm → dropout
    for _ in range(layers):
        nxt(*probs)  # attention probabilities
        nxt(*hidden)  # attention output dense
        nxt(*hidden)  # feed-forward output
    return masks


def main():
    data = json.load(open(sys.argv[1]))
    lock = json.load(open(sys.argv[2]))
    torch.set_num_threads(1)
    cfg, t = data["config"], data["config"]["train"]
    m, seq = cfg["model"], cfg["data"]["maxHistory"]
    if m["numHeads"] != 1:
        raise SystemExit("lockstep.py: one head only (the head padding layout is not rebuilt)")
    rate = m["dropout"]
    model = R.build_model(cfg, data["numItems"])
    model.load_state_dict({k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in lock["initial"].items()})
    queue = []
    model.dropout = RecordedDropout(queue, rate)
    for layer in model.trm_encoder.layer:
        layer.multi_head_attention.attn_dropout = RecordedDropout(queue, rate)
        layer.multi_head_attention.out_dropout = RecordedDropout(queue, rate)
        layer.feed_forward.dropout = RecordedDropout(queue, rate)
    params = dict(model.named_parameters())
    state = {"m": {k: torch.zeros_like(p) for k, p in params.items()}, "v": {k: torch.zeros_like(p) for k, p in params.items()}}
    steps_per_epoch = -(-sum(1 for s in data["train"] if len(s) >= 2) // t["batchSize"])
    total = steps_per_epoch * t["epochs"]
    worst_loss = 0.0
    for i, s in enumerate(lock["steps"]):
        if rate > 0:
            queue[:] = step_masks(s, m["numLayers"], rate, seq, m["hiddenSize"])
        shape = (s["rows"], seq)
        inputs, targets, negatives = (torch.tensor(s[k]).reshape(shape) for k in ("inputs", "targets", "negatives"))
        loss = M.bce_loss(model(inputs), model.item_table(), targets, negatives)
        assert not queue, "masks left over: the forward order changed"
        grads = torch.autograd.grad(loss, list(params.values()))
        lr = M.lr_at(i, t["learningRate"], t["warmupSteps"], total)
        with torch.no_grad():
            new, state = M.adamw_step(
                {k: p.detach() for k, p in params.items()}, dict(zip(params.keys(), grads)), state, i + 1, lr, t["weightDecay"], t["gradClip"]
            )
            for k, p in params.items():
                p.copy_(new[k])
        gap = float(loss) - s["loss"]
        worst_loss = max(worst_loss, abs(gap))
        if i < 3 or (i + 1) % 40 == 0 or i == len(lock["steps"]) - 1:
            print(f"step {i + 1}: torch {float(loss):.6f} ours {s['loss']:.6f} gap {gap:+.2e}")
    final = {k: np.asarray(v["data"]).reshape(v["shape"]) for k, v in lock["final"].items()}
    worst_param = max(float(np.abs(params[k].detach().numpy() - final[k]).max()) for k in final)
    print(f"{len(lock['steps'])} steps, dropout {rate}: largest |loss gap| {worst_loss:.2e}, largest |weight gap| at the end {worst_param:.2e}")
    # The reference's evaluation of our trained weights against our own ranks.
    ours = R.build_model(cfg, data["numItems"])
    ours.load_state_dict({k: torch.tensor(v["data"]).reshape(v["shape"]) for k, v in lock["final"].items()})
    for split in ("valid", "test"):
        ranks = R.evaluate(ours, data[split], seq, data["numItems"], False)
        same = float((ranks == np.asarray(lock["ranks"][split])).mean())
        print(f"{split}: the reference's evaluation of our weights gives our rank for {same * 100:.2f}% of users; N@10 {R.metrics(ranks)['N@10']:.4f}")


if __name__ == "__main__":
    main()
