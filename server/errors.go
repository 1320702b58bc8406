package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
)

// Error codes of the JSON error body, stable for callers.
const (
	CodeBadRequest      = "bad_request"            // 400: malformed request (query, JSON syntax, multipart)
	CodeDecodeFailed    = "decode_failed"          // 400: the document does not fit the data model (details: problems)
	CodeInvalidData     = "invalid_data"           // 400: the document fails validation (details: findings)
	CodeKindMismatch    = "kind_mismatch"          // 400: the route's document kind differs from the body's
	CodeUnknownDocument = "unknown_document"       // 404: {document} is not individual, team or letter
	CodeRenderRefused   = "render_refused"         // 400: the content does not fit the template or the fonts
	CodeManifestInvalid = "manifest_invalid"       // 400: the bundle manifest cannot be used
	CodeUnauthorized    = "unauthorized"           // 401
	CodeNotFound        = "not_found"              // 404
	CodeMethod          = "method_not_allowed"     // 405
	CodeNotAcceptable   = "not_acceptable"         // 406: no offered response type is acceptable
	CodeBodyTimeout     = "body_timeout"           // 408: the client sent its body too slowly
	CodeTooLarge        = "body_too_large"         // 413
	CodeMediaType       = "unsupported_media_type" // 415
	CodeUnprocessable   = "unprocessable"          // 422: files that cannot be read (no usable evidence, unreadable scan)
	CodeBusy            = "busy"                   // 429: the work queue is full
	CodeInternal        = "internal"               // 500: a fault of the server, never of the input
	CodeTimeout         = "timeout"                // 503: the request's time ran out
	CodeNotReady        = "not_ready"              // 503: /readyz while starting or draining
	CodeSaturated       = "saturated"              // 503: /readyz while the queue is full
	CodeClientGone      = "client_closed"          // logged only: the client went away
)

// apiError is the JSON error body: {code, message, details}. Message is
// Chinese, for people; details are the findings or problems that explain it.
type apiError struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
	// RetryAfter, in seconds, is sent as the Retry-After header when set.
	RetryAfter int `json:"-"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

func newError(status int, code, msg string, details any) *apiError {
	return &apiError{Status: status, Code: code, Message: msg, Details: details}
}

var (
	errNotFound     = newError(http.StatusNotFound, CodeNotFound, "没有这个接口，请查看 /openapi.json", nil)
	errUnauthorized = newError(http.StatusUnauthorized, CodeUnauthorized, "缺少或错误的访问令牌（Authorization: Bearer …）", nil)
	errTimeout      = &apiError{Status: http.StatusServiceUnavailable, Code: CodeTimeout, Message: "处理超时，请稍后重试", RetryAfter: 1}
	errBusy         = &apiError{Status: http.StatusTooManyRequests, Code: CodeBusy, Message: "服务繁忙，排队已满，请稍后重试", RetryAfter: 1}
	errBodyTimeout  = newError(http.StatusRequestTimeout, CodeBodyTimeout, "请求正文发送过慢，已超时", nil)
	errBodyTooSlow  = errors.New("request body below the minimum data rate")
	// errClientGone is recorded in the log when the client closes the
	// connection; nothing can be sent to it any more.
	errClientGone = newError(499, CodeClientGone, "客户端已断开", nil)
)

// asAPIError turns any error a handler returns into the response to send.
// Errors that are not *apiError are the server's own faults: 500.
func asAPIError(ctx context.Context, err error) *apiError {
	var ae *apiError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &mbe):
		return newError(http.StatusRequestEntityTooLarge, CodeTooLarge,
			"请求正文超过上限 "+strconv.FormatInt(mbe.Limit, 10)+" 字节", map[string]int64{"limit": mbe.Limit})
	case ctx.Err() != nil && context.Cause(ctx) == errRequestDeadline:
		return errTimeout
	case ctx.Err() != nil:
		return errClientGone
	}
	return newError(http.StatusInternalServerError, CodeInternal, "服务内部错误，请联系管理员并提供请求编号", nil)
}

func writeError(w http.ResponseWriter, e *apiError) {
	if e.Status == errClientGone.Status {
		return
	}
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(e.RetryAfter))
	}
	writeJSON(w, e.Status, e)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"code":"internal","message":"无法编码响应"}`)
	}
	b = append(b, '\n')
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(b)
}
