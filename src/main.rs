//! The `kanmin` command: parses flags, runs the library's pipeline, prints results.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "kanmin", version, about = "Builds a public-private partnership transparency site from YAML records")]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// Print the time each stage took.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Validate everything and list what is withheld and why; writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let build_date = match kanmin::build_date() {
        Ok(date) => date,
        Err(diagnostics) => return fail(&diagnostics.to_string()),
    };
    match cli.command {
        Command::Build { root, output, verbose } => {
            let output = output.unwrap_or_else(|| root.join("public"));
            let started = Instant::now();
            match kanmin::build(&root, &output, build_date) {
                Ok(report) => {
                    if verbose {
                        for (stage, duration) in &report.timings.0 {
                            eprintln!("{:>10.1} ms  {stage}", duration.as_secs_f64() * 1000.0);
                        }
                    }
                    println!(
                        "built {} pages ({} files, {:.1} MB) into {} in {:.2} s; build date {}; withheld {} records and {} fields",
                        report.pages,
                        report.files,
                        report.bytes as f64 / 1_000_000.0,
                        output.display(),
                        started.elapsed().as_secs_f64(),
                        build_date,
                        report.withheld_records,
                        report.withheld_fields,
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => fail(&format!("{err}\nbuild failed; {} was left unchanged", output.display())),
            }
        }
        Command::Check { root } => match kanmin::check(&root, build_date) {
            Ok(checked) => {
                let withheld = &checked.withheld;
                println!("content is valid (build date {build_date})");
                println!("withheld records ({}):", withheld.records.len());
                for (kind, id, reason) in &withheld.records {
                    println!("  {kind} {id}: {reason}");
                }
                println!("protected fields ({}):", withheld.fields.len());
                for (kind, id, field) in &withheld.fields {
                    println!("  {kind} {id}: {field}");
                }
                println!("records with internal notes, never published ({}):", withheld.internal.len());
                for (kind, id) in &withheld.internal {
                    println!("  {kind} {id}");
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => fail(&diagnostics.to_string()),
        },
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{message}");
    ExitCode::FAILURE
}
