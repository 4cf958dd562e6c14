package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/neurite/neurite/datasets"
	"github.com/neurite/neurite/models"
	"github.com/neurite/neurite/tensor"
)

// predictHandler is the README's handler ("Saving, loading and serving").
func predictHandler(model *models.Model) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var rows [][]float32 // [[13 raw features], ...]
		if err := json.NewDecoder(r.Body).Decode(&rows); err != nil || len(rows) == 0 {
			http.Error(w, "want a JSON array of rows of 13 numbers", http.StatusBadRequest)
			return
		}
		x := tensor.New(tensor.Float32, len(rows), 13)
		for i, row := range rows {
			if len(row) != 13 {
				http.Error(w, fmt.Sprintf("row %d has %d numbers, want 13", i, len(row)), http.StatusBadRequest)
				return
			}
			copy(x.Float32s()[i*13:], row)
		}
		y, err := model.Predict(x, models.PredictOptions{Verbose: models.Silent})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		json.NewEncoder(w).Encode(y.Float32s()) // one prediction per row
	}
}

// TestREADMEHandlerServesConcurrently: the README's handler, hit by
// several clients at once, answers each with the predictions of the
// loaded model, and a bad request with 400.
func TestREADMEHandlerServesConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "boston.neurite")
	runJSON(t, "boston", "--epochs", "3", "--save", path)
	model, err := models.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(predictHandler(model))
	defer srv.Close()
	_, _, x, _, err := datasets.LoadBostonHousing()
	if err != nil {
		t.Fatal(err)
	}
	want, err := model.Predict(x, models.PredictOptions{Verbose: models.Silent})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for c := range 8 {
		wg.Go(func() {
			rows := make([][]float32, 0, 10)
			for i := c * 10; i < c*10+10; i++ {
				rows = append(rows, x.Float32s()[i*13:(i+1)*13])
			}
			body, _ := json.Marshal(rows)
			resp, err := http.Post(srv.URL, "application/json", strings.NewReader(string(body)))
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			var got []float32
			if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || len(got) != 10 {
				errs <- fmt.Errorf("client %d: %v %v", c, got, err)
				return
			}
			for k, v := range got {
				if v != want.Float32s()[c*10+k] {
					errs <- fmt.Errorf("client %d, row %d: %v, want %v", c, k, v, want.Float32s()[c*10+k])
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	resp, err := http.Post(srv.URL, "application/json", strings.NewReader("[[1, 2]]"))
	if err != nil || resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("a short row: %v, %v", resp.Status, err)
	}
	resp.Body.Close()
}
