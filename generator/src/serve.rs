//! `atlas serve`: build, serve the built site on 127.0.0.1, watch the site's sources and
//! rebuild on change, and reload the open pages.
//!
//! - A build writes to a staging folder and replaces the output only on success, so a failed
//!   build leaves the last good site being served; its error is printed and shown in the
//!   browser as an overlay.
//! - Every rebuild is the whole build pipeline, which reuses from the site's cache and the
//!   published site whatever the change did not touch (see `crate::cache`), so it cannot go
//!   stale (an index, a home page count or a content-hashed stylesheet name that one changed
//!   file touches) and costs what the change costs: about 0.1 s for the seed site.
//! - HTML responses get `<script src="/__atlas/livereload.js">` before `</body>`; the script
//!   long-polls `/__atlas/wait?since=N`. Nothing is injected into the files on disk.
//! - Only for this machine: it listens on 127.0.0.1, answers only requests whose `Host` is
//!   a loopback name with the port (so a web page elsewhere cannot reach it through DNS
//!   rebinding), only GET and HEAD (405 otherwise), and closes connections that do not
//!   send a whole request head within [`HEAD_TIMEOUT`] (slow or idle half-requests).

use std::future::Future;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use notify::{EventKind, RecursiveMode, Watcher};
use serde::{Deserialize, Serialize};
use tower::ServiceExt;
use tower_http::services::ServeDir;

use crate::build::{build, BuildOptions};

/// The live-reload script, a real file (`generator/assets/livereload.js`).
pub const LIVERELOAD_JS: &str = include_str!("../assets/livereload.js");
const SCRIPT_PATH: &str = "/__atlas/livereload.js";
/// How long a long-poll waits before answering "no change".
const WAIT: Duration = Duration::from_secs(25);
/// How long a connection may take to send a request's head (request line and headers), and
/// may stay idle between requests.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Changes closer together than this are one rebuild.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when not given.
    pub out: Option<PathBuf>,
    /// 0 picks a free port.
    pub port: u16,
}

/// The state of the last build, as the browser sees it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Status {
    /// Changes on every build, good or bad.
    pub version: u64,
    /// The last build's error, while it is not fixed.
    pub error: Option<String>,
}

struct Shared {
    out: PathBuf,
    status: Mutex<Status>,
    changed: tokio::sync::watch::Sender<u64>,
}

impl Shared {
    fn status(&self) -> Status {
        self.status.lock().expect("status lock").clone()
    }

    fn record(&self, result: Result<String, BuildFailed>) {
        let version = {
            let mut status = self.status.lock().expect("status lock");
            status.version += 1;
            match result {
                Ok(summary) => {
                    say(std::io::stderr(), &summary);
                    status.error = None;
                }
                Err(error) => {
                    say(
                        std::io::stderr(),
                        &format!("{error}\nthe last good site is still served"),
                    );
                    status.error = Some(error.0);
                }
            }
            status.version
        };
        self.changed.send_replace(version);
    }
}

/// Builds, serves and watches until the process is stopped.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(run(options))
}

async fn run(options: &ServeOptions) -> Result<()> {
    let root = options.root.clone();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], options.port)))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{}", options.port))?;
    let port = listener.local_addr()?.port();
    let base_url = format!("http://127.0.0.1:{port}/");

    let (changed, _) = tokio::sync::watch::channel(0);
    let shared = Arc::new(Shared {
        out: out.clone(),
        status: Mutex::new(Status::default()),
        changed,
    });
    let rebuild = {
        let (root, out, base_url) = (root.clone(), out.clone(), base_url.clone());
        move || run_build(&root, &out, &base_url)
    };
    shared.record(rebuild());
    let _watcher = watch(&root, &out, Arc::clone(&shared), rebuild)?;

    let app = Router::new()
        .route(SCRIPT_PATH, get(script))
        .route("/__atlas/status", get(status))
        .route("/__atlas/wait", get(wait))
        .fallback(site)
        .with_state(Arc::clone(&shared))
        .layer(axum::middleware::from_fn_with_state(port, guard));
    say(
        std::io::stdout(),
        &format!(
            "serving {} at {base_url} (Ctrl-C to stop)\nwatching content/, themes/ and atlas.toml in {}",
            out.display(),
            root.display()
        ),
    );
    axum::serve(TimedListener(listener), app)
        .await
        .context("the server stopped")?;
    Ok(())
}

/// Refuses what this server is not for: a `Host` that is not this machine's loopback
/// address with the port (400), methods other than GET and HEAD (405).
async fn guard(
    State(port): State<u16>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    if !is_loopback_host(host, port) {
        return (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("atlas serve answers only http://127.0.0.1:{port}/, http://localhost:{port}/ and http://[::1]:{port}/\n"),
        )
            .into_response();
    }
    if !matches!(
        *request.method(),
        axum::http::Method::GET | axum::http::Method::HEAD
    ) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [
                (header::ALLOW, "GET, HEAD"),
                (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            ],
            "atlas serve only reads: GET and HEAD\n",
        )
            .into_response();
    }
    next.run(request).await
}

/// `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (names in any case).
fn is_loopback_host(host: &str, port: u16) -> bool {
    let Some((name, given)) = host.rsplit_once(':') else {
        return false;
    };
    given == port.to_string()
        && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost") || name == "[::1]")
}

/// The listener, its connections closed when a request head is not complete within
/// [`HEAD_TIMEOUT`] (hyper as axum runs it sets no such limit).
struct TimedListener(tokio::net::TcpListener);

impl axum::serve::Listener for TimedListener {
    type Io = TimedStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (TimedStream::new(stream), addr)
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection with a deadline while the client owes the server something: the rest of a
/// request head, or (between requests) any request at all. No deadline while a request is
/// being answered (a long poll waits 25 s).
struct TimedStream {
    inner: tokio::net::TcpStream,
    deadline: std::pin::Pin<Box<tokio::time::Sleep>>,
    armed: bool,
    /// Inside a request head (bytes received, the blank line that ends it not yet).
    in_head: bool,
    /// The last bytes of the head so far, to find its end across reads.
    tail: [u8; 3],
}

impl TimedStream {
    fn new(inner: tokio::net::TcpStream) -> TimedStream {
        TimedStream {
            inner,
            deadline: Box::pin(tokio::time::sleep(HEAD_TIMEOUT)),
            armed: true,
            in_head: false,
            tail: [0; 3],
        }
    }

    fn arm(&mut self) {
        self.deadline
            .as_mut()
            .reset(tokio::time::Instant::now() + HEAD_TIMEOUT);
        self.armed = true;
    }

    /// Follows the request heads in bytes received: a head ends at an empty line.
    fn saw(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if !self.in_head {
                if b == b'\r' || b == b'\n' {
                    continue;
                }
                self.in_head = true;
                self.tail = [0; 3];
                self.arm();
            }
            let ended = b == b'\n'
                && (self.tail[2] == b'\n' || (self.tail[2] == b'\r' && self.tail[1] == b'\n'));
            self.tail = [self.tail[1], self.tail[2], b];
            if ended {
                self.in_head = false;
                self.armed = false;
            }
        }
    }
}

impl tokio::io::AsyncRead for TimedStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        use std::task::Poll;
        let before = buf.filled().len();
        match std::pin::Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let new = buf.filled()[before..].to_vec();
                self.saw(&new);
                Poll::Ready(Ok(()))
            }
            Poll::Pending if self.armed && self.deadline.as_mut().poll(cx).is_ready() => {
                Poll::Ready(Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "no complete request in time",
                )))
            }
            other => other,
        }
    }
}

impl tokio::io::AsyncWrite for TimedStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        let result = std::pin::Pin::new(&mut self.inner).poll_write(cx, buf);
        if result.is_ready() && !self.in_head {
            // Answering: the next request may come within the time from now.
            self.arm();
        }
        result
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Prints a line; a reader that went away (a closed pipe) must not stop the server.
fn say(mut to: impl Write, line: &str) {
    let _ = writeln!(to, "{line}").and_then(|()| to.flush());
}

/// One build; the summary line, or the error as `atlas build` prints it.
fn run_build(root: &Path, out: &Path, base_url: &str) -> Result<String, BuildFailed> {
    let started = Instant::now();
    build(&BuildOptions {
        root: root.to_path_buf(),
        out: Some(out.to_path_buf()),
        base_url: Some(base_url.to_string()),
        old_site: crate::build::OldSite::RemoveInBackground,
    })
    .map(|report| {
        format!(
            "built {} organisations, {} notices in {:.0} ms",
            report.orgs,
            report.notices,
            started.elapsed().as_secs_f64() * 1000.0
        )
    })
    .map_err(|e| BuildFailed(crate::error::render(&e)))
}

/// A failed build, as `atlas build` prints it: shown in the terminal and the page overlay.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
struct BuildFailed(String);

/// Watches the site's sources and rebuilds on change, on a thread of its own.
fn watch(
    root: &Path,
    out: &Path,
    shared: Arc<Shared>,
    rebuild: impl Fn() -> Result<String, BuildFailed> + Send + 'static,
) -> Result<notify::RecommendedWatcher> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    })
    .context("cannot watch files")?;
    for dir in ["content", "themes", "templates", "styles", "static"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", path.display()))?;
        }
    }
    // The root itself, not recursively, for atlas.toml (editors often replace a file by
    // renaming a new one over it, which a watch on the file itself would lose).
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;
    let root = root.to_path_buf();
    let out = out.to_path_buf();
    std::thread::spawn(move || {
        while let Ok(first) = rx.recv() {
            let mut events = vec![first];
            while let Ok(more) = rx.recv_timeout(DEBOUNCE) {
                events.push(more);
            }
            let changed: Vec<PathBuf> = events
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths)
                .filter(|p| is_source(&root, &out, p))
                .collect();
            if let Some(first) = changed.first() {
                let shown = first.strip_prefix(&root).unwrap_or(first);
                say(
                    std::io::stderr(),
                    &format!(
                        "changed: {}{}",
                        shown.display(),
                        if changed.len() > 1 {
                            format!(" and {} more", changed.len() - 1)
                        } else {
                            String::new()
                        }
                    ),
                );
                shared.record(rebuild());
            }
        }
    });
    Ok(watcher)
}

/// Whether a changed path is one of the site's sources (not the output, not an editor's
/// swap or backup file).
fn is_source(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name == "4913" {
        return false;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    match rel.components().next() {
        Some(first) if rel.components().count() == 1 => first.as_os_str() == "atlas.toml",
        Some(first) => ["content", "themes", "templates", "styles", "static"]
            .iter()
            .any(|d| first.as_os_str() == *d),
        None => false,
    }
}

async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        LIVERELOAD_JS,
    )
        .into_response()
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    no_store(Json(shared.status()).into_response())
}

#[derive(Deserialize)]
struct Since {
    since: u64,
}

/// Answers when the build version differs from `since`, or after a while with no change.
async fn wait(State(shared): State<Arc<Shared>>, Query(Since { since }): Query<Since>) -> Response {
    let mut changed = shared.changed.subscribe();
    let _ = tokio::time::timeout(WAIT, changed.wait_for(|v| *v != since)).await;
    no_store(Json(shared.status()).into_response())
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The built site: HTML pages with the live-reload script added, everything else as is.
async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    if let Some(file) = html_file(&shared.out, &path) {
        if let Ok(html) = tokio::fs::read_to_string(&file).await {
            return html_response(StatusCode::OK, &html);
        }
    }
    let response = match ServeDir::new(&shared.out)
        .append_index_html_on_directories(true)
        .oneshot(request)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status() != StatusCode::NOT_FOUND {
        return response;
    }
    let html = match tokio::fs::read_to_string(shared.out.join("404.html")).await {
        Ok(html) => html,
        // No site yet (the first build failed): a page to carry the overlay.
        Err(_) => "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No site yet</title></head><body><h1>No site has been built yet</h1><p>Fix the problem shown below (and in the terminal); the page reloads when the build succeeds.</p></body></html>".to_string(),
    };
    html_response(StatusCode::NOT_FOUND, &html)
}

/// The HTML file a URL path names, if it is one: `/a/` → `a/index.html`, `/a.html`.
fn html_file(out: &Path, path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path)?;
    let mut file = out.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." || part.contains('\\') {
            return None;
        }
        file.push(part);
    }
    // A folder without its final slash is left to ServeDir, which redirects to it (so
    // relative links on the page resolve).
    if decoded.ends_with('/') {
        file.push("index.html");
    }
    (file.extension().is_some_and(|e| e == "html") && file.is_file()).then_some(file)
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn html_response(status: StatusCode, html: &str) -> Response {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" defer></script>");
    let body = match html.to_ascii_lowercase().rfind("</body>") {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{tag}\n"),
    };
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_content_themes_and_the_config() {
        let root = Path::new("/site");
        let out = Path::new("/site/public");
        assert!(is_source(
            root,
            out,
            Path::new("/site/content/a/notices/n.md")
        ));
        assert!(is_source(
            root,
            out,
            Path::new("/site/themes/default/styles/main.css")
        ));
        assert!(is_source(root, out, Path::new("/site/atlas.toml")));
        assert!(!is_source(root, out, Path::new("/site/public/index.html")));
        assert!(!is_source(
            root,
            out,
            Path::new("/site/.public.staging-1/index.html")
        ));
        assert!(!is_source(
            root,
            out,
            Path::new("/site/content/a/notices/.n.md.swp")
        ));
        assert!(!is_source(root, out, Path::new("/site/README.md")));
    }

    #[test]
    fn html_paths_stay_inside_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("orgs/a")).unwrap();
        std::fs::write(dir.path().join("orgs/a/index.html"), "x").unwrap();
        std::fs::write(dir.path().join("index.html"), "x").unwrap();
        assert!(html_file(dir.path(), "/").is_some());
        assert!(html_file(dir.path(), "/orgs/a/").is_some());
        assert!(html_file(dir.path(), "/orgs/a").is_none());
        assert!(html_file(dir.path(), "/orgs/%61/").is_some());
        assert!(html_file(dir.path(), "/../etc/passwd").is_none());
        assert!(html_file(dir.path(), "/orgs/%2e%2e/%2e%2e/x.html").is_none());
    }

    #[test]
    fn only_loopback_hosts_with_the_port() {
        for ok in [
            "127.0.0.1:8000",
            "localhost:8000",
            "LocalHost:8000",
            "[::1]:8000",
        ] {
            assert!(is_loopback_host(ok, 8000), "{ok}");
        }
        for bad in [
            "",
            "127.0.0.1",
            "127.0.0.1:8001",
            "evil.example:8000",
            "localhost.evil.example:8000",
            "127.0.0.1.nip.io:8000",
            "[::2]:8000",
            "0.0.0.0:8000",
        ] {
            assert!(!is_loopback_host(bad, 8000), "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let response = html_response(StatusCode::OK, "<html><body><p>x</p></BODY></html>");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
    }
}
