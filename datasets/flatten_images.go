package datasets

import (
	"fmt"

	"github.com/neurite/neurite/tensor"
)

// FlattenImages returns x, of shape (N, d1, d2, …), as (N, d1·d2·…): the
// images of [LoadMNIST] (N, 28, 28, 1) become the (N, 784) rows a Dense
// network takes, as Keras's mnist_mlp does with x.reshape(60000, 784).
// The result is a view: it shares x's memory, so no data is copied. x must
// have at least two axes.
func FlattenImages(x *tensor.Tensor) (*tensor.Tensor, error) {
	if x == nil {
		return nil, fmt.Errorf("datasets: FlattenImages: nil tensor")
	}
	if x.Rank() < 2 {
		return nil, fmt.Errorf("datasets: FlattenImages: want a tensor of shape (N, …) with at least 2 axes, got shape %v", x.Shape())
	}
	inner := 1
	for _, d := range x.Shape()[1:] {
		inner *= d
	}
	return x.Reshape(x.Dim(0), inner), nil
}
