//! Fetching a notice page over HTTP(S) for `atlas import URL` and `atlas refresh`.
//!
//! One request at a time, with a pause between two requests to the same host; connect and
//! read timeouts; at most [`MAX_REDIRECTS`] redirects; at most [`MAX_INPUT_BYTES`] read
//! (the limit for files too); `text/html` or `text/plain` only; a User-Agent naming the tool
//! and its version. TLS is rustls with the webpki roots (no OpenSSL).
//!
//! The timeouts and the pause come from the environment when set (`ATLAS_FETCH_TIMEOUT_MS`,
//! `ATLAS_FETCH_CONNECT_TIMEOUT_MS`, `ATLAS_FETCH_PAUSE_MS`), so tests can shorten them.

use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};

use super::{Format, MAX_INPUT_BYTES};

/// Redirects followed before a fetch is refused.
pub const MAX_REDIRECTS: u32 = 5;

/// The User-Agent every request sends.
pub const USER_AGENT: &str = concat!(
    "notice-atlas/",
    env!("CARGO_PKG_VERSION"),
    " (privacy notice archive; +https://github.com/notice-atlas)"
);

/// Timeouts and the pause between requests to one host.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    /// Connecting (DNS and TCP, TLS handshake's first read excluded).
    pub connect: Duration,
    /// Waiting for any one read (headers or a piece of the body).
    pub read: Duration,
    /// The whole request, redirects and body included.
    pub total: Duration,
    /// Between the end of one request to a host and the start of the next.
    pub pause: Duration,
}

impl Default for FetchLimits {
    fn default() -> Self {
        FetchLimits {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(30),
            total: Duration::from_secs(120),
            pause: Duration::from_secs(2),
        }
    }
}

impl FetchLimits {
    /// The defaults, overridden by `ATLAS_FETCH_TIMEOUT_MS` (read and total),
    /// `ATLAS_FETCH_CONNECT_TIMEOUT_MS` and `ATLAS_FETCH_PAUSE_MS` where set to a number.
    pub fn from_env() -> FetchLimits {
        let ms = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_millis)
        };
        let mut limits = FetchLimits::default();
        if let Some(t) = ms("ATLAS_FETCH_TIMEOUT_MS") {
            limits.read = t;
            limits.total = t.max(Duration::from_millis(1)) * 4;
        }
        if let Some(t) = ms("ATLAS_FETCH_CONNECT_TIMEOUT_MS") {
            limits.connect = t;
        }
        if let Some(t) = ms("ATLAS_FETCH_PAUSE_MS") {
            limits.pause = t;
        }
        limits
    }
}

/// A page as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The address asked for.
    pub url: String,
    /// The address the page came from after redirects.
    pub final_url: String,
    pub bytes: Vec<u8>,
    /// From the Content-Type header.
    pub format: Format,
}

/// Why a page could not be fetched: one line for the user, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub url: String,
    pub reason: String,
    pub help: &'static str,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}\n  help: {}", self.url, self.reason, self.help)
    }
}

impl std::error::Error for FetchError {}

/// Fetches pages one at a time, pausing between requests to the same host.
pub struct Fetcher {
    agent: ureq::Agent,
    limits: FetchLimits,
    last: HashMap<String, Instant>,
}

impl Fetcher {
    pub fn new(limits: FetchLimits) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .accept("text/html, text/plain;q=0.9")
            .http_status_as_error(false)
            .max_redirects(MAX_REDIRECTS)
            .max_redirects_will_error(true)
            .timeout_connect(Some(limits.connect))
            .timeout_resolve(Some(limits.connect))
            .timeout_per_read(Some(limits.read))
            .timeout_recv_response(Some(limits.read))
            .timeout_global(Some(limits.total))
            .build();
        Fetcher {
            agent: config.into(),
            limits,
            last: HashMap::new(),
        }
    }

    pub fn limits(&self) -> FetchLimits {
        self.limits
    }

    /// Fetches `url` (http or https), or says why not.
    pub fn fetch(&mut self, url: &str) -> Result<Fetched, FetchError> {
        let fail = |reason: String, help: &'static str| FetchError {
            url: crate::text::excerpt(url, 200),
            reason,
            help,
        };
        let parsed = url::Url::parse(url.trim()).map_err(|e| {
            fail(
                format!("not a web address ({e})"),
                "write it as https://www.example.gov.uk/privacy",
            )
        })?;
        if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
            return Err(fail(
                format!(
                    "a {}: address; only http and https pages are fetched",
                    crate::text::excerpt(parsed.scheme(), 20)
                ),
                "give the http(s) address the notice is published at",
            ));
        }
        let host = parsed.host_str().unwrap_or_default().to_ascii_lowercase();
        if let Some(last) = self.last.get(&host) {
            let since = last.elapsed();
            if since < self.limits.pause {
                std::thread::sleep(self.limits.pause - since);
            }
        }
        let result = self.request(parsed.as_str(), &fail);
        self.last.insert(host, Instant::now());
        result
    }

    fn request(
        &self,
        url: &str,
        fail: &dyn Fn(String, &'static str) -> FetchError,
    ) -> Result<Fetched, FetchError> {
        use ureq::ResponseExt;
        let mut response = self
            .agent
            .get(url)
            .call()
            .map_err(|e| describe(e, self.limits, fail))?;
        let status = response.status().as_u16();
        let final_url = response.get_uri().to_string();
        if status >= 400 {
            let (reason, help) = match status {
                404 | 410 => (
                    format!("the server answered {status} (not found)"),
                    "the notice may have moved: find its new address and import it from there",
                ),
                401 | 403 => (
                    format!("the server answered {status} (access refused)"),
                    "the page is not public, or the site refuses this tool: save the page from a browser and import the file",
                ),
                500..=599 => (
                    format!("the server answered {status} (server error)"),
                    "the site may be down: try again later",
                ),
                _ => (
                    format!("the server answered {status}"),
                    "open the address in a browser to see what it says",
                ),
            };
            return Err(fail(reason, help));
        }
        if (300..400).contains(&status) {
            return Err(fail(
                format!("the server answered {status} without a usable Location"),
                "open the address in a browser and import the page it ends at",
            ));
        }
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let format = match media.as_str() {
            "text/html" | "application/xhtml+xml" => Format::Html,
            "text/plain" => Format::Text,
            "" => {
                return Err(fail(
                    "the server did not say what the page is (no Content-Type)".into(),
                    "only text/html and text/plain pages are imported; save the page from a browser and import the file",
                ))
            }
            other => {
                return Err(fail(
                    format!(
                        "the page is {}, not text/html or text/plain",
                        crate::text::excerpt(other, 60)
                    ),
                    "a notice published as a PDF or document cannot be imported; copy its text into a .txt file and import that",
                ))
            }
        };
        if let Some(charset) = content_type
            .split(';')
            .skip(1)
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("charset"))
            .map(|(_, v)| v.trim().trim_matches('"').to_ascii_lowercase())
        {
            if !matches!(charset.as_str(), "utf-8" | "utf8" | "us-ascii" | "ascii") {
                return Err(fail(
                    format!(
                        "the page is in {}, not UTF-8",
                        crate::text::excerpt(&charset, 30)
                    ),
                    "save the page from a browser, convert it with iconv to UTF-8 and import the file",
                ));
            }
        }
        let too_large = || {
            fail(
                format!("the page is over {MAX_INPUT_BYTES} bytes; larger notices are refused"),
                "is this the right address? A notice page is rarely over 1 MB",
            )
        };
        let declared = response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_INPUT_BYTES) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        response
            .body_mut()
            .with_config()
            .limit(MAX_INPUT_BYTES + 1)
            .reader()
            .take(MAX_INPUT_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| match e.downcast::<ureq::Error>() {
                Ok(ureq::Error::BodyExceedsLimit(_)) => too_large(),
                Ok(e) => describe(e, self.limits, fail),
                Err(e) => io_failure(&e, self.limits, fail),
            })?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large());
        }
        Ok(Fetched {
            url: url.to_string(),
            final_url,
            bytes,
            format,
        })
    }
}

fn describe(
    e: ureq::Error,
    limits: FetchLimits,
    fail: &dyn Fn(String, &'static str) -> FetchError,
) -> FetchError {
    match e {
        ureq::Error::HostNotFound => fail(
            "the host name was not found (DNS)".into(),
            "check the address for typos; the site may have moved",
        ),
        ureq::Error::Timeout(what) => fail(
            format!(
                "no answer in time ({what}; read timeout {} ms)",
                limits.read.as_millis()
            ),
            "the site may be slow or down: try again later",
        ),
        ureq::Error::TooManyRedirects => fail(
            format!("more than {MAX_REDIRECTS} redirects"),
            "open the address in a browser and import the page it ends at",
        ),
        ureq::Error::RedirectFailed => fail(
            "a redirect could not be followed".into(),
            "open the address in a browser and import the page it ends at",
        ),
        ureq::Error::BodyExceedsLimit(_) => fail(
            format!("the page is over {MAX_INPUT_BYTES} bytes; larger notices are refused"),
            "is this the right address? A notice page is rarely over 1 MB",
        ),
        ureq::Error::Io(io) => io_failure(&io, limits, fail),
        ureq::Error::Tls(what) => fail(
            format!("the secure connection failed ({what})"),
            "the site's certificate may be wrong or expired: open it in a browser to see",
        ),
        ureq::Error::ConnectionFailed => fail(
            "the connection failed".into(),
            "check the address; the site may be down",
        ),
        other => fail(
            format!(
                "the request failed ({})",
                crate::text::excerpt(&other.to_string(), 120)
            ),
            "open the address in a browser to see what it says",
        ),
    }
}

fn io_failure(
    io: &std::io::Error,
    limits: FetchLimits,
    fail: &dyn Fn(String, &'static str) -> FetchError,
) -> FetchError {
    use std::io::ErrorKind;
    let message = io.to_string();
    if message.contains("lookup address") || message.contains("Name or service not known") {
        return fail(
            "the host name was not found (DNS)".into(),
            "check the address for typos; the site may have moved",
        );
    }
    match io.kind() {
        ErrorKind::ConnectionRefused => fail(
            "the connection was refused".into(),
            "check the address and port; the site may be down",
        ),
        ErrorKind::TimedOut | ErrorKind::WouldBlock => fail(
            format!(
                "no answer in time (read timeout {} ms)",
                limits.read.as_millis()
            ),
            "the site may be slow or down: try again later",
        ),
        ErrorKind::ConnectionReset | ErrorKind::UnexpectedEof | ErrorKind::BrokenPipe => fail(
            "the server closed the connection before the page was sent".into(),
            "try again later",
        ),
        _ => fail(
            format!(
                "the connection failed ({})",
                crate::text::excerpt(&io.to_string(), 120)
            ),
            "check the address; the site may be down",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_schemes_without_a_request() {
        let mut f = Fetcher::new(FetchLimits::default());
        let e = f.fetch("ftp://example.org/x").unwrap_err();
        assert!(e.reason.contains("only http and https"), "{e}");
        let e = f.fetch("not a url").unwrap_err();
        assert!(e.reason.starts_with("not a web address"), "{e}");
    }

    #[test]
    fn user_agent_names_tool_and_version() {
        assert!(USER_AGENT.starts_with(&format!("notice-atlas/{}", env!("CARGO_PKG_VERSION"))));
    }
}
