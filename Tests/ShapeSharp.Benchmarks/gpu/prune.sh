#!/usr/bin/env bash
# Removes from a self-contained publish folder (the argument) what the GPU machine has or builds, and
# what no run loads; stage.sh and stage-tests.sh call it on each program they pack.
set -euo pipefail
cd "$1"
# What the GPU machine has (its libtorch) or builds (libLibTorchSharp.so): GPU.md's list.
rm -f libtorch*.so libc10.so libgomp*.so* libshm.so libcapstone.so libaoti_custom_ops.so \
  libbackend_with_compiler.so libjitbackend_test.so libnnapi_backend.so libtorchbind_test.so libLibTorchSharp.so
# What no run loads: the debugger's and dump's libraries, the standalone GCs (only with
# DOTNET_GCName), LTTng tracing, satellite resources of other cultures, TraceEvent's Windows DLLs.
rm -f createdump libmscordaccore.so libmscordbi.so libclrgc.so libclrgcexp.so libcoreclrtraceptprovider.so
find . -mindepth 2 -name '*.resources.dll' -delete
rm -rf amd64 x86 arm64
