package form

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

//go:embed samples/*.json
var sampleFS embed.FS

// Sample returns the embedded sample document of kind k as JSON. With max
// set it returns the maximal variant: every list filled to its limit and
// every free text to its length limit, for page-break tests. Both pass
// validation and the 2026 eligibility rules.
func Sample(k Kind, max bool) ([]byte, error) {
	data, err := sampleFS.ReadFile("samples/" + string(k) + ".json")
	if err != nil {
		return nil, fmt.Errorf("form: no sample of kind %q (want individual, team or letter)", k)
	}
	if !max {
		return data, nil
	}
	doc, err := DecodeBytes(data)
	if err != nil {
		return nil, err
	}
	maximize(reflect.ValueOf(doc).Elem())
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// keepAsIs names fields that identify or link records; filling them would
// break the links, so the maximal sample leaves them alone.
var keepAsIs = map[string]bool{
	"application_no": true, "letter_no": true, "number": true, "rank": true,
	"evidence": true, "recommender": true, "name": true, "employer": true, "period": true,
	"park": true, "unit": true, // name the recommender's scope: filler would not match
}

// filler is realistic text used to lengthen free-text fields.
const filler = "围绕关键核心技术开展工程攻关，完成方案论证、样机研制、现场试验和批量应用，形成可复制推广的技术路线。" +
	"项目实施过程中注重产学研协同，带动团队成员在工程实践中成长，相关成果已在北京地区重点企业落地应用。" +
	"同时建立完善的质量管理与知识产权保护机制，确保成果安全可控、持续迭代。"

func maximize(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		tags := parseTags(f.Tag.Get("v"))
		switch fv.Kind() {
		case reflect.Struct:
			maximize(fv)
		case reflect.Slice:
			if n := fv.Len(); n > 0 && tags.items > n {
				grown := reflect.MakeSlice(fv.Type(), tags.items, tags.items)
				for j := range tags.items {
					grown.Index(j).Set(fv.Index(j % n))
					if j >= n {
						varyRow(grown.Index(j), j)
					}
				}
				fv.Set(grown)
			}
			for j := range fv.Len() {
				maximize(fv.Index(j))
			}
		case reflect.String:
			if fv.Type().Name() == "string" && tags.max >= 30 && !keepAsIs[jsonName(f)] {
				fv.SetString(lengthen(fv.String(), tags.max))
			}
		}
	}
}

// lengthen pads s with filler text to exactly n runes, keeping paragraphs
// in long texts so the layout sees line breaks too.
func lengthen(s string, n int) string {
	var b strings.Builder
	b.WriteString(s)
	count := utf8.RuneCountInString(s)
	for i := 0; count < n; i++ {
		if n >= 1000 && i%2 == 1 {
			b.WriteString("\n")
			count++
			continue
		}
		for _, r := range filler {
			if count == n {
				break
			}
			b.WriteRune(r)
			count++
		}
	}
	return b.String()
}

// Names for the extra rows of the maximal sample, so no two rows repeat.
var extraNames = []string{"周立新", "吴海燕", "郑晓东", "冯雪梅", "蒋国栋", "沈佳怡", "韩志刚", "杨帆", "朱文博", "秦晓峰",
	"许静怡", "何建平", "吕思远", "施雨桐", "张立群", "孔德明", "曹晓光", "严雪", "华振宇", "金子涵",
	"魏宏伟", "陶然", "姜雨晴", "戚永刚", "谢晓彤", "邹建明", "喻晴", "柏立峰", "水清扬", "窦文涛"}

// varyRow makes copied row j distinct from the row it was copied from:
// another person, organisation or number, and never a second leader.
func varyRow(row reflect.Value, j int) {
	switch r := row.Addr().Interface().(type) {
	case *Member:
		r.Name, r.Leader = extraNames[j%len(extraNames)], false
	case *Expert:
		r.Name = extraNames[(j+7)%len(extraNames)]
	case *Partner:
		r.Name = fmt.Sprintf("%s（第%d协同单位）", r.Name, j+1)
	case *Education:
		// A further part-time course: no clash with full-time study or work.
		r.FullTime = new(bool)
		if r.Education == EduDoctor || r.Education == EduMaster {
			r.Education, r.Degree = "大学本科", "学士"
		}
	case *Recommendation:
		r.Rank = j + 1
		r.Name = extraNames[j%len(extraNames)]
		if r.Programme == ProgrammeTeam {
			r.Name = fmt.Sprintf("%s创新工作室", extraNames[j%len(extraNames)])
			r.Leader = extraNames[(j+3)%len(extraNames)]
		}
		id := fmt.Sprintf("1101081985%02d%02d%03d", j%12+1, j%28+1, 100+j)
		r.IDNumber = IDNumber(id + string(IDCheckChar(id)))
		cc := fmt.Sprintf("91110108MA0%05dX", 10000+j)
		r.CreditCode = CreditCode(cc + string(CreditCheckChar(cc)))
		r.Employer = fmt.Sprintf("北京第%d工程技术有限公司", j+1)
		r.ApplicationNo = fmt.Sprintf("ZG2026-%04d", 500+j)
	}
}
