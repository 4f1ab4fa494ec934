#!/usr/bin/env python3
# Run from the repository root: python3 scripts/gen-layout-stress.py
# Generates tests/fixtures/layout/layout_stress.ron from the tutorial: the validator's
# largest counts, long names and texts.
import re
src = open('scenarios/tutorial.ron').read()
head, rest = src.split('    stakeholders: [', 1)
_, tail = rest.split('    events: [', 1)
head = head.replace('id: "tutorial"', 'id: "layout_stress"')
head = head.replace('title: (\n        zh: "新手上路：恒达精密 MES 项目",\n        en: "First Steps: The Hengda Precision MES Project",',
  'title: (\n        zh: "版面压力测试：华东区域集团多工厂智能制造与工业互联网平台一体化建设项目",\n        en: "Layout Stress Test: The East China Regional Group Multi-Plant Smart Manufacturing and Industrial Internet Platform Programme",')
head = head.replace('(zh: "恒达精密机械有限公司", en: "Hengda Precision Machinery Co., Ltd.")',
  '(zh: "华东区域恒达精密机械装备制造集团股份有限公司", en: "East China Regional Hengda Precision Machinery and Equipment Manufacturing Group Co., Ltd.")')
head = head.replace('(zh: "车间生产执行系统（MES）一期", en: "Shop-floor MES, Phase 1")',
  '(zh: "多工厂车间生产执行系统（MES）与设备联网一体化建设一期工程", en: "Multi-Plant Shop-floor Manufacturing Execution System and Machine Connectivity Programme, Phase 1")')
head = head.replace('(zh: "智联工业软件", en: "Zhilian Industrial Software")',
  '(zh: "智联工业软件与智能制造解决方案有限公司", en: "Zhilian Industrial Software and Smart Manufacturing Solutions Ltd.")')
# 20 learning goals
goal = '''        (
            zh: "第{n}条学习目标：在复杂的多部门采购中识别每个人的角色、权力圈、风格和个人需求，并用第二个来源核实关键信息。",
            en: "Learning goal {n}: in a complex multi-department purchase, find each person's role, power circle, style and personal need, and confirm key information with a second source.",
        ),
'''
head = re.sub(r'    learning_goals: \[\n.*?\n    \],', '    learning_goals: [\n' + ''.join(goal.format(n=i+1) for i in range(20)) + '    ],', head, flags=re.S)
rule = '''            (
                id: "rule_{n}",
                text: (
                    zh: "资格条件{n}：投标人须具有至少一个机械加工行业多工厂 MES 与设备联网一体化项目的成功案例，并提供用户验收报告原件备查。",
                    en: "Qualification {n}: the bidder must have at least one successful multi-plant MES and machine-connectivity reference in machining, with the customer's signed acceptance report available for inspection.",
                ),
                always: true,
                we_meet: true,
                rivals_failing: [],
            ),
'''
head = re.sub(r'        qualification_rules: \[\n.*?\n        \],', '        qualification_rules: [\n' + ''.join(rule.format(n=i+1) for i in range(20)) + '        ],', head, flags=re.S)
head = head.replace('committee: ["wang_zong", "zhao_ming", "liu_fang", "chen_li", "sun_li"]',
  'committee: ["wang_zong", "zhao_ming", "liu_fang", "chen_li", "sun_li", "p07", "p08", "p09", "p10"]')

people = re.findall(r'        \(\n            id: ".*?\n        \),\n', rest.split('    rivals: [')[0], flags=re.S)
assert len(people) == 6, len(people)
long_names = {
 'wang_zong': ('欧阳建国', 'Ouyang Jianguo', '集团总经理兼党委副书记', 'Group General Manager and Deputy Party Secretary', '集团总经理办公室与战略投资管理部', "Group General Manager's Office and Strategic Investment Department"),
 'zhao_ming': ('司马明远', 'Sima Mingyuan', '集团信息化建设领导小组副组长兼信息中心总监', 'Deputy Head of the Group IT Steering Committee and Director of the Information Centre', '集团信息中心与数字化转型办公室', 'Group Information Centre and Digital Transformation Office'),
}
out_people = []
def lengthen(p, pid):
    if pid in long_names:
        zn, en, zt, et, zd, ed = long_names[pid]
        p = re.sub(r'name: \(zh: ".*?", en: ".*?"\)', f'name: (zh: "{zn}", en: "{en}")', p, count=1)
        p = re.sub(r'title: \(zh: ".*?", en: ".*?"\)', f'title: (zh: "{zt}", en: "{et}")', p, count=1)
        p = re.sub(r'department: \(zh: ".*?", en: ".*?"\)', f'department: (zh: "{zd}", en: "{ed}")', p, count=1)
    else:
        p = re.sub(r'title: \(zh: "(.*?)", en: "(.*?)"\)', r'title: (zh: "\1兼多工厂精益生产推进委员会委员", en: "\2 and Member of the Multi-Plant Lean Production Committee")', p, count=1)
        p = re.sub(r'department: \(zh: "(.*?)", en: "(.*?)"\)', r'department: (zh: "\1（华东区域一号工厂）", en: "\2 (East China Plant No. 1)")', p, count=1)
    return p
for p in people:
    pid = re.search(r'id: "(.*?)"', p).group(1)
    p = p.replace('rival_attitudes: [(rival: "suda", attitude: ', 'rival_attitudes: [(rival: "suda", attitude: ')
    out_people.append(lengthen(p, pid))
surn = ['慕容','诸葛','上官','皇甫','东方','令狐','宇文','长孙','夏侯','独孤','公孙','澹台','闻人','端木']
suren = ['Murong','Zhuge','Shangguan','Huangfu','Dongfang','Linghu','Yuwen','Zhangsun','Xiahou','Dugu','Gongsun','Tantai','Wenren','Duanmu']
for i in range(6, 20):
    k = i - 6
    out_people.append(f'''        (
            id: "p{i+1:02d}",
            name: (zh: "{surn[k]}志远", en: "{suren[k]} Zhiyuan"),
            title: (zh: "第{i+1}号工厂设备动力部副经理兼能源管理与安全生产专员", en: "Deputy Manager of Plant {i+1} Equipment and Utilities, Energy and Safety Officer"),
            department: (zh: "华东区域第{i+1}号工厂设备动力与能源管理部", en: "East China Plant No. {i+1} Equipment, Utilities and Energy Department"),
            reports_to: "{'liu_fang' if k % 2 else 'zhao_ming'}",
            role: User,
            circle: {'Political' if k % 3 == 0 else 'Watcher'},
            style: [Amiable, Expressive],
            need: [Acceptance, Recognition],
            attitude: {k % 5},
            attitude_spread: 6,
            rival_attitudes: [(rival: "suda", attitude: 0)],
            openness: 0.6,
            honesty: 0.9,
        ),
''')
rivals = '''    rivals: [
        (
            id: "suda",
            name: (zh: "速达软件", en: "Suda Software"),
            profile: Relationship,
            technical_strength: 60,
            brand: 45,
            price_ratio: 0.98,
            aggressiveness: 20,
            known: true,
            description: (
                zh: "本地小型软件公司，产品以报工和看板为主，设备联网能力弱；销售常请采购部门吃饭。",
                en: "A small local software house; its product covers job reporting and dashboards, weak on machine connectivity. Its rep often takes purchasing out to dinner.",
            ),
        ),
'''
rnames = [('gongkong', '华夏工控云智能制造工业互联网科技股份有限公司', 'Huaxia Gongkong Cloud Smart Manufacturing and Industrial Internet Technology Co., Ltd.', 'LowPrice'),
          ('kaiyuan', '开元数字化转型咨询与系统集成服务集团有限公司', 'Kaiyuan Digital Transformation Consulting and Systems Integration Services Group Ltd.', 'TechnicalLeader'),
          ('hongtu', '宏图国际企业管理软件（中国）有限公司华东分公司', 'Hongtu International Enterprise Management Software (China) Ltd., East China Branch', 'Relationship')]
for rid, zn, en, prof in rnames:
    rivals += f'''        (
            id: "{rid}",
            name: (zh: "{zn}", en: "{en}"),
            profile: {prof},
            technical_strength: 50,
            brand: 40,
            price_ratio: 1.05,
            aggressiveness: 15,
            known: true,
            description: (
                zh: "一家实力一般的供应商，标准化产品为主，几乎不做定制；靠报价和关系进入短名单，在机械加工行业的案例不多。",
                en: "A modest vendor with a mostly standard product and almost no customisation; it gets onto shortlists on price and relationships and has few references in machining.",
            ),
        ),
'''
rivals += '    ],\n'
out = head + '    stakeholders: [\n' + ''.join(out_people) + '    ],\n' + rivals + '    events: [' + tail
out = out.replace('profile: Technical,', 'profile: TechnicalLeader,')
open('tests/fixtures/layout/layout_stress.ron', 'w').write(out)
