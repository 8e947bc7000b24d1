//! Limits on rendering one page, so a theme template that loops without end or grows a value
//! without bound ends the build with a message naming the template, instead of running for
//! ever or aborting on a failed allocation.
//!
//! tera 2 has no limit of its own besides 100,000 elements per `range()` call, and cannot be
//! interrupted from outside. What kanmin bounds:
//! - `range()` steps: kanmin's `range` charges each element to the page, so nested loops over
//!   ranges fail with tera's error at the template and line of the call (`MAX_RANGE_STEPS`).
//! - output: the page's writer refuses bytes beyond `MAX_PAGE_BYTES`, and refuses to go on
//!   writing (as `range` does) once the page has taken `PAGE_TIME`.
//! - memory and time of loops that neither call `range` nor write (a string doubled by
//!   `set_global` in a loop, nested loops over data): the `kanmin` binary's allocator reports
//!   what a page's thread allocates (`allocating`, `freeing`), and `kanmin build` runs a
//!   watchdog (`watch`). Past `MAX_PAGE_MEMORY` or `PAGE_TIME` they print the page and
//!   template and end the process: nothing has been written at that point of a build.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tera::{Kwargs, State};

/// Elements all `range()` calls of one page may produce together: far more than a theme's
/// pagination or column loops need, and a fraction of a second of looping.
pub const MAX_RANGE_STEPS: u64 = 1_000_000;
/// Bytes of one rendered page: fifteen times the page of a 10 MB record (16.6 MB).
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;
/// Bytes one page's rendering may allocate beyond what it frees.
pub const MAX_PAGE_MEMORY: usize = 1024 * 1024 * 1024;
/// Time one page may take: pages take milliseconds, the page of a 10 MB record one second
/// (ten in a debug build).
pub const PAGE_TIME: Duration = Duration::from_secs(30);

thread_local! {
    /// The page this thread renders: its description (`path (template name)`), start and
    /// the `range()` steps it took. Empty while the thread renders nothing.
    static PAGE: RefCell<Option<(String, Instant, u64)>> = const { RefCell::new(None) };
    /// Bytes allocated minus bytes freed by this thread since its page started, while
    /// `COUNTING`; read by the allocator, so plain cells without destructors.
    static HELD: Cell<isize> = const { Cell::new(0) };
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    /// Which limit the page's writer hit, for the error message (tera keeps only the kind
    /// of a writer's error).
    static EXCEEDED: Cell<Option<Limit>> = const { Cell::new(None) };
}

#[derive(Debug, Clone, Copy)]
enum Limit {
    Bytes,
    Time,
}

/// Pages being rendered, by a number per page, with their start: what the watchdog reads.
static RUNNING: Mutex<BTreeMap<u64, (Instant, String)>> = Mutex::new(BTreeMap::new());
static NEXT_PAGE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// One page's rendering on this thread, from `start` until dropped.
pub struct Page {
    number: u64,
}

impl Page {
    pub fn start(template: &str, path: &str) -> Page {
        let described = format!("{path} (template {template})");
        let number = NEXT_PAGE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let now = Instant::now();
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(number, (now, described.clone()));
        PAGE.with_borrow_mut(|page| *page = Some((described, now, 0)));
        EXCEEDED.set(None);
        HELD.set(0);
        COUNTING.set(true);
        Page { number }
    }

    /// How long the page has been rendering.
    pub fn elapsed(&self) -> Duration {
        page_elapsed()
    }

    /// Why the page's writer gave up, when it did.
    pub fn exceeded(&self) -> Option<String> {
        EXCEEDED.get().map(|limit| match limit {
            Limit::Bytes => {
                kanmin_messages::t!("budget-page-bytes", megabytes = MAX_PAGE_BYTES >> 20)
            }
            Limit::Time => kanmin_messages::t!("budget-page-time", seconds = PAGE_TIME.as_secs()),
        })
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        COUNTING.set(false);
        PAGE.with_borrow_mut(|page| *page = None);
        RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.number);
    }
}

fn page_elapsed() -> Duration {
    PAGE.with_borrow(|page| {
        page.as_ref()
            .map_or(Duration::ZERO, |(_, start, _)| start.elapsed())
    })
}

/// tera's `range(start=0, end, step_by=1)`, charging its elements to the current page.
pub fn range(kwargs: Kwargs, _: &State) -> tera::TeraResult<Vec<i64>> {
    let start: i64 = kwargs.get("start")?.unwrap_or_default();
    let end: i64 = kwargs.must_get("end")?;
    let step: i64 = kwargs.get("step_by")?.unwrap_or(1);
    if step == 0 {
        return Err(tera::Error::message(
            "`range` was called with a `step_by` of 0",
        ));
    }
    if start > end && step > 0 {
        return Err(tera::Error::message(
            "`range` was called with a `start` greater than its `end`",
        ));
    }
    let span = if step > 0 {
        i128::from(end) - i128::from(start)
    } else {
        i128::from(start) - i128::from(end)
    };
    let len = if span <= 0 {
        0
    } else {
        (span + i128::from(step.unsigned_abs()) - 1) / i128::from(step.unsigned_abs())
    };
    let len_steps = u64::try_from(len).unwrap_or(u64::MAX);
    // Outside a page (no rendering of kanmin's does that) the call is its own budget.
    let taken = PAGE.with_borrow_mut(|page| match page {
        Some((_, _, steps)) => {
            *steps = steps.saturating_add(len_steps);
            *steps
        }
        None => len_steps,
    });
    if taken > MAX_RANGE_STEPS {
        return Err(tera::Error::message(format!(
            "the page's `range` calls would produce more than {MAX_RANGE_STEPS} elements together; \
             a template loops far more than any page needs"
        )));
    }
    if page_elapsed() > PAGE_TIME {
        return Err(tera::Error::message(format!(
            "the page took more than {} s to render",
            PAGE_TIME.as_secs()
        )));
    }
    Ok((0..len as i64).map(|i| start + i * step).collect())
}

/// Where a page is rendered to: refuses bytes beyond `MAX_PAGE_BYTES` and, now and then,
/// checks the page's time.
pub struct PageWriter<'a> {
    out: &'a mut Vec<u8>,
    writes: u32,
}

impl<'a> PageWriter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        PageWriter { out, writes: 0 }
    }

    fn refuse(limit: Limit) -> io::Result<usize> {
        EXCEEDED.set(Some(limit));
        Err(io::Error::other(format!("{limit:?} limit of the page")))
    }
}

impl Write for PageWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.out.len() + bytes.len() > MAX_PAGE_BYTES {
            return Self::refuse(Limit::Bytes);
        }
        self.writes = self.writes.wrapping_add(1);
        if self.writes.is_multiple_of(4096) && page_elapsed() > PAGE_TIME {
            return Self::refuse(Limit::Time);
        }
        self.out.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// For the binary's allocator: `bytes` were allocated on this thread.
pub fn allocating(bytes: usize) {
    if !COUNTING.try_with(Cell::get).unwrap_or(false) {
        return;
    }
    let held = HELD.get().saturating_add(bytes as isize);
    HELD.set(held);
    if held > MAX_PAGE_MEMORY as isize {
        // Allocations made while reporting are not counted again.
        COUNTING.set(false);
        let page =
            PAGE.with_borrow(|page| page.as_ref().map(|(described, _, _)| described.clone()));
        give_up(
            page.as_deref().unwrap_or("?"),
            &kanmin_messages::t!("budget-held-memory", megabytes = MAX_PAGE_MEMORY >> 20),
        );
    }
}

/// For the binary's allocator: `bytes` were freed on this thread.
pub fn freeing(bytes: usize) {
    if COUNTING.try_with(Cell::get).unwrap_or(false) {
        HELD.set(HELD.get().saturating_sub(bytes as isize));
    }
}

/// Watches every page being rendered from a thread of its own, for the rest of the process.
pub fn watch() {
    std::thread::spawn(|| loop {
        std::thread::sleep(Duration::from_millis(250));
        let overdue = RUNNING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .find(|(start, _)| start.elapsed() > PAGE_TIME)
            .map(|(_, described)| described.clone());
        if let Some(described) = overdue {
            give_up(
                &described,
                &kanmin_messages::t!("budget-took", seconds = PAGE_TIME.as_secs()),
            );
        }
    });
}

/// Ends the process: the template cannot be stopped any other way, and rendering comes
/// before anything is written, so the output is as it was.
fn give_up(page: &str, what: &str) -> ! {
    let _ = writeln!(
        io::stderr(),
        "{}\n{}",
        kanmin_messages::t!("budget-gave-up", page = page, what = what),
        kanmin_messages::t!("build-nothing-written")
    );
    std::process::exit(1)
}
