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

// ParseCategory returns the category named s: its Chinese name or an
// English alias (case-insensitive). ok is false for any other name.
func ParseCategory(s string) (c Category, ok bool) {
	s = strings.TrimSpace(s)
	for _, c := range categories {
		if string(c) == s {
			return c, true
		}
	}
	c, ok = aliases[strings.ToLower(s)]
	return c, ok
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
