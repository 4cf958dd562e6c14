// Command neurite trains the lecture's example models from the command line.
//
//	neurite train            linear regression on Boston housing (the lecture's example)
//	neurite train iris       a softmax classifier on iris
//	neurite train mnist-mlp  Keras's mnist_mlp (784-512-512-10 with dropout) on MNIST
//	neurite train mnist-cnn  Keras's simple MNIST convnet on MNIST
//	neurite train timeseries an LSTM forecasting the yearly sunspot numbers
//	neurite train words      a bidirectional LSTM telling English, German and French words apart
//	neurite tensorboard DIR  print the scalars of a TensorBoard log folder
//	neurite bench            time sgemm, an MLP, a linear-regression step, a convnet and an LSTM, one JSON line each
//	neurite summary FILE     the layers of a saved model (train --save FILE)
//	neurite predict FILE DATA          predictions of a saved model for a .csv or .npy file
//	neurite evaluate FILE DATA --labels COLUMN|FILE   its loss and metrics on labelled data
//	neurite help             this text
//
// Run "neurite train -h" for the flags.
package main

import (
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "train":
		if err := train(args[1:], stdout, stderr); err != nil {
			if err == errUsage {
				return 2
			}
			fmt.Fprintln(stderr, "neurite:", err)
			return 1
		}
		return 0
	case "tensorboard":
		if err := tensorBoardCmd(args[1:], stdout, stderr); err != nil {
			if err == errUsage {
				return 2
			}
			fmt.Fprintln(stderr, "neurite:", err)
			return 1
		}
		return 0
	case "bench":
		return benchMain(args[1:], stdout, stderr)
	case "summary", "predict", "evaluate":
		return serveMain(args[0], args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return 0
	default:
		fmt.Fprintf(stderr, "neurite: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Neurite: Keras-style deep learning in Go.

Usage:
  neurite train [boston|iris|mnist-mlp|mnist-cnn|timeseries|words] [flags]
                                        train a built-in example (default: boston)
  neurite tensorboard DIR               print the scalars of a TensorBoard log folder
  neurite bench [flags]                 time sgemm, an MLP, a linear-regression step, a convnet and an LSTM, one JSON line each
  neurite summary MODEL                 print the layers of a saved model (train --save MODEL)
  neurite predict MODEL DATA [flags]    predict for the samples of a .csv (with a header) or .npy file
  neurite evaluate MODEL DATA --labels COLUMN|FILE [flags]   loss and metrics on labelled data
  neurite help                          show this text

Run "neurite train -h" for the training flags and "neurite bench -h" for
the benchmark's workloads.
`)
}
