package form

// Enumerated values. Each type is a string in JSON whose value must be one
// of its list or empty (empty is reported by validation when the field is
// required). The lists are part of the JSON Schema.

// Sex is 性别.
type Sex string

// Political is 政治面貌.
type Political string

// IDType is the kind of identity document. Only 居民身份证 is checked
// against GB 11643.
type IDType string

// EducationLevel is 学历.
type EducationLevel string

// Degree is 学位.
type Degree string

// TitleLevel is the level of a professional title (职称级别).
type TitleLevel string

// ProjectLevel is 项目级别.
type ProjectLevel string

// ProjectRole is the applicant's role in a project.
type ProjectRole string

// AwardLevel is the level of an award or honour.
type AwardLevel string

// PatentType is 专利类型.
type PatentType string

// PatentStatus is 专利状态.
type PatentStatus string

// PartnerType is the kind of a collaborating organisation.
type PartnerType string

// District is a Beijing district (单位注册所在区).
type District string

// Programme is one of the two programmes, as named on the forms.
type Programme string

// The programmes.
const (
	ProgrammeIndividual Programme = "卓越工程师成长计划"
	ProgrammeTeam       Programme = "北京优秀青年工程师创新工作室"
)

// Values the validation and rules refer to by name.
const (
	IDResident     IDType         = "居民身份证"
	IDHKMacao      IDType         = "港澳居民居住证"
	IDTaiwan       IDType         = "台湾居民居住证"
	IDForeignPR    IDType         = "外国人永久居留身份证"
	IDPassport     IDType         = "护照"
	EduMaster      EducationLevel = "硕士研究生"
	EduDoctor      EducationLevel = "博士研究生"
	TitleSenior    TitleLevel     = "副高级"
	TitleFull      TitleLevel     = "正高级"
	LevelNational  ProjectLevel   = "国家级"
	LevelProvince  ProjectLevel   = "省部级"
	LevelCity      ProjectLevel   = "市级"
	RoleLeader     ProjectRole    = "负责人"
	RoleCoreMember ProjectRole    = "核心骨干"
	SexMale        Sex            = "男"
	SexFemale      Sex            = "女"
)

// enumValues maps each enumerated type to its allowed values, in the order
// a form offers them.
var enumValues = map[string][]string{
	"Sex":            {"男", "女"},
	"Political":      {"中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众"},
	"IDType":         {"居民身份证", "港澳居民居住证", "台湾居民居住证", "外国人永久居留身份证", "护照"},
	"EducationLevel": {"博士研究生", "硕士研究生", "大学本科", "大学专科", "其他"},
	"Degree":         {"博士", "硕士", "学士", "无"},
	"TitleLevel":     {"正高级", "副高级", "中级", "初级", "无"},
	"ProjectLevel":   {"国家级", "省部级", "市级", "企业级"},
	"ProjectRole":    {"负责人", "核心骨干"},
	"AwardLevel":     {"国际级", "国家级", "省部级", "市级", "行业级"},
	"PatentType":     {"发明专利", "实用新型专利", "外观设计专利", "软件著作权", "集成电路布图设计"},
	"PatentStatus":   {"已授权", "已受理"},
	"PartnerType":    {"高校", "科研院所", "国家实验室", "新型研发机构", "企业", "其他"},
	"District":       {"东城区", "西城区", "朝阳区", "海淀区", "丰台区", "石景山区", "门头沟区", "房山区", "通州区", "顺义区", "昌平区", "大兴区", "怀柔区", "平谷区", "密云区", "延庆区", "北京经济技术开发区"},
	"Programme":      {string(ProgrammeIndividual), string(ProgrammeTeam)},
}

// EnumValues returns the allowed values of an enumerated type, by Go type
// name ("Degree", "ProjectLevel" …), or nil for a type that is not one.
func EnumValues(typeName string) []string {
	return append([]string(nil), enumValues[typeName]...)
}

func inEnum(typeName, v string) bool {
	for _, s := range enumValues[typeName] {
		if s == v {
			return true
		}
	}
	return false
}
