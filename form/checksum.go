package form

import (
	"strings"
	"time"
)

// GB 11643-1999 weights of the first 17 characters of a 居民身份证号.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckChar returns the GB 11643 check character for the first 17
// digits of an identity number, or 0 if they are not 17 digits.
func IDCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// IDInfo is what a valid 居民身份证号 says about its holder.
type IDInfo struct {
	Region string    // the six-digit administrative division code
	Birth  time.Time // date of birth, UTC midnight
	Sex    Sex       // 男 when the 17th digit is odd
}

// ID number problems, as finding codes.
const (
	CodeIDFormat   = "id_number_format"
	CodeIDChecksum = "id_number_checksum"
	CodeIDBirth    = "id_number_birth"
)

// ParseIDNumber checks an 18-character 居民身份证号 (a lower-case x is
// accepted as X) and returns what it encodes, or a finding code and a
// Chinese message.
func ParseIDNumber(s string) (IDInfo, string, string) {
	s = strings.ToUpper(s)
	if len(s) != 18 {
		return IDInfo{}, CodeIDFormat, "应为 18 位（17 位数字加 1 位校验码）"
	}
	want := IDCheckChar(s[:17])
	if want == 0 {
		return IDInfo{}, CodeIDFormat, "前 17 位应全部为数字"
	}
	if s[0] < '1' || s[0] > '9' {
		return IDInfo{}, CodeIDFormat, "前 6 位应为行政区划代码"
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1800 {
		return IDInfo{}, CodeIDBirth, "第 7–14 位不是有效的出生日期"
	}
	if s[17] != want {
		return IDInfo{}, CodeIDChecksum, "校验码不符，请核对号码是否抄错"
	}
	sex := SexFemale
	if (s[16]-'0')%2 == 1 {
		sex = SexMale
	}
	return IDInfo{Region: s[:6], Birth: birth, Sex: sex}, "", ""
}

// GB 32100-2015: the 31-character alphabet (no I, O, S, V, Z) and weights.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCheckChar returns the GB 32100 check character for the first 17
// characters of a 统一社会信用代码, or 0 if one is outside the alphabet.
func CreditCheckChar(first17 string) byte {
	if len(first17) != 17 {
		return 0
	}
	sum := 0
	for i := range 17 {
		v := strings.IndexByte(creditAlphabet, first17[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// Credit code problems, as finding codes.
const (
	CodeCreditFormat   = "credit_code_format"
	CodeCreditChecksum = "credit_code_checksum"
)

// CheckCreditCode checks an 18-character 统一社会信用代码 and returns a
// finding code and a Chinese message, or two empty strings.
func CheckCreditCode(s string) (string, string) {
	if len(s) != 18 {
		return CodeCreditFormat, "应为 18 位"
	}
	for i := range 18 {
		if strings.IndexByte(creditAlphabet, s[i]) < 0 {
			return CodeCreditFormat, "含有不允许的字符（不使用 I、O、S、V、Z）"
		}
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return CodeCreditFormat, "第 3–8 位应为行政区划代码（数字）"
		}
	}
	if s[17] != CreditCheckChar(s[:17]) {
		return CodeCreditChecksum, "校验码不符，请核对代码是否抄错"
	}
	return "", ""
}

// CentralDivision is the division of a credit code registered by a central
// authority (中央机关登记), as many universities and institutes in Beijing
// are: it does not say where the unit is.
const CentralDivision = "100000"

// CreditDivision returns the administrative division of a credit code
// (characters 3–8), or "" for a code too short to have one.
func CreditDivision(s string) string {
	if len(s) < 8 {
		return ""
	}
	return s[2:8]
}

// CreditInBeijing reports whether a credit code's administrative division
// (characters 3–8) is in Beijing, whose codes begin with 11.
func CreditInBeijing(s string) bool { return len(s) == 18 && s[2:4] == "11" }
