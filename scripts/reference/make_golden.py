"""Writes the golden fixtures that the jax-js models, losses and optimiser are tested against.

Regenerate (needs PyTorch 1.13, e.g. Debian's python3-torch; no network):

    /usr/bin/python3 scripts/reference/make_golden.py

This rewrites test/fixtures/golden/*.json. Each file holds tiny fixed float32 weights, integer
inputs, and the reference results computed by scripts/reference/modules.py in float64 from those
float32 weights: forward outputs, the loss, and gradients with respect to every parameter.
Dropout is 0; negatives are passed in explicitly so both sides see the same ones.
Tensors are stored as {"shape": [...], "data": [flat row-major values]}.
"""

import json
import math
import os

import torch

import modules as M

OUT_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "golden")

NUM_ITEMS = 12
SEQ = 6
# Left-padded histories (+1 encoding, 0 = padding), next-item targets (0 = no target).
ITEMS = [[0, 0, 0, 3, 7, 2], [0, 5, 9, 9, 1, 4], [0, 0, 0, 0, 0, 11], [6, 2, 8, 12, 3, 10]]
TARGETS = [[0, 0, 0, 7, 2, 5], [0, 9, 9, 1, 4, 12], [0, 0, 0, 0, 0, 6], [2, 8, 12, 3, 10, 1]]
# Shared negative pool; item 7 is also a target, so its logit must be masked at those positions.
NEGATIVES = [4, 7, 11, 1, 9]
LOGIT_SCALE = 2.5


def tensor(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float(x) for x in t.reshape(-1).tolist()]}


def float32_params(module, seed):
    """Re-draws every parameter as float32 N(0, 0.3²) (norm weights around 1), then casts to float64."""
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in module.named_parameters():
            values = torch.randn(p.shape, generator=gen, dtype=torch.float32) * 0.3
            if "norm" in name.lower() and name.endswith("weight"):
                values = values + 1.0
            p.copy_(values)
    return module.double()


def named(module):
    return {name: p for name, p in module.named_parameters()}


def write(name, payload):
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, name), "w") as f:
        json.dump(payload, f)
    print("wrote", name)


def model_case(name, module, config, extra=None):
    """Forward outputs and InfoNCE gradients of a sequence model on the fixed batch."""
    items = torch.tensor(ITEMS)
    targets = torch.tensor(TARGETS)
    negatives = torch.tensor(NEGATIVES)
    logit_scale = torch.tensor(LOGIT_SCALE, dtype=torch.float64, requires_grad=True)
    hidden = module(items)
    loss = M.infonce_loss(hidden, module.item_table(), targets, negatives, logit_scale)
    params = named(module)
    grads = torch.autograd.grad(loss, list(params.values()) + [logit_scale])
    payload = {
        "config": config,
        "numItems": NUM_ITEMS,
        "seqLen": SEQ,
        "items": ITEMS,
        "targets": TARGETS,
        "negatives": NEGATIVES,
        "params": {k: tensor(p) for k, p in params.items()},
        "logitScale": LOGIT_SCALE,
        "hidden": tensor(hidden),
        "table": tensor(module.item_table()),
        "loss": float(loss),
        "grads": {k: tensor(g) for k, g in zip(list(params) + ["logit_scale"], grads)},
    }
    payload.update(extra or {})
    write(name, payload)


def sasrec_case():
    # Odd widths (hidden 6, head 3, inner 10) exercise the jax-js side's zero padding to 4 lanes.
    cfg = {"kind": "sasrec", "hiddenSize": 6, "numLayers": 2, "numHeads": 2, "innerSize": 10, "dropout": 0}
    m = M.SASRec(NUM_ITEMS, SEQ, 6, 2, 2, 10, 0.0)
    model_case("sasrec.json", float32_params(m, 1), cfg)


def sasrec_training_case():
    """SASRec trained for TRAIN_STEPS AdamW steps on fixed batches with BCE: losses and final weights.

    A single forward/backward pass cannot show a defect that only moves weights over many steps
    (e.g. zero-padded lanes that get a gradient and drift); this trajectory can. Batches are
    left-padded like the training batches; negatives are explicit, one per position.
    """
    train_steps, batch, lr = 40, 4, 0.01
    cfg = {"kind": "sasrec", "hiddenSize": 6, "numLayers": 2, "numHeads": 2, "innerSize": 10, "dropout": 0}
    m = float32_params(M.SASRec(NUM_ITEMS, SEQ, 6, 2, 2, 10, 0.0), 5)
    start = {k: tensor(p) for k, p in named(m).items()}
    gen = torch.Generator().manual_seed(6)
    steps = []
    for _ in range(train_steps):
        items = torch.zeros(batch, SEQ, dtype=torch.long)
        targets = torch.zeros(batch, SEQ, dtype=torch.long)
        for r in range(batch):
            length = int(torch.randint(1, SEQ + 1, (1,), generator=gen))
            seq = torch.randint(1, NUM_ITEMS + 1, (length + 1,), generator=gen)
            items[r, SEQ - length:] = seq[:-1]
            targets[r, SEQ - length:] = seq[1:]
        negatives = torch.randint(1, NUM_ITEMS + 1, (batch, SEQ), generator=gen)
        clash = negatives == targets
        negatives[clash] = negatives[clash] % NUM_ITEMS + 1
        steps.append({"items": items.tolist(), "targets": targets.tolist(), "negatives": negatives.tolist()})
    params = named(m)
    state = {"m": {k: torch.zeros_like(p) for k, p in params.items()}, "v": {k: torch.zeros_like(p) for k, p in params.items()}}
    losses = []
    for step, s in enumerate(steps):
        loss = M.bce_loss(m(torch.tensor(s["items"])), m.item_table(), torch.tensor(s["targets"]), torch.tensor(s["negatives"]))
        grads = torch.autograd.grad(loss, list(params.values()))
        with torch.no_grad():
            new, state = M.adamw_step({k: p.detach() for k, p in params.items()}, dict(zip(params.keys(), grads)), state, step + 1, lr, 0.0, 0.0)
            for k, p in params.items():
                p.copy_(new[k])
        losses.append(float(loss))
    write(
        "sasrec_training.json",
        {
            "config": cfg,
            "numItems": NUM_ITEMS,
            "seqLen": SEQ,
            "learningRate": lr,
            "params": start,
            "steps": steps,
            "losses": losses,
            "finalParams": {k: tensor(p) for k, p in params.items()},
        },
    )


def hstu_case():
    cfg = {"kind": "hstu", "hiddenSize": 6, "numLayers": 2, "numHeads": 2, "dropout": 0}
    m = M.HSTU(NUM_ITEMS, SEQ, 6, 2, 2, 0.0)
    model_case("hstu.json", float32_params(m, 2), cfg)


LLAMA_TS = {
    "hiddenSize": 8,
    "intermediateSize": 12,
    "numLayers": 2,
    "numHeads": 4,
    "numKvHeads": 2,
    "rmsNormEps": 1e-6,
    "ropeTheta": 10000.0,
    "vocabSize": 32,
}
LLAMA_PY = {
    "hidden_size": 8,
    "intermediate_size": 12,
    "num_layers": 2,
    "num_heads": 4,
    "num_kv_heads": 2,
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
}


def llama_case(attention_bias="none"):
    """Decoder over input embeddings with a padding mask; loss = sum(out * probe).

    attention_bias "qkv" (Qwen2) or "qkvo" (Llama attention_bias=True) adds projection biases.
    """
    biased = attention_bias != "none"
    config = {**LLAMA_TS, "attentionBias": attention_bias} if biased else LLAMA_TS
    dec = float32_params(M.LlamaDecoder({**LLAMA_PY, "attention_bias": attention_bias}), 3)
    gen = torch.Generator().manual_seed(4)
    embeds = torch.randn(2, 5, 8, generator=gen, dtype=torch.float32).double().requires_grad_(True)
    probe = torch.randn(2, 5, 8, generator=gen, dtype=torch.float32).double()
    valid = torch.tensor([[False, False, True, True, True], [True, True, True, True, True]])
    out = dec(embeds, valid)
    # Padding query rows attend uniformly to padding keys; they are excluded from the probe.
    loss = (out * probe * valid[..., None]).sum()
    params = named(dec)
    grads = torch.autograd.grad(loss, list(params.values()) + [embeds])
    write(
        f"llama_{attention_bias}.json" if biased else "llama.json",
        {
            "config": config,
            "params": {k: tensor(p) for k, p in params.items()},
            "embeds": tensor(embeds),
            "probe": tensor(probe),
            "valid": valid.tolist(),
            "output": tensor(out),
            "loss": float(loss),
            "grads": {k: tensor(g) for k, g in zip(list(params) + ["embeds"], grads)},
        },
    )


def hllm_case():
    gen = torch.Generator().manual_seed(5)
    item_text = torch.randn(NUM_ITEMS, 6, generator=gen, dtype=torch.float32).double()
    m = M.HllmUser(item_text, LLAMA_PY)
    m = float32_params(m, 6)
    cfg = {
        "kind": "hllm",
        "user": LLAMA_TS,
        "itemEncoder": {"kind": "precomputed", "path": "golden"},
        "textFields": ["title"],
        "maxTextTokens": 16,
    }
    model_case("hllm_user.json", m, cfg, {"itemText": tensor(item_text)})


def loss_cases():
    gen = torch.Generator().manual_seed(7)
    user = torch.randn(4, SEQ, 8, generator=gen, dtype=torch.float32).double().requires_grad_(True)
    table = torch.randn(NUM_ITEMS + 1, 8, generator=gen, dtype=torch.float32).double()
    # Item 3 is a near-duplicate of item 7 (cosine > 0.99): also masked where 7 is the target.
    table[3] = table[7] * 1.5 + 0.001
    table.requires_grad_(True)
    targets = torch.tensor(TARGETS)
    logit_scale = torch.tensor(LOGIT_SCALE, dtype=torch.float64, requires_grad=True)
    negatives = torch.tensor(NEGATIVES + [3])
    loss = M.infonce_loss(user, table, targets, negatives, logit_scale)
    g_user, g_table, g_scale = torch.autograd.grad(loss, [user, table, logit_scale])
    write(
        "infonce.json",
        {
            "user": tensor(user),
            "table": tensor(table),
            "targets": TARGETS,
            "negatives": negatives.tolist(),
            "logitScale": LOGIT_SCALE,
            "loss": float(loss),
            "grads": {"user": tensor(g_user), "table": tensor(g_table), "logit_scale": tensor(g_scale)},
        },
    )
    bce_neg = torch.randint(1, NUM_ITEMS + 1, (4, SEQ), generator=gen)
    loss = M.bce_loss(user, table, targets, bce_neg)
    g_user, g_table = torch.autograd.grad(loss, [user, table])
    write(
        "bce.json",
        {
            "user": tensor(user),
            "table": tensor(table),
            "targets": TARGETS,
            "negatives": bce_neg.tolist(),
            "loss": float(loss),
            "grads": {"user": tensor(g_user), "table": tensor(g_table)},
        },
    )


def adamw_case():
    """One clipped AdamW step from non-zero moments, checked against torch.optim.AdamW itself."""
    gen = torch.Generator().manual_seed(8)

    def rnd(*shape):
        return torch.randn(tuple(shape), generator=gen, dtype=torch.float32).double()

    params = {"a.weight": rnd(3, 4), "a.bias": rnd(4), "logit_scale": torch.tensor(math.log(100) - 1e-3).double()}
    grads = {"a.weight": rnd(3, 4) * 5, "a.bias": rnd(4) * 5, "logit_scale": torch.tensor(-40.0).double()}
    state = {"m": {k: rnd(*p.shape) * 0.1 for k, p in params.items()}, "v": {k: rnd(*p.shape).abs() * 0.1 for k, p in params.items()}}
    # Moments that push logit_scale past log 100, so the clamp is exercised.
    state["m"]["logit_scale"] = torch.tensor(-1.0).double()
    state["v"]["logit_scale"] = torch.tensor(0.01).double()
    step, lr, wd, clip = 3, 0.01, 0.1, 1.0
    new_params, new_state = M.adamw_step(params, grads, state, step, lr, wd, clip)

    # Cross-check the reference step against torch's own clip_grad_norm_ and AdamW.
    tparams = {k: torch.nn.Parameter(p.clone()) for k, p in params.items()}
    for k, p in tparams.items():
        p.grad = grads[k].clone()
    torch.nn.utils.clip_grad_norm_(list(tparams.values()), clip)
    opt = torch.optim.AdamW(list(tparams.values()), lr=lr, weight_decay=wd)
    for k, p in tparams.items():
        opt.state[p] = {"step": torch.tensor(float(step - 1)), "exp_avg": state["m"][k].clone(), "exp_avg_sq": state["v"][k].clone()}
    opt.step()
    for k, p in tparams.items():
        expected = p.detach().clamp(0, M.LOGIT_SCALE_MAX) if k == "logit_scale" else p.detach()
        assert torch.allclose(expected, new_params[k], atol=1e-12), k

    write(
        "adamw.json",
        {
            "step": step,
            "lr": lr,
            "weightDecay": wd,
            "gradClip": clip,
            "params": {k: tensor(p) for k, p in params.items()},
            "grads": {k: tensor(g) for k, g in grads.items()},
            "m": {k: tensor(p) for k, p in state["m"].items()},
            "v": {k: tensor(p) for k, p in state["v"].items()},
            "newParams": {k: tensor(p) for k, p in new_params.items()},
            "newM": {k: tensor(p) for k, p in new_state["m"].items()},
            "newV": {k: tensor(p) for k, p in new_state["v"].items()},
        },
    )


def schedule_case():
    """Learning rates of torch's LambdaLR with HF's cosine-with-warmup lambda."""
    base, warmup, total = 0.1, 3, 10
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=base)

    def lam(step):
        if step < warmup:
            return step / max(1, warmup)
        progress = (step - warmup) / max(1, total - warmup)
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lam)
    lrs = []
    for _ in range(total + 2):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    for i, lr in enumerate(lrs):
        assert abs(lr - M.lr_at(i, base, warmup, total)) < 1e-12
    write("schedule.json", {"baseLr": base, "warmupSteps": warmup, "totalSteps": total, "lrs": lrs})


if __name__ == "__main__":
    torch.manual_seed(0)
    sasrec_case()
    sasrec_training_case()
    hstu_case()
    llama_case()
    llama_case("qkv")
    llama_case("qkvo")
    hllm_case()
    loss_cases()
    adamw_case()
    schedule_case()
