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
    /// The page's folder, relative to the site root, with a trailing `/` (empty for the home).
    pub fn dir(&self, g: &Graph) -> String {
        match *self {
            Job::Home | Job::NotFound => String::new(),
            Job::Territories => "territoires/".into(),
            Job::Territory(t) => format!("territoires/{}/", g.territories[t].record.id),
            Job::Partner(p) => format!("structures/{}/", g.partners[p].id),
            Job::Networks => "reseaux/".into(),
            Job::Network(n) => format!("reseaux/{}/", g.networks[n].id),
            Job::Walkthroughs => "parcours/".into(),
            Job::Walkthrough(w) => format!("parcours/{}/", g.walkthroughs[w].record.id),
            Job::Page(p) => format!("{}/", g.pages[p].record.id),
            Job::Find => "trouver/".into(),
            Job::FindPublic(p) => format!("trouver/{}/", g.publics[p].id),
            Job::FindNeed(p, n) => format!("trouver/{}/{}/", g.publics[p].id, g.needs[n].id),
            Job::Search => "recherche/".into(),
            Job::SiteMap => format!("{SITE_MAP_ID}/"),
            Job::OpenData => "donnees/".into(),
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

/// Folders that the build writes at the root of the site: a free page cannot take one of these ids.
pub const RESERVED_IDS: [&str; 9] =
    ["assets", "donnees", "parcours", "plan-du-site", "recherche", "reseaux", "structures", "territoires", "trouver"];

/// Every page of the site, in a stable order.
pub fn jobs(g: &Graph) -> Vec<Job> {
    let mut jobs = vec![
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
    let layout = views::layout(g, &links, job, config.base_url.map(|b| format!("{b}{dir}")));
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
