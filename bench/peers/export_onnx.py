#!/usr/bin/env python3
"""Export a BERT sentence-transformers folder (all-MiniLM-L6-v2) to ONNX for the ORT peer benchmark.

    python bench/peers/export_onnx.py models/all-MiniLM-L6-v2     # prints the cache folder

Writes, under models/onnx/<name>-<sha256(model.safetensors)[:16]>/ (git-ignored, reused when present):
  model.onnx      torch.onnx.export (TorchScript exporter, opset 17) of the transformer only:
                  inputs input_ids, attention_mask, token_type_ids (int64 [batch, seq], both axes
                  dynamic) -> last_hidden_state (float32 [batch, seq, 384]). Mean pooling and L2
                  normalisation are NOT in the graph: the benchmark does them in numpy.
  model-opt.onnx  model.onnx after onnxruntime.transformers.optimizer (model_type "bert", fp32):
                  fused Attention, SkipLayerNormalization, BiasGelu, EmbedLayerNormalization; this is
                  what optimum's O2 level and the "optimized" ONNX files on the HF hub contain.
  meta.json       versions and hashes.
The TorchScript exporter is used because its graph shape is the one ORT's BERT fusions match;
--exporter dynamo uses the torch.export-based exporter instead (no model-opt.onnx then).
"""
import argparse
import hashlib
import json
import os
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def cache_dir(model_dir, root=None):
    model_dir = os.path.abspath(model_dir)
    sha = sha256(os.path.join(model_dir, "model.safetensors"))
    if root is None:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "onnx")
    return os.path.normpath(os.path.join(root, "%s-%s" % (os.path.basename(model_dir), sha[:16]))), sha


def export(model_dir, out_dir, sha, exporter="torchscript", opset=17):
    import torch
    from transformers import AutoModel, AutoConfig

    cfg = AutoConfig.from_pretrained(model_dir)
    # eager attention: a plain MatMul/Softmax pattern that ORT's attention fusion recognises
    model = AutoModel.from_pretrained(model_dir, attn_implementation="eager").eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    wrapped = LastHidden(model).eval()
    ids = torch.tensor([[101, 7592, 2088, 1010, 2023, 2003, 1037, 3231, 102],
                        [101, 2178, 6251, 102, 0, 0, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    tt = torch.zeros_like(ids)
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "model.onnx")
    tmp = path + ".tmp"
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad():
        if exporter == "torchscript":
            axes = {n: {0: "batch", 1: "seq"} for n in names}
            axes["last_hidden_state"] = {0: "batch", 1: "seq"}
            torch.onnx.export(wrapped, (ids, mask, tt), tmp, dynamo=False, input_names=names,
                              output_names=["last_hidden_state"], dynamic_axes=axes,
                              opset_version=opset, do_constant_folding=True)
        else:
            b, s = torch.export.Dim("batch", min=1, max=4096), torch.export.Dim("seq", min=2, max=512)
            shapes = {n: {0: b, 1: s} for n in names}
            prog = torch.onnx.export(wrapped, (ids, mask, tt), dynamo=True, input_names=names,
                                     output_names=["last_hidden_state"], dynamic_shapes=shapes,
                                     opset_version=max(opset, 18), external_data=False)
            prog.save(tmp)
    os.replace(tmp, path)

    opt_path = None
    if exporter == "torchscript":
        from onnxruntime.transformers import optimizer
        opt = optimizer.optimize_model(path, model_type="bert", num_heads=cfg.num_attention_heads,
                                       hidden_size=cfg.hidden_size, opt_level=1, use_gpu=False)
        opt_path = os.path.join(out_dir, "model-opt.onnx")
        opt.save_model_to_file(opt_path + ".tmp")
        os.replace(opt_path + ".tmp", opt_path)
        fused = opt.get_fused_operator_statistics()
        print("export_onnx: fused operators: %s" % {k: v for k, v in fused.items() if v},
              file=sys.stderr)

    import onnx
    import onnxruntime
    import transformers
    meta = {"source": os.path.abspath(model_dir), "model_safetensors_sha256": sha,
            "exporter": exporter, "opset": opset, "torch": torch.__version__,
            "transformers": transformers.__version__, "onnx": onnx.__version__,
            "onnxruntime": onnxruntime.__version__, "outputs": "last_hidden_state",
            "pooling": "mean + L2 in numpy (not in the graph)",
            "files": {os.path.basename(p): sha256(p) for p in [path, opt_path] if p}}
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    return path


def ensure(model_dir, exporter="torchscript", root=None):
    """Returns the cache folder, exporting on the first call for this model sha and exporter."""
    out, sha = cache_dir(model_dir, root)
    if exporter != "torchscript":
        out += "-" + exporter
    meta = os.path.join(out, "meta.json")
    if os.path.exists(meta):
        with open(meta) as f:
            m = json.load(f)
        if m.get("model_safetensors_sha256") == sha and all(
                os.path.exists(os.path.join(out, n)) for n in m.get("files", {})):
            return out
    print("export_onnx: exporting %s -> %s" % (model_dir, out), file=sys.stderr)
    export(model_dir, out, sha, exporter)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model_dir")
    ap.add_argument("--exporter", choices=["torchscript", "dynamo"], default="torchscript")
    ap.add_argument("--root", help="cache root (default: <repo>/models/onnx)")
    a = ap.parse_args()
    print(ensure(a.model_dir, a.exporter, a.root))


if __name__ == "__main__":
    main()
