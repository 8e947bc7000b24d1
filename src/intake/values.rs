//! One cell read as the value its column holds. Digits, letters and punctuation typed in
//! full width (２０２５－０４－０１, ５０，０００円) are read as their ASCII forms wherever a
//! value is a date, a number, a code or an id; prose keeps every character as typed.

use unicode_normalization::UnicodeNormalization;

use super::fields::FieldType;
use super::sheet::Cell;
use super::yaml::Node;
use kanmin_public::date::Date;
use kanmin_public::vocab::Vocabulary;

/// The text of a cell with surrounding spaces (also the ideographic space) removed and line
/// ends made `\n`; `None` when nothing is left.
pub fn cell_text(cell: &Cell) -> Option<String> {
    let text = match cell {
        Cell::Empty => return None,
        Cell::Text(text) => text.replace("\r\n", "\n").replace('\r', "\n"),
        Cell::Number(n) => number_text(*n),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(y, m, d) => format!("{y:04}-{m:02}-{d:02}"),
        Cell::Error(err) => err.clone(),
    };
    let trimmed = text.trim_matches(|c: char| c.is_whitespace());
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// NFKC folds full-width ASCII to ASCII; spaces go, as no value read through here has any.
fn folded(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A cell's value for a column of type `ty`; `Ok(None)` for an empty cell.
pub fn read(cell: &Cell, ty: FieldType) -> Result<Option<Node>, String> {
    if let Cell::Error(err) = cell {
        return Err(crate::t!("value-cell-error", value = err.clone()));
    }
    let Some(text) = cell_text(cell) else {
        return Ok(None);
    };
    let node = match ty {
        FieldType::Text | FieldType::Url => Node::Str(single_line(&text)),
        FieldType::Markdown => Node::Str(text),
        FieldType::Date => Node::Date(date(cell, &text)?),
        FieldType::Bool => Node::Bool(boolean(cell, &text)?),
        FieldType::Integer => Node::Int(integer(cell, &text, false)?),
        FieldType::Yen => Node::Int(integer(cell, &text, true)?),
        FieldType::Measure => measure(cell, &text),
        FieldType::Code(vocabulary) => Node::Str(code(vocabulary, &text)?.to_string()),
        FieldType::Link(_) => Node::Str(id(&text)?),
        FieldType::Texts => Node::List(items(&text, true).map(Node::Str).collect()),
        FieldType::Lines => Node::List(items(&text, false).map(Node::Str).collect()),
        FieldType::Codes(vocabulary) => Node::List(
            items(&text, true)
                .map(|item| code(vocabulary, &item).map(|c| Node::Str(c.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        FieldType::Links(_) => Node::List(
            items(&text, true)
                .map(|item| id(&item).map(Node::Str))
                .collect::<Result<_, _>>()?,
        ),
        FieldType::Goals => Node::List(
            items(&text, true)
                .map(|item| goal(&item).map(Node::Int))
                .collect::<Result<_, _>>()?,
        ),
        FieldType::ProtectedPaths => Node::List(
            items(&text, true)
                .flat_map(|item| {
                    folded(&item)
                        .split(',')
                        .filter(|p| !p.is_empty())
                        .map(|p| Node::Str(p.to_string()))
                        .collect::<Vec<_>>()
                })
                .collect(),
        ),
    };
    Ok(Some(node))
}

/// A one-line field written over several lines in its cell: the lines joined by a space.
fn single_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The values of a list cell: one per line, or (for names and codes) separated by 「、」,
/// 「，」 or 「;」 too.
fn items(text: &str, commas: bool) -> impl Iterator<Item = String> + '_ {
    text.split(move |c: char| c == '\n' || (commas && matches!(c, '、' | '，' | ',' | ';' | '；')))
        .map(|item| item.trim_matches(|c: char| c.is_whitespace()).to_string())
        .filter(|item| !item.is_empty())
}

fn date(cell: &Cell, text: &str) -> Result<Date, String> {
    if let Cell::Date(y, m, d) = cell {
        return Date::from_ymd(*y, *m, *d)
            .ok_or_else(|| crate::t!("value-not-a-date", value = text.to_string()));
    }
    parse_date(text).ok_or_else(|| crate::t!("value-not-a-date", value = text.to_string()))
}

/// `2025-04-01`, `2025/4/1`, `2025.4.1`, `2025年4月1日`, `令和7年4月1日` (also `令和元年`).
pub fn parse_date(text: &str) -> Option<Date> {
    let text = folded(text);
    let (year, rest) = era_year(&text).or_else(|| {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 4).then(|| (digits.parse().ok(), &text[4..]))
    })?;
    let year: i32 = year?;
    let rest = rest.strip_prefix(['-', '/', '.', '年'])?;
    let (month, rest) = leading_number(rest)?;
    let rest = rest.strip_prefix(['-', '/', '.', '月'])?;
    let (day, rest) = leading_number(rest)?;
    if !(rest.is_empty() || rest == "日") {
        return None;
    }
    Date::from_ymd(year, month, day)
}

/// 令和 and 平成 years, the eras a ward's ledger may still date things in.
fn era_year(text: &str) -> Option<(Option<i32>, &str)> {
    for (era, first_year) in [("令和", 2018), ("平成", 1988), ("R", 2018), ("H", 1988)] {
        if let Some(rest) = text.strip_prefix(era) {
            if let Some(rest) = rest.strip_prefix('元') {
                return Some((Some(first_year + 1), rest));
            }
            let (n, rest) = leading_number(rest)?;
            return Some((Some(first_year + n as i32), rest));
        }
    }
    None
}

fn leading_number(text: &str) -> Option<(u32, &str)> {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    (end > 0 && end <= 4).then(|| Some((text[..end].parse().ok()?, &text[end..])))?
}

fn boolean(cell: &Cell, text: &str) -> Result<bool, String> {
    if let Cell::Bool(b) = cell {
        return Ok(*b);
    }
    match folded(text).to_lowercase().as_str() {
        "はい" | "true" | "yes" | "1" | "○" | "〇" | "◯" | "対象" | "あり" => Ok(true),
        "いいえ" | "false" | "no" | "0" | "×" | "✕" | "対象外" | "なし" => Ok(false),
        _ => Err(crate::t!("value-not-yes-no", value = text.to_string())),
    }
}

fn integer(cell: &Cell, text: &str, yen: bool) -> Result<i64, String> {
    let not_a_number = || {
        if yen {
            crate::t!("value-not-yen", value = text.to_string())
        } else {
            crate::t!("value-not-an-integer", value = text.to_string())
        }
    };
    let n = match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => *n as i64,
        Cell::Number(_) => return Err(not_a_number()),
        _ => {
            let folded = folded(text);
            let digits = folded.trim_end_matches('円').replace(',', "");
            digits.parse::<i64>().map_err(|_| not_a_number())?
        }
    };
    if yen && n < 0 {
        return Err(not_a_number());
    }
    Ok(n)
}

fn measure(cell: &Cell, text: &str) -> Node {
    match cell {
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Node::Int(*n as i64),
        Cell::Number(n) => Node::Float(*n),
        _ => match folded(text).replace(',', "").parse::<f64>() {
            Ok(n) if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e15 => Node::Int(n as i64),
            Ok(n) if n.is_finite() => Node::Float(n),
            _ => Node::Str(single_line(text)),
        },
    }
}

fn code(vocabulary: &Vocabulary, text: &str) -> Result<&'static str, String> {
    let wanted = folded(text);
    vocabulary
        .terms
        .iter()
        .find(|(code, label)| *code == wanted || folded(label) == wanted)
        .map(|(code, _)| *code)
        .ok_or_else(|| {
            crate::t!(
                "value-not-in-vocabulary",
                value = text.to_string(),
                allowed = vocabulary
                    .terms
                    .iter()
                    .map(|(_, label)| format!("「{label}」"))
                    .collect::<Vec<_>>()
                    .join("")
            )
        })
}

fn id(text: &str) -> Result<String, String> {
    let id = folded(text);
    kanmin_content::check_id(&id)
        .map(|()| id)
        .map_err(|_| crate::t!("value-not-an-id", value = text.to_string()))
}

fn goal(text: &str) -> Result<i64, String> {
    let folded = folded(text);
    let number = folded
        .trim_start_matches("ゴール")
        .trim_start_matches("Goal")
        .trim_start_matches("SDG");
    match number.parse::<i64>() {
        Ok(n) if (1..=17).contains(&n) => Ok(n),
        _ => Err(crate::t!("value-not-a-goal", value = text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<String> {
        parse_date(text).map(Date::iso)
    }

    #[test]
    fn dates_as_ward_ledgers_write_them() {
        assert_eq!(d("2025-04-01").as_deref(), Some("2025-04-01"));
        assert_eq!(d("２０２５－０４－０１").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025/4/1").as_deref(), Some("2025-04-01"));
        assert_eq!(d("2025年4月1日").as_deref(), Some("2025-04-01"));
        assert_eq!(d("令和7年4月1日").as_deref(), Some("2025-04-01"));
        assert_eq!(d("令和元年5月1日").as_deref(), Some("2019-05-01"));
        assert_eq!(d("平成31年4月30日").as_deref(), Some("2019-04-30"));
        assert_eq!(d("R7.4.1").as_deref(), Some("2025-04-01"));
        for bad in [
            "2025-13-01",
            "2025-02-30",
            "4月1日",
            "来年度",
            "2025年4月",
            "2025-04-01頃",
            "20250401",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_in_full_width_and_with_grouping() {
        let yen = |text: &str| integer(&Cell::Text(text.into()), text, true);
        assert_eq!(yen("９５０，０００円"), Ok(950_000));
        assert_eq!(yen("950000"), Ok(950_000));
        assert!(yen("-1").is_err());
        assert!(yen("約百万円").is_err());
        assert_eq!(integer(&Cell::Number(12.0), "12", false), Ok(12));
        assert!(integer(&Cell::Number(1.5), "1.5", false).is_err());
    }

    #[test]
    fn codes_by_label_or_code() {
        let v = &kanmin_public::vocab::Pattern::VOCABULARY;
        let label = v.terms[2].1;
        assert_eq!(code(v, label), Ok("co-create"));
        assert_eq!(code(v, "co-create"), Ok("co-create"));
        assert_eq!(code(v, "ｃｏ－ｃｒｅａｔｅ"), Ok("co-create"));
        assert!(code(v, "共創").is_err());
    }

    #[test]
    fn list_cells_split_at_lines_and_commas() {
        let node = read(
            &Cell::Text("経済産業部 商業課、\n保健福祉政策部 保健医療福祉推進課".into()),
            FieldType::Texts,
        );
        assert_eq!(
            node,
            Ok(Some(Node::List(vec![
                Node::Str("経済産業部 商業課".into()),
                Node::Str("保健福祉政策部 保健医療福祉推進課".into())
            ])))
        );
        let sentences = read(
            &Cell::Text("区民サービスの向上を図る、ため。\n二文目。".into()),
            FieldType::Lines,
        );
        assert_eq!(
            sentences,
            Ok(Some(Node::List(vec![
                Node::Str("区民サービスの向上を図る、ため。".into()),
                Node::Str("二文目。".into())
            ])))
        );
    }
}
