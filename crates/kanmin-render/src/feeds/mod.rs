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
pub const CHANGES_ATOM_PATH: &str = "feeds/changes.xml";

/// The Atom feeds and the calendar.
pub fn files(site: &Site, locale: Locale) -> Vec<OutputFile> {
    let mut files = vec![
        OutputFile::new(ATOM_PATH, atom::everything(site, locale)),
        OutputFile::new(THEMES_ATOM_PATH, atom::themes(site, locale)),
        OutputFile::new(THEMES_ICS_PATH, ical::themes(site, locale)),
    ];
    // The change feeds quote the records' fields as the Japanese records hold them, so
    // they are published once, at the site root.
    if locale.lang == kanmin_public::Lang::Ja && site.history.is_some() {
        files.extend(change_feeds(site, locale));
    }
    files
}

/// `feeds/changes.xml`, and one feed per department and partner with changes, beside its
/// index page (`departments/<slug>/atom.xml`).
fn change_feeds(site: &Site, locale: Locale) -> Vec<OutputFile> {
    let changes = crate::history::changes(site);
    let base = &site.info.base_url;
    let title = &site.info.title;
    let mut files = vec![OutputFile::new(
        CHANGES_ATOM_PATH,
        atom::changes(
            site,
            locale,
            &changes,
            CHANGES_ATOM_PATH,
            locale.fill("{a}：更新履歴", &[("a", title)]),
            base.clone(),
            |_| true,
        ),
    )];
    for feed in crate::history::index_feeds(site, &changes) {
        let path = feed.path();
        let written = atom::changes(
            site,
            locale,
            &changes,
            &path,
            locale.fill("{a}の更新履歴", &[("a", feed.name)]),
            format!("{base}{}", feed.page),
            |c| feed.selects(c),
        );
        files.push(OutputFile::new(path, written));
    }
    files
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
