package rules

import (
	"context"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

// Assessed is one document's validation findings and its eligibility
// verdicts: every rule whose inputs are valid is judged, the others are
// [NotEvaluated] with the finding that stopped them.
type Assessed struct {
	Source   string         `json:"source"`
	Kind     form.Kind      `json:"kind"`
	Findings []form.Finding `json:"findings"`
	Verdicts []Verdict      `json:"verdicts"`
}

// Assessment is what checking a set of documents gives: per document, and
// with Round set, across them.
type Assessment struct {
	Documents []Assessed     `json:"documents"`
	Round     []RoundFinding `json:"round,omitempty"`
	// Count tallies verdicts and round findings by status.
	Count map[Status]int `json:"count"`
}

// Failed reports whether anything needs fixing: a validation finding, a
// failed rule or a failed round check.
func (a *Assessment) Failed() bool {
	if a.Count[Fail] > 0 {
		return true
	}
	for _, d := range a.Documents {
		if len(d.Findings) > 0 {
			return true
		}
	}
	return false
}

// AssessOptions tune [Assess]; the zero value checks documents one by one.
type AssessOptions struct {
	Options
	// Round also applies [CheckRound] to the documents whose edition is
	// known.
	Round bool
	// Validation is passed to [form.Validate].
	Validation form.Options
}

// Assess validates each document (unless its entry carries the findings
// of [form.Read] already) and applies the rules of its edition; with
// opt.Round it then judges the documents as one round, under the edition
// of the first document that names a known one. It is what `shenbao check`
// and POST /v1/check do. A district quota file of another edition than
// the letters' is refused with a *DistrictsError.
func Assess(ctx context.Context, entries []Entry, opt AssessOptions) (*Assessment, error) {
	a := &Assessment{Documents: []Assessed{}, Count: map[Status]int{}}
	var inRound []Entry
	var roundEd *edition.Edition
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := Assessed{Source: e.Source, Kind: e.Doc.DocKind(), Findings: []form.Finding{}, Verdicts: []Verdict{}}
		findings := e.Findings
		if findings == nil {
			findings = form.Validate(e.Doc, opt.Validation)
		}
		if findings != nil {
			d.Findings = findings
		}
		ed, err := form.Edition(e.Doc)
		if err != nil {
			d.Verdicts = append(d.Verdicts, Verdict{Rule: "edition", Status: NotEvaluated, Path: "$.edition",
				Message: "未核查申报条件：" + err.Error()})
		} else {
			if _, ok := e.Doc.(*form.Letter); ok {
				if err := opt.Districts.forEdition(ed.Edition); err != nil {
					return nil, err
				}
			}
			d.Verdicts = Check(e.Doc, ed, opt.Options, findings...)
			inRound = append(inRound, e)
			if roundEd == nil {
				roundEd = ed
			}
		}
		for _, v := range d.Verdicts {
			a.Count[v.Status]++
		}
		a.Documents = append(a.Documents, d)
	}
	if opt.Round && roundEd != nil {
		a.Round = CheckRound(inRound, roundEd, opt.Options)
		for _, f := range a.Round {
			a.Count[f.Status]++
		}
	}
	return a, nil
}
