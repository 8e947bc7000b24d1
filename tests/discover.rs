//! Themes as a call for proposals, feeds, calendar, sitemap, statistics and structured data,
//! checked on built sites; the feeds and the calendar with real parsers (Python's
//! `feedparser` and `icalendar`).

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{partnership, proposal, require_tool, Fixture};

const BASE: &str = "https://example.org/colab/";

const THEME_DEC: &str = r#"title: 十二月の募集テーマ
summary: 年末の地域見守りについての提案を募集します。
departments: [保健福祉政策部 保健医療福祉推進課]
open_from: 2026-12-01
deadline: 2026-12-11
issue: 年末年始に見守りが手薄になることが課題です。
existing_programs: 見守り訪問事業を行っています。
sustainability: 区の補助がなくても続く仕組みを求めます。
expected: 地域の事業者ならではの提案を期待します。
demonstration_eligible: true
incentive: true
"#;

const THEME_LATER: &str = r#"title: 一月の募集テーマ
summary: 新年の健康づくりについての提案を募集します。
departments: [保健福祉政策部 健康推進課]
open_from: 2026-11-01
deadline: 2027-01-31
issue: 冬の運動不足が課題です。
"#;

/// A small site with a how-to-propose page, as a real ward site has.
fn minimal_with_guide() -> Fixture {
    let fixture = Fixture::minimal();
    fixture.write(
        "content/pages/how-to-propose.md",
        "---\ntitle: 提案の方法\n---\nまずは窓口にご相談ください。\n",
    );
    fixture
}

fn theme_fixture() -> Fixture {
    let fixture = minimal_with_guide();
    fixture.write("content/themes/dec.yaml", THEME_DEC);
    fixture.write("content/themes/jan.yaml", THEME_LATER);
    fixture
}

fn built_on(fixture: &Fixture, date: &str) {
    if let Err(err) = fixture.build_on(date) {
        panic!("build on {date} failed:\n{err}");
    }
}

/// Visible text of a page with tags removed, so assertions do not depend on markup.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn theme_status_follows_the_build_date() {
    let fixture = theme_fixture();
    let cases = [
        ("2026-11-30", "募集前", None),
        ("2026-12-01", "募集中", Some("残り10日")),
        ("2026-12-10", "募集中", Some("残り1日")),
        ("2026-12-11", "募集中", Some("本日締切")),
        ("2026-12-12", "募集終了", None),
    ];
    for (date, status, days) in cases {
        built_on(&fixture, date);
        let page = text_of(&fixture.read("themes/dec/index.html"));
        assert!(
            page.contains(status),
            "{date}: theme page should say {status}"
        );
        for other in ["募集前", "募集中", "募集終了"]
            .into_iter()
            .filter(|s| *s != status)
        {
            assert!(
                !page.contains(other),
                "{date}: theme page should not say {other}"
            );
        }
        match days {
            Some(days) => assert!(page.contains(days), "{date}: expected {days}"),
            None => assert!(
                !page.contains("本日締切") && !page.contains("残り"),
                "{date}: no days left when not open"
            ),
        }
        let list = text_of(&fixture.read("themes/index.html"));
        assert!(
            list.contains(status),
            "{date}: themes list should say {status}"
        );
        if let Some(days) = days {
            assert!(list.contains(days), "{date}: themes list should say {days}");
        }
    }
}

#[test]
fn open_themes_come_first_by_nearest_deadline() {
    let fixture = theme_fixture();
    built_on(&fixture, "2026-12-05");
    let list = fixture.read("themes/index.html");
    let dec = list.find("十二月の募集テーマ").unwrap();
    let jan = list.find("一月の募集テーマ").unwrap();
    assert!(
        dec < jan,
        "the theme closing on 12-11 comes before the one closing on 01-31"
    );
    built_on(&fixture, "2026-12-12");
    let list = fixture.read("themes/index.html");
    assert!(
        list.find("一月の募集テーマ").unwrap() < list.find("十二月の募集テーマ").unwrap(),
        "closed themes go last"
    );
}

#[test]
fn the_home_page_shows_the_open_themes_closing_soonest_and_counts_the_rest() {
    let fixture = minimal_with_guide();
    for day in 1..=12 {
        let theme = THEME_LATER
            .replace("一月の募集テーマ", &format!("募集テーマ{day:02}号"))
            .replace("2027-01-31", &format!("2027-01-{day:02}"));
        fixture.write(&format!("content/themes/t{day:02}.yaml"), &theme);
    }
    built_on(&fixture, "2026-12-01");
    let home = text_of(&fixture.read("index.html"));
    for day in 1..=10 {
        assert!(
            home.contains(&format!("募集テーマ{day:02}号")),
            "theme closing on day {day} is on the home page"
        );
    }
    assert!(
        !home.contains("募集テーマ11号") && !home.contains("募集テーマ12号"),
        "the latest deadlines are left to the list"
    );
    assert!(home.contains("12件のうち、締切の近い10件を掲載しています。"));
    let list = text_of(&fixture.read("themes/index.html"));
    assert!(list.contains("募集テーマ12号"));

    fixture.remove("content/themes/t12.yaml");
    fixture.remove("content/themes/t11.yaml");
    built_on(&fixture, "2026-12-01");
    let home = text_of(&fixture.read("index.html"));
    assert!(home.contains("締切の近い順に掲載しています。") && home.contains("募集テーマ10号"));
}

#[test]
fn theme_page_lays_out_what_a_proposer_checks() {
    let fixture = theme_fixture();
    built_on(&fixture, "2026-12-01");
    let page = text_of(&fixture.read("themes/dec/index.html"));
    for expected in [
        "区の課題や目標",
        "年末年始に見守りが手薄になることが課題です。",
        "区の既存事業",
        "見守り訪問事業を行っています。",
        "持続可能性",
        "区の補助がなくても続く仕組みを求めます。",
        "地域の事業者ならではの提案を期待します。",
        "実証実験提案制度",
        "100万円",
        "10%",
        "保健福祉政策部 保健医療福祉推進課",
        "せたがやCo-Lab.",
    ] {
        assert!(page.contains(expected), "theme page lacks {expected}");
    }
}

/// Runs `script` with python3 and returns its stdout parsed as JSON, or None when the
/// Python packages are missing (and the environment allows skipping).
fn python_json(fixture: &Fixture, script: &str) -> Option<serde_json::Value> {
    let available = Command::new("python3")
        .args(["-c", "import feedparser, icalendar"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !require_tool(
        "python3 with feedparser and icalendar (pip install feedparser icalendar)",
        available,
    ) {
        return None;
    }
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(fixture.output())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("python prints JSON"))
}

const PARSE_FEEDS: &str = r#"
import json, feedparser, icalendar
out = {}
for name in ["feeds/atom.xml", "feeds/themes.xml"]:
    d = feedparser.parse(name)
    out[name] = {
        "bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version, "id": d.feed.get("id"), "title": d.feed.get("title"),
        "updated": d.feed.get("updated"), "author": d.feed.get("author"),
        "links": [[l.get("rel"), l.get("href")] for l in d.feed.get("links", [])],
        "entries": [{"id": e.get("id"), "title": e.get("title"), "updated": e.get("updated"),
                     "link": e.get("link"), "summary": e.get("summary", ""),
                     "content": "".join(c.value for c in e.get("content", []))} for e in d.entries],
    }
cal = icalendar.Calendar.from_ical(open("feeds/themes.ics", "rb").read())
out["ics"] = {
    "prodid": str(cal.get("PRODID")), "version": str(cal.get("VERSION")),
    "calscale": str(cal.get("CALSCALE")), "name": str(cal.get("X-WR-CALNAME")),
    "events": [{"uid": str(e["UID"]), "start": e["DTSTART"].dt.isoformat(), "end": e["DTEND"].dt.isoformat(),
                "start_is_date": type(e["DTSTART"].dt).__name__ == "date",
                "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"]), "url": str(e["URL"]),
                "stamp": e["DTSTAMP"].dt.isoformat()} for e in cal.walk("VEVENT")],
}
print(json.dumps(out, ensure_ascii=False))
"#;

fn strings(value: &serde_json::Value, key: &str) -> Vec<String> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e[key].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn feeds_and_calendar_parse_and_hold_the_public_records() {
    let fixture = Fixture::sample();
    fixture.built();
    let Some(parsed) = python_json(&fixture, PARSE_FEEDS) else {
        return;
    };
    let site = kanmin::check(fixture.root(), common::date(common::SAMPLE_DATE))
        .unwrap()
        .site;

    let atom = &parsed["feeds/atom.xml"];
    assert_eq!(atom["bozo"], false, "{}", atom["bozo_exception"]);
    assert_eq!(atom["version"], "atom10");
    assert_eq!(atom["id"], format!("{BASE}feeds/atom.xml"));
    assert_eq!(atom["updated"], "2026-11-30T00:00:00+09:00");
    assert!(atom["author"].as_str().unwrap().contains("せたがやCo-Lab."));
    let links = atom["links"].to_string();
    assert!(
        links.contains(&format!("[\"self\",\"{BASE}feeds/atom.xml\"]")),
        "{links}"
    );
    assert!(
        links.contains(&format!("[\"alternate\",\"{BASE}\"]")),
        "{links}"
    );
    let expected: BTreeSet<String> = site
        .partnerships
        .iter()
        .map(|p| &p.path)
        .chain(site.themes.iter().map(|t| &t.path))
        .chain(site.soundings.iter().map(|s| &s.path))
        .map(|path| format!("{BASE}{path}"))
        .collect();
    let ids: Vec<String> = strings(&atom["entries"], "id");
    assert_eq!(
        ids.iter().cloned().collect::<BTreeSet<_>>(),
        expected,
        "one entry per public partnership, theme and sounding"
    );
    assert_eq!(ids.len(), expected.len(), "entry ids are unique");
    assert_eq!(
        strings(&atom["entries"], "link"),
        ids,
        "each entry links to its record page"
    );
    for id in &ids {
        let path = id.strip_prefix(BASE).unwrap();
        assert!(
            fixture.exists(&format!("{path}index.html")),
            "entry {id} points to a page that exists"
        );
    }
    let chatbot = atom["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == format!("{BASE}partnerships/ai-chatbot/"))
        .unwrap();
    assert_eq!(
        chatbot["updated"], "2026-06-15T00:00:00+09:00",
        "a partnership's entry is dated by concluded_on"
    );
    assert!(
        chatbot["content"].as_str().unwrap().contains("<p>"),
        "content carries HTML"
    );
    let updated = strings(&atom["entries"], "updated");
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // The W3C validator calls an entry updated after its feed implausible: records dated in
    // the future (the sample's upcoming themes) are listed as of the build date.
    for feed in ["feeds/atom.xml", "feeds/themes.xml"] {
        let feed_updated = parsed[feed]["updated"].as_str().unwrap().to_string();
        for entry in strings(&parsed[feed]["entries"], "updated") {
            assert!(
                entry <= feed_updated,
                "{feed}: an entry updated {entry}, after the feed's {feed_updated}"
            );
        }
    }

    let themes_feed = &parsed["feeds/themes.xml"];
    assert_eq!(
        themes_feed["bozo"], false,
        "{}",
        themes_feed["bozo_exception"]
    );
    let theme_ids: BTreeSet<String> = strings(&themes_feed["entries"], "id").into_iter().collect();
    let expected_themes: BTreeSet<String> = site
        .themes
        .iter()
        .map(|t| format!("{BASE}{}", t.path))
        .collect();
    assert_eq!(theme_ids, expected_themes);
    let akiya = themes_feed["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == format!("{BASE}themes/akiya-2026/"))
        .unwrap();
    assert_eq!(
        akiya["updated"], "2026-11-02T00:00:00+09:00",
        "a theme's entry is dated by open_from"
    );

    let ics = &parsed["ics"];
    assert_eq!(ics["version"], "2.0");
    assert_eq!(ics["calscale"], "GREGORIAN");
    assert!(ics["prodid"].as_str().unwrap().contains("kanmin"));
    assert!(ics["name"].as_str().unwrap().contains("募集テーマ"));
    let events = ics["events"].as_array().unwrap();
    assert_eq!(
        events.len(),
        site.themes.len() * 2,
        "an open period and a deadline per theme"
    );
    let uids: BTreeSet<String> = strings(&ics["events"], "uid").into_iter().collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    let period = events
        .iter()
        .find(|e| e["uid"] == "theme-akiya-2026-period@example.org")
        .unwrap();
    assert_eq!(
        (period["start"].as_str(), period["end"].as_str()),
        (Some("2026-11-02"), Some("2027-01-16")),
        "DTEND is exclusive"
    );
    assert_eq!(period["start_is_date"], true, "all-day events");
    assert_eq!(period["url"], format!("{BASE}themes/akiya-2026/"));
    assert_eq!(
        period["stamp"], "2026-11-29T15:00:00+00:00",
        "DTSTAMP is the build date's midnight in Japan, in UTC"
    );
    assert!(period["summary"]
        .as_str()
        .unwrap()
        .contains("空き家を地域の資源として活かす仕組みづくり"));
    let deadline = events
        .iter()
        .find(|e| e["uid"] == "theme-akiya-2026-deadline@example.org")
        .unwrap();
    assert_eq!(
        (deadline["start"].as_str(), deadline["end"].as_str()),
        (Some("2027-01-15"), Some("2027-01-16"))
    );
    assert!(deadline["description"]
        .as_str()
        .unwrap()
        .contains("都市整備政策部 居住支援課"));

    let raw = fixture.read("feeds/themes.ics");
    assert!(
        raw.split("\r\n")
            .all(|line| line.len() <= 75 && !line.contains('\n')),
        "CRLF lines of at most 75 octets"
    );
    assert!(raw.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn calendar_escapes_text_and_folds_long_lines() {
    let fixture = minimal_with_guide();
    fixture.write(
        "content/themes/escape.yaml",
        &THEME_DEC.replace("title: 十二月の募集テーマ", "title: \"区の課題; 地域, 見守り\\\\支援とあわせて長い名前のテーマで折り返しを確かめるためのテーマ\""),
    );
    built_on(&fixture, "2026-12-01");
    let raw = fixture.read("feeds/themes.ics");
    let unfolded = raw.replace("\r\n ", "");
    assert!(
        unfolded.contains("SUMMARY:【締切】区の課題\\; 地域\\, 見守り\\\\支援"),
        "{unfolded}"
    );
    let Some(parsed) = python_json(&fixture, PARSE_FEEDS) else {
        return;
    };
    let summaries = strings(&parsed["ics"]["events"], "summary");
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("【締切】区の課題; 地域, 見守り\\支援とあわせて長い名前")),
        "{summaries:?}"
    );
}

/// The sitemap's URLs.
fn sitemap_urls(fixture: &Fixture) -> BTreeSet<String> {
    let sitemap = fixture.read("sitemap.xml");
    sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect()
}

#[test]
fn sitemap_lists_every_page_but_404_and_nothing_else() {
    let fixture = Fixture::sample();
    fixture.built();
    let pages: BTreeSet<String> = fixture
        .output_files()
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html") && !path.ends_with("404.html"))
        .map(|(path, _)| format!("{BASE}{}", path.strip_suffix("index.html").unwrap_or(&path)))
        .collect();
    assert!(pages.contains(&format!("{BASE}stats/")));
    assert_eq!(sitemap_urls(&fixture), pages);
    assert!(!fixture.read("sitemap.xml").contains("404"));
    assert!(fixture
        .read("robots.txt")
        .contains(&format!("Sitemap: {BASE}sitemap.xml")));
}

/// `data-value` numbers of one table of the statistics page.
fn table_values(stats: &str, table_id: &str) -> Vec<Vec<u64>> {
    let start = stats
        .find(&format!("id={table_id}"))
        .or_else(|| stats.find(&format!("id=\"{table_id}\"")))
        .unwrap_or_else(|| panic!("no table {table_id}"));
    let table = &stats[start..start + stats[start..].find("</table>").unwrap()];
    let body = &table[..table.find("<tfoot").unwrap_or(table.len())];
    body.split("<tr")
        .skip(2)
        .map(|row| {
            row.split("data-value=")
                .skip(1)
                .map(|v| {
                    v.trim_start_matches('"')
                        .chars()
                        .take_while(char::is_ascii_digit)
                        .collect::<String>()
                        .parse()
                        .unwrap()
                })
                .collect()
        })
        .collect()
}

#[test]
fn statistics_match_the_data() {
    let fixture = Fixture::sample();
    fixture.built();
    let site = kanmin::check(fixture.root(), common::date(common::SAMPLE_DATE))
        .unwrap()
        .site;
    let stats = fixture.read("stats/index.html");
    let partnerships = site.partnerships.len() as u64;
    for table in [
        "partnerships-by-year-table",
        "partnerships-by-pattern-table",
        "partnerships-by-route-table",
        "partnerships-by-agreement-table",
    ] {
        let total: u64 = table_values(&stats, table).iter().map(|row| row[0]).sum();
        assert_eq!(
            total, partnerships,
            "{table} adds up to the public partnerships"
        );
    }
    let departments: u64 = table_values(&stats, "partnerships-by-department-table")
        .iter()
        .map(|row| row[0])
        .sum();
    assert_eq!(
        departments,
        site.partnerships
            .iter()
            .map(|p| p.departments.len() as u64)
            .sum::<u64>()
    );

    let proposals = table_values(&stats, "proposals-by-year-table");
    let received: u64 = proposals.iter().map(|row| row[0]).sum();
    let adopted: u64 = proposals.iter().map(|row| row[1]).sum();
    let files = std::fs::read_dir(fixture.root().join("content/proposals"))
        .unwrap()
        .count() as u64;
    assert_eq!(
        received, files,
        "every proposal received counts, withheld ones included"
    );
    assert!(
        received > site.proposals.len() as u64,
        "the sample withholds some proposals"
    );
    assert!(adopted > 0 && adopted <= received);

    let cost: u64 = table_values(&stats, "ward-cost-by-year-table")
        .iter()
        .map(|row| row[0])
        .sum();
    let shown: u64 = site
        .partnerships
        .iter()
        .filter_map(|p| p.ward_cost_yen.shown().copied().flatten())
        .sum();
    assert_eq!(cost, shown);
    assert!(
        stats.matches("role=img").count() + stats.matches("role=\"img\"").count() >= 7,
        "every chart is an image with a text alternative"
    );
    assert!(
        stats.contains("<caption>") && stats.contains("scope=row")
            || stats.contains("scope=\"row\"")
    );
}

#[test]
fn withheld_cost_is_left_out_of_the_sum_and_said_so() {
    let fixture = minimal_with_guide();
    fixture.write(
        "content/partnerships/shown.yaml",
        &partnership("公開の事例", "ward_cost_yen: 300000\n"),
    );
    fixture.write(
        "content/partnerships/hidden.yaml",
        &partnership(
            "費用非公開の事例",
            "ward_cost_yen: 777777\ndisclosure: {reviewed: true, protected: [ward_cost_yen]}\n",
        ),
    );
    fixture.built();
    let stats = fixture.read("stats/index.html");
    let cost: u64 = table_values(&stats, "ward-cost-by-year-table")
        .iter()
        .map(|row| row[0])
        .sum();
    assert_eq!(cost, 300_000);
    assert!(!stats.contains("777"), "a withheld cost leaves no trace");
    assert!(text_of(&stats).contains("経費を非公開としている事例（1件）"));
}

const SECRET_IDEA: &str = "夜間の見守りに独自開発の赤外線センサー網を使う";
const SECRET_PROPOSER: &str = "秘密提案テック株式会社";
const SECRET_SOUNDING: &str = "非公開サウンディングの対話結果メモ";
const SECRET_PARTNER: &str = "保護対象パートナー株式会社";

#[test]
fn nothing_withheld_reaches_feeds_sitemap_stats_or_structured_data() {
    let fixture = Fixture::sample();
    fixture.write(
        "content/proposals/unreviewed.yaml",
        &proposal(
            "未協議の提案タイトルです",
            &format!("idea: {SECRET_IDEA}\n"),
        )
        .replace("提案テック株式会社", SECRET_PROPOSER)
        .replace(
            "地域の見守りに関する提案です。",
            "まだ協議していない提案の概要文です。",
        ),
    );
    fixture.write(
        "content/proposals/protected.yaml",
        &proposal("協議済みの提案です", &format!("idea: {SECRET_IDEA}。\ndisclosure: {{reviewed: true, protected: [idea, proposer.name]}}\n"))
            .replace("提案テック株式会社", SECRET_PROPOSER),
    );
    fixture.write(
        "content/soundings/unreviewed.yaml",
        &format!(
            "title: 未協議のサウンディング調査\nsummary: {SECRET_SOUNDING}です。\ndepartments: [土木部 公園緑地課]\npurpose: 目的です。\nannounced_on: 2026-09-01\nresults_on: 2026-11-01\nresults: {SECRET_SOUNDING}の本文。\n"
        ),
    );
    fixture.write(
        "content/partnerships/protected-partner.yaml",
        &partnership("保護のある連携事例", "ward_cost_yen: 654321\ninternal: {memo: 内部メモは公開しない文章です}\ndisclosure: {reviewed: true, protected: [partners.name, ward_cost_yen]}\n")
            .replace("見守りテック株式会社", SECRET_PARTNER),
    );
    fixture.built();
    let secrets = [
        SECRET_IDEA,
        SECRET_PROPOSER,
        SECRET_SOUNDING,
        SECRET_PARTNER,
        "654321",
        "654,321",
        "内部メモは公開しない文章です",
        "未協議の提案タイトルです",
        "未協議のサウンディング調査",
        "unreviewed",
    ];
    for (path, bytes) in fixture.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "{path} contains withheld `{secret}`"
            );
        }
    }
    let urls = sitemap_urls(&fixture);
    assert!(
        urls.contains(&format!("{BASE}proposals/protected/")),
        "a reviewed proposal is listed"
    );
    assert!(urls.contains(&format!("{BASE}partnerships/protected-partner/")));
    let Some(parsed) = python_json(&fixture, PARSE_FEEDS) else {
        return;
    };
    let feeds = parsed.to_string();
    for secret in secrets {
        assert!(
            !feeds.contains(secret),
            "a parsed feed holds withheld `{secret}`"
        );
    }
    assert!(
        feeds.contains("保護のある連携事例"),
        "the public record is in the feed"
    );
}

#[test]
fn structured_data_is_valid_json_that_hostile_text_cannot_escape() {
    let fixture = Fixture::sample();
    let hostile = "</script><script>alert(1)</script>";
    fixture.write(
        "content/partnerships/hostile.yaml",
        &partnership(&format!("'{hostile} & 連携'"), "").replace(
            "[保健福祉政策部 保健医療福祉推進課]",
            &format!("['{hostile}課']"),
        ),
    );
    fixture.built();
    let hostile_title = format!("{hostile} & 連携");
    let mut with_structured_data = 0;
    for (path, bytes) in fixture
        .output_files()
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let html = String::from_utf8(bytes).unwrap();
        // The data block itself, not a `<link type=application/ld+json>` to the catalogue.
        let opening = [
            "<script type=application/ld+json>",
            "<script type=\"application/ld+json\">",
        ];
        let Some(start) = opening.iter().find_map(|tag| html.find(tag)) else {
            continue;
        };
        with_structured_data += 1;
        // The script ends at the first `</script>`: all of the record must be inside it.
        let json = &html[start..];
        let json = &json[json.find('>').unwrap() + 1..json.find("</script>").unwrap()];
        let value: serde_json::Value =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{path}: {e}"));
        let graph = value["@graph"].as_array().unwrap();
        let crumbs = graph
            .iter()
            .find(|n| n["@type"] == "BreadcrumbList")
            .unwrap();
        let items = crumbs["itemListElement"].as_array().unwrap();
        assert_eq!(
            items.last().unwrap()["item"],
            format!("{BASE}{}", path.strip_suffix("index.html").unwrap())
        );
        if path == "partnerships/hostile/index.html" {
            assert_eq!(
                graph[0]["headline"],
                hostile_title.as_str(),
                "hostile text survives whole inside the script"
            );
        }
    }
    let site = kanmin::check(fixture.root(), common::date(common::SAMPLE_DATE))
        .unwrap()
        .site;
    let detail_pages = site.partnerships.len()
        + site.themes.len()
        + site.proposals.len()
        + site.soundings.len()
        + site.partners.len()
        + site.departments.len();
    // In every language.
    assert_eq!(
        with_structured_data,
        detail_pages * kanmin::public::Lang::ALL.len(),
        "every detail page carries structured data"
    );
    let page = fixture.read("partnerships/hostile/index.html");
    assert!(page.contains("application/ld+json") && page.contains("\\u003c/script\\u003e"));
    let theme = fixture.read("themes/akiya-2026/index.html");
    assert!(
        theme.contains("\"@type\":\"Event\"") && theme.contains("\"startDate\":\"2026-11-02\"")
    );
    let company = site
        .partners
        .iter()
        .find(|p| p.corporate_number.is_some() && format!("{:?}", p.kind) == "Company")
        .unwrap();
    let partner_page = fixture.read(&format!("{}index.html", company.path));
    assert!(
        partner_page.contains("\"@type\":\"Corporation\"")
            && partner_page.contains("\"propertyID\":\"法人番号\"")
    );
    let stats = fixture.read("stats/index.html");
    assert!(
        !stats.contains("<script>alert") && stats.contains("&lt;/script"),
        "SVG and table text is escaped"
    );
}

#[test]
fn pages_link_the_feeds_and_the_calendar() {
    let fixture = theme_fixture();
    built_on(&fixture, "2026-12-01");
    let home = fixture.read("index.html");
    assert!(home.contains("application/atom+xml") && home.contains("feeds/atom.xml"));
    let themes = fixture.read("themes/index.html");
    assert!(themes.contains("feeds/themes.ics") && themes.contains("feeds/themes.xml"));
    let detail = fixture.read("themes/dec/index.html");
    let canonical = detail
        .split("<link")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .find(|tag| tag.contains("canonical"))
        .expect("a canonical link");
    assert!(
        canonical.contains(&format!("{BASE}themes/dec/")),
        "{canonical}"
    );
    assert!(detail.contains("og:description"));
}

#[test]
fn feeds_keep_the_newest_hundred_entries() {
    let fixture = minimal_with_guide();
    for day in 0..120u32 {
        let date = common::date("2025-01-01");
        let concluded =
            kanmin::date::Date::from_unix_seconds((date.unix_days() + i64::from(day)) * 86_400)
                .unwrap();
        fixture.write(
            &format!("content/partnerships/p{day:03}.yaml"),
            &partnership(&format!("連携事例その{day}"), "").replace(
                "concluded_on: 2026-05-01",
                &format!("concluded_on: {concluded}"),
            ),
        );
    }
    fixture.built();
    let atom = fixture.read("feeds/atom.xml");
    assert_eq!(
        atom.matches("<entry>").count(),
        kanmin::render::feeds::atom::MAX_ENTRIES
    );
    assert!(
        atom.contains(&format!("{BASE}partnerships/p119/")),
        "the newest is in"
    );
    assert!(
        atom.contains(&format!("{BASE}partnerships/p020/"))
            && !atom.contains(&format!("{BASE}partnerships/p019/")),
        "the oldest twenty are out"
    );
    assert_eq!(
        sitemap_urls(&fixture)
            .iter()
            .filter(|u| u.contains("/partnerships/p") && !u.contains("/page/"))
            .count(),
        // Each page in Japanese and in English.
        240,
        "the sitemap lists all"
    );
}
