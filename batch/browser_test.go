package batch_test

import (
	"bytes"
	"context"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bast-tools/shenbao/batch"
)

// chromium runs headless Chromium on a file: URL and returns what it
// printed (the DOM after the scripts ran, with --dump-dom) and its log.
func chromium(t *testing.T, args ...string) (string, string) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (Debian package chromium; scripts/test.sh installs it)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--enable-logging=stderr", "--v=0",
		"--user-data-dir=" + t.TempDir()}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

var (
	rowStart = regexp.MustCompile(`^"([^"]*)"[^>]*?( style="display: none;")?>`)
	numCell  = regexp.MustCompile(`<td class="n">(\d+)</td>`)
)

// The report opens from a file: URL in a real browser with no console
// message; filtering by verdict and sorting by a column work (the view is
// taken from the URL's fragment, as a bookmarked view would be).
func TestHTMLInBrowser(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed")
	}
	tmp := t.TempDir()
	in, out := filepath.Join(tmp, "in"), filepath.Join(tmp, "out")
	makeBatch(t, in)
	var calls atomic.Int64
	oc, err := batch.Run(context.Background(), in, out, batch.Options{Verify: fakeVerifier(&calls)})
	if err != nil {
		t.Fatal(err)
	}
	page := "file://" + filepath.ToSlash(filepath.Join(out, batch.ReportHTML))
	// Column 8 is 不通过 (the count of errors).
	view := "#" + url.Values{"verdict": {batch.Fail}, "sort": {"8"}, "dir": {"desc"}}.Encode()
	dom, log := chromium(t, "--dump-dom", page+view)
	if strings.Contains(log, ":CONSOLE") {
		t.Errorf("console messages:\n%s", log)
	}
	shown, last := 0, 1<<30
	for _, row := range strings.Split(dom, "<tr data-verdict=")[1:] {
		m := rowStart.FindStringSubmatch(row)
		nums := numCell.FindAllStringSubmatch(row, -1)
		if m == nil || len(nums) != 4 { // 序, 不通过, 需复核, 提示
			t.Fatalf("unexpected row markup: %.200s", row)
		}
		if m[2] != "" {
			if m[1] == batch.Fail {
				t.Errorf("a 不通过 row is hidden")
			}
			continue
		}
		if m[1] != batch.Fail {
			t.Errorf("a %s row is shown under the 不通过 filter", m[1])
		}
		shown++
		n, _ := strconv.Atoi(nums[1][1])
		if n > last {
			t.Errorf("rows not sorted by 不通过 count, descending: %d after %d", n, last)
		}
		last = n
	}
	if want := oc.Report.Count[batch.Fail]; shown != want || want == 0 {
		t.Errorf("%d rows shown, want the %d that fail", shown, want)
	}
	if !strings.Contains(dom, "显示 "+strconv.Itoa(shown)+" / ") {
		t.Error("the count of shown rows is not updated")
	}
	shot := filepath.Join(tmp, "index.png")
	if dir := os.Getenv("SHENBAO_SCREENSHOTS"); dir != "" {
		shot = filepath.Join(dir, "batch-index.png")
	}
	chromium(t, "--screenshot="+shot, "--window-size=1400,1000", page)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil || img.Bounds().Dx() != 1400 {
		t.Fatalf("screenshot: %v", err)
	}
}
