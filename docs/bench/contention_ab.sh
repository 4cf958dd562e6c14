#!/bin/bash
# contention_ab.sh REPS BIN... — the MLP training step (models
# BenchmarkTrainOnBatchMLP, 300 steps a run) of each test binary BIN,
# idle and with a spinner process pinned to the last CPU, interleaved
# REPS times (BIN1 idle, BIN1 contended, BIN2 idle, ...). Build the
# binaries with "go test -c -o NAME.test ./models/" at each commit.
# Prints one line per run (binary, idle|cont, samples/s, CPU seconds of
# the run), then the median, range and contended/idle ratio per binary.
# Needs taskset (util-linux); GOMAXPROCS defaults to 2 (set GMP).
set -eu
reps=$1; shift
cpu=$(( $(nproc) - 1 ))
out=$(mktemp)
for r in $(seq "$reps"); do
  for b in "$@"; do
    for mode in idle cont; do
      sp=
      if [ $mode = cont ]; then taskset -c $cpu sh -c 'while :; do :; done' & sp=$!; sleep 0.05; fi
      res=$( { /usr/bin/time -f "CPU %U %S" env GOMAXPROCS=${GMP:-2} "$b" -test.run XXX \
        -test.bench 'TrainOnBatchMLP$' -test.benchtime ${STEPS:-300}x ; } 2>&1 )
      if [ -n "$sp" ]; then kill $sp; wait $sp 2>/dev/null || true; fi
      v=$(echo "$res" | grep -o '[0-9]* samples/s' | cut -d' ' -f1)
      c=$(echo "$res" | awk '/^CPU/{print $2+$3}')
      echo "$b $mode $v $c" | tee -a "$out"
    done
  done
done
median() { sort -n | awk '{v[NR]=$1} END{m=(NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2; printf "%d (range %d-%d, n=%d)", m, v[1], v[NR], NR}'; }
for b in "$@"; do
  i=$(awk -v b="$b" '$1==b && $2=="idle"{print $3}' "$out" | median)
  c=$(awk -v b="$b" '$1==b && $2=="cont"{print $3}' "$out" | median)
  echo "$b: idle $i; contended $c; ratio of medians $(echo "${c%% *} ${i%% *}" | awk '{printf "%.2f", $1/$2}')"
done
rm -f "$out"
