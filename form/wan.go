package form

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
)

// Wan is an amount of money in 万元, held exactly as a whole number of 元
// so that sums and the 5 万元 cap compare without rounding. In JSON it is a
// number of 万元 with at most four decimals: 5, 4.5, 0.0001.
type Wan int64

// numberRE is a JSON number; the group is its exponent.
var numberRE = regexp.MustCompile(`^-?\d+(?:\.\d+)?(?:[eE]([+-]?\d+))?$`)

// maxWan bounds decoded amounts (one trillion 万元) so arithmetic on sums of
// a few hundred lines cannot overflow.
const maxWan = Wan(1e12 * 1e4)

// String formats w in 万元 without trailing zeros: "5", "4.5", "0.0125".
func (w Wan) String() string {
	neg := w < 0
	if neg {
		w = -w
	}
	s := strconv.FormatInt(int64(w/10000), 10)
	if frac := int64(w % 10000); frac != 0 {
		s += "." + strings.TrimRight(fmt.Sprintf("%04d", frac), "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalJSON writes w as a JSON number of 万元.
func (w Wan) MarshalJSON() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalJSON reads a JSON number of 万元 with at most four decimals.
func (w *Wan) UnmarshalJSON(b []byte) error {
	v, err := ParseWan(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// ParseWan parses a decimal number of 万元 ("5", "4.50", "1e-4").
func ParseWan(s string) (Wan, error) {
	if len(s) > 40 {
		return 0, fmt.Errorf("金额 %.20q… 过长", s)
	}
	m := numberRE.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("金额 %q 不是数字", s)
	}
	// big.Rat would expand 1e999999999 digit by digit: bound the exponent
	// before it sees the number.
	if exp, err := strconv.Atoi(m[1]); m[1] != "" && (err != nil || exp > 30 || exp < -30) {
		return 0, fmt.Errorf("金额 %s 万元超出范围", s)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return 0, fmt.Errorf("金额 %q 不是数字", s)
	}
	r.Mul(r, big.NewRat(10000, 1))
	if !r.IsInt() {
		return 0, fmt.Errorf("金额 %s 万元最多保留四位小数（精确到元）", s)
	}
	n := r.Num()
	if n.CmpAbs(big.NewInt(int64(maxWan))) > 0 {
		return 0, fmt.Errorf("金额 %s 万元超出范围", s)
	}
	return Wan(n.Int64()), nil
}
