"""PyTorch side of the GPU bench: the configurations of bench/gpu/cases.ts, timed on CUDA.

usage: python3 bench/gpu/torch_bench.py <specs.json> <torch.json> [--device cuda|cpu] [--budget-s N]

The specs file is what `webgpuBench specs` writes (the same shapes, step counts and FLOP counts
as the WebGPU side). Models come from scripts/reference/modules.py (SASRec, HSTU, the Llama
decoder); the optimiser is torch.optim.Adam / AdamW, as a PyTorch user would train; random
batches and random weights, since speed does not depend on the values. The HLLM step: frozen
trains the User LLM over fixed item vectors; top-2 runs the step's items from cached boundary
states through the top two Item LLM layers; LoRA runs them from token embeddings through every
layer with rank-r adapters on all seven projections (the User LLM with the spec's LoRA rank too).
Writes the JSON schema of bench/gpu/report.ts (`GpuBenchRun`).
"""

import argparse
import datetime
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
for candidate in (os.path.join(HERE, "..", "..", "scripts", "reference"), os.path.join(HERE, "reference")):
    if os.path.exists(os.path.join(candidate, "modules.py")):
        sys.path.insert(0, candidate)
        break
import modules as M  # noqa: E402

LORA_TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def timed(spec, device, step):
    """Warm-up steps, then the timed ones; returns (setup-free warm-up seconds, seconds per step)."""
    t0 = time.perf_counter()
    for i in range(spec["warmup"]):
        step(i)
    sync(device)
    t1 = time.perf_counter()
    for i in range(spec["steps"]):
        step(spec["warmup"] + i)
    sync(device)
    t2 = time.perf_counter()
    return t1 - t0, (t2 - t1) / spec["steps"]


def id_model(spec):
    m = spec["model"]
    if m["kind"] == "sasrec":
        return M.SASRec(spec["numItems"], spec["maxLen"], m["hiddenSize"], m["numLayers"], m["numHeads"], m["innerSize"], m["dropout"])
    return M.HSTU(spec["numItems"], spec["maxLen"], m["hiddenSize"], m["numLayers"], m["numHeads"], m["dropout"])


def random_items(shape, num_items, device):
    return torch.randint(1, num_items + 1, shape, device=device)


def id_step(spec, device):
    model = id_model(spec).to(device)
    params = list(model.parameters())
    logit_scale = None
    if spec["loss"] == "infonce-per-position":
        logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07), device=device))
        params.append(logit_scale)
    opt = torch.optim.Adam(params, lr=spec["learningRate"])
    b, s, n = spec["batchSize"], spec["maxLen"], spec["numItems"]

    def step(_):
        inputs = random_items((b, s), n, device)
        targets = random_items((b, s), n, device)
        user = model(inputs)
        table = model.item_table()
        if logit_scale is not None:
            negatives = random_items((b, s, spec["negatives"]), n, device)
            loss = M.infonce_per_position_loss(user, table, targets, negatives, logit_scale)
        else:
            loss = M.bce_loss(user, table, targets, random_items((b, s), n, device))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return step, b


def eval_pass(spec, device):
    model = id_model(spec).to(device).eval()
    users, n, s, chunk = spec["users"], spec["numItems"], spec["maxLen"], spec["chunk"]
    histories = random_items((users, s), n, device)
    targets = torch.randint(0, n, (users,), device=device)

    @torch.no_grad()
    def step(_):
        table = model.item_table()[1:]  # [n, d]
        ranks = []
        for start in range(0, users, chunk):
            h = histories[start:start + chunk]
            t = targets[start:start + chunk]
            scores = model(h)[:, -1] @ table.T  # [chunk, n]
            rows = torch.arange(h.shape[0], device=device)
            target_scores = scores[rows, t].clone()
            scores.scatter_(1, h - 1, -math.inf)  # history masked
            scores[rows, t] = -math.inf
            ranks.append((scores >= target_scores[:, None]).sum(1))
        return torch.cat(ranks).cpu()

    return step, users


def llama_cfg(c):
    return {
        "hidden_size": c["hiddenSize"],
        "intermediate_size": c["intermediateSize"],
        "num_heads": c["numHeads"],
        "num_kv_heads": c["numKvHeads"],
        "num_layers": c["numLayers"],
        "rope_theta": c["ropeTheta"],
        "rms_norm_eps": c["rmsNormEps"],
        "attention_bias": c.get("attentionBias", "none"),
    }


class LoraLinear(nn.Module):
    """A frozen Linear plus a trainable rank-r update B·A (B starts at zero), scaled by 2 (alpha 2r)."""

    def __init__(self, base, rank):
        super().__init__()
        self.base = base
        base.weight.requires_grad_(False)
        if base.bias is not None:
            base.bias.requires_grad_(False)
        self.a = nn.Parameter(torch.randn(rank, base.in_features, device=base.weight.device) * 0.01)
        self.b = nn.Parameter(torch.zeros(base.out_features, rank, device=base.weight.device))

    def forward(self, x):
        return self.base(x) + 2.0 * ((x @ self.a.T) @ self.b.T)


def add_lora(decoder, rank):
    for p in decoder.parameters():
        p.requires_grad_(False)
    for block in decoder.layers:
        for holder in (block.self_attn, block.mlp):
            for name in LORA_TARGETS:
                if hasattr(holder, name):
                    setattr(holder, name, LoraLinear(getattr(holder, name), rank))


def hllm_step(spec, device):
    item_cfg, user_cfg = llama_cfg(spec["item"]), llama_cfg(spec["user"])
    d_item = item_cfg["hidden_size"]
    n, b, hist = spec["catalogueItems"], spec["batchSize"], spec["history"]
    rows, seq = spec["stepItems"], spec["itemSeq"]
    user = M.LlamaDecoder(user_cfg).to(device)
    proj = nn.Linear(d_item, user_cfg["hidden_size"]).to(device)
    if spec["userLora"] > 0:
        add_lora(user, spec["userLora"])
    trainable = [p for p in list(user.parameters()) + list(proj.parameters()) if p.requires_grad]
    item = None
    mode = spec["mode"]
    if mode == "frozen":
        table = torch.randn(n + 1, d_item, device=device)  # the frozen encoding of the catalogue
    else:
        k = spec["trainedItemLayers"]
        item = M.LlamaDecoder({**item_cfg, "num_layers": k}).to(device)
        if mode == "lora":
            add_lora(item, spec["itemLora"])
            embed = torch.randn(spec["item"]["vocabSize"], d_item, device=device) * 0.02
            tokens = torch.randint(0, embed.shape[0], (n, seq), device=device)
        else:
            # Boundary states below the trained layers, cached once for the catalogue (set-up).
            boundary = torch.randn(n, seq, d_item, device=device)
        trainable += [p for p in item.parameters() if p.requires_grad]
    logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07), device=device))
    opt = torch.optim.AdamW(trainable + [logit_scale], lr=spec["learningRate"], weight_decay=0.01)

    def step(i):
        ids = torch.randperm(n, device=device)[:rows]  # the step's distinct items (0-based)
        if item is None:
            vectors = table[ids + 1]
        else:
            x = embed[tokens[ids]] if mode == "lora" else boundary[ids]
            vectors = item(x)[:, -1]  # [rows, d_item]: the item token's state
        vectors = proj(vectors)
        # Histories, targets and negatives index the step's items.
        local = torch.randint(0, rows, (b, hist + 1), device=device)
        states = user(vectors[local[:, :-1]])  # [b, hist, d_user]
        negatives = torch.randint(0, rows, (spec["negatives"],), device=device)
        table_ = torch.cat([torch.zeros_like(vectors[:1]), vectors], dim=0)
        loss = M.infonce_loss(states, table_, local[:, 1:] + 1, negatives + 1, logit_scale)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if spec["gradClip"] > 0:
            torch.nn.utils.clip_grad_norm_(trainable, spec["gradClip"])
        opt.step()

    return step, b


def failed(spec, error):
    return {
        "name": spec["name"], "kind": spec["kind"], "secondsPerStep": None, "sequencesPerSecond": None,
        "flopsPerStep": spec["flopsPerStep"], "tflops": None, "steps": 0, "setupSeconds": None, "error": error,
    }


def run_case(spec, device):
    t0 = time.perf_counter()
    make = {"id-step": id_step, "eval": eval_pass, "hllm-step": hllm_step}[spec["kind"]]
    torch.manual_seed(42)
    step, sequences = make(spec, device)
    sync(device)
    setup = time.perf_counter() - t0
    warm, per_step = timed(spec, device, step)
    return {
        "name": spec["name"],
        "kind": spec["kind"],
        "secondsPerStep": per_step,
        "sequencesPerSecond": sequences / per_step,
        "flopsPerStep": spec["flopsPerStep"],
        "tflops": spec["flopsPerStep"] / per_step / 1e12,
        "steps": spec["steps"],
        "setupSeconds": setup + warm,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("specs")
    parser.add_argument("out")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--budget-s", type=float, default=None)
    parser.add_argument("--only", default=None)
    args = parser.parse_args()
    with open(args.specs) as f:
        specs = json.load(f)
    device = torch.device(args.device)
    if device.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False  # float32 like the WebGPU side
        name = f"cuda {torch.cuda.get_device_name(device)}"
    else:
        name = f"cpu ({torch.get_num_threads()} threads)"
    only = None if args.only is None else set(args.only.split(","))
    started = time.perf_counter()
    cases = []
    run = {
        "side": "torch",
        "device": name,
        "runtime": f"torch {torch.__version__}, python {sys.version.split()[0]}, float32 (TF32 off)",
        "size": specs["size"],
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "cases": cases,
    }
    for spec in specs["cases"]:
        if only is not None and spec["name"] not in only:
            continue
        if args.budget_s is not None and time.perf_counter() - started > args.budget_s:
            cases.append(failed(spec, f"skipped: the {args.budget_s:g} s budget was spent"))
            continue
        try:
            cases.append(run_case(spec, device))
        except Exception as error:  # a failing case is reported; the rest run
            cases.append(failed(spec, f"{type(error).__name__}: {error}"))
        if device.type == "cuda":
            torch.cuda.empty_cache()
        print(json.dumps(cases[-1]), flush=True)
        # Written after every case, so that a run cut short by a time limit still reports.
        with open(args.out, "w") as f:
            json.dump(run, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
