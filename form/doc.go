// Package form is the electronic record of an application: the data model of
// the three documents of the excellent-engineer selection (个人申报书,
// 团队申报书, 推荐函 with its 推荐汇总表), their JSON format and JSON Schema,
// decoding, normalisation and validation.
//
// The record is the single source of truth: rendering, scan verification and
// eligibility checks all start from a [Document] read and validated here.
// [Read] is the one way in: it decodes, normalises and validates, and
// reports everything that is wrong as findings at JSON paths — a value
// outside an enumeration, a control or bidi character, a character no font
// has, a channel the document's edition does not know — refusing only
// input that is not a document at all. [Decode] is the strict decoder the
// JSON Schema describes.
//
// A document is one JSON object whose "kind" is "individual", "team" or
// "letter". Field names are English snake_case; enumerated values are the
// Chinese words printed on the form (for example "国家级"), so a portal can
// show them unchanged. Dates are "YYYY-MM-DD", months "YYYY-MM", amounts are
// JSON numbers in 万元 with at most four decimals (exact to one 元). Any
// field may be omitted or null; what is required is reported by [Validate]
// as a finding rather than refused by the decoder, so one pass lists every
// problem. The numbers and words of a year's notice come from package
// edition, by the edition a document names.
//
// # Entry points
//
//   - Read a record: [Read] or [ReadBytes] (decode, normalise, validate);
//     [Decode] is the strict decoder alone.
//   - Describe the format: [Schema], [Sample], [Kinds], [EnumValues].
//   - Digest: [Canonical] and [Digest] (what page codes carry).
//
// The map of every job to its package is in the documentation of
// github.com/bast-tools/shenbao and in the README.
package form
