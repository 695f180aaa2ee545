#!/bin/sh
# Contract of tau's build containers: run inside the taubyte/assembly-script-wasi image with the function
# folder at /src; must leave $OUT/main.wasm. dream does not execute this script: its builder compiles the
# AssemblyScript entry in-process with the same SDK ABI. Kept so the repo also builds on a real tau cloud.
. /utils/wasm.sh
build "${FILENAME}"
echo -n $? > /out/ret-code
