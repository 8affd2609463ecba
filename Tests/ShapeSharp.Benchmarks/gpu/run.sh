#!/usr/bin/env bash
# Runs ON the GPU machine, from the repository root, over the .gpu/ folder that stage.sh made
# (a `run` call with carry: [".gpu"]). Builds libLibTorchSharp.so against the machine's libtorch
# unless .gpu/native/ holds one (the built one is copied to $OUT/native/ to carry next time), unpacks
# the app, then runs each command given, in order, teeing its output to $OUT/<name>.txt:
#
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh benchmarks cuda-check
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh fashion --epochs 5 --device cuda
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh python Tests/ShapeSharp.Benchmarks/pytorch/fashion_mnist.py --data .gpu/data
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh benchmarks cuda-check :: fashion --epochs 5 :: python SCRIPT ARGS
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh tests Devices CheckpointPlacement
#   bash Tests/ShapeSharp.Benchmarks/gpu/run.sh profiler-lib :: benchmarks steps GptMini GeneratedOnePass 10 --device cuda --profile /tmp/t.json
#
#   benchmarks ARGS  the ShapeSharp.Benchmarks program (cuda-check, train-step ..., forward ...)
#   tests FILTERS    the xunit tests (CUDA ones included) through Tests/ShapeSharp.GpuTests, from .gpu/tests.tar.xz
#                    (stage-tests.sh makes it); FILTERS pick tests by name, none = all
#   profiler-lib     builds gpu/profiler/libShapeSharpProfiler.so here and puts it beside the benchmarks
#                    (their `steps --profile` loads it)
#   fashion ARGS     the FashionMnist sample; --data .gpu/data (the full set) unless ARGS name --data,
#                    --out under /tmp unless ARGS name --out
#   python ARGS      python3 ARGS, unbuffered
#   ::               separates commands
# <name> is the command's words up to the first option, joined by '-' (a second of the same name
# gets -2): benchmarks-cuda-check.txt, fashion.txt, python-fashion_mnist.txt. The run tool returns at
# most 8 files, the native library included. Exit status: the first failing command's, else 0.
set -uo pipefail

# The run tool starts commands in the repository root, where the carried .gpu lands.
root=$PWD
gpu=$root/.gpu
out=${OUT:-$gpu/out}
mkdir -p "$out"
say() { echo "run.sh: $*"; }
fail() { echo "run.sh: $*" >&2; exit 1; }

[ -f "$gpu/app.tar.xz" ] || [ -f "$gpu/tests.tar.xz" ] \
  || fail "$gpu/app.tar.xz and $gpu/tests.tar.xz are missing: run from the repository root, after stage.sh (or stage-tests.sh), carrying .gpu."
torch_dir=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))') || fail "python3 has no torch here."

# --- libLibTorchSharp.so: carried, or built against this machine's libtorch ---------------------
native=$gpu/native/libLibTorchSharp.so
if [ -f "$native" ]; then
  say "native: the carried $native"
else
  [ -f "$gpu/src/Native/CMakeLists.txt" ] || fail "no .gpu/native/libLibTorchSharp.so and no .gpu/src/Native to build it from."
  say "native: building libLibTorchSharp.so against $torch_dir"
  build=/tmp/shapesharp-native
  mkdir -p "$build"
  started=$SECONDS
  if ! (cd "$build" && cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_dir/share/cmake" "$gpu/src/Native" \
        && ninja) > "$build/build.log" 2>&1; then
    tail -40 "$build/build.log"
    fail "the native build failed (above: the end of its log)."
  fi
  native=$(find "$build" -name libLibTorchSharp.so -type f | head -1)
  [ -n "$native" ] || fail "the native build made no libLibTorchSharp.so."
  mkdir -p "$out/native"
  cp "$native" "$out/native/"
  say "native: built in $((SECONDS - started)) s; copied to \$OUT/native/ (put it in .gpu/native/ to skip this next time)"
fi

# --- the app ------------------------------------------------------------------------------------
apps=/tmp/shapesharp-app
rm -rf "$apps"
mkdir -p "$apps"
for pack in app tests; do
  [ -f "$gpu/$pack.tar.xz" ] || continue
  tar -xJf "$gpu/$pack.tar.xz" -C "$apps" || fail "could not unpack $gpu/$pack.tar.xz."
done
benchmarks=$(find "$apps" -maxdepth 3 -name ShapeSharp.Benchmarks -type f | head -1)
fashion=$(find "$apps" -maxdepth 3 -name FashionMnist -type f | head -1)
tests=$(find "$apps" -maxdepth 3 -name ShapeSharp.GpuTests -type f | head -1)
for program in "$benchmarks" "$fashion" "$tests"; do
  [ -n "$program" ] || continue
  dir=$(dirname "$program")
  cp "$native" "$dir/"
  # The bundled subset stage.sh left out (tracked, so it travelled with the working tree).
  mkdir -p "$dir/data"
  cp "$root"/Samples/FashionMnist/data/*.gz "$dir/data/" 2>/dev/null || true
done
export LD_LIBRARY_PATH=$torch_dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
# .NET needs ICU for cultures; without it, the invariant culture rather than a failed start.
ldconfig -p 2>/dev/null | grep -q libicuuc || export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1

# --- the commands -------------------------------------------------------------------------------
build_profiler() {
  [ -n "$benchmarks" ] || { say "no ShapeSharp.Benchmarks to put the profiler library beside"; return 2; }
  local build=/tmp/shapesharp-profiler started=$SECONDS
  mkdir -p "$build"
  if ! (cd "$build" && cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_dir/share/cmake" \
        "$root/Tests/ShapeSharp.Benchmarks/gpu/profiler" && ninja) > "$build/build.log" 2>&1; then
    tail -30 "$build/build.log"
    say "the profiler library did not build (above: the end of its log)"
    return 1
  fi
  cp "$build/libShapeSharpProfiler.so" "$(dirname "$benchmarks")/"
  say "profiler-lib: built in $((SECONDS - started)) s"
}

declare -A used
status=0
run_one() {
  local kind=$1
  shift
  local -a command
  case $kind in
    benchmarks) [ -n "$benchmarks" ] || { say "no ShapeSharp.Benchmarks in the app"; return 2; }
                command=("$benchmarks" "$@") ;;
    fashion)    [ -n "$fashion" ] || { say "no FashionMnist in the app"; return 2; }
                command=("$fashion" "$@")
                [[ " $* " == *" --data "* ]] || command+=(--data "$gpu/data")
                [[ " $* " == *" --out "* ]] || command+=(--out /tmp/shapesharp-fashion-out --overwrite) ;;
    tests)      [ -n "$tests" ] || { say "no ShapeSharp.GpuTests: stage-tests.sh makes .gpu/tests.tar.xz"; return 2; }
                command=("$tests" "$@") ;;
    python)     command=(env PYTHONUNBUFFERED=1 python3 "$@") ;;
    profiler-lib) build_profiler; return $? ;;
    *)          say "unknown command '$kind': benchmarks, fashion, tests, python or profiler-lib"; return 2 ;;
  esac

  local name=$kind word
  for word in "$@"; do
    [[ $word == -* ]] && break
    name+=-$(basename "$word" .py)
  done
  name=$(echo "$name" | tr -c 'A-Za-z0-9._\n-' '_' | cut -c1-60)
  used[$name]=$(( ${used[$name]:-0} + 1 ))
  [ "${used[$name]}" -gt 1 ] && name+=-${used[$name]}

  say "\$ ${command[*]}  (-> \$OUT/$name.txt)"
  local started=$SECONDS rc
  (cd "$root" && "${command[@]}") 2>&1 | tee "$out/$name.txt"
  rc=${PIPESTATUS[0]}
  say "$name: exit $rc after $((SECONDS - started)) s"
  return "$rc"
}

args=("$@")
[ ${#args[@]} -gt 0 ] || { say "no command given; the app and native library are ready."; exit 0; }
current=()
for arg in "${args[@]}" ::; do
  if [ "$arg" = :: ]; then
    if [ ${#current[@]} -gt 0 ]; then
      run_one "${current[@]}"
      rc=$?
      [ $status = 0 ] && status=$rc
    fi
    current=()
  else
    current+=("$arg")
  fi
done
exit "$status"
