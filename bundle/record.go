package bundle

import (
	"fmt"
	"reflect"

	"github.com/bast-tools/shenbao/edition"
	"github.com/bast-tools/shenbao/form"
)

// FromRecord fills the cover and the evidence links from an application
// (申报书, individual or team), and the watermark, when not set, from the
// edition the application names: every table row that names an evidence
// file becomes a link "表名 第n行 名称". The record should come the one
// way in (form.Read), normalised.
func (o *Options) FromRecord(doc form.Document) error {
	ed, err := form.Edition(doc)
	if err != nil {
		return err
	}
	var tables []reflect.Value
	switch d := doc.(type) {
	case *form.Individual:
		o.Cover = Cover{Applicant: d.Applicant.Name, Organisation: d.Employer.Name,
			Programme: ed.ProgrammeTitle(string(form.ProgrammeIndividual)), Date: string(d.FilledOn)}
		tables = []reflect.Value{reflect.ValueOf(d.Projects), reflect.ValueOf(d.Results)}
	case *form.Team:
		o.Cover = Cover{Applicant: d.TeamName + "（负责人 " + d.Leader.Name + "）", Organisation: d.Employer.Name,
			Programme: ed.ProgrammeTitle(string(form.ProgrammeTeam)), Date: string(d.FilledOn)}
		tables = []reflect.Value{reflect.ValueOf(d.Projects), reflect.ValueOf(d.Results)}
	default:
		return fmt.Errorf("应为个人或团队申报书数据，而不是 %s", doc.DocKind())
	}
	if o.Watermark == "" {
		o.Watermark = ed.Watermark()
	}
	o.Links = nil
	addTable := func(name string, v reflect.Value) {
		for i := range v.Len() {
			row := v.Index(i)
			ev := row.FieldByName("Evidence")
			if !ev.IsValid() || ev.String() == "" {
				continue
			}
			o.Links = append(o.Links, Link{Row: fmt.Sprintf("%s 第%d行 %s", name, i+1, row.Field(0).String()), File: ev.String()})
		}
	}
	addTable("重大工程项目", tables[0])
	res := tables[1]
	for i := range res.NumField() {
		addTable(res.Type().Field(i).Tag.Get("zh"), res.Field(i))
	}
	return nil
}

// defaultWatermark is the watermark of the newest edition, for a dossier
// made without a record.
func defaultWatermark() string { return edition.Latest().Watermark() }
