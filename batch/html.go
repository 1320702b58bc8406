package batch

import (
	"encoding/base64"
	"html/template"
	"io"
	"sort"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// The pages use no network and no external file: styles and script are
// inline, thumbnails are data: URLs, so they work opened from a file: URL
// or copied to a USB stick.

const style = `body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","LXGW WenKai",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#dde5f0;cursor:pointer;user-select:none;position:sticky;top:0}th.asc::after{content:" ▲"}th.desc::after{content:" ▼"}
.v通过{background:#c6efce}.v需人工复核{background:#ffeb9c}.v不通过{background:#ffc7ce}.n{text-align:right}
.bar{margin:.8em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}.bar input{width:20em}.muted{color:#777}
.nw{white-space:nowrap}.error{color:#9c0006}.review{color:#7f6000}.info{color:#555}figure{display:inline-block;margin:.5em}figure img{max-width:640px;border:1px solid #999}`

var indexTmpl = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>批量核查报告</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>` + style + `</style></head>
<body><h1>批量核查报告</h1>
<p>共 {{.Count.total}} 份：<span class="v通过">通过 {{index .Count "通过"}}</span>　<span class="v需人工复核">需人工复核 {{index .Count "需人工复核"}}</span>　<span class="v不通过">不通过 {{index .Count "不通过"}}</span>
{{if not .Complete}}<strong class="error">　本次核查被中断，报告不完整，未做本轮跨申报检查。</strong>{{end}}</p>
<div class="bar"><label>筛选 <input id="q" type="search" placeholder="姓名、单位、编号、领域…"></label>
<label>结论 <select id="verdict"><option value="">全部</option><option>通过</option><option>需人工复核</option><option>不通过</option></select></label>
<label>推荐渠道 <select id="channel"><option value="">全部</option>{{range .Channels}}<option>{{.}}</option>{{end}}</select></label>
<span id="shown" class="muted"></span></div>
<table id="t"><thead><tr><th data-type="num">序</th><th data-type="num">姓名/工作室</th><th>申报编号</th><th>类型</th><th>所在单位</th><th>推荐渠道</th><th>申报领域</th><th>结论</th><th data-type="num">不通过</th><th data-type="num">需复核</th><th data-type="num">提示</th></tr></thead>
<tbody>{{range $i, $r := .Rows}}<tr data-verdict="{{.Verdict}}" data-channel="{{.Channel}}">
<td class="n">{{.N}}</td><td data-key="{{.Order}}"><a href="{{.Detail}}">{{.Name}}</a></td><td>{{.ID}}</td><td>{{.Kind}}</td><td>{{.Organisation}}</td><td>{{.Channel}}</td><td>{{.Field}}</td>
<td class="v{{.Verdict}}">{{.Verdict}}</td><td class="n">{{.Errors}}</td><td class="n">{{.Reviews}}</td><td class="n">{{.Infos}}</td></tr>
{{end}}</tbody></table>
{{if .Round}}<h2>本轮跨申报检查</h2><ul>{{range .Round}}<li class="{{.Severity}}">{{.Message}}（{{range $i, $s := .Submissions}}{{if $i}}、{{end}}{{$s}}{{end}}）</li>{{end}}</ul>{{end}}
{{if .Batch}}<h2>批次文件夹中的其他文件</h2><ul>{{range .Batch}}<li class="{{.Severity}}">{{.Message}}</li>{{end}}</ul>{{end}}
<script>
(function(){
// The filter and the sort live in the URL's fragment (#q=…&verdict=…&sort=2&dir=desc),
// so a bookmarked or shared view opens as it was left.
var t=document.getElementById('t'),body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
var q=document.getElementById('q'),v=document.getElementById('verdict'),c=document.getElementById('channel'),shown=document.getElementById('shown');
var ths=t.tHead.rows[0].cells,sorted=-1,dir=1;
function save(){var p=new URLSearchParams();if(q.value)p.set('q',q.value);if(v.value)p.set('verdict',v.value);if(c.value)p.set('channel',c.value);
if(sorted>=0){p.set('sort',sorted);p.set('dir',dir>0?'asc':'desc');}history.replaceState(null,'','#'+p.toString());}
function filter(){var s=q.value.trim().toLowerCase(),n=0;rows.forEach(function(r){
var ok=(!s||r.textContent.toLowerCase().indexOf(s)>=0)&&(!v.value||r.dataset.verdict===v.value)&&(!c.value||r.dataset.channel===c.value);
r.style.display=ok?'':'none';if(ok)n++;});shown.textContent='显示 '+n+' / '+rows.length;}
function sortBy(i,d){sorted=i;dir=d;var th=ths[i],num=th.dataset.type==='num';
Array.prototype.forEach.call(ths,function(h){h.classList.remove('asc','desc');});th.classList.add(d>0?'asc':'desc');
rows.sort(function(a,b){var x=a.cells[i],y=b.cells[i];x=x.dataset.key||x.textContent;y=y.dataset.key||y.textContent;
var o=num?parseFloat(x)-parseFloat(y):x.localeCompare(y,'zh-CN');return d*o||a.cells[0].textContent-b.cells[0].textContent;});
rows.forEach(function(r){body.appendChild(r);});}
[q,v,c].forEach(function(e){e.addEventListener('input',function(){filter();save();});e.addEventListener('change',function(){filter();save();});});
Array.prototype.forEach.call(ths,function(th,i){th.addEventListener('click',function(){sortBy(i,sorted===i?-dir:1);save();});});
var p=new URLSearchParams(location.hash.slice(1));
q.value=p.get('q')||'';v.value=p.get('verdict')||'';c.value=p.get('channel')||'';
var si=parseInt(p.get('sort'),10);if(si>=0&&si<ths.length)sortBy(si,p.get('dir')==='desc'?-1:1);
filter();})();
</script></body></html>
`))

type indexRow struct {
	N, Order                     int
	Name, ID, Kind, Organisation string
	Channel, Field, Verdict      string
	Detail                       string
	Errors, Reviews, Infos       int
}

// writeIndex writes index.html: one row per submission, in pinyin order of
// the names (the order a Chinese reader looks a name up in).
func writeIndex(w io.Writer, rep *Report) error {
	idx := make([]int, len(rep.Submissions))
	for i := range idx {
		idx[i] = i
	}
	col := collate.New(language.SimplifiedChinese)
	name := func(i int) string {
		if n := rep.Submissions[i].Name; n != "" {
			return n
		}
		return rep.Submissions[i].ID
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if c := col.CompareString(name(idx[a]), name(idx[b])); c != 0 {
			return c < 0
		}
		return rep.Submissions[idx[a]].ID < rep.Submissions[idx[b]].ID
	})
	var rows []indexRow
	channels := map[string]bool{}
	var chList []string
	for n, i := range idx {
		res := &rep.Submissions[i]
		e, r, f := counts(res)
		rows = append(rows, indexRow{N: n + 1, Order: n, Name: name(i), ID: res.ID, Kind: kindNames[res.Kind], Organisation: res.Organisation,
			Channel: res.Channel, Field: res.Field, Verdict: res.Verdict, Detail: res.Detail, Errors: e, Reviews: r, Infos: f})
		if res.Channel != "" && !channels[res.Channel] {
			channels[res.Channel] = true
			chList = append(chList, res.Channel)
		}
	}
	sort.Strings(chList)
	return indexTmpl.Execute(w, map[string]any{"Count": rep.Count, "Complete": rep.Complete, "Rows": rows,
		"Channels": chList, "Round": rep.Round, "Batch": rep.Batch})
}

var detailTmpl = template.Must(template.New("detail").Funcs(template.FuncMap{
	"check":    func(c string) string { return CheckNames[c] },
	"severity": func(s Severity) string { return severityNames[s] },
	"dataURL": func(b []byte) template.URL {
		return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(b))
	},
}).Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.R.Name}} {{.R.ID}}：{{.R.Verdict}}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>` + style + `</style></head>
<body><p><a href="../index.html">← 返回汇总</a></p>
<h1>{{if .R.Name}}{{.R.Name}}{{else}}{{.R.ID}}{{end}}　<span class="v{{.R.Verdict}}">{{.R.Verdict}}</span></h1>
<table><tbody>
<tr><th>申报编号</th><td>{{.R.ID}}</td><th>文件夹</th><td>{{.R.Dir}}</td></tr>
<tr><th>所在单位</th><td>{{.R.Organisation}}</td><th>证件号码</th><td>{{.R.IDNumber}}</td></tr>
<tr><th>推荐单位</th><td>{{.R.Recommender}}</td><th>推荐渠道</th><td>{{.R.Channel}}</td></tr>
<tr><th>申报领域</th><td>{{.R.Field}}</td><th>证明材料汇编</th><td>{{if .R.Dossier}}<a href="../{{.R.Dossier}}">{{.R.Dossier}}</a>{{else}}—{{end}}</td></tr>
</tbody></table>
{{if .R.Error}}<p class="error">无法核查：{{.R.Error}}</p>{{end}}
<h2>各项检查</h2><table style="width:auto"><tbody>{{range .Checks}}<tr><th>{{check .}}</th><td class="v{{index $.R.Checks .}}">{{index $.R.Checks .}}</td></tr>{{end}}</tbody></table>
<h2>发现的问题（{{len .R.Findings}}）</h2>
{{if .R.Findings}}<table><thead><tr><th>检查</th><th>结论</th><th>说明</th><th>文档</th><th>文件 / 位置</th><th>扫描页</th><th>表单页</th><th>区域</th><th>代码</th></tr></thead><tbody>
{{range .R.Findings}}<tr><td class="nw">{{check .Check}}</td><td class="nw {{.Severity}}">{{severity .Severity}}</td><td>{{.Message}}</td><td class="nw">{{.Document}}</td><td>{{.File}}{{if .Path}} {{.Path}}{{end}}</td>
<td class="n">{{if .ScanPage}}{{.ScanPage}}{{end}}</td><td class="n">{{if .FormPage}}{{.FormPage}}{{end}}</td><td>{{.Zone}}</td><td class="muted">{{.Code}}</td></tr>
{{end}}</tbody></table>{{else}}<p>未发现问题。</p>{{end}}
{{if .Thumbs}}<h2>有问题的扫描页</h2>{{range .Thumbs}}<figure><img alt="{{.Document}} 扫描第 {{.ScanPage}} 页" src="{{dataURL .JPEG}}"><figcaption>{{.Document}} 扫描第 {{.ScanPage}} 页（绿色：已找到；红色：缺失；橙色：有改动）</figcaption></figure>{{end}}{{end}}
<h2>输入文件</h2><table><thead><tr><th>文件</th><th>大小</th><th>SHA-256</th></tr></thead><tbody>
{{range .R.Inputs}}<tr><td>{{.Path}}</td><td class="n">{{.Size}}</td><td class="muted">{{if .Error}}无法读取{{else}}{{.SHA256}}{{end}}</td></tr>{{end}}</tbody></table>
</body></html>
`))

func writeDetail(w io.Writer, res *Result, thumbs []Thumb) error {
	return detailTmpl.Execute(w, map[string]any{"R": res, "Checks": Checks, "Thumbs": thumbs})
}
