//! The guide kept in memory for the preview, and what the server answers from it.
//!
//! A change re-reads only the changed files (`load::reload`), then checks the whole guide
//! again and resolves the graph: on a national guide that is a fraction of a build. Pages are
//! rendered when the browser asks for them, never all at once; the wizard's data and the search
//! export are made on the first request that needs them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use self_cell::self_cell;

use crate::content::load::{self, Guide};
use crate::diag::{Diagnostics, Severity, Sources};
use crate::graph::address::{self, Export, Job, job_of};
use crate::render;
use crate::render::theme::{Theme, escape_html};
use crate::site::{Options, Site};

use super::http::{self, Reply};

/// The guide as read, kept between changes.
pub struct Workspace {
    guide: Guide,
    sources: Sources,
    /// Diagnostics of reading the files; a change replaces those of the files it touches.
    read_diags: Diagnostics,
    theme: Result<Theme, String>,
    today: i64,
    /// The URL the preview is served at, for canonical links and the 404 page.
    base_url: String,
}

impl Workspace {
    /// Reads the guide at `root`.
    pub fn load(root: &Path, today: i64, base_url: String) -> std::io::Result<Workspace> {
        let mut sources = Sources::default();
        let mut read_diags = Diagnostics::default();
        let guide = load::load(root, &mut sources, &mut read_diags)?;
        let theme = Theme::load(guide.theme_dir.as_deref());
        Ok(Workspace { guide, sources, read_diags, theme, today, base_url })
    }

    /// Reads the `changed` files again; returns the time it took.
    pub fn apply(&mut self, changed: &[PathBuf]) -> Duration {
        let started = Instant::now();
        if load::reload(&mut self.guide, &mut self.sources, &mut self.read_diags, changed) {
            self.theme = Theme::load(self.guide.theme_dir.as_deref());
        }
        started.elapsed()
    }

    /// Reads the whole guide again (a folder appeared or moved); keeps the previous state if
    /// the guide folder cannot be read at all.
    pub fn reload(&mut self) -> Duration {
        let started = Instant::now();
        if let Ok(workspace) = Workspace::load(&self.guide.root, self.today, self.base_url.clone()) {
            *self = workspace;
        }
        started.elapsed()
    }

    pub fn root(&self) -> &Path {
        &self.guide.root
    }

    /// Checks the guide, then, only if it has no error and the theme loads, resolves its site
    /// (on the synthetic national guide, about 105 then 60 ms of processor time).
    fn resolve(&self) -> Preview<'_> {
        let mut paths = self.sources.paths();
        let mut diags = Diagnostics { items: self.read_diags.items.clone() };
        diags.extend(crate::check::check(&self.guide, &mut paths, self.today));
        diags.sort(&paths);
        let options = Options { base_url: Some(self.base_url.clone()), today: self.today };
        // `Site::resolve` refuses a guide with errors; pages also need the theme.
        let site = self.theme.is_ok().then(|| Site::resolve(&self.guide, &diags, options).ok()).flatten();
        Preview { paths, diags, site }
    }
}

/// What the check of a workspace found, and its site if it has no error.
pub struct Preview<'g> {
    /// The workspace's file paths, with the required files `check` found missing after them.
    paths: Sources,
    diags: Diagnostics,
    site: Option<Site<'g>>,
}

self_cell!(
    /// A workspace and what was resolved from it: replaced as a whole on each change.
    pub struct Snapshot {
        owner: Workspace,
        #[covariant]
        dependent: Preview,
    }
);

impl Snapshot {
    /// Checks and resolves `workspace`; returns the time it took.
    pub fn resolve(workspace: Workspace) -> (Snapshot, Duration) {
        let started = Instant::now();
        let snapshot = Snapshot::new(workspace, |w| w.resolve());
        (snapshot, started.elapsed())
    }

    pub fn error_count(&self) -> usize {
        self.borrow_dependent().diags.error_count() + usize::from(self.borrow_owner().theme.is_err())
    }

    /// The answer to a request for `file` (a safe relative path, `…/index.html` for a folder).
    /// `script` is the reload script's tag, added to every page.
    pub fn answer(&self, file: &str, script: &str) -> Reply {
        let w = self.borrow_owner();
        if let Some(name) = address::asset_name(file)
            && let Ok(theme) = &w.theme
            && let Some(bytes) = theme.asset(name)
        {
            return Reply::file(file, bytes.to_vec());
        }
        let Some(site) = &self.borrow_dependent().site else {
            return Reply::html(500, inject(&error_page(w, self.borrow_dependent()), script));
        };
        if let Some(job) = job_of(&site.graph, file) {
            return self.page(site, &job, 200, script);
        }
        if let Some(bytes) = generated(site, file) {
            return Reply::file(file, bytes);
        }
        if site.graph.statics.contains(file)
            && let Some(bytes) = http::read_inside(&w.guide.root.join("static"), file)
        {
            return Reply::file(file, bytes);
        }
        if job_of(&site.graph, &format!("{file}/index.html")).is_some() {
            return Reply::redirect(&format!("/{file}/"));
        }
        self.page(site, &Job::NotFound, 404, script)
    }

    fn page(&self, site: &Site, job: &Job, status: u16, script: &str) -> Reply {
        // `resolve` makes a site only when the theme loaded.
        let rendered = match &self.borrow_owner().theme {
            Ok(theme) => render::page(site, theme, job).map_err(|e| e.to_string()),
            Err(message) => Err(message.clone()),
        };
        match rendered {
            Ok(html) => Reply::html(status, inject(&html, script)),
            Err(message) => Reply::html(500, inject(&failure_page(&message), script)),
        }
    }
}

/// A file of the wizard's data, of the open-data export or of the search export, made on first
/// request.
fn generated(site: &Site, file: &str) -> Option<Vec<u8>> {
    let find = |files: &[(String, Vec<u8>)]| files.iter().find(|(name, _)| name == file).map(|(_, b)| b.clone());
    match address::export_of(file)? {
        Export::Wizard => find(&site.wizard().ok()?.files),
        Export::OpenData => find(&site.open_data().ok()?.files),
        Export::Search => {
            // Thousands of files on a national guide, sorted by path.
            let files = site.search_files().ok()?;
            let at = files.binary_search_by(|(name, _)| name.as_str().cmp(file)).ok()?;
            Some(files[at].1.clone())
        }
    }
}

/// Adds the reload script at the end of the page's `<head>` (an external same-origin script:
/// the pages' CSP allows nothing else).
fn inject(html: &str, script: &str) -> String {
    match html.find("</head>") {
        Some(at) => format!("{}{script}\n{}", &html[..at], &html[at..]),
        None => format!("{script}\n{html}"),
    }
}

/// The page shown for every address while the guide has errors: each one with its place, in
/// the order of the files.
fn error_page(w: &Workspace, preview: &Preview) -> String {
    let mut items = String::new();
    for d in preview.diags.items.iter().filter(|d| d.severity == Severity::Error) {
        let path = preview.paths.get(d.file).path.as_str();
        // Spans point into files read from the guide, whose texts the workspace keeps.
        let place = match d.span.as_ref().filter(|_| d.file < w.sources.len()) {
            Some(span) => {
                let (line, column) = w.sources.line_col(d.file, span.start);
                format!("{path}, ligne {line}, colonne {column}")
            }
            None => path.to_string(),
        };
        let hint = d.hint.as_deref().map(|h| format!("<p>Aide : {}</p>", escape_html(h))).unwrap_or_default();
        items.push_str(&format!(
            "<li><p><strong>{}</strong></p><p>{}</p>{hint}</li>\n",
            escape_html(&place),
            escape_html(&d.message)
        ));
    }
    if let Err(message) = &w.theme {
        items.push_str(&format!("<li><p><strong>thème</strong></p><p>{}</p></li>\n", escape_html(message)));
    }
    let count = preview.diags.error_count() + usize::from(w.theme.is_err());
    let title = if count == 1 { "1 erreur".to_string() } else { format!("{count} erreurs") };
    let body = format!(
        "<h1>Le guide contient {title}</h1>\n<p>Corrigez le fichier et enregistrez : cette page se recharge toute seule.</p>\n<ol>\n{items}</ol>"
    );
    plain_page(&format!("{title} dans le guide"), &body)
}

/// The page shown when a template fails on a guide without errors (a theme mistake).
fn failure_page(message: &str) -> String {
    let body = format!("<h1>La page n'a pas pu être produite</h1>\n<p>{}</p>", escape_html(message));
    plain_page("Erreur du thème", &body)
}

/// A page of the preview itself, with the same CSP as the site's pages.
fn plain_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; object-src 'none'; base-uri 'none'\">\n\
         <title>{} – aperçu bonneporte</title>\n<link rel=\"stylesheet\" href=\"/assets/site.css\">\n</head>\n\
         <body>\n<main id=\"contenu\">\n{body}\n</main>\n</body>\n</html>\n",
        escape_html(title)
    )
}
