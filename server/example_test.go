package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/server"
)

// A Go backend mounts the service under a prefix of its own mux.
func ExampleNew() {
	srv, err := server.New(server.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/shenbao/", http.StripPrefix("/shenbao", srv))
	ts := httptest.NewServer(mux)
	defer ts.Close()

	doc, _ := form.Sample(form.KindLetter, false)
	resp, err := http.Post(ts.URL+"/shenbao/v1/validate", "application/json", bytes.NewReader(doc))
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var v struct {
		Kind  string
		Valid bool
	}
	json.NewDecoder(resp.Body).Decode(&v)
	fmt.Println(resp.StatusCode, v.Kind, v.Valid)
	// Output: 200 letter true
}
