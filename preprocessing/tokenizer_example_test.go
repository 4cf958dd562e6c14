package preprocessing_test

import (
	"fmt"

	"github.com/neurite/neurite/preprocessing"
)

func ExampleCharTokenizer() {
	var tok preprocessing.CharTokenizer
	tok.FitOnTexts([]string{"Hallo", "hello"}) // counts l 4, h 2, o 2, a 1, e 1: l is 1, h 2, o 3, a 4, e 5
	seqs, _ := tok.TextsToSequences([]string{"hole", "halo!"})
	fmt.Println(seqs, tok.VocabularySize())
	x, _ := tok.TextsToPadded([]string{"hole", "halo!"}, preprocessing.PadOptions{MaxLen: 5, Padding: "post"})
	fmt.Println(x.Float32s())
	// Output:
	// [[2 3 1 5] [2 4 1 3]] 6
	// [2 3 1 5 0 2 4 1 3 0]
}
