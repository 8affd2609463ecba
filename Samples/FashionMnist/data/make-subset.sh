#!/usr/bin/env bash
# Rebuilds the bundled Fashion-MNIST subset from the Debian package dataset-fashion-mnist
# (apt-get install dataset-fashion-mnist). Takes the first N items of each split, in file
# order, and rewrites the count in the IDX header. gzip -n keeps the output byte-identical
# across runs (no name or timestamp in the gzip header).
set -euo pipefail
src=${1:-/usr/share/datasets/fashion-mnist}
out=${2:-$(dirname "$0")}
train=${TRAIN_COUNT:-12000}
test=${TEST_COUNT:-2000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Big-endian uint32 as raw bytes.
be32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)))"; }

# $1 file stem, $2 count, $3 header bytes after the count (0 for labels, 8 for rows+cols),
# $4 bytes per item.
subset() {
  local stem=$1 n=$2 rest=$3 item=$4
  # Decompressed to a file first, and head before tail: a reader closing a pipe early
  # would kill the writer with SIGPIPE and trip pipefail.
  gzip -dc "$src/$stem.gz" > "$tmp/$stem"
  {
    head -c 4 "$tmp/$stem"                                    # magic: dtype and rank
    be32 "$n"
    head -c $((8 + rest + n * item)) "$tmp/$stem" | tail -c +9
  } | gzip -9 -n > "$out/$stem.gz"
  rm "$tmp/$stem"
}

subset train-images-idx3-ubyte "$train" 8 784
subset train-labels-idx1-ubyte "$train" 0 1
subset t10k-images-idx3-ubyte "$test" 8 784
subset t10k-labels-idx1-ubyte "$test" 0 1
