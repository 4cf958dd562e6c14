#!/bin/sh
# check.sh verifies that the committed gemm_amd64.s, ew_amd64.s and their
# stubs in internal/kernels are exactly what `go generate ./internal/kernels/`
# writes.
#
# It copies this generator module into a temporary directory, runs the
# //go:generate commands of internal/kernels/gen.go there (so the paths in the
# generated header are the same) and compares the results byte for byte.
# It needs avo v0.5.0 in the module cache or the module proxy reachable.
# Exit status 0: up to date; 1: stale files; other: the generator failed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
kernels=$(dirname "$here")
cmd=$(sed -n 's|^//go:generate ||p' "$kernels/gen.go")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/asmgen"
cp "$here/go.mod" "$here/go.sum" "$here"/*.go "$tmp/asmgen/"
(cd "$tmp" && eval "$cmd") || exit 2
status=0
for f in gemm_amd64.s gemm_stub_amd64.go ew_amd64.s ew_stub_amd64.go; do
	if ! cmp -s "$tmp/$f" "$kernels/$f"; then
		echo "internal/kernels/$f differs from the generator's output: run go generate ./internal/kernels/" >&2
		status=1
	fi
done
[ $status -eq 0 ] && echo "internal/kernels: generated assembly is up to date"
exit $status
