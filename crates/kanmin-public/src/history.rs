//! Records as they were: the public views of earlier versions, each already disclosed under
//! its own rules and today's (see `kanmin-disclose`'s `history`), so renderers can show what
//! changed without ever seeing what was withheld.

use std::collections::HashMap;
use std::sync::Arc;

use crate::date::Date;
use crate::{Partnership, Proposal, Sounding, Theme};

/// The commit that made a public change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// Full hexadecimal commit id.
    pub commit: String,
    /// When the change landed (committer time), in Unix seconds.
    pub seconds: i64,
}

impl Stamp {
    /// The day of the change in Japan, as every date of the site is meant.
    pub fn date(&self) -> Date {
        Date::from_unix_seconds_in_japan(self.seconds)
            .unwrap_or_else(|| Date::from_ymd(1970, 1, 1).expect("the Unix epoch is a date"))
    }

    /// RFC 3339 in Japan's time (`2026-04-01T09:30:00+09:00`), for feeds and open data.
    pub fn rfc3339(&self) -> String {
        let local = self.seconds.saturating_add(9 * 3600);
        let (days, rest) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let date = Date::from_unix_seconds(days * 86_400)
            .map_or_else(|| "1970-01-01".to_string(), |d| d.iso());
        format!(
            "{date}T{:02}:{:02}:{:02}+09:00",
            rest / 3600,
            rest / 60 % 60,
            rest % 60
        )
    }
}

/// One public version of a record.
#[derive(Debug, Clone)]
pub struct Revision<T> {
    pub stamp: Arc<Stamp>,
    pub record: T,
    /// Where a shallow clone's known history starts: the state then, not a change made then.
    pub baseline: bool,
}

/// The public versions of each published record, oldest first; consecutive versions differ
/// in their public view. The first is when the record was first published (or the baseline).
#[derive(Debug, Clone, Default)]
pub struct Histories {
    pub partnerships: HashMap<String, Vec<Revision<Partnership>>>,
    pub themes: HashMap<String, Vec<Revision<Theme>>>,
    pub proposals: HashMap<String, Vec<Revision<Proposal>>>,
    pub soundings: HashMap<String, Vec<Revision<Sounding>>>,
    /// The repository is a shallow clone, so the history starts at its oldest commit.
    pub shallow: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_shown_in_japan_time() {
        let stamp = Stamp {
            commit: String::new(),
            // 2026-03-31T15:30:00Z
            seconds: 1_774_971_000,
        };
        assert_eq!(stamp.rfc3339(), "2026-04-01T00:30:00+09:00");
        assert_eq!(stamp.date().iso(), "2026-04-01");
    }
}
