//! The preview's connections, over `std::net`: one request per connection (`Connection: close`),
//! at most [`MAX_CONNECTIONS`] at once, each with deadlines, so that slow, idle or many clients
//! cannot starve the preview, and running out of file descriptors only delays it.
//!
//! `tiny_http` did none of this: one thread per connection without bound or timeout, and its
//! accepting thread ended for good on the first failed `accept` (too many open files), after
//! which the preview refused every connection while the process lived on.

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::http::Reply;

/// Connections served at once at most (pages, files and open pages' event streams); one more
/// gets a 503 at once.
pub const MAX_CONNECTIONS: usize = 128;
/// Time a client has to send its whole request head, however slowly it sends it.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Time one write may wait on a client that does not read.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// A request head is a line and a few headers: a browser's is under 2 KB.
const MAX_HEAD: usize = 16 * 1024;
/// Pause after a failed `accept` (out of file descriptors, say), before trying again.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);

/// What the preview needs of a request.
pub struct Request {
    pub method: String,
    /// The path and query, as written.
    pub target: String,
    pub host: Option<String>,
}

/// Accepts connections on `listener` forever, reading each request's head in a thread of its
/// own, then giving it to `handle` with its connection.
pub fn accept_forever(listener: &TcpListener, handle: Arc<dyn Fn(Request, TcpStream) + Send + Sync>) -> ! {
    let busy = Arc::new(AtomicUsize::new(0));
    let mut starved = false;
    loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors (or another passing failure): the connections already
                // open end within their deadlines, and accepting works again.
                if !starved {
                    eprintln!("attention : connexion refusée ({e}) ; l'aperçu réessaie");
                }
                starved = true;
                std::thread::sleep(ACCEPT_PAUSE);
                continue;
            }
        };
        starved = false;
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let Some(slot) = Slot::take(&busy) else {
            send(&stream, &Reply::busy(), false);
            continue;
        };
        let handle = handle.clone();
        // Out of threads, the closure is dropped: the connection closes and the slot is freed.
        let _ = std::thread::Builder::new().spawn(move || {
            if let Some(request) = read_head(&stream) {
                handle(request, stream);
            }
            drop(slot);
        });
    }
}

/// Reads and parses a request head within [`HEAD_DEADLINE`]; answers 408, 431 or 400 and gives
/// `None` when the client is too slow, sends too much or sends no HTTP.
fn read_head(mut stream: &TcpStream) -> Option<Request> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            send(stream, &Reply::status_only(408), false);
            return None;
        }
        let read = match stream.read(&mut buffer) {
            Ok(0) => return None,
            Ok(read) => read,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                send(stream, &Reply::status_only(408), false);
                return None;
            }
            Err(_) => return None,
        };
        head.extend_from_slice(&buffer[..read]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&head) {
            Ok(httparse::Status::Complete(_)) => return Some(request_of(&parsed)),
            Ok(httparse::Status::Partial) if head.len() <= MAX_HEAD => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                send(stream, &Reply::status_only(431), false);
                return None;
            }
            Err(_) => {
                send(stream, &Reply::status_only(400), false);
                return None;
            }
        }
    }
}

fn request_of(parsed: &httparse::Request) -> Request {
    let host = parsed.headers.iter().find(|h| h.name.eq_ignore_ascii_case("host"));
    Request {
        method: parsed.method.unwrap_or_default().to_string(),
        target: parsed.path.unwrap_or_default().to_string(),
        host: host.map(|h| String::from_utf8_lossy(h.value).into_owned()),
    }
}

/// Writes `reply` (its head only when `head_only`, for `HEAD`) and ends the response; a client
/// gone or too slow to read is left as it is.
pub fn send(mut stream: &TcpStream, reply: &Reply, head_only: bool) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    if let Some(location) = &reply.location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    if reply.status == 405 {
        head.push_str("Allow: GET, HEAD\r\n");
    }
    head.push_str("\r\n");
    let body: &[u8] = if head_only { &[] } else { &reply.body };
    let _ = stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(body)).and_then(|_| stream.flush());
}

/// Whether the client has closed its side of `stream`: an open page's event stream, which the
/// client never writes to after its request, ends when it reads the end of the connection.
pub fn closed_by_client(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let closed = match stream.peek(&mut [0]) {
        Ok(read) => read == 0,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    };
    closed || stream.set_nonblocking(false).is_err()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(busy: &Arc<AtomicUsize>) -> Option<Slot> {
        let taken = busy.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(busy.clone());
        (taken < MAX_CONNECTIONS).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
