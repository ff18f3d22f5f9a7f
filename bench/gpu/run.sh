#!/bin/sh
# The GPU bench in one command, from the folder scripts/packGpuBench.ts writes (gpu-bundle/), on a
# bare CUDA machine with no network and no Node: unpacks Node and Dawn, unpacks the Vulkan loader
# when the machine lacks it, runs the PyTorch side then the WebGPU side (each under a time budget,
# about 7 minutes in all), and writes specs.json, torch.json, webgpu.json, report.md and the logs
# to $OUT (default gpu-bundle/out). GPU_BENCH_SIZE=quick runs the CPU-adapter sizes;
# GPU_BENCH_ONLY=name,name runs only those configurations.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-$HERE/out}
SIZE=${GPU_BENCH_SIZE:-full}
PYTHON=${PYTHON:-python3}
WORK=${TMPDIR:-/tmp}/hllm-gpu-bench
QUICK=""
[ "$SIZE" = quick ] && QUICK=--quick
ONLY=""
[ -n "${GPU_BENCH_ONLY:-}" ] && ONLY="--only $GPU_BENCH_ONLY"
mkdir -p "$OUT" "$WORK/node_modules/webgpu/dist/linux-x64"
started=$(date +%s)

# Node (stripped, gzipped) and the bench beside a node_modules/webgpu holding Dawn.
gzip -dc "$HERE/node.gz" >"$WORK/node" && chmod +x "$WORK/node" || exit 1
gzip -dc "$HERE/dawn.node.gz" >"$WORK/node_modules/webgpu/dist/linux-x64/dawn.node" || exit 1
cp "$HERE/webgpu/index.js" "$HERE/webgpu/package.json" "$WORK/node_modules/webgpu/"
cp -r "$HERE/onnxruntime-node" "$WORK/node_modules/"
cp "$HERE/bench.mjs" "$WORK/bench.mjs"
NODE="$WORK/node"

# The Vulkan loader (Debian's libvulkan1) and the GL dispatch libraries NVIDIA's Vulkan ICD loads
# (libglvnd0 …, the device README's set): each .deb unpacked only when a library in it is missing.
LDCONFIG=$(command -v ldconfig || echo /sbin/ldconfig)
UNPACKED=""
for deb in "$HERE"/debs/*.deb; do
  for so in $(dpkg-deb -c "$deb" | grep -o '[^/ ]*\.so\.[0-9]*' | sort -u); do
    if ! "$LDCONFIG" -p 2>/dev/null | grep -q "^[[:space:]]*$so "; then
      dpkg-deb -x "$deb" "$WORK/gl" || exit 1
      UNPACKED="$UNPACKED $so"
      break
    fi
  done
done
if [ -n "$UNPACKED" ]; then
  echo "unpacked (missing here):$UNPACKED"
  export LD_LIBRARY_PATH="$WORK/gl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
# NVIDIA's Vulkan ICD where the driver is mounted outside the loader's search path.
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$NV_ICD" ] &&
  ! ls /usr/share/vulkan/icd.d/nvidia_icd*.json /etc/vulkan/icd.d/nvidia_icd*.json >/dev/null 2>&1; then
  export VK_DRIVER_FILES="$NV_ICD"
fi
export HLLM_TOKENIZER_DIR="$HERE/tokenizer"
echo "unpacked in $(($(date +%s) - started)) s; node $("$NODE" --version)"
# What the Vulkan loader will see, for the log.
command -v nvidia-smi >/dev/null && nvidia-smi -L
ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>/dev/null
echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"

"$NODE" "$WORK/bench.mjs" specs "$OUT/specs.json" $QUICK || exit 1
if [ "$SIZE" = quick ]; then TORCH_BUDGET=1200 WEBGPU_BUDGET=2400; else TORCH_BUDGET=100 WEBGPU_BUDGET=200; fi
# PyTorch first: its figures come back even if the WebGPU side dies.
PYTHONUNBUFFERED=1 timeout $((TORCH_BUDGET + 45)) "$PYTHON" "$HERE/torch_bench.py" \
  "$OUT/specs.json" "$OUT/torch.json" --budget-s "$TORCH_BUDGET" $ONLY >"$OUT/torch.log" 2>&1
echo "torch: exit $? after $(($(date +%s) - started)) s"
timeout $((WEBGPU_BUDGET + 70)) "$NODE" "$WORK/bench.mjs" run "$OUT/webgpu.json" $QUICK \
  --budget-s "$WEBGPU_BUDGET" $ONLY >"$OUT/webgpu.log" 2>&1
echo "webgpu: exit $? after $(($(date +%s) - started)) s"
"$NODE" "$WORK/bench.mjs" report "$OUT/webgpu.json" "$OUT/torch.json" "$OUT/report.md"
echo "done in $(($(date +%s) - started)) s"
