//! Render: the site graph into pages, in parallel, with tera templates parsed once.
//!
//! Each page is a [`Job`]: where it goes and which view it shows. Views are plain serializable
//! structs built from the graph, with every link already made relative to the page, so that
//! templates only lay out and the site works under any sub-path or straight from disk.

use rayon::prelude::*;

use crate::graph::Graph;
use crate::linkcheck;
use crate::markdown;
use crate::opendata;
use crate::output::Output;
use crate::progress::Progress;
use crate::theme::{Theme, escape_html};
use crate::views::{self, Links};

/// One page of the site.
#[derive(Clone, Debug)]
pub enum Job {
    Home,
    Territories,
    Territory(usize),
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
    pub fn fixed_dir(&self) -> Option<&'static str> {
        Some(match self {
            Job::Home | Job::NotFound => "",
            Job::Territories => "territoires/",
            Job::Networks => "reseaux/",
            Job::Walkthroughs => "parcours/",
            Job::Find => "trouver/",
            Job::Search => "recherche/",
            Job::SiteMap => "plan-du-site/",
            Job::OpenData => "donnees/",
            _ => return None,
        })
    }

    /// The page's folder, relative to the site root, with a trailing `/` (empty for the home).
    pub fn dir(&self, g: &Graph) -> String {
        match *self {
            Job::Territory(t) => record_dir("territoires", &g.territories[t].record.id),
            Job::Partner(p) => record_dir("structures", &g.partners[p].id),
            Job::Network(n) => record_dir("reseaux", &g.networks[n].id),
            Job::Walkthrough(w) => record_dir("parcours", &g.walkthroughs[w].record.id),
            Job::Page(p) => record_dir("pages", &g.pages[p].record.id),
            Job::FindPublic(p) => format!("trouver/{}/", g.publics[p].id),
            Job::FindNeed(p, n) => format!("trouver/{}/{}/", g.publics[p].id, g.needs[n].id),
            _ => self.fixed_dir().unwrap_or_default().to_string(),
        }
    }

    /// The file written for this page.
    pub fn file(&self, g: &Graph) -> String {
        match self {
            Job::NotFound => "404.html".into(),
            _ => format!("{}index.html", self.dir(g)),
        }
    }
}

/// The folder of the site map page.
pub const SITE_MAP_ID: &str = "plan-du-site";

/// The folder of the page of record `id` of `kind` (a `@/` kind: `reseaux`… `pages`); the page
/// `index` is the home. `check` knows with it where a record's Markdown is shown.
pub fn record_dir(kind: &str, id: &str) -> String {
    match kind {
        "pages" if id == "index" => String::new(),
        "pages" => format!("{id}/"),
        _ => format!("{kind}/{id}/"),
    }
}

/// What the page written at `file` (a path from the site root) shows, read from the path alone:
/// the inverse of [`Job::file`] without a graph, so the ids are as written, not known to exist.
/// `check` reads the links that editors write relative to a page with it.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAt<'a> {
    /// The page of a record: its `@/` kind (`reseaux`, `structures`, `territoires`, `parcours`,
    /// `pages`) and id; the home is the page `index`.
    Record(&'static str, &'a str),
    /// A page of the site's own (`recherche/`, `trouver/<public>/<besoin>/`…), with the ids of
    /// the public and need it names, if any.
    Site { public: Option<&'a str>, need: Option<&'a str> },
}

pub fn page_at(file: &str) -> Option<PageAt<'_>> {
    let dir = file.strip_suffix("index.html")?;
    if !(dir.is_empty() || dir.ends_with('/')) {
        return None;
    }
    if Job::FIXED.iter().any(|job| job.fixed_dir() == Some(dir)) {
        return Some(if dir.is_empty() {
            PageAt::Record("pages", "index")
        } else {
            PageAt::Site { public: None, need: None }
        });
    }
    let parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    match parts[..] {
        ["trouver", public] => Some(PageAt::Site { public: Some(public), need: None }),
        ["trouver", public, need] => Some(PageAt::Site { public: Some(public), need: Some(need) }),
        [kind, id] => {
            // Free pages sit at the root (`<id>/`), not under `pages/`.
            let kind = markdown::LINK_KINDS.into_iter().filter(|k| *k != "pages").find(|k| *k == kind)?;
            Some(PageAt::Record(kind, id))
        }
        [id] if !RESERVED_IDS.contains(&id) => Some(PageAt::Record("pages", id)),
        _ => None,
    }
}

/// Folders that the build writes at the root of the site: a free page cannot take one of these ids.
pub const RESERVED_IDS: [&str; 9] =
    ["assets", "donnees", "parcours", "plan-du-site", "recherche", "reseaux", "structures", "territoires", "trouver"];

/// Every page of the site, in a stable order.
pub fn jobs(g: &Graph) -> Vec<Job> {
    let mut jobs = Job::FIXED.to_vec();
    jobs.extend((0..g.territories.len()).map(Job::Territory));
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

/// Settings of one build that pages need.
pub struct RenderConfig<'a> {
    /// Absolute base URL with a trailing `/`, for canonical links and the sitemap.
    pub base_url: Option<&'a str>,
    /// The home page's Markdown (`pages/index.md`), if any.
    pub home_text: Option<&'a str>,
    /// Days since 1970-01-01: the open-data export leaves out records dated in the future.
    pub today: i64,
}

/// What [`render_all`] wrote: the number of pages, and their links still to verify once every
/// file of the site is written ([`linkcheck::verify`]).
pub struct Rendered {
    pub pages: usize,
    pub links: Vec<linkcheck::Scan>,
}

/// Renders every page into `out`, scanning its links while its HTML is in memory and telling
/// `progress` of each page.
pub fn render_all(
    g: &Graph,
    theme: &Theme,
    config: &RenderConfig,
    out: &Output,
    progress: &dyn Progress,
) -> Result<Rendered, String> {
    let jobs = jobs(g);
    progress.pages(jobs.len());
    let wizard = views::wizard_data(g);
    out.write_files(&wizard.files)?;
    let open_data = opendata::export(g, config.base_url, config.today);
    out.write_files(&open_data.files)?;
    out.write_files(&opendata::vcard::files(g))?;
    let gate = linkcheck::Gate::new(jobs.iter().map(|job| job.file(g)), config.base_url);
    let links = jobs
        .par_iter()
        .map(|job| {
            let file = job.file(g);
            let html = render_page(g, theme, config, &wizard.dir, &open_data.summary, job)?;
            out.write(&file, html.as_bytes()).map_err(|e| format!("écriture de {file} : {e}"))?;
            progress.page_done();
            Ok(gate.scan(&file, &html))
        })
        .collect::<Result<Vec<_>, String>>()?;
    out.write("sitemap.xml", sitemap(g, &jobs, config.base_url).as_bytes()).map_err(|e| e.to_string())?;
    out.write("robots.txt", robots(config.base_url).as_bytes()).map_err(|e| e.to_string())?;
    Ok(Rendered { pages: jobs.len(), links })
}

/// Renders one page to HTML.
/// `wizard_dir` is the folder of the wizard's data (`views::wizard_data`), for `/trouver/`;
/// `open_data` describes the export files, for `/donnees/`.
pub fn render_page(
    g: &Graph,
    theme: &Theme,
    config: &RenderConfig,
    wizard_dir: &str,
    open_data: &opendata::Summary,
    job: &Job,
) -> Result<String, String> {
    let dir = job.dir(g);
    // 404.html is served from any depth: its links must be absolute when a base URL is known.
    let links = match (job, config.base_url) {
        (Job::NotFound, Some(base)) => Links::absolute(base),
        _ => Links::relative(&dir),
    };
    let (template, view) = views::view(g, &links, config, wizard_dir, open_data, job);
    // The error page has no address of its own to be canonical.
    let canonical = config.base_url.filter(|_| !matches!(job, Job::NotFound)).map(|b| format!("{b}{dir}"));
    let layout = views::layout(g, &links, job, canonical);
    // The view is already a JSON value: move it in rather than serialize a copy of it.
    let context = tera::Context::from_value(serde_json::json!({ "l": layout, "p": view }))
        .map_err(|e| format!("contexte de {template} : {e}"))?;
    theme.render(template, &context)
}

fn sitemap(g: &Graph, jobs: &[Job], base_url: Option<&str>) -> String {
    let base = base_url.unwrap_or("/");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for job in jobs.iter().filter(|j| !matches!(j, Job::NotFound)) {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_html(&format!("{base}{}", job.dir(g)))));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn robots(base_url: Option<&str>) -> String {
    match base_url {
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

/// Markdown of a record rendered for a page at `links`' place.
pub fn markdown_html(g: &Graph, links: &Links, text: &str) -> String {
    markdown::to_html(text, &|dest| {
        let link = markdown::parse_link(dest)?.ok()?;
        if link.kind == markdown::STATIC {
            // Copied from `static/` to the site root (`site::copy_statics`).
            let path = markdown::static_path(link.id);
            let anchor = link.anchor.map(|a| format!("#{a}")).unwrap_or_default();
            return g.statics.contains(&path).then(|| format!("{}{anchor}", links.file(&markdown::encode_path(&path))));
        }
        let dir = match link.kind {
            "reseaux" => Job::Network(g.network(link.id)?).dir(g),
            "structures" => Job::Partner(g.partner(link.id)?).dir(g),
            "territoires" => Job::Territory(g.territory(link.id)?).dir(g),
            "parcours" => Job::Walkthrough(g.walkthrough(link.id)?).dir(g),
            _ if link.id == "index" => String::new(),
            _ => Job::Page(g.page(link.id)?).dir(g),
        };
        let anchor = link.anchor.map(|a| format!("#{a}")).unwrap_or_default();
        Some(format!("{}{anchor}", links.to(&dir)))
    })
}
