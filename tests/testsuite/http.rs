//! A small HTTP/1.1 server for the history tests, on 127.0.0.1 in a thread: each path
//! answers as the test sets it (a page, a status, a redirect, slowly, too much), and may be
//! changed between requests; every request is recorded with its User-Agent and time.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One answer of the test server.
#[derive(Clone)]
pub enum Answer {
    Page {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
    },
    /// `302` to the given path.
    Redirect(String),
    /// Waits before answering 200.
    Slow(Duration),
    /// A body of this many bytes, declared.
    Huge(usize),
    /// This many bytes sent with no Content-Length (read until close).
    HugeUndeclared(usize),
}

/// A request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    pub path: String,
    pub user_agent: String,
    pub at: Instant,
}

pub struct Server {
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Mutex<HashMap<String, Answer>>> = Arc::default();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let (r, s) = (routes.clone(), seen.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (r, s) = (r.clone(), s.clone());
                std::thread::spawn(move || serve(stream, &r, &s));
            }
        });
        // Redirect chains: /hop/N answers 302 to /hop/N-1; /hop/0 is a page.
        for n in 1..=8 {
            routes.lock().unwrap().insert(
                format!("/hop/{n}"),
                Answer::Redirect(format!("/hop/{}", n - 1)),
            );
        }
        let server = Server { port, routes, seen };
        server.page("/hop/0", "text/html", HOP_PAGE);
        server
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn set(&self, path: &str, answer: Answer) {
        self.routes.lock().unwrap().insert(path.to_string(), answer);
    }

    pub fn page(&self, path: &str, content_type: &'static str, body: &str) {
        self.set(
            path,
            Answer::Page {
                status: 200,
                content_type,
                body: body.as_bytes().to_vec(),
            },
        );
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(mut stream: TcpStream, routes: &Mutex<HashMap<String, Answer>>, seen: &Mutex<Vec<Seen>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut user_agent = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("user-agent") {
                user_agent = v.trim().to_string();
            }
        }
    }
    seen.lock().unwrap().push(Seen {
        path: path.clone(),
        user_agent,
        at: Instant::now(),
    });
    let answer = routes.lock().unwrap().get(&path).cloned();
    let head = |status: u16, extra: &str| {
        format!("HTTP/1.1 {status} X\r\nConnection: close\r\n{extra}\r\n").into_bytes()
    };
    let _ = match answer {
        None => stream
            .write_all(&head(404, "Content-Length: 9\r\n"))
            .and_then(|_| stream.write_all(b"not found")),
        Some(Answer::Page {
            status,
            content_type,
            body,
        }) => stream
            .write_all(&head(
                status,
                &format!(
                    "Content-Type: {content_type}\r\nContent-Length: {}\r\n",
                    body.len()
                ),
            ))
            .and_then(|_| stream.write_all(&body)),
        Some(Answer::Redirect(to)) => stream.write_all(&head(
            302,
            &format!("Location: {to}\r\nContent-Length: 0\r\n"),
        )),
        Some(Answer::Slow(wait)) => {
            std::thread::sleep(wait);
            stream
                .write_all(&head(
                    200,
                    "Content-Type: text/html\r\nContent-Length: 5\r\n",
                ))
                .and_then(|_| stream.write_all(b"late!"))
        }
        Some(Answer::Huge(n)) => stream
            .write_all(&head(
                200,
                &format!("Content-Type: text/html\r\nContent-Length: {n}\r\n"),
            ))
            .and_then(|_| write_filler(&mut stream, n)),
        Some(Answer::HugeUndeclared(n)) => stream
            .write_all(&head(200, "Content-Type: text/plain\r\n"))
            .and_then(|_| write_filler(&mut stream, n)),
    };
    let _ = stream.flush();
}

fn write_filler(stream: &mut TcpStream, n: usize) -> std::io::Result<()> {
    let chunk = "Privacy words. ".repeat(4096);
    let mut left = n;
    while left > 0 {
        let take = left.min(chunk.len());
        stream.write_all(&chunk.as_bytes()[..take])?;
        left -= take;
    }
    Ok(())
}

/// The page at the end of a redirect chain.
const HOP_PAGE: &str = "<!doctype html><html><body><main><h1>Redirected notice</h1><p>Example Borough Council holds records.</p></main></body></html>";
