package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"text/tabwriter"

	"github.com/neurite/neurite/callbacks"
	"github.com/neurite/neurite/tensorboard"
)

// tensorBoardCallbacks returns the Fit callbacks for "neurite train
// --tensorboard DIR" (none if dir is empty): Keras's TensorBoard callback
// with its defaults, writing DIR/train and DIR/validation. done reports
// the callback's error once Fit has returned.
func tensorBoardCallbacks(dir string) (cbs []callbacks.Callback, done func() error) {
	if dir == "" {
		return nil, func() error { return nil }
	}
	tb := &callbacks.TensorBoard{LogDir: dir}
	return []callbacks.Callback{tb}, tb.Err
}

// tensorBoardCmd runs "neurite tensorboard DIR": it prints the scalars of
// a TensorBoard log folder as a table of run, tag, step and value (see
// [printScalars]). A log being written is read up to its last complete
// record; a damaged file is reported after the table of the others.
func tensorBoardCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("neurite tensorboard", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: neurite tensorboard DIR")
		fmt.Fprintln(stderr, "Prints the scalars of the TensorBoard event files under DIR (as written by neurite train --tensorboard DIR).")
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	dir := fs.Arg(0)
	if _, err := os.Stat(dir); err != nil {
		return err
	}
	runs, readErr := tensorboard.ReadDir(dir) // a bad file still gives the other runs
	if len(runs) == 0 {
		if readErr != nil {
			return readErr
		}
		return fmt.Errorf("no TensorBoard event files under %s", dir)
	}
	if err := printScalars(stdout, runs); err != nil {
		return err
	}
	return readErr
}

// printScalars prints the table of runs: runs sorted by name, each run's
// tags in the order they first appear and each tag's points in file order.
func printScalars(stdout io.Writer, runs map[string][]tensorboard.Scalar) error {
	names := make([]string, 0, len(runs))
	for run := range runs {
		names = append(names, run)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "run\ttag\tstep\tvalue")
	for _, run := range names {
		var tags []string
		byTag := map[string][]tensorboard.Scalar{}
		for _, s := range runs[run] {
			if _, seen := byTag[s.Tag]; !seen {
				tags = append(tags, s.Tag)
			}
			byTag[s.Tag] = append(byTag[s.Tag], s)
		}
		for _, tag := range tags {
			for _, s := range byTag[tag] {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", run, tag, s.Step, formatScalar(s.Value))
			}
		}
	}
	return tw.Flush()
}

// formatScalar prints the shortest decimal that reads back as the value,
// in float32 when the value is one (simple_value summaries are float32).
func formatScalar(v float64) string {
	if float64(float32(v)) == v {
		return strconv.FormatFloat(v, 'g', -1, 32)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
