// Package config turns the building blocks of models — layers,
// initializers, regularizers, activations, losses, metrics, optimizers and
// learning-rate schedules — into Keras-like JSON configs and back:
//
//	{"module": "layers", "class_name": "Dense", "config": {"units": 6, "activation": "relu", ...}}
//
// # Deriving configs
//
// A config is derived by reflection from a value's exported fields, as
// Keras's get_config lists a layer's constructor arguments: each field is
// written under its name in snake_case ("KernelInitializer" becomes
// "kernel_initializer", "Beta1" becomes "beta_1"), or under the name of a
// `keras:"name"` struct tag (`keras:"-"` leaves a field out). A few fields
// of the built-in types carry Keras's own spelling (ClipNorm is
// "clipnorm", Dense's NoBias is written inverted as "use_bias"). Fields
// whose type is an interface (an initializer, a regularizer, a schedule, a
// nested layer) are written as nested {"module", "class_name", "config"}
// objects, activations.Func fields by their registered activation name,
// struct fields as objects, slices as arrays; unexported fields are state,
// not configuration, and are left out. Embedded structs contribute their
// exported fields, as in encoding/json.
//
// # The registry
//
// [Register] makes a type known under a class name; its module is the last
// element of its package path ("layers", "optimizers", or a user's own
// package). Every built-in type is registered; a user's own layer, loss or
// optimizer round-trips after one call:
//
//	config.Register("MyLayer", func() any { return &MyLayer{} })
//
// Decoding rejects unknown classes, unknown keys, values of the wrong kind
// and numbers that do not fit their field, with errors that name the class
// and the key.
//
// # Zero values
//
// Many built-in types read a zero field as Keras's default (Adam's Beta1
// of 0 means 0.9; RandomUniform with both bounds 0 means ±0.05). A config,
// however, means what it says: a value written is the value used. So a
// config always holds the effective values — Adam{} is written with
// "beta_1": 0.9 —, and a loaded config sets them explicitly. A config that
// asks for a zero where the Go type can only read zero as its default
// ("beta_1": 0 for Adam) cannot be represented and is rejected with an
// error naming the class and the key, never silently turned into the
// default. Fields whose zero is a real value (Dropout's Rate, L1L2's
// factors, a clip norm of 0 meaning off) keep their zeros. An optimizer's
// learning rate is special: it is set with SetLearningRate after decoding,
// which holds any value, 0 included. The defaults of the built-in types
// are listed in this package (see [RegisterDefaults]).
package config
