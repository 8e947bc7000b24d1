//! The `kanmin` command: parses flags, runs the library's pipeline, prints results.

use std::alloc::{GlobalAlloc, Layout};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use kanmin::intake;
use kanmin::messages::{self, Lang};
use kanmin::output::{Replace, WriteError};
use kanmin::render::budget;
use kanmin::report::Reporter;
use kanmin::BuildError;

/// The content (records, `site.yaml`, the theme) has errors: the person who wrote it fixes it.
const CONTENT_ERRORS: u8 = 1;
/// Usage, environment or I/O: bad flags, `SOURCE_DATE_EPOCH`, an output folder refused or not
/// writable, a port taken. The content may be fine.
const ENVIRONMENT_ERRORS: u8 = 2;

const EXIT_STATUS_HELP: &str = "Exit status: 0 success; 1 the content (records, site.yaml, theme) has errors; \
2 usage, environment or I/O error (flags, SOURCE_DATE_EPOCH, an output folder refused or not writable, a port in use).";

#[cfg(all(feature = "jemalloc", target_arch = "x86_64", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: Counting<tikv_jemallocator::Jemalloc> = Counting(tikv_jemallocator::Jemalloc);

#[cfg(not(all(feature = "jemalloc", target_arch = "x86_64", not(target_env = "msvc"))))]
#[global_allocator]
static ALLOCATOR: Counting<std::alloc::System> = Counting(std::alloc::System);

/// Tells the memory limit of page rendering (`kanmin::render::budget`) what each thread
/// allocates: a template growing a value without bound is stopped with a message naming it
/// instead of aborting when an allocation fails.
struct Counting<A>(A);

// SAFETY: every call is passed on to the inner allocator unchanged; the counting reads and
// writes thread-local cells only.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        budget::allocating(layout.size());
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        budget::allocating(layout.size());
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        budget::freeing(layout.size());
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        budget::allocating(new_size);
        budget::freeing(layout.size());
        unsafe { self.0.realloc(ptr, layout, new_size) }
    }
}

/// `println!` that ends quietly when the reader has gone (`kanmin check | head -1`): the rest
/// of the output is not wanted, and a panic would say nothing useful.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// `eprintln!`, likewise.
macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

#[derive(Parser)]
#[command(name = "kanmin", version, about = "Builds a public-private partnership transparency site from YAML records", after_help = EXIT_STATUS_HELP)]
struct Cli {
    /// Language of messages: ja (default) or en; also KANMIN_LANG.
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::parse(text).ok_or_else(|| format!("`{text}` is not a language kanmin speaks (ja, en)"))
}

#[derive(Subcommand)]
enum Command {
    /// Build the site from DIR/content into DIR/public (or --output).
    Build {
        /// Project folder holding content/ (and optionally themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace the output folder even when kanmin did not write it (it has no
        /// .kanmin-output file). The content, themes and project folders are never replaced.
        #[arg(long)]
        force: bool,
        /// Print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Preview the site on http://127.0.0.1:PORT/, rebuilding and reloading on every change;
    /// writes nothing to disk.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1; 0 picks a free one.
        #[arg(long, default_value_t = 8080)]
        port: u16,
    },
    /// Validate everything and list what is withheld and why; writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write a workbook to fill in, one row per record of KIND (partnerships, themes,
    /// proposals, soundings), with drop-down lists and a sheet explaining every column.
    Template {
        kind: String,
        /// The .xlsx file to write.
        file: PathBuf,
    },
    /// Import records of KIND from workbooks (xlsx, xls, ods) or CSV files: one YAML file per
    /// row under ROOT/content/KIND/. Nothing is written if any row has a problem.
    Import {
        kind: String,
        /// One workbook, or CSV files (the record sheet and its list sheets).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Rewrite existing records, changing only the fields whose values differ.
        #[arg(long)]
        update: bool,
    },
    /// Write ROOT/content/KIND/ID.yaml: every field of KIND, commented.
    New {
        kind: String,
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Write the JSON Schemas of the content files into DIR, for editors with
    /// yaml-language-server.
    Schema { dir: PathBuf },
}

/// The record kind a command names, or the message saying which exist.
fn record_kind(name: &str) -> Result<kanmin::public::RecordKind, String> {
    intake::fields::kind_named(name).ok_or_else(|| {
        kanmin::t!(
            "unknown-kind",
            kind = name.to_string(),
            kinds = intake::fields::KINDS
                .iter()
                .map(|k| k.folder())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Ward staff read Japanese unless they ask for English.
    messages::choose(
        cli.lang
            .or_else(messages::from_environment)
            .unwrap_or(Lang::Ja),
    );
    let build_date = match kanmin::build_date() {
        Ok(date) => date,
        Err(diagnostics) => return fail(&diagnostics.to_string(), ENVIRONMENT_ERRORS),
    };
    match cli.command {
        Command::Build {
            root,
            output,
            force,
            verbose,
        } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let started = Instant::now();
            budget::watch();
            let bar = progress_bar();
            let timings = match &bar {
                Some(bar) => kanmin::Timings::with_progress(Arc::new(bar.clone())),
                None => kanmin::Timings::default(),
            };
            let replace = if force {
                Replace::AnyFolder
            } else {
                Replace::KanminOutput
            };
            let result = kanmin::build_with(&root, &output, replace, build_date, timings);
            if let Some(bar) = bar {
                bar.0.finish_and_clear();
            }
            match result {
                Ok(report) => {
                    for warning in &report.warnings {
                        err!("{}", kanmin::t!("warning", warning = warning.to_string()));
                    }
                    if verbose {
                        for (stage, duration) in &report.timings.0 {
                            err!(
                                "{:>10.1} ms  {}",
                                duration.as_secs_f64() * 1000.0,
                                stage_label(stage)
                            );
                        }
                    }
                    out!(
                        "{}",
                        kanmin::t!(
                            "build-done",
                            pages = report.pages,
                            files = report.files,
                            megabytes = format!("{:.1}", report.bytes as f64 / 1_000_000.0),
                            output = output.display().to_string(),
                            seconds = format!("{:.2}", started.elapsed().as_secs_f64()),
                            date = build_date.iso(),
                            records = report.withheld_records,
                            fields = report.withheld_fields
                        )
                    );
                    for (folder, err) in &report.not_removed {
                        err!(
                            "{}",
                            kanmin::t!(
                                "build-not-removed",
                                folder = folder.display().to_string(),
                                reason = err.to_string()
                            )
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diagnostics)) => {
                    let mut reporter = Reporter::new(&root, std::io::stderr().is_terminal());
                    let summary = diagnostics.summary(BUILD_ERROR_LINES, |d| reporter.show(d));
                    let unchanged = kanmin::t!(
                        "build-failed-unchanged",
                        output = output.display().to_string()
                    );
                    fail(&format!("{summary}\n{unchanged}"), CONTENT_ERRORS)
                }
                Err(BuildError::Write(err)) => {
                    let outcome = match &err {
                        WriteError::Refused { .. } => kanmin::t!("build-nothing-written"),
                        err if err.output_unchanged() => kanmin::t!(
                            "build-failed-unchanged",
                            output = output.display().to_string()
                        ),
                        _ => kanmin::t!("build-failed"),
                    };
                    fail(&format!("{err}\n{outcome}"), ENVIRONMENT_ERRORS)
                }
            }
        }
        Command::Serve { root, port } => {
            let served = kanmin::serve::serve(&root, port, build_date, |url| {
                // Scripts and tests read the address from this line: the URL comes last.
                out!("{}", kanmin::t!("serve-serving", url = url));
                err!(
                    "{}",
                    kanmin::t!(
                        "serve-watching",
                        content = root.join("content").display().to_string(),
                        themes = root.join("themes").display().to_string()
                    )
                );
            });
            match served {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => fail(&err.to_string(), ENVIRONMENT_ERRORS),
            }
        }
        Command::Check { root } => match kanmin::check(&root, build_date) {
            Ok(checked) => {
                let withheld = &checked.withheld;
                out!("{}", kanmin::t!("check-valid", date = build_date.iso()));
                out!(
                    "{}",
                    kanmin::t!("check-withheld-records", count = withheld.records.len())
                );
                for (kind, id, reason) in &withheld.records {
                    out!("  {kind} {id}: {reason}");
                }
                out!(
                    "{}",
                    kanmin::t!("check-protected-fields", count = withheld.fields.len())
                );
                for (kind, id, field) in &withheld.fields {
                    out!("  {kind} {id}: {field}");
                }
                out!(
                    "{}",
                    kanmin::t!("check-internal-notes", count = withheld.internal.len())
                );
                for (kind, id) in &withheld.internal {
                    out!("  {kind} {id}");
                }
                out!(
                    "{}",
                    kanmin::t!("check-also-public", count = withheld.also_public.len())
                );
                for (kind, id, entry) in &withheld.also_public {
                    out!("  {kind} {id}: 「{entry}」");
                }
                let soon: Vec<_> = withheld
                    .ending
                    .iter()
                    .filter(|(_, _, until)| build_date.days_until(*until) <= 30)
                    .collect();
                out!("{}", kanmin::t!("check-ending-soon", count = soon.len()));
                for (kind, id, until) in soon {
                    let ending = kanmin::t!(
                        "check-ending",
                        date = until.iso(),
                        days = build_date.days_until(*until)
                    );
                    out!("  {kind} {id}: {ending}");
                }
                for warning in &checked.warnings {
                    err!("{}", kanmin::t!("warning", warning = warning.to_string()));
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                let mut reporter = Reporter::new(&root, std::io::stderr().is_terminal());
                fail(
                    &diagnostics.summary(usize::MAX, |d| reporter.show(d)),
                    CONTENT_ERRORS,
                )
            }
        },
        Command::Template { kind, file } => {
            let kind = match record_kind(&kind) {
                Ok(kind) => kind,
                Err(message) => return fail(&message, ENVIRONMENT_ERRORS),
            };
            let bytes = match intake::template::workbook(&intake::fields::form(kind)) {
                Ok(bytes) => bytes,
                Err(err) => return fail(&err.to_string(), ENVIRONMENT_ERRORS),
            };
            if let Err(err) = std::fs::write(&file, bytes) {
                let message = kanmin::t!(
                    "import-write-failed",
                    file = file.display().to_string(),
                    reason = err.to_string()
                );
                return fail(&message, ENVIRONMENT_ERRORS);
            }
            out!(
                "{}",
                kanmin::t!(
                    "template-written",
                    file = file.display().to_string(),
                    kind = kanmin::render::opendata::schema::dataset_title(kind)
                )
            );
            ExitCode::SUCCESS
        }
        Command::Import {
            kind,
            files,
            root,
            update,
        } => {
            let kind = match record_kind(&kind) {
                Ok(kind) => kind,
                Err(message) => return fail(&message, ENVIRONMENT_ERRORS),
            };
            match intake::import::import(&root, kind, &files, update, build_date) {
                Ok(imported) => {
                    schemas_for_editors(&root);
                    out!(
                        "{}",
                        kanmin::t!(
                            "import-done",
                            created = imported.created.len(),
                            updated = imported.updated.len(),
                            unchanged = imported.unchanged.len(),
                            folder = root
                                .join("content")
                                .join(kind.folder())
                                .display()
                                .to_string()
                        )
                    );
                    ExitCode::SUCCESS
                }
                Err(problems) => {
                    for problem in &problems {
                        err!("{problem}");
                    }
                    fail(
                        &kanmin::t!("import-failed", count = problems.len()),
                        CONTENT_ERRORS,
                    )
                }
            }
        }
        Command::New { kind, id, root } => {
            let kind = match record_kind(&kind) {
                Ok(kind) => kind,
                Err(message) => return fail(&message, ENVIRONMENT_ERRORS),
            };
            match intake::new_record(&root, kind, &id, build_date) {
                Ok(path) => {
                    schemas_for_editors(&root);
                    out!(
                        "{}",
                        kanmin::t!("new-written", file = path.display().to_string())
                    );
                    ExitCode::SUCCESS
                }
                Err(message) => fail(&message, CONTENT_ERRORS),
            }
        }
        Command::Schema { dir } => match intake::schema::write_into(&dir) {
            Ok(count) => {
                out!(
                    "{}",
                    kanmin::t!(
                        "schema-written",
                        dir = dir.display().to_string(),
                        count = count
                    )
                );
                ExitCode::SUCCESS
            }
            Err(err) => fail(
                &kanmin::t!(
                    "import-write-failed",
                    file = dir.display().to_string(),
                    reason = err.to_string()
                ),
                ENVIRONMENT_ERRORS,
            ),
        },
    }
}

/// A progress bar on an interactive terminal; none in CI logs and pipes.
#[derive(Clone)]
struct Bar(indicatif::ProgressBar);

fn progress_bar() -> Option<Bar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} [{elapsed}] {msg:24} {wide_bar} {pos}/{len}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(Bar(bar))
}

/// A stage of the build as the progress bar and `--verbose` name it.
fn stage_label(stage: &str) -> String {
    match stage {
        "load" => kanmin::t!("stage-load"),
        "validate" => kanmin::t!("stage-validate"),
        "disclose" => kanmin::t!("stage-disclose"),
        kanmin::HISTORY_STAGE => kanmin::t!("stage-history"),
        "leak scan of the content" => kanmin::t!("stage-scan-content"),
        "leak scanner" => kanmin::t!("stage-scanner"),
        "templates" => kanmin::t!("stage-templates"),
        "languages" => kanmin::t!("stage-languages"),
        "statistics, structured data" => kanmin::t!("stage-statistics"),
        "open data, search index" => kanmin::t!("stage-indexes"),
        "render html" => kanmin::t!("stage-html"),
        "feeds, calendar, sitemap" => kanmin::t!("stage-feeds"),
        "leak scan, link check" => kanmin::t!("stage-verify"),
        "write" => kanmin::t!("stage-write"),
        _ => stage.to_string(),
    }
}

impl kanmin::Progress for Bar {
    fn stage(&self, name: &'static str) {
        self.0.set_message(stage_label(name));
        self.0.set_length(0);
        self.0.set_position(0);
    }

    fn items(&self, done: usize, total: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(done as u64);
    }
}

/// The schemas the `$schema` line of a written record names, put where it looks; a note when
/// they were missing or old.
fn schemas_for_editors(root: &std::path::Path) {
    let dir = root.join(intake::schema::SCHEMA_DIR);
    match intake::ensure_schemas(root) {
        Ok(0) => {}
        Ok(count) => err!(
            "{}",
            kanmin::t!(
                "import-schemas-written",
                dir = dir.display().to_string(),
                count = count
            )
        ),
        Err(err) => err!(
            "{}",
            kanmin::t!(
                "import-write-failed",
                file = dir.display().to_string(),
                reason = err.to_string()
            )
        ),
    }
}

/// Errors a failed build prints before the summary line; `kanmin check` prints them all.
const BUILD_ERROR_LINES: usize = 50;

fn fail(message: &str, status: u8) -> ExitCode {
    err!("{message}");
    ExitCode::from(status)
}
