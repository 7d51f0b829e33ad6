//! What the preview answers, apart from its connections: turning a request's URL into a safe
//! relative path, telling its own host names from others, and replies with the right type.

use std::net::IpAddr;
use std::path::Path;

/// A reply to one request.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Where a redirect goes.
    pub location: Option<String>,
}

impl Reply {
    pub fn html(status: u16, html: String) -> Reply {
        Reply { status, content_type: "text/html; charset=utf-8", body: html.into_bytes(), location: None }
    }

    pub fn file(path: &str, body: Vec<u8>) -> Reply {
        Reply { status: 200, content_type: content_type(path), body, location: None }
    }

    pub fn redirect(location: &str) -> Reply {
        Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: Vec::new(),
            location: Some(location.into()),
        }
    }

    /// To a request for another host: a page of another site that the editor opens could
    /// otherwise read the preview by pointing its own name at 127.0.0.1 (DNS rebinding).
    pub fn misdirected() -> Reply {
        Reply::html(
            421,
            "<!DOCTYPE html>\n<html lang=\"fr\"><title>Adresse refusée</title><h1>Adresse refusée</h1>\
             <p>L'aperçu ne répond qu'à son adresse : http://localhost:PORT/ ou http://127.0.0.1:PORT/.</p></html>\n"
                .into(),
        )
    }

    /// A status that needs no more than its line: a request too slow (408), too large (431),
    /// not HTTP (400), or with a method the preview does not answer (405).
    pub fn status_only(status: u16) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8", body: Vec::new(), location: None }
    }

    /// When as many connections as the preview serves at once are open.
    pub fn busy() -> Reply {
        Reply::html(
            503,
            "<!DOCTYPE html>\n<html lang=\"fr\"><title>Aperçu occupé</title><h1>Aperçu occupé : rechargez la page</h1></html>\n"
                .into(),
        )
    }

    pub fn not_found() -> Reply {
        Reply::html(
            404,
            "<!DOCTYPE html>\n<html lang=\"fr\"><title>Introuvable</title><h1>Page introuvable</h1></html>\n".into(),
        )
    }
}

/// Whether `host` (a request's `Host` header) names this preview, listening on `bind`:`port`:
/// `localhost`, a loopback address or the bound one, with the port (a browser leaves out only
/// `:80`). A name that is not `localhost` is refused, whatever it points at; any address is
/// accepted when listening on all of them (`--bind 0.0.0.0`).
pub fn own_host(host: Option<&str>, bind: IpAddr, port: u16) -> bool {
    let Some(host) = host.map(str::trim) else { return false };
    let (name, written_port) = match host.rsplit_once(':') {
        Some((name, p)) if !p.ends_with(']') => (name, p.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    if written_port != Some(port) {
        return false;
    }
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip == bind || bind.is_unspecified())
}

/// The file a request's URL names, relative to the site root with `/` separators (`index.html`
/// added to a folder), or `None` when it could step out of the site: `..` or `.` segments,
/// backslashes, NUL or control characters, empty segments, whether written plainly or
/// percent-encoded. The URL is decoded once: `%252e` stays the name `%2e`, which no file has.
pub fn safe_path(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_prefix('/')?;
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    let (folder, is_folder) = match decoded.strip_suffix('/') {
        Some(folder) => (folder, true),
        None => (decoded.as_ref(), decoded.is_empty()),
    };
    let segments: Vec<&str> = if folder.is_empty() { Vec::new() } else { folder.split('/').collect() };
    let unsafe_segment = |s: &&str| {
        s.is_empty() || *s == "." || *s == ".." || s.contains(['\\', ':']) || s.chars().any(char::is_control)
    };
    if segments.iter().any(unsafe_segment) {
        return None;
    }
    let mut file = segments.join("/");
    if is_folder {
        file.push_str(if file.is_empty() { "index.html" } else { "/index.html" });
    }
    Some(file)
}

/// Reads `relative` under `dir` only if, once symlinks are resolved, it is still a file inside
/// `dir`: a link in the guide's `static/` that points elsewhere is not followed out.
pub fn read_inside(dir: &Path, relative: &str) -> Option<Vec<u8>> {
    let dir = dir.canonicalize().ok()?;
    let file = dir.join(relative).canonicalize().ok()?;
    if !file.starts_with(&dir) || !file.is_file() {
        return None;
    }
    std::fs::read(file).ok()
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_serve_their_index_and_files_keep_their_name() {
        let cases = [
            ("/", Some("index.html")),
            ("/territoires/", Some("territoires/index.html")),
            ("/territoires/cher/?q=1#haut", Some("territoires/cher/index.html")),
            ("/assets/site.css", Some("assets/site.css")),
            ("/caf%C3%A9.txt", Some("café.txt")),
            ("/%252e%252e/site.yaml", Some("%2e%2e/site.yaml")),
        ];
        for (url, expected) in cases {
            assert_eq!(safe_path(url).as_deref(), expected, "{url}");
        }
    }

    #[test]
    fn only_its_own_host_names_are_answered() {
        let loopback: IpAddr = "127.0.0.1".parse().expect("ip");
        for host in ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST:8000", "127.0.0.2:8000"] {
            assert!(own_host(Some(host), loopback, 8000), "{host}");
        }
        for host in [
            "evil.example:8000",
            "localhost.evil.example:8000",
            "127.0.0.1:8001",
            "localhost",
            "192.168.1.5:8000",
            "",
            "[::1]",
        ] {
            assert!(!own_host(Some(host), loopback, 8000), "{host}");
        }
        assert!(!own_host(None, loopback, 8000), "no Host header");
        assert!(own_host(Some("localhost"), loopback, 80), "port 80 goes unwritten");
        let lan: IpAddr = "192.168.1.5".parse().expect("ip");
        assert!(own_host(Some("192.168.1.5:8000"), lan, 8000));
        assert!(!own_host(Some("192.168.1.6:8000"), lan, 8000));
        let all: IpAddr = "0.0.0.0".parse().expect("ip");
        assert!(own_host(Some("192.168.1.6:8000"), all, 8000));
        assert!(!own_host(Some("evil.example:8000"), all, 8000));
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        let cases = [
            "/../site.yaml",
            "/static/../../etc/passwd",
            "/%2e%2e/site.yaml",
            "/%2E%2E%2Fsite.yaml",
            "/..%2fsite.yaml",
            "/..\\site.yaml",
            "/%5c..%5csite.yaml",
            "/a/./b",
            "//etc/passwd",
            "/a%00.html",
            "/C:/Windows",
            "relative",
            "/%ff",
        ];
        for url in cases {
            assert_eq!(safe_path(url), None, "{url}");
        }
    }
}
