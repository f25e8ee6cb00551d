#!/usr/bin/env python3
"""Recover Hugging Face BERT tensors from an ONNX export and write safetensors.

    onnx-to-safetensors.py MODEL.onnx OUT.safetensors [--prefix model.0.auto_model.]

Standard library only: a minimal protobuf reader for the few ONNX fields used.

An ONNX export of a BertModel (or of a whole SentenceTransformer, whose
initializers are named "model.0.auto_model.<hf name>") keeps the embeddings,
biases and LayerNorm parameters under their PyTorch names, but stores every
nn.Linear weight as an anonymous MatMul initializer ("onnx::MatMul_470") in
[in, out] layout. The name of such a weight is recovered from the graph: the
MatMul's output feeds an Add whose other input is the named bias
("...attention.self.query.bias"), so the weight is "...query.weight", and it
is transposed back to PyTorch's [out, in] layout.

Only F32 initializers stored as raw_data or float_data are supported. Tensors
the exporter pruned (BERT's unused pooler) cannot be recovered and are absent.
The output uses the upstream safetensors layout (compact JSON header padded
with spaces, tensors ordered by dtype size then name).
"""

import argparse
import array
import json
import struct
import sys


# ---------------------------------------------------------------- protobuf
def _varint(buf, pos):
    result = 0
    shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7


def fields(buf):
    """Yield (field_number, wire_type, value) of one protobuf message.

    value is an int for varints/fixed ints and a memoryview for LEN fields."""
    pos = 0
    end = len(buf)
    while pos < end:
        key, pos = _varint(buf, pos)
        fnum, wt = key >> 3, key & 7
        if wt == 0:
            val, pos = _varint(buf, pos)
        elif wt == 1:
            val = struct.unpack_from("<Q", buf, pos)[0]
            pos += 8
        elif wt == 2:
            ln, pos = _varint(buf, pos)
            val = buf[pos:pos + ln]
            pos += ln
        elif wt == 5:
            val = struct.unpack_from("<I", buf, pos)[0]
            pos += 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wt)
        yield fnum, wt, val


def _packed_varints(mv):
    out = []
    pos = 0
    while pos < len(mv):
        v, pos = _varint(mv, pos)
        out.append(v)
    return out


def parse_tensor(mv):
    t = {"dims": [], "data_type": 0, "name": "", "raw": None, "floats": None,
         "external": False}
    for f, wt, v in fields(mv):
        if f == 1:
            if wt == 2:
                t["dims"].extend(_packed_varints(v))
            else:
                t["dims"].append(v)
        elif f == 2:
            t["data_type"] = v
        elif f == 4:
            if wt == 2:
                a = array.array("f")
                a.frombytes(bytes(v))
                if sys.byteorder != "little":
                    a.byteswap()
                t["floats"] = (t["floats"] or array.array("f")) + a
            else:
                a = array.array("f", struct.unpack("<f", struct.pack("<I", v)))
                t["floats"] = (t["floats"] or array.array("f")) + a
        elif f == 8:
            t["name"] = bytes(v).decode("utf-8")
        elif f == 9:
            t["raw"] = bytes(v)
        elif f == 14:
            t["external"] = v == 1
    return t


def parse_node(mv):
    n = {"input": [], "output": [], "op_type": "", "name": ""}
    for f, wt, v in fields(mv):
        if f == 1:
            n["input"].append(bytes(v).decode("utf-8"))
        elif f == 2:
            n["output"].append(bytes(v).decode("utf-8"))
        elif f == 3:
            n["name"] = bytes(v).decode("utf-8")
        elif f == 4:
            n["op_type"] = bytes(v).decode("utf-8")
    return n


def load_onnx(path):
    with open(path, "rb") as f:
        data = memoryview(f.read())
    graph = None
    for fnum, wt, v in fields(data):
        if fnum == 7 and wt == 2:
            graph = v
    if graph is None:
        raise SystemExit("%s: no graph in this ONNX file" % path)
    nodes, inits = [], {}
    for fnum, wt, v in fields(graph):
        if fnum == 1:
            nodes.append(parse_node(v))
        elif fnum == 5:
            t = parse_tensor(v)
            inits[t["name"]] = t
    return nodes, inits


# ---------------------------------------------------------------- convert
def tensor_bytes(t):
    if t["external"]:
        raise SystemExit("tensor %s uses external data: not supported" % t["name"])
    if t["data_type"] != 1:
        raise SystemExit("tensor %s has ONNX data_type %d, only FLOAT (1) is supported"
                         % (t["name"], t["data_type"]))
    numel = 1
    for d in t["dims"]:
        numel *= d
    if t["raw"] is not None:
        raw = t["raw"]
    elif t["floats"] is not None:
        a = t["floats"]
        if sys.byteorder != "little":
            a = array.array("f", a)
            a.byteswap()
        raw = a.tobytes()
    else:
        raise SystemExit("tensor %s has no data" % t["name"])
    if len(raw) != 4 * numel:
        raise SystemExit("tensor %s: %d bytes for %d floats" % (t["name"], len(raw), numel))
    return raw


def transpose_f32(raw, rows, cols):
    """[rows, cols] row-major F32 bytes -> [cols, rows]."""
    src = array.array("f")
    src.frombytes(raw)
    out = array.array("f", bytes(4 * rows * cols))
    for c in range(cols):
        out[c * rows:(c + 1) * rows] = src[c::cols]
    return out.tobytes()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("onnx")
    ap.add_argument("output")
    ap.add_argument("--prefix", default=None,
                    help="initializer name prefix to strip (default: auto-detect "
                         "'model.0.auto_model.' or 'bert.' or none)")
    ap.add_argument("--metadata", action="append", default=[], metavar="KEY=VALUE",
                    help="extra __metadata__ entry (repeatable)")
    args = ap.parse_args(argv)

    nodes, inits = load_onnx(args.onnx)
    consumers = {}
    for n in nodes:
        for i in n["input"]:
            consumers.setdefault(i, []).append(n)

    named = {}       # hf name -> (shape, raw bytes)
    for name, t in inits.items():
        if name.endswith((".weight", ".bias")) and not name.startswith("onnx::"):
            named[name] = (list(t["dims"]), tensor_bytes(t))

    # MatMul weights: name them after the bias of the Add that follows.
    for n in nodes:
        if n["op_type"] != "MatMul" or len(n["input"]) != 2:
            continue
        w = n["input"][1]
        if w not in inits or w in named:
            continue
        bias = None
        for c in consumers.get(n["output"][0], []):
            if c["op_type"] == "Add":
                for i in c["input"]:
                    if i in inits and i.endswith(".bias"):
                        bias = i
        if bias is None:
            raise SystemExit("cannot name MatMul weight %s (no Add with a named bias follows)" % w)
        wname = bias[:-len(".bias")] + ".weight"
        if wname in named:
            raise SystemExit("two MatMul weights map to %s" % wname)
        t = inits[w]
        if len(t["dims"]) != 2:
            raise SystemExit("MatMul weight %s is not 2-D" % w)
        rows, cols = t["dims"]
        named[wname] = ([cols, rows], transpose_f32(tensor_bytes(t), rows, cols))

    prefix = args.prefix
    if prefix is None:
        prefix = ""
        for p in ("model.0.auto_model.", "0.auto_model.", "auto_model.", "bert."):
            if all(k.startswith(p) for k in named):
                prefix = p
                break
    tensors = {}
    for k, v in named.items():
        if not k.startswith(prefix):
            raise SystemExit("tensor %s lacks prefix %r" % (k, prefix))
        tensors[k[len(prefix):]] = v

    meta = {"format": "pt"}
    for kv in args.metadata:
        key, _, val = kv.partition("=")
        meta[key] = val
    header = {"__metadata__": meta}
    pos = 0
    order = sorted(tensors)
    for k in order:
        shape, raw = tensors[k]
        header[k] = {"dtype": "F32", "shape": shape, "data_offsets": [pos, pos + len(raw)]}
        pos += len(raw)
    hjson = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hjson += b" " * ((-len(hjson)) % 8)
    with open(args.output, "wb") as g:
        g.write(struct.pack("<Q", len(hjson)))
        g.write(hjson)
        for k in order:
            g.write(tensors[k][1])
    nvals = pos // 4
    print("%s: %d tensors, %d values, from %s" % (args.output, len(order), nvals, args.onnx))
    return 0


if __name__ == "__main__":
    sys.exit(main())
