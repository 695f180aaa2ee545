#!/bin/sh
# Contract of tau's build containers: run inside the taubyte/go-wasi image with the function folder at /src;
# must leave $OUT/main.wasm. dream does not execute this script: its builder runs the Go toolchain on PATH
# (GOOS=wasip1, -buildmode=c-shared) on a copy adapted for standard Go. Kept so the repo also builds on tau.
. /utils/wasm.sh
build "${FILENAME}"
echo -n $? > /out/ret-code
