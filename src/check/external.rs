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
    /// Longest wait for the whole check: the addresses not asked by then are said not checked.
    pub total: Duration,
    /// Requests under way at once.
    pub concurrency: usize,
    /// Whether the loopback may be asked: for tests with a local server only (no command sets
    /// it); private networks are refused all the same.
    pub allow_loopback: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(10),
            total: Duration::from_secs(300),
            concurrency: 8,
            allow_loopback: false,
        }
    }
}

/// Redirects followed, each to an address checked again like the first.
const MAX_REDIRECTS: u32 = 5;

/// Where a web address is written: file and span of the field.
type Place = (FileId, Option<Range<usize>>);

/// Checks every web address of the guide's records; returns a warning for each that fails.
pub fn check(guide: &Guide, options: &Options) -> Diagnostics {
    let addresses = addresses(guide);
    let failures = Mutex::new(Vec::new());
    let queue = Mutex::new(addresses.keys());
    let agent = agent(options);
    let deadline = std::time::Instant::now() + options.total;
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.max(1) {
            scope.spawn(|| {
                while let Some(url) = next(&queue) {
                    let why = if std::time::Instant::now() > deadline {
                        Some(format!("non demandée, la vérification a dépassé {} s", options.total.as_secs()))
                    } else {
                        problem(&agent, url, options.allow_loopback)
                    };
                    if let Some(why) = why {
                        failures.lock().unwrap_or_else(|e| e.into_inner()).push((url.clone(), why));
                    }
                }
            });
        }
    });
    let mut diags = Diagnostics::default();
    for (url, why) in failures.into_inner().unwrap_or_else(|e| e.into_inner()) {
        for (file, span) in &addresses[&url] {
            let (message, kind) = match why.strip_prefix("non demandée, ") {
                Some(reason) => (
                    format!("l'adresse web {url} n'a pas été demandée : {reason}"),
                    ("adresse web non demandée", "adresses web non demandées"),
                ),
                None => (
                    format!("l'adresse web {url} ne répond pas : {why}"),
                    ("adresse web qui ne répond pas", "adresses web qui ne répondent pas"),
                ),
            };
            diags.push(
                Diagnostic::warning(*file, span.clone(), message)
                    .with_hint(
                        "vérifiez l'adresse dans un navigateur, et corrigez-la ou retirez-la si le site a disparu",
                    )
                    .counted_as(kind.0, kind.1),
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

/// An agent that goes only where a public website can be: its resolver keeps the public
/// addresses of a name (`fields::is_public_ip`) and refuses a name that has none, for the first
/// request and for each redirect (at most [`MAX_REDIRECTS`]), so that no request reaches the
/// loopback, a private network or a metadata endpoint, whatever the DNS answers. No proxy: the
/// name is resolved here, where it is checked.
fn agent(options: &Options) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(MAX_REDIRECTS)
        .proxy(None)
        .user_agent(concat!("bonneporte/", env!("CARGO_PKG_VERSION"), " (vérification des liens)"))
        .build();
    ureq::Agent::with_parts(
        config,
        ureq::unversioned::transport::DefaultConnector::default(),
        PublicOnly(Default::default(), options.allow_loopback),
    )
}

/// The system's resolver, keeping public addresses only (and the loopback, if allowed).
#[derive(Debug)]
struct PublicOnly(ureq::unversioned::resolver::DefaultResolver, bool);

impl PublicOnly {
    fn allows(&self, ip: std::net::IpAddr) -> bool {
        crate::content::fields::is_public_ip(ip) || (self.1 && ip.is_loopback())
    }
}

/// The error of a name without a public address: its text is what the warning says.
#[derive(Debug)]
struct NotPublic(String);

impl std::fmt::Display for NotPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotPublic {}

impl ureq::unversioned::resolver::Resolver for PublicOnly {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: ureq::unversioned::transport::NextTimeout,
    ) -> Result<ureq::unversioned::resolver::ResolvedSocketAddrs, ureq::Error> {
        let found = self.0.resolve(uri, config, timeout)?;
        let mut public = self.empty();
        for address in found.iter().filter(|a| self.allows(a.ip())) {
            public.push(*address);
        }
        match found.iter().find(|a| !self.allows(a.ip())) {
            Some(private) if public.is_empty() => Err(ureq::Error::Io(std::io::Error::other(NotPublic(format!(
                "{} mène à cette machine ou à un réseau privé ({})",
                uri.host().unwrap_or("?"),
                private.ip()
            ))))),
            _ => Ok(public),
        }
    }
}

/// Why `url` fails, in French; `None` when it answers with a success (after redirects). An
/// address written with a private or local host is not asked at all.
fn problem(agent: &ureq::Agent, url: &str, allow_loopback: bool) -> Option<String> {
    let local = crate::content::fields::web_url(url).ok().and_then(|u| crate::content::fields::local_host(&u));
    let loopback = |host: &str| host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if let Some(host) = local.filter(|host| !(allow_loopback && loopback(host))) {
        return Some(format!("non demandée, elle mène à cette machine ou à un réseau privé ({host})"));
    }
    // A HEAD has no body; after a GET, only the status is read, and the body dropped unread.
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
        ureq::Error::TooManyRedirects => format!("plus de {MAX_REDIRECTS} redirections"),
        ureq::Error::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<NotPublic>()) => {
            format!("non demandée, {}", e.get_ref().map(ToString::to_string).unwrap_or_default())
        }
        other => format!("échec de la requête ({other})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::unversioned::resolver::Resolver;

    /// A name that the system resolves to the loopback (as a DNS name of an attacker could) is
    /// refused by the resolver itself, whatever was checked on the text of the address before.
    #[test]
    fn names_resolved_to_private_addresses_are_refused() {
        let config = ureq::config::Config::default();
        let timeout = ureq::unversioned::transport::NextTimeout::default();
        for (loopback_allowed, refused) in [(false, true), (true, false)] {
            let resolver = PublicOnly(Default::default(), loopback_allowed);
            let uri: ureq::http::Uri = "http://localhost:8080/".parse().expect("uri");
            let result = resolver.resolve(&uri, &config, timeout);
            assert_eq!(result.is_err(), refused, "loopback allowed: {loopback_allowed}");
            if let Err(ureq::Error::Io(e)) = result {
                assert!(
                    e.to_string().starts_with("localhost mène à cette machine ou à un réseau privé (127.0.0.1"),
                    "{e}"
                );
            }
        }
    }
}
