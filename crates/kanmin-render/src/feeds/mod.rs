//! Feeds and discoverability files: Atom feeds of what the ward does with companies, an
//! iCalendar file of the themes' open periods and deadlines, and the sitemap and robots.txt.
//! Like every renderer they read `public::Site` only, so nothing withheld can reach them.

pub mod atom;
pub mod ical;
pub mod sitemap;

use crate::messages::Locale;
use crate::OutputFile;
use kanmin_public::date::Date;
use kanmin_public::Site;

/// Site paths of the feeds; pages link to them.
pub const ATOM_PATH: &str = "feeds/atom.xml";
pub const THEMES_ATOM_PATH: &str = "feeds/themes.xml";
pub const THEMES_ICS_PATH: &str = "feeds/themes.ics";

/// The Atom feeds and the calendar.
pub fn files(site: &Site, locale: Locale) -> Vec<OutputFile> {
    vec![
        OutputFile::new(ATOM_PATH, atom::everything(site, locale)),
        OutputFile::new(THEMES_ATOM_PATH, atom::themes(site, locale)),
        OutputFile::new(THEMES_ICS_PATH, ical::themes(site, locale)),
    ]
}

/// A day as an instant for formats that want one: midnight in Japan, where the ward's dates
/// are meant.
fn japan_midnight(date: Date) -> String {
    format!("{}T00:00:00+09:00", date.iso())
}

/// The host of `base_url` (`example.org`), for calendar UIDs that stay unique across sites.
fn host(base_url: &str) -> &str {
    let after_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let without_user = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    without_user.split(':').next().unwrap_or(without_user)
}

#[cfg(test)]
mod tests {
    use super::host;

    #[test]
    fn host_of_base_url() {
        assert_eq!(host("https://example.org/colab/"), "example.org");
        assert_eq!(host("http://user@city.example.jp:8080/"), "city.example.jp");
    }
}
