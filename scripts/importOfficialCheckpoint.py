"""Converts a checkpoint of the official HLLM code (github.com/bytedance/HLLM) to a playground checkpoint.

usage: python3 scripts/importOfficialCheckpoint.py STATE_DICT.(pt|bin) --out FILE.safetensors
           [--run-config run-config.json] [--item-llm NAME] [--text-fields title,description]
           [--max-text-tokens N] [--max-history N]
(--run-config, the bundle's run config, or --item-llm to build one from the other flags)

STATE_DICT is what the official code loads with `--val_only True`: a PyTorch state dict of its HLLM
model (`pytorch_model.bin`, or a `.pt`), float32, float16 or bfloat16. A DeepSpeed run saves ZeRO
shards instead; DeepSpeed's own `zero_to_fp32.py` turns them into such a state dict first.

Parameter names (the official HLLM model: two Hugging Face `LlamaForCausalLM`s, the [ITEM] embedding and
the InfoNCE scale) and where they go in the playground's layout:

  item_llm.model.embed_tokens.weight   -> item.embed_tokens.weight
  item_llm.model.layers.<i>.<rest>     -> item.layers.<i>.<rest>
  item_llm.model.norm.weight           -> item.norm.weight
  item_emb_tokens [1, 1, hidden]       -> item.item_token [hidden]
  user_llm.model.layers.<i>.<rest>     -> user.layers.<i>.<rest>
  user_llm.model.norm.weight           -> user.norm.weight
  logit_scale []                       -> logit_scale []
  item_llm.lm_head.weight, user_llm.lm_head.weight, user_llm.model.embed_tokens.weight
                                       -> not used by HLLM (it reads hidden states; the User LLM takes
                                          item embeddings), reported and left out

Any other name is an error: nothing is dropped silently. The run config goes in the safetensors
metadata (the bundle's `run-config.json`, or one built from the flags, its other fields taking the
playground's defaults when read); `--item-llm` names the Item LLM folder (tokenizer and config.json)
the playground loads to tokenize the items. Evaluate the result with
`npm run cli -- evaluate --checkpoint FILE.safetensors --interactions ...`.
"""

import argparse
import json
import re
import struct
import sys

import torch

FORMAT = "hllm-playground-checkpoint/1"
UNUSED = {"item_llm.lm_head.weight", "user_llm.lm_head.weight", "user_llm.model.embed_tokens.weight"}
WRAPPERS = ("state_dict", "model", "module")
PREFIXES = ("module.", "_forward_module.")


class ConversionError(Exception):
    """A checkpoint this script cannot convert; the message says why."""


def unwrap(obj):
    """The state dict inside what torch.load returned (bare, or under a wrapper key or a DDP prefix)."""
    while isinstance(obj, dict) and not any(torch.is_tensor(v) for v in obj.values()):
        inner = next((obj[k] for k in WRAPPERS if isinstance(obj.get(k), dict)), None)
        if inner is None:
            raise ConversionError(f"expected a state dict of tensors, found keys {sorted(obj)[:8]}")
        obj = inner
    if not isinstance(obj, dict):
        raise ConversionError(f"expected a state dict, found {type(obj).__name__}")
    for prefix in PREFIXES:
        if obj and all(n.startswith(prefix) for n in obj):
            return {n[len(prefix):]: t for n, t in obj.items()}
    return obj


def rename(state):
    """Official names -> playground names; returns (tensors, unused names)."""
    out, unused = {}, []
    for name, tensor in state.items():
        t = tensor.detach().to(torch.float32).contiguous()
        if name in UNUSED:
            unused.append(name)
        elif name == "item_emb_tokens":
            if t.shape[:2] != (1, 1):
                raise ConversionError(f"item_emb_tokens: expected shape [1, 1, hidden], found {list(t.shape)}")
            out["item.item_token"] = t.reshape(-1)
        elif name == "logit_scale":
            out["logit_scale"] = t.reshape(())
        elif re.fullmatch(r"item_llm\.model\.(embed_tokens\.weight|norm\.weight|layers\.\d+\..+)", name):
            out["item." + name[len("item_llm.model."):]] = t
        elif re.fullmatch(r"user_llm\.model\.(norm\.weight|layers\.\d+\..+)", name):
            out["user." + name[len("user_llm.model."):]] = t
        else:
            raise ConversionError(f"unknown parameter {name} {list(t.shape)}: not part of the official HLLM model")
    for needed in ("item.embed_tokens.weight", "item.norm.weight", "user.norm.weight", "logit_scale"):
        if needed not in out:
            raise ConversionError(f"missing {needed} (official name of its source in this script's docstring)")
    if "item.item_token" not in out:
        raise ConversionError("missing item_emb_tokens: mean pooling (item_emb_token_n 0) is not supported")
    return out, unused


def layer_count(tensors, prefix):
    found = {int(m.group(1)) for n in tensors for m in [re.match(prefix + r"layers\.(\d+)\.", n)] if m}
    return max(found) + 1 if found else 0


def check_user(tensors):
    """The User LLM must be the Item LLM's architecture (hidden size, per-layer shapes); returns its layers."""
    item_layers, user_layers = layer_count(tensors, "item."), layer_count(tensors, "user.")
    if user_layers == 0 or user_layers > item_layers:
        raise ConversionError(f"User LLM has {user_layers} layers; expected 1 to {item_layers} (the Item LLM's)")
    for name, t in tensors.items():
        if name.startswith("user."):
            twin = "item." + name[len("user."):]
            if twin not in tensors or tensors[twin].shape != t.shape:
                raise ConversionError(f"{name} {list(t.shape)} has no Item LLM counterpart of the same shape")
    return user_layers, item_layers


def build_config(args, user_layers, item_layers):
    if args.run_config is not None:
        with open(args.run_config, encoding="utf-8") as f:
            config = json.load(f)
        model = config.get("model", {})
        if model.get("kind") != "hllm":
            raise ConversionError(f"{args.run_config}: expected an HLLM run config, found model kind {model.get('kind')!r}")
    else:
        if args.item_llm is None:
            raise ConversionError("give --run-config, or --item-llm to build a run config")
        config = {
            "data": {"maxHistory": args.max_history},
            "model": {
                "kind": "hllm",
                "textFields": args.text_fields.split(","),
                "maxTextTokens": args.max_text_tokens,
            },
        }
        model = config["model"]
    encoder = dict(model.get("itemEncoder", {}))
    encoder.update({"kind": "finetune", "topLayers": "all", "lora": 0})
    if args.item_llm is not None:
        encoder["model"] = args.item_llm
    if "model" not in encoder:
        raise ConversionError("the run config names no Item LLM; give --item-llm")
    model["itemEncoder"] = encoder
    model["userInit"] = "checkpoint"
    model.pop("userLora", None)
    if user_layers < item_layers:
        model["userLayers"] = user_layers
    else:
        model.pop("userLayers", None)
    config["model"] = model
    return config


def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        data = tensors[name].numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for blob in blobs:
            f.write(blob)


def main(argv):
    parser = argparse.ArgumentParser(description="Official HLLM checkpoint -> playground safetensors")
    parser.add_argument("state_dict")
    parser.add_argument("--out", required=True)
    parser.add_argument("--run-config")
    parser.add_argument("--item-llm")
    parser.add_argument("--text-fields", default="title,description")
    parser.add_argument("--max-text-tokens", type=int, default=256)
    parser.add_argument("--max-history", type=int, default=50)
    args = parser.parse_args(argv)
    try:
        state = unwrap(torch.load(args.state_dict, map_location="cpu"))
        tensors, unused = rename(state)
        user_layers, item_layers = check_user(tensors)
        config = build_config(args, user_layers, item_layers)
    except (ConversionError, OSError, json.JSONDecodeError) as err:
        print(f"error: {args.state_dict}: {err}", file=sys.stderr)
        return 1
    metadata = {"format": FORMAT, "config": json.dumps(config), "source": f"official HLLM {args.state_dict}"}
    write_safetensors(args.out, tensors, metadata)
    print(
        f"{len(tensors)} tensors written to {args.out} (Item LLM {item_layers} layers, User LLM {user_layers}); "
        f"left out as unused by HLLM: {', '.join(unused) if unused else 'nothing'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
