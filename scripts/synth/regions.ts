/**
 * A small gazetteer: five cities, some of their districts (with their real 6-digit administrative
 * division codes, used as the area code of resident ID numbers), streets and sub-districts.
 */
import type { Rng } from './random.ts'

export type CityKey = 'beijing' | 'shanghai' | 'guangzhou' | 'shenzhen' | 'chengdu'

export interface District {
  /** 6-digit administrative division code, e.g. 110105. */
  readonly code: string
  /** e.g. 朝阳区 */
  readonly name: string
  readonly city: CityKey
  /** Streets (路/街/大道) in the district. */
  readonly streets: readonly string[]
  /** Sub-districts (街道/镇). */
  readonly subdistricts: readonly string[]
}

export interface City {
  readonly key: CityKey
  /** e.g. 广州市 */
  readonly name: string
  /** e.g. 广东省 (for municipalities the city itself) */
  readonly province: string
  /** What an address starts with: 北京市 / 广东省广州市 */
  readonly addressPrefix: string
  /** Administrative division code of the city, e.g. 440100. */
  readonly areaCode: string
  /** Telephone area code, e.g. 020. */
  readonly phoneAreaCode: string
  /** Province character of licence plates, e.g. 粤. */
  readonly plateProvince: string
  /** Letters (发牌机关代号) used by the city's plates. */
  readonly plateLetters: string
  readonly districts: readonly District[]
}

function d(code: string, name: string, city: CityKey, streets: string[], subdistricts: string[]): District {
  return { code, name, city, streets, subdistricts }
}

const BEIJING: readonly District[] = [
  d('110101', '东城区', 'beijing', ['东直门南大街', '王府井大街', '东四北大街', '安定门内大街', '崇文门外大街', '朝阳门北大街'], ['东华门街道', '景山街道', '东直门街道', '和平里街道', '天坛街道']),
  d('110102', '西城区', 'beijing', ['西单北大街', '金融大街', '德胜门外大街', '广安门内大街', '西直门南大街', '阜成门外大街'], ['西长安街街道', '新街口街道', '月坛街道', '展览路街道', '德胜街道']),
  d('110105', '朝阳区', 'beijing', ['建国路', '朝阳北路', '望京街', '酒仙桥路', '东三环中路', '亮马桥路', '安立路', '劲松路'], ['建外街道', '朝外街道', '望京街道', '劲松街道', '麦子店街道', '大屯街道']),
  d('110106', '丰台区', 'beijing', ['丰台北路', '南三环西路', '马家堡东路', '方庄路', '西四环南路'], ['丰台街道', '方庄街道', '马家堡街道', '卢沟桥街道']),
  d('110107', '石景山区', 'beijing', ['石景山路', '鲁谷路', '古城大街', '八角西街'], ['八角街道', '古城街道', '鲁谷街道']),
  d('110108', '海淀区', 'beijing', ['中关村大街', '学院路', '知春路', '西三环北路', '上地十街', '苏州街', '万柳中路'], ['中关村街道', '海淀街道', '学院路街道', '上地街道', '万寿路街道']),
  d('110109', '门头沟区', 'beijing', ['新桥大街', '滨河路', '双峪路'], ['大峪街道', '城子街道']),
  d('110112', '通州区', 'beijing', ['新华大街', '运河东大街', '九棵树东路'], ['中仓街道', '新华街道', '永顺镇']),
  d('110114', '昌平区', 'beijing', ['府学路', '回龙观东大街', '立汤路'], ['城北街道', '回龙观街道', '天通苑北街道']),
]

const SHANGHAI: readonly District[] = [
  d('310101', '黄浦区', 'shanghai', ['南京东路', '淮海中路', '西藏中路', '中山南路', '河南中路'], ['南京东路街道', '外滩街道', '瑞金二路街道', '打浦桥街道']),
  d('310104', '徐汇区', 'shanghai', ['漕溪北路', '衡山路', '肇嘉浜路', '天钥桥路', '虹漕路'], ['徐家汇街道', '枫林路街道', '天平路街道', '漕河泾街道']),
  d('310105', '长宁区', 'shanghai', ['延安西路', '天山路', '仙霞路', '虹桥路'], ['华阳路街道', '天山路街道', '仙霞新村街道']),
  d('310106', '静安区', 'shanghai', ['南京西路', '延安中路', '共和新路', '万航渡路'], ['静安寺街道', '江宁路街道', '彭浦新村街道']),
  d('310107', '普陀区', 'shanghai', ['曹杨路', '武宁路', '真北路', '中山北路'], ['曹杨新村街道', '长风新村街道', '真如镇街道']),
  d('310110', '杨浦区', 'shanghai', ['四平路', '黄兴路', '控江路', '国定路'], ['五角场街道', '控江路街道', '殷行街道']),
  d('310112', '闵行区', 'shanghai', ['七莘路', '沪闵路', '都市路', '虹井路'], ['古美路街道', '江川路街道', '莘庄镇']),
  d('310115', '浦东新区', 'shanghai', ['世纪大道', '张杨路', '陆家嘴环路', '浦东南路', '锦绣路', '川沙路'], ['陆家嘴街道', '花木街道', '塘桥街道', '张江镇', '川沙新镇']),
]

const GUANGZHOU: readonly District[] = [
  d('440103', '荔湾区', 'guangzhou', ['中山七路', '芳村大道', '龙津西路', '康王中路'], ['逢源街道', '沙面街道', '白鹤洞街道', '东漖街道']),
  d('440104', '越秀区', 'guangzhou', ['中山五路', '环市东路', '北京路', '东风中路', '解放北路'], ['北京街道', '农林街道', '华乐街道', '登峰街道']),
  d('440105', '海珠区', 'guangzhou', ['江南大道中', '新港西路', '工业大道', '昌岗中路'], ['江南中街道', '滨江街道', '南石头街道', '华洲街道']),
  d('440106', '天河区', 'guangzhou', ['天河路', '体育西路', '天河北路', '黄埔大道西', '中山大道西'], ['天河南街道', '石牌街道', '猎德街道', '冼村街道', '员村街道']),
  d('440111', '白云区', 'guangzhou', ['机场路', '白云大道北', '广园中路', '云城东路'], ['三元里街道', '京溪街道', '同和街道', '嘉禾街道']),
  d('440112', '黄埔区', 'guangzhou', ['黄埔东路', '开创大道', '香雪大道'], ['黄埔街道', '鱼珠街道', '萝岗街道']),
  d('440113', '番禺区', 'guangzhou', ['桥南路', '迎宾路', '兴业大道', '番禺大道北'], ['市桥街道', '洛浦街道', '大石街道', '沙头街道']),
]

const SHENZHEN: readonly District[] = [
  d('440303', '罗湖区', 'shenzhen', ['深南东路', '人民南路', '东门中路', '宝安南路'], ['南湖街道', '东门街道', '桂园街道', '黄贝街道']),
  d('440304', '福田区', 'shenzhen', ['深南中路', '福华路', '益田路', '彩田路', '华强北路'], ['福田街道', '华强北街道', '莲花街道', '香蜜湖街道']),
  d('440305', '南山区', 'shenzhen', ['南海大道', '科苑路', '深南大道', '后海大道', '创业路'], ['南头街道', '粤海街道', '蛇口街道', '西丽街道']),
  d('440306', '宝安区', 'shenzhen', ['宝安大道', '新安六路', '创业一路', '建安一路'], ['新安街道', '西乡街道', '福永街道']),
  d('440307', '龙岗区', 'shenzhen', ['龙岗大道', '龙翔大道', '布吉路'], ['龙城街道', '布吉街道', '坂田街道']),
]

const CHENGDU: readonly District[] = [
  d('510104', '锦江区', 'chengdu', ['春熙路', '东大街', '红星路', '总府路', '锦华路'], ['春熙路街道', '书院街街道', '牛市口街道']),
  d('510105', '青羊区', 'chengdu', ['人民中路', '蜀都大道', '青华路', '光华大道'], ['西御河街道', '少城街道', '草堂街道', '光华街道']),
  d('510106', '金牛区', 'chengdu', ['一环路北三段', '蜀汉路', '沙湾路', '金府路'], ['荷花池街道', '驷马桥街道', '营门口街道']),
  d('510107', '武侯区', 'chengdu', ['人民南路四段', '科华北路', '武侯祠大街', '玉林南路', '浆洗街'], ['浆洗街街道', '玉林街道', '火车南站街道', '红牌楼街道']),
  d('510108', '成华区', 'chengdu', ['建设路', '府青路', '双林路', '二仙桥东路'], ['猛追湾街道', '府青路街道', '双桥子街道', '建设路街道']),
]

export const CITIES: Readonly<Record<CityKey, City>> = {
  beijing: { key: 'beijing', name: '北京市', province: '北京市', addressPrefix: '北京市', areaCode: '110000', phoneAreaCode: '010', plateProvince: '京', plateLetters: 'ABCEFGHJKLMNPQY', districts: BEIJING },
  shanghai: { key: 'shanghai', name: '上海市', province: '上海市', addressPrefix: '上海市', areaCode: '310000', phoneAreaCode: '021', plateProvince: '沪', plateLetters: 'ABCDEGHJKLMN', districts: SHANGHAI },
  guangzhou: { key: 'guangzhou', name: '广州市', province: '广东省', addressPrefix: '广东省广州市', areaCode: '440100', phoneAreaCode: '020', plateProvince: '粤', plateLetters: 'A', districts: GUANGZHOU },
  shenzhen: { key: 'shenzhen', name: '深圳市', province: '广东省', addressPrefix: '广东省深圳市', areaCode: '440300', phoneAreaCode: '0755', plateProvince: '粤', plateLetters: 'B', districts: SHENZHEN },
  chengdu: { key: 'chengdu', name: '成都市', province: '四川省', addressPrefix: '四川省成都市', areaCode: '510100', phoneAreaCode: '028', plateProvince: '川', plateLetters: 'AG', districts: CHENGDU },
}

export const CITY_KEYS: readonly CityKey[] = ['beijing', 'shanghai', 'guangzhou', 'shenzhen', 'chengdu']

/** Every district of every city, in a fixed order. */
export const DISTRICTS: readonly District[] = CITY_KEYS.flatMap((k) => CITIES[k].districts)

/**
 * Area codes of other places, for the ID numbers of people born elsewhere (a district's code is
 * kept in an ID number for life, so a city's residents carry codes from all over the country).
 */
export const OTHER_AREA_CODES: readonly (readonly [string, string])[] = [
  ['120101', '天津市和平区'], ['130102', '河北省石家庄市长安区'], ['140105', '山西省太原市小店区'],
  ['150102', '内蒙古自治区呼和浩特市新城区'], ['210102', '辽宁省沈阳市和平区'], ['220102', '吉林省长春市南关区'],
  ['230102', '黑龙江省哈尔滨市道里区'], ['320102', '江苏省南京市玄武区'], ['330106', '浙江省杭州市西湖区'],
  ['340104', '安徽省合肥市蜀山区'], ['350102', '福建省福州市鼓楼区'], ['360102', '江西省南昌市东湖区'],
  ['370102', '山东省济南市历下区'], ['410105', '河南省郑州市金水区'], ['420106', '湖北省武汉市武昌区'],
  ['430102', '湖南省长沙市芙蓉区'], ['440524', '广东省汕头市潮阳县'], ['450102', '广西壮族自治区南宁市兴宁区'],
  ['460105', '海南省海口市秀英区'], ['500103', '重庆市渝中区'], ['520102', '贵州省贵阳市南明区'],
  ['530102', '云南省昆明市五华区'], ['540102', '西藏自治区拉萨市城关区'], ['610113', '陕西省西安市雁塔区'],
  ['620102', '甘肃省兰州市城关区'], ['630102', '青海省西宁市城东区'], ['640104', '宁夏回族自治区银川市兴庆区'],
  ['650102', '新疆维吾尔自治区乌鲁木齐市天山区'],
]

/** Every area code this module knows (districts first). */
export const ALL_AREA_CODES: readonly string[] = [...DISTRICTS.map((x) => x.code), ...OTHER_AREA_CODES.map(([c]) => c)]

const BY_CODE = new Map(DISTRICTS.map((x) => [x.code, x] as const))

export function districtByCode(code: string): District | undefined {
  return BY_CODE.get(code)
}

export function cityOf(district: District): City {
  return CITIES[district.city]
}

/** A district of the given city, or of any city. */
export function pickDistrict(rng: Rng, city?: CityKey): District {
  return rng.pick(city ? CITIES[city].districts : DISTRICTS)
}

/**
 * An ID-number area code for someone living in `district`: usually the district's own code,
 * sometimes another district of the same city, sometimes another province.
 */
export function originAreaCode(rng: Rng, district: District, pLocal = 0.7, pSameCity = 0.15): string {
  const x = rng.next()
  if (x < pLocal) return district.code
  if (x < pLocal + pSameCity) return rng.pick(CITIES[district.city].districts).code
  return rng.pick(OTHER_AREA_CODES)[0]
}
