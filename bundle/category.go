package bundle

import (
	"slices"
	"strings"
)

// Category is an evidence category, named in Chinese as the notice names it.
type Category string

// The categories, in the order the dossier presents them.
const (
	IDCard          Category = "身份证复印件"
	Diploma         Category = "最高学历证书"
	Degree          Category = "最高学位证书"
	BusinessLicence Category = "营业执照/法人登记证书"
	Masterwork      Category = "代表作"
	Award           Category = "获奖"
	Honour          Category = "荣誉"
	Publication     Category = "论文著作"
	Patent          Category = "专利"
	BenefitProof    Category = "经济社会效益证明"
	Qualification   Category = "职称/执业资格"
	EmployerDoc     Category = "单位材料"
	Other           Category = "其他"
)

var (
	categories = []Category{IDCard, Diploma, Degree, BusinessLicence, Masterwork, Award,
		Honour, Publication, Patent, BenefitProof, Qualification, EmployerDoc, Other}
	required = []Category{IDCard, Diploma, Degree, BusinessLicence}
)

// Categories returns every category in dossier order. The slice is the
// caller's own.
func Categories() []Category { return slices.Clone(categories) }

// Required returns the categories every application must include. The
// slice is the caller's own.
func Required() []Category { return slices.Clone(required) }

// aliases maps English (and slash-free) folder names to categories; a
// folder cannot contain "/", so 营业执照/法人登记证书 and 职称/执业资格 need one.
var aliases = map[string]Category{
	"id-card": IDCard, "idcard": IDCard, "identity": IDCard,
	"diploma": Diploma, "education": Diploma,
	"degree":           Degree,
	"business-licence": BusinessLicence, "business-license": BusinessLicence, "licence": BusinessLicence, "license": BusinessLicence,
	"营业执照": BusinessLicence, "法人登记证书": BusinessLicence, "营业执照或法人登记证书": BusinessLicence, "营业执照_法人登记证书": BusinessLicence,
	"masterwork": Masterwork, "representative-work": Masterwork,
	"award": Award, "awards": Award,
	"honour": Honour, "honours": Honour, "honor": Honour, "honors": Honour,
	"publication": Publication, "publications": Publication, "papers": Publication,
	"patent": Patent, "patents": Patent,
	"benefit": BenefitProof, "benefit-proof": BenefitProof, "benefits": BenefitProof, "经济社会效益": BenefitProof,
	"qualification": Qualification, "qualifications": Qualification, "title": Qualification,
	"职称": Qualification, "执业资格": Qualification, "职称或执业资格": Qualification, "职称_执业资格": Qualification,
	"employer": EmployerDoc, "employer-docs": EmployerDoc,
	"other": Other, "others": Other,
}

// keywords are the words that name a category in the folder names people
// use: 身份证, 学历证书, 学位证书, 营业执照, 法人证书, 获奖证书, 专利证书,
// 职称证书… A name holding the key words of exactly one category is that
// category.
var keywords = []struct {
	c     Category
	words []string
}{
	{IDCard, []string{"身份证", "身份证明", "居民身份"}},
	{Diploma, []string{"学历", "毕业证"}},
	{Degree, []string{"学位"}},
	{BusinessLicence, []string{"营业执照", "法人"}},
	{Masterwork, []string{"代表作"}},
	{Award, []string{"获奖", "奖励", "奖项", "奖状"}},
	{Honour, []string{"荣誉", "称号"}},
	{Publication, []string{"论文", "著作", "专著"}},
	{Patent, []string{"专利"}},
	{BenefitProof, []string{"效益"}},
	{Qualification, []string{"职称", "执业", "资格"}},
	{EmployerDoc, []string{"单位材料", "单位证明", "所在单位", "单位意见"}},
	{Other, []string{"其他", "其它"}},
}

// ParseCategory returns the category named s: its Chinese name, an English
// alias (case-insensitive), or a name holding the key words of exactly one
// category (身份证, 学位证书, 法人证书…). ok is false for any other name.
func ParseCategory(s string) (c Category, ok bool) {
	s = strings.TrimSpace(s)
	for _, c := range categories {
		if string(c) == s {
			return c, true
		}
	}
	if c, ok = aliases[strings.ToLower(s)]; ok {
		return c, true
	}
	var found []Category
	for _, k := range keywords {
		for _, w := range k.words {
			if strings.Contains(s, w) {
				found = append(found, k.c)
				break
			}
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return "", false
}

func (c Category) rank() int {
	for i, k := range categories {
		if k == c {
			return i
		}
	}
	return len(categories)
}

// sealKind is the seal a category's files must bear, "" for none.
func (c Category) sealKind() SealKind {
	switch c {
	case BusinessLicence:
		return EmployerSeal
	case BenefitProof:
		return FinanceSeal
	}
	return ""
}
