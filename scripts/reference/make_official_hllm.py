"""Writes a tiny HLLM checkpoint under the official code's parameter names, and golden outputs.

Run with Debian's torch 1.13:  /usr/bin/python3 scripts/reference/make_official_hllm.py
(then scripts/importOfficialCheckpoint.py converts it: test/fixtures/official-hllm/README.md).

The model is built from this repository's PyTorch reference (modules.LlamaDecoder) and named as the
official HLLM model names its state dict (bytedance/HLLM, code/REC/model/HLLM/hllm.py: two Hugging
Face LlamaForCausalLM, `item_llm` and `user_llm`, the [ITEM] embedding `item_emb_tokens` and
`logit_scale`). Its Item LLM has the shape of test/fixtures/tiny-llama (whose tokenizer it uses) but
weights of its own, so a test that reads them back cannot pass on the fixture's weights.

Output (test/fixtures/official-hllm/):
  pytorch_model.bin   the state dict, float32 (torch.save)
  golden.json         token ids of a few items, their item embeddings (the Item LLM's final-norm
                      state at the [ITEM] slot), user vectors of a few histories (the User LLM's
                      last position) and cosine scores of each user against every item
"""

import json
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_tiny_llama as tiny  # noqa: E402
import modules as M  # noqa: E402

OUT = os.path.join(HERE, "..", "..", "test", "fixtures", "official-hllm")
SEED = 77
PROMPT = "Compress the following sentence into embedding: "
MAX_TEXT_TOKENS = 80
CFG = {
    "hidden_size": tiny.CONFIG["hidden_size"],
    "intermediate_size": tiny.CONFIG["intermediate_size"],
    "num_layers": tiny.CONFIG["num_hidden_layers"],
    "num_heads": tiny.CONFIG["num_attention_heads"],
    "num_kv_heads": tiny.CONFIG["num_key_value_heads"],
    "rms_norm_eps": tiny.CONFIG["rms_norm_eps"],
    "rope_theta": tiny.CONFIG["rope_theta"],
}
ITEMS = [
    {"title": "Jazz Piano Basics", "description": "chords and voicings"},
    {"title": "Pruning Roses", "description": "a garden guide"},
    {"title": "Film Cameras", "description": "how to load a roll"},
    {"title": "Retirement and Taxes", "description": "plans for later"},
    {"title": "Wildlife Photography", "description": "long lenses"},
]
HISTORIES = [[0, 2, 1], [4], [3, 3, 0, 1]]


class Body(M.LlamaDecoder):
    """Hugging Face LlamaModel's names: embed_tokens, layers, norm."""

    def __init__(self, cfg, vocab):
        super().__init__(cfg)
        self.embed_tokens = nn.Embedding(vocab, cfg["hidden_size"])


class CausalLm(nn.Module):
    """Hugging Face LlamaForCausalLM's names: model.*, lm_head (unused by HLLM)."""

    def __init__(self, cfg, vocab):
        super().__init__()
        self.model = Body(cfg, vocab)
        self.lm_head = nn.Linear(cfg["hidden_size"], vocab, bias=False)


class OfficialNamedHllm(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.item_llm = CausalLm(CFG, vocab)
        self.user_llm = CausalLm(CFG, vocab)
        self.item_emb_tokens = nn.Parameter(torch.zeros(1, 1, CFG["hidden_size"]))
        self.logit_scale = nn.Parameter(torch.tensor(2.9))

    def item_embedding(self, ids):
        """[hidden]: the final-norm state at the [ITEM] slot appended after the text tokens."""
        body = self.item_llm.model
        embeds = torch.cat([body.embed_tokens(torch.tensor(ids)), self.item_emb_tokens[0]], dim=0)
        return body(embeds[None])[0, -1]

    def user_vector(self, table, history):
        """[hidden]: the User LLM's last position over the history's item embeddings."""
        return self.user_llm.model(table[history][None])[0, -1]


def prompt_of(item):
    return PROMPT + "".join(f"{k}: {v}" for k, v in item.items())


def main():
    torch.manual_seed(SEED)
    model = OfficialNamedHllm(tiny.CONFIG["vocab_size"])
    gen = torch.Generator().manual_seed(SEED)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("norm.weight"):
                p.copy_(1.0 + 0.1 * torch.randn(p.shape, generator=gen))
            elif name != "logit_scale":
                p.copy_(0.2 * torch.randn(p.shape, generator=gen))
    model = model.double()
    token_ids = [tiny.encode(prompt_of(item))[:MAX_TEXT_TOKENS] for item in ITEMS]
    with torch.no_grad():
        table = torch.stack([model.item_embedding(ids) for ids in token_ids])
        users = torch.stack([model.user_vector(table, h) for h in HISTORIES])
        scores = M.l2_normalize(users) @ M.l2_normalize(table).T
    os.makedirs(OUT, exist_ok=True)
    state = {k: v.detach().to(torch.float32).clone() for k, v in model.state_dict().items()}
    torch.save(state, os.path.join(OUT, "pytorch_model.bin"))
    golden = {
        "items": ITEMS,
        "maxTextTokens": MAX_TEXT_TOKENS,
        "tokenIds": token_ids,
        "itemEmbeddings": table.tolist(),
        "histories": HISTORIES,
        "userVectors": users.tolist(),
        "scores": scores.tolist(),
        "logitScale": float(state["logit_scale"]),
    }
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)
    print(f"wrote {len(state)} tensors and golden outputs to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
