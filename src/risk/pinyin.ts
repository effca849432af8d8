/**
 * Romanisation of Chinese names for watch-list matching: a list entry "Wang Wei" must be found
 * when a declaration writes 王伟, and "Shenzhen Bright Star Trading Co., Ltd." when it writes the
 * company in characters. A small fixed table rather than a dictionary library (the folding
 * tables in normalise.ts follow the same choice): the common surnames, the characters most used
 * in given names, and the words of company names, each with its Hanyu Pinyin reading.
 *
 * Sources:
 * - readings: the Unicode Han Database, field kMandarin (Unicode Standard Annex #38,
 *   https://www.unicode.org/reports/tr38/), written without tone marks as ISO 7098:2015
 *   (Romanization of Chinese) permits;
 * - ü is written "yu" (吕 → lyu), as the People's Republic of China writes it in passports
 *   (machine-readable zone, ICAO Doc 9303 Part 3 has no ü);
 * - the surnames are the 100 most frequent in the household register (Ministry of Public
 *   Security of the PRC, 2019 and 2020 national name reports), with the traditional forms of the
 *   most frequent ones as Hong Kong and Taiwan write them;
 * - company legal forms: 有限公司 "limited company" (Company Law of the PRC, Art. 2), read as the
 *   Co., Ltd. they are translated to, so the legal-form filter drops them as it drops "Co., Ltd.".
 * A character outside the table is left as it is (a name in characters then matches only the
 * same characters): the table is a floor, not a full dictionary.
 */

/** Multi-character words replaced first (longest first): legal forms and common company words. */
const WORDS: [string, string][] = [
  ['股份有限公司', ' co ltd '], ['有限责任公司', ' co ltd '], ['有限公司', ' co ltd '], ['公司', ' co '],
  ['國際', ' international '], ['国际', ' international '], ['集团', ' group '], ['集團', ' group '],
  ['贸易', ' trading '], ['貿易', ' trading '], ['进出口', ' import export '], ['進出口', ' import export '],
];

const READINGS: Record<string, string> = {
  // the 100 most frequent surnames
  王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu', 陈: 'chen', 杨: 'yang', 黄: 'huang', 赵: 'zhao', 吴: 'wu', 周: 'zhou',
  徐: 'xu', 孙: 'sun', 马: 'ma', 朱: 'zhu', 胡: 'hu', 郭: 'guo', 何: 'he', 林: 'lin', 高: 'gao', 罗: 'luo',
  郑: 'zheng', 梁: 'liang', 谢: 'xie', 宋: 'song', 唐: 'tang', 许: 'xu', 韩: 'han', 冯: 'feng', 邓: 'deng', 曹: 'cao',
  彭: 'peng', 曾: 'zeng', 肖: 'xiao', 田: 'tian', 董: 'dong', 潘: 'pan', 袁: 'yuan', 蔡: 'cai', 蒋: 'jiang', 余: 'yu',
  于: 'yu', 杜: 'du', 叶: 'ye', 程: 'cheng', 魏: 'wei', 苏: 'su', 吕: 'lyu', 丁: 'ding', 任: 'ren', 卢: 'lu',
  姚: 'yao', 沈: 'shen', 钟: 'zhong', 姜: 'jiang', 崔: 'cui', 谭: 'tan', 陆: 'lu', 范: 'fan', 汪: 'wang', 廖: 'liao',
  石: 'shi', 金: 'jin', 韦: 'wei', 贾: 'jia', 夏: 'xia', 付: 'fu', 方: 'fang', 邹: 'zou', 熊: 'xiong', 白: 'bai',
  孟: 'meng', 秦: 'qin', 邱: 'qiu', 侯: 'hou', 江: 'jiang', 尹: 'yin', 薛: 'xue', 闫: 'yan', 段: 'duan', 雷: 'lei',
  龙: 'long', 黎: 'li', 史: 'shi', 陶: 'tao', 贺: 'he', 毛: 'mao', 郝: 'hao', 顾: 'gu', 龚: 'gong', 邵: 'shao',
  万: 'wan', 覃: 'qin', 武: 'wu', 钱: 'qian', 戴: 'dai', 严: 'yan', 莫: 'mo', 孔: 'kong', 向: 'xiang', 常: 'chang',
  汤: 'tang', 康: 'kang', 易: 'yi', 乔: 'qiao', 赖: 'lai', 文: 'wen', 施: 'shi',
  // traditional forms of frequent surnames
  張: 'zhang', 劉: 'liu', 陳: 'chen', 楊: 'yang', 黃: 'huang', 趙: 'zhao', 吳: 'wu', 孫: 'sun', 馬: 'ma', 鄭: 'zheng',
  謝: 'xie', 許: 'xu', 韓: 'han', 馮: 'feng', 鄧: 'deng', 蕭: 'xiao', 葉: 'ye', 蘇: 'su', 盧: 'lu', 鍾: 'zhong',
  譚: 'tan', 陸: 'lu', 羅: 'luo', 呂: 'lyu', 蔣: 'jiang', 鄒: 'zou', 賈: 'jia', 龔: 'gong', 顧: 'gu', 錢: 'qian',
  // characters frequent in given names
  伟: 'wei', 芳: 'fang', 娜: 'na', 敏: 'min', 静: 'jing', 丽: 'li', 强: 'qiang', 磊: 'lei', 军: 'jun', 洋: 'yang',
  勇: 'yong', 艳: 'yan', 杰: 'jie', 娟: 'juan', 涛: 'tao', 明: 'ming', 超: 'chao', 秀: 'xiu', 英: 'ying', 华: 'hua',
  平: 'ping', 刚: 'gang', 桂: 'gui', 玉: 'yu', 建: 'jian', 国: 'guo', 红: 'hong', 海: 'hai', 小: 'xiao', 晓: 'xiao',
  辉: 'hui', 鹏: 'peng', 飞: 'fei', 宇: 'yu', 浩: 'hao', 俊: 'jun', 峰: 'feng', 婷: 'ting', 雪: 'xue', 琳: 'lin',
  霞: 'xia', 兰: 'lan', 梅: 'mei', 燕: 'yan', 萍: 'ping', 斌: 'bin', 波: 'bo', 鑫: 'xin', 欣: 'xin', 佳: 'jia',
  嘉: 'jia', 志: 'zhi', 东: 'dong', 春: 'chun', 新: 'xin', 永: 'yong', 力: 'li', 成: 'cheng', 子: 'zi', 云: 'yun',
  德: 'de', 安: 'an', 立: 'li', 家: 'jia', 荣: 'rong', 光: 'guang', 偉: 'wei', 麗: 'li', 華: 'hua', 國: 'guo',
  // places and words frequent in company names
  深: 'shen', 圳: 'zhen', 广: 'guang', 州: 'zhou', 上: 'shang', 北: 'bei', 京: 'jing', 义: 'yi', 乌: 'wu', 莞: 'guan',
  杭: 'hang', 宁: 'ning', 厦: 'xia', 门: 'men', 香: 'xiang', 港: 'gang', 科: 'ke', 技: 'ji', 电: 'dian',
  商: 'shang', 务: 'wu', 实: 'shi', 业: 'ye', 星: 'xing', 贸: 'mao', 达: 'da', 信: 'xin', 通: 'tong', 源: 'yuan',
};

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const HAN_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;

/** The 100 surnames and their traditional forms (the first two lines of READINGS' groups). */
const SURNAMES = new Set('王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇盧鍾譚陸羅呂蔣鄒賈龔顧錢');

function syllables(run: string): string {
  let out = '';
  for (const ch of run) out += READINGS[ch] ?? ch;
  return out;
}

/**
 * Chinese characters of a name in Pinyin, written as the orthography rules write names: a
 * person's surname apart and the given name as one word ("王小明" → "wang xiaoming", GB/T
 * 28039-2011); a company's place name apart from its trade name ("深圳新达贸易有限公司" →
 * "shenzhen xinda trading co ltd": place + trade name + industry + legal form, the structure of
 * the Regulations on the Administration of Enterprise Name Registration, 2020, Art. 6). Text
 * without Han characters comes back unchanged; characters outside the table stay as they are.
 */
export function romaniseHan(text: string): string {
  if (!HAN.test(text)) return text;
  let s = text;
  for (const [word, reading] of WORDS) if (s.includes(word)) s = s.split(word).join(reading);
  return s.replace(HAN_RUN, (run) => {
    const chars = [...run];
    if (chars.length <= 3 && chars.length >= 2 && SURNAMES.has(chars[0])) return ' ' + syllables(chars[0]) + ' ' + syllables(chars.slice(1).join('')) + ' ';
    if (chars.length >= 4) return ' ' + syllables(chars.slice(0, 2).join('')) + ' ' + syllables(chars.slice(2).join('')) + ' ';
    return ' ' + syllables(run) + ' ';
  });
}
