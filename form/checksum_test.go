package form

import "testing"

func TestParseIDNumber(t *testing.T) {
	tests := []struct {
		id, code string
		sex      Sex
		birth    string
	}{
		{"11010519491231002X", "", SexFemale, "1949-12-31"}, // GB 11643 example, X check digit
		{"11010519491231002x", "", SexFemale, "1949-12-31"}, // lower-case x accepted
		{"440524188001010014", "", SexMale, "1880-01-01"},   // GB 11643 example
		{"110108198506121239", "", SexMale, "1985-06-12"},
		{"110108198803040021", "", SexFemale, "1988-03-04"},
		{"110105194912310021", CodeIDChecksum, "", ""}, // last digit wrong
		{"11010519491231002Y", CodeIDChecksum, "", ""}, // not a check character
		{"110108198506121238", CodeIDChecksum, "", ""}, // off by one
		{"110108198502301235", CodeIDBirth, "", ""},    // 30 February
		{"110108198513121236", CodeIDBirth, "", ""},    // month 13
		{"11010819850612123", CodeIDFormat, "", ""},    // 17 characters
		{"1101081985061212399", CodeIDFormat, "", ""},  // 19 characters
		{"11010819850612A239", CodeIDFormat, "", ""},   // letter inside
		{"010108198506121231", CodeIDFormat, "", ""},   // no such division
		{"", CodeIDFormat, "", ""},
	}
	for _, tt := range tests {
		info, code, msg := ParseIDNumber(tt.id)
		if code != tt.code {
			t.Errorf("ParseIDNumber(%q) code = %q (%s), want %q", tt.id, code, msg, tt.code)
			continue
		}
		if code == "" && (info.Sex != tt.sex || info.Birth.Format("2006-01-02") != tt.birth) {
			t.Errorf("ParseIDNumber(%q) = %s %s, want %s %s", tt.id, info.Sex, info.Birth.Format("2006-01-02"), tt.sex, tt.birth)
		}
	}
}

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		code, want string
		beijing    bool
	}{
		{"91350100M000100Y43", "", false}, // published example (Fuzhou)
		{"91110108MA01C4Q8X1", "", true},
		{"911100001020001237", "", true},
		{"121100004000012343", "", true},
		{"91350100M000100Y44", CodeCreditChecksum, false},
		{"91110108MA01C4Q8X2", CodeCreditChecksum, true},
		{"91110108MA01C4Q8I1", CodeCreditFormat, true},  // I is not in the alphabet
		{"91110108MA01C4Q8O1", CodeCreditFormat, true},  // nor O
		{"911101O8MA01C4Q8X1", CodeCreditFormat, false}, // division must be digits
		{"91110108MA01C4Q8X", CodeCreditFormat, false},  // 17 characters
		{"", CodeCreditFormat, false},
	}
	for _, tt := range tests {
		if got, msg := CheckCreditCode(tt.code); got != tt.want {
			t.Errorf("CheckCreditCode(%q) = %q (%s), want %q", tt.code, got, msg, tt.want)
		}
		if tt.want == "" && CreditInBeijing(tt.code) != tt.beijing {
			t.Errorf("CreditInBeijing(%q) = %v, want %v", tt.code, !tt.beijing, tt.beijing)
		}
	}
}
