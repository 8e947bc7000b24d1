"""Fills a `kanmin template partnerships` workbook with N realistic partnership rows (and
one or two partners each), as a ward's ledger of N past partnerships would be, for timing
`kanmin import`.

usage: import-rows.py TEMPLATE.xlsx N OUT.xlsx
"""
import datetime
import random
import sys

import openpyxl

template, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
random.seed(20261202)
workbook = openpyxl.load_workbook(template)
records, partners = workbook["連携事例"], workbook["連携先"]
headers = {cell.value: cell.column for cell in records[1]}
partner_headers = {cell.value: cell.column for cell in partners[1]}

themes = ["見守り", "子育て支援", "防災", "商店街の活性化", "脱炭素", "図書館", "公園の活用", "多文化共生", "健康づくり", "空き家の活用"]
verbs = ["を進める", "を広げる", "を共に考える", "を試す"]
departments = ["保健福祉政策部 保健医療福祉推進課", "経済産業部 商業課", "危機管理部 危機管理課", "環境政策部 環境計画課", "子ども・若者部 子ども家庭課", "生活文化政策部 市民活動推進課"]
statuses, patterns = ["準備中", "実施中", "終了"], ["パターン1 導入する", "パターン2 広める", "パターン3 共に創る"]
routes, agreements = ["民間提案型", "テーマ設定型", "所管課への直接提案", "その他"], ["協定", "覚書", "契約", "協定・覚書なし"]
kinds = ["企業", "NPO法人", "大学等", "団体", "金融機関"]

partner_row = 2
for n in range(count):
    r = n + 2
    theme = random.choice(themes)
    values = {
        "ID": f"ledger-{n:05d}",
        "名称": f"{theme}{random.choice(verbs)}取組み（{n + 1}）",
        "概要": f"区と地域の事業者が連携し、{theme}に取り組みます。\n\n{random.randint(2, 30)}か所で実施し、効果を検証します。",
        "状態": random.choice(statuses),
        "パターン": random.choice(patterns),
        "連携の経緯": random.choice(routes),
        "協定等の種別": random.choice(agreements),
        "締結日": datetime.date(2019 + n % 7, 1 + n % 12, 1 + n % 28),
        "所管課": random.choice(departments),
        "SDGsゴール": "、".join(str(g) for g in sorted(random.sample(range(1, 18), 2))),
        "区の負担額(円)": random.choice([None, random.randint(0, 900) * 1000]),
    }
    for header, value in values.items():
        if value is not None:
            cell = records.cell(row=r, column=headers[header], value=value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    for p in range(random.randint(1, 2)):
        partners.cell(row=partner_row, column=partner_headers["ID"], value=values["ID"])
        partners.cell(row=partner_row, column=partner_headers["名称"], value=f"株式会社せたがや{theme}{n}-{p}")
        partners.cell(row=partner_row, column=partner_headers["種別"], value=random.choice(kinds))
        partner_row += 1
workbook.save(out)
