#!/usr/bin/env bash
# The benchmark's own venv, with the anchors it compares chainrule against:
#   micrograd 0.1.0, numpy, torch 2.13.0 (CPU wheel), micrograd-rust 0.1.0.
#
#   bash bench/setup_anchors.sh            # what `make bench` runs; VENV defaults to bench/.venv
#   VENV=/tmp/anchors bash bench/setup_anchors.sh && /tmp/anchors/bin/python -c "import micrograd_rust"
#
# Idempotent and cached: when the venv already has every anchor it checks that and stops (a second
# or two). NO_RUST=1 skips micrograd-rust; so does a machine without cargo.
#
# micrograd-rust: PyPI has only a macOS-arm64 wheel and an sdist. The sdist is a Rust crate that
# wants pyo3 0.23 from the Rust crate registry, which these machines cannot reach. We build it from
# the sdist against Debian trixie's packaged crate sources (librust-*-dev, fetched with
# `apt-get download` into a private directory, nothing installed system-wide), with the pyo3
# requirement relaxed from 0.23 to 0.22 (the version Debian ships; the crate compiles unchanged).
# A failed build does not stop the benchmark: it says why, and the report marks micrograd-rust skipped.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
VENV=${VENV:-$HERE/.venv}
WORK=${WORK:-$VENV/anchors-build}
PY=${PYTHON:-python3}
NO_RUST=${NO_RUST:-0}
case $VENV in /*) ;; *) VENV=$PWD/$VENV ;; esac  # the build below changes directory
case $WORK in /*) ;; *) WORK=$PWD/$WORK ;; esac

have() { "$VENV/bin/python" -c "$1" 2>/dev/null; }
PEERS='import micrograd.engine, numpy, torch; assert torch.__version__.split("+")[0] == "2.13.0"'
RUST='import micrograd_rust'

if [ -x "$VENV/bin/python" ] && have "$PEERS" && { [ "$NO_RUST" = 1 ] || have "$RUST"; }; then
  echo "anchors ready in $VENV (micrograd-rust: $(have "$RUST" && echo present || echo skipped, NO_RUST=1))"
  exit 0
fi

[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip)

if ! have "$PEERS"; then
  # torch must come as the CPU wheel; refuse to pull CUDA packages
  if ! have "import torch" && "${PIP[@]}" install --dry-run torch==2.13.0 2>/dev/null | grep -qi "nvidia"; then
    echo "torch==2.13.0 would pull CUDA packages; install the CPU wheel by file instead" >&2
    exit 1
  fi
  "${PIP[@]}" install -q micrograd==0.1.0 numpy torch==2.13.0
fi

build_rust() {
  mkdir -p "$WORK" && cd "$WORK"
  "${PIP[@]}" install -q "maturin>=1.0,<2.0"

  # 1. the sdist, fetched with pip's own HTTP session from pip's default index (`pip download` would
  #    try to build it for its metadata, which needs the crates the sdist cannot fetch)
  "$VENV/bin/python" - <<'EOF'
from pip._internal.models.index import PyPI
from pip._internal.network.session import PipSession

session = PipSession()
index = session.get(PyPI.simple_url.rstrip("/") + "/micrograd-rust/",
                    headers={"Accept": "application/vnd.pypi.simple.v1+json"})
index.raise_for_status()
url = next(f["url"] for f in index.json()["files"] if f["filename"] == "micrograd_rust-0.1.0.tar.gz")
data = session.get(url).content
open("micrograd_rust-0.1.0.tar.gz", "wb").write(data)
print("sdist", len(data), "bytes")
EOF
  rm -rf src && mkdir src && tar xzf micrograd_rust-0.1.0.tar.gz -C src --strip-components=1

  # 2. Debian trixie's crate sources, downloaded (not installed) with a private apt state
  local apt="$WORK/apt" mirror
  mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/debs" "$apt/root"
  # the machine's own Debian mirror (from its apt configuration), with the trixie suite
  mirror=$( { cat /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null || true; } \
    | grep -oE '^(URIs:|deb) +[^ ]+' | awk '{print $2}' | grep -vE 'security|nodesource|google' | head -n 1 || true)
  [ -n "$mirror" ] || { echo "no Debian mirror found in the apt configuration" >&2; return 1; }
  echo "deb $mirror trixie main" > "$apt/sources.list"
  local opts=(-o Dir::Etc::SourceList="$apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::State::status=/dev/null)
  apt-get "${opts[@]}" update -qq
  local crates="autocfg byteorder cfg-if getrandom heck indoc libc memoffset once-cell portable-atomic
                ppv-lite86 proc-macro2 pyo3 pyo3-build-config pyo3-ffi pyo3-macros pyo3-macros-backend
                quote rand rand-chacha rand-core rustversion syn unicode-ident unindent target-lexicon
                zerocopy zerocopy-derive"
  (cd "$apt/debs" && for c in $crates; do apt-get "${opts[@]}" download -qq "librust-$c-dev" 2>/dev/null || true; done)
  for d in "$apt"/debs/*.deb; do dpkg-deb -x "$d" "$apt/root"; done

  # 3. cargo, offline, with crates-io replaced by that directory
  export CARGO_HOME="$WORK/cargo-home"
  mkdir -p "$CARGO_HOME"
  cat > "$CARGO_HOME/config.toml" <<EOF
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "$apt/root/usr/share/cargo/registry"
[net]
offline = true
EOF
  cd src
  sed -i 's/pyo3 = { version = "0.23"/pyo3 = { version = "0.22"/' Cargo.toml
  rm -f Cargo.lock
  cargo generate-lockfile --offline
  "$VENV/bin/maturin" build --release --offline -i "$VENV/bin/python"
  "${PIP[@]}" install -q --force-reinstall --no-deps target/wheels/micrograd_rust-0.1.0-*.whl
  "$VENV/bin/python" -c "import micrograd_rust as m; a = m.Value(2.0); b = (a * a).tanh(); b.backward(); print('micrograd_rust ok', a.grad)"
}

if [ "$NO_RUST" != 1 ] && ! have "$RUST"; then
  if ! command -v cargo >/dev/null; then
    echo "cargo not found: micrograd-rust skipped" >&2
  else
    set +e
    (set -e; build_rust)  # a subshell: its cd and exports stay inside; not in an `if`, so -e holds there
    built=$?
    set -e
    [ "$built" = 0 ] || echo "micrograd-rust could not be built (see above): the benchmark will mark it skipped" >&2
  fi
fi
echo "anchors ready in $VENV (micrograd-rust: $(have "$RUST" && echo present || echo skipped))"
