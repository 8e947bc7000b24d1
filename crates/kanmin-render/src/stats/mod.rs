//! The statistics page (`/stats/`): partnerships by fiscal year, pattern, route, agreement
//! and department; proposals received and adopted; the ward's cost. Every figure is counted
//! from `public::Site` except the proposal counts, which come from `site.totals` (the only
//! place withheld proposals may count, and only in totals). Each chart is an inline SVG with
//! a text alternative, and the same numbers stand in a table beside it.

pub mod svg;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::format::{self, group_digits};
use crate::html::PageJob;
use crate::messages::Locale;
use kanmin_public::{Lang, Partnership, Site, Term};
use svg::{BarChart, Group, Series};

/// One chart with its table, as the template shows it.
#[derive(Debug, Serialize)]
pub struct Figure {
    pub id: String,
    pub title: String,
    /// What a reader must know to read the numbers right (how things are counted).
    pub note: Option<String>,
    /// Markup produced here with every text escaped.
    pub svg: String,
    pub category_header: String,
    pub series: Vec<String>,
    pub rows: Vec<Row>,
    pub total: Option<Row>,
    /// The categories are names that stay Japanese in every language (departments).
    pub japanese_labels: bool,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Serialize)]
pub struct Cell {
    /// The raw number, for machines (`data-value`).
    pub value: u64,
    pub text: String,
}

/// Headline numbers above the charts.
#[derive(Debug, Serialize)]
pub struct Headline {
    pub partnerships: usize,
    pub proposals_received: usize,
    pub proposals_adopted: usize,
    pub proposals_withheld: usize,
    pub soundings: usize,
    pub ward_cost_yen: u64,
    pub ward_cost_withheld: usize,
}

pub fn pages(site: &Site, locale: Locale) -> Vec<PageJob> {
    let figures = figures(site, locale);
    let headline = headline(site);
    vec![PageJob::new(
        "stats/",
        "stats.html",
        locale.t("統計"),
        locale.fill(
            "{municipality}の官民連携の件数を年度、連携のパターン、提案の方法、所管課などで集計したグラフと表です。",
            &[("municipality", &site.info.municipality.name)],
        ),
    )
    .with("figures", &figures)
    .with("headline", &headline)]
}

fn headline(site: &Site) -> Headline {
    Headline {
        partnerships: site.partnerships.len(),
        proposals_received: site.totals.proposals_received,
        proposals_adopted: site
            .totals
            .proposals_by_fiscal_year
            .iter()
            .map(|y| y.adopted)
            .sum(),
        proposals_withheld: site.totals.proposals_withheld,
        soundings: site.soundings.len(),
        ward_cost_yen: site
            .partnerships
            .iter()
            .filter_map(|p| p.ward_cost_yen.shown().copied().flatten())
            .sum(),
        ward_cost_withheld: site
            .partnerships
            .iter()
            .filter(|p| p.ward_cost_yen.is_withheld())
            .count(),
    }
}

/// Partnerships counted by a key, in the key's order, with its label.
fn partnerships_by<K: Ord + Term>(
    site: &Site,
    lang: Lang,
    key: impl Fn(&Partnership) -> K,
) -> Vec<Group> {
    let mut counts: BTreeMap<K, u64> = BTreeMap::new();
    for p in &site.partnerships {
        *counts.entry(key(p)).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(k, n)| Group {
            label: k.label_in(lang).to_string(),
            values: vec![n],
        })
        .collect()
}

pub fn figures(site: &Site, locale: Locale) -> Vec<Figure> {
    let lang = locale.lang;
    let count_label = |n: u64| locale.fill("{n}件", &[("n", &group_digits(n))]);
    let yen_label = |n: u64| format::yen_in(n, lang);
    let figure = |id: &str,
                  title: &'static str,
                  note: Option<&str>,
                  header: &'static str,
                  series: &[Series],
                  groups: Vec<Group>,
                  value: &dyn Fn(u64) -> String,
                  total: bool| {
        figure(
            locale,
            id,
            locale.t(title),
            note,
            locale.t(header),
            series,
            groups,
            value,
            total,
        )
    };
    let count_series = [Series {
        name: locale.t("件数").into(),
        outlined: false,
    }];
    let mut figures = Vec::new();

    let mut by_year: BTreeMap<i32, u64> = BTreeMap::new();
    for p in &site.partnerships {
        *by_year.entry(p.fiscal_year).or_default() += 1;
    }
    let groups: Vec<Group> = by_year
        .into_iter()
        .map(|(y, n)| Group {
            label: format::fiscal_year_in(y, lang),
            values: vec![n],
        })
        .collect();
    figures.push(figure(
        "partnerships-by-year",
        "年度別の連携事例数",
        Some(locale.t("締結日（決定日）の年度で数えています。")),
        "年度",
        &count_series,
        groups,
        &count_label,
        true,
    ));

    let groups = partnerships_by(site, lang, |p| p.pattern);
    figures.push(figure(
        "partnerships-by-pattern",
        "連携のパターン別の連携事例数",
        None,
        "パターン",
        &count_series,
        groups,
        &count_label,
        true,
    ));

    let groups = partnerships_by(site, lang, |p| p.route);
    figures.push(figure(
        "partnerships-by-route",
        "きっかけ（提案の方法）別の連携事例数",
        None,
        "きっかけ",
        &count_series,
        groups,
        &count_label,
        true,
    ));

    let groups = partnerships_by(site, lang, |p| p.agreement);
    figures.push(figure(
        "partnerships-by-agreement",
        "協定・覚書などの種類別の連携事例数",
        Some(locale.t("協定や覚書を結ばない取組みも官民連携に含めています。")),
        "種類",
        &count_series,
        groups,
        &count_label,
        true,
    ));

    let mut by_department: BTreeMap<&str, u64> = BTreeMap::new();
    for p in &site.partnerships {
        for d in &p.departments {
            *by_department.entry(d.as_str()).or_default() += 1;
        }
    }
    let mut departments: Vec<(&str, u64)> = by_department.into_iter().collect();
    departments.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let groups = departments
        .into_iter()
        .map(|(d, n)| Group {
            label: d.to_string(),
            values: vec![n],
        })
        .collect();
    let mut by_department = figure(
        "partnerships-by-department",
        "所管課別の連携事例数",
        Some(locale.t("複数の課が所管する事例はそれぞれの課に数えているため、合計は連携事例数より多くなることがあります。")),
        "所管課",
        &count_series,
        groups,
        &count_label,
        false,
    );
    by_department.japanese_labels = true;
    figures.push(by_department);

    let proposal_series = [
        Series {
            name: locale.t("受付").into(),
            outlined: false,
        },
        Series {
            name: locale.t("採用").into(),
            outlined: true,
        },
    ];
    let groups = site
        .totals
        .proposals_by_fiscal_year
        .iter()
        .map(|y| Group {
            label: format::fiscal_year_in(y.fiscal_year, lang),
            values: vec![y.received as u64, y.adopted as u64],
        })
        .collect();
    let proposal_note = locale.fill(
        "受け付けた日の年度で数えています。提案者との協議が済んでいないなどの理由でページを公開していない提案（{n}件）も件数には含みます。",
        &[("n", &site.totals.proposals_withheld.to_string())],
    );
    figures.push(figure(
        "proposals-by-year",
        "年度別の提案の受付数と採用数",
        Some(&proposal_note),
        "年度",
        &proposal_series,
        groups,
        &count_label,
        true,
    ));

    let mut cost_by_year: BTreeMap<i32, u64> = BTreeMap::new();
    let mut cost_withheld = 0;
    for p in &site.partnerships {
        match p.ward_cost_yen.shown() {
            Some(Some(yen)) => *cost_by_year.entry(p.fiscal_year).or_default() += yen,
            Some(None) => {}
            None => cost_withheld += 1,
        }
    }
    let groups = cost_by_year
        .into_iter()
        .map(|(y, yen)| Group {
            label: format::fiscal_year_in(y, lang),
            values: vec![yen],
        })
        .collect();
    let mut cost_note = locale
        .t("連携事例に記載した区の経費を、締結日（決定日）の年度ごとに合計しています。経費の記載がない事例は含みません。")
        .to_string();
    if cost_withheld > 0 {
        cost_note.push_str(&locale.fill(
            "経費を非公開としている事例（{n}件）の経費は合計に含めていません。",
            &[("n", &cost_withheld.to_string())],
        ));
    }
    let cost_series = [Series {
        name: locale.t("区の経費").into(),
        outlined: false,
    }];
    figures.push(figure(
        "ward-cost-by-year",
        "年度別の区の経費",
        Some(&cost_note),
        "年度",
        &cost_series,
        groups,
        &yen_label,
        true,
    ));
    figures
}

#[allow(clippy::too_many_arguments)]
fn figure(
    locale: Locale,
    id: &str,
    title: &str,
    note: Option<&str>,
    category_header: &str,
    series: &[Series],
    groups: Vec<Group>,
    format_value: &dyn Fn(u64) -> String,
    with_total: bool,
) -> Figure {
    let chart = BarChart {
        id,
        title,
        series,
        groups: &groups,
        format_value,
        locale,
    };
    let svg = chart.to_svg();
    let cell = |value: u64| Cell {
        value,
        text: format_value(value),
    };
    let total = with_total.then(|| Row {
        label: locale.t("合計").to_string(),
        cells: (0..series.len())
            .map(|i| cell(groups.iter().map(|g| g.values[i]).sum()))
            .collect(),
    });
    Figure {
        id: id.to_string(),
        title: title.to_string(),
        note: note.map(str::to_string),
        svg,
        category_header: category_header.to_string(),
        series: series.iter().map(|s| s.name.clone()).collect(),
        rows: groups
            .into_iter()
            .map(|g| Row {
                label: g.label,
                cells: g.values.into_iter().map(cell).collect(),
            })
            .collect(),
        total,
        japanese_labels: false,
    }
}
