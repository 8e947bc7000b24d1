//! Calendar dates as the ward uses them: ISO 8601 in files and data, 和暦 on pages, and the
//! Japanese fiscal year (年度) that starts on April 1.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

impl Date {
    /// Parses exactly `YYYY-MM-DD`; anything looser (`2026-4-1`, times) is rejected so open
    /// data stays ISO 8601.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(kanmin_messages::t!("date-not-iso", value = text));
        }
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Date)
            .map_err(|_| kanmin_messages::t!("date-not-in-calendar", value = text))
    }

    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// The UTC calendar day of a Unix timestamp (as in `SOURCE_DATE_EPOCH`).
    pub fn from_unix_seconds(seconds: i64) -> Option<Date> {
        chrono::DateTime::from_timestamp(seconds, 0).map(|t| Date(t.date_naive()))
    }

    /// Japan's calendar day of a Unix timestamp: themes open and close on Tokyo dates.
    pub fn from_unix_seconds_in_japan(seconds: i64) -> Option<Date> {
        Date::from_unix_seconds(seconds.checked_add(9 * 3600)?)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u32 {
        self.0.month()
    }

    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// 年度: April 1 to March 31, named by the year it starts in.
    pub fn fiscal_year(self) -> i32 {
        if self.month() >= 4 {
            self.year()
        } else {
            self.year() - 1
        }
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        (later.0 - self.0).num_days()
    }

    /// Days since 1970-01-01, for feeds and calendars that want timestamps.
    pub fn unix_days(self) -> i64 {
        (self.0 - NaiveDate::from_ymd_opt(1970, 1, 1).expect("epoch")).num_days()
    }

    pub fn succ(self) -> Date {
        Date(
            self.0
                .succ_opt()
                .expect("dates stay far from the calendar's end"),
        )
    }

    pub fn iso(self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// `20261130`, the form iCalendar uses for all-day values.
    pub fn basic(self) -> String {
        self.0.format("%Y%m%d").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_iso_dates() {
        assert!(Date::parse("2026-04-01").is_ok());
        assert!(Date::parse("2028-02-29").is_ok());
        assert!(Date::parse("2026-02-29").is_err());
        assert!(Date::parse("2026-4-1").is_err());
        assert!(Date::parse("2026-04-01T00:00").is_err());
        assert!(Date::parse("２０２６-04-01").is_err());
    }

    #[test]
    fn fiscal_year_starts_in_april() {
        assert_eq!(Date::parse("2026-03-31").unwrap().fiscal_year(), 2025);
        assert_eq!(Date::parse("2026-04-01").unwrap().fiscal_year(), 2026);
        assert_eq!(Date::parse("2027-03-31").unwrap().fiscal_year(), 2026);
    }

    #[test]
    fn japan_day_turns_at_midnight_tokyo() {
        // 2026-11-30T15:00:00Z is 2026-12-01T00:00 in Tokyo.
        let t = 1_796_050_800;
        assert_eq!(Date::from_unix_seconds(t).unwrap().iso(), "2026-11-30");
        assert_eq!(
            Date::from_unix_seconds_in_japan(t).unwrap().iso(),
            "2026-12-01"
        );
    }
}
