package main

import (
	"fmt"
	"io"
)

// summaryCmd runs "neurite summary FILE": the model's Keras table.
func summaryCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || len(args[0]) > 0 && args[0][0] == '-' {
		fmt.Fprintln(stderr, "Usage: neurite summary MODEL")
		return errUsage
	}
	return recovered(func() error {
		m, err := loadModel(args[0])
		if err != nil {
			return err
		}
		return m.Summary(stdout)
	})
}
