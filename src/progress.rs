//! Progress of a long build: a bar on a terminal, nothing anywhere else (pipes, logs, CI).
//!
//! The pipeline only says which step starts and how many pages are done; how that shows is
//! decided here, so that `site` and `render` stay free of display code.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// What the pipeline tells whoever watches it. Every method does nothing by default.
pub trait Progress: Sync {
    /// A step of the pipeline starts.
    fn step(&self, _name: &'static str) {}
    /// The current step has `total` pages to render.
    fn pages(&self, _total: usize) {}
    /// One page is rendered (called from the rendering threads).
    fn page_done(&self) {}
    /// The build is over, or failed: leave the terminal as it was.
    fn finish(&self) {}
}

/// No progress shown: library callers, tests, and any output that is not a terminal.
pub struct Silent;

impl Progress for Silent {}

/// A bar on stderr: the step, then the pages rendered out of the total.
pub struct Bar(ProgressBar);

/// A bar when stderr is a terminal and the build does not run in CI, silence otherwise.
pub fn for_terminal() -> Box<dyn Progress> {
    let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if in_ci || !std::io::stderr().is_terminal() {
        return Box::new(Silent);
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_finish(ProgressFinish::AndClear);
    bar.enable_steady_tick(Duration::from_millis(100));
    Box::new(Bar(bar))
}

impl Progress for Bar {
    fn step(&self, name: &'static str) {
        self.0.set_style(style("{spinner} {msg} ({elapsed})"));
        self.0.set_message(name);
    }

    fn pages(&self, total: usize) {
        self.0.set_style(style("{spinner} {msg} [{bar:30}] {pos}/{len} pages ({elapsed})"));
        self.0.set_length(total as u64);
        self.0.set_position(0);
    }

    fn page_done(&self) {
        self.0.inc(1);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

fn style(template: &str) -> ProgressStyle {
    // The templates above are constants known to parse.
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_spinner()).progress_chars("=> ")
}
