package main

import (
	"fmt"
	"io"
	"strings"
)

// folderNames is the --help and README list of the folder names bundle
// --dir understands (bundle.ParseCategory).
const folderNames = `子文件夹名（类别名，或含类别关键词的常用名）：
  身份证复印件       身份证、身份证明
  最高学历证书       学历证书、毕业证
  最高学位证书       学位证书
  营业执照/法人登记证书 营业执照、法人证书、事业单位法人证书
  代表作             代表作品
  获奖               获奖证书、奖励
  荣誉               荣誉证书、荣誉称号
  论文著作           论文、著作
  专利               专利证书
  经济社会效益证明   效益证明
  职称/执业资格      职称证书、执业资格证书
  单位材料           单位证明
  其他               其它；不含任何类别关键词的文件夹和直接放在文件夹中的文件也归入“其他”`

// warnUnplaced tells the user which sub-folders were filed under 其他
// because their names name no category.
func warnUnplaced(w io.Writer, folders []string) {
	if len(folders) == 0 {
		return
	}
	fmt.Fprintf(w, "提示：文件夹 %s 的名称不是材料类别，其中的文件归入“其他”；如有误请改名。\n%s\n",
		"“"+strings.Join(folders, "”、“")+"”", folderNames)
}
