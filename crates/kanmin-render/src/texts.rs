//! What the site shows that Rust, not a template, writes: each page's title and description
//! (a template's `page_title` and `description`, also the feeds' and structured data's names
//! for the page) and the search page's facet labels, in Japanese, the key of their
//! translations in the theme's message tables (`messages`).

use crate::messages::Locale;

/// A page's title and meta description.
pub struct PageText {
    pub title: &'static str,
    pub description: &'static str,
}

impl PageText {
    pub fn title<'a>(&self, locale: Locale<'a>) -> &'a str {
        locale.t(self.title)
    }

    pub fn description<'a>(&self, locale: Locale<'a>) -> &'a str {
        locale.t(self.description)
    }
}

pub const PARTNERSHIPS: PageText = PageText {
    title: "連携事例",
    description: "区と民間企業等が連携して進めている取組みの一覧です。",
};
pub const THEMES: PageText = PageText {
    title: "募集テーマ",
    description:
        "テーマ設定型の提案募集テーマの一覧です。募集中のテーマは締切の近い順に表示しています。",
};
pub const PROPOSALS: PageText = PageText {
    title: "提案",
    description:
        "民間企業等から受け付けた提案のうち、提案者と公開範囲を協議済みのものを掲載しています。",
};
pub const SOUNDINGS: PageText = PageText {
    title: "サウンディング型市場調査",
    description: "事業化の前に民間事業者の意見を聴いたサウンディング型市場調査の実施結果です。",
};
pub const PARTNERS: PageText = PageText {
    title: "連携先",
    description: "区と連携している企業・団体・大学等の一覧です。",
};
pub const DEPARTMENTS: PageText = PageText {
    title: "所管課",
    description: "官民連携の取組みを所管する課の一覧です。",
};
pub const NOT_FOUND: PageText = PageText {
    title: "ページが見つかりません",
    description: "お探しのページは見つかりませんでした。",
};
pub const SEARCH: PageText = PageText {
    title: "サイト内検索",
    description: "連携事例、募集テーマ、提案、サウンディングの記録を全文検索できます。",
};

pub fn data_title<'a>(locale: Locale<'a>) -> &'a str {
    locale.t("オープンデータ")
}

pub fn data_description(locale: Locale, municipality: &str) -> String {
    locale.fill(
        "{municipality}の官民連携の連携事例・募集テーマ・提案・サウンディングをExcel・CSV・JSONで公開しています。",
        &[("municipality", municipality)],
    )
}

/// The home page's description when `site.yaml` gives none.
pub fn home_description(locale: Locale, municipality: &str) -> String {
    locale.fill(
        "{municipality}の官民連携の取組み、募集中のテーマ、提案とサウンディングの結果を公開しています。",
        &[("municipality", municipality)],
    )
}

pub fn partner_description(locale: Locale, partner: &str) -> String {
    locale.fill(
        "{partner}が関わる区の官民連携の記録です。",
        &[("partner", partner)],
    )
}

pub fn department_description(locale: Locale, department: &str) -> String {
    locale.fill(
        "{department}が所管する官民連携の記録です。",
        &[("department", department)],
    )
}

/// The title of a list's later pages.
pub fn nth_page_title(locale: Locale, title: &str, number: usize) -> String {
    locale.fill(
        "{title}（{number}ページ目）",
        &[("title", title), ("number", &number.to_string())],
    )
}

/// The label of a search facet, by its name in the index.
pub fn facet_label<'a>(locale: Locale<'a>, facet: &str) -> &'a str {
    locale.t(match facet {
        "kind" => "種類",
        "status" => "状況",
        "pattern" => "連携のパターン",
        "route" => "きっかけ",
        "fy" => "年度",
        _ => "所管課",
    })
}
