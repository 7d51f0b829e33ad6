//! Render: the site graph into pages, in parallel, with tera templates parsed once.
//!
//! Each page is a [`Job`]: where it goes and which view it shows. Views are plain serializable
//! structs built from the graph, with every link already made relative to the page, so that
//! templates only lay out and the site works under any sub-path or straight from disk.

use rayon::prelude::*;

use crate::address::{self, Job, Links};
use crate::graph::Graph;
use crate::linkcheck;
use crate::opendata;
use crate::output::Output;
use crate::progress::Progress;
use crate::theme::{Theme, escape_html};
use crate::views::{self, RenderConfig};

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
    let jobs = address::jobs(g);
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
    out.write(address::SITEMAP, sitemap(g, &jobs, config.base_url).as_bytes()).map_err(|e| e.to_string())?;
    out.write(address::ROBOTS, robots(config.base_url).as_bytes()).map_err(|e| e.to_string())?;
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
    let links = Links::of(g, job, config.base_url);
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
        Some(base) => format!("User-agent: *\nAllow: /\nSitemap: {base}{}\n", address::SITEMAP),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}
