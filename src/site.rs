//! The guide as every command sees it: read and checked ([`Checked`]), then, only when it has no
//! error, resolved into a [`Site`] (graph, settings of the pages, home text) whose exports (the
//! wizard's data, the open data, the search index and its static export) are made on first use.
//! `build`, `serve`, `rapport` and `search` start here, so that a condition has one exit status
//! everywhere ([`Error::exit_code`]).

use std::fmt;
use std::path::Path;
use std::sync::OnceLock;

use crate::check;
use crate::content::load::{self, Guide};
use crate::diag::{Diagnostics, Sources};
use crate::export::opendata;
use crate::export::search::{self, SearchIndex};
use crate::export::wizard::{self, WizardData};
use crate::graph::Graph;
use crate::output::{Files, Output};

/// What a check found in the guide.
pub struct Checked {
    pub guide: Guide,
    pub sources: Sources,
    pub diags: Diagnostics,
}

/// What stops a command, besides a content error that it reports and goes on from.
pub enum Error {
    /// The guide has errors (its diagnostics say which): nothing was built or answered.
    Content(Box<Checked>),
    /// The guide folder cannot be read.
    Guide(std::io::Error),
    /// A guide with errors given to [`Site::resolve`], or one whose territories have no root:
    /// `check` refuses both, so this is a fault of the program, not of the guide.
    Unresolved(&'static str),
    /// The theme cannot be loaded, or a page cannot be made (its view, its template).
    Theme(String),
    /// An export cannot be made: the search index (tantivy), or a data file not serialized.
    Export(String),
    /// A file cannot be read or written (the site, its output folder swapped in, the schemas), a
    /// port not listened on, the guide not watched.
    Io(String),
    /// A page links to a file or an anchor that the site does not have.
    Links(String),
    /// An argument names nothing the guide has (`search --territoire inconnu`).
    Usage(String),
}

impl Error {
    /// The exit status of the condition: 1 for content errors, 2 for usage and I/O errors.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Content(_) => 1,
            _ => 2,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Content(checked) => write!(f, "le guide contient {} erreur(s)", checked.diags.error_count()),
            Error::Guide(e) => write!(f, "{e}"),
            Error::Unresolved(why) => f.write_str(why),
            Error::Theme(m) | Error::Export(m) | Error::Io(m) | Error::Links(m) | Error::Usage(m) => f.write_str(m),
        }
    }
}

/// Loads and checks the guide at `content`. `Err` only when the folder cannot be read at all.
pub fn check(content: &Path, today: i64) -> Result<Checked, Error> {
    let mut sources = Sources::default();
    let mut diags = Diagnostics::default();
    let guide = load::load(content, &mut sources, &mut diags).map_err(Error::Guide)?;
    diags.extend(check::check(&guide, &mut sources, today));
    diags.sort(&sources);
    Ok(Checked { guide, sources, diags })
}

/// [`check`], refused as [`Error::Content`] when the guide has errors.
pub fn check_valid(content: &Path, today: i64) -> Result<Checked, Error> {
    let checked = check(content, today)?;
    if checked.diags.has_errors() {
        return Err(Error::Content(Box::new(checked)));
    }
    Ok(checked)
}

impl Checked {
    /// The site of this guide, which has no error ([`check_valid`]).
    pub fn site(&self, options: Options) -> Result<Site<'_>, Error> {
        Site::resolve(&self.guide, &self.diags, options)
    }
}

/// What a command sets for the pages.
#[derive(Clone, Default)]
pub struct Options {
    /// The site's address (`--base-url`, or else `url` of `site.yaml`), for canonical links,
    /// the sitemap and the error page.
    pub base_url: Option<String>,
    /// Days since 1970-01-01: the open-data export leaves out records dated later.
    pub today: i64,
}

/// Settings of the pages, read from a [`Site`].
pub struct RenderConfig<'a> {
    /// Absolute base URL with a trailing `/`, for canonical links and the sitemap.
    pub base_url: Option<&'a str>,
    /// The home page's Markdown (`pages/index.md`), if any.
    pub home_text: Option<&'a str>,
    /// Days since 1970-01-01: the open-data export leaves out records dated in the future.
    pub today: i64,
}

/// A guide without errors, resolved: its graph, the settings of its pages, and its exports, each
/// made once, when first asked for (the preview renders one page at a time).
pub struct Site<'g> {
    pub graph: Graph<'g>,
    base_url: Option<String>,
    home_text: Option<&'g str>,
    today: i64,
    wizard: OnceLock<Result<WizardData, String>>,
    open_data: OnceLock<Result<opendata::Export, String>>,
    search_index: OnceLock<Result<SearchIndex, String>>,
    search_files: OnceLock<Result<Files, String>>,
}

impl<'g> Site<'g> {
    /// Resolves `guide`, which `check` found without error (`diags`). A guide with errors is
    /// refused, so that the graph is only ever built on a valid guide.
    pub fn resolve(guide: &'g Guide, diags: &Diagnostics, options: Options) -> Result<Site<'g>, Error> {
        if diags.has_errors() {
            return Err(Error::Unresolved("le guide a des erreurs : il n'est pas résolu"));
        }
        let graph = Graph::build(guide).ok_or(Error::Unresolved("le guide n'a pas de région racine"))?;
        let base_url = options
            .base_url
            .or_else(|| graph.site.url.clone())
            .map(|u| if u.ends_with('/') { u } else { format!("{u}/") });
        Ok(Site {
            home_text: guide.pages.iter().find(|p| p.record.id == "index").map(|p| p.body.as_str()),
            graph,
            base_url,
            today: options.today,
            wizard: OnceLock::new(),
            open_data: OnceLock::new(),
            search_index: OnceLock::new(),
            search_files: OnceLock::new(),
        })
    }

    pub fn config(&self) -> RenderConfig<'_> {
        RenderConfig { base_url: self.base_url.as_deref(), home_text: self.home_text, today: self.today }
    }

    /// The data files of the wizard of `/trouver/`.
    pub fn wizard(&self) -> Result<&WizardData, Error> {
        let made = self.wizard.get_or_init(|| wizard::data(&self.graph, self.today));
        made.as_ref().map_err(|e| Error::Export(e.clone()))
    }

    /// The open-data files and what `/donnees/` says of them.
    pub fn open_data(&self) -> Result<&opendata::Export, Error> {
        let made = self.open_data.get_or_init(|| opendata::export(&self.graph, self.base_url.as_deref(), self.today));
        made.as_ref().map_err(|e| Error::Export(e.clone()))
    }

    /// The guide's search index (tantivy), which `bonneporte search` queries.
    pub fn search_index(&self) -> Result<&SearchIndex, Error> {
        let index = self.search_index.get_or_init(|| search::index_guide(&self.graph));
        index.as_ref().map_err(|e| Error::Export(e.clone()))
    }

    /// Writes the static export of the search index into `out` (`search::write_export`: with
    /// the `shared` key of a rebuild, what it made from the index may be kept); returns its bytes
    /// and whether it kept that.
    pub fn write_search(&self, shared: Option<blake3::Hash>, out: &Output) -> Result<(u64, bool), Error> {
        search::write_export(&self.graph, shared, out).map_err(Error::Export)
    }

    /// The static export of the search index, as the preview serves it: path from the site root
    /// and bytes, by path (a build writes it with [`Site::write_search`]). The index it is made
    /// from is not kept: the preview never queries it.
    pub fn search_files(&self) -> Result<&[(String, Vec<u8>)], Error> {
        let files = self.search_files.get_or_init(|| {
            let made;
            let index = match self.search_index.get() {
                Some(Ok(index)) => index,
                _ => {
                    made = search::index_guide(&self.graph)?;
                    &made
                }
            };
            let mut files = search::export::export(index, &self.graph);
            files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Ok(files)
        });
        files.as_deref().map_err(|e| Error::Export(e.clone()))
    }
}

impl Site<'_> {
    /// Drops the exports made so far. A build writes each export once: keeping them for the
    /// rest of the build raised its peak memory by about 40 MB on the national guide.
    pub fn release_exports(&mut self) {
        self.wizard.take();
        self.open_data.take();
        self.search_index.take();
        self.search_files.take();
    }
}

/// Today as days since 1970-01-01; `BONNEPORTE_DATE=AAAA-MM-JJ` fixes it (reproducible checks).
pub fn today() -> i64 {
    if let Ok(text) = std::env::var("BONNEPORTE_DATE")
        && let Ok(date) = crate::content::fields::date(&text)
    {
        return date.days_since_epoch();
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    (now.as_secs() / 86_400) as i64
}
