// Command loadgen is the load test of shenbao serve: a fixed number of
// clients send requests for a fixed time (or count) on loopback and the
// latency distribution, the throughput and every non-2xx answer are reported.
// run.sh starts the server, runs the two scenarios of issue 5 and records
// the server's peak RSS.
//
//	go run ./bench/server -url http://127.0.0.1:18080 -mode render -c 200 -d 30s
//	go run ./bench/server -url http://127.0.0.1:18080 -mode bundle -c 20 -files 20 -n 100
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/bast-tools/shenbao/form"
	"github.com/bast-tools/shenbao/pdfgen"
)

type result struct {
	Mode       string             `json:"mode"`
	Clients    int                `json:"clients"`
	Requests   int                `json:"requests"`
	Errors     int                `json:"errors"`
	Statuses   map[string]int     `json:"statuses"`
	Seconds    float64            `json:"seconds"`
	Throughput float64            `json:"requests_per_second"`
	Millis     map[string]float64 `json:"latency_ms"`
	BytesIn    int64              `json:"request_bytes"`
	BytesOut   int64              `json:"response_bytes"`
}

func main() {
	url := flag.String("url", "http://127.0.0.1:18080", "server base URL (loopback)")
	mode := flag.String("mode", "render", "render or bundle")
	kind := flag.String("kind", "individual", "document kind for render")
	clients := flag.Int("c", 200, "concurrent clients")
	dur := flag.Duration("d", 30*time.Second, "duration (the run also stops after -n requests)")
	total := flag.Int("n", 0, "stop after this many requests in all (0: only -d)")
	files := flag.Int("files", 20, "evidence files per bundle request")
	token := flag.String("token", "", "bearer token")
	flag.Parse()

	body, ctype, err := payload(*mode, form.Kind(*kind), *files)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	target := *url + "/v1/render/" + *kind
	if *mode == "bundle" {
		target = *url + "/v1/bundle"
	}
	tr := &http.Transport{MaxIdleConns: *clients, MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: tr, Timeout: 5 * time.Minute}

	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var (
		mu        sync.Mutex
		latencies []time.Duration
		statuses  = map[string]int{}
		bytesOut  int64
		issued    int
	)
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		if *total > 0 && issued >= *total {
			return false
		}
		issued++
		return true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range *clients {
		wg.Go(func() {
			for ctx.Err() == nil && take() {
				req, _ := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
				req.Header.Set("Content-Type", ctype)
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				status := "transport_error"
				var n int64
				if err == nil {
					n, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					status = fmt.Sprint(resp.StatusCode)
				}
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				statuses[status]++
				bytesOut += n
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)

	slices.Sort(latencies)
	q := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		i := min(int(p*float64(len(latencies))), len(latencies)-1)
		return float64(latencies[i].Microseconds()) / 1000
	}
	r := result{
		Mode: *mode, Clients: *clients, Requests: len(latencies), Statuses: statuses,
		Seconds: elapsed.Seconds(), Throughput: float64(len(latencies)) / elapsed.Seconds(),
		Millis:  map[string]float64{"p50": q(.50), "p90": q(.90), "p99": q(.99), "max": q(1)},
		BytesIn: int64(len(body)), BytesOut: bytesOut,
	}
	for s, n := range statuses {
		if s < "200" || s >= "300" {
			r.Errors += n
		}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(r)
	if r.Errors > 0 {
		os.Exit(1)
	}
}

// payload builds the request body once: the sample document, or a bundle
// of evidence files like an applicant uploads (phone photos of
// certificates as JPEG, and PDFs).
func payload(mode string, k form.Kind, files int) ([]byte, string, error) {
	if mode == "render" {
		b, err := form.Sample(k, false)
		return b, "application/json", err
	}
	if mode != "bundle" {
		return nil, "", fmt.Errorf("-mode %q: render or bundle", mode)
	}
	doc, _, err := form.ReadBytes(must(form.Sample(form.KindLetter, false)), form.Options{})
	if err != nil {
		return nil, "", err
	}
	var pdf bytes.Buffer
	if _, err := pdfgen.Render(context.Background(), &pdf, doc, pdfgen.Options{}); err != nil {
		return nil, "", err
	}
	cats := []string{"身份证复印件", "最高学历证书", "最高学位证书", "营业执照/法人登记证书", "获奖", "专利", "论文著作", "荣誉"}
	type entry struct {
		Path     string `json:"path"`
		Category string `json:"category"`
	}
	var entries []entry
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	rng := rand.New(rand.NewPCG(1, 2))
	parts := map[string][]byte{}
	for i := range files {
		cat := cats[i%len(cats)]
		name := fmt.Sprintf("%s/%02d.jpg", cat, i)
		data := []byte(nil)
		if i%5 == 4 {
			name, data = fmt.Sprintf("%s/%02d.pdf", cat, i), pdf.Bytes()
		} else {
			data = photo(rng, 2480, 3508)
		}
		entries = append(entries, entry{Path: name, Category: cat})
		parts[name] = data
	}
	m, _ := json.Marshal(map[string]any{"files": entries})
	w, _ := mw.CreateFormField("manifest")
	w.Write(m)
	for _, e := range entries {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename="upload"`, e.Path))
		w, _ := mw.CreatePart(h)
		w.Write(parts[e.Path])
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType(), nil
}

// photo is a 300 dpi A4 "scan": paper with noise and lines of dark text.
func photo(rng *rand.Rand, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			v := uint8(235 + rng.IntN(15))
			img.SetRGBA(x, y, color.RGBA{v, v, uint8(int(v) - 5), 255})
		}
	}
	for y := h / 8; y < h*7/8; y += 60 {
		for x := w / 10; x < w*9/10-rng.IntN(w/3); x++ {
			if rng.IntN(4) > 0 {
				for dy := range 18 {
					img.SetRGBA(x, y+dy, color.RGBA{40, 40, 50, 255})
				}
			}
		}
	}
	var buf bytes.Buffer
	jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	return buf.Bytes()
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
