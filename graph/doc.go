// Package graph is Neurite's TensorFlow-style computation graph: writing an
// expression builds a graph of nodes instead of computing; [Gradients] derives
// new nodes that compute derivatives; a [Session] runs the nodes you fetch
// with the values you feed.
//
//	g := graph.New()
//	x := g.Variable("x", tensor.Scalar[float32](1))
//	result := graph.Add(graph.Add(graph.Square(x), x), g.Scalar(10))
//	dx := graph.Gradients(result, x)[0]
//	out, err := graph.NewSession(g).Run(graph.Feeds{x: tensor.Scalar[float32](2)}, result, dx)
//	// out[0] is 16, out[1] is 5
//
// # Nodes, shapes and dtypes
//
// Every [Node] has an [Op], input nodes, a dtype and a static shape. A
// dimension that is only known when the graph runs (such as the batch size
// of a placeholder) is -1 in the static shape; it is resolved from the fed
// tensors when the session compiles a plan.
//
// # Errors
//
// Building a graph never panics on a user mistake. The first error (a shape
// or dtype mismatch, nodes from different graphs, an op without a gradient)
// sticks to the graph, like bufio.Scanner's: later building calls return a
// placeholder node and do nothing, [Graph.Err] reports the error, and
// [Session.Run] of any node returns it, saying that it is an earlier error.
// Errors name the op, the node, the input shapes (as Keras prints them,
// "(None, 3)") and the line of the caller's code that built the node:
// "graph: MatMul (created at main.go:42): …".
//
// # Gradients
//
// [Gradients] adds the gradient computation to the same graph, so gradients
// of gradients work. An x that the output does not depend on gets a nil
// gradient, and so does an x that it depends on only through
// piecewise-constant ops (comparisons, Sign, whose derivative is zero
// wherever it exists) or through integer values (ArgMax, a Cast to int64),
// as in TensorFlow: callers decide whether that is an error (models do: a
// trainable weight without a gradient is an error there). An op on the path
// whose float output cannot be differentiated (an assignment or an
// optimizer update) makes Gradients fail with an error wrapping
// [ErrNoGradient] that names it.
//
// # Sessions
//
// A [Session] compiles the part of the graph a Run needs into a plan once per
// set of fetches and feed shapes, reuses intermediate buffers by liveness,
// and returns results the caller owns. The plan fuses each dense layer —
// a MatMul, the Add of a bias along its last axis and an optional Relu,
// Sigmoid or Tanh — into one step when nothing else reads (or fetches) the
// intermediate values: the bias and ReLU are applied inside the matrix
// product, to each block of it while it is in cache; in the backward
// pass, a product that only a ReLU gradient reads is masked the same way.
// Fused results are bit-for-bit those of the separate steps
// ([WithoutFusion] turns fusion off). A SumLike whose input already has the target shape costs nothing.
// A steady-state Run allocates nothing on the Go heap. Variable updates made by one Run are
// visible to the next. Within a Run, every node reads variables as they were
// when the Run started; ops that assign variables run after all others.
// Runs may be made from several goroutines at once, on one session or on
// several sessions and graphs. Each variable storage has one lock, shared
// by every variable bound to it ([Graph.VariableOf] binds one storage in
// several graphs, as a model's training and inference graphs share its
// weights): a Run holds the locks of the variables it reads for reading and
// of those it assigns for writing, for its whole duration, and
// [Node.SetValue] holds one for writing. So a Run that assigns a variable
// waits for the Runs that read it and they wait for it (serving predictions
// from one session while another trains is safe), while Runs that share no
// assigned variable run in parallel. Reading [Node.Value] directly is not
// synchronised.
package graph
