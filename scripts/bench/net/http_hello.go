// scripts/bench/net/http_hello.go -- examples/http_hello.sk in Go's
// net/http; bench_net.sh runs it with GOMAXPROCS=1 when Go is installed.
package main

import (
	"fmt"
	"net/http"
	"os"
)

func main() {
	body := []byte("Hello, World!\n")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write(body)
	})
	fmt.Println("serving on port", os.Args[1])
	http.ListenAndServe("127.0.0.1:"+os.Args[1], nil)
}
