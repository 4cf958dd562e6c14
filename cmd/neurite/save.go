package main

import (
	"fmt"
	"io"

	"github.com/neurite/neurite/layers"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// standardizeOutside reports whether train standardises the features
// before the model sees them (the default without --save). A model that
// is saved standardises inside itself instead, with a Normalization layer
// adapted on the training features, so that the file predicts from raw
// features.
func (c *trainConfig) standardizeOutside() bool { return !c.raw && c.savePath == "" }

// exampleModel stacks the example's layers, after a Normalization layer
// adapted on xTrain when the model standardises inside itself.
func exampleModel(c *trainConfig, xTrain *tensor.Tensor, ls ...layers.Layer) (*models.Sequential, error) {
	if c.raw || c.savePath == "" {
		return models.NewSequential(ls...)
	}
	norm := &layers.Normalization{InputShape: []int{xTrain.Dim(1)}}
	if err := norm.Adapt(xTrain); err != nil {
		return nil, err
	}
	return models.NewSequential(append([]layers.Layer{norm}, ls...)...)
}

// saveTrained writes the model to --save's file, if given.
func saveTrained(c *trainConfig, m *models.Sequential) error {
	if c.savePath == "" {
		return nil
	}
	return m.Save(c.savePath)
}

// printSaved says where the model went (not with --json, whose output is
// one JSON object).
func printSaved(c *trainConfig, w io.Writer) {
	if c.savePath != "" {
		fmt.Fprintf(w, "Saved the model to %s\n", c.savePath)
	}
}
