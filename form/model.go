package form

import "slices"

// Kind names one of the three documents. The same names are used by the CLI
// (shenbao sample --kind) and the HTTP routes (/v1/render/{kind}).
type Kind string

// The document kinds.
const (
	KindIndividual Kind = "individual" // 卓越工程师成长计划 申报书（个人）
	KindTeam       Kind = "team"       // 青创室 申报书（团队）
	KindLetter     Kind = "letter"     // 推荐函 with 推荐汇总表
)

var kinds = []Kind{KindIndividual, KindTeam, KindLetter}

// Kinds returns the document kinds in a fixed order. The slice is the
// caller's own.
func Kinds() []Kind { return slices.Clone(kinds) }

// Text types. Each is a string in JSON; the type decides how the value is
// normalised and which format check applies.
type (
	// Date is a calendar date, stored as "YYYY-MM-DD". Normalisation accepts
	// 2026-04-27, 2026/4/27, 2026.4.27 and 2026年4月27日.
	Date string
	// Month is a calendar month, stored as "YYYY-MM" (2026年4月, 2026.4 …).
	Month string
	// Timestamp is an instant, stored as RFC 3339 with an offset. A value
	// without an offset is read as Beijing time.
	Timestamp string
	// IDNumber is a 居民身份证号 (GB 11643): 17 digits and a check character.
	IDNumber string
	// CreditCode is a 统一社会信用代码 (GB 32100), 18 characters.
	CreditCode string
	// Mobile is a mainland mobile number, 11 digits starting with 1.
	Mobile string
	// Phone is a mainland landline (010-67224832, 67224832) or a mobile.
	Phone string
	// Email is an e-mail address.
	Email string
)

// Individual is the 申报书 of the 卓越工程师成长计划.
type Individual struct {
	Kind             Kind        `json:"kind"`
	Edition          string      `json:"edition" zh:"届次" v:"req"`
	ApplicationNo    string      `json:"application_no,omitempty" zh:"申报编号" v:"max=40"`
	Field            string      `json:"field" zh:"申报领域" v:"req,max=18" help:"fields"`
	Channel          string      `json:"channel" zh:"推荐渠道" v:"req"`
	Recommender      string      `json:"recommender" zh:"推荐单位" v:"req,max=60"`
	FilledOn         Date        `json:"filled_on" zh:"填报日期" v:"req"`
	SubmittedAt      Timestamp   `json:"submitted_at,omitempty" zh:"提交时间"`
	Applicant        Person      `json:"applicant" zh:"申报人"`
	Employer         Employer    `json:"employer" zh:"所在单位"`
	PreviouslyFunded *bool       `json:"previously_funded" zh:"是否曾获本计划资助" v:"req"`
	ResultsInBeijing *bool       `json:"results_in_beijing" zh:"主要成果业绩是否在北京" v:"req"`
	Education        []Education `json:"education" zh:"教育经历" v:"req,items=8"`
	Work             []Work      `json:"work" zh:"工作经历" v:"req,items=8"`
	Projects         []Project   `json:"projects" zh:"重大工程项目" v:"req,items=5"`
	Achievements     string      `json:"achievements" zh:"主要业绩与贡献" v:"req,max=2000"`
	Results          Results     `json:"results" zh:"代表性成果"`
	Practicality     string      `json:"practicality" zh:"项目实用性与转化前景" v:"req,max=1000"`
	Plan             string      `json:"plan" zh:"成长计划" v:"req,max=1000"`
	Budget           Budget      `json:"budget" zh:"经费预算"`
}

// Team is the 申报书 of the 北京优秀青年工程师创新工作室 (青创室).
type Team struct {
	Kind                   Kind        `json:"kind"`
	Edition                string      `json:"edition" zh:"届次" v:"req"`
	ApplicationNo          string      `json:"application_no,omitempty" zh:"申报编号" v:"max=40"`
	TeamName               string      `json:"team_name" zh:"工作室名称" v:"req,max=40"`
	Field                  string      `json:"field" zh:"申报领域" v:"req,max=18" help:"fields"`
	Channel                string      `json:"channel" zh:"推荐渠道" v:"req"`
	Recommender            string      `json:"recommender" zh:"推荐单位" v:"req,max=60"`
	FilledOn               Date        `json:"filled_on" zh:"填报日期" v:"req"`
	SubmittedAt            Timestamp   `json:"submitted_at,omitempty" zh:"提交时间"`
	Leader                 Person      `json:"leader" zh:"团队负责人"`
	Employer               Employer    `json:"employer" zh:"所在单位"`
	LeaderPreviouslyFunded *bool       `json:"leader_previously_funded" zh:"负责人是否曾以负责人身份获青创室资助" v:"req"`
	ResultsInBeijing       *bool       `json:"results_in_beijing" zh:"主要成果业绩是否在北京" v:"req"`
	Education              []Education `json:"education" zh:"负责人教育经历" v:"req,items=8"`
	Work                   []Work      `json:"work" zh:"负责人工作经历" v:"req,items=8"`
	Members                []Member    `json:"members" zh:"团队成员" v:"req,items=20"`
	Experts                []Expert    `json:"experts" zh:"指导专家" v:"req,items=5"`
	Partners               []Partner   `json:"partners,omitempty" zh:"协同单位" v:"items=6"`
	Projects               []Project   `json:"projects" zh:"重大工程项目" v:"req,items=5"`
	Achievements           string      `json:"achievements" zh:"团队主要业绩与贡献" v:"req,max=2000"`
	Results                Results     `json:"results" zh:"代表性成果"`
	Practicality           string      `json:"practicality" zh:"项目实用性与转化前景" v:"req,max=1000"`
	Plan                   string      `json:"plan" zh:"工作室建设目标与计划" v:"req,max=1500"`
	Budget                 Budget      `json:"budget" zh:"经费预算"`
}

// Letter is a recommending organisation's 推荐函 together with its
// 推荐汇总表: one letter per organisation, listing every applicant it
// recommends, ranked.
type Letter struct {
	Kind              Kind             `json:"kind"`
	Edition           string           `json:"edition" zh:"届次" v:"req"`
	LetterNo          string           `json:"letter_no,omitempty" zh:"发文字号" v:"max=30"`
	Recommender       string           `json:"recommender" zh:"推荐单位" v:"req,max=60"`
	Channel           string           `json:"channel" zh:"推荐渠道" v:"req"`
	District          District         `json:"district,omitempty" zh:"所在区" help:"区科协填写本区；区科协推荐注册地在本区的单位（通知三1）"`
	Park              string           `json:"park,omitempty" zh:"所属园区" v:"max=40" help:"园区科协填写园区名称；园区科协推荐本园区的单位（通知三3）"`
	Unit              string           `json:"unit,omitempty" zh:"本单位名称" v:"max=60" help:"企事业单位科协填写所属单位；须由本单位负责推荐（通知三2）"`
	UnitCreditCode    CreditCode       `json:"unit_credit_code,omitempty" zh:"本单位统一社会信用代码"`
	Body              string           `json:"body" zh:"推荐意见" v:"req,max=1500"`
	Recommendations   []Recommendation `json:"recommendations" zh:"推荐汇总表" v:"req,items=30"`
	ResponsiblePerson string           `json:"responsible_person" zh:"负责人" v:"req,max=20"`
	Contact           string           `json:"contact" zh:"联系人" v:"req,max=20"`
	ContactPhone      Phone            `json:"contact_phone" zh:"联系电话" v:"req"`
	ContactEmail      Email            `json:"contact_email,omitempty" zh:"电子邮箱"`
	Date              Date             `json:"date" zh:"成文日期" v:"req"`
	SubmittedAt       Timestamp        `json:"submitted_at,omitempty" zh:"提交时间"`
}

// Person is the basic information (基本情况) of an applicant or team leader.
type Person struct {
	Name             string         `json:"name" zh:"姓名" v:"req,max=20"`
	Sex              Sex            `json:"sex" zh:"性别" v:"req"`
	Ethnicity        string         `json:"ethnicity" zh:"民族" v:"req,max=10"`
	BirthDate        Date           `json:"birth_date" zh:"出生日期" v:"req"`
	PoliticalStatus  Political      `json:"political_status" zh:"政治面貌" v:"req"`
	IDType           IDType         `json:"id_type" zh:"证件类型" v:"req"`
	IDNumber         IDNumber       `json:"id_number" zh:"证件号码" v:"req"`
	Education        EducationLevel `json:"education" zh:"最高学历" v:"req"`
	FullTime         *bool          `json:"full_time" zh:"最高学历是否全日制" v:"req"`
	Degree           Degree         `json:"degree" zh:"最高学位" v:"req"`
	School           string         `json:"school" zh:"毕业院校" v:"req,max=40"`
	Major            string         `json:"major" zh:"专业" v:"req,max=30"`
	GraduatedOn      Month          `json:"graduated_on" zh:"毕业时间" v:"req"`
	Department       string         `json:"department" zh:"部门" v:"req,max=30"`
	Post             string         `json:"post" zh:"职务" v:"req,max=30"`
	Title            string         `json:"title" zh:"专业技术职称" v:"max=30"`
	TitleLevel       TitleLevel     `json:"title_level" zh:"职称级别" v:"req"`
	EngineeringSince Month          `json:"engineering_since" zh:"从事工程技术工作起始年月" v:"req"`
	StillEngineering *bool          `json:"still_engineering" zh:"申报时是否仍从事工程技术工作" v:"req"`
	Mobile           Mobile         `json:"mobile" zh:"手机" v:"req"`
	Email            Email          `json:"email" zh:"电子邮箱" v:"req"`
	Address          string         `json:"address" zh:"通讯地址" v:"req,max=60"`
}

// Employer is the organisation holding the applicant's or leader's
// personnel relation (人事关系所在单位).
type Employer struct {
	Name           string     `json:"name" zh:"单位名称" v:"req,max=60"`
	CreditCode     CreditCode `json:"credit_code" zh:"统一社会信用代码" v:"req"`
	District       District   `json:"district" zh:"单位注册所在区" v:"req"`
	Park           string     `json:"park,omitempty" zh:"所属园区" v:"max=40" help:"单位位于园区并由园区科协推荐时填写"`
	Phone          Phone      `json:"phone" zh:"单位电话" v:"req"`
	LegalPerson    *bool      `json:"legal_person" zh:"是否具有独立法人资格" v:"req"`
	CanInvoice     *bool      `json:"can_invoice" zh:"能否接收经费并开具增值税普通发票" v:"req"`
	TrainingSystem *bool      `json:"training_system" zh:"是否具有人才培养体系和成长培养方案" v:"req"`
	Opinion        string     `json:"opinion,omitempty" zh:"所在单位意见" v:"max=500"`
}

// Education is one row of 教育经历, from university on.
type Education struct {
	Start     Month          `json:"start" zh:"起始年月" v:"req"`
	End       Month          `json:"end" zh:"截止年月" v:"req"`
	School    string         `json:"school" zh:"学校" v:"req,max=40"`
	Major     string         `json:"major" zh:"专业" v:"req,max=30"`
	Education EducationLevel `json:"education" zh:"学历" v:"req"`
	Degree    Degree         `json:"degree" zh:"学位" v:"req"`
	FullTime  *bool          `json:"full_time" zh:"是否全日制" v:"req"`
}

// Work is one row of 工作经历. An empty End means 至今 (to date).
type Work struct {
	Start      Month  `json:"start" zh:"起始年月" v:"req"`
	End        Month  `json:"end,omitempty" zh:"截止年月"`
	Employer   string `json:"employer" zh:"工作单位" v:"req,max=60"`
	Department string `json:"department" zh:"部门" v:"max=30"`
	Post       string `json:"post" zh:"职务/岗位" v:"req,max=30"`
	Duties     string `json:"duties" zh:"从事的工程技术工作" v:"req,max=200"`
}

// Project is a major engineering project led or carried as a core member
// (主持或作为核心骨干承担的重大工程项目).
type Project struct {
	Name         string       `json:"name" zh:"项目名称" v:"req,max=60"`
	Level        ProjectLevel `json:"level" zh:"项目级别" v:"req" help:"按立项部门的级别填写。北京为省级行政区：北京市主管部门立项的项目如属省部级，请填省部级；填市级的项目由评审人员核实级别"`
	Source       string       `json:"source" zh:"项目来源" v:"req,max=60"`
	Start        Month        `json:"start" zh:"起始年月" v:"req"`
	End          Month        `json:"end,omitempty" zh:"截止年月"`
	Role         ProjectRole  `json:"role" zh:"本人角色" v:"req"`
	Budget       Wan          `json:"budget" zh:"项目经费（万元）"`
	Contribution string       `json:"contribution" zh:"本人贡献" v:"req,max=300"`
	Evidence     string       `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Results holds the 代表性成果 tables. Each row may name the evidence file
// that proves it, so the dossier can link the row to its pages.
type Results struct {
	Works          []Representative `json:"works,omitempty" zh:"代表作" v:"items=5"`
	Awards         []Award          `json:"awards,omitempty" zh:"工程科技成果奖项" v:"items=8"`
	Honors         []Honor          `json:"honors,omitempty" zh:"市级及以上荣誉" v:"items=8"`
	Papers         []Paper          `json:"papers,omitempty" zh:"论文著作" v:"items=10"`
	Patents        []Patent         `json:"patents,omitempty" zh:"专利" v:"items=10"`
	Benefits       []Benefit        `json:"benefits,omitempty" zh:"经济社会效益" v:"items=5"`
	Qualifications []Qualification  `json:"qualifications,omitempty" zh:"职称/执业资格" v:"items=5"`
}

// Representative is a 代表作 (representative work: a project, product, standard…).
type Representative struct {
	Title       string `json:"title" zh:"名称" v:"req,max=60"`
	Type        string `json:"type" zh:"类型" v:"req,max=20"`
	Date        Month  `json:"date" zh:"完成时间" v:"req"`
	Description string `json:"description" zh:"简要说明" v:"req,max=200"`
	Evidence    string `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Award is an engineering science and technology award (工程科技成果奖项).
type Award struct {
	Name     string     `json:"name" zh:"奖项名称" v:"req,max=60"`
	Level    AwardLevel `json:"level" zh:"级别" v:"req"`
	Grade    string     `json:"grade" zh:"等级" v:"req,max=20"`
	Rank     string     `json:"rank" zh:"本人排名" v:"req,max=10"`
	Date     Month      `json:"date" zh:"获奖时间" v:"req"`
	Issuer   string     `json:"issuer" zh:"授奖单位" v:"req,max=40"`
	Evidence string     `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Honor is a municipal or higher honour (市级及以上荣誉).
type Honor struct {
	Name     string     `json:"name" zh:"荣誉名称" v:"req,max=60"`
	Level    AwardLevel `json:"level" zh:"级别" v:"req"`
	Date     Month      `json:"date" zh:"获得时间" v:"req"`
	Issuer   string     `json:"issuer" zh:"授予单位" v:"req,max=40"`
	Evidence string     `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Paper is a paper or book (论文著作).
type Paper struct {
	Title    string `json:"title" zh:"题目" v:"req,max=80"`
	Venue    string `json:"venue" zh:"期刊/出版社" v:"req,max=40"`
	Date     Month  `json:"date" zh:"发表时间" v:"req"`
	Rank     string `json:"rank" zh:"作者排序" v:"req,max=10"`
	Evidence string `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Patent is a patent or similar right (专利).
type Patent struct {
	Title    string       `json:"title" zh:"名称" v:"req,max=60"`
	Number   string       `json:"number" zh:"专利号" v:"req,max=30"`
	Type     PatentType   `json:"type" zh:"类型" v:"req"`
	Status   PatentStatus `json:"status" zh:"状态" v:"req"`
	Date     Date         `json:"date" zh:"授权/申请日期" v:"req"`
	Rank     string       `json:"rank" zh:"发明人排序" v:"req,max=10"`
	Evidence string       `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Benefit is a proof of social or economic benefit (经济社会效益). Economic
// proofs must bear the employer's finance seal.
type Benefit struct {
	Project     string `json:"project" zh:"项目名称" v:"req,max=60"`
	Period      string `json:"period" zh:"统计期间" v:"req,max=30"`
	Amount      Wan    `json:"amount" zh:"经济效益（万元）"`
	Description string `json:"description" zh:"效益说明" v:"req,max=300"`
	Evidence    string `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Qualification is a professional title or practising qualification
// (职称证书或执业资格证书).
type Qualification struct {
	Name     string     `json:"name" zh:"名称" v:"req,max=40"`
	Level    TitleLevel `json:"level" zh:"级别" v:"req"`
	Number   string     `json:"number" zh:"证书编号" v:"req,max=30"`
	Issuer   string     `json:"issuer" zh:"发证单位" v:"req,max=40"`
	Date     Date       `json:"date" zh:"取得日期" v:"req"`
	Evidence string     `json:"evidence,omitempty" zh:"证明材料" v:"max=120"`
}

// Budget is the one-year 经费预算 in 万元, plus the employer's matching
// funds (单位配套资金).
type Budget struct {
	Research Wan    `json:"research" zh:"研发攻关"`
	Training Wan    `json:"training" zh:"培训交流"`
	IP       Wan    `json:"ip" zh:"知识产权保护"`
	Transfer Wan    `json:"transfer" zh:"成果转化"`
	Total    Wan    `json:"total" zh:"合计"`
	Matching Wan    `json:"matching" zh:"单位配套资金"`
	Notes    string `json:"notes,omitempty" zh:"预算说明" v:"max=300"`
}

// Member is one row of the 团队成员 table. The leader is one of the rows.
type Member struct {
	Name        string         `json:"name" zh:"姓名" v:"req,max=20"`
	Sex         Sex            `json:"sex" zh:"性别" v:"req"`
	BirthDate   Date           `json:"birth_date" zh:"出生日期" v:"req"`
	Education   EducationLevel `json:"education" zh:"学历" v:"req"`
	Degree      Degree         `json:"degree" zh:"学位" v:"req"`
	Title       string         `json:"title" zh:"职称" v:"max=30"`
	Post        string         `json:"post" zh:"岗位" v:"req,max=30"`
	Role        string         `json:"role" zh:"团队分工" v:"req,max=30"`
	Leader      bool           `json:"leader,omitempty" zh:"是否负责人"`
	Frontline   *bool          `json:"frontline" zh:"是否一线工程技术人员" v:"req"`
	HighSkilled *bool          `json:"high_skilled" zh:"是否高技能人才" v:"req"`
}

// Expert is a guiding expert (指导专家), from any organisation.
type Expert struct {
	Name         string `json:"name" zh:"姓名" v:"req,max=20"`
	Organisation string `json:"organisation" zh:"工作单位" v:"req,max=60"`
	Title        string `json:"title" zh:"职称/职务" v:"req,max=30"`
	Field        string `json:"field" zh:"专业领域" v:"req,max=30"`
	Guidance     string `json:"guidance" zh:"指导方式" v:"req,max=200"`
}

// Partner is a collaborating organisation (协同单位).
type Partner struct {
	Name        string      `json:"name" zh:"单位名称" v:"req,max=60"`
	Type        PartnerType `json:"type" zh:"单位类型" v:"req"`
	Cooperation string      `json:"cooperation" zh:"协同内容" v:"req,max=200"`
}

// Recommendation is one ranked row of the 推荐汇总表.
type Recommendation struct {
	Rank          int        `json:"rank" zh:"排序" help:"成长计划与青创室分别从 1 起排序；也接受两者合在一起的连续排序"`
	Programme     Programme  `json:"programme" zh:"申报项目" v:"req"`
	Name          string     `json:"name" zh:"申报人/工作室名称" v:"req,max=40"`
	Leader        string     `json:"leader,omitempty" zh:"团队负责人" v:"max=20"`
	IDNumber      IDNumber   `json:"id_number" zh:"申报人/负责人身份证号" v:"req"`
	Employer      string     `json:"employer" zh:"所在单位" v:"req,max=60"`
	CreditCode    CreditCode `json:"credit_code,omitempty" zh:"统一社会信用代码"`
	Field         string     `json:"field" zh:"申报领域" v:"req,max=18" help:"fields"`
	ApplicationNo string     `json:"application_no,omitempty" zh:"申报编号" v:"max=40"`
	Reason        string     `json:"reason" zh:"推荐理由" v:"req,max=300"`
}
