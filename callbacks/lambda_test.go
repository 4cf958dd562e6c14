package callbacks

import (
	"fmt"
	"strings"
	"testing"
)

func TestLambdaCallbackCallsEachFunction(t *testing.T) {
	var got []string
	rec := func(name string) func(*Logs) { return func(*Logs) { got = append(got, name) } }
	recN := func(name string) func(int, *Logs) {
		return func(n int, _ *Logs) { got = append(got, fmt.Sprint(name, n)) }
	}
	c := &LambdaCallback{
		TrainBegin: rec("tb"), TrainEnd: rec("te"), EpochBegin: recN("eb"), EpochEnd: recN("ee"),
		BatchBegin: recN("bb"), BatchEnd: recN("be"),
		TestBegin: rec("sb"), TestEnd: rec("se"), TestBatchBegin: recN("sbb"), TestBatchEnd: recN("sbe"),
		PredictBegin: rec("pb"), PredictEnd: rec("pe"), PredictBatchBegin: recN("pbb"), PredictBatchEnd: recN("pbe"),
	}
	var cb Callback = c
	l := &Logs{}
	cb.OnTrainBegin(l)
	cb.OnEpochBegin(1, l)
	cb.OnTrainBatchBegin(2, l)
	cb.OnTrainBatchEnd(3, l)
	cb.OnTestBegin(l)
	cb.OnTestBatchBegin(4, l)
	cb.OnTestBatchEnd(5, l)
	cb.OnTestEnd(l)
	cb.OnEpochEnd(6, l)
	cb.OnTrainEnd(l)
	cb.OnPredictBegin(l)
	cb.OnPredictBatchBegin(7, l)
	cb.OnPredictBatchEnd(8, l)
	cb.OnPredictEnd(l)
	want := "tb eb1 bb2 be3 sb sbb4 sbe5 se ee6 te pb pbb7 pbe8 pe"
	if strings.Join(got, " ") != want {
		t.Fatalf("got %s, want %s", strings.Join(got, " "), want)
	}
	// Unset functions are skipped.
	(&LambdaCallback{}).OnEpochEnd(0, l)
}
