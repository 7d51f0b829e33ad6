//! Addresses: which pages the site has, where each one and every other file of the output is
//! written, and how a page links to another.
//!
//! Every path of the output is made here and nowhere else: `check` (where a record's Markdown is
//! shown), `views` (links), `render` (files), `search` and `opendata` (their exports) and
//! `serve` (which page a request names) ask this module. A page's folder is defined once, by
//! [`Job::dir`]; [`job_of`] and [`page_at`] read it back from a path.

use crate::content::load::Record;
use crate::content::model::{Partner, RecordKind};
use crate::graph::Graph;

/// One page of the site.
#[derive(Clone, Debug)]
pub enum Job {
    Home,
    Territories,
    Territory(usize),
    /// The communes of a territory that has a wizard part (see [`Graph::commune_parts`]), A to Z,
    /// each with the territory that serves it.
    Communes(usize),
    Partner(usize),
    Networks,
    Network(usize),
    Walkthroughs,
    Walkthrough(usize),
    Page(usize),
    Find,
    FindPublic(usize),
    FindNeed(usize, usize),
    Search,
    SiteMap,
    OpenData,
    NotFound,
}

/// The folder of the find-the-right-door pages and of the wizard's data.
const FIND_DIR: &str = "trouver/";

/// The folder, in a territory's, of the page of its communes from A to Z.
const COMMUNES_DIR: &str = "communes/";

/// The folder of the search page and of the search export.
pub const SEARCH_DIR: &str = "recherche";

/// The folder of the theme's assets (style sheet, scripts, icon).
const ASSETS_DIR: &str = "assets/";

/// The open-data files described by `/donnees/`.
pub const OPEN_DATA_JSON: &str = "donnees/structures.json";
pub const OPEN_DATA_CSV: &str = "donnees/structures.csv";
pub const OPEN_DATA_SERVICES: &str = "donnees/services.json";

pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
const NOT_FOUND: &str = "404.html";

/// Folders that the build writes at the root of the site: a free page cannot take one of these ids.
pub const RESERVED_IDS: [&str; 9] =
    ["assets", "donnees", "parcours", "plan-du-site", "recherche", "reseaux", "structures", "territoires", "trouver"];

impl Job {
    /// The pages that every site has, whatever its records.
    pub const FIXED: [Job; 9] = [
        Job::Home,
        Job::Territories,
        Job::Networks,
        Job::Walkthroughs,
        Job::Find,
        Job::Search,
        Job::SiteMap,
        Job::OpenData,
        Job::NotFound,
    ];

    /// The folder of a page that does not depend on the records (see [`Job::dir`]).
    fn fixed_dir(&self) -> Option<&'static str> {
        Some(match self {
            Job::Home | Job::NotFound => "",
            Job::Territories => "territoires/",
            Job::Networks => "reseaux/",
            Job::Walkthroughs => "parcours/",
            Job::Find => FIND_DIR,
            Job::Search => "recherche/",
            Job::SiteMap => "plan-du-site/",
            Job::OpenData => "donnees/",
            _ => return None,
        })
    }

    /// The page's folder, relative to the site root, with a trailing `/` (empty for the home).
    pub fn dir(&self, g: &Graph) -> String {
        match *self {
            Job::Territory(t) => record_dir(RecordKind::Territoire, &g.territories[t].record.id),
            Job::Communes(t) => {
                format!("{}{COMMUNES_DIR}", record_dir(RecordKind::Territoire, &g.territories[t].record.id))
            }
            Job::Partner(p) => record_dir(RecordKind::Structure, &g.partners[p].id),
            Job::Network(n) => record_dir(RecordKind::Reseau, &g.networks[n].id),
            Job::Walkthrough(w) => record_dir(RecordKind::Parcours, &g.walkthroughs[w].record.id),
            Job::Page(p) => record_dir(RecordKind::Page, &g.pages[p].record.id),
            Job::FindPublic(p) => format!("{FIND_DIR}{}/", g.publics[p].id),
            Job::FindNeed(p, n) => format!("{FIND_DIR}{}/{}/", g.publics[p].id, g.needs[n].id),
            _ => self.fixed_dir().unwrap_or_default().to_string(),
        }
    }

    /// The file written for this page.
    pub fn file(&self, g: &Graph) -> String {
        match self {
            Job::NotFound => NOT_FOUND.into(),
            _ => format!("{}index.html", self.dir(g)),
        }
    }
}

/// Every page of the site, in a stable order.
pub fn jobs(g: &Graph) -> Vec<Job> {
    let mut jobs = Job::FIXED.to_vec();
    jobs.extend((0..g.territories.len()).map(Job::Territory));
    jobs.extend(g.commune_parts().iter().copied().map(Job::Communes));
    jobs.extend((0..g.partners.len()).map(Job::Partner));
    jobs.extend((0..g.networks.len()).map(Job::Network));
    jobs.extend((0..g.walkthroughs.len()).map(Job::Walkthrough));
    jobs.extend((0..g.pages.len()).map(Job::Page));
    jobs.extend((0..g.publics.len()).map(Job::FindPublic));
    for p in 0..g.publics.len() {
        jobs.extend((0..g.needs.len()).map(|n| Job::FindNeed(p, n)));
    }
    jobs
}

/// The folder of the page of record `id` of `kind` (a kind with pages: [`RecordKind::LINKED`]);
/// the page `index` is the home, free pages sit at the root. `check` knows with it where a
/// record's Markdown is shown.
pub fn record_dir(kind: RecordKind, id: &str) -> String {
    match kind {
        RecordKind::Page if id == "index" => String::new(),
        RecordKind::Page => format!("{id}/"),
        _ => format!("{}/{id}/", kind.folder().unwrap_or_default()),
    }
}

/// The page of record `id` of `kind` in the graph, if it has one.
pub fn record_job(g: &Graph, kind: RecordKind, id: &str) -> Option<Job> {
    Some(match kind {
        RecordKind::Reseau => Job::Network(g.network(id)?),
        RecordKind::Structure => Job::Partner(g.partner(id)?),
        RecordKind::Territoire => Job::Territory(g.territory(id)?),
        RecordKind::Parcours => Job::Walkthrough(g.walkthrough(id)?),
        RecordKind::Page if id == "index" => Job::Home,
        RecordKind::Page => Job::Page(g.page(id)?),
        _ => return None,
    })
}

/// The page whose file is `file`, found through the graph's indexes rather than a table of the
/// 21,000 pages that each change would rebuild. A candidate is kept only if it writes exactly
/// `file`, so the place of each page stays defined once, by [`Job::file`].
pub fn job_of(g: &Graph, file: &str) -> Option<Job> {
    if file == NOT_FOUND {
        return Some(Job::NotFound);
    }
    if let Some(id) = communes_page_of(file) {
        let t = g.territory(id)?;
        return g.commune_parts().contains(&t).then_some(Job::Communes(t));
    }
    let job = match page_at(file)? {
        PageAt::Record(kind, id) => record_job(g, kind, id)?,
        PageAt::Site { public: Some(public), need: None } => Job::FindPublic(g.public(public)?),
        PageAt::Site { public: Some(public), need: Some(need) } => Job::FindNeed(g.public(public)?, g.need(need)?),
        PageAt::Site { .. } => {
            let dir = file.strip_suffix("index.html")?;
            Job::FIXED.into_iter().find(|job| job.fixed_dir() == Some(dir))?
        }
    };
    Some(job).filter(|job| job.file(g) == file)
}

/// What the page written at `file` (a path from the site root) shows, read from the path alone:
/// the inverse of [`Job::file`] without a graph, so the ids are as written, not known to exist.
/// `check` reads the links that editors write relative to a page with it.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAt<'a> {
    /// The page of a record: its kind and id; the home is the page `index`.
    Record(RecordKind, &'a str),
    /// A page of the site's own (`recherche/`, `trouver/<public>/<besoin>/`…), with the ids of
    /// the public and need it names, if any.
    Site { public: Option<&'a str>, need: Option<&'a str> },
}

/// The territory id of `territoires/<id>/communes/index.html`.
fn communes_page_of(file: &str) -> Option<&str> {
    let dir = file.strip_suffix("index.html")?.strip_suffix(COMMUNES_DIR)?;
    let folder = RecordKind::Territoire.folder()?;
    dir.strip_prefix(folder)?.strip_prefix('/')?.strip_suffix('/').filter(|id| !id.is_empty() && !id.contains('/'))
}

pub fn page_at(file: &str) -> Option<PageAt<'_>> {
    if communes_page_of(file).is_some() {
        return Some(PageAt::Site { public: None, need: None });
    }
    let dir = file.strip_suffix("index.html")?;
    if !(dir.is_empty() || dir.ends_with('/')) {
        return None;
    }
    if Job::FIXED.iter().any(|job| job.fixed_dir() == Some(dir)) {
        return Some(if dir.is_empty() {
            PageAt::Record(RecordKind::Page, "index")
        } else {
            PageAt::Site { public: None, need: None }
        });
    }
    let parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts[..] {
        [find, public] if find == FIND_DIR.trim_end_matches('/') => {
            Some(PageAt::Site { public: Some(public), need: None })
        }
        [find, public, need] if find == FIND_DIR.trim_end_matches('/') => {
            Some(PageAt::Site { public: Some(public), need: Some(need) })
        }
        [folder, id] => {
            // Free pages sit at the root (`<id>/`), not under `pages/`.
            let kind = RecordKind::LINKED
                .into_iter()
                .filter(|k| *k != RecordKind::Page)
                .find(|k| k.folder() == Some(folder))?;
            Some(PageAt::Record(kind, id))
        }
        [id] if !RESERVED_IDS.contains(&id) => Some(PageAt::Record(RecordKind::Page, id)),
        _ => None,
    }
}

/// Whether the build writes `file` (a path from the site root), given the ids of the free
/// pages: its root folders, root files, the home page and each free page's `index.html`. A
/// file of `static/` may not take one of these places (`check` refuses it, `build` stops).
pub fn written_by_build(file: &str, free_pages: &[&str]) -> bool {
    let (first, rest) = file.split_once('/').unwrap_or((file, ""));
    RESERVED_IDS.contains(&first)
        || [SITEMAP, ROBOTS, NOT_FOUND, "index.html"].contains(&file)
        || (rest == "index.html" && free_pages.contains(&first))
        || communes_page_of(file).is_some()
}

/// A file of the theme's assets (`site.css`) from the site root.
pub fn asset(name: &str) -> String {
    format!("{ASSETS_DIR}{name}")
}

/// The asset named by a path from the site root, if it is one.
pub fn asset_name(file: &str) -> Option<&str> {
    file.strip_prefix(ASSETS_DIR)
}

/// A file of the search export (`index.js`) from the site root; `""`: its folder.
pub fn search_file(name: &str) -> String {
    format!("{SEARCH_DIR}/{name}")
}

/// The folder of the wizard's data, named after the hash of its content.
pub fn wizard_dir(hash: &str) -> String {
    format!("{FIND_DIR}donnees-{hash}/")
}

/// Whether a path from the site root may be a file of the wizard's data, of the open data or
/// of the search export (what `serve` makes on request).
pub fn export_of(file: &str) -> Option<Export> {
    if file.starts_with(FIND_DIR) {
        Some(Export::Wizard)
    } else if file.starts_with("donnees/") {
        Some(Export::OpenData)
    } else if file.starts_with(&format!("{SEARCH_DIR}/")) {
        Some(Export::Search)
    } else {
        None
    }
}

/// The exports of a site besides its pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Export {
    Wizard,
    OpenData,
    Search,
}

/// The file name a partner's vCard downloads as.
pub fn vcard_name(partner: &Record<Partner>) -> String {
    format!("{}.vcf", partner.id)
}

/// Makes links relative to the page being written (or absolute, for `404.html`).
pub struct Links {
    prefix: String,
}

impl Links {
    /// Links from a page whose folder is `dir` (`structures/x/`, or `""` for the root).
    pub fn relative(dir: &str) -> Links {
        Links { prefix: "../".repeat(dir.matches('/').count()) }
    }

    /// Links from `job`'s page, whose folder is `dir`; those of `404.html`, served from any
    /// depth, are absolute when a base URL is known.
    pub fn of(job: &Job, dir: &str, base_url: Option<&str>) -> Links {
        match (job, base_url) {
            (Job::NotFound, Some(base)) => Links { prefix: base.to_string() },
            _ => Links::relative(dir),
        }
    }

    /// The link to the page in folder `dir`: explicit `index.html`, so that the site also
    /// works opened from disk, where no server maps a folder to its index.
    pub fn to(&self, dir: &str) -> String {
        format!("{}{dir}index.html", self.prefix)
    }

    /// The link to a file at `path` from the site root (`assets/site.css`).
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The link to the page of `job`.
    pub fn job(&self, g: &Graph, job: &Job) -> String {
        self.to(&job.dir(g))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_at_reads_the_folders_that_record_dir_writes() {
        for kind in RecordKind::LINKED {
            let file = format!("{}index.html", record_dir(kind, "x-1"));
            assert_eq!(page_at(&file), Some(PageAt::Record(kind, "x-1")), "{file}");
        }
        assert_eq!(page_at("index.html"), Some(PageAt::Record(RecordKind::Page, "index")));
        assert_eq!(
            page_at("trouver/jeune/emploi/index.html"),
            Some(PageAt::Site { public: Some("jeune"), need: Some("emploi") })
        );
        assert_eq!(page_at("recherche/index.html"), Some(PageAt::Site { public: None, need: None }));
        assert_eq!(page_at("recherche/index.js"), None);
        assert_eq!(page_at("assets/index.html"), None);
    }

    #[test]
    fn every_root_folder_of_the_build_is_reserved() {
        let mut written: Vec<String> = Job::FIXED.iter().filter_map(|j| j.fixed_dir()).map(str::to_string).collect();
        written.extend(
            RecordKind::LINKED.iter().filter_map(|k| k.folder()).filter(|f| *f != "pages").map(|f| format!("{f}/")),
        );
        written.extend([ASSETS_DIR.to_string(), format!("{SEARCH_DIR}/"), OPEN_DATA_JSON.to_string()]);
        for path in written.iter().filter(|p| !p.is_empty()) {
            let root = path.split('/').next().unwrap_or_default();
            assert!(RESERVED_IDS.contains(&root), "{root} is written by the build but not reserved");
        }
    }
}
