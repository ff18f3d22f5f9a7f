"""Writes the tiny random Qwen2 fixture (Llama with q/k/v biases) used by the checkpoint tests.

Run with Debian's torch 1.13:  /usr/bin/python3 scripts/reference/make_tiny_qwen2.py

Output (test/fixtures/tiny-qwen2/):
  config.json, model.safetensors     Hugging Face Qwen2ForCausalLM layout, float32, tied embeddings
                                     (no lm_head.weight), q/k/v biases, rope_theta 1e6
  tokenizer.json, tokenizer_config.json
                                     the tiny-llama character-level tokenizer
  golden.json                        final-norm hidden states of a few sequences, each computed alone
                                     and unpadded
"""

import json
import os
import sys

import torch

import make_tiny_llama as T

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "tiny-qwen2")
CONFIG = {
    "architectures": ["Qwen2ForCausalLM"],
    "model_type": "qwen2",
    "vocab_size": len(T.VOCAB),
    "hidden_size": 32,
    "intermediate_size": 48,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "num_key_value_heads": 2,
    "head_dim": 8,
    "hidden_act": "silu",
    "max_position_embeddings": 256,
    "max_window_layers": 2,
    "rms_norm_eps": 1e-6,
    "rope_theta": 1000000.0,
    "sliding_window": 256,
    "use_sliding_window": False,
    "tie_word_embeddings": True,
    "bos_token_id": 1,
    "eos_token_id": 2,
    "torch_dtype": "float32",
}
GOLDEN_IDS = [[1, 5, 9, 17, 3, 40], [1, 70, 12, 3, 3, 8, 91, 2, 44], [1, 60]]


def main():
    torch.manual_seed(T.SEED)
    os.makedirs(OUT, exist_ok=True)
    model = T.Decoder(CONFIG)
    T.init_weights(model)
    model.eval()
    T.write_safetensors(os.path.join(OUT, "model.safetensors"), {f"model.{n}": p for n, p in model.named_parameters()})
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(CONFIG, f, indent=2)
    with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
        json.dump(T.tokenizer_json(), f, ensure_ascii=False)
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump(T.TOKENIZER_CONFIG, f, indent=2)

    golden = {"sequences": []}
    with torch.no_grad():
        for seq in GOLDEN_IDS:
            x = torch.tensor([seq], dtype=torch.long)
            state = model(x, torch.ones_like(x), torch.arange(len(seq)).unsqueeze(0))[0]
            golden["sequences"].append({"ids": seq, "last_hidden_state": [[round(v, 7) for v in row] for row in state.tolist()]})
    with open(os.path.join(OUT, "golden.json"), "w") as f:
        json.dump(golden, f)
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
    print(f"wrote {OUT} ({total} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
