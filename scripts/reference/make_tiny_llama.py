"""Writes the tiny random Llama fixture used by the item-encoder tests.

Run with Debian's torch 1.13 and onnx:  /usr/bin/python3 scripts/reference/make_tiny_llama.py

Output (test/fixtures/tiny-llama/):
  config.json, model.safetensors     Hugging Face LlamaForCausalLM layout, float32
  onnx/model.onnx                    the same weights; inputs input_ids, attention_mask, position_ids
                                     (int64 [batch, seq]); output last_hidden_state (float32 [batch, seq, hidden])
  tokenizer.json, tokenizer_config.json
                                     a character-level BPE tokenizer (no merges) with Llama's normaliser
  golden.json                        token ids of a few texts and the final-norm hidden states of a few
                                     sequences, each computed alone and unpadded
"""

import json
import math
import os
import string
import struct
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "tiny-llama")
SEED = 1234
SPECIALS = ["<unk>", "<s>", "</s>"]
CHARS = ["\u2581"] + [c for c in string.printable if not c.isspace()]
VOCAB = {tok: i for i, tok in enumerate(SPECIALS + CHARS)}
CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "model_type": "llama",
    "vocab_size": len(VOCAB),
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 8,
    "hidden_act": "silu",
    "max_position_embeddings": 256,
    "rms_norm_eps": 1e-6,
    "rope_theta": 10000.0,
    "tie_word_embeddings": False,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "pad_token_id": 0,
    "torch_dtype": "float32",
}
GOLDEN_TEXTS = ["title: Toy Story", "Compress the following sentence into embedding: title: Heat"]
GOLDEN_IDS = [[1, 5, 9, 17, 3, 40], [1, 70, 12, 3, 3, 8, 91, 2, 44], [1, 60]]


def encode(text):
    """Character-level encoding as tokenizer.json does it: BOS, then '▁' + text with spaces as '▁'."""
    return [VOCAB["<s>"]] + [VOCAB.get(c, VOCAB["<unk>"]) for c in "\u2581" + text.replace(" ", "\u2581")]


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


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.heads = cfg["num_attention_heads"]
        self.kv_heads = cfg["num_key_value_heads"]
        self.head_dim = cfg["head_dim"]
        hidden = cfg["hidden_size"]
        # Qwen2 biases q/k/v; Llama's attention_bias biases q/k/v and o.
        qkv_bias = cfg["model_type"] == "qwen2" or cfg.get("attention_bias", False)
        o_bias = cfg["model_type"] == "llama" and cfg.get("attention_bias", False)
        self.q_proj = nn.Linear(hidden, self.heads * self.head_dim, bias=qkv_bias)
        self.k_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=qkv_bias)
        self.v_proj = nn.Linear(hidden, self.kv_heads * self.head_dim, bias=qkv_bias)
        self.o_proj = nn.Linear(self.heads * self.head_dim, hidden, bias=o_bias)

    def forward(self, x, cos, sin, bias):
        b, s, _ = x.shape
        q = self.q_proj(x).view(b, s, self.heads, self.head_dim).transpose(1, 2)  # [b, h, s, hd]
        k = self.k_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)  # [b, kv, s, hd]
        v = self.v_proj(x).view(b, s, self.kv_heads, self.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        rep = self.heads // self.kv_heads
        k = k.unsqueeze(2).expand(b, self.kv_heads, rep, s, self.head_dim).reshape(b, self.heads, s, self.head_dim)
        v = v.unsqueeze(2).expand(b, self.kv_heads, rep, s, self.head_dim).reshape(b, self.heads, s, self.head_dim)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + bias  # [b, h, s, s]
        out = torch.softmax(scores, dim=-1) @ v  # [b, h, s, hd]
        return self.o_proj(out.transpose(1, 2).reshape(b, s, self.heads * self.head_dim))


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        hidden, inner = cfg["hidden_size"], cfg["intermediate_size"]
        self.gate_proj = nn.Linear(hidden, inner, bias=False)
        self.up_proj = nn.Linear(hidden, inner, bias=False)
        self.down_proj = nn.Linear(inner, hidden, bias=False)

    def forward(self, x):
        return self.down_proj(nn.functional.silu(self.gate_proj(x)) * self.up_proj(x))


class Layer(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.input_layernorm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.self_attn = Attention(cfg)
        self.post_attention_layernorm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])
        self.mlp = MLP(cfg)

    def forward(self, x, cos, sin, bias):
        x = x + self.self_attn(self.input_layernorm(x), cos, sin, bias)
        return x + self.mlp(self.post_attention_layernorm(x))


class Decoder(nn.Module):
    """HF LlamaModel naming; forward returns the final-norm hidden states [batch, seq, hidden]."""

    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.embed_tokens = nn.Embedding(cfg["vocab_size"], cfg["hidden_size"])
        self.layers = nn.ModuleList([Layer(cfg) for _ in range(cfg["num_hidden_layers"])])
        self.norm = RMSNorm(cfg["hidden_size"], cfg["rms_norm_eps"])

    def forward(self, input_ids, attention_mask, position_ids):
        hd = self.cfg["head_dim"]
        inv_freq = 1.0 / (self.cfg["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float32) / hd))
        angles = position_ids.to(torch.float32).unsqueeze(-1) * inv_freq  # [b, s, hd/2]
        angles = torch.cat([angles, angles], dim=-1).unsqueeze(1)  # [b, 1, s, hd]
        cos, sin = angles.cos(), angles.sin()
        s = input_ids.shape[1]
        causal = torch.ones(s, s).tril().to(torch.bool)  # [s, s]
        allowed = causal.unsqueeze(0) & attention_mask.to(torch.bool).unsqueeze(1)  # [b, s, s]
        bias = (1.0 - allowed.to(torch.float32)).unsqueeze(1) * -1e9  # [b, 1, s, s]
        x = self.embed_tokens(input_ids)
        for layer in self.layers:
            x = layer(x, cos, sin, bias)
        return self.norm(x)


def init_weights(model):
    gen = torch.Generator().manual_seed(SEED)
    for name, p in model.named_parameters():
        with torch.no_grad():
            if name.endswith("layernorm.weight") or name == "norm.weight":
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            else:
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)


def tokenizer_json():
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)
        ],
        "normalizer": {
            "type": "Sequence",
            "normalizers": [
                {"type": "Prepend", "prepend": "\u2581"},
                {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"},
            ],
        },
        "pre_tokenizer": None,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
            "pair": [
                {"SpecialToken": {"id": "<s>", "type_id": 0}},
                {"Sequence": {"id": "A", "type_id": 0}},
                {"SpecialToken": {"id": "<s>", "type_id": 1}},
                {"Sequence": {"id": "B", "type_id": 1}},
            ],
            "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}},
        },
        "decoder": {
            "type": "Sequence",
            "decoders": [
                {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
                {"type": "Fuse"},
                {"type": "Strip", "content": " ", "start": 1, "stop": 0},
            ],
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": "<unk>",
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": True,
            "byte_fallback": False,
            "vocab": VOCAB,
            "merges": [],
        },
    }


TOKENIZER_CONFIG = {
    "tokenizer_class": "PreTrainedTokenizerFast",
    "bos_token": "<s>",
    "eos_token": "</s>",
    "unk_token": "<unk>",
    "pad_token": "<unk>",
    "padding_side": "left",
    "add_bos_token": True,
    "add_eos_token": False,
    "model_max_length": 256,
    "clean_up_tokenization_spaces": False,
}


def main():
    torch.manual_seed(SEED)
    os.makedirs(os.path.join(OUT, "onnx"), exist_ok=True)
    model = Decoder(CONFIG)
    init_weights(model)
    model.eval()
    lm_head = 0.2 * torch.randn(CONFIG["vocab_size"], CONFIG["hidden_size"], generator=torch.Generator().manual_seed(SEED + 1))

    tensors = {f"model.{name}": p for name, p in model.named_parameters()}
    tensors["lm_head.weight"] = lm_head
    write_safetensors(os.path.join(OUT, "model.safetensors"), tensors)
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(tokenizer_json(), f, ensure_ascii=False)
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump(TOKENIZER_CONFIG, f, indent=2)

    ids = torch.tensor([[1, 5, 9, 17]], dtype=torch.long)
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.arange(4).unsqueeze(0)),
        os.path.join(OUT, "onnx", "model.onnx"),
        input_names=["input_ids", "attention_mask", "position_ids"],
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "position_ids", "last_hidden_state"]},
        opset_version=14,
    )

    golden = {"texts": [{"text": t, "ids": encode(t)} for t in GOLDEN_TEXTS], "sequences": []}
    with torch.no_grad():
        for seq in GOLDEN_IDS + [encode(t) for t in GOLDEN_TEXTS]:
            x = torch.tensor([seq], dtype=torch.long)
            state = model(x, torch.ones_like(x), torch.arange(len(seq)).unsqueeze(0))[0]
            golden["sequences"].append({"ids": seq, "last_hidden_state": [[round(v, 7) for v in row] for row in state.tolist()]})
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)
    total = sum(os.path.getsize(os.path.join(dp, n)) for dp, _, ns in os.walk(OUT) for n in ns)
    print(f"wrote {OUT} ({total} bytes, vocab {len(VOCAB)})", file=sys.stderr)


if __name__ == "__main__":
    main()
