package main

import (
	"fmt"
	"io"
	"strings"
)

// serveMain runs the commands that use a saved model — summary, predict
// and evaluate — and returns the exit status: 2 for a command-line
// mistake, 1 with one line on stderr for a failure.
func serveMain(cmd string, args []string, stdout, stderr io.Writer) int {
	var err error
	switch cmd {
	case "summary":
		err = summaryCmd(args, stdout, stderr)
	case "predict":
		err = predictCmd(args, stdout, stderr)
	default:
		err = evaluateCmd(args, stdout, stderr)
	}
	switch {
	case err == errUsage:
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "neurite "+cmd+":", strings.ReplaceAll(err.Error(), "\n", " "))
		return 1
	}
	return 0
}
