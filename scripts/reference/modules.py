"""PyTorch (1.13) reference implementations of the HLLM Playground models, losses and optimiser.

These mirror the jax-js code in src/models and src/training exactly (same parameter names,
same layouts: Linear weights are [out, in], item index 0 is padding, items are index + 1,
histories are left-padded). They are used to write the golden fixtures
(scripts/reference/make_golden.py) and by the PyTorch reference trainer.

Masking convention everywhere: attention scores at masked (future or padding) keys are replaced
with a large negative constant before the softmax (`masked_fill`), so a row whose keys are all
padding gets uniform weights instead of NaN. For every non-padding query this equals RecBole's
additive -10000 mask.
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

MASK_VALUE = -1e9


def attention_mask(items):
    """[batch, seq] item ids (0 = padding) -> [batch, 1, seq, seq] bool: causal and key not padding."""
    seq = items.shape[1]
    causal = torch.tril(torch.ones(seq, seq, dtype=torch.bool, device=items.device))
    keys = (items > 0)[:, None, None, :]
    return causal[None, None, :, :] & keys


def right_aligned_positions(embedding, seq):
    """[seq, hidden] learned positions aligned to the right end (the last column gets the last row).

    For seq == max_len this is RecBole's arange(seq); longer inputs (only left padding) get zeros.
    """
    table = embedding.weight
    max_len = table.shape[0]
    if seq <= max_len:
        return table[max_len - seq :][None]
    return torch.cat([table.new_zeros(seq - max_len, table.shape[1]), table], dim=0)[None]


# ---------------------------------------------------------------------------------------------
# SASRec (RecBole / HLLM variant): post-LayerNorm transformer, learned absolute positions.
# ---------------------------------------------------------------------------------------------


class SasrecAttention(nn.Module):
    def __init__(self, hidden, heads, dropout, eps):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.dense = nn.Linear(hidden, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.attn_dropout = nn.Dropout(dropout)
        self.out_dropout = nn.Dropout(dropout)

    def forward(self, x, mask):
        b, s, d = x.shape
        hd = d // self.heads

        def split(t):
            return t.view(b, s, self.heads, hd).transpose(1, 2)  # [b, h, s, hd]

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd)  # [b, h, s, s]
        scores = scores.masked_fill(~mask, MASK_VALUE)
        probs = self.attn_dropout(torch.softmax(scores, dim=-1))
        ctx = (probs @ v).transpose(1, 2).reshape(b, s, d)
        out = self.out_dropout(self.dense(ctx))
        return self.LayerNorm(out + x)


class SasrecFeedForward(nn.Module):
    def __init__(self, hidden, inner, dropout, eps):
        super().__init__()
        self.dense_1 = nn.Linear(hidden, inner)
        self.dense_2 = nn.Linear(inner, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        h = self.dropout(self.dense_2(F.gelu(self.dense_1(x))))
        return self.LayerNorm(h + x)


class SasrecLayer(nn.Module):
    def __init__(self, hidden, heads, inner, dropout, eps):
        super().__init__()
        self.multi_head_attention = SasrecAttention(hidden, heads, dropout, eps)
        self.feed_forward = SasrecFeedForward(hidden, inner, dropout, eps)

    def forward(self, x, mask):
        return self.feed_forward(self.multi_head_attention(x, mask))


class SasrecEncoder(nn.Module):
    def __init__(self, layers, hidden, heads, inner, dropout, eps):
        super().__init__()
        self.layer = nn.ModuleList(
            [SasrecLayer(hidden, heads, inner, dropout, eps) for _ in range(layers)]
        )

    def forward(self, x, mask):
        for layer in self.layer:
            x = layer(x, mask)
        return x


class SASRec(nn.Module):
    """Parameter names match RecBole's SASRec state_dict."""

    LAYER_NORM_EPS = 1e-12

    def __init__(self, num_items, max_len, hidden, layers, heads, inner, dropout):
        super().__init__()
        self.item_embedding = nn.Embedding(num_items + 1, hidden, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=self.LAYER_NORM_EPS)
        self.dropout = nn.Dropout(dropout)
        self.trm_encoder = SasrecEncoder(layers, hidden, heads, inner, dropout, self.LAYER_NORM_EPS)

    def forward(self, items):
        """[batch, seq] left-padded ids -> [batch, seq, hidden] outputs at every position."""
        x = self.item_embedding(items) + right_aligned_positions(self.position_embedding, items.shape[1])
        x = self.dropout(self.LayerNorm(x))
        return self.trm_encoder(x, attention_mask(items))

    def item_table(self):
        """[num_items + 1, hidden]: row 0 = padding."""
        return self.item_embedding.weight


# ---------------------------------------------------------------------------------------------
# HSTU as described for the official hstu.py: pointwise SiLU attention normalised by the maximum
# sequence length, gated output, no feed-forward; LayerNorms without weights, dropout on the input
# of the output projection, no input dropout and no final LayerNorm.
# ---------------------------------------------------------------------------------------------


class HstuLayer(nn.Module):
    EPS = 1e-6

    def __init__(self, hidden, heads, dropout, max_len):
        super().__init__()
        self.heads = heads
        self.max_len = max_len
        self.hidden = hidden
        self.uvqk = nn.Linear(hidden, 4 * hidden, bias=False)
        self.o = nn.Linear(hidden, hidden)
        nn.init.xavier_uniform_(self.o.weight)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, mask):
        b, s, d = x.shape
        hd = d // self.heads
        normed = F.layer_norm(x, [self.hidden], eps=self.EPS)
        u, v, q, k = torch.split(F.silu(self.uvqk(normed)), d, dim=-1)

        def split(t):
            return t.view(b, s, self.heads, hd).transpose(1, 2)  # [b, h, s, hd]

        weights = F.silu(split(q) @ split(k).transpose(-1, -2)) / self.max_len  # [b, h, s, s]
        weights = weights * mask
        attn = (weights @ split(v)).transpose(1, 2).reshape(b, s, d)
        out = u * F.layer_norm(attn, [self.hidden], eps=self.EPS)
        return x + self.o(self.dropout(out))


class HSTU(nn.Module):
    def __init__(self, num_items, max_len, hidden, layers, heads, dropout):
        super().__init__()
        self.item_embedding = nn.Embedding(num_items + 1, hidden, padding_idx=0)
        self.position_embedding = nn.Embedding(max_len, hidden)
        self.layers = nn.ModuleList([HstuLayer(hidden, heads, dropout, max_len) for _ in range(layers)])

    def forward(self, items):
        x = self.item_embedding(items) + right_aligned_positions(self.position_embedding, items.shape[1])
        mask = attention_mask(items)
        for layer in self.layers:
            x = layer(x, mask)
        return x

    def item_table(self):
        return self.item_embedding.weight


# ---------------------------------------------------------------------------------------------
# Llama decoder over input embeddings (Hugging Face names and layouts).
# ---------------------------------------------------------------------------------------------


class RMSNorm(nn.Module):
    def __init__(self, hidden, eps):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat([-x[..., half:], x[..., :half]], dim=-1)


def rotary_cos_sin(seq, head_dim, theta, dtype):
    """[seq, head_dim] cos and sin tables for positions 0..seq-1 (HF layout: halves repeated)."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim))
    freqs = torch.arange(seq, dtype=torch.float64)[:, None] * inv_freq[None, :]
    emb = torch.cat([freqs, freqs], dim=-1)
    return emb.cos().to(dtype), emb.sin().to(dtype)


class LlamaAttention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, h, kv = cfg["hidden_size"], cfg["num_heads"], cfg["num_kv_heads"]
        self.heads, self.kv_heads, self.head_dim = h, kv, d // h
        self.theta = cfg["rope_theta"]
        # "none" (Llama), "qkv" (Qwen2) or "qkvo" (Llama with attention_bias=True).
        bias = cfg.get("attention_bias", "none")
        self.q_proj = nn.Linear(d, h * self.head_dim, bias=bias != "none")
        self.k_proj = nn.Linear(d, kv * self.head_dim, bias=bias != "none")
        self.v_proj = nn.Linear(d, kv * self.head_dim, bias=bias != "none")
        self.o_proj = nn.Linear(h * self.head_dim, d, bias=bias == "qkvo")

    def forward(self, x, mask):
        b, s, _ = x.shape
        hd = self.head_dim
        q = self.q_proj(x).view(b, s, self.heads, hd).transpose(1, 2)  # [b, h, s, hd]
        k = self.k_proj(x).view(b, s, self.kv_heads, hd).transpose(1, 2)  # [b, kv, s, hd]
        v = self.v_proj(x).view(b, s, self.kv_heads, hd).transpose(1, 2)
        cos, sin = rotary_cos_sin(s, hd, self.theta, x.dtype)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.heads // self.kv_heads
        k = k.repeat_interleave(rep, dim=1)
        v = v.repeat_interleave(rep, dim=1)
        scores = q @ k.transpose(-1, -2) / math.sqrt(hd)
        scores = scores.masked_fill(~mask, MASK_VALUE)
        ctx = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(b, s, -1)
        return self.o_proj(ctx)


class LlamaMLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        d, i = cfg["hidden_size"], cfg["intermediate_size"]
        self.gate_proj = nn.Linear(d, i, bias=False)
        self.up_proj = nn.Linear(d, i, bias=False)
        self.down_proj = nn.Linear(i, d, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class LlamaBlock(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.input_layernorm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.self_attn = LlamaAttention(cfg)
        self.post_attention_layernorm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.mlp = LlamaMLP(cfg)

    def forward(self, x, mask):
        x = x + self.self_attn(self.input_layernorm(x), mask)
        return x + self.mlp(self.post_attention_layernorm(x))


class LlamaDecoder(nn.Module):
    """Decoder over input embeddings; `valid` [batch, seq] bool marks non-padding positions."""

    def __init__(self, cfg):
        super().__init__()
        self.layers = nn.ModuleList([LlamaBlock(cfg) for _ in range(cfg["num_layers"])])
        self.norm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])

    def forward(self, embeds, valid=None):
        b, s, _ = embeds.shape
        if valid is None:
            valid = torch.ones(b, s, dtype=torch.bool, device=embeds.device)
        causal = torch.tril(torch.ones(s, s, dtype=torch.bool, device=embeds.device))
        mask = causal[None, None] & valid[:, None, None, :]
        x = embeds
        for layer in self.layers:
            x = layer(x, mask)
        return self.norm(x)


class HllmUser(LlamaDecoder):
    """HLLM User LLM over precomputed (frozen) item text embeddings [num_items, text_dim].

    Parameter names: `item_proj.{weight,bias}` plus the decoder's own (`layers.*`, `norm.weight`).
    """

    def __init__(self, item_text, cfg):
        super().__init__(cfg)
        self.register_buffer("item_text", item_text)
        self.item_proj = nn.Linear(item_text.shape[1], cfg["hidden_size"])

    def item_table(self):
        """[num_items + 1, hidden]: projected text embeddings, row 0 = zeros (padding)."""
        proj = self.item_proj(self.item_text)
        return torch.cat([torch.zeros_like(proj[:1]), proj], dim=0)

    def forward(self, items):
        embeds = self.item_table()[items]
        return super().forward(embeds, items > 0)


# ---------------------------------------------------------------------------------------------
# Losses
# ---------------------------------------------------------------------------------------------

NCE_THRESHOLD = 0.99


def l2_normalize(x):
    return x / x.norm(dim=-1, keepdim=True).clamp_min(1e-12)


def infonce_loss(user, table, targets, negatives, logit_scale):
    """HLLM's InfoNCE.

    user: [batch, seq, dim] outputs; table: [num_items + 1, dim] item vectors (row 0 padding);
    targets: [batch, seq] next items (0 = none); negatives: [k] shared pool; logit_scale: scalar
    log-scale (exp is applied here; clamping happens in the optimiser step).
    """
    u = l2_normalize(user)
    pos = l2_normalize(table[targets])  # [b, s, d]
    neg = l2_normalize(table[negatives])  # [k, d]
    scale = logit_scale.exp()
    pos_logits = (u * pos).sum(-1, keepdim=True) * scale  # [b, s, 1]
    neg_logits = (u @ neg.T) * scale  # [b, s, k]
    same = (pos @ neg.T) > NCE_THRESHOLD
    neg_logits = neg_logits.masked_fill(same, MASK_VALUE)
    logits = torch.cat([pos_logits, neg_logits], dim=-1)
    per_pos = -torch.log_softmax(logits, dim=-1)[..., 0]  # [b, s]
    valid = (targets > 0).to(per_pos.dtype)
    return (per_pos * valid).sum() / valid.sum()


def infonce_per_position_loss(user, table, targets, negatives, logit_scale):
    """InfoNCE with its own negatives at each position (the official SASRec/HSTU sampling).

    negatives: [batch, seq, k] item ids drawn independently per position; otherwise as
    infonce_loss (unit vectors, negatives with cosine > 0.99 to the target masked). The negatives'
    cosines are read from those against the whole table (same values as gathering their rows).
    """
    u = l2_normalize(user)  # [b, s, d]
    unit = l2_normalize(table)  # [n, d]
    pos = unit[targets]  # [b, s, d]
    scale = logit_scale.exp()
    pos_logits = (u * pos).sum(-1, keepdim=True) * scale  # [b, s, 1]
    neg_logits = torch.gather(u @ unit.T, -1, negatives) * scale  # [b, s, k]
    with torch.no_grad():
        same = torch.gather(pos @ unit.T, -1, negatives) > NCE_THRESHOLD
    neg_logits = neg_logits.masked_fill(same, MASK_VALUE)
    logits = torch.cat([pos_logits, neg_logits], dim=-1)
    per_pos = -torch.log_softmax(logits, dim=-1)[..., 0]  # [b, s]
    valid = (targets > 0).to(per_pos.dtype)
    return (per_pos * valid).sum() / valid.sum()


def bce_loss(user, table, targets, negatives):
    """SASRec's BCE: one negative per position. negatives: [batch, seq]."""
    pos_logits = (user * table[targets]).sum(-1)
    neg_logits = (user * table[negatives]).sum(-1)
    per_pos = -F.logsigmoid(pos_logits) - F.logsigmoid(-neg_logits)
    valid = (targets > 0).to(per_pos.dtype)
    return (per_pos * valid).sum() / valid.sum()


# ---------------------------------------------------------------------------------------------
# Optimiser and schedule
# ---------------------------------------------------------------------------------------------

LOGIT_SCALE_MAX = math.log(100.0)


def lr_at(step, base_lr, warmup, total, schedule="cosine"):
    """Linear warmup, then cosine decay to 0 (as HF get_cosine_schedule_with_warmup) or a constant
    rate (schedule "constant"); step is 0-based."""
    if step < warmup:
        return base_lr * step / max(1, warmup)
    if schedule == "constant":
        return base_lr
    progress = (step - warmup) / max(1, total - warmup)
    return base_lr * max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))


def adamw_step(params, grads, state, step, lr, weight_decay, clip, betas=(0.9, 0.999), eps=1e-8):
    """One AdamW step on dicts of tensors (in place semantics returned as new dicts).

    Global-norm clipping as torch.nn.utils.clip_grad_norm_ (coefficient max/(norm + 1e-6), only
    when < 1); decoupled weight decay as torch.optim.AdamW; `step` is 1-based; `logit_scale` is
    clamped to [0, log 100] afterwards.
    """
    b1, b2 = betas
    if clip > 0:
        total = torch.sqrt(sum((g.double() ** 2).sum() for g in grads.values()))
        coef = min(1.0, clip / (float(total) + 1e-6))
        grads = {k: g * coef for k, g in grads.items()}
    new_params, new_m, new_v = {}, {}, {}
    for name, p in params.items():
        g = grads[name]
        m = b1 * state["m"][name] + (1 - b1) * g
        v = b2 * state["v"][name] + (1 - b2) * g * g
        m_hat = m / (1 - b1**step)
        v_hat = v / (1 - b2**step)
        p = p * (1 - lr * weight_decay) - lr * m_hat / (v_hat.sqrt() + eps)
        if name == "logit_scale":
            p = p.clamp(0.0, LOGIT_SCALE_MAX)
        new_params[name], new_m[name], new_v[name] = p, m, v
    return new_params, {"m": new_m, "v": new_v}
