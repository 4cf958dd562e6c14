// Command timeseries forecasts the yearly sunspot numbers (1700–2008,
// embedded in package datasets) one year ahead with an LSTM, and compares
// it with the naive forecast "next year as this year" on the last 60
// years, held out from training:
//
//	go run ./examples/timeseries [-epochs 40] [-seed 1] [-plot sunspots_forecast.png]
//
// Each forecast reads the 12 years before the forecast year (windows cut
// by preprocessing.TimeseriesWindows). The model is Rescaling (the
// training years' standardisation), LSTM(32), Dense(1) and the inverse
// Rescaling, trained with mean squared error and Adam. It prints both
// test MAEs and draws forecasts and truth to a PNG with gonum/plot.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	c := defaultConfig
	flag.IntVar(&c.epochs, "epochs", c.epochs, "training epochs")
	flag.Uint64Var(&c.seed, "seed", c.seed, "seed of the weights and the shuffling")
	plotPath := flag.String("plot", "sunspots_forecast.png", "draw forecasts and truth to this PNG `file` (\"\": no picture)")
	flag.Parse()
	if err := runAndReport(os.Stdout, c, *plotPath); err != nil {
		fmt.Fprintln(os.Stderr, "timeseries:", err)
		os.Exit(1)
	}
}

// runAndReport runs the forecaster, prints its test MAE against the naive
// forecast's, and draws the picture to plotPath unless it is empty.
func runAndReport(w io.Writer, c config, plotPath string) error {
	f, err := run(c)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Yearly sunspot numbers: %d training windows of %d years; test: the %d years %d–%d, one year ahead.\n",
		f.trainSamples, c.window, len(f.years), f.years[0], f.years[len(f.years)-1])
	fmt.Fprintf(w, "LSTM(%d), %d epochs: test MAE %.3f\n", c.units, c.epochs, f.lstmMAE)
	fmt.Fprintf(w, "naive (last value):  test MAE %.3f\n", f.naiveMAE)
	fmt.Fprintf(w, "the LSTM's error is %.1f%% below the naive forecast's\n", 100*(1-f.lstmMAE/f.naiveMAE))
	if plotPath == "" {
		return nil
	}
	var buf bytes.Buffer
	if err := drawForecast(&buf, f); err != nil {
		return err
	}
	if err := os.WriteFile(plotPath, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "forecasts and truth drawn to %s\n", plotPath)
	return nil
}
