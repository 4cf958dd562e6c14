package callbacks

import "strconv"

// loggedRate returns the learning rate as Keras shows it in the logs. Keras
// logs the optimizer's float32 variable, which History, CSV files and
// TensorBoard print as numpy does, with the shortest decimal that reads
// back as that float32 (0.04, not 0.03999999910593033). A rate that is
// exactly a float32 is therefore logged as the float64 of that decimal;
// any other rate (a float64 model's) is logged as it is.
func loggedRate(lr float64) float64 {
	if float64(float32(lr)) != lr {
		return lr
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(lr, 'g', -1, 32), 64)
	if err != nil {
		return lr
	}
	return v
}
