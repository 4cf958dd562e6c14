package initializers

import (
	"fmt"
	"math"

	"github.com/neurite/neurite/tensor"
)

// Orthogonal draws a random orthogonal matrix scaled by Gain, Keras's
// Orthogonal(gain=1.0). The weight is viewed as a matrix of
// rows = product of all dimensions but the last and cols = the last
// dimension; a (max, min) matrix of standard normals is factored as QR, Q
// is multiplied by the signs of R's diagonal (so Q is uniformly
// distributed), transposed if rows < cols, and reshaped to the weight's
// shape. So the rows (if rows <= cols) or the columns are orthonormal.
// Gain 0 (the zero value) means Keras's default 1; a non-finite Gain is an
// error, as is a shape of rank below 2.
type Orthogonal struct {
	Gain float64
}

// Init implements Initializer.
func (o Orthogonal) Init(rng *tensor.RNG, dtype tensor.DType, shape tensor.Shape) (*tensor.Tensor, error) {
	const name = "Orthogonal"
	gain := o.Gain
	if gain == 0 {
		gain = 1
	}
	if !finite(gain) {
		return nil, fmt.Errorf("initializer %s: gain must be finite, got %g", name, o.Gain)
	}
	if err := checkRandom(name, rng, dtype, shape); err != nil {
		return nil, err
	}
	if len(shape) < 2 {
		return nil, fmt.Errorf("initializer %s: the weight must have rank 2 or more, got shape %v", name, shape)
	}
	cols := shape[len(shape)-1]
	rows := shape.Size() / max(cols, 1)
	if cols == 0 {
		rows = 0
	}
	out := tensor.New(dtype, shape...)
	if rows == 0 || cols == 0 {
		return out, nil
	}
	m, n := max(rows, cols), min(rows, cols)
	a := rng.Normal(tensor.Float64, 0, 1, m, n).Float64s()
	orthonormalizeColumns(a, m, n)
	vals := make([]float64, rows*cols) // gain·q, or gain·qᵀ if rows < cols
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := a[i*n+j]
			if rows < cols {
				v = a[j*n+i]
			}
			vals[i*cols+j] = gain * v
		}
	}
	switch d := out.Raw().(type) {
	case []float32:
		for i, v := range vals {
			d[i] = float32(v)
		}
	case []float64:
		copy(d, vals)
	}
	return out, nil
}

// orthonormalizeColumns replaces the columns of the row-major m×n matrix a
// (m >= n) by the Q of its thin QR factorization with R's diagonal made
// positive, by modified Gram–Schmidt with one reorthogonalization pass
// ("twice is enough"), which keeps Q orthonormal to rounding for the
// well-conditioned random matrices drawn here.
func orthonormalizeColumns(a []float64, m, n int) {
	for j := 0; j < n; j++ {
		for pass := 0; pass < 2; pass++ {
			for k := 0; k < j; k++ {
				dot := 0.0
				for i := 0; i < m; i++ {
					dot += a[i*n+k] * a[i*n+j]
				}
				for i := 0; i < m; i++ {
					a[i*n+j] -= dot * a[i*n+k]
				}
			}
		}
		norm := 0.0
		for i := 0; i < m; i++ {
			norm += a[i*n+j] * a[i*n+j]
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			continue // probability zero for normal draws
		}
		for i := 0; i < m; i++ {
			a[i*n+j] /= norm
		}
	}
}
