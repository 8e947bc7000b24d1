//! The website: tera templates over `public::Site`, one HTML file per URL of SCHEMA.md.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::messages::{Locale, Messages};
use crate::theme::SiteTheme;
use crate::OutputFile;
use crate::{budget, format, minify, texts};
use kanmin_public::date::Date;
use kanmin_public::diagnostics::{Diagnostic, Diagnostics};
use kanmin_public::{self as public, Lang, ThemeStatus};
use kanmin_text::markdown;

/// The free page (`content/pages/<id>.md`) that explains how to propose.
pub const HOW_TO_PROPOSE_PAGE: &str = "how-to-propose";

/// Records per list page: small enough for a phone, large enough to scan.
pub const PAGE_SIZE: usize = 50;
/// Open themes the home page shows, closing soonest first; the theme list (open ones first,
/// in the same order) has the rest. A ward with hundreds of open calls (a national
/// aggregation) would otherwise get a home page of hundreds of kilobytes.
pub const HOME_OPEN_THEMES: usize = 10;
/// Free pages every page's footer links to, the first by `order`: every page carries the
/// list, so listing all of them would make the site grow with the square of their number.
pub const FOOTER_PAGES: usize = 8;

/// Builds the template engine from the theme, with kanmin's filters, for the language of
/// `site` (`localize::site`). The HTML templates are minified here, once, so the pages they
/// render need no minifying (`render::minify`).
pub fn engine(theme: &SiteTheme, site: &public::Site) -> Result<Tera, Diagnostics> {
    let messages = theme.messages(site.info.lang);
    let templates = theme.templates();
    let minified = templates.iter().map(|(name, text)| {
        let text = if name.ends_with(".html") {
            minify::minify_template(text)
        } else {
            text.clone()
        };
        (name.clone(), text)
    });
    match compile(minified.collect(), site.info.lang, messages) {
        Ok(tera) => Ok(with_globals(tera, site)),
        // Reported as the author wrote the template, with its lines and columns.
        Err(err) => Err(template_error(
            theme,
            match compile(templates, site.info.lang, messages) {
                Err(as_written) => {
                    kanmin_messages::t!("template-error", reason = as_written.to_string())
                }
                Ok(_) => kanmin_messages::t!("template-error-minified", reason = err.to_string()),
            },
        )),
    }
}

/// `engine` with the templates as the theme wrote them: what rendering from the minified
/// templates is checked against.
pub fn engine_as_written(theme: &SiteTheme, site: &public::Site) -> Result<Tera, Diagnostics> {
    compile(
        theme.templates(),
        site.info.lang,
        theme.messages(site.info.lang),
    )
    .map(|tera| with_globals(tera, site))
    .map_err(|err| {
        template_error(
            theme,
            kanmin_messages::t!("template-error", reason = err.to_string()),
        )
    })
}

fn template_error(theme: &SiteTheme, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic::template(theme.describe(), None, message)])
}

fn compile(
    templates: Vec<(String, String)>,
    lang: Lang,
    messages: &Messages,
) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    register_filters(&mut tera, lang, messages);
    tera.add_raw_templates(
        templates
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )?;
    Ok(tera)
}

fn with_globals(mut tera: Tera, site: &public::Site) -> Tera {
    let globals = tera.global_context();
    globals.insert("site", &site.info);
    // The guide for proposers is a content page; themes link to it when the site has one.
    globals.insert(
        "how_to_propose",
        &site
            .pages
            .iter()
            .find(|p| p.id == HOW_TO_PROPOSE_PAGE)
            .map(|p| &p.path),
    );
    let footer = site.pages.iter().take(FOOTER_PAGES).map(|p| NavPage {
        id: &p.id,
        path: &p.path,
        title: &p.title,
        untranslated: p.untranslated.contains(&"title"),
    });
    globals.insert("nav_pages", &footer.collect::<Vec<_>>());
    // The feed of changes exists when the records have a history (at the site root only).
    globals.insert(
        "changes_feed",
        &site
            .history
            .as_ref()
            .map(|_| crate::feeds::CHANGES_ATOM_PATH),
    );
    let lang = site.info.lang;
    globals.insert("lang", lang.code());
    // On pages in another language, what stays Japanese (department names, texts not yet
    // translated) carries this attribute.
    globals.insert("ja", if lang == Lang::Ja { "" } else { " lang=\"ja\"" });
    tera
}

#[derive(Serialize)]
struct NavPage<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    /// The title is shown in Japanese on a page in another language.
    untranslated: bool,
}

fn register_filters(tera: &mut Tera, lang: Lang, messages: &Messages) {
    // In place of tera's own, to bound the loops of a page (see `budget`).
    tera.register_function("range", budget::range);
    // `{{ "{n}件" | t(n=count) }}`: a message in the page's language, its `{name}`s filled
    // from the arguments. A text the language's table lacks fails the page, as an unknown
    // label does, rather than showing Japanese where English was promised.
    let table = messages.clone();
    tera.register_filter(
        "t",
        move |key: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let text = table.get(key).ok_or_else(|| {
                tera::Error::message(format!(
                    "no `{}` translation of the message `{key}` in messages/{}.yaml",
                    lang.code(),
                    lang.code()
                ))
            })?;
            let values: Vec<(String, String)> = kwargs
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect();
            let values: Vec<(&str, &str)> = values
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            Ok(crate::messages::fill(text, &values))
        },
    );
    // ` lang="ja"` on a page in another language for a record's field (`field=`) shown in
    // Japanese, or a link or organisation (no `field`) whose name is.
    tera.register_filter(
        "lang_attr",
        move |record: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let field: Option<&str> = kwargs.get("field")?;
            let map = record.as_map();
            let untranslated = map.and_then(|m| m.get(&tera::value::Key::Str("untranslated")));
            let japanese = match field {
                Some(field) => untranslated
                    .and_then(Value::as_array)
                    .is_some_and(|fields| fields.iter().any(|f| f.as_str() == Some(field))),
                None => untranslated.and_then(Value::as_bool) == Some(true),
            };
            Ok(Value::safe_string(if japanese && lang != Lang::Ja {
                " lang=\"ja\""
            } else {
                ""
            }))
        },
    );
    tera.register_filter(
        "wareki",
        move |value: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(value)
                .map(|date| format::date(date, lang))
                .map_err(tera::Error::message)
        },
    );
    tera.register_filter("fiscal_year", move |year: i64, _: Kwargs, _: &State| {
        format::fiscal_year_in(year as i32, lang)
    });
    tera.register_filter("yen", move |amount: u64, _: Kwargs, _: &State| {
        format::yen_in(amount, lang)
    });
    tera.register_filter("digits", |amount: u64, _: Kwargs, _: &State| {
        format::group_digits(amount)
    });
    tera.register_filter(
        "label",
        move |code: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let kind: &str = kwargs.must_get("kind")?;
            format::label_in(kind, code, lang)
                .map(str::to_string)
                .ok_or_else(|| {
                    tera::Error::message(format!("no label for `{code}` in vocabulary `{kind}`"))
                })
        },
    );
    tera.register_filter(
        "markdown",
        |source: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
            let base: u8 = kwargs.get("base")?.unwrap_or(2);
            Ok(Value::safe_string(&markdown::to_html(source, base)))
        },
    );
    // `item is withheld(field="summary")`: whether a field of the record is protected. Its
    // value is then none, as an optional field left out is; this tells the two apart.
    tera.register_test(
        "withheld",
        |record: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<bool> {
            let field = kwargs.must_get::<&str>("field")?;
            let withheld = record
                .as_map()
                .and_then(|map| map.get(&tera::value::Key::Str("withheld_fields")));
            Ok(withheld
                .and_then(Value::as_array)
                .is_some_and(|fields| fields.iter().any(|f| f.as_str() == Some(field))))
        },
    );
    tera.register_filter("name_slug", |name: &str, _: Kwargs, _: &State| {
        kanmin_public::name_slug(name)
    });
    tera.register_filter(
        "excerpt",
        |source: &str, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let length: usize = kwargs.get("length")?.unwrap_or(120);
            Ok(markdown::excerpt(source, length))
        },
    );
}

/// One HTML page to render: its site path (`themes/x/`, or a file name such as `404.html`),
/// template, title, meta description and page-specific context. Renderers other than this
/// module (search, open data, statistics) contribute their pages as jobs too, so every page
/// shares one template engine and one set of page-wide values.
#[derive(Clone)]
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub title: String,
    pub description: String,
    pub context: Context,
}

impl PageJob {
    pub fn new(
        path: impl Into<String>,
        template: &'static str,
        title: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        PageJob {
            path: path.into(),
            template,
            title: title.into(),
            description: description.into(),
            context: Context::new(),
        }
    }

    pub fn with<T: Serialize + ?Sized>(mut self, key: &'static str, value: &T) -> Self {
        self.context.insert(key, value);
        self
    }

    /// A hash of every input of this page besides the engine: equal fingerprints render to
    /// equal bytes under the same templates and site-wide values.
    fn fingerprint(&self) -> u64 {
        let mut hasher = HashWriter(DefaultHasher::new());
        (&self.path, self.template, &self.title, &self.description).hash(&mut hasher.0);
        hash_context(&mut hasher, &self.context);
        hasher.0.finish()
    }
}

struct HashWriter(DefaultHasher);

impl std::fmt::Write for HashWriter {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.write(text.as_bytes());
        Ok(())
    }
}

/// Hashes every value of a context, however it was added. The debug form is complete and
/// stable: the context is a sorted map, and maps inside values keep insertion order because
/// tera is built with `preserve_order`.
fn hash_context(hasher: &mut HashWriter, context: &Context) {
    use std::fmt::Write;
    let _ = write!(hasher, "{context:?}");
}

/// Pages rendered by an earlier build, so a rebuild (`kanmin serve`) renders only the pages
/// whose inputs changed. Any change to the templates or site-wide values empties it.
#[derive(Default)]
pub struct PageCache {
    engine: u64,
    pages: HashMap<String, (u64, Vec<u8>)>,
}

impl PageCache {
    /// Like `render`, reusing cached pages with an unchanged fingerprint. Also returns the
    /// paths of the files it rendered anew.
    pub fn render(
        &mut self,
        site: &public::Site,
        tera: &mut Tera,
        theme: &SiteTheme,
        jobs: Vec<PageJob>,
    ) -> Result<(Vec<OutputFile>, HashSet<String>), Diagnostics> {
        let engine = engine_fingerprint(theme, tera);
        let tera = &*tera;
        if engine != self.engine {
            self.pages.clear();
            self.engine = engine;
        }
        let fingerprints: Vec<u64> = jobs.par_iter().map(PageJob::fingerprint).collect();
        let (fresh, stale): (Vec<_>, Vec<_>) =
            jobs.into_iter()
                .zip(fingerprints)
                .partition(|(job, fingerprint)| {
                    self.pages
                        .get(&file_path(site, &job.path))
                        .is_some_and(|(cached, _)| cached == fingerprint)
                });
        let stale_fingerprints: Vec<u64> =
            stale.iter().map(|(_, fingerprint)| *fingerprint).collect();
        let rendered = render(
            site,
            tera,
            theme,
            stale.into_iter().map(|(job, _)| job).collect(),
        )?;
        let mut changed = HashSet::with_capacity(rendered.len());
        for (file, fingerprint) in rendered.iter().zip(stale_fingerprints) {
            changed.insert(file.path.clone());
            self.pages
                .insert(file.path.clone(), (fingerprint, file.bytes.clone()));
        }
        let mut files = rendered;
        files.extend(fresh.into_iter().map(|(job, _)| {
            let path = file_path(site, &job.path);
            let bytes = self.pages[&path].1.clone();
            OutputFile::new(path, bytes)
        }));
        let current: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        self.pages.retain(|path, _| current.contains(path.as_str()));
        Ok((files, changed))
    }
}

/// What every page depends on besides its own job: the templates and the site-wide values.
fn engine_fingerprint(theme: &SiteTheme, tera: &mut Tera) -> u64 {
    let mut hasher = HashWriter(DefaultHasher::new());
    theme.templates().hash(&mut hasher.0);
    hash_context(&mut hasher, tera.global_context());
    hasher.0.finish()
}

/// The file a page path is written to: `a/b/` → `a/b/index.html`; file names stay.
fn output_path(page_path: &str) -> String {
    if page_path.ends_with(".html") {
        page_path.to_string()
    } else {
        format!("{page_path}index.html")
    }
}

/// The file a page of `site`'s language is written to.
fn file_path(site: &public::Site, page_path: &str) -> String {
    format!("{}{}", site.info.lang.prefix(), output_path(page_path))
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    path: String,
}

fn page_path(base: &str, number: usize) -> String {
    if number == 1 {
        base.to_string()
    } else {
        format!("{base}page/{number}/")
    }
}

/// Splits a list into pages of `page_size` items (`items` in the context), one job per page.
fn paginated<T: Serialize>(
    locale: Locale,
    page_size: usize,
    base: &str,
    template: &'static str,
    title: &str,
    description: &str,
    items: &[T],
) -> Vec<PageJob> {
    let total = items.len().div_ceil(page_size).max(1);
    (1..=total)
        .map(|number| {
            let start = (number - 1) * page_size;
            let chunk = &items[start.min(items.len())..(start + page_size).min(items.len())];
            let pagination = (total > 1).then(|| Pagination {
                current: number,
                total,
                prev: (number > 1).then(|| page_path(base, number - 1)),
                next: (number < total).then(|| page_path(base, number + 1)),
                pages: (1..=total)
                    .map(|n| PageLink {
                        number: n,
                        path: page_path(base, n),
                    })
                    .collect(),
            });
            let page_title = if number == 1 {
                title.to_string()
            } else {
                texts::nth_page_title(locale, title, number)
            };
            PageJob::new(page_path(base, number), template, page_title, description)
                .with("items", chunk)
                .with("pagination", &pagination)
        })
        .collect()
}

fn disclosed_text(value: &public::Disclosed<String>) -> &str {
    value.shown().map_or("", String::as_str)
}

/// Themes as a call for proposals: open ones first by nearest deadline, then upcoming by
/// opening date, then closed ones, latest first.
pub fn themes_in_call_order(themes: &[public::Theme]) -> Vec<&public::Theme> {
    let mut ordered: Vec<&public::Theme> = themes.iter().collect();
    ordered.sort_by(|a, b| {
        let rank = |t: &public::Theme| match t.status {
            ThemeStatus::Open => 0,
            ThemeStatus::Upcoming => 1,
            ThemeStatus::Closed => 2,
        };
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match a.status {
                ThemeStatus::Open => a.deadline.cmp(&b.deadline),
                ThemeStatus::Upcoming => a.open_from.cmp(&b.open_from),
                ThemeStatus::Closed => b.deadline.cmp(&a.deadline),
            })
            .then(a.id.cmp(&b.id))
    });
    ordered
}

/// The pages of the records themselves: home, lists, details, indexes, free pages, 404.
pub fn site_pages(site: &public::Site, locale: Locale) -> Vec<PageJob> {
    let mut jobs = Vec::new();
    let ordered_themes = themes_in_call_order(&site.themes);
    let open_themes: Vec<_> = ordered_themes
        .iter()
        .filter(|t| t.status == ThemeStatus::Open)
        .collect();
    let home_themes = &open_themes[..open_themes.len().min(HOME_OPEN_THEMES)];
    let latest: Vec<_> = site.partnerships.iter().take(6).collect();
    #[derive(Serialize)]
    struct Counts {
        partnerships: usize,
        themes_open: usize,
        proposals: usize,
        soundings: usize,
    }
    let counts = Counts {
        partnerships: site.partnerships.len(),
        themes_open: open_themes.len(),
        proposals: site.totals.proposals_received,
        soundings: site.soundings.len(),
    };
    let description = site
        .info
        .description
        .clone()
        .unwrap_or_else(|| texts::home_description(locale, &site.info.municipality.name));
    jobs.push(
        PageJob::new("", "index.html", site.info.title.clone(), description)
            .with("open_themes", home_themes)
            .with("latest_partnerships", &latest)
            .with("counts", &counts)
            .with("intro_page", &site.pages.iter().find(|p| p.id == "about")),
    );

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "partnerships/",
        "partnership_list.html",
        texts::PARTNERSHIPS.title(locale),
        texts::PARTNERSHIPS.description(locale),
        &site.partnerships,
    ));
    let changes = crate::history::changes(site);
    let histories = crate::history::by_path(&changes);
    let index_feeds: HashMap<&str, String> = crate::history::index_feeds(site, &changes)
        .iter()
        .map(|feed| (feed.page, feed.path()))
        .collect();
    let with_history = |job: PageJob| match histories.get(job.path.as_str()) {
        Some(history) => job.with("history", history),
        None => job,
    };
    jobs.extend(
        site.partnerships
            .iter()
            .map(partnership_page)
            .map(with_history),
    );

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "themes/",
        "theme_list.html",
        texts::THEMES.title(locale),
        texts::THEMES.description(locale),
        &ordered_themes,
    ));
    jobs.extend(site.themes.iter().map(theme_page).map(with_history));

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "proposals/",
        "proposal_list.html",
        texts::PROPOSALS.title(locale),
        texts::PROPOSALS.description(locale),
        &site.proposals,
    ));
    jobs.extend(site.proposals.iter().map(proposal_page).map(with_history));

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "soundings/",
        "sounding_list.html",
        texts::SOUNDINGS.title(locale),
        texts::SOUNDINGS.description(locale),
        &site.soundings,
    ));
    jobs.extend(site.soundings.iter().map(sounding_page).map(with_history));

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "partners/",
        "partner_list.html",
        texts::PARTNERS.title(locale),
        texts::PARTNERS.description(locale),
        &site.partners,
    ));
    for p in &site.partners {
        let header = IndexHeader {
            name: &p.name,
            untranslated: p.untranslated,
            path: &p.path,
            kind: Some(p.kind),
            corporate_number: p.corporate_number.as_deref(),
            url: p.url.as_deref(),
        };
        let description = texts::partner_description(locale, &p.name);
        let feed = index_feeds.get(p.path.as_str());
        jobs.extend(
            index_pages(locale, &header, "partner.html", &description, &p.records)
                .into_iter()
                .map(|job| job.with("record_feed", &feed)),
        );
    }

    jobs.extend(paginated(
        locale,
        PAGE_SIZE,
        "departments/",
        "department_list.html",
        texts::DEPARTMENTS.title(locale),
        texts::DEPARTMENTS.description(locale),
        &site.departments,
    ));
    for d in &site.departments {
        let header = IndexHeader {
            name: &d.name,
            untranslated: site.info.lang != Lang::Ja,
            path: &d.path,
            kind: None,
            corporate_number: None,
            url: None,
        };
        let description = texts::department_description(locale, &d.name);
        let feed = index_feeds.get(d.path.as_str());
        jobs.extend(
            index_pages(locale, &header, "department.html", &description, &d.records)
                .into_iter()
                .map(|job| job.with("record_feed", &feed)),
        );
    }

    jobs.extend(site.pages.iter().map(|p| {
        let description = p
            .description
            .clone()
            .unwrap_or_else(|| markdown::excerpt(&p.body, 120));
        PageJob::new(p.path.clone(), "page.html", p.title.clone(), description).with("item", p)
    }));
    jobs.push(PageJob::new(
        "404.html",
        "404.html",
        texts::NOT_FOUND.title(locale),
        texts::NOT_FOUND.description(locale),
    ));
    jobs
}

/// Record links per page of a partner's or department's pages: a department of a national
/// aggregation can have thousands of records (600 KB on one page at 50k partnerships).
pub const INDEX_PAGE_SIZE: usize = 200;

/// What the pages of a partner or department say about it; its records come a page at a
/// time (`items`), with their number (`record_count`).
#[derive(Serialize)]
struct IndexHeader<'a> {
    name: &'a str,
    /// The name is shown in Japanese on a page in another language.
    untranslated: bool,
    path: &'a str,
    kind: Option<kanmin_public::vocab::OrganisationKind>,
    corporate_number: Option<&'a str>,
    url: Option<&'a str>,
}

fn index_pages(
    locale: Locale,
    header: &IndexHeader,
    template: &'static str,
    description: &str,
    records: &[public::RecordLink],
) -> Vec<PageJob> {
    paginated(
        locale,
        INDEX_PAGE_SIZE,
        header.path,
        template,
        header.name,
        description,
        records,
    )
    .into_iter()
    .map(|job| {
        job.with("item", header)
            .with("record_count", &records.len())
    })
    .collect()
}

/// The page of one record, by its folder under `content/` and its id: what `kanmin serve`
/// shows first after an edit. `None` when the record has no page (it is withheld).
pub fn record_page(site: &public::Site, folder: &str, id: &str) -> Option<PageJob> {
    match folder {
        "partnerships" => site
            .partnerships
            .iter()
            .find(|p| p.id == id)
            .map(partnership_page),
        "themes" => site.themes.iter().find(|t| t.id == id).map(theme_page),
        "proposals" => site
            .proposals
            .iter()
            .find(|p| p.id == id)
            .map(proposal_page),
        "soundings" => site
            .soundings
            .iter()
            .find(|s| s.id == id)
            .map(sounding_page),
        _ => None,
    }
}

fn partnership_page(p: &public::Partnership) -> PageJob {
    PageJob::new(
        p.path.clone(),
        "partnership.html",
        p.title.clone(),
        markdown::excerpt(disclosed_text(&p.summary), 120),
    )
    .with("item", p)
}

fn theme_page(t: &public::Theme) -> PageJob {
    PageJob::new(
        t.path.clone(),
        "theme.html",
        t.title.clone(),
        markdown::excerpt(&t.summary, 120),
    )
    .with("item", t)
}

fn proposal_page(p: &public::Proposal) -> PageJob {
    let title = p.display_title.clone();
    PageJob::new(
        p.path.clone(),
        "proposal.html",
        title,
        markdown::excerpt(disclosed_text(&p.summary), 120),
    )
    .with("item", p)
}

fn sounding_page(s: &public::Sounding) -> PageJob {
    PageJob::new(
        s.path.clone(),
        "sounding.html",
        s.title.clone(),
        markdown::excerpt(disclosed_text(&s.summary), 120),
    )
    .with("item", s)
}

/// The same page in one of the site's languages: for `hreflang` links and the switcher.
#[derive(Serialize)]
struct Alternate {
    lang: &'static str,
    name: &'static str,
    url: String,
    /// Relative to the page (absolute for the 404 page, as its other links are).
    href: String,
    current: bool,
}

/// How many `../` lead from a page at `path` (`a/b/`) back to the site root.
fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Failed pages that took less are rendered again from the templates as written (see
/// `render_reporting`). Far above what a failing page takes (a template error fails at once;
/// the range limit is reached in about a second in a debug build), so that a loaded machine
/// still gets the author's line, and far below the page's 30 s, which is not paid twice.
const AS_WRITTEN_RERUN: std::time::Duration = std::time::Duration::from_secs(10);

/// Room for most pages (about 9 KB on the 10k corpus), so rendering seldom grows the buffer.
const PAGE_CAPACITY: usize = 16 * 1024;

/// Renders every page with `tera`, an engine built from `theme`; all template errors are
/// reported together, at their lines in the templates as written.
pub fn render(
    site: &public::Site,
    tera: &Tera,
    theme: &SiteTheme,
    jobs: Vec<PageJob>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    render_reporting(site, tera, theme, jobs, None)
}

/// `render`, telling `progress` how many pages are done now and then.
pub fn render_reporting(
    site: &public::Site,
    tera: &Tera,
    theme: &SiteTheme,
    jobs: Vec<PageJob>,
    progress: Option<&dyn crate::Progress>,
) -> Result<Vec<OutputFile>, Diagnostics> {
    let total = jobs.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    // Built on the first error only: rendering errors point into the minified templates,
    // and rendering the page again from the templates as written tells where the author's
    // line is.
    let as_written = std::sync::OnceLock::new();
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .into_par_iter()
        .map(|mut job| {
            if let Some(progress) = progress {
                let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if finished.is_multiple_of(64) || finished == total {
                    progress.items(finished, total);
                }
            }
            // A page named as a file (404.html) is served at any depth, so its links start
            // from the site's absolute path. `root` leads to the page's language's root
            // (`en/`), `site_root` to the site's, where the files all languages share are.
            let lang = site.info.lang;
            let file_path = file_path(site, &job.path);
            let (root, site_root) = if job.path.ends_with(".html") {
                (site.info.base_path.clone(), site.info.root_path.clone())
            } else {
                let site_root = root_prefix(&format!("{}{}", lang.prefix(), job.path));
                (root_prefix(&job.path), site_root)
            };
            let alternates: Vec<Alternate> = Lang::ALL
                .iter()
                .map(|&other| Alternate {
                    lang: other.code(),
                    name: other.name(),
                    url: format!("{}{}{}", site.info.root_url, other.prefix(), job.path),
                    href: format!("{site_root}{}{}", other.prefix(), job.path),
                    current: other == lang,
                })
                .collect();
            job.context.insert("root", &root);
            job.context.insert("site_root", &site_root);
            job.context.insert("alternates", &alternates);
            job.context.insert("path", &job.path);
            job.context
                .insert("canonical", &format!("{}{}", site.info.base_url, job.path));
            job.context.insert("page_title", &job.title);
            job.context.insert("description", &job.description);
            // Rendered as bytes: `render` would check the UTF-8 of every page, which tera writes
            // from strings (the leak scan checks it again).
            let mut html = Vec::with_capacity(PAGE_CAPACITY);
            let page = budget::Page::start(job.template, &file_path);
            let rendered = tera.render_to(
                job.template,
                &job.context,
                budget::PageWriter::new(&mut html),
            );
            let failed_after = page.elapsed();
            let why = rendered.err().map(|err| match page.exceeded() {
                Some(limit) => limit,
                // A page that failed soon fails as soon again; one that ran long is not run twice.
                None if failed_after < AS_WRITTEN_RERUN => {
                    drop(page);
                    let engine = as_written.get_or_init(|| engine_as_written(theme, site).ok());
                    let again = engine.as_ref().and_then(|engine| {
                        let _page = budget::Page::start(job.template, &file_path);
                        engine
                            .render_to(
                                job.template,
                                &job.context,
                                budget::PageWriter::new(&mut Vec::new()),
                            )
                            .err()
                    });
                    again.unwrap_or(err).to_string()
                }
                None => err.to_string(),
            });
            if let Some(why) = why {
                return Err(Diagnostic::template(
                    theme.describe(),
                    Some(job.template),
                    kanmin_messages::t!(
                        "template-rendering",
                        file = file_path.as_str(),
                        reason = why
                    ),
                ));
            }
            // The page is kept until the site is written.
            html.shrink_to_fit();
            Ok(OutputFile::new(file_path, html))
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut files = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    diagnostics.into_result(files)
}

#[cfg(test)]
mod tests {
    use super::root_prefix;

    #[test]
    fn root_prefix_counts_depth() {
        assert_eq!(root_prefix(""), "");
        assert_eq!(root_prefix("partnerships/"), "../");
        assert_eq!(root_prefix("partnerships/page/2/"), "../../../");
    }
}
