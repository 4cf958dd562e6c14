package kernels

//go:generate sh -c "cd asmgen && go run . -out ../gemm_amd64.s -stubs ../gemm_stub_amd64.go -pkg kernels"
//go:generate sh -c "cd asmgen && go run . -family ew -out ../ew_amd64.s -stubs ../ew_stub_amd64.go -pkg kernels"
