//! The build pipeline: load, check, resolve, render in parallel, write atomically.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check;
use crate::diag::{Diagnostics, Sources};
use crate::graph::Graph;
use crate::linkcheck;
use crate::load::{self, Guide};
use crate::output::Output;
use crate::progress::{Progress, Silent};
use crate::render;
use crate::theme::Theme;
use crate::views::RenderConfig;

pub struct BuildConfig {
    pub content: PathBuf,
    pub out: PathBuf,
    /// Overrides `url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Days since 1970-01-01, for freshness warnings.
    pub today: i64,
}

/// What a build or a check found in the guide.
pub struct Checked {
    pub guide: Guide,
    pub sources: Sources,
    pub diags: Diagnostics,
}

pub struct Summary {
    /// Duration of each step, in pipeline order.
    pub steps: Vec<(&'static str, Duration)>,
    pub pages: usize,
    pub records: usize,
    pub warnings: usize,
    pub bytes: u64,
    /// Bytes of the exported search index (`recherche/`).
    pub search_bytes: u64,
    pub duration: Duration,
}

pub enum BuildError {
    /// The guide has errors; nothing was written.
    Content(Box<Checked>),
    /// The guide is fine but the site could not be written (I/O, theme).
    Failed(String),
}

/// Loads and checks the guide at `content`. `Err` only when the folder cannot be read at all.
pub fn check(content: &Path, today: i64) -> std::io::Result<Checked> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let guide = load::load(content, &mut sources, &mut diags)?;
    diags.extend(check::check(&guide, &mut sources, today));
    diags.sort(&sources);
    Ok(Checked { guide, sources, diags })
}

pub fn build(config: &BuildConfig) -> Result<(Summary, Checked), BuildError> {
    build_with_progress(config, &Silent)
}

/// [`build`], telling `progress` of each step and page (a progress bar on a terminal).
pub fn build_with_progress(config: &BuildConfig, progress: &dyn Progress) -> Result<(Summary, Checked), BuildError> {
    let started = Instant::now();
    let mut steps = Steps::start("lecture et vérification", progress);
    let checked = check(&config.content, config.today).map_err(|e| BuildError::Failed(e.to_string()))?;
    if checked.diags.has_errors() {
        return Err(BuildError::Content(Box::new(checked)));
    }
    let guide = &checked.guide;
    steps.next("graphe et thème");
    let graph = Graph::build(guide).ok_or_else(|| BuildError::Failed("le guide n'a pas de région racine".into()))?;
    let theme = Theme::load(guide.theme_dir.as_deref()).map_err(BuildError::Failed)?;
    steps.next("rendu des pages");
    let out = Output::create(&config.out).map_err(|e| BuildError::Failed(e.to_string()))?;
    let base_url = config
        .base_url
        .clone()
        .or_else(|| graph.site.url.clone())
        .map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
    let home_text = guide.pages.iter().find(|p| p.record.id == "index").map(|p| p.body.as_str());
    let render_config = RenderConfig { base_url: base_url.as_deref(), home_text, today: config.today };
    let failed = |e: String| BuildError::Failed(e);
    let rendered = render::render_all(&graph, &theme, &render_config, &out, progress).map_err(failed)?;
    steps.next("index de recherche");
    let search_bytes = write_search(&graph, &out).map_err(failed)?;
    steps.next("fichiers statiques");
    theme.write_assets(&out).map_err(|e| failed(e.to_string()))?;
    copy_statics(guide, &out).map_err(failed)?;
    steps.next("liens internes");
    linkcheck::verify(rendered.links, |file| out.exists(file)).map_err(failed)?;
    steps.next("remplacement");
    let bytes = out.bytes();
    out.commit().map_err(|e| failed(format!("remplacement de {} : {e}", config.out.display())))?;
    let summary = Summary {
        steps: steps.finish(),
        pages: rendered.pages,
        records: guide.record_count(),
        warnings: checked.diags.warning_count(),
        bytes,
        search_bytes,
        duration: started.elapsed(),
    };
    Ok((summary, checked))
}

/// Indexes the guide and writes the search export; returns its size in bytes.
fn write_search(graph: &Graph, out: &Output) -> Result<u64, String> {
    let index = crate::search::index_guide(graph)?;
    let files = crate::search::export::export(&index, graph);
    out.write_files(&files)?;
    Ok(files.iter().map(|(_, bytes)| bytes.len() as u64).sum())
}

/// Times the steps of the pipeline and tells `progress` which one runs.
struct Steps<'p> {
    list: Vec<(&'static str, Duration)>,
    current: &'static str,
    started: Instant,
    progress: &'p dyn Progress,
}

impl<'p> Steps<'p> {
    fn start(name: &'static str, progress: &'p dyn Progress) -> Steps<'p> {
        progress.step(name);
        Steps { list: Vec::new(), current: name, started: Instant::now(), progress }
    }

    /// Ends the current step and starts `name`.
    fn next(&mut self, name: &'static str) {
        self.list.push((self.current, self.started.elapsed()));
        self.progress.step(name);
        self.current = name;
        self.started = Instant::now();
    }

    /// Ends the last step; returns every step with its duration.
    fn finish(mut self) -> Vec<(&'static str, Duration)> {
        self.list.push((self.current, self.started.elapsed()));
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
fn copy_statics(guide: &Guide, out: &Output) -> Result<(), String> {
    for relative in &guide.statics {
        let name = relative.to_string_lossy().replace('\\', "/");
        if out.exists(&name) {
            return Err(format!("static/{name} prendrait la place d'une page générée : renommez-le"));
        }
        out.copy(&name, &guide.root.join("static").join(relative)).map_err(|e| format!("static/{name} : {e}"))?;
    }
    Ok(())
}

/// Today as days since 1970-01-01; `BONNEPORTE_DATE=AAAA-MM-JJ` fixes it (reproducible checks).
pub fn today() -> i64 {
    if let Ok(text) = std::env::var("BONNEPORTE_DATE")
        && let Ok(date) = crate::fields::date(&text)
    {
        return date.days_since_epoch();
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    (now.as_secs() / 86_400) as i64
}
