package graph

// Short names that the softmax tests use for compositions of public ops.
// (The ops they once named were private duplicates of Neg and of Sum with
// keepDims, and have been replaced by those.)

// actNeg returns -x.
func actNeg(x *Node) *Node { return Neg(x) }

// actSumKeep returns the sum of x along axis, keeping the axis with size 1.
func actSumKeep(axis int, x *Node) *Node { return Sum(x, []int{axis}, true) }
