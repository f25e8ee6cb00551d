#!/usr/bin/env python3
"""Convert the floating-point tensors of a .safetensors file to another dtype.

    convert-safetensors.py IN.safetensors OUT.safetensors --dtype F16|BF16|F32

Standard library only (no numpy, no torch).

* F32/F16/BF16/F64 tensors are converted to --dtype; every other dtype (for
  example the I64 embeddings.position_ids of BERT models) is copied unchanged.
* F32 -> F16 uses IEEE round-to-nearest-even (struct format 'e'); values too
  large for F16 become +-inf, as torch's .half() does.
* F32 -> BF16 keeps the top 16 bits of the F32 pattern with round-to-nearest-
  even; NaNs stay (quiet) NaNs.
* The output is a valid safetensors file: u64 LE header length, compact JSON
  header padded with spaces to a multiple of 8, contiguous data_offsets
  covering the whole buffer, "__metadata__" kept. Tensors are laid out like
  the upstream writer does (by dtype size, largest first, then by name) so
  every tensor is aligned to its element size.
"""

import argparse
import array
import json
import os
import struct
import sys
import time

DTYPE_SIZE = {
    "BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1,
    "I16": 2, "U16": 2, "F16": 2, "BF16": 2,
    "I32": 4, "U32": 4, "F32": 4,
    "I64": 8, "U64": 8, "F64": 8,
}
FLOATS = ("F16", "BF16", "F32", "F64")
LITTLE = sys.byteorder == "little"


def _u32_array():
    for code in ("I", "L"):
        if array.array(code).itemsize == 4:
            return code
    raise SystemExit("no 4-byte unsigned array type on this platform")


U32 = _u32_array()


def _le(arr):
    """Native array -> little-endian bytes (in place swap on big-endian hosts)."""
    if not LITTLE:
        arr.byteswap()
    return arr.tobytes()


def _from_le(code, data):
    arr = array.array(code)
    arr.frombytes(data)
    if not LITTLE:
        arr.byteswap()
    return arr


def to_f32_array(dtype, data):
    """Decode a float tensor's raw bytes into an array('f') (or 'd' for F64)."""
    n = len(data) // DTYPE_SIZE[dtype]
    if dtype == "F32":
        return _from_le("f", data)
    if dtype == "F64":
        return _from_le("d", data)
    if dtype == "F16":
        return array.array("f", struct.unpack("<%de" % n, data))
    if dtype == "BF16":
        # little-endian f32 bytes = [0, 0, lo, hi] for bf16 bytes [lo, hi]
        out = bytearray(4 * n)
        mv = memoryview(data)
        out[2::4] = mv[0::2]
        out[3::4] = mv[1::2]
        return _from_le("f", bytes(out))
    raise ValueError(dtype)


def _pack_f16(values):
    try:
        return struct.pack("<%de" % len(values), *values)
    except OverflowError:
        inf = float("inf")
        fixed = [v if abs(v) < 65520.0 or v != v else (inf if v > 0 else -inf)
                 for v in values]
        return struct.pack("<%de" % len(fixed), *fixed)


def _pack_bf16(f32_le_bytes):
    u = _from_le(U32, f32_le_bytes)
    h = array.array("H", [
        ((x + 0x7FFF + ((x >> 16) & 1)) >> 16) if (x & 0x7FFFFFFF) <= 0x7F800000
        else ((x >> 16) | 0x40)
        for x in u])
    return _le(h)


def convert(src_dtype, data, dst_dtype):
    if src_dtype == dst_dtype:
        return data
    if src_dtype == "F32":
        f32_bytes = data
        vals = None
    else:
        vals = to_f32_array(src_dtype, data)
        if vals.typecode == "d":
            vals = array.array("f", vals) if dst_dtype != "F16" else vals
        f32_bytes = None
    if dst_dtype == "F32":
        return _le(vals) if vals is not None else f32_bytes
    if dst_dtype == "F16":
        if vals is None:
            vals = _from_le("f", f32_bytes)
        return _pack_f16(vals)
    if dst_dtype == "BF16":
        if f32_bytes is None:
            f32_bytes = _le(array.array("f", vals))
        return _pack_bf16(f32_bytes)
    raise ValueError(dst_dtype)


def read_header(f, path):
    raw = f.read(8)
    if len(raw) != 8:
        raise SystemExit("%s: too short for a safetensors file" % path)
    (n,) = struct.unpack("<Q", raw)
    if n > 100_000_000:
        raise SystemExit("%s: header length %d is implausible" % (path, n))
    header = json.loads(f.read(n).decode("utf-8"))
    return n, header


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--dtype", required=True, type=str.upper,
                    choices=("F16", "BF16", "F32"))
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    t0 = time.time()

    with open(args.input, "rb") as f:
        hlen, header = read_header(f, args.input)
        base = 8 + hlen
        meta = header.pop("__metadata__", None)
        size = os.fstat(f.fileno()).st_size
        # validate input layout
        spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k)
                       for k, v in header.items())
        pos = 0
        for b, e, k in spans:
            if b != pos or e < b:
                raise SystemExit("%s: tensor %s is not contiguous" % (args.input, k))
            info = header[k]
            numel = 1
            for d in info["shape"]:
                numel *= d
            if info["dtype"] not in DTYPE_SIZE:
                raise SystemExit("%s: unknown dtype %s" % (args.input, info["dtype"]))
            if e - b != numel * DTYPE_SIZE[info["dtype"]]:
                raise SystemExit("%s: tensor %s has the wrong byte size" % (args.input, k))
            pos = e
        if base + pos != size:
            raise SystemExit("%s: data buffer does not match the file size" % args.input)

        # plan the output
        out_dtype = {}
        for k, v in header.items():
            out_dtype[k] = args.dtype if v["dtype"] in FLOATS else v["dtype"]
        order = sorted(header, key=lambda k: (-DTYPE_SIZE[out_dtype[k]], k))
        new_header = {}
        if meta is not None:
            new_header["__metadata__"] = meta
        pos = 0
        for k in order:
            numel = 1
            for d in header[k]["shape"]:
                numel *= d
            nbytes = numel * DTYPE_SIZE[out_dtype[k]]
            new_header[k] = {"dtype": out_dtype[k], "shape": header[k]["shape"],
                             "data_offsets": [pos, pos + nbytes]}
            pos += nbytes
        hjson = json.dumps(new_header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        hjson += b" " * ((-len(hjson)) % 8)

        tmp = args.output + ".tmp%d" % os.getpid()
        try:
            with open(tmp, "wb") as g:
                g.write(struct.pack("<Q", len(hjson)))
                g.write(hjson)
                for k in order:
                    b, e = header[k]["data_offsets"]
                    f.seek(base + b)
                    data = f.read(e - b)
                    out = convert(header[k]["dtype"], data, out_dtype[k]) \
                        if header[k]["dtype"] in FLOATS else data
                    want = new_header[k]["data_offsets"]
                    if len(out) != want[1] - want[0]:
                        raise SystemExit("internal error: size mismatch for " + k)
                    g.write(out)
            os.replace(tmp, args.output)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    if not args.quiet:
        nconv = sum(1 for k in header if header[k]["dtype"] in FLOATS)
        print("%s: %d tensors (%d converted to %s), %d bytes, %.1f s"
              % (args.output, len(header), nconv, args.dtype,
                 8 + len(hjson) + pos, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
