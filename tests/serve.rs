//! `bonneporte serve` on loopback: the binary runs on a copy of the minimal fixture guide with
//! `--port 0`; requests go through raw TCP so that paths reach the server exactly as written
//! (an HTTP client would normalise `..` away). Waits poll with a deadline: no sleep decides.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(20);
/// Connections the preview serves at once (`serve::connection::MAX_CONNECTIONS`).
const MAX_CONNECTIONS: usize = 128;
const PARTNER: &str = "structures/dep/ml-bourges.yaml";
const PARTNER_PAGE: &str = "/structures/ml-bourges/";

/// A running preview; killed when dropped.
struct Preview {
    child: Child,
    /// `127.0.0.1:port`
    address: String,
}

impl Preview {
    /// Starts `bonneporte serve` on `guide`, from `cwd` (where a `public/` must never appear).
    fn start(guide: &Path, cwd: &Path) -> Preview {
        Preview::start_limited(guide, cwd, None, Stdio::null())
    }

    /// Starts it with at most `files` open file descriptors (the shell's `ulimit -n`), its error
    /// output sent to `stderr`.
    fn start_limited(guide: &Path, cwd: &Path, files: Option<u32>, stderr: Stdio) -> Preview {
        let binary = env!("CARGO_BIN_EXE_bonneporte");
        let mut command = match files {
            None => Command::new(binary),
            Some(files) => {
                let mut shell = Command::new("sh");
                shell.arg("-c").arg(format!("ulimit -n {files} && exec \"$0\" \"$@\"")).arg(binary);
                shell
            }
        };
        let mut child = command
            .args(["serve", "--port", "0", "--content"])
            .arg(guide)
            .current_dir(cwd)
            .env("BONNEPORTE_DATE", "2026-11-23")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("spawn bonneporte serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("read url");
        let address = line.trim().trim_start_matches("http://").trim_end_matches('/').to_string();
        assert!(address.starts_with("127.0.0.1:"), "first line should be the loopback URL: {line:?}");
        Preview { child, address }
    }

    /// `count` connections that send nothing.
    fn idle(&self, count: usize) -> Vec<TcpStream> {
        (0..count).map(|_| TcpStream::connect(&self.address).expect("connect")).collect()
    }

    /// Polls `GET /` until it is answered 200; the statuses met before it.
    fn until_answered(&self, deadline: Duration) -> Vec<u16> {
        let start = Instant::now();
        let mut statuses = Vec::new();
        while start.elapsed() < deadline {
            match self.try_get("/") {
                Some(200) => return statuses,
                Some(status) => statuses.push(status),
                None => statuses.push(0),
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("GET / not answered 200 within {deadline:?}: {statuses:?}");
    }

    /// The status of `GET path`, or `None` if the connection fails or stays silent.
    fn try_get(&self, path: &str) -> Option<u16> {
        let mut stream = TcpStream::connect_timeout(&self.address.parse().ok()?, Duration::from_secs(2)).ok()?;
        stream.set_read_timeout(Some(DEADLINE)).ok()?;
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).ok()?;
        status_line(&mut stream).split(' ').nth(1)?.parse().ok()
    }

    /// Status and body of `GET path`, the path sent as it is.
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let end = response.windows(4).position(|w| w == b"\r\n\r\n").map_or(response.len(), |i| i + 4);
        let (head, body) = response.split_at(end);
        let head = String::from_utf8_lossy(head);
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, String::from_utf8_lossy(body).into_owned())
    }

    /// The status line of `GET path` sent with `host` as its `Host` header (`None`: none).
    fn status_for_host(&self, path: &str, host: Option<&str>) -> String {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        write!(stream, "GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n").expect("send");
        let mut response = String::new();
        BufReader::new(stream).read_to_string(&mut response).expect("read");
        response.lines().next().unwrap_or_default().to_string()
    }

    /// Header `name` of `GET path`.
    fn header(&self, path: &str, name: &str) -> Option<String> {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.address).expect("send");
        let mut response = String::new();
        BufReader::new(stream).read_to_string(&mut response).ok()?;
        let head = response.split("\r\n\r\n").next()?;
        head.lines().find_map(|l| {
            let (key, value) = l.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim().to_string())
        })
    }

    /// Polls `GET path` until `done(status, body)`; fails with the last answer at the deadline.
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if done(status, &body) {
                return body;
            }
            assert!(start.elapsed() < DEADLINE, "{what}: still {status} after {DEADLINE:?}:\n{body}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the event stream of a page made at version 0.
    fn events(&self) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(&self.address).expect("connect");
        write!(stream, "GET /__bonneporte/evenements?v=0 HTTP/1.1\r\nHost: {}\r\n\r\n", self.address).expect("send");
        stream.set_read_timeout(Some(DEADLINE)).expect("timeout");
        BufReader::new(stream)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn edit(guide: &Path, file: &str, change: impl Fn(&str) -> String) {
    let path = guide.join(file);
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(&path, change(&text)).expect("write");
}

#[test]
fn an_edit_is_announced_and_served_updated() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let (status, page) = preview.get(PARTNER_PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("Mission locale de Bourges (test)"), "{page}");
    assert!(page.contains("<script type=\"module\" src=\"/__bonneporte/recharger.js?v=0\"></script>\n</head>"));
    let (status, script) = preview.get("/__bonneporte/recharger.js?v=0");
    assert_eq!(status, 200);
    assert!(script.contains("EventSource"), "{script}");

    let mut events = preview.events();
    edit(guide.path(), PARTNER, |t| t.replace("Mission locale de Bourges (test)", "Mission locale du Cher modifiée"));
    let mut line = String::new();
    while !line.starts_with("event: reload") {
        line.clear();
        events.read_line(&mut line).expect("an event before the deadline");
    }
    preview.wait_for(PARTNER_PAGE, "the edit", |s, body| s == 200 && body.contains("Mission locale du Cher modifiée"));
    let (_, home) = preview.get("/");
    assert!(home.contains("recharger.js?v=1"), "pages carry the new version");

    assert!(!cwd.path().join("public").exists() && !guide.path().join("public").exists(), "serve wrote public/");
}

#[test]
fn an_edit_is_served_when_the_guide_is_named_relative_to_the_working_folder() {
    // As with the default `--content content`: the watcher reports absolute paths.
    let guide = common::guide(None);
    let (parent, name) = (guide.path().parent().expect("parent"), guide.path().file_name().expect("name"));
    let preview = Preview::start(Path::new(name), parent);
    edit(guide.path(), PARTNER, |t| t.replace("Mission locale de Bourges (test)", "Mission locale relative"));
    preview.wait_for(PARTNER_PAGE, "the edit", |s, body| s == 200 && body.contains("Mission locale relative"));
}

#[test]
fn an_error_shows_in_every_page_with_its_place_and_goes_away_when_fixed() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let original = std::fs::read_to_string(guide.path().join(PARTNER)).expect("read");

    edit(guide.path(), PARTNER, |t| format!("{t}telephone: \"02 99 00 00 03\"\n"));
    let page = preview.wait_for(PARTNER_PAGE, "the error", |s, _| s == 500);
    assert!(page.contains("Le guide contient 1 erreur"), "{page}");
    assert!(page.contains("structures/dep/ml-bourges.yaml, ligne 7, colonne 1"), "{page}");
    assert!(page.contains("clé « telephone » en double"), "{page}");
    assert!(page.contains("recharger.js"), "the error page reloads itself");
    let (status, home) = preview.get("/");
    assert!(status == 500 && home.contains("ligne 7"), "every page shows the error");

    std::fs::write(guide.path().join(PARTNER), original).expect("fix");
    let page = preview.wait_for(PARTNER_PAGE, "the fix", |s, _| s == 200);
    assert!(page.contains("Mission locale de Bourges (test)") && !page.contains("en double"), "{page}");
}

#[test]
fn error_messages_are_escaped() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    edit(guide.path(), PARTNER, |t| format!("{t}<script>alert(1)</script>: oui\n"));
    let page = preview.wait_for(PARTNER_PAGE, "the error", |s, _| s == 500);
    assert!(page.contains("&lt;script&gt;") && !page.contains("<script>alert"), "{page}");
}

#[test]
fn only_its_own_host_names_are_answered() {
    // A page of another site could read the preview by pointing its name at 127.0.0.1 (DNS
    // rebinding): its requests name that host, and get nothing.
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let port = preview.address.rsplit(':').next().expect("port");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), format!("[::1]:{port}")] {
        assert!(preview.status_for_host(PARTNER_PAGE, Some(&host)).contains(" 200 "), "{host}");
    }
    for host in [Some(format!("evil.example:{port}")), Some("evil.example".into()), Some("localhost:1".into()), None] {
        for path in [PARTNER_PAGE, "/__bonneporte/evenements?v=0", "/site.yaml"] {
            let status = preview.status_for_host(path, host.as_deref());
            assert!(status.contains(" 421 "), "{host:?} {path}: {status}");
        }
    }
}

#[test]
fn files_outside_the_site_are_never_served() {
    let guide = common::guide(None);
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(outside.path().join("secret.txt"), "SECRET").expect("write");
    #[cfg(unix)]
    {
        let statics = guide.path().join("static");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), statics.join("fuite.txt")).expect("symlink");
        std::os::unix::fs::symlink(outside.path(), statics.join("dehors")).expect("symlink");
    }
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());

    let (status, text) = preview.get("/lisez-moi.txt");
    assert_eq!(status, 200, "a file of static/ is served");
    assert!(!text.is_empty());
    assert_eq!(preview.header("/lisez-moi.txt", "content-type").as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(preview.header("/assets/site.css", "content-type").as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(preview.get("/territoires/").0, 200, "a folder serves its index.html");
    assert_eq!(preview.header("/territoires", "location").as_deref(), Some("/territoires/"));
    let (status, missing) = preview.get("/structures/inexistante/");
    assert!(status == 404 && missing.contains("lang=\"fr\""), "missing pages get the 404 page");

    let attempts = [
        "/../site.yaml",
        "/static/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/%252e%252e/site.yaml",
        "/%252e%252e%252fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/static%5c..%5c..%5csite.yaml",
        "/lisez-moi.txt%00.html",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/fuite.txt",
        "/dehors/secret.txt",
        "/static/lisez-moi.txt",
        "/site.yaml",
    ];
    for path in attempts {
        let (status, body) = preview.get(path);
        assert_eq!(status, 404, "{path} answered {status}");
        assert!(!body.contains("SECRET") && !body.contains("nom:"), "{path} leaked a file");
    }
}

/// Every file of a build (pages, wizard data, search export, assets, static files) is served
/// with the same bytes, pages with only the reload script added: the preview shows the site.
#[test]
fn every_file_of_a_build_is_served_as_built() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let site = cwd.path().join("site");
    let config = bonneporte::build::BuildConfig {
        content: guide.path().into(),
        out: site.clone(),
        base_url: Some(format!("http://{}/", preview.address)),
        today: common::today(),
    };
    assert!(bonneporte::build::build(&config).is_ok(), "build");
    let script = "<script type=\"module\" src=\"/__bonneporte/recharger.js?v=0\"></script>\n";
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(&site).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let relative = entry.path().strip_prefix(&site).expect("prefix").to_string_lossy().replace('\\', "/");
        // Not pages of the site: the output marker, the fingerprints of its files and what they
        // were made from (for the next build), and the files for crawlers.
        if [".bonneporte", ".bonneporte-empreintes", ".bonneporte-entrees", "sitemap.xml", "robots.txt"]
            .contains(&relative.as_str())
        {
            continue;
        }
        let built = String::from_utf8_lossy(&std::fs::read(entry.path()).expect("read")).into_owned();
        let (status, served) = preview.get(&format!("/{relative}"));
        assert_eq!(status, 200, "/{relative}");
        let served = if relative.ends_with(".html") { served.replacen(script, "", 1) } else { served };
        assert!(served == built, "/{relative} differs from the build");
        compared += 1;
    }
    assert!(compared > 40, "too few files compared: {compared}");
}

/// Each error case of `tests/fixtures/errors/`, put on top of a minimal guide already read and
/// read again file by file (`load::reload`, what `serve` does on a save), reports exactly what a
/// fresh check reports (`<case>.expected`); putting the files back makes the guide clean again.
#[test]
fn reading_only_the_changed_files_reports_what_a_full_check_reports() {
    use bonneporte::content::load;
    use bonneporte::diag::{Diagnostics, Sources, short_report};

    let report = |guide: &load::Guide, sources: &Sources, read: &Diagnostics| {
        let mut paths = sources.paths();
        let mut diags = Diagnostics { items: read.items.clone() };
        diags.extend(bonneporte::check::check(guide, &mut paths, common::today()));
        diags.sort(&paths);
        assert_eq!(paths.len(), sources.len(), "no required file is missing in these cases");
        short_report(&diags, sources)
    };
    let errors = common::fixtures().join("errors");
    let mut cases: Vec<_> =
        std::fs::read_dir(&errors).expect("errors").flatten().filter(|e| e.path().is_dir()).collect();
    cases.sort_by_key(|e| e.file_name());
    assert!(cases.len() >= 15);
    for case in cases {
        let dir = common::guide(None);
        let (mut sources, mut read) = (Sources::default(), Diagnostics::default());
        let mut guide = load::load(dir.path(), &mut sources, &mut read).expect("load");
        let case_files: Vec<_> = walkdir::WalkDir::new(case.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(case.path()).expect("prefix").to_path_buf())
            .collect();
        let changed: Vec<_> = case_files.iter().map(|f| dir.path().join(f)).collect();

        common::overlay(&case.path(), dir.path());
        load::reload(&mut guide, &mut sources, &mut read, &changed);
        let expected = std::fs::read_to_string(errors.join(format!("{}.expected", case.file_name().to_string_lossy())))
            .expect("expected file");
        let name = case.file_name();
        assert_eq!(report(&guide, &sources, &read).join("\n") + "\n", expected, "case {name:?}");

        let minimal = common::fixtures().join("minimal");
        for file in &case_files {
            match std::fs::copy(minimal.join(file), dir.path().join(file)) {
                Ok(_) => {}
                Err(_) => std::fs::remove_file(dir.path().join(file)).expect("remove"),
            }
        }
        load::reload(&mut guide, &mut sources, &mut read, &changed);
        assert_eq!(report(&guide, &sources, &read), Vec::<String>::new(), "case {name:?} put back");
    }
}

/// The first line the server sends on `stream` (empty if it closes or stays silent).
fn status_line(stream: &mut TcpStream) -> String {
    let mut line = String::new();
    let _ = BufReader::new(stream).read_line(&mut line);
    line.trim_end().to_string()
}

/// Idle connections cannot starve the preview: those beyond its bound are refused at once (503),
/// those within it are closed when their time to send a request is up (408), and a normal
/// request is then answered.
#[test]
fn idle_connections_are_refused_beyond_the_bound_then_closed() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let mut idle = preview.idle(MAX_CONNECTIONS + 20);
    let beyond = idle.last_mut().expect("one");
    beyond.set_read_timeout(Some(DEADLINE)).expect("timeout");
    assert!(status_line(beyond).starts_with("HTTP/1.1 503 "), "a connection beyond the bound is refused");
    let statuses = preview.until_answered(DEADLINE);
    assert!(statuses.contains(&503), "while the idle ones hold every place, a request is refused: {statuses:?}");
    let first = idle.first_mut().expect("one");
    first.set_read_timeout(Some(DEADLINE)).expect("timeout");
    assert!(status_line(first).starts_with("HTTP/1.1 408 "), "an idle connection is closed in time");
}

/// A client that sends its request a byte at a time is cut off before it is done.
#[test]
fn a_request_sent_byte_by_byte_is_cut_off() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let mut stream = TcpStream::connect(&preview.address).expect("connect");
    // At 4 bytes a second, 100 bytes would take 25 s: more than the preview waits for a head.
    let request = format!("GET / HTTP/1.1\r\nHost: {}\r\nUser-Agent: {}\r\n\r\n", preview.address, "x".repeat(50));
    let mut sent = 0;
    for byte in request.bytes() {
        std::thread::sleep(Duration::from_millis(250));
        if stream.write_all(&[byte]).is_err() {
            break;
        }
        sent += 1;
    }
    assert!(sent < request.len(), "the whole slow request was taken");
}

/// A page's event stream ends when the page closes it: open pages fill every place, are
/// closed, and the preview answers again at once, not after a keep-alive (15 s) or a time-out.
#[test]
fn a_closed_page_frees_its_event_stream() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let preview = Preview::start(guide.path(), cwd.path());
    let pages: Vec<_> = (0..MAX_CONNECTIONS).map(|_| preview.events()).collect();
    for mut page in pages.into_iter().rev() {
        let mut head = String::new();
        while head != "\r\n" {
            head.clear();
            page.read_line(&mut head).expect("the stream's head");
        }
    }
    // Each stream was read and then dropped: closed by the page.
    preview.until_answered(Duration::from_secs(5));
}

/// Out of file descriptors, the preview waits for connections to close instead of giving up
/// on accepting for good (as `tiny_http`'s accepting thread did).
#[cfg(target_os = "linux")]
#[test]
fn the_preview_serves_again_after_running_out_of_file_descriptors() {
    let guide = common::guide(None);
    let cwd = tempfile::tempdir().expect("tempdir");
    let log = cwd.path().join("serve.log");
    let stderr = std::fs::File::create(&log).expect("log");
    let preview = Preview::start_limited(guide.path(), cwd.path(), Some(64), stderr.into());
    let idle = preview.idle(80);
    preview.until_answered(DEADLINE * 2);
    let log = std::fs::read_to_string(&log).expect("log");
    assert!(log.contains("os error 24"), "the preview did run out of file descriptors: {log}");
    drop(idle);
}
