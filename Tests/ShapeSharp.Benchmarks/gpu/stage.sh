#!/usr/bin/env bash
# Makes the ignored folder .gpu/ at the repository root: everything a `run` call on the GPU machine
# carries (carry: [".gpu"]) to run the benchmarks and the FashionMnist sample there (../shared/GPU.md):
#   .gpu/app.tar.xz   self-contained linux-x64 Release publish of Tests/ShapeSharp.Benchmarks and
#                     Samples/FashionMnist: one folder app/ when their files agree, else app/benchmarks
#                     and app/fashion; without libtorch (the GPU machine has its own), the debugger and
#                     alternative-GC libraries, satellite resources, Windows-only files and the bundled
#                     data subset (run.sh puts the tracked one back)
#   .gpu/src/Native   TorchSharp 0.107.0's native sources, add_definitions(-Werror) removed
#   .gpu/data         the full Fashion-MNIST IDX .gz files (Debian package dataset-fashion-mnist)
#   .gpu/native/      kept as it is: a libLibTorchSharp.so built there by run.sh (saves its ~70 s build)
# Ends by measuring what a call would carry and fails if that is over the 64 MiB limit.
#
#   Tests/ShapeSharp.Benchmarks/gpu/stage.sh [--no-trim | --keep-app] [TORCHSHARP_MIRROR]
#     TORCHSHARP_MIRROR  git dir of a dotnet/TorchSharp mirror at 0.107 (the search tool's `fetch`
#                        github:dotnet/TorchSharp gives /work/.mirror/dotnet+TorchSharp/repo); also
#                        read from the environment variable of that name
#     --no-trim          publish without trimming the .NET framework (larger: about 34 MB packed
#                        instead of about 18; with the full data it does not fit)
#     --keep-app         keep .gpu/app.tar.xz as it is (only the native sources and data are redone)
#     FASHION_MNIST_DIR  where the IDX .gz files are (default /usr/share/datasets/fashion-mnist)
set -euo pipefail

trim=1
keep_app=0
mirror=${TORCHSHARP_MIRROR:-}
for arg in "$@"; do
  case $arg in
    --no-trim) trim=0 ;;
    --keep-app) keep_app=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "stage.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
    *) mirror=$arg ;;
  esac
done

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
gpu=$root/.gpu
here=Tests/ShapeSharp.Benchmarks/gpu
data_source=${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}
limit=$((64 * 1024 * 1024))
say() { echo "stage.sh: $*"; }
fail() { echo "stage.sh: $*" >&2; exit 1; }

[ -n "$mirror" ] || fail "no TorchSharp mirror: pass its git dir (fetch github:dotnet/TorchSharp) or set TORCHSHARP_MIRROR."
git -C "$mirror" rev-parse --git-dir >/dev/null 2>&1 || fail "$mirror is not a git repository."
branch_info=$(git -C "$mirror" show HEAD:build/BranchInfo.props) || fail "$mirror has no build/BranchInfo.props."
version=$(echo "$branch_info" | sed -n 's:.*<\(Major\|Minor\|Patch\)Version>\([0-9]*\)<.*:\2:p' | paste -sd.)
[ "$version" = 0.107.0 ] || fail "$mirror is TorchSharp $version; the project uses 0.107.0."

# Worktrees share the main checkout's info/exclude.
exclude=$(git rev-parse --git-common-dir)/info/exclude
mkdir -p "$(dirname "$exclude")"
grep -qxF '/.gpu/' "$exclude" 2>/dev/null || { echo '/.gpu/' >> "$exclude"; say "added /.gpu/ to $exclude"; }
git check-ignore -q .gpu/app.tar.xz || fail ".gpu/ is not ignored by git; it must never be committed."

mkdir -p "$gpu"
rm -rf "$gpu/src" "$gpu/data"
if [ $keep_app = 1 ]; then
  [ -f "$gpu/app.tar.xz" ] || fail "--keep-app: there is no .gpu/app.tar.xz to keep."
  say "keeping .gpu/app.tar.xz"
else
  rm -f "$gpu/app.tar.xz"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- the two programs -------------------------------------------------------------------------
if [ $keep_app = 0 ]; then
  publish=(-c Release -r linux-x64 --self-contained -nologo -v q)
  [ $trim = 1 ] && publish+=("-p:CustomAfterMicrosoftCommonTargets=$root/$here/Trim.targets")
  say "publishing Tests/ShapeSharp.Benchmarks and Samples/FashionMnist ($([ $trim = 1 ] && echo trimmed || echo untrimmed))"
  dotnet publish Tests/ShapeSharp.Benchmarks "${publish[@]}" -o "$work/benchmarks"
  dotnet publish Samples/FashionMnist "${publish[@]}" -o "$work/fashion"

  for dir in "$work/benchmarks" "$work/fashion"; do
    bash "$root/$here/prune.sh" "$dir"
    (
      cd "$dir"
      find . -mindepth 1 -type d -empty -delete
      # The bundled 12,000/2,000 subset is tracked in Samples/FashionMnist/data and travels anyway.
      rm -rf data
    )
  done

  # One folder when every file the two have in common is the same; else one each.
  conflicts=$(cd "$work/benchmarks" && find . -type f | while read -r f; do
    if [ -f "$work/fashion/$f" ] && ! cmp -s "$f" "$work/fashion/$f"; then echo "$f"; fi; done | wc -l)
  mkdir -p "$work/pack/app"
  if [ "$conflicts" = 0 ]; then
    cp -a "$work/benchmarks/." "$work/fashion/." "$work/pack/app/"
    say "one folder app/: the two publishes agree on every shared file"
  else
    mv "$work/benchmarks" "$work/fashion" "$work/pack/app/"
    say "two folders app/benchmarks and app/fashion: $conflicts shared files differ (trimming keeps what each program needs)"
  fi
  say "packing $(du -sb "$work/pack/app" | cut -f1) bytes with xz -9 (a minute or two)"
  # One stream, a 64 MiB dictionary: the files the two folders share are stored about once.
  tar -C "$work/pack" -cf - app | xz -T2 -9 > "$gpu/app.tar.xz.partial"
  mv "$gpu/app.tar.xz.partial" "$gpu/app.tar.xz"
fi

# --- TorchSharp's native sources ----------------------------------------------------------------
git -C "$mirror" archive HEAD src/Native | tar -x -C "$gpu"
grep -Eq '^[[:space:]]*add_definitions\(-Werror\)' "$gpu/src/Native/CMakeLists.txt" \
  || fail "src/Native/CMakeLists.txt has no add_definitions(-Werror) line: check the mirror."
# The GPU machine's newer compiler warns where the pinned one did not.
sed -Ei '/^[[:space:]]*add_definitions\(-Werror\)/d' "$gpu/src/Native/CMakeLists.txt"

# --- the full data set --------------------------------------------------------------------------
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
if (cd "$data_source" 2>/dev/null && ls "${files[@]}" >/dev/null 2>&1); then
  mkdir -p "$gpu/data"
  for f in "${files[@]}"; do cp "$data_source/$f" "$gpu/data/"; done
  say "data: the full Fashion-MNIST from $data_source"
else
  say "data: NOT staged: $data_source lacks the four Fashion-MNIST .gz files (apt-get install dataset-fashion-mnist)"
fi

[ -f "$gpu/native/libLibTorchSharp.so" ] && say "native: keeping the prebuilt .gpu/native/libLibTorchSharp.so" \
  || say "native: none prebuilt; run.sh builds it there and returns it under \$OUT/native/"

# --- what a call carries: the working tree git would send, shared/ if any, and .gpu -------------
tree=$( { git ls-files -z --cached --others --exclude-standard | xargs -0 -r stat -L -c %s 2>/dev/null || true; } \
  | awk '{ s += $1 } END { print s + 0 }')
staged=$(du -sb "$gpu" | cut -f1)
total=$((tree + staged))
say "$(du -sb "$gpu"/* | awk '{printf "%s %.1f MB; ", $2, $1 / 1e6}' | sed "s:$gpu/:.gpu/:g")"
say "carry: .gpu $staged + working tree $tree = $total bytes of $limit ($((100 * total / limit))%)"
[ "$total" -le "$limit" ] || fail "over the run tool's 64 MiB: $total bytes; drop the data or build the app smaller."
