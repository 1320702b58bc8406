package rules

import (
	"context"

	"github.com/bast-tools/shenbao/form"
)

// Assessed is one document's validation findings and, when it is valid,
// its eligibility verdicts.
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
	// Round also applies [CheckRound] to the documents that are valid.
	Round bool
	// Validation is passed to [Validate].
	Validation form.Options
}

// Assess validates each document and applies the rules of its edition to
// those that are valid; with opt.Round it then judges them as one round,
// under the edition of the first valid document. It is what `shenbao check`
// and POST /v1/check do.
func Assess(ctx context.Context, entries []Entry, opt AssessOptions) (*Assessment, error) {
	a := &Assessment{Documents: []Assessed{}, Count: map[Status]int{}}
	var valid []Entry
	var roundEd *Edition
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := Assessed{Source: e.Source, Kind: e.Doc.DocKind(), Findings: []form.Finding{}, Verdicts: []Verdict{}}
		ed, findings := Validate(e.Doc, opt.Validation)
		if findings != nil {
			d.Findings = findings
		}
		if ed != nil && len(findings) == 0 {
			d.Verdicts = Check(e.Doc, ed, opt.Options)
			valid = append(valid, e)
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
		a.Round = CheckRound(valid, roundEd, opt.Options)
		for _, f := range a.Round {
			a.Count[f.Status]++
		}
	}
	return a, nil
}
