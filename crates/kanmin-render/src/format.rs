//! How values read to a Japanese reader (和暦 dates, 年度, yen, and labels for every code)
//! and to an English one ("1 April 2026 (Reiwa 8)", "FY2026 (Reiwa 8)", "¥950,000").
//! Open data keeps the codes; pages and CSV headers use these texts.

use kanmin_public::date::Date;
use kanmin_public::{vocab, Lang};

/// A date as `lang` writes it; the English form keeps the era the Japanese page shows, since
/// ward documents a reader may be sent to are dated by it.
pub fn date(date: Date, lang: Lang) -> String {
    match lang {
        Lang::Ja => wareki(date),
        Lang::En => {
            let western = format!(
                "{} {} {}",
                date.day(),
                MONTHS[date.month() as usize - 1],
                date.year()
            );
            match era(date) {
                Some((name, year)) => format!("{western} ({} {year})", romaji(name)),
                None => western,
            }
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn romaji(era: &str) -> &'static str {
    if era == "令和" {
        "Reiwa"
    } else {
        "Heisei"
    }
}

/// A fiscal year as `lang` writes it: 令和8年度(2026年度), or FY2026 (Reiwa 8).
pub fn fiscal_year_in(year: i32, lang: Lang) -> String {
    match lang {
        Lang::Ja => fiscal_year(year),
        Lang::En => match Date::from_ymd(year + 1, 3, 31).and_then(era) {
            Some((name, era_year_at_end)) if era_year_at_end > 1 => {
                format!("FY{year} ({} {})", romaji(name), era_year_at_end - 1)
            }
            _ => format!("FY{year}"),
        },
    }
}

/// An amount of yen as `lang` writes it: 950,000円, or ¥950,000.
pub fn yen_in(amount: u64, lang: Lang) -> String {
    match lang {
        Lang::Ja => yen(amount),
        Lang::En => format!("¥{}", group_digits(amount)),
    }
}

/// The label of a code in `lang`.
pub fn label_in(kind: &str, code: &str, lang: Lang) -> Option<&'static str> {
    vocab::vocabulary(kind)?.label_in(code, lang)
}

/// 令和8年(2026年)4月1日. Dates before 平成 are shown in the Western calendar only.
pub fn wareki(date: Date) -> String {
    let (month, day) = (date.month(), date.day());
    match era(date) {
        Some((name, year)) => format!(
            "{name}{}({}年){month}月{day}日",
            era_year(year),
            date.year()
        ),
        None => format!("{}年{month}月{day}日", date.year()),
    }
}

/// 令和8年度(2026年度). A fiscal year in which the era changed takes the new era's name, as
/// the government writes it (FY2019 = 令和元年度).
pub fn fiscal_year(year: i32) -> String {
    match Date::from_ymd(year + 1, 3, 31).and_then(era) {
        Some((name, era_year_at_end)) if era_year_at_end > 1 => {
            format!("{name}{}度({year}年度)", era_year(era_year_at_end - 1))
        }
        _ => format!("{year}年度"),
    }
}

fn era(date: Date) -> Option<(&'static str, i32)> {
    let reiwa = Date::from_ymd(2019, 5, 1)?;
    let heisei = Date::from_ymd(1989, 1, 8)?;
    if date >= reiwa {
        Some(("令和", date.year() - 2018))
    } else if date >= heisei {
        Some(("平成", date.year() - 1988))
    } else {
        None
    }
}

fn era_year(year: i32) -> String {
    if year == 1 {
        "元年".to_string()
    } else {
        format!("{year}年")
    }
}

/// 950,000円
pub fn yen(amount: u64) -> String {
    format!("{}円", group_digits(amount))
}

/// 1234567 → "1,234,567".
pub fn group_digits(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The Japanese label of a code, by vocabulary (`kanmin_public::vocab`). `None` for an unknown
/// pair, which templates treat as an error so a typo in a theme cannot silently show a raw code.
pub fn label(kind: &str, code: &str) -> Option<&'static str> {
    vocab::vocabulary(kind)?.label(code)
}

/// Every (code, label) pair of a vocabulary, in the order people read them; open-data schemas
/// publish them as the allowed values.
pub fn vocabulary(kind: &str) -> Option<&'static [(&'static str, &'static str)]> {
    Some(vocab::vocabulary(kind)?.terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn wareki_dates() {
        assert_eq!(wareki(d("2026-04-01")), "令和8年(2026年)4月1日");
        assert_eq!(wareki(d("2019-05-01")), "令和元年(2019年)5月1日");
        assert_eq!(wareki(d("2019-04-30")), "平成31年(2019年)4月30日");
        assert_eq!(wareki(d("1989-01-07")), "1989年1月7日");
    }

    #[test]
    fn fiscal_years() {
        assert_eq!(fiscal_year(2026), "令和8年度(2026年度)");
        assert_eq!(fiscal_year(2019), "令和元年度(2019年度)");
        assert_eq!(fiscal_year(2018), "平成30年度(2018年度)");
        assert_eq!(fiscal_year(2020), "令和2年度(2020年度)");
    }

    #[test]
    fn yen_amounts() {
        assert_eq!(yen(950_000), "950,000円");
        assert_eq!(yen(0), "0円");
        assert_eq!(yen(1_000), "1,000円");
        assert_eq!(yen(100), "100円");
        assert_eq!(yen(12_345_678), "12,345,678円");
    }

    #[test]
    fn english_forms() {
        assert_eq!(date(d("2026-04-01"), Lang::En), "1 April 2026 (Reiwa 8)");
        assert_eq!(date(d("2019-04-30"), Lang::En), "30 April 2019 (Heisei 31)");
        assert_eq!(date(d("1989-01-07"), Lang::En), "7 January 1989");
        assert_eq!(fiscal_year_in(2026, Lang::En), "FY2026 (Reiwa 8)");
        assert_eq!(fiscal_year_in(2019, Lang::En), "FY2019 (Reiwa 1)");
        assert_eq!(fiscal_year_in(2018, Lang::En), "FY2018 (Heisei 30)");
        assert_eq!(yen_in(950_000, Lang::En), "¥950,000");
        assert_eq!(
            label_in("pattern", "co-create", Lang::En),
            Some("Pattern 3: Co-create")
        );
    }

    #[test]
    fn labels() {
        assert_eq!(label("pattern", "co-create"), Some("パターン3 共に創る"));
        assert_eq!(label("route", "private-proposal"), Some("民間提案型"));
        assert_eq!(label("pattern", "nope"), None);
    }
}
