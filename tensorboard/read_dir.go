package tensorboard

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// IsEventFile reports whether a file name is an event file's, as
// TensorBoard decides it: the name contains "tfevents".
func IsEventFile(name string) bool { return strings.Contains(name, "tfevents") }

// ReadDir reads the scalars of a log folder as TensorBoard sees it: every
// folder under dir (dir included) holding event files is a run, named by
// its path relative to dir with "/" separators ("." for dir itself,
// "train", "validation"). A run's scalars are those of its event files in
// name order (which is creation order), each file's in record order;
// simple_value and rank-0 float tensor summaries are included, other
// values are not.
//
// Like TensorBoard, ReadDir reads logs that are still being written: a file
// that ends inside a record (between two flushes, or after a crash) gives
// its complete records and no error. dir may be a symbolic link, and so
// may the event files in it. Files are read record by record, so memory
// grows with the scalars returned, not with the files' size. A damaged file
// (a bad CRC or an undecodable record before its end) or one that cannot
// be read does not hide the others: ReadDir returns every run, with the
// scalars of a bad file up to the damage, and an error naming each bad
// file and the offset of its bad record.
func ReadDir(dir string) (map[string][]Scalar, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return nil, fmt.Errorf("tensorboard: %w", err)
	}
	files, errs := eventFiles(root)
	if files == nil && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	names := make([]string, 0, len(files))
	for run := range files {
		names = append(names, run)
	}
	sort.Strings(names)
	runs := map[string][]Scalar{}
	tags := map[string]string{} // one copy of each tag string
	for _, run := range names {
		paths := files[run]
		sort.Strings(paths)
		scalars := []Scalar{}
		for _, p := range paths {
			if scalars, err = readScalars(p, scalars, tags); err != nil {
				errs = append(errs, err)
			}
		}
		runs[run] = scalars
	}
	return runs, errors.Join(errs...)
}

// eventFiles returns the event files under root by run. Folders that
// cannot be read are reported in errs and skipped; files is nil only if
// root itself cannot be read.
func eventFiles(root string) (files map[string][]string, errs []error) {
	found := map[string][]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			errs = append(errs, fmt.Errorf("tensorboard: %w", err))
			return nil
		}
		if !IsEventFile(d.Name()) || !isRegular(path, d) {
			return nil
		}
		run, err := filepath.Rel(root, filepath.Dir(path))
		if err != nil {
			return err
		}
		run = filepath.ToSlash(run)
		found[run] = append(found[run], path)
		return nil
	})
	if err != nil {
		return nil, append(errs, fmt.Errorf("tensorboard: %w", err))
	}
	return found, errs
}

// isRegular reports whether the entry is a regular file or a symbolic
// link to one.
func isRegular(path string, d fs.DirEntry) bool {
	if d.Type().IsRegular() {
		return true
	}
	if d.Type()&fs.ModeSymlink == 0 {
		return false
	}
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// readScalars appends the scalars of the event file at path to dst,
// reading one record at a time and stopping quietly at a truncated tail.
// tags interns the tag strings.
func readScalars(path string, dst []Scalar, tags map[string]string) ([]Scalar, error) {
	f, err := os.Open(path)
	if err != nil {
		return dst, fmt.Errorf("tensorboard: %w", err)
	}
	defer f.Close()
	r := NewReader(f)
	for {
		at := r.Offset()
		payload, err := r.NextRecord()
		var fe *FormatError
		switch {
		case err == io.EOF, errors.As(err, &fe) && fe.Truncated:
			return dst, nil
		case err != nil:
			return dst, fmt.Errorf("%s: %w", path, err)
		}
		if dst, err = appendRecordScalars(dst, payload, tags); err != nil {
			return dst, fmt.Errorf("%s: %w", path, &FormatError{Offset: at, Msg: err.Error()})
		}
	}
}
