package tensor

import (
	"math"
	"testing"
)

// The expected strings below are numpy's str() of the same arrays, produced
// once with numpy and hard-coded.

func TestStringScalars(t *testing.T) {
	cases := []struct {
		name string
		x    *Tensor
		want string
	}{
		{"float64", Scalar(3.5), "3.5"},
		{"float64 integral", Scalar(2.0), "2.0"},
		{"float32", Scalar(float32(0.1)), "0.1"},
		{"negative zero", Scalar(math.Copysign(0, -1)), "-0.0"},
		{"small", Scalar(1e-5), "1e-05"},
		{"large", Scalar(1e16), "1e+16"},
		{"just below 1e16", Scalar(123456789.0), "123456789.0"},
		{"float32 large", Scalar(float32(1e6)), "1e+06"}, // numpy >= 2.3 cutoff for float32
		{"nan", Scalar(math.NaN()), "nan"},
		{"-inf", Scalar(float32(math.Inf(-1))), "-inf"},
		{"int64", Scalar[int64](-7), "-7"},
	}
	for _, c := range cases {
		if got := c.x.String(); got != c.want {
			t.Errorf("%s: String() = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestStringArrays(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		x    *Tensor
		want string
	}{
		{"int vector", FromSlice([]int64{1, 2, 3}), "[1 2 3]"},
		{"int alignment", FromSlice([]int64{-10, 5, 300}), "[-10   5 300]"},
		{"float64 integral", FromSlice([]float64{1, 2, 3}), "[1. 2. 3.]"},
		{"float32 integral", FromSlice([]float32{1, 2, 3}), "[1. 2. 3.]"},
		{"common width", FromSlice([]float64{0.5, 1.25}), "[0.5  1.25]"},
		{"8 decimals", FromSlice([]float64{1.0 / 3, 2.0 / 3}), "[0.33333333 0.66666667]"},
		{"float32 shortest", FromSlice([]float32{0.1, 0.2}), "[0.1 0.2]"},
		{"matrix", FromSlice([]float64{1, 2, 3, 4}, 2, 2), "[[1. 2.]\n [3. 4.]]"},
		{"rank 3", fmtTestReshape(Arange[float64](0, 8, 1), 2, 2, 2), "[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]]"},
		{"negatives", FromSlice([]float64{-1.5, 2, 3.25, -400}, 2, 2), "[[  -1.5     2.  ]\n [   3.25 -400.  ]]"},
		{"nan and inf", FromSlice([]float64{nan, 1, -inf, inf}), "[ nan   1. -inf  inf]"},
		{"only non-finite", FromSlice([]float64{nan, inf}), "[nan inf]"},
		{"scientific small", FromSlice([]float64{1e-5, 1}), "[1.e-05 1.e+00]"},
		{"scientific digits", FromSlice([]float64{1.5e-5, 1, -2}), "[ 1.5e-05  1.0e+00 -2.0e+00]"},
		{"scientific float32", FromSlice([]float32{1e-5, 0.1}), "[1.e-05 1.e-01]"},
		{"scientific nan", FromSlice([]float32{1e-5, -2.5e10, float32(nan), 3}, 2, 2), "[[ 1.0e-05 -2.5e+10]\n [     nan  3.0e+00]]"},
		{"3-digit exponent", FromSlice([]float64{1e100, 1}), "[1.e+100 1.e+000]"},
		{"scientific large", FromSlice([]float64{1e8, 1}), "[1.e+08 1.e+00]"},
		{"scientific ratio", FromSlice([]float64{1, 1001}), "[1.000e+00 1.001e+03]"},
		{"float32 1e-4 stays positional", FromSlice([]float32{1e-4}), "[0.0001]"}, // float32 compare, as numpy 2
		{"zeros", New(Float64, 3), "[0. 0. 0.]"},
		{"empty", New(Float32, 2, 0), "[]"},
		{"wrapped row", Arange[float64](0, 30, 1),
			"[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n" +
				" 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.]"},
		{"summarised vector", Arange[int64](0, 2000, 1), "[   0    1    2 ... 1997 1998 1999]"},
		{"summarised int matrix", fmtTestReshape(Arange[int64](0, 10000, 1), 100, 100), `[[   0    1    2 ...   97   98   99]
 [ 100  101  102 ...  197  198  199]
 [ 200  201  202 ...  297  298  299]
 ...
 [9700 9701 9702 ... 9797 9798 9799]
 [9800 9801 9802 ... 9897 9898 9899]
 [9900 9901 9902 ... 9997 9998 9999]]`},
		{"summarised float matrix", fmtTestReshape(Arange[float64](0, 10000, 1), 100, 100), `[[0.000e+00 1.000e+00 2.000e+00 ... 9.700e+01 9.800e+01 9.900e+01]
 [1.000e+02 1.010e+02 1.020e+02 ... 1.970e+02 1.980e+02 1.990e+02]
 [2.000e+02 2.010e+02 2.020e+02 ... 2.970e+02 2.980e+02 2.990e+02]
 ...
 [9.700e+03 9.701e+03 9.702e+03 ... 9.797e+03 9.798e+03 9.799e+03]
 [9.800e+03 9.801e+03 9.802e+03 ... 9.897e+03 9.898e+03 9.899e+03]
 [9.900e+03 9.901e+03 9.902e+03 ... 9.997e+03 9.998e+03 9.999e+03]]`},
		{"summarised rank 3", fmtTestReshape(Arange[int64](0, 1008, 1), 7, 12, 12), `[[[   0    1    2 ...    9   10   11]
  [  12   13   14 ...   21   22   23]
  [  24   25   26 ...   33   34   35]
  ...
  [ 108  109  110 ...  117  118  119]
  [ 120  121  122 ...  129  130  131]
  [ 132  133  134 ...  141  142  143]]

 [[ 144  145  146 ...  153  154  155]
  [ 156  157  158 ...  165  166  167]
  [ 168  169  170 ...  177  178  179]
  ...
  [ 252  253  254 ...  261  262  263]
  [ 264  265  266 ...  273  274  275]
  [ 276  277  278 ...  285  286  287]]

 [[ 288  289  290 ...  297  298  299]
  [ 300  301  302 ...  309  310  311]
  [ 312  313  314 ...  321  322  323]
  ...
  [ 396  397  398 ...  405  406  407]
  [ 408  409  410 ...  417  418  419]
  [ 420  421  422 ...  429  430  431]]

 ...

 [[ 576  577  578 ...  585  586  587]
  [ 588  589  590 ...  597  598  599]
  [ 600  601  602 ...  609  610  611]
  ...
  [ 684  685  686 ...  693  694  695]
  [ 696  697  698 ...  705  706  707]
  [ 708  709  710 ...  717  718  719]]

 [[ 720  721  722 ...  729  730  731]
  [ 732  733  734 ...  741  742  743]
  [ 744  745  746 ...  753  754  755]
  ...
  [ 828  829  830 ...  837  838  839]
  [ 840  841  842 ...  849  850  851]
  [ 852  853  854 ...  861  862  863]]

 [[ 864  865  866 ...  873  874  875]
  [ 876  877  878 ...  885  886  887]
  [ 888  889  890 ...  897  898  899]
  ...
  [ 972  973  974 ...  981  982  983]
  [ 984  985  986 ...  993  994  995]
  [ 996  997  998 ... 1005 1006 1007]]]`},
	}
	for _, c := range cases {
		if got := c.x.String(); got != c.want {
			t.Errorf("%s: String() =\n%s\nwant\n%s", c.name, got, c.want)
		}
	}
}

func TestStringNil(t *testing.T) {
	var x *Tensor
	if got := x.String(); got != "<nil>" {
		t.Errorf("nil String() = %q", got)
	}
}

// fmtTestReshape returns a tensor with t's data and the given shape.
func fmtTestReshape(t *Tensor, shape ...int) *Tensor {
	return &Tensor{dtype: t.dtype, shape: inferShape("fmtTestReshape", shape, t.Size()), data: t.data}
}
