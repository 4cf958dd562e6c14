package datasets

import "github.com/neurite/neurite/tensor"

// stratifiedTestCount is the number of test rows a class of n rows gives
// to a stratified split: a fifth of n, rounded to the nearest whole number
// (halves up).
func stratifiedTestCount(n int) int {
	return (2*n + 5) / 10
}

// stratifiedSplit returns the training and test row indices of the seeded,
// stratified 80/20 split that LoadIris and LoadDigits document: with
// r := tensor.NewRNG(seed), for each class c = 0 … classes−1 in turn it
// takes the rows labelled c in order, draws p := r.Perm(n_c), sends rows
// p[0:k] (k = n_c/5 rounded) to the test list and the rest to the training
// list in the order of p, then shuffles the training list and then the test
// list with r.Perm.
func stratifiedSplit(labels []int64, classes int, seed uint64) (train, test []int) {
	r := tensor.NewRNG(seed)
	for c := range int64(classes) {
		var rows []int
		for i, l := range labels {
			if l == c {
				rows = append(rows, i)
			}
		}
		k := stratifiedTestCount(len(rows))
		for j, pj := range r.Perm(len(rows)) {
			if j < k {
				test = append(test, rows[pj])
			} else {
				train = append(train, rows[pj])
			}
		}
	}
	return permuteRows(r, train), permuteRows(r, test)
}

// permuteRows returns rows reordered by r.Perm(len(rows)).
func permuteRows(r *tensor.RNG, rows []int) []int {
	out := make([]int, len(rows))
	for k, q := range r.Perm(len(rows)) {
		out[k] = rows[q]
	}
	return out
}
