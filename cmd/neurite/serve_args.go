package main

import (
	"flag"
	"fmt"
	"io"
)

// parseInterleaved parses flags given before, between or after the
// positional arguments, which it returns; want is their number. A mistake
// prints the usage to stderr and returns errUsage.
func parseInterleaved(fs *flag.FlagSet, args []string, want int, stderr io.Writer) ([]string, error) {
	var rest []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, errUsage
		}
		args = fs.Args()
		if len(args) > 0 {
			rest = append(rest, args[0])
			args = args[1:]
		}
	}
	if len(rest) != want {
		fmt.Fprintf(stderr, "%s: want %d arguments, got %d %q\n", fs.Name(), want, len(rest), rest)
		fs.Usage()
		return nil, errUsage
	}
	return rest, nil
}

// recovered turns a panic of fn into an error, so that a bad input never
// ends in a stack trace.
func recovered(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return fn()
}
