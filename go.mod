module github.com/neurite/neurite

go 1.26
