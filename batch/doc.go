// Package batch checks a whole round of submissions at once, the way the
// staff of a recommending organisation or of the centre receive them: per
// submission it validates the records and applies the eligibility rules
// (rules.Assess), verifies the signed and sealed scans (through a
// [ScanVerifier]), checks the evidence (bundle.Build, optionally keeping
// the dossier); then it applies the round-wide rules across all of them
// (quotas per organisation and channel, one person in two roles or
// channels, duplicates). It writes reports for people (index.html with a
// page per submission, report.xlsx, report.csv, findings.csv) and for
// programs (report.json).
//
// # Input: a batch folder
//
// One sub-folder per submission; its name is the submission's id. Inside,
// names are matched without regard to case, and anything not recognised
// is reported as a stray file (info), never fatal:
//
//	张明远/
//	  申报书.json          the application record: 申报书.json, application.json,
//	                       个人申报书.json, 团队申报书.json, or any .json whose
//	                       "kind" is individual or team
//	  申报书扫描件-1.jpg   its signed and sealed scan: PDFs or images (.pdf .jpg
//	  申报书扫描件-2.jpg   .jpeg .png .tif .tiff) directly in the folder or in a
//	  …                    扫描件/ (scans/) folder; split scans are taken in
//	                       natural order (2 before 10)
//	  推荐函.json          optional: the letter (推荐函.json, letter.json, or kind
//	  推荐函扫描件.pdf     letter) and its scan (a file whose name contains 推荐函
//	                       or starts with "letter")
//	  证明材料/            the evidence: a folder 证明材料 (evidence, 材料, 附件,
//	    身份证复印件/…     attachments) with one sub-folder per category as
//	    营业执照/…         `shenbao bundle --dir` reads it; or category folders
//	                       directly in the submission folder; or a manifest
//	                       (manifest.json, 证明材料清单.json, or any .json with
//	                       "files") as `shenbao bundle --manifest` reads it
//
// A folder holding only a letter is a letter submission. A folder with no
// record is a row with the error no_record. Files directly in the batch
// folder are reported as batch findings. Hidden files and the litter of
// operating systems (.DS_Store, Thumbs.db, desktop.ini) are skipped.
//
// # Input: a list
//
// Instead of a folder, a CSV or XLSX exported from the portal, lying in the
// batch folder. The first row names the columns, in Chinese or English:
//
//	申报编号 (id)            required, unique
//	文件夹 (dir)             a submission folder, read as above; or
//	申报书 (record)          the record file
//	扫描件 (scans)           scan files, separated by ; ； | or a line break
//	推荐函 (letter)          the letter's record
//	推荐函扫描件 (letter_scans)
//	证明材料 (evidence)      an evidence folder or a manifest file
//
// Paths are relative to the list's folder. A CSV may be UTF-8 (with or
// without a BOM), UTF-16 with a BOM, or GBK/GB18030 as Excel saves it on
// Chinese Windows ([DecodeText]). A path that is absolute, climbs out with
// "..", or is a symbolic link leading out of the batch folder is refused
// (path_outside) and never read: the folder is opened with os.Root.
//
// # What a submission comes out as
//
// Each finding has a check (input, validate, eligibility, scan, evidence,
// round), a stable code, a severity and a Chinese message. Any error makes
// the submission 不通过, review findings only 需人工复核, else 通过. A
// rule that only a reviewer can settle (results in Beijing, core team
// lead) is an info finding: every application carries it. Without a
// verifier each scan is a review finding (scan_not_verified).
//
// # report.json
//
//	{
//	  "schema": "shenbao-batch-report/1",
//	  "tool_version": "…",
//	  "complete": true,                  false if the run was interrupted
//	  "count": {"通过": n, "需人工复核": n, "不通过": n, "total": n},
//	  "submissions": [{                  sorted by id
//	    "id", "dir", "kind" (individual|team|letter), "name", "leader",
//	    "id_number" (masked), "organisation", "recommender", "channel", "field",
//	    "verdict": "通过"|"需人工复核"|"不通过",
//	    "error": "…",                    set when nothing could be checked
//	    "checks": {"input"|"validate"|"eligibility"|"scan"|"evidence"|"round":
//	               "通过"|"需人工复核"|"不通过"|"未核查"},
//	    "findings": [{"check", "code", "severity": "error"|"review"|"info",
//	                  "document" (申报书|推荐函), "file", "path" (JSON path),
//	                  "scan_page", "form_page", "zone", "confidence", "message"}],
//	    "inputs": [{"path", "size", "sha256"}],
//	    "dossier": "dossiers/….pdf",     with --bundle
//	    "detail": "details/….html"
//	  }],
//	  "round": [{"rule", "severity", "submissions": [ids], "message"}],
//	  "batch_findings": [findings about the batch folder itself]
//	}
//
// The same inputs give the same bytes. Identity numbers (110105********1234)
// and mobile numbers (138****5678) are masked in every report unless
// Options.Reveal.
//
// # Reruns, interruptions, shards
//
// Each submission's result is cached under REPORTDIR/.cache, keyed by the
// SHA-256 of every input file, the submission's layout, the options that
// change results and the tool version; a file is hashed again only when
// its size or modification time changed. A rerun redoes only changed
// submissions, and an interrupted run resumes where it stopped. The cache
// holds the records, with personal data: its files are private (0600).
//
// With Options.Shard a run checks only the K-th of N shards (by a hash of
// the submission id) and writes part.json; [Merge] joins all N parts and
// writes the reports of one whole run, byte for byte. docs/batch.md shows
// a Kubernetes Indexed Job doing this.
package batch
