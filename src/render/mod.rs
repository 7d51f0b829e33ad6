//! Render: the site graph into pages, in parallel, with tera templates parsed once.
//!
//! Each page is a [`Job`]: where it goes and which view it shows. Views are plain serializable
//! structs built from the graph, with every link already made relative to the page, so that
//! templates only lay out and the site works under any sub-path or straight from disk.

pub mod reuse;
pub mod theme;
mod typography;
pub(crate) mod views;

use std::sync::Mutex;

use rayon::prelude::*;

use crate::export::opendata;
use crate::graph::Graph;
use crate::graph::address::{self, Job, Links};
use crate::linkcheck;
use crate::output::Output;
use crate::progress::Progress;
use crate::render::theme::{Theme, escape_html};
use crate::site::{Error, Site};

/// What [`render_all`] wrote: the number of pages, and their links still to verify once every
/// file of the site is written ([`linkcheck::verify`]).
pub struct Rendered {
    pub pages: usize,
    /// Pages kept from the previous output without being rendered.
    pub reused: usize,
    pub links: linkcheck::Pending,
}

/// Renders every page of `site` into `out`, scanning its links while its HTML is in memory and
/// telling `progress` of each page; writes the wizard's data, the open data, the
/// sitemap and `robots.txt` beside them. A page that has a key in `keys` is kept from the
/// previous output, with its links as scanned then, when it was made from the same key.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    keys: Option<&reuse::Keys>,
    out: &Output,
    progress: &dyn Progress,
) -> Result<Rendered, Error> {
    let g = &site.graph;
    let config = site.config();
    let jobs = address::jobs(g);
    progress.pages(jobs.len());
    out.write_files(&site.wizard()?.files).map_err(Error::Io)?;
    out.write_files(&site.open_data()?.files).map_err(Error::Io)?;
    let gate = linkcheck::Gate::new(jobs.iter().map(|job| job.file(g)), config.base_url);
    let links = Mutex::new(linkcheck::Pending::default());
    let reused = std::sync::atomic::AtomicUsize::new(0);
    jobs.par_iter().try_for_each(|job| {
        let file = job.file(g);
        let key = keys.and_then(|keys| keys.of_job(job));
        let kept = key.and_then(|key| out.reuse(&file, key, |note| linkcheck::Scan::read(&file, note)));
        let scan = match kept {
            Some(scan) => {
                reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                scan
            }
            None => {
                let html = page(site, theme, job)?;
                out.write(&file, html.as_bytes()).map_err(|e| Error::Io(format!("écriture de {file} : {e}")))?;
                let scan = gate.scan(&file, &html);
                if let Some(key) = key {
                    out.remember(&file, key, &scan.note());
                }
                scan
            }
        };
        progress.page_done();
        links.lock().unwrap_or_else(|e| e.into_inner()).add(scan);
        Ok::<(), Error>(())
    })?;
    let links = links.into_inner().unwrap_or_else(|e| e.into_inner());
    let write = |file: &str, text: String| out.write(file, text.as_bytes()).map_err(|e| Error::Io(e.to_string()));
    write(address::SITEMAP, sitemap(g, &jobs, config.base_url))?;
    write(address::ROBOTS, robots(config.base_url))?;
    Ok(Rendered { pages: jobs.len(), reused: reused.into_inner(), links })
}

/// Renders the page of `job` to HTML. Only the pages that show them make the wizard's data (its
/// folder, for the home page and `/trouver/`) and the open data (what `/donnees/` says of it).
pub fn page(site: &Site, theme: &Theme, job: &Job) -> Result<String, Error> {
    let g = &site.graph;
    let config = site.config();
    let wizard_dir = match job {
        Job::Home | Job::Find => site.wizard()?.dir.as_str(),
        _ => "",
    };
    let no_export = opendata::Summary::default();
    let open_data = match job {
        Job::OpenData => &site.open_data()?.summary,
        _ => &no_export,
    };
    let dir = job.dir(g);
    let links = Links::of(job, &dir, config.base_url);
    let (template, view) = views::view(g, &links, &config, wizard_dir, open_data, job).map_err(Error::Theme)?;
    // The error page has no address of its own to be canonical.
    let canonical = config.base_url.filter(|_| !matches!(job, Job::NotFound)).map(|b| format!("{b}{dir}"));
    let layout = views::layout(g, &links, job, canonical);
    let chrome = theme.chrome(&layout.chrome).map_err(Error::Theme)?;
    // The view is already a JSON value: move it in rather than serialize a copy of it.
    let context = tera::Context::from_value(serde_json::json!({ "l": layout, "p": view, "c": &*chrome }))
        .map_err(|e| Error::Theme(format!("contexte de {template} : {e}")))?;
    let html = theme.render(template, &context).map_err(Error::Theme)?;
    Ok(match typography::french_spacing(&html) {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(spaced) => spaced,
    })
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
