#!/usr/bin/env bash
# Makes .gpu/tests.tar.xz at the repository root (folder tests/ inside): Tests/ShapeSharp.GpuTests, the
# xunit runner of the Runtime, Definitions and Samples tests, published self-contained for linux-x64,
# for the GPU machine, which has no .NET (../shared/GPU.md). Left out, as stage.sh leaves them out:
# libtorch (the GPU machine has its own), libLibTorchSharp.so (built there, or .gpu/native/ from an
# earlier run.sh), the debugger and alternative-GC libraries, satellite resources, Windows-only files.
#
#   Tests/ShapeSharp.Benchmarks/gpu/stage-tests.sh [--no-trim]
#     --no-trim  publish without trimming the .NET framework (Trim.targets, as stage.sh does): about
#                37 MB packed instead of about 20
#
# There, in a `run` call from the repository root carrying .gpu/tests.tar.xz and .gpu/native (a
# libLibTorchSharp.so that run.sh built and returned), or .gpu/src to build one as run.sh does:
#   TORCH=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
#   tar -xJf .gpu/tests.tar.xz -C /tmp && cp .gpu/native/libLibTorchSharp.so /tmp/tests/
#   ldconfig -p | grep -q libicuuc || export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
#   LD_LIBRARY_PATH=$TORCH/lib:/tmp/tests /tmp/tests/ShapeSharp.GpuTests [FILTER...]
# A test runs when its name or its class's full name contains a FILTER (any case); none runs them all.
# Prints PASS/FAIL/SKIP per test, then "N passed, N failed, N skipped"; exit 1 on a failure or no match.
# The Samples tests start each sample with `dotnet` from its build folder in this checkout, so they
# fail where there is no .NET: there, name filters that leave them out (Devices CheckpointPlacement ...).
set -euo pipefail

trim=1
for arg in "$@"; do
  case $arg in
    --no-trim) trim=0 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "stage-tests.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
gpu=$root/.gpu
say() { echo "stage-tests.sh: $*"; }
fail() { echo "stage-tests.sh: $*" >&2; exit 1; }

# Worktrees share the main checkout's info/exclude.
exclude=$(git rev-parse --git-common-dir)/info/exclude
mkdir -p "$(dirname "$exclude")"
grep -qxF '/.gpu/' "$exclude" 2>/dev/null || { echo '/.gpu/' >> "$exclude"; say "added /.gpu/ to $exclude"; }
git check-ignore -q .gpu/tests.tar.xz || fail ".gpu/ is not ignored by git; it must never be committed."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

publish=(-c Release -r linux-x64 --self-contained -nologo -v q)
[ $trim = 1 ] && publish+=("-p:CustomAfterMicrosoftCommonTargets=$root/Tests/ShapeSharp.Benchmarks/gpu/Trim.targets")
say "publishing Tests/ShapeSharp.GpuTests (self-contained, linux-x64, $([ $trim = 1 ] && echo trimmed || echo untrimmed))"
dotnet publish Tests/ShapeSharp.GpuTests "${publish[@]}" -o "$work/tests"
bash "$root/Tests/ShapeSharp.Benchmarks/gpu/prune.sh" "$work/tests"
(
  cd "$work/tests"
  # The samples' launchers and FashionMnist's data/, copied in by the Samples tests' references to
  # them: those tests start the samples from their own build folders, never from here. The tests'
  # copy of the data is Samples/FashionMnist/data.
  rm -rf FashionMnist FashionMnist.deps.json FashionMnist.runtimeconfig.json Xor Xor.deps.json Xor.runtimeconfig.json data
  find . -mindepth 1 -type d -empty -delete
)
[ -x "$work/tests/ShapeSharp.GpuTests" ] || fail "the publish made no ShapeSharp.GpuTests."

mkdir -p "$gpu"
say "packing $(du -sb "$work/tests" | cut -f1) bytes with xz -9 (a minute or two)"
tar -C "$work" -cf - tests | xz -9 -T2 > "$gpu/tests.tar.xz.partial"
mv "$gpu/tests.tar.xz.partial" "$gpu/tests.tar.xz"
size=$(stat -c %s "$gpu/tests.tar.xz")
say ".gpu/tests.tar.xz: $size bytes ($(awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1e6 }'))"
