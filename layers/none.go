package layers

import "github.com/neurite/neurite/graph"

// None is a dimension of a per-sample shape whose length is not known until
// the data comes, Keras's None: Input(None, 3) takes sequences of any
// number of time steps with 3 features, as keras.Input(shape=(None, 3)).
// A layer built on such a shape has weights that do not depend on the
// unknown length (a recurrent layer's kernels depend on the features
// only), and its OutputShapes keeps the dimension None; a layer that needs
// the length (Dense on an unknown last axis) says so when it is built. A
// model builds its graphs for the lengths of the batches it is given (see
// package models).
const None = graph.Unknown
