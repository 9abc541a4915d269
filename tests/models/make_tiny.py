#!/usr/bin/env python3
"""Makes the tiny BERT-style ONNX models and WordPiece tokenizer the tests use, deterministically.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install -r tests/models/requirements.txt
    /tmp/v/bin/python tests/models/make_tiny.py

Writes, next to this script (each folder a model folder as `proofctl model add` takes it):
  tiny/             the good model: input_ids, attention_mask, token_type_ids -> last_hidden_state
                    [batch, tokens, 32]; sentence_bert_config.json sets 64-token windows;
                    reference.json: 3 sentences -> mean-pooled, L2-normalised vectors computed
                    here with onnxruntime, which the Rust tests must reproduce
  tiny-no-tti/      the same without token_type_ids (the graph asks for two inputs)
  bad-no-mask/      no attention_mask input
  bad-rank2/        output [batch, 32] (already pooled)
  bad-rank4/        output [batch, tokens, 32, 1]
Every folder has the same tokenizer.json: WordPiece (169 tokens), BertNormalizer (lowercase),
BertPreTokenizer, [CLS] $A [SEP]. Running it twice gives identical files.
"""
import json, os, shutil, sys
import numpy as np
import onnx
from onnx import helper, TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "tiny")
os.makedirs(OUT, exist_ok=True)
WINDOW = 64
HIDDEN = 32
MAX_POS = 256
OPSET = 17

# ---------------- vocab / tokenizer ----------------
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = """the a an of to and in is it that for on with as was be by this are at from
or have not but what all were when we there can your which their if do will each about how
up out them then she many some so these would other into has more her two like him see time
could no make than first been its who now people my made over did down only way find use may
cat dog sat mat quick brown fox jumps lazy rust model text hello world embed sentence""".split()
PIECES = ["##s", "##ing", "##ed", "##er", "##ly", "##es", "##y", "##e", "##a", "##o", "##i", "##n", "##t"]
PUNCT = list(".,!?;:'\"-()")
LETTERS = list("abcdefghijklmnopqrstuvwxyz")
vocab_list = []
for t in SPECIAL + PUNCT + LETTERS + ["##" + c for c in LETTERS] + WORDS + PIECES:
    if t not in vocab_list:
        vocab_list.append(t)
vocab = {t: i for i, t in enumerate(vocab_list)}
VOCAB = len(vocab)

tokenizer_json = {
    "version": "1.0",
    "truncation": None,
    "padding": None,
    "added_tokens": [
        {"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
         "normalized": False, "special": True} for t in SPECIAL
    ],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                   "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
        "special_tokens": {
            "[CLS]": {"id": "[CLS]", "ids": [vocab["[CLS]"]], "tokens": ["[CLS]"]},
            "[SEP]": {"id": "[SEP]", "ids": [vocab["[SEP]"]], "tokens": ["[SEP]"]},
        },
    },
    "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100, "vocab": vocab},
}
with open(os.path.join(OUT, "tokenizer.json"), "w") as f:
    json.dump(tokenizer_json, f, indent=1, ensure_ascii=False)

# ---------------- weights ----------------
rng = np.random.default_rng(20240601)
W_word = (rng.standard_normal((VOCAB, HIDDEN)) * 0.5).astype(np.float32)
W_pos = (rng.standard_normal((MAX_POS, HIDDEN)) * 0.1).astype(np.float32)
W_type = (rng.standard_normal((2, HIDDEN)) * 0.1).astype(np.float32)
W_dense = (rng.standard_normal((HIDDEN, HIDDEN)) / np.sqrt(HIDDEN)).astype(np.float32)
b_dense = (rng.standard_normal((HIDDEN,)) * 0.01).astype(np.float32)


def build(name, with_mask=True, with_tti=True, out_mode="rank3"):
    inits = [numpy_helper.from_array(W_word, "word_emb"), numpy_helper.from_array(W_pos, "pos_emb"),
             numpy_helper.from_array(W_dense, "dense_w"), numpy_helper.from_array(b_dense, "dense_b"),
             numpy_helper.from_array(np.array([1], np.int64), "one_1d"),
             numpy_helper.from_array(np.array(0, np.int64), "zero_s"),
             numpy_helper.from_array(np.array(1, np.int64), "one_s"),
             numpy_helper.from_array(np.array([-1], np.int64), "neg1_1d")]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])]
    nodes = [
        helper.make_node("Gather", ["word_emb", "input_ids"], ["we"], axis=0),          # [b,s,H]
        helper.make_node("Shape", ["input_ids"], ["ids_shape"]),
        helper.make_node("Gather", ["ids_shape", "one_1d"], ["seq_len_1d"], axis=0),
        helper.make_node("Squeeze", ["seq_len_1d"], ["seq_len"]),
        helper.make_node("Range", ["zero_s", "seq_len", "one_s"], ["pos_ids"]),          # [s]
        helper.make_node("Gather", ["pos_emb", "pos_ids"], ["pe"], axis=0),              # [s,H]
        helper.make_node("Add", ["we", "pe"], ["x0"]),
    ]
    x = "x0"
    if with_tti:
        inputs.append(helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["batch", "seq"]))
        inits.append(numpy_helper.from_array(W_type, "type_emb"))
        nodes += [helper.make_node("Gather", ["type_emb", "token_type_ids"], ["te"], axis=0),
                  helper.make_node("Add", [x, "te"], ["x1"])]
        x = "x1"
    nodes += [helper.make_node("MatMul", [x, "dense_w"], ["mm"]),
              helper.make_node("Add", ["mm", "dense_b"], ["pre"]),
              helper.make_node("Tanh", ["pre"], ["h"])]
    h = "h"
    if with_mask:
        # mask-dependent mixing so attention_mask matters: h + 0.5*tanh(masked_mean(h)) broadcast over seq
        inputs.append(helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "seq"]))
        nodes += [
            helper.make_node("Cast", ["attention_mask"], ["m_f"], to=TensorProto.FLOAT),
            helper.make_node("Unsqueeze", ["m_f", "neg1_1d"], ["m3"]),                    # [b,s,1]
            helper.make_node("Mul", [h, "m3"], ["hm"]),
            helper.make_node("ReduceSum", ["hm", "one_1d"], ["hs"], keepdims=1),          # [b,1,H]
            helper.make_node("ReduceSum", ["m3", "one_1d"], ["ms"], keepdims=1),          # [b,1,1]
            helper.make_node("Div", ["hs", "ms"], ["ctx"]),
            helper.make_node("Tanh", ["ctx"], ["ctx_t"]),
            helper.make_node("Constant", [], ["half"], value=numpy_helper.from_array(np.array(0.5, np.float32))),
            helper.make_node("Mul", ["ctx_t", "half"], ["ctx_h"]),
            helper.make_node("Add", [h, "ctx_h"], ["h2"]),
        ]
        h = "h2"
    if out_mode == "rank3":
        nodes.append(helper.make_node("Identity", [h], ["last_hidden_state"]))
        out_shape = ["batch", "seq", HIDDEN]
    elif out_mode == "rank2":
        nodes.append(helper.make_node("ReduceMean", [h], ["last_hidden_state"], axes=[1], keepdims=0))
        out_shape = ["batch", HIDDEN]
    elif out_mode == "rank4":
        nodes.append(helper.make_node("Unsqueeze", [h, "neg1_1d"], ["last_hidden_state"]))
        out_shape = ["batch", "seq", HIDDEN, 1]
    outputs = [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, out_shape)]
    graph = helper.make_graph(nodes, "tiny_bert", inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="proofctl-make_tiny", producer_version="1")
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "model.onnx")
    onnx.save(model, path)
    if folder != OUT:
        shutil.copyfile(os.path.join(OUT, "tokenizer.json"), os.path.join(folder, "tokenizer.json"))
    print(f"{name}/model.onnx: {os.path.getsize(path)} bytes")
    return path


good = build("tiny")
build("bad-no-mask", with_mask=False)
build("tiny-no-tti", with_tti=False)
build("bad-rank2", out_mode="rank2")
build("bad-rank4", out_mode="rank4")
with open(os.path.join(OUT, "sentence_bert_config.json"), "w") as f:
    json.dump({"max_seq_length": WINDOW, "do_lower_case": False}, f)
    f.write("\n")

# ---------------- reference via onnxruntime ----------------
import onnxruntime as ort
from tokenizers import Tokenizer

SENTENCES = ["The quick brown fox jumps over the lazy dog.",
             "Hello, world!",
             "A cat sat on the mat, and it was happy with this embedding model."]
tok = Tokenizer.from_file(os.path.join(OUT, "tokenizer.json"))
tok.enable_padding(pad_id=vocab["[PAD]"], pad_token="[PAD]")   # pad to longest
tok.enable_truncation(max_length=WINDOW)
enc = tok.encode_batch(SENTENCES)
ids = np.array([e.ids for e in enc], np.int64)
mask = np.array([e.attention_mask for e in enc], np.int64)
tti = np.array([e.type_ids for e in enc], np.int64)
so = ort.SessionOptions(); so.intra_op_num_threads = 1
sess = ort.InferenceSession(good, so, providers=["CPUExecutionProvider"])
print("inputs:", [(i.name, i.shape, i.type) for i in sess.get_inputs()])
print("outputs:", [(o.name, o.shape, o.type) for o in sess.get_outputs()])


def embed(ids, mask, tti):
    (lhs,) = sess.run(["last_hidden_state"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": tti})
    m = mask[..., None].astype(np.float32)
    pooled = (lhs * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


batch = embed(ids, mask, tti)
singles = []
for s in SENTENCES:
    e = tok.encode_batch([s])[0]
    singles.append(embed(np.array([e.ids], np.int64), np.array([e.attention_mask], np.int64),
                         np.array([e.type_ids], np.int64))[0])
singles = np.stack(singles)
print("batch vs singles max abs diff:", float(np.abs(batch - singles).max()))
for s, e in zip(SENTENCES, enc):
    print(repr(s), e.tokens)
ref = {"hidden": HIDDEN, "sentences": SENTENCES,
       "tokens": [e.tokens for e in enc], "ids": [e.ids for e in enc],
       "embeddings": batch.astype(np.float64).tolist()}
with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump(ref, f, indent=1)
print("first 4 dims:", [list(np.round(r[:4], 6)) for r in batch])
print("vocab size", VOCAB)
