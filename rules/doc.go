// Package rules applies the eligibility rules and quotas of a year's notice
// to applications (申报书) and recommendation letters (推荐函).
//
// Every number — reference dates, ages, years of work, team size, caps,
// deadlines, channel quotas, the fields — comes from the document's
// edition (package edition), so a new notice is a new file, not new code.
// 区科协 quotas come from a separate [Districts] file.
//
// [Check] judges one document and returns a [Verdict] per rule: pass, fail,
// review for what only a person can confirm (for example "main results in
// Beijing"), or not evaluated when a value the rule reads is invalid.
// [CheckRound] judges a whole submission round for what no single document
// shows: one organisation sending too many, one person applying twice or
// through two channels, channel quotas, letters that disagree with the
// applications they name, recommenders outside their district, park or
// unit. [Assess] does both, as `shenbao check` and POST /v1/check.
//
// # Entry points
//
//   - Check eligibility: [Check] (one document), [CheckRound] (a round),
//     [Assess] (validate and check many documents).
//   - District quotas: [ReadDistricts]. Editions are package edition's
//     ([edition.Load], [edition.Read]); validation is package form's
//     ([form.Read]).
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package rules
