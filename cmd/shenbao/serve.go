package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/bast-tools/shenbao/server"
)

func init() { subcommands = append(subcommands, newServeCmd) }

func newServeCmd() *cobra.Command {
	var (
		cfg                server.Config
		addr, tokenFile    string
		maxBody, maxUpload string
		logLevel           string
	)
	cmd := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080]",
		Short: "以 HTTP 服务提供生成、校验、核查与归档（供门户后端调用）",
		Long: `启动 HTTP 服务：POST /v1/render/{individual|team|letter}、/v1/validate、/v1/check、/v1/bundle、/v1/seals，
GET /healthz、/readyz、/metrics（Prometheus）、/openapi.json（接口说明）。
服务不保存任何数据，可在负载均衡后运行多份。收到 SIGINT/SIGTERM 后停止接收新请求，处理完进行中的请求再退出。

每个参数也可用环境变量设置：参数名大写、“-”换成“_”、加前缀 SHENBAO_，如 --max-body 即 SHENBAO_MAX_BODY。
访问令牌用 --token-file 或环境变量 SHENBAO_TOKEN 给出；设置后 /v1/ 接口要求 Authorization: Bearer <令牌>。
日志为 JSON，每个请求一行（接口、状态、耗时、请求编号），不记录请求内容。`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			stderr := cmd.ErrOrStderr()
			if err := flagsFromEnv(cmd.Flags()); err != nil {
				fmt.Fprintln(stderr, err)
				return exitError{exitUsage}
			}
			var err error
			for _, s := range []struct {
				flag, val string
				dst       *int64
			}{{"--max-body", maxBody, &cfg.MaxBodyBytes}, {"--max-upload", maxUpload, &cfg.MaxUploadBytes}} {
				if *s.dst, err = parseSize(s.val); err != nil {
					return &problem{codeBadFlag, fmt.Sprintf("%s %q 无法识别（例：8MB）", s.flag, s.val)}
				}
			}
			cfg.Token = os.Getenv("SHENBAO_TOKEN")
			if tokenFile != "" {
				b, err := os.ReadFile(tokenFile)
				if err != nil {
					fmt.Fprintf(stderr, "--token-file：无法读取：%v\n", err)
					return exitError{exitUsage}
				}
				cfg.Token = strings.TrimSpace(string(b))
				if cfg.Token == "" {
					fmt.Fprintln(stderr, "--token-file：文件为空")
					return exitError{exitUsage}
				}
			}
			var level slog.Level
			if err := level.UnmarshalText([]byte(logLevel)); err != nil {
				fmt.Fprintf(stderr, "--log-level %q：应为 debug、info、warn 或 error\n", logLevel)
				return exitError{exitUsage}
			}
			cfg.Logger = slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))
			srv, err := server.New(cfg)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				fmt.Fprintf(stderr, "无法监听 %s：%v\n", addr, err)
				return exitError{exitUsage}
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			cfg.Logger.Info("listening", slog.String("addr", ln.Addr().String()), slog.Bool("auth", cfg.Token != ""))
			if err := srv.Serve(ctx, ln); err != nil {
				cfg.Logger.Error("shutdown", slog.String("error", err.Error()))
				return exitError{exitUsage}
			}
			cfg.Logger.Info("stopped")
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&addr, "addr", "127.0.0.1:8080", "监听地址")
	f.StringVar(&maxBody, "max-body", "8MB", "JSON 请求正文上限")
	f.StringVar(&maxUpload, "max-upload", "256MB", "归档上传（multipart）上限")
	f.IntVar(&cfg.MaxFiles, "max-files", 200, "一次归档的文件数上限")
	f.IntVar(&cfg.MaxUploads, "max-uploads", 32, "同时存放的归档上传数上限（限制临时磁盘用量），超出返回 429")
	f.Int64Var(&cfg.MaxPixels, "max-pixels", 100_000_000, "每张图片的像素上限（解码前检查）")
	f.IntVar(&cfg.MaxPages, "max-pages", 1000, "每个 PDF 或 TIFF 文件的页数上限")
	f.Int64Var(&cfg.MinBodyRate, "min-body-rate", 16<<10, "上传正文的最低速率（字节/秒，前 10 秒不计；负数表示不限），防止慢速上传占住名额")
	f.DurationVar(&cfg.Timeout, "timeout", 0, "每个请求的时限（含排队），默认 30s")
	f.DurationVar(&cfg.BundleTimeout, "bundle-timeout", 0, "归档请求的时限（含上传与排队），默认 5m")
	f.DurationVar(&cfg.ReadHeaderTimeout, "read-header-timeout", 0, "读取请求头的时限（防慢速攻击），默认 5s")
	f.DurationVar(&cfg.ShutdownDelay, "shutdown-delay", 0, "停止时先让 /readyz 返回 503 并继续服务的时长，供负载均衡摘除本实例")
	f.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 0, "停止时等待进行中请求的时限，默认 timeout + bundle-timeout")
	f.IntVar(&cfg.Workers, "workers", 0, "同时处理的请求数，默认 CPU 核数")
	f.IntVar(&cfg.Queue, "queue", 0, "排队上限，超出返回 429；默认 256，负数表示不排队")
	f.StringVar(&tokenFile, "token-file", "", "访问令牌文件（或用环境变量 SHENBAO_TOKEN）")
	f.StringVar(&cfg.TempDir, "temp-dir", "", "上传文件的临时目录（请求结束即删除），默认系统临时目录")
	f.StringVar(&logLevel, "log-level", "info", "日志级别：debug、info、warn、error")
	return cmd
}

// flagsFromEnv sets every flag not given on the command line from its
// SHENBAO_ environment variable, so a container or a systemd unit can
// configure the service without a command line.
func flagsFromEnv(fs *pflag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := "SHENBAO_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("环境变量 %s=%q 无法识别：%v", name, v, serr)
			}
		}
	})
	return err
}
