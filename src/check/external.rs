//! External links of the records (`check --external`, on demand only: the build never goes on
//! the network). Each web address of a record is asked for once, HEAD first then GET where the
//! server refuses HEAD, with a timeout and a few requests at a time; an address that does not
//! answer with a success becomes a warning at its field, like any other diagnostic.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Mutex;
use std::time::Duration;

use crate::content::load::Guide;
use crate::diag::{Diagnostic, Diagnostics, FileId};

pub struct Options {
    /// Longest wait for one request (connection, redirects and answer).
    pub timeout: Duration,
    /// Requests under way at once.
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { timeout: Duration::from_secs(10), concurrency: 8 }
    }
}

/// Where a web address is written: file and span of the field.
type Place = (FileId, Option<Range<usize>>);

/// Checks every web address of the guide's records; returns a warning for each that fails.
pub fn check(guide: &Guide, options: &Options) -> Diagnostics {
    let addresses = addresses(guide);
    let failures = Mutex::new(Vec::new());
    let queue = Mutex::new(addresses.keys());
    let agent = agent(options.timeout);
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.max(1) {
            scope.spawn(|| {
                while let Some(url) = next(&queue) {
                    if let Some(why) = problem(&agent, url) {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push((url.clone(), why));
                    }
                }
            });
        }
    });
    let mut diags = Diagnostics::default();
    for (url, why) in failures.into_inner().unwrap_or_else(|e| e.into_inner()) {
        for (file, span) in &addresses[&url] {
            diags.push(
                Diagnostic::warning(*file, span.clone(), format!("l'adresse web {url} ne répond pas : {why}"))
                    .with_hint(
                        "vérifiez l'adresse dans un navigateur, et corrigez-la ou retirez-la si le site a disparu",
                    )
                    .counted_as("adresse web qui ne répond pas", "adresses web qui ne répondent pas"),
            );
        }
    }
    diags
}

fn next<'a>(queue: &Mutex<impl Iterator<Item = &'a String>>) -> Option<&'a String> {
    queue.lock().unwrap_or_else(|e| e.into_inner()).next()
}

/// Each distinct web address of the records, with the fields where it is written.
fn addresses(guide: &Guide) -> BTreeMap<String, Vec<Place>> {
    let mut found: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut add = |file: FileId, span: Option<Range<usize>>, url: &Option<String>| {
        // A malformed address is already an error of `check`.
        if let Some(url) = url.as_deref().map(str::trim).filter(|u| crate::content::fields::web_url(u).is_ok()) {
            found.entry(url.to_string()).or_default().push((file, span));
        }
    };
    for network in &guide.networks {
        add(network.file, network.span("site_web"), &network.data.site_web);
    }
    for partner in &guide.partners {
        add(partner.file, partner.span("site_web"), &partner.data.site_web);
        add(partner.file, partner.span("accessibilite_lieu"), &partner.data.accessibilite_lieu);
    }
    found
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("bonneporte/", env!("CARGO_PKG_VERSION"), " (vérification des liens)"))
        .build()
        .into()
}

/// Why `url` fails, in French; `None` when it answers with a success (after redirects).
fn problem(agent: &ureq::Agent, url: &str) -> Option<String> {
    let status = match agent.head(url).call() {
        Ok(response) if response.status().is_success() => return None,
        Ok(response) => Some(response.status().as_u16()),
        Err(error) => return Some(transport(&error)),
    };
    // Some servers refuse HEAD (405, 403, 404…) but serve the page to a GET.
    match agent.get(url).call() {
        Ok(response) if response.status().is_success() => None,
        Ok(response) => Some(format!("réponse HTTP {}", response.status().as_u16())),
        Err(_) => status.map(|s| format!("réponse HTTP {s}")),
    }
}

fn transport(error: &ureq::Error) -> String {
    match error {
        ureq::Error::Timeout(_) => "pas de réponse dans le délai".into(),
        ureq::Error::HostNotFound => "nom de domaine introuvable".into(),
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => "connexion refusée".into(),
        ureq::Error::ConnectionFailed => "connexion impossible".into(),
        ureq::Error::TooManyRedirects => "trop de redirections".into(),
        other => format!("échec de la requête ({other})"),
    }
}
