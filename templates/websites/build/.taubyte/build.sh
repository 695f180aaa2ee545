#!/bin/sh
# Runs with the repository as the working directory; whatever is left in $OUT is the website.
set -e
cp -R public/. "$OUT/"
echo "built $SITE_NAME" > "$OUT/build.txt"
