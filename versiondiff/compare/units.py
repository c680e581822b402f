"""Units of measure as written in Japanese drafts: written form → base unit, factor, kind.

Every spelling of one unit maps to one base unit (``ヶ所``/``箇所``/``カ所`` → ``か所``,
``kg`` → ``t`` × 0.001), so respellings compare equal. The kind says what a figure
measures (an amount of money, a count, a period…) for the views and the ledger.
"""

from __future__ import annotations

from decimal import Decimal

Unit = tuple[str, Decimal, str]  # base unit, factor to the base unit, kind


def _same(base: str, kind: str, *spellings: str, factor: str = "1") -> dict[str, Unit]:
    return {spelling: (base, Decimal(factor), kind) for spelling in spellings}


UNITS: dict[str, Unit] = {
    **_same("%", "percent", "%", "パーセント", "percent", "per cent"),
    **_same("%", "percent", "割", factor="10"),
    **_same("pt", "points", "ポイント", "pt", "bp", "%ポイント", "%pt", "percentage points", "percentage point", factor="1"),  # ％ポイント: percentage points
    **_same("円", "amount", "円", "yen", "JPY"),
    **_same("ドル", "amount", "ドル", "米ドル", "USドル", "dollars", "dollar", "USD"),
    **_same("ユーロ", "amount", "ユーロ", "euros", "euro", "EUR"),
    **_same("元", "amount", "人民元", "元"),
    **_same("ポンド", "amount", "ポンド"),
    **_same("ウォン", "amount", "ウォン"),
    **_same("年度", "year", "年度"),
    **_same("年代", "year", "年代"),
    **_same("年", "year", "年"),
    **_same("年間", "period", "年間", "か年", "カ年", "ヶ年", "箇年"),
    **_same("か月", "period", "か月", "カ月", "ヶ月", "ケ月", "ヵ月", "箇月", "か月間", "カ月間", "ヶ月間"),
    **_same("月", "date", "月"),
    **_same("週間", "period", "週間"),
    **_same("日間", "period", "日間"),
    **_same("日", "day", "日"),
    **_same("時間", "period", "時間"),
    **_same("分", "period", "分"),
    **_same("秒", "period", "秒"),
    **_same("世紀", "period", "世紀"),
    **_same("歳", "count", "歳"),
    **_same("か国", "count", "か国", "カ国", "ヶ国", "ケ国", "ヵ国", "箇国", "か国・地域", "カ国・地域", "国・地域"),
    **_same("か所", "count", "か所", "カ所", "ヶ所", "ケ所", "ヵ所", "箇所"),
    **_same("人", "count", "人", "名", "people", "persons"),
    **_same("つ", "count", "つ"),
    **{word: (word, Decimal(1), "count") for word in (
        "件", "社", "校", "台", "基", "隻", "機", "両", "回", "世帯", "拠点", "路線", "地域", "機関", "団体",
        "戸", "棟", "店", "品目", "項目", "業務", "都市", "自治体", "市町村", "事業者", "事業", "施設", "病院",
        "大学", "企業", "分野", "種類", "言語", "本", "個", "枚", "冊", "局", "港", "空港", "駅",
        "代", "体", "種", "点", "頭", "軒", "床", "席", "組", "者", "地点", "領域", "団地", "回線", "系統",
        "経営体", "集落", "都道府県", "議席", "口",
    )},
    **_same("件", "count", "件数"),
    **_same("倍", "ratio", "倍"),
    # Temperatures: Celsius (度 in Japanese drafts is Celsius: 1.5度目標) and Fahrenheit, never
    # converted into each other (an offset, not a factor). K is no unit: 4K/8K are resolutions.
    **_same("度", "measure", "度", "℃", "°C"),
    **_same("°F", "measure", "℉", "°F"),
    **_same("t", "measure", "トン", "t"),
    **_same("t", "measure", "kg", factor="0.001"),
    **_same("t-CO2", "measure", "t-CO2", "tCO2", "トンCO2", "トン-CO2", "t-CO₂", "tCO₂", "トンCO₂", "トン-CO₂"),
    **_same("m", "measure", "m", "メートル"),
    **_same("m", "measure", "km", "キロメートル", factor="1000"),
    **_same("m", "measure", "cm", factor="0.01"),
    **_same("m", "measure", "mm", factor="0.001"),
    **_same("ha", "measure", "ha", "ヘクタール"),
    **_same("km2", "measure", "km2", "km²", "平方キロメートル"),
    **_same("m2", "measure", "m2", "m²", "㎡", "平方メートル"),
    **_same("L", "measure", "L", "リットル"),
    **_same("L", "measure", "kL", factor="1000"),
    **_same("バレル", "measure", "バレル"),
    **_same("Wh", "measure", "Wh"),
    **_same("Wh", "measure", "kWh", factor="1e3"),
    **_same("Wh", "measure", "MWh", factor="1e6"),
    **_same("Wh", "measure", "GWh", factor="1e9"),
    **_same("Wh", "measure", "TWh", factor="1e12"),
    **_same("W", "measure", "W"),
    **_same("W", "measure", "kW", factor="1e3"),
    **_same("W", "measure", "MW", factor="1e6"),
    **_same("W", "measure", "GW", factor="1e9"),
    **_same("bps", "measure", "bps"),
    **_same("bps", "measure", "Mbps", factor="1e6"),
    **_same("bps", "measure", "Gbps", factor="1e9"),
    **_same("bps", "measure", "Tbps", factor="1e12"),
    **_same("B", "measure", "MB", factor="1e6"),
    **_same("B", "measure", "GB", factor="1e9"),
    **_same("B", "measure", "TB", factor="1e12"),
    **_same("B", "measure", "PB", factor="1e15"),
    **_same("B", "measure", "EB", factor="1e18"),
    **_same("Hz", "measure", "Hz"),
    **_same("Hz", "measure", "MHz", factor="1e6"),
    **_same("Hz", "measure", "GHz", factor="1e9"),
    **_same("Hz", "measure", "THz", factor="1e12"),
}

# Currency marks written before the number: $3.15, US$5, €10, ¥1,000.
# Marks and ISO codes written before an amount (a code only with a space after it: USD 2.5 trillion).
CURRENCY_MARKS: dict[str, str] = {"US$": "ドル", "$": "ドル", "€": "ユーロ", "¥": "円", "£": "ポンド",
                                  "USD": "ドル", "EUR": "ユーロ", "GBP": "ポンド", "JPY": "円"}

# What a rate is counted per: 1,500億円/年, 3,000円/kg, 80ドル/バレル.
PER_UNITS: dict[str, str] = {
    "年": "年", "年度": "年", "月": "月", "日": "日", "週": "週", "時間": "時間", "h": "時間", "時": "時間",
    "人": "人", "世帯": "世帯", "件": "件", "台": "台", "回": "回", "戸": "戸", "社": "社", "泊": "泊",
    "kg": "kg", "t": "t", "トン": "t", "バレル": "バレル", "bbl": "バレル", "kWh": "kWh", "MWh": "MWh",
    "L": "L", "リットル": "L", "km": "km", "ha": "ha", "m2": "m2", "㎡": "m2", "本": "本", "個": "個",
}

# Words before a figure that make it a rate per year / month / day: 年間約1,200万人, 毎年4件.
PER_PREFIXES: dict[str, str] = {
    "年間": "年", "毎年": "年", "年額": "年", "年率": "年", "年利": "年", "年平均": "年",
    "毎月": "月", "月額": "月", "月間": "月", "毎日": "日", "日額": "日",
}

# Units a kanji numeral may carry. Other kanji after a kanji numeral make a word
# (一部, 一層, 三菱, 四国), never a figure.
KANJI_UNITS = {
    "%", "円", "ドル", "ユーロ", "元", "年度", "年", "年代", "年間", "か月", "月", "日", "日間", "週間",
    "時間", "世紀", "歳", "か国", "か所", "人", "件", "社", "校", "台", "基", "隻", "機", "倍", "回", "世帯",
    "つ", "拠点", "地域", "団体", "機関", "都市", "自治体", "品目", "項目", "分野", "種類", "施設",
    # Measures as laws write them: 五千平方メートル, 三十キロメートル, 百ヘクタール, 千トン.
    "m", "m2", "km2", "ha", "t", "L",
}

# A lone 一 with these units is an amount (一割, 一か月); with others it is a word (一人ひとり, 一日も早く).
ONE_UNITS = {"%", "倍", "か月", "か国", "か所", "年間", "世紀"}

LATIN_UNITS = {written for written in UNITS if written.isascii()}
