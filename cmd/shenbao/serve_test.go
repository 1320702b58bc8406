package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestServeSettings checks that serve refuses bad settings, from flags or
// from the environment, before it listens.
func TestServeSettings(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"bad size", []string{"serve", "--max-body", "lots"}, nil, `--max-body "lots" 无法识别`},
		{"bad env", []string{"serve"}, map[string]string{"SHENBAO_WORKERS": "many"}, `SHENBAO_WORKERS="many" 无法识别`},
		{"bad env duration", []string{"serve"}, map[string]string{"SHENBAO_TIMEOUT": "soon"}, `SHENBAO_TIMEOUT="soon" 无法识别`},
		{"missing token file", []string{"serve", "--token-file", "/nonexistent/token"}, nil, "--token-file：无法读取"},
		{"bad log level", []string{"serve", "--log-level", "loud"}, nil, `--log-level "loud"`},
		{"bad address", []string{"serve", "--addr", "127.0.0.1:99999"}, nil, "无法监听 127.0.0.1:99999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q, want %q", stderr.String(), tt.want)
			}
		})
	}
}
