package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// A run that diverges still prints its JSON object, with null for NaN.
func TestTrainJSONWritesNaNAsNull(t *testing.T) {
	res := runJSON(t, "boston", "--raw", "--lr", "1e38", "--epochs", "2")
	if res.Dataset != "boston" || res.Epochs != 2 || len(res.Test) != 2 || len(res.Train) != 2 || len(res.Validation) != 2 {
		t.Fatalf("result %+v", res)
	}
	if !math.IsNaN(res.Test["loss"]) {
		t.Fatalf("test loss %v, want NaN (read back from null)", res.Test["loss"])
	}
}

// The metrics encode finite values exactly and non-finite ones as null,
// and read back.
func TestMetricsJSONRoundTrip(t *testing.T) {
	m := metricsJSON{"loss": 0.1, "mae": math.NaN(), "big": math.Inf(1), "neg": math.Inf(-1), "x\"y": 1e300}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"big":null,"loss":0.1,"mae":null,"neg":null,"x\"y":1e+300}`; string(b) != want {
		t.Fatalf("got %s, want %s", b, want)
	}
	var back metricsJSON
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back["loss"] != 0.1 || back["x\"y"] != 1e300 || !math.IsNaN(back["mae"]) || !math.IsNaN(back["big"]) || len(back) != 5 {
		t.Fatalf("read back %v", back)
	}
	if err := json.Unmarshal([]byte(`{"a":"x"}`), &back); err == nil || !strings.Contains(err.Error(), "string") {
		t.Fatalf("a string value: %v", err)
	}
}
