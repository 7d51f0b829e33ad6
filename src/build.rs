//! The build: a valid guide resolved into its site, pages rendered in parallel into a staging
//! folder (each page's links scanned while in memory), exports, assets and `static/` written,
//! the links left verified, then the folder swapped in. A failed build leaves the previous output
//! untouched.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::content::load::Guide;
use crate::linkcheck;
use crate::output::Output;
use crate::progress::{Progress, Silent};
use crate::render;
use crate::render::theme::Theme;
use crate::site::{self, Checked, Error, Options};

pub struct BuildConfig {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Overrides `url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Days since 1970-01-01, for freshness warnings.
    pub today: i64,
}

pub struct Summary {
    /// Each step, in pipeline order.
    pub steps: Vec<Step>,
    pub pages: usize,
    /// Pages kept from the previous output without being rendered: their inputs did not change.
    pub reused: usize,
    /// Whether the search export's files made from the index were kept from the previous output:
    /// the documents changed at most in what results show.
    pub search_reused: bool,
    pub records: usize,
    pub warnings: usize,
    pub bytes: u64,
    /// Bytes of the exported search index (`recherche/`).
    pub search_bytes: u64,
    /// Files of the site, and how many of them the previous output had already, kept as they
    /// were rather than written again.
    pub files: usize,
    pub unchanged: usize,
    pub duration: Duration,
}

pub fn build(config: &BuildConfig) -> Result<(Summary, Checked), Error> {
    build_with_progress(config, &Silent)
}

/// [`build`], telling `progress` of each step and page (a progress bar on a terminal).
pub fn build_with_progress(config: &BuildConfig, progress: &dyn Progress) -> Result<(Summary, Checked), Error> {
    let started = Instant::now();
    let mut steps = Steps::start("lecture et vérification", progress);
    let mut checked = site::check_valid(&config.content, config.today)?;
    checked.guide.forget_positions();
    steps.next("graphe et thème");
    let written = write(&checked, config, &mut steps)?;
    let summary = Summary {
        steps: steps.finish(),
        pages: written.pages,
        reused: written.reused,
        search_reused: written.search_reused,
        records: checked.guide.record_count(),
        warnings: checked.diags.warning_count(),
        bytes: written.bytes,
        search_bytes: written.search_bytes,
        files: written.files,
        unchanged: written.unchanged,
        duration: started.elapsed(),
    };
    Ok((summary, checked))
}

/// The step that runs beside the rendering of the pages.
const SEARCH_STEP: &str = "index de recherche";

/// A step of the pipeline and how long it took.
pub struct Step {
    pub name: &'static str,
    pub duration: Duration,
    /// It ran beside the step before it, not after it: the time of the build is not the sum.
    pub beside: bool,
}

/// What [`write`] wrote.
struct Written {
    pages: usize,
    reused: usize,
    search_reused: bool,
    bytes: u64,
    search_bytes: u64,
    files: usize,
    unchanged: usize,
}

/// Resolves the checked guide and writes its site into `config.out`, step by step.
fn write(checked: &Checked, config: &BuildConfig, steps: &mut Steps) -> Result<Written, Error> {
    let mut site = checked.site(Options { base_url: config.base_url.clone(), today: config.today })?;
    let theme = Theme::load(checked.guide.theme_dir.as_deref()).map_err(Error::Theme)?;
    let keys = render::reuse::Keys::of(&site, &checked.sources, &theme);
    steps.next("rendu des pages");
    let out = Output::create(&config.out).map_err(|e| Error::Io(e.to_string()))?;
    // The search index is built on one thread for the most part (tantivy's writer, the
    // export): built beside the pages, it takes its time off the build's.
    let progress = steps.progress;
    let (rendered, (search, search_time)) = rayon::join(
        || {
            let rendered = render::render_all(&site, &theme, keys.as_ref(), &out, progress);
            progress.step(SEARCH_STEP);
            rendered
        },
        || {
            let started = Instant::now();
            let written = site.write_search(keys.as_ref().map(|k| k.shared()), &out);
            (written, started.elapsed())
        },
    );
    let (rendered, (search_bytes, search_reused)) = (rendered?, search?);
    steps.beside(SEARCH_STEP, search_time);
    site.release_exports();
    steps.next("fichiers statiques");
    theme.write_assets(&out).map_err(|e| Error::Io(e.to_string()))?;
    copy_statics(&checked.guide, &out)?;
    steps.next("liens internes");
    linkcheck::verify(rendered.links, |file| out.exists(file)).map_err(Error::Links)?;
    steps.next("remplacement");
    let (bytes, files, unchanged) = (out.bytes(), out.file_count(), out.kept());
    out.commit().map_err(|e| Error::Io(format!("remplacement de {} : {e}", config.out.display())))?;
    Ok(Written { pages: rendered.pages, reused: rendered.reused, search_reused, bytes, search_bytes, files, unchanged })
}

/// Times the steps of the pipeline and tells `progress` which one runs.
struct Steps<'p> {
    list: Vec<Step>,
    /// Steps that ran beside the current one.
    beside: Vec<Step>,
    current: &'static str,
    started: Instant,
    progress: &'p dyn Progress,
}

impl<'p> Steps<'p> {
    fn start(name: &'static str, progress: &'p dyn Progress) -> Steps<'p> {
        progress.step(name);
        Steps { list: Vec::new(), beside: Vec::new(), current: name, started: Instant::now(), progress }
    }

    /// Ends the current step and starts `name`.
    fn next(&mut self, name: &'static str) {
        self.end_current();
        self.progress.step(name);
        self.current = name;
        self.started = Instant::now();
    }

    /// Records `name`, which ran for `duration` beside the current step (and was told to
    /// `progress` by whoever ran it).
    fn beside(&mut self, name: &'static str, duration: Duration) {
        self.beside.push(Step { name, duration, beside: true });
    }

    /// Ends the current step, and lists after it the steps that ran beside it.
    fn end_current(&mut self) {
        self.list.push(Step { name: self.current, duration: self.started.elapsed(), beside: false });
        self.list.append(&mut self.beside);
    }

    /// Ends the last step; returns every step with its duration.
    fn finish(mut self) -> Vec<Step> {
        self.end_current();
        std::mem::take(&mut self.list)
    }
}

impl Drop for Steps<'_> {
    /// However the build ends (success, content errors, I/O), the progress display goes away
    /// before anything else is printed.
    fn drop(&mut self) {
        self.progress.finish();
    }
}

/// Copies `static/` as it is; a static file may not take the place of a generated page.
fn copy_statics(guide: &Guide, out: &Output) -> Result<(), Error> {
    for relative in &guide.statics {
        let name = relative.to_string_lossy().replace('\\', "/");
        if out.exists(&name) {
            return Err(Error::Io(format!("static/{name} prendrait la place d'une page générée : renommez-le")));
        }
        out.copy(&name, &guide.root.join("static").join(relative))
            .map_err(|e| Error::Io(format!("static/{name} : {e}")))?;
    }
    Ok(())
}
