//! The themes as an iCalendar file (RFC 5545) a company can subscribe to: for each theme
//! one all-day event spanning its open period and one on its deadline day.

use crate::feeds::host;
use crate::format;
use crate::messages::Locale;
use kanmin_public::date::Date;
use kanmin_public::{Site, Theme};
use kanmin_text::markdown;

/// RFC 5545 §3.1: content lines longer than this many octets are folded.
const MAX_LINE_OCTETS: usize = 75;

pub fn themes(site: &Site, locale: Locale) -> Vec<u8> {
    let wareki = |date| format::date(date, locale.lang);
    let info = &site.info;
    let host = host(&info.base_url);
    let stamp = utc_stamp_of_japan_midnight(info.build_date);
    let mut calendar = Calendar::default();
    calendar.line("BEGIN", "VCALENDAR");
    calendar.line("VERSION", "2.0");
    calendar.line(
        "PRODID",
        &format!(
            "-//kanmin//{}//{}",
            locale.t("官民連携 募集テーマ"),
            locale.lang.code().to_uppercase()
        ),
    );
    calendar.line("CALSCALE", "GREGORIAN");
    calendar.line("METHOD", "PUBLISH");
    calendar.line(
        "X-WR-CALNAME",
        &text(&locale.fill("{site} 募集テーマ", &[("site", &info.title)])),
    );
    calendar.line(
        "X-WR-CALDESC",
        &text(&locale.fill(
            "{municipality}のテーマ設定型提案募集の募集期間と締切日",
            &[("municipality", &info.municipality.name)],
        )),
    );
    let mut themes: Vec<&Theme> = site.themes.iter().collect();
    themes.sort_by(|a, b| (a.open_from, &a.id).cmp(&(b.open_from, &b.id)));
    for theme in themes {
        let url = format!("{}{}", info.base_url, theme.path);
        let description = locale.fill(
            "{summary}\n\n募集期間：{from}から{to}まで\n所管課：{departments}\n詳しくは {url}",
            &[
                ("summary", &markdown::to_plain_text(&theme.summary)),
                ("from", &wareki(theme.open_from)),
                ("to", &wareki(theme.deadline)),
                ("departments", &theme.departments.join(locale.t("、"))),
                ("url", &url),
            ],
        );
        calendar.event(&Event {
            uid: format!("theme-{}-period@{host}", theme.id),
            stamp: &stamp,
            first_day: theme.open_from,
            last_day: theme.deadline,
            summary: locale.fill("【募集期間】{title}", &[("title", &theme.title)]),
            description: &description,
            url: &url,
        });
        calendar.event(&Event {
            uid: format!("theme-{}-deadline@{host}", theme.id),
            stamp: &stamp,
            first_day: theme.deadline,
            last_day: theme.deadline,
            summary: locale.fill("【締切】{title}", &[("title", &theme.title)]),
            description: &description,
            url: &url,
        });
    }
    calendar.line("END", "VCALENDAR");
    calendar.out.into_bytes()
}

struct Event<'a> {
    uid: String,
    stamp: &'a str,
    first_day: Date,
    /// Inclusive; written as the exclusive DTEND the standard asks for.
    last_day: Date,
    summary: String,
    description: &'a str,
    url: &'a str,
}

#[derive(Default)]
struct Calendar {
    out: String,
}

impl Calendar {
    /// Writes `name:value` as one content line, folded, ending in CRLF.
    fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
    }

    fn event(&mut self, event: &Event) {
        self.line("BEGIN", "VEVENT");
        self.line("UID", &text(&event.uid));
        self.line("DTSTAMP", event.stamp);
        self.line("DTSTART;VALUE=DATE", &event.first_day.basic());
        self.line("DTEND;VALUE=DATE", &event.last_day.succ().basic());
        self.line("SUMMARY", &text(&event.summary));
        self.line("DESCRIPTION", &text(event.description));
        self.line("URL", event.url);
        // All-day reminders of a call should not mark the subscriber as busy.
        self.line("TRANSP", "TRANSPARENT");
        self.line("END", "VEVENT");
    }
}

/// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped;
/// other control characters, which the format forbids, dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded so that no physical line exceeds 75 octets, breaking only between
/// characters (a multi-byte character is never split), continuation lines starting with a
/// space.
fn fold_into(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let octets = c.len_utf8();
        if width + octets > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += octets;
    }
    out.push_str("\r\n");
}

/// DTSTAMP must be UTC: the build date's midnight in Japan is 15:00 UTC the day before.
fn utc_stamp_of_japan_midnight(date: Date) -> String {
    let previous_day = Date::from_unix_seconds((date.unix_days() - 1) * 86_400).unwrap_or(date);
    format!("{}T150000Z", previous_day.basic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "あ".repeat(60));
        fold_into(&mut out, &line);
        let physical: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 1);
        assert!(physical.iter().all(|l| l.len() <= MAX_LINE_OCTETS));
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn stamp_is_utc() {
        assert_eq!(
            utc_stamp_of_japan_midnight(Date::parse("2026-12-01").unwrap()),
            "20261130T150000Z"
        );
        assert_eq!(
            utc_stamp_of_japan_midnight(Date::parse("2027-01-01").unwrap()),
            "20261231T150000Z"
        );
    }
}
